package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zdmkit/go-zdm"
)

// Fuzzing. The seeds of every Fuzz target run as plain tests with go
// test. To fuzz one, on a machine shared with others:
//
//	go test -run '^$' -fuzz '^FuzzControlAPI$' -fuzztime 3m -fuzzminimizetime 200x -parallel 1 ./cmd/zdm-fake
//
// -fuzzminimizetime bounds the shrinking of each new input: coverage here
// is not quite deterministic (real clocks, random request IDs), so
// shrinking an input runs to its one-minute default and eats the run.
// A crasher lands in testdata/fuzz/<Target>/: commit it with the fix.

// fuzzHangGuard bounds, on the real clock, what takes milliseconds: only
// a hang reaches it.
const fuzzHangGuard = 20 * time.Second

// testdataDocs are the example scenarios, valid and invalid.
func testdataDocs(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, pattern := range []string{"testdata/*.json", "testdata/invalid/*.json"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no example scenarios")
	}
	return out
}

// guarded runs fn, failing the test when it panics or runs far longer
// than the milliseconds it takes.
func guarded(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		fn()
	}()
	select {
	case v := <-done:
		if v != nil {
			t.Fatalf("%s panicked: %v", what, v)
		}
	case <-time.After(fuzzHangGuard):
		t.Fatalf("%s still runs after %v", what, fuzzHangGuard)
	}
}

// FuzzScenarioFile reads any bytes as a -scenario file: each either
// starts a server or is refused with an error whose every line is placed
// in the file ("s.json:line:col: field: problem") at a line and column
// the file has, and says something. Nothing panics or hangs.
func FuzzScenarioFile(f *testing.F) {
	for _, b := range testdataDocs(f) {
		f.Add(b)
	}
	for _, s := range []string{
		``, ` `, `null`, `[]`, `"x"`, `{}`, `{"jobs": []} {}`, `{"jobs": [{"name": "a"`,
		`{"dialect": "v3", "prefix": "/zdm/api", "timeZone": "Asia/Seoul", "tokenLifetime": "2h", "clock": {"start": "2026-01-17T06:00:00Z", "frozen": true}}`,
		`{"prefix": "/_fake/x"}`, `{"timeZone": "+25:00"}`, `{"clock": {"start": "2026-01-17T06:00:00+09:00"}}`,
		`{"servers": [{"name": "a", "partitions": [{"letter": "/", "size": "1.5 TiB", "used": 1024}]}]}`,
		`{"faults": [{"kind": "huge", "size": 1048576}, {"kind": "deepNesting", "size": 100}, {"kind": "canned", "status": 200, "body": "{}", "contentType": "text/plain"}]}`,
		`{"jobs": [{"partitions": [{"partition": "/", "simulation": {"copy": "1m", "failAt": 50, "cancelAt": 10, "canceling": "x"}}]}]}`,
		`{"schedules": [{"type": "Every Minute", "interval": {"minute": "5"}}, {"type": 7, "advanced": true, "time": "01:00"}]}`,
		"{\"jobs\": [{\"name\": \"\xff\xfe\"}]}", "{\n\t\"jobs\": [\r\n{\"log\": [1]}]}",
		strings.Repeat("[", maxDepth+1), `{"a":` + strings.Repeat(`{"b":`, maxDepth) + `1` + strings.Repeat(`}`, maxDepth+1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if data == nil {
			data = []byte{}
		}
		var fk *fake
		var err error
		guarded(t, "setUp", func() {
			fk, err = setUpFrom(settings{dialect: "v1", requestLog: 100, given: map[string]bool{}}, document{name: "s.json", data: data})
		})
		if err == nil {
			fk.current().close()
			return
		}
		if len(bytes.TrimSpace(data)) == 0 {
			if want := "s.json: empty document: want a JSON object"; err.Error() != want {
				t.Fatalf("empty document: %q, want %q", err, want)
			}
			return
		}
		checkPlaced(t, "s.json", data, err.Error(), true)
	})
}

// placedLine is one line of an error placed in a document: name, line,
// column, then what is wrong.
var placedLine = regexp.MustCompile(`^([^:\n]+):(\d+):(\d+): (.*)$`)

