package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// newTestFake serves a fake in process, for the control API's details;
// TestProcess covers the program as users run it.
func newTestFake(t *testing.T, scenarioDoc string) (*fake, *httptest.Server) {
	t.Helper()
	set := settings{dialect: "v1", given: map[string]bool{}}
	if scenarioDoc != "" {
		set.scenario = t.TempDir() + "/s.json"
		if err := writeFile(set.scenario, scenarioDoc); err != nil {
			t.Fatal(err)
		}
	}
	f, err := setUp(set)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(f)
	f.host = ts.URL
	t.Cleanup(func() {
		ts.Close()
		f.current().close()
	})
	return f, ts
}

// call sends a control or API request and returns the status and body.
func call(t *testing.T, ts *httptest.Server, method, path, body, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestControl_Jobs(t *testing.T) {
	f, ts := newTestFake(t, `{"jobs": [{"name": "a", "partitions": [{"partition": "/"}, {"partition": "/home"}]}]}`)
	tok := f.current().token
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "/_fake/jobs/a/set", `{"partition": 1, "step": {"phase": "running", "percent": 70}}`, 200, `"status": "running"`},
		{"POST", "/_fake/jobs/a/set", `{"partition": 5, "step": {"phase": "running"}}`, 400, "the job has 2 partitions"},
		{"POST", "/_fake/jobs/a/set", `{"step": {"phase": "running"}}`, 400, "partition: missing"},
		{"POST", "/_fake/jobs/a/log", `{"lines": ["hello"]}`, 200, `"hello"`},
		{"POST", "/_fake/jobs/a/complete", ``, 200, `"status": "completed"`},
		{"POST", "/_fake/jobs/a/plan", `{"steps": [{"phase": "running", "percent": 5}]}`, 200, `"name": "a"`},
		{"POST", "/_fake/jobs/a/start", ``, 200, `"runs": 2`},
		{"POST", "/_fake/jobs/a/stop", ``, 200, `"status": "canceling"`},
		{"POST", "/_fake/jobs/a/dance", ``, 404, "no job action"},
		{"POST", "/_fake/jobs/a/fail", `{"mesage": "x"}`, 400, "body:1:2: mesage: unknown field"},
		{"PUT", "/_fake/jobs/1", `{"name": "b", "partitions": [{"drive": "C:", "ramp": [50]}]}`, 200, `"name": "b"`},
		{"GET", "/_fake/jobs/a", ``, 404, "no job"},
		{"PUT", "/_fake/jobs/b", `{"id": 7}`, 400, "not the replaced job's 1"},
		{"DELETE", "/_fake/jobs/b", ``, 200, `"id": 1`},
		{"GET", "/_fake/jobs", ``, 200, `[]`},
	} {
		st, body := call(t, ts, tc.method, tc.path, tc.body, "")
		if st != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s %s: %d %s\nwant %d and %q", tc.method, tc.path, tc.body, st, body, tc.status, tc.want)
		}
	}
	if st, _ := call(t, ts, "GET", "/api/recoveries/monitoring/job/b", "", tok); st != http.StatusNotFound {
		t.Errorf("monitoring a removed job: %d", st)
	}
}

func TestControl_FaultsClockTokensLog(t *testing.T) {
	f, ts := newTestFake(t, "")
	tok := f.current().token
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "/_fake/faults", `[{"kind": "nginx502"}, {"kind": "status", "status": 99}]`, 400, "body:1:43: [1].status: 99 is outside 200..599"},
		{"POST", "/_fake/faults", `[{"kind": "nginx502", "count": 2}, {"kind": "truncated"}]`, 201, `"pending": 3`},
		{"GET", "/_fake/faults", ``, 200, `"pending": 3`},
		{"POST", "/_fake/clock", `{"set": "2026-01-17T06:00:00Z", "freeze": true}`, 200, `"now": "2026-01-17T15:00:00+09:00"`},
		{"POST", "/_fake/clock", `{"advance": "90s"}`, 200, `"now": "2026-01-17T15:01:30+09:00"`},
		{"POST", "/_fake/clock", `{"advance": "soon"}`, 400, "advance"},
		{"POST", "/_fake/clock", ``, 400, "want a JSON document"},
		{"POST", "/_fake/users", `{"email": "u@example.com", "password": "pw"}`, 201, "u@example.com"},
		{"POST", "/_fake/users", `{"email": "u@example.com"}`, 400, "password: empty"},
		{"POST", "/_fake/tokens/forget", ``, 404, "no control route"},
		{"GET", "/_fake/requests?since=x", ``, 400, "since"},
		{"POST", "/_fake/reset", `{"dialect": "v3"}`, 400, "restart zdm-fake"},
		{"POST", "/_fake/reset", `{"jobs": [{"partitions": [{"partition": "/", "steps": [{"phase": "x"}]}]}]}`, 400, "body:1:"},
	} {
		st, body := call(t, ts, tc.method, tc.path, tc.body, "")
		if st != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s %s: %d %s\nwant %d and %q", tc.method, tc.path, tc.body, st, body, tc.status, tc.want)
		}
	}
	for _, want := range []int{502, 502, 200} {
		if st, _ := call(t, ts, "GET", "/api/recoveries", "", tok); st != want {
			t.Errorf("GET recoveries: %d, want %d", st, want)
		}
	}
	st, body := call(t, ts, "GET", "/_fake/requests?since=1", "", "")
	var log struct {
		Total    int           `json:"total"`
		Requests []requestView `json:"requests"`
	}
	if err := json.Unmarshal([]byte(body), &log); err != nil || st != 200 || log.Total != 3 || len(log.Requests) != 2 || log.Requests[0].Seq != 1 || log.Requests[0].Fault != "nginx 502" {
		t.Errorf("GET /_fake/requests?since=1: %d %v %+v", st, err, log)
	}
	call(t, ts, "POST", "/_fake/tokens/revoke", "", "")
	if st, _ := call(t, ts, "GET", "/api/recoveries", "", tok); st != http.StatusUnauthorized {
		t.Errorf("after revoke: %d", st)
	}
	// A reset with a scenario in the body replaces the stored one.
	st, body = call(t, ts, "POST", "/_fake/reset", `{"jobs": [{"name": "fresh"}]}`, "")
	if st != 200 || !strings.Contains(body, `"token"`) {
		t.Fatalf("reset: %d %s", st, body)
	}
	call(t, ts, "POST", "/_fake/reset", "", "")
	if jobs := f.current().srv.Jobs(); len(jobs) != 1 || jobs[0].Name() != "fresh" {
		t.Errorf("a second reset forgot the body's scenario: %d jobs", len(jobs))
	}
}
