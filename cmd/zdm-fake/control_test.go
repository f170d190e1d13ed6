package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// newTestFake serves a fake in process, for the control API's details;
// TestProcess covers the program as users run it.
func newTestFake(t *testing.T, scenarioDoc string) (*fake, *httptest.Server) {
	t.Helper()
	set := settings{dialect: "v1", requestLog: 1000, given: map[string]bool{}}
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
	return f, serveFake(t, f)
}

// serveFake serves f on a test server, closed with the test.
func serveFake(t *testing.T, f *fake) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(f)
	f.host = ts.URL
	t.Cleanup(func() {
		ts.Close()
		f.current().close()
	})
	return ts
}

// call sends a control or API request (a body as application/json) and
// returns the status and body.
func call(t *testing.T, ts *httptest.Server, method, path, body, token string) (int, string) {
	t.Helper()
	h := map[string]string{}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	if body != "" {
		h["Content-Type"] = "application/json"
	}
	return send(t, ts, method, path, body, h)
}

// send sends a request with exactly these headers and returns the status
// and body.
func send(t *testing.T, ts *httptest.Server, method, path, body string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
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
	f, ts := newTestFake(t, `{"jobs": [{"name": "a", "partitions": [{"partition": "/"}, {"partition": "/boot"}]}]}`)
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
		{"PUT", "/_fake/jobs/1", `{"name": "b", "partitions": [{"drive": "C:", "ramp": [50]}]}`, 400, `body:1:31: partitions[0].drive: \"C:\" is not a partition of source server \"web01\"`},
		{"GET", "/_fake/jobs/a", ``, 200, `"name": "a"`},
		{"PUT", "/_fake/jobs/1", `{"name": "b", "source": "win01", "target": "win01-dr", "partitions": [{"drive": "C:", "ramp": [50]}]}`, 200, `"name": "b"`},
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

// TestControl_RefusesWebPages: a web page open in the developer's browser
// cannot drive the control API: bodies must be JSON (a page cannot send
// that cross-origin without a preflight the fake never grants), and a
// request that says it comes from another origin is refused.
func TestControl_RefusesWebPages(t *testing.T) {
	_, ts := newTestFake(t, "")
	fault := `{"kind": "drop"}`
	own := strings.TrimPrefix(ts.URL, "http://")
	for _, tc := range []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		want                     string
	}{
		{"text/plain body", "POST", "/_fake/faults", fault, map[string]string{"Content-Type": "text/plain"}, 415, "send the body as application/json"},
		{"form body", "POST", "/_fake/faults", "kind=drop", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"body without a type", "POST", "/_fake/faults", fault, nil, 415, "application/json"},
		{"empty form post", "POST", "/_fake/tokens/revoke", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"foreign origin", "POST", "/_fake/faults", fault, map[string]string{"Content-Type": "application/json", "Origin": "http://evil.example"}, 403, "not this server's"},
		{"foreign origin reading", "GET", "/_fake/", "", map[string]string{"Origin": "http://localhost:3000"}, 403, "not this server's"},
		{"cross-site fetch", "POST", "/_fake/tokens/revoke", "", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "Sec-Fetch-Site"},
		{"same-site page on another port", "POST", "/_fake/tokens/revoke", "", map[string]string{"Sec-Fetch-Site": "same-site"}, 403, "Sec-Fetch-Site"},
		{"JSON from a program", "POST", "/_fake/faults", fault, map[string]string{"Content-Type": "application/json; charset=utf-8"}, 201, `"injected"`},
		{"its own page", "POST", "/_fake/faults", fault, map[string]string{"Content-Type": "application/json", "Origin": "http://" + own, "Sec-Fetch-Site": "same-origin"}, 201, `"injected"`},
		{"no body, no type", "POST", "/_fake/tokens/revoke", "", nil, 200, `"ok"`},
	} {
		st, body := send(t, ts, tc.method, tc.path, tc.body, tc.header)
		if st != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s\nwant %d and %q", tc.name, st, body, tc.status, tc.want)
		}
	}
	if n := len(pendingFaults(t, ts)); n != 2 {
		t.Errorf("%d faults pending, want the 2 injected by allowed requests only", n)
	}
}