// checkPlaced holds the lines of msg, an error about data (named name),
// to their promise: each printable as it is (see zdm.Printable), placed
// at a line and column data has (the column just past a line's end for
// its end), saying what is wrong. With
// all, every line must be placed (or be the "... and n more" of a long
// list).
func checkPlaced(t *testing.T, name string, data []byte, msg string, all bool) {
	t.Helper()
	lines := bytes.Split(data, []byte("\n"))
	for _, l := range strings.Split(msg, "\n") {
		if p := zdm.Printable(l); p != l {
			t.Fatalf("error line %q holds what a terminal would act on: print it as %q", l, p)
		}
		m := placedLine.FindStringSubmatch(l)
		if m == nil || m[1] != name {
			if all && !strings.HasPrefix(l, "... and ") {
				t.Fatalf("error line not placed in the document: %q\nwhole error:\n%s", l, msg)
			}
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1])+1 {
			t.Fatalf("%q: %d:%d is outside the document (%d lines; that line %d bytes)", l, line, col, len(lines), len(lines[min(max(line, 1), len(lines))-1]))
		}
		if ln := lines[line-1]; col <= len(ln) && strings.IndexByte(" \t\r\n,:", ln[col-1]) >= 0 {
			t.Fatalf("%q points at %q between tokens, not at what is wrong:\n%s", l, ln[col-1], data)
		}
		if strings.TrimSpace(m[4]) == "" {
			t.Fatalf("%q says nothing about what is wrong", l)
		}
	}
}

// controlSeeds are control requests as its users send them: method,
// path under /_fake/, body.
func controlSeeds(tb testing.TB) [][3]string {
	out := [][3]string{
		{"GET", "", ""}, {"GET", "health", ""}, {"GET", "jobs", ""}, {"GET", "jobs/1", ""}, {"GET", "jobs/daily-recovery", ""},
		{"GET", "backups", ""}, {"GET", "backups/db01_data_hourly", ""}, {"GET", "faults", ""}, {"GET", "clock", ""},
		{"GET", "requests?since=0", ""}, {"GET", "requests?since=x", ""}, {"DELETE", "requests", ""}, {"POST", "reset", ""},
		{"POST", "reset", `{"dialect": "v3"}`}, {"POST", "reset", `{"clock": {"start": "2026-01-17T06:00:00Z", "frozen": true}, "tokenLifetime": "2h"}`},
		{"POST", "reset", `{"jobs": [{"partitions": [{"partition": "/", "steps": [{"phase": "x"}]}]}]}`},
		{"POST", "jobs", `{"name": "a", "partitions": [{"partition": "/"}, {"partition": "/boot"}]}`},
		{"POST", "jobs", `{"id": 7, "name": "b", "source": "win01", "target": "win01-dr", "partitions": [{"drive": "C:", "ramp": [50]}]}`},
		{"PUT", "jobs/1", `{"name": "b", "source": "win01", "target": "win01-dr", "partitions": [{"drive": "C:", "ramp": [50]}]}`},
		{"PUT", "jobs/daily-recovery", `{"id": 7}`}, {"DELETE", "jobs/2", ""},
		{"POST", "jobs/1/set", `{"partition": 1, "step": {"phase": "running", "percent": 70}}`},
		{"POST", "jobs/1/set", `{"partition": 5, "step": {"phase": "running"}}`},
		{"POST", "jobs/1/log", `{"lines": ["hello"]}`}, {"POST", "jobs/1/complete", ""}, {"POST", "jobs/3/start", ""},
		{"POST", "jobs/2/plan", `{"steps": [{"phase": "running", "percent": 5}]}`}, {"POST", "jobs/1/stop", ""},
		{"POST", "jobs/2/advance", ""}, {"POST", "jobs/2/cancel", ""}, {"POST", "jobs/1/fail", `{"message": "disk full"}`},
		{"POST", "jobs/1/dance", ""}, {"GET", "jobs%1b[2J/x/y", ""}, {"PATCH", "clock%0a", ""}, {"POST", "jobs/1/fail", `{"mesage": "x"}`},
		{"POST", "backups", `{"server": "web01", "partition": "/boot", "name": "boot2", "idle": true, "steps": [{"phase": "running", "percent": 30}]}`},
		{"POST", "backups/1/start", ""}, {"POST", "backups/web01_ROOT/complete", ""},
		{"POST", "backups/db01_data_hourly/set", `{"partition": 0, "step": {"phase": "failed", "percent": 10, "message": "x"}}`},
		{"POST", "faults", `{"kind": "status", "status": 503, "count": 2, "retryAfter": "1s", "method": "GET", "path": "recoveries"}`},
		{"POST", "faults", `[{"kind": "nginx502", "count": 2}, {"kind": "truncated"}, {"kind": "delay", "delay": "1h"}]`},
		{"POST", "faults", `[{"kind": "nginx502"}, {"kind": "status", "status": 99}]`},
		{"POST", "clock", `{"advance": "90s"}`}, {"POST", "clock", `{"advance": "soon"}`},
		{"POST", "clock", `{"set": "2026-01-17T06:00:00Z", "freeze": true}`}, {"POST", "clock", `{"freeze": false, "advance": "-1h"}`},
		{"POST", "clock", `{"set": "9999-12-31T00:00:00Z", "advance": "1000h"}`},
		{"POST", "tokens", ""}, {"POST", "tokens/expire", ""}, {"POST", "tokens/revoke", ""},
		{"POST", "users", `{"email": "u@example.com", "password": "pw"}`}, {"POST", "users", `{"email": "u@example.com"}`},
	}
	for _, b := range testdataDocs(tb) {
		out = append(out, [3]string{"POST", "reset", string(b)}, [3]string{"POST", "jobs", string(b)})
	}
	return out
}

