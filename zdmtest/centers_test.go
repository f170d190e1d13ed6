package zdmtest_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// twoCenters registers "nightly" over HTTP in zdm-a, then in zdm-b (each
// with the center's servers), and returns the two jobs in that order.
func twoCenters(t *testing.T, srv *zdmtest.Server) (a, b *zdmtest.Job) {
	t.Helper()
	register(t, srv, regBody(srv.Dialect(), "nightly"))
	register(t, srv, inZdmB(srv.Dialect(), regBody(srv.Dialect(), "nightly")))
	a, b = srv.JobIn("zdm-a", "nightly"), srv.JobIn("zdm-b", "nightly")
	require.NotNil(t, a)
	require.NotNil(t, b)
	require.NotSame(t, a, b)
	return a, b
}

// command is the start body in the dialect's key.
func command(d zdmtest.Dialect, cmd string) map[string]any {
	if d == zdmtest.DialectDraft {
		return map[string]any{"state": cmd}
	}
	return map[string]any{"status": cmd}
}

func TestSameNameInTwoCenters(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			a, b := twoCenters(t, srv)
			assert.Equal(t, "zdm-a", a.Center())
			assert.Equal(t, "zdm-b", b.Center())
			assert.Equal(t, "nightly", a.Name())
			assert.Equal(t, "nightly", b.Name())
			assert.Len(t, srv.Jobs(), 2)
			assert.Same(t, a, srv.JobIn("1", "nightly"), "a center by ID")
			assert.Same(t, b, srv.JobIn("2", "nightly"))
			assert.Same(t, a, srv.JobIn("zdm-a", strconv.Itoa(a.ID())), "an ID within its center")
			assert.Nil(t, srv.JobIn("zdm-b", strconv.Itoa(a.ID())), "an ID of another center")
			assert.Nil(t, srv.JobIn("zdm-c", "nightly"))
			assert.Same(t, b, srv.Job("nightly"), "no center: the most recently registered")

			// Both listed; auto names are suffixed per center only.
			_, env := get(t, srv, "/recoveries?jobName=nightly")
			assert.Len(t, env["data"], 2)
			env = register(t, srv, regBody(d, ""))
			assert.Equal(t, "web01_ROOT", at(env, "data", "common", "jobName"))
			env = register(t, srv, inZdmB(d, regBody(d, "")))
			assert.Equal(t, "erp01_ROOT", at(env, "data", "common", "jobName"))
			// The same server name in both centers: auto names are
			// suffixed per center only.
			srv.AddServer(zdmtest.ServerSpec{Name: "web01", Center: "zdm-b", Partitions: []zdmtest.Volume{{Letter: "/"}}})
			srv.AddBackupJob(zdmtest.BackupJobSpec{Server: "web01", Center: "zdm-b", Idle: true})
			srv.AddImage(zdmtest.ImageSpec{Job: "web01_ROOT", Center: "zdm-b"})
			body := inZdmB(d, regBody(d, ""))
			body["source"] = "web01"
			env = register(t, srv, body)
			assert.Equal(t, "web01_ROOT", at(env, "data", "common", "jobName"), "zdm-b's own web01")
			require.NoError(t, srv.Err())

			// AddRecoveryJob follows the same rule.
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Center: "zdm-c"})
			assert.NoError(t, srv.Err())
			assert.Len(t, srv.Jobs(), 6)
		})
	}
}

