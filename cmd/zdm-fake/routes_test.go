package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestRoutes_OneTableDrivesMuxIndexHelpAndREADME: every route of the
// table is served (no "no control route" answer), listed by GET /_fake/,
// described by -h and by the README.
func TestRoutes_OneTableDrivesMuxIndexHelpAndREADME(t *testing.T) {
	_, ts := newTestFake(t, `{"jobs": [{"name": "a", "partitions": [{"partition": "/"}]}]}`)
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, index := call(t, ts, "GET", "/_fake/", "", "")
	var listed struct {
		Routes []string `json:"routes"`
	}
	if err := json.Unmarshal([]byte(index), &listed); err != nil {
		t.Fatalf("%v: %s", err, index)
	}
	help := usageText()
	for i, rt := range controlRoutes() {
		path := strings.NewReplacer("{$}", "", "{job}", "a", "{action}", "advance").Replace(controlRoot + rt.path)
		st, body := call(t, ts, rt.method, path, "", "")
		if strings.Contains(body, "no control route") || st == http.StatusMethodNotAllowed {
			t.Errorf("%s %s is in the table but not served: %d %s", rt.method, path, st, body)
		}
		shown := rt.method + " " + rt.shownPath()
		if i >= len(listed.Routes) || listed.Routes[i] != shown {
			t.Errorf("GET /_fake/ does not list %q in its place: %v", shown, listed.Routes)
		}
		if !strings.Contains(help, "  "+rt.method+strings.Repeat(" ", 7-len(rt.method))+rt.shownPath()) {
			t.Errorf("-h does not describe %s", shown)
		}
		if !strings.Contains(string(readme), "`"+rt.method+" "+strings.TrimSuffix(rt.shownPath(), "?since=n")) {
			t.Errorf("README.md does not describe %s", shown)
		}
	}
	if len(listed.Routes) != len(controlRoutes()) {
		t.Errorf("GET /_fake/ lists %d routes, the table has %d", len(listed.Routes), len(controlRoutes()))
	}
}

// TestRoutes_Health answers 200 once serving.
func TestRoutes_Health(t *testing.T) {
	_, ts := newTestFake(t, "")
	st, body := call(t, ts, "GET", "/_fake/health", "", "")
	if st != 200 || !strings.Contains(body, `"status": "ok"`) || !strings.Contains(body, `"dialect": "v1"`) {
		t.Errorf("GET /_fake/health: %d %s", st, body)
	}
}

// TestSettings_FromTheEnvironment: every flag has an environment variable
// (for containers), which a flag on the command line overrides, and which
// overrides a scenario's setting as a flag does; -h names each.
func TestSettings_FromTheEnvironment(t *testing.T) {
	env := map[string]string{
		"ZDM_FAKE_ADDR": "0.0.0.0:9090", "ZDM_FAKE_DIALECT": "v3", "ZDM_FAKE_QUIET": "true",
		"ZDM_FAKE_REQUEST_LOG": "50", "ZDM_FAKE_GRACE": "3s", "ZDM_FAKE_PREFIX": "/zdm/api",
	}
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	set, code := parseFlags([]string{"-dialect", "seed"}, getenv, &strings.Builder{}, &strings.Builder{})
	if code >= 0 {
		t.Fatalf("exit %d", code)
	}
	if set.addr != "0.0.0.0:9090" || set.dialect != "seed" || !set.quiet || set.requestLog != 50 || set.grace.String() != "3s" || set.prefix != "/zdm/api" {
		t.Errorf("settings %+v: want the environment's, and the flag's dialect", set)
	}
	if !set.given["prefix"] || !set.given["dialect"] {
		t.Errorf("given %v: an environment variable counts as given (it wins over the scenario)", set.given)
	}
	env["ZDM_FAKE_GRACE"] = "soon"
	var stderr strings.Builder
	if _, code := parseFlags(nil, getenv, &strings.Builder{}, &stderr); code != exitUsage || !strings.Contains(stderr.String(), `ZDM_FAKE_GRACE="soon"`) {
		t.Errorf("a bad variable: exit %d, %q", code, stderr.String())
	}
	help := usageText()
	for _, st := range settingsTable {
		if !strings.Contains(help, "(environment: "+st.env()+")") {
			t.Errorf("-h does not name %s", st.env())
		}
	}
}

// TestRequests_LogIsABoundedRing: with -request-log n the log keeps the
// last n requests; numbering and the total count every request.
func TestRequests_LogIsABoundedRing(t *testing.T) {
	set := settings{dialect: "v1", requestLog: 3, given: map[string]bool{}}
	f, err := setUp(set)
	if err != nil {
		t.Fatal(err)
	}
	ts := serveFake(t, f)
	for range 5 {
		call(t, ts, "GET", "/api/recoveries", "", f.current().token)
	}
	_, body := call(t, ts, "GET", "/_fake/requests?since=3", "", "")
	var log struct {
		Total    int           `json:"total"`
		Kept     int           `json:"kept"`
		Requests []requestView `json:"requests"`
	}
	if err := json.Unmarshal([]byte(body), &log); err != nil {
		t.Fatal(err)
	}
	if log.Total != 5 || log.Kept != 3 || len(log.Requests) != 2 || log.Requests[0].Seq != 3 || log.Requests[1].Seq != 4 {
		t.Errorf("GET /_fake/requests?since=3: %s", body)
	}
}
