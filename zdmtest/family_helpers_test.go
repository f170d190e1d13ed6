package zdmtest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// dialects are the three server generations.
var dialects = []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3}

// call sends method path (relative to the API root) with a valid token and
// body encoded as JSON (nil for none); it returns the status and the
// decoded envelope.
func call(t *testing.T, srv *zdmtest.Server, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var b string
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		b = string(raw)
	}
	status, _, out := rawDo(t, srv, method, path, "Bearer "+srv.Token(), b)
	return status, decode(t, out)
}

// get is call with GET and no body.
func get(t *testing.T, srv *zdmtest.Server, path string) (int, map[string]any) {
	t.Helper()
	return call(t, srv, http.MethodGet, path, nil)
}

// regBody is a registration body in the shape the dialect takes, for
// servers and a repository of the default world (zdm-a's web01 onto
// web01-dr, repository 9).
func regBody(d zdmtest.Dialect, name string, jobList ...map[string]any) map[string]any {
	b := map[string]any{
		"center": "zdm-a", "source": "web01", "target": "web01-dr", "platform": "openstack", "mode": "full",
		"repository": map[string]any{"id": 9, "type": "nfs", "path": "/backup"},
	}
	if d == zdmtest.DialectDraft {
		b["repository"] = map[string]any{"type": "nfs", "path": "/backup"}
	}
	if name != "" {
		b["jobName"] = name
	}
	if len(jobList) > 0 {
		b["jobList"] = jobList
	}
	return b
}

// addImages adds the backup images the tests name to the default
// world's backup jobs of web01: web_ROOT_0001.ZIA ("/") and
// web_BOOT_0001.ZIA ("/boot").
func addImages(t *testing.T, srv *zdmtest.Server) {
	t.Helper()
	srv.AddImage(zdmtest.ImageSpec{Job: "web01_ROOT", Center: "zdm-a", Name: "web_ROOT_0001.ZIA"})
	srv.AddImage(zdmtest.ImageSpec{Job: "web01_boot", Center: "zdm-a", Name: "web_BOOT_0001.ZIA"})
	require.NoError(t, srv.Err())
}

// inZdmB moves a registration body to zdm-b's servers and repository
// (erp01 onto erp01-dr, repository 11).
func inZdmB(d zdmtest.Dialect, b map[string]any) map[string]any {
	b["center"], b["source"], b["target"] = "zdm-b", "erp01", "erp01-dr"
	b["repository"] = map[string]any{"id": 11, "type": "nfs", "path": "/export/zdm"}
	if d == zdmtest.DialectDraft {
		b["repository"] = map[string]any{"type": "nfs", "path": "/export/zdm"}
	}
	return b
}

// register creates a job over HTTP and fails the test unless it is 201.
func register(t *testing.T, srv *zdmtest.Server, body map[string]any) map[string]any {
	t.Helper()
	status, env := call(t, srv, http.MethodPost, "/recoveries", body)
	require.Equal(t, http.StatusCreated, status, "%v", env)
	return env
}

// put sends an update and returns the status and envelope.
func put(t *testing.T, srv *zdmtest.Server, id string, body map[string]any) (int, map[string]any) {
	t.Helper()
	if _, ok := body["center"]; !ok {
		body["center"] = "zdm-a"
	}
	return call(t, srv, http.MethodPut, "/recoveries/"+id, body)
}

// monitorStatus polls the job's monitoring route once and returns the
// job-level status (v3) or the first row's status (older).
func monitorStatus(t *testing.T, srv *zdmtest.Server, id string) string {
	t.Helper()
	status, env := get(t, srv, "/recoveries/monitoring/job/"+id)
	require.Equal(t, http.StatusOK, status, "%v", env)
	if srv.Dialect() == zdmtest.DialectV3 {
		return at(env, "data", "job", "progress", "status").(string)
	}
	return at(env, "data", "job", "details", 0, "progressInfo", "status").(string)
}

// errorCode is the error's code (object form) or its text (string form).
func errorCode(env map[string]any) string {
	switch e := env["error"].(type) {
	case string:
		return e
	case map[string]any:
		s, _ := e["code"].(string)
		return s
	}
	return ""
}