// pendingFaults reads the pending faults.
func pendingFaults(t *testing.T, ts *httptest.Server) []map[string]any {
	t.Helper()
	_, body := call(t, ts, "GET", "/_fake/faults", "", "")
	var v struct {
		Faults []map[string]any `json:"faults"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v.Faults
}

// TestControl_PendingFaultsAreListedPerFault: with the scenario's own
// fault queued, injecting one of count 2 shows both, each with what it
// has left, and their sum.
func TestControl_PendingFaultsAreListedPerFault(t *testing.T) {
	_, ts := newTestFake(t, `{"faults": [{"kind": "status", "status": 503, "method": "GET", "path": "recoveries/histories"}]}`)
	st, body := call(t, ts, "POST", "/_fake/faults", `{"kind": "nginx502", "count": 2}`, "")
	var got struct {
		Pending  int              `json:"pending"`
		Faults   []map[string]any `json:"faults"`
		Injected []map[string]any `json:"injected"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || st != 201 {
		t.Fatalf("POST /_fake/faults: %d %v %s", st, err, body)
	}
	if got.Pending != 3 || len(got.Faults) != 2 || len(got.Injected) != 1 {
		t.Fatalf("pending %d, faults %v, injected %v: want 3, the scenario's and the new one, and the new one", got.Pending, got.Faults, got.Injected)
	}
	if got.Faults[0]["kind"] != "status" || got.Faults[0]["count"] != 1.0 || got.Faults[0]["path"] != "recoveries/histories" ||
		got.Faults[1]["kind"] != "nginx502" || got.Faults[1]["count"] != 2.0 {
		t.Errorf("faults %v: want the scenario's 503 (1 left) then the 502 (2 left)", got.Faults)
	}
}

// TestControl_JobHistoriesInCamelCase: a job's histories read like the
// rest of the control API: camelCase names, times in the server's zone.
func TestControl_JobHistoriesInCamelCase(t *testing.T) {
	_, ts := newTestFake(t, `{"clock": {"start": "2026-01-17T06:00:00Z", "frozen": true}, "jobs": [{"name": "a", "partitions": [{"partition": "/", "ramp": [50]}]}]}`)
	call(t, ts, "POST", "/_fake/jobs/a/complete", "", "")
	st, body := call(t, ts, "GET", "/_fake/jobs/a", "", "")
	if st != 200 {
		t.Fatalf("GET /_fake/jobs/a: %d %s", st, body)
	}
	var job struct {
		Histories []map[string]any `json:"histories"`
	}
	if err := json.Unmarshal([]byte(body), &job); err != nil || len(job.Histories) != 1 {
		t.Fatalf("%v: %s", err, body)
	}
	h := job.Histories[0]
	for _, k := range []string{"id", "jobId", "jobName", "source", "target", "recoverDrive", "result", "description", "start", "end"} {
		if _, ok := h[k]; !ok {
			t.Errorf("history lacks %q: %v", k, h)
		}
	}
	for k := range h {
		if k[0] >= 'A' && k[0] <= 'Z' {
			t.Errorf("history key %q is a Go field name", k)
		}
	}
	if h["end"] != "2026-01-17T15:00:00+09:00" {
		t.Errorf("end %v, want the server's zone, to the second: 2026-01-17T15:00:00+09:00", h["end"])
	}
}

// TestControl_HugeFaultIsCapped: a fault of 5 GB (which killed the
// fake on the next GET) is refused with the limit, and the fake serves
// on. (zdmtest streams the bodies of the faults it takes.)
func TestControl_HugeFaultIsCapped(t *testing.T) {
	f, ts := newTestFake(t, "")
	tok := f.current().token
	st, body := call(t, ts, "POST", "/_fake/faults", `{"kind": "huge", "size": 5000000000}`, "")
	if st != 400 || !strings.Contains(body, "body:1:18: size: huge body (5000000000 bytes): size is over the limit of 1073741824 bytes") {
		t.Errorf("POST a 5 GB fault: %d %s", st, body)
	}
	if st, _ := call(t, ts, "GET", "/api/recoveries", "", tok); st != 200 {
		t.Errorf("GET after the refused fault: %d", st)
	}
}

// TestControl_DeepNestingIsRefusedCheaply: 9,000 nested arrays (58 KB)
// in a job are refused at once, with little memory, and the fake serves
// on.
func TestControl_DeepNestingIsRefusedCheaply(t *testing.T) {
	f, ts := newTestFake(t, "")
	body := `{"name": "deep", "partitions": [{"partition": "/", "ramp": ` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}]}`
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	st, answer := call(t, ts, "POST", "/_fake/jobs", body, "")
	runtime.ReadMemStats(&after)
	if st != 400 || !strings.Contains(answer, "body:1:89: nested deeper than 32 levels") {
		t.Errorf("POST /_fake/jobs: %d %s", st, answer)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 16<<20 {
		t.Errorf("refusing it allocated %d MiB", allocated>>20)
	}
	if st, _ := call(t, ts, "GET", "/api/recoveries", "", f.current().token); st != 200 {
		t.Errorf("GET after the refused job: %d", st)
	}
}

// TestControl_ClockOutsideItsRangeIsRefused: a clock set or advanced past
// what it can show (its offset from the wall clock is a time.Duration,
// about 292 years, and answers write years up to 9999) is refused with a
// 400 naming the field and the range, and the clock stays where it was;
// before, a running clock landed silently centuries away (1734 for year
// 10000) and a frozen one broke every answer that writes a time as JSON.
func TestControl_ClockOutsideItsRangeIsRefused(t *testing.T) {
	_, ts := newTestFake(t, `{"clock": {"start": "2026-01-17T06:00:00Z"}}`)
	for _, tc := range []struct{ body, want string }{
		{`{"set": "9999-12-31T00:00:00Z", "advance": "1000h"}`, `body:1:2: set: 9999-12-31T00:00:00Z is outside the clock's range: want a time from 1970-01-01T00:00:00Z to before 2200-01-01T00:00:00Z`},
		{`{"set": "2199-12-31T00:00:00Z", "advance": "48h"}`, `body:1:33: advance: 2199-12-31T00:00:00Z moved by 48h0m0s is 2200-01-02T00:00:00Z, outside the clock's range: want a time from`},
		{`{"set": "0001-01-01T00:00:00Z"}`, `body:1:2: set: 0001-01-01T00:00:00Z is outside the clock's range`},
		{`{"advance": "2562047h"}`, `moved by 2562047h0m0s is 2318-`},
		{`{"freeze": true, "set": "2200-01-01T00:00:00Z"}`, `body:1:18: set: 2200-01-01T00:00:00Z is outside the clock's range`},
	} {
		st, body := call(t, ts, "POST", "/_fake/clock", tc.body, "")
		if st != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s\nwant 400 and %q", tc.body, st, body, tc.want)
		}
	}
	st, body := call(t, ts, "GET", "/_fake/clock", "", "")
	var c struct {
		Now    time.Time `json:"now"`
		Frozen bool      `json:"frozen"`
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil || st != http.StatusOK {
		t.Fatalf("GET clock: %d %s", st, body)
	}
	if start := time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC); c.Frozen || c.Now.Before(start) || c.Now.After(start.Add(time.Hour)) {
		t.Errorf("after refused changes the clock shows %v (frozen %v), want it running from %v", c.Now, c.Frozen, start)
	}
}