// FuzzControlAPI sends any method, path and JSON body to the control API
// of a zdm-fake holding the demo scenario: every answer is JSON with a
// status below 500, {"error": what is wrong} on 4xx with the places it
// names inside the body; no handler panics (net/http would hide it) and
// nothing hangs; the clock shows what was set; and afterwards the
// control API and the API still answer, as the SDK decodes them.
func FuzzControlAPI(f *testing.F) {
	for _, s := range controlSeeds(f) {
		f.Add(s[0], s[1], []byte(s[2]))
	}
	demo, err := os.ReadFile("testdata/demo.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path string, body []byte) {
		fuzzControl(t, demo, method, path, body)
	})
}

// bodyRoutes are the control routes that read a JSON body, on the demo
// scenario's jobs.
var bodyRoutes = [][2]string{
	{"POST", "reset"}, {"POST", "jobs"}, {"PUT", "jobs/1"}, {"POST", "jobs/1/set"}, {"POST", "jobs/2/plan"},
	{"POST", "jobs/1/log"}, {"POST", "jobs/1/fail"}, {"POST", "backups"}, {"POST", "backups/db01_data_hourly/set"},
	{"POST", "faults"}, {"POST", "clock"}, {"POST", "users"},
}

// FuzzControlBodies is FuzzControlAPI with the route held to one that
// reads a body (its first argument picks it), so that every mutation
// goes to the JSON: each body gives the route's answer or a 4xx naming
// the problem at a place inside the body.
func FuzzControlBodies(f *testing.F) {
	for _, s := range controlSeeds(f) {
		for i, rt := range bodyRoutes {
			if s[0] == rt[0] && s[1] == rt[1] && s[2] != "" {
				f.Add(uint8(i), []byte(s[2]))
			}
		}
	}
	for _, b := range testdataDocs(f) {
		f.Add(uint8(0), b)
		f.Add(uint8(1), b)
	}
	demo, err := os.ReadFile("testdata/demo.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		rt := bodyRoutes[int(route)%len(bodyRoutes)]
		fuzzControl(t, demo, rt[0], rt[1], body)
	})
}

// fuzzControl sends one control request to a fake holding the scenario
// demo and checks the answer and what serves afterwards.
func fuzzControl(t *testing.T, demo []byte, method, path string, body []byte) {
	t.Helper()
	fk, err := setUpFrom(settings{dialect: "v1", requestLog: 100, given: map[string]bool{}}, document{name: "demo.json", data: demo})
	if err != nil {
		t.Fatal(err)
	}
	fk.host = "http://127.0.0.1:8080"
	defer func() { fk.current().close() }()
	req, ok := controlRequest(method, path, body)
	if !ok {
		return // net/http refuses it before any handler sees it
	}
	before := controlGet(t, fk, "clock")
	var rec *httptest.ResponseRecorder
	guarded(t, req.Method+" "+req.RequestURI, func() {
		rec = httptest.NewRecorder()
		fk.ServeHTTP(rec, req)
	})
	checkControlAnswer(t, req, body, rec)
	if req.Method == http.MethodPost && req.URL.Path == "/_fake/clock" && rec.Code == http.StatusOK {
		checkClockMoved(t, body, before, rec.Body.Bytes())
	}
	checkStillServes(t, fk)
}

// controlRequest is a control request as net/http reads it off the
// wire, or false when net/http would refuse it.
func controlRequest(method, path string, body []byte) (*http.Request, bool) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s/%s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", method, controlRoot, path)
	if len(body) > 0 {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.Write(body)
	req, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil {
		return nil, false
	}
	return req, true
}