func TestDuplicateNameInOneCenter(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			a, b := twoCenters(t, srv)

			status, env := call(t, srv, http.MethodPost, "/recoveries", regBody(d, "nightly")) // zdm-a again
			assert.Equal(t, http.StatusConflict, status, "%v", env)
			if d == zdmtest.DialectV3 {
				assert.Equal(t, "JOB-ERROR-07", errorCode(env))
			}
			assert.Len(t, srv.Jobs(), 2)

			// A rename onto a name the center holds is refused; one onto a
			// name only another center holds is not.
			register(t, srv, inZdmB(d, regBody(d, "weekly")))
			status, env = put(t, srv, "nightly", map[string]any{"center": "zdm-b", "changeName": "weekly"})
			assert.Equal(t, http.StatusConflict, status, "%v", env)
			assert.Equal(t, "nightly", b.Name())
			status, env = put(t, srv, "nightly", map[string]any{"center": "zdm-a", "changeName": "weekly"})
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Equal(t, strconv.Itoa(a.ID()), at(env, "data", "jobInfo", "id"))
			assert.Equal(t, "weekly", a.Name())
			assert.Same(t, a, srv.JobIn("zdm-a", "weekly"))
			assert.Same(t, b, srv.JobIn("zdm-b", "nightly"))
			assert.Same(t, b, srv.Job("nightly"), "the only one left of that name")

			// AddRecoveryJob: a duplicate within a center is misuse, and a
			// job of no center takes its name in every center.
			misuse, err := zdmtest.Start(zdmtest.WithDialect(d))
			require.NoError(t, err)
			defer misuse.Close()
			misuse.AddRecoveryJob(zdmtest.JobSpec{Name: "x", Center: "zdm-a"})
			misuse.AddRecoveryJob(zdmtest.JobSpec{Name: "x", Center: "zdm-a"})
			misuse.AddRecoveryJob(zdmtest.JobSpec{Name: "x"})
			misuse.AddRecoveryJob(zdmtest.JobSpec{Name: "y"})
			misuse.AddRecoveryJob(zdmtest.JobSpec{Name: "y", Center: "zdm-b"})
			require.Error(t, misuse.Err())
			assert.Contains(t, misuse.Err().Error(), `name "x" is taken in center "zdm-a"`)
			assert.Contains(t, misuse.Err().Error(), `name "x" is taken`+"\n")
			assert.Contains(t, misuse.Err().Error(), `name "y" is taken in center "zdm-b"`)
		})
	}
}

func TestCenterReachesTheRightJob(t *testing.T) {
	tests := []struct {
		name string
		do   func(t *testing.T, srv *zdmtest.Server, center string) (int, map[string]any)
		// check is given the job the center names and the other one.
		check func(t *testing.T, env map[string]any, want, other *zdmtest.Job)
	}{
		{"get", func(t *testing.T, srv *zdmtest.Server, center string) (int, map[string]any) {
			return get(t, srv, "/recoveries/nightly?center="+center)
		}, func(t *testing.T, env map[string]any, want, _ *zdmtest.Job) {
			assert.Equal(t, strconv.Itoa(want.ID()), at(env, "data", "job", "info", "id"))
		}},
		{"monitor", func(t *testing.T, srv *zdmtest.Server, center string) (int, map[string]any) {
			return get(t, srv, "/recoveries/monitoring/job/nightly?center="+center)
		}, func(t *testing.T, _ map[string]any, want, other *zdmtest.Job) {
			assert.Equal(t, 1, want.Polls())
			assert.Equal(t, 0, other.Polls())
		}},
		{"update", func(t *testing.T, srv *zdmtest.Server, center string) (int, map[string]any) {
			return put(t, srv, "nightly", map[string]any{"center": center, "changeName": "renamed"})
		}, func(t *testing.T, env map[string]any, want, other *zdmtest.Job) {
			assert.Equal(t, strconv.Itoa(want.ID()), at(env, "data", "jobInfo", "id"))
			assert.Equal(t, "renamed", want.Name())
			assert.Equal(t, "nightly", other.Name())
		}},
		{"start", func(t *testing.T, srv *zdmtest.Server, center string) (int, map[string]any) {
			body := command(srv.Dialect(), "start")
			body["center"] = center
			return put(t, srv, "nightly", body)
		}, func(t *testing.T, env map[string]any, want, other *zdmtest.Job) {
			assert.Equal(t, strconv.Itoa(want.ID()), at(env, "data", "jobInfo", "id"))
			assert.Equal(t, 1, want.Runs())
			assert.Equal(t, 0, other.Runs())
		}},
		{"delete", func(t *testing.T, srv *zdmtest.Server, center string) (int, map[string]any) {
			return call(t, srv, http.MethodDelete, "/recoveries/nightly?center="+center, nil)
		}, func(t *testing.T, env map[string]any, _, _ *zdmtest.Job) {
			assert.Equal(t, "nightly", at(env, "data", "jobInfo", 0, "name"))
			// Which job went is checked below, with the server at hand.
		}},
	}
	for _, d := range dialects {
		for _, tt := range tests {
			for _, center := range []string{"zdm-a", "zdm-b", "1", "2"} {
				t.Run(d.String()+"/"+tt.name+"/"+center, func(t *testing.T) {
					t.Parallel()
					srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
					a, b := twoCenters(t, srv)
					want, other := a, b
					if center == "zdm-b" || center == "2" {
						want, other = b, a
					}
					status, env := tt.do(t, srv, center)
					require.Equal(t, http.StatusOK, status, "%v", env)
					tt.check(t, env, want, other)
					if tt.name == "delete" {
						assert.Nil(t, srv.Job(strconv.Itoa(want.ID())), "the center's job is gone")
						assert.Same(t, other, srv.Job(strconv.Itoa(other.ID())), "the other center's stays")
						assert.Same(t, other, srv.Job("nightly"))
					}
				})
			}
		}
	}
}