// TestControl_BodiesAreBoundedInSize: a control body over the cap is
// refused with 413 saying the cap, whatever the route; one just under it
// is read and judged as usual; the fake serves on.
func TestControl_BodiesAreBoundedInSize(t *testing.T) {
	_, ts := newTestFake(t, "")
	over := `{"lines": ["` + strings.Repeat("x", maxControlBody) + `"]}`
	under := `{"log": [` + strings.Repeat(`"x",`, (maxControlBody-100)/4) + `"x"], "name": "big", "partitions": [{"partition": "/"}]}`
	for _, tc := range []struct {
		path, body string
		status     int
		want       string
	}{
		{"/_fake/reset", over, http.StatusRequestEntityTooLarge, "body over 1048576 bytes"},
		{"/_fake/faults", over, http.StatusRequestEntityTooLarge, "body over 1048576 bytes"},
		{"/_fake/jobs", under, http.StatusCreated, `"name": "big"`},
	} {
		st, answer := call(t, ts, "POST", tc.path, tc.body, "")
		if st != tc.status || !strings.Contains(answer, tc.want) {
			t.Errorf("POST %s (%d bytes): %d %.200s\nwant %d and %q", tc.path, len(tc.body), st, answer, tc.status, tc.want)
		}
	}
	if st, _ := call(t, ts, "GET", "/_fake/health", "", ""); st != http.StatusOK {
		t.Errorf("health afterwards: %d", st)
	}
}