// checkControlAnswer holds a control answer to its promises.
func checkControlAnswer(t *testing.T, req *http.Request, body []byte, rec *httptest.ResponseRecorder) {
	t.Helper()
	at := req.Method + " " + req.RequestURI
	out := rec.Body.Bytes()
	if rec.Code < 200 || rec.Code > 499 {
		t.Fatalf("%s %q: status %d: %s", at, body, rec.Code, out)
	}
	if rec.Code == http.StatusMovedPermanently || rec.Code == http.StatusTemporaryRedirect || rec.Code == http.StatusPermanentRedirect {
		return // http.ServeMux sends an unclean path to its clean form
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s %q: %d with Content-Type %q: %s", at, body, rec.Code, ct, out)
	}
	if !json.Valid(out) {
		t.Fatalf("%s %q: %d with a body that is no JSON: %q", at, body, rec.Code, out)
	}
	if rec.Code < 400 {
		return
	}
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(out, &e); err != nil || strings.TrimSpace(e.Error) == "" {
		t.Fatalf("%s %q: %d without an error that says what is wrong: %s", at, body, rec.Code, out)
	}
	checkPlaced(t, "body", body, e.Error, false)
}

// controlGet sends GET /_fake/path and returns the JSON answer, failing
// the test on anything else.
func controlGet(t *testing.T, fk *fake, path string) []byte {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+controlRoot+"/"+path, nil)
	rec := httptest.NewRecorder()
	guarded(t, "GET "+path, func() { fk.ServeHTTP(rec, req) })
	if rec.Code != http.StatusOK || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("GET %s/%s afterwards: %d %s", controlRoot, path, rec.Code, rec.Body.Bytes())
	}
	return rec.Body.Bytes()
}

// checkClockMoved checks that a clock the control API set shows what was
// asked: the time set (or the time before) moved by the advance. A
// running clock may have run on meanwhile; a minute covers it.
func checkClockMoved(t *testing.T, body, before, answer []byte) {
	t.Helper()
	var asked struct {
		Set     time.Time `json:"set"`
		Advance string    `json:"advance"`
	}
	var was, is struct {
		Now time.Time `json:"now"`
	}
	if json.Unmarshal(body, &asked) != nil || json.Unmarshal(before, &was) != nil {
		t.Fatalf("accepted %q, which does not decode", body)
	}
	if err := json.Unmarshal(answer, &is); err != nil {
		t.Fatalf("the clock's answer %s: %v", answer, err)
	}
	want := was.Now
	if !asked.Set.IsZero() {
		want = asked.Set
	}
	if asked.Advance != "" {
		d, err := time.ParseDuration(asked.Advance)
		if err != nil {
			t.Fatalf("accepted the advance %q: %v", asked.Advance, err)
		}
		want = want.Add(d)
	}
	if diff := is.Now.Sub(want); diff < -time.Minute || diff > time.Minute {
		t.Fatalf("clock set by %s shows %v, want %v", body, is.Now, want)
	}
}

// checkStillServes checks that the control API shows every job and the
// API still lists, after a control request whatever it did.
func checkStillServes(t *testing.T, fk *fake) {
	t.Helper()
	fk.current().srv.Reset() // faults injected would answer the API's checks
	for _, path := range []string{"", "health", "faults", "clock", "requests", "jobs", "backups"} {
		controlGet(t, fk, path)
	}
	for _, family := range []string{"jobs", "backups"} {
		var list []struct {
			ID int `json:"id"`
		}
		if err := json.Unmarshal(controlGet(t, fk, family), &list); err != nil {
			t.Fatalf("GET %s: %v", family, err)
		}
		for _, j := range list {
			controlGet(t, fk, family+"/"+strconv.Itoa(j.ID))
		}
	}
	srv := fk.current().srv
	ctx, cancel := context.WithTimeout(context.Background(), fuzzHangGuard)
	defer cancel()
	c := srv.Client(zdm.WithRetryMax(0))
	for name, list := range map[string]func() error{
		"recoveries":         func() error { _, _, err := c.Recoveries.List(ctx, nil); return err },
		"recovery histories": func() error { _, _, err := c.Recoveries.ListHistories(ctx, nil); return err },
		"backups":            func() error { _, _, err := c.Backups.List(ctx, nil); return err },
		"backup histories":   func() error { _, _, err := c.Backups.ListHistories(ctx, nil); return err },
		"servers":            func() error { _, _, err := c.Servers.List(ctx, nil); return err },
	} {
		if err := list(); err != nil {
			t.Fatalf("listing %s afterwards: %v", name, err)
		}
	}
}