func TestAmbiguousNameWithoutCenter(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		method  string
		path    string
		body    map[string]any
		status  int
		code    string // v3 error code
		reached bool   // the most recently registered job (zdm-b's) was acted on
	}{
		{"seed get", zdmtest.DialectDraft, http.MethodGet, "/recoveries/nightly", nil, 200, "", true},
		{"v1 get", zdmtest.DialectV1, http.MethodGet, "/recoveries/nightly", nil, 200, "", true},
		{"v3 get", zdmtest.DialectV3, http.MethodGet, "/recoveries/nightly", nil, 200, "", true},
		{"seed monitor", zdmtest.DialectDraft, http.MethodGet, "/recoveries/monitoring/job/nightly", nil, 200, "", true},
		{"v1 monitor", zdmtest.DialectV1, http.MethodGet, "/recoveries/monitoring/job/nightly", nil, 200, "", true},
		{"v3 monitor", zdmtest.DialectV3, http.MethodGet, "/recoveries/monitoring/job/nightly", nil, 200, "", true},
		{"seed update", zdmtest.DialectDraft, http.MethodPut, "/recoveries/nightly", map[string]any{"changeName": "renamed"}, 200, "", true},
		{"v1 update", zdmtest.DialectV1, http.MethodPut, "/recoveries/nightly", map[string]any{"changeName": "renamed"}, 200, "", true},
		{"v3 update: center required", zdmtest.DialectV3, http.MethodPut, "/recoveries/nightly", map[string]any{"changeName": "renamed"}, 422, "DTO-VALIDATION-01", false},
		{"seed delete", zdmtest.DialectDraft, http.MethodDelete, "/recoveries/nightly", nil, 200, "", true},
		{"v1 delete", zdmtest.DialectV1, http.MethodDelete, "/recoveries/nightly", nil, 200, "", true},
		{"v3 delete: center required", zdmtest.DialectV3, http.MethodDelete, "/recoveries/nightly", nil, 400, "CENTER-ERROR-02", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			a, b := twoCenters(t, srv)
			assert.Same(t, b, srv.Job("nightly"))
			status, env := call(t, srv, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, status, "%v", env)
			if tt.code != "" {
				assert.Equal(t, tt.code, errorCode(env))
			}
			// What each request leaves behind on the job it reached.
			touched := func(j *zdmtest.Job) bool {
				switch tt.method {
				case http.MethodGet:
					if tt.path == "/recoveries/nightly" {
						return at(env, "data", "job", "info", "id") == strconv.Itoa(j.ID())
					}
					return j.Polls() == 1
				case http.MethodPut:
					return j.Name() == "renamed"
				default:
					return srv.Job(strconv.Itoa(j.ID())) == nil
				}
			}
			assert.False(t, touched(a), "the older job is never reached")
			assert.Equal(t, tt.reached, touched(b))
		})
	}
}

func TestCenterOfAnotherJobByID(t *testing.T) {
	// Lookups by ID are as before: the center checks, it does not choose.
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			a, _ := twoCenters(t, srv)
			id := strconv.Itoa(a.ID())
			status, _ := get(t, srv, "/recoveries/"+id+"?center=zdm-a")
			assert.Equal(t, http.StatusOK, status)
			status, _ = get(t, srv, "/recoveries/"+id+"?center=zdm-b")
			assert.Equal(t, http.StatusNotFound, status)
			status, _ = get(t, srv, "/recoveries/nightly?center=zdm-c")
			assert.Equal(t, http.StatusNotFound, status, "a name no job of that center holds")
		})
	}
}
