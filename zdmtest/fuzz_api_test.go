package zdmtest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// Fuzzing. The seeds of every Fuzz target run as plain tests with go
// test. To fuzz one, on a machine shared with others:
//
//	go test -run '^$' -fuzz '^FuzzAPIRoutes$' -fuzztime 3m -fuzzminimizetime 200x -parallel 1 ./zdmtest
//
// -fuzzminimizetime bounds the shrinking of each new input: coverage here
// is not quite deterministic (real clocks, random request IDs), so
// shrinking an input runs to its one-minute default and eats the run.
// A crasher lands in testdata/fuzz/<Target>/: commit it with the fix.

// Auth modes of a fuzzed API request (its second argument, mod 4).
const (
	authBearer = iota // "Bearer <valid token>"
	authBare          // the bare valid token
	authNone          // no Authorization
	authBad           // "Bearer not-a-token"
)

// FuzzAPIRoutes sends one request of any method, path, query and body to
// an in-process server of each dialect (its first argument, mod 3; its
// Authorization by the second) and holds the server to what every answer
// promises: a status below 600 with a Content-Length that is the body's;
// on 2xx a JSON success envelope; on 4xx/5xx the dialect's JSON error
// envelope (Express's HTML 404 is the only other answer, for a route
// that does not exist); no handler panic (the server recovers it and
// reports it as misuse); no hang; and a world that still lists, as the
// SDK decodes it, afterwards. Seeds are the requests the SDK sends.
func FuzzAPIRoutes(f *testing.F) {
	for _, d := range dialects {
		for _, r := range sdkRequests(d) {
			f.Add(uint8(d), uint8(authBearer), r.method, r.path, r.query, r.body)
		}
	}
	for _, d := range dialects {
		dd := uint8(d)
		f.Add(dd, uint8(authNone), "GET", "recoveries", "", []byte(nil))
		f.Add(dd, uint8(authBad), "GET", "recoveries/monitoring/job/1", "detail=true", []byte(nil))
		f.Add(dd, uint8(authBare), "POST", "recoveries", "", []byte(`{"center":"zdm-a","source":"web01","target":"web01-dr","platform":"vmware","mode":"full","repository":{"id":9,"type":"nfs","path":"/backup"},"jobList":[{"sourcePartition":"/","targetPartition":"/","backupFile":["a","b"]}]}`))
		f.Add(dd, uint8(authBearer), "PUT", "recoveries/1", "", []byte(`{"status":"start","center":"zdm-a"}`))
		f.Add(dd, uint8(authBearer), "PUT", "backups/web01_ROOT", "", []byte(`{"status":"stop","center":"zdm-a","changeName":"x"}`))
		f.Add(dd, uint8(authBearer), "GET", "recoveries", "page=2&limit=1&jobName=web&serverType=source", []byte(nil))
		f.Add(dd, uint8(authBearer), "GET", "backups/histories", "page=0&limit=-1&result=maybe&sort=sideways", []byte(nil))
		f.Add(dd, uint8(authBearer), "GET", "backups/images", "center=,,&repositoryId=x", []byte(nil))
		f.Add(dd, uint8(authBearer), "GET", "servers", "page=9223372036854775807&limit=9223372036854775807", []byte(nil))
		f.Add(dd, uint8(authBearer), "GET", "backups", "page=2&limit=9223372036854775807", []byte(nil))
		f.Add(dd, uint8(authBearer), "GET", "recoveries/histories", "page=4611686018427387904&limit=4", []byte(nil))
		f.Add(dd, uint8(authBearer), "DELETE", "servers/%2F..%2F", "center=zdm-a", []byte(nil))
		f.Add(dd, uint8(authBearer), "POST", "zdms/repositories", "", []byte(`{"center":"zdm-a","type":"smb","remotePath":"share","localPath":"Z:","ip":"10.0.0.1","port":"445","account":"u","password":"p"}`))
		f.Add(dd, uint8(authBearer), "POST", "schedules", "", []byte(`{"center":"zdm-a","type":7,"basic":{"time":"01:00","day":","},"advanced":{"interval":{"minute":"99999999999999999999"}}}`))
		f.Add(dd, uint8(authBearer), "PUT", "licenses/assign", "", []byte(`{"license":"1","server":"web01-dr","center":"zdm-a"}`))
	}
	f.Fuzz(func(t *testing.T, dialect, auth uint8, method, path, query string, body []byte) {
		d := dialects[int(dialect)%len(dialects)]
		srv, err := zdmtest.Start(zdmtest.WithDialect(d), zdmtest.WithInProcess(), zdmtest.WithClock(func() time.Time { return t0 }))
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		req, ok := rawRequest(srv, auth%4, method, path, query, body)
		if !ok {
			return // net/http refuses it before any handler sees it
		}
		rec := serveGuarded(t, srv, req)
		checkAnswer(t, d, req, rec)
		if err := srv.Err(); err != nil {
			t.Fatalf("%s %s: the server reported misuse (a handler panic?): %v", req.Method, req.RequestURI, err)
		}
		checkWorldLists(t, srv)
	})
}

// rawRequest is the request as a server's net/http reads it off the
// wire, or false when net/http would refuse it (a bad method, a request
// target with spaces or controls). The path is under the API root.
func rawRequest(srv *zdmtest.Server, auth uint8, method, path, query string, body []byte) (*http.Request, bool) {
	var b bytes.Buffer
	target := srv.Dialect().Prefix() + "/" + path
	if query != "" {
		target += "?" + query
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: zdmtest.invalid\r\n", method, target)
	switch auth {
	case authBearer:
		fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", srv.Token())
	case authBare:
		fmt.Fprintf(&b, "Authorization: %s\r\n", srv.Token())
	case authBad:
		b.WriteString("Authorization: Bearer not-a-token\r\n")
	}
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

// serveGuarded serves req, failing the test (rather than hanging the
// run) when the answer takes far longer than the milliseconds it takes.
func serveGuarded(t *testing.T, srv *zdmtest.Server, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		srv.ServeHTTP(rec, req)
	}()
	select {
	case v := <-done:
		if v != nil {
			t.Fatalf("%s %s: ServeHTTP panicked: %v", req.Method, req.RequestURI, v)
		}
	case <-time.After(hangGuard):
		t.Fatalf("%s %s: no answer after %v", req.Method, req.RequestURI, hangGuard)
	}
	return rec
}

// checkAnswer holds one answer to the promises every answer keeps.
func checkAnswer(t *testing.T, d zdmtest.Dialect, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	at := req.Method + " " + req.RequestURI
	body := rec.Body.Bytes()
	if rec.Code < 200 || rec.Code > 599 {
		t.Fatalf("%s: status %d", at, rec.Code)
	}
	if cl := rec.Header().Get("Content-Length"); req.Method != http.MethodHead && cl != strconv.Itoa(len(body)) {
		t.Fatalf("%s: Content-Length %q for a body of %d bytes", at, cl, len(body))
	}
	ct := rec.Header().Get("Content-Type")
	if rec.Code == http.StatusNotFound && strings.HasPrefix(ct, "text/html") {
		return // Express's page for a route it does not have
	}
	if req.Method == http.MethodHead {
		return
	}
	if !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: %d with Content-Type %q: %q", at, rec.Code, ct, body)
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("%s: %d with a body that is no JSON object (%v): %q", at, rec.Code, err, body)
	}
	success := string(env["success"])
	if rec.Code < 400 {
		if success != "true" {
			t.Fatalf("%s: %d without success true: %s", at, rec.Code, body)
		}
		return
	}
	if success != "false" {
		t.Fatalf("%s: %d without success false: %s", at, rec.Code, body)
	}
	var msg string
	var obj struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	switch {
	case json.Unmarshal(env["error"], &msg) == nil && d != zdmtest.DialectV3:
	case json.Unmarshal(env["error"], &obj) == nil && obj.Code != "":
		msg = obj.Message
	default:
		t.Fatalf("%s: %d with an error the %v dialect does not send: %s", at, rec.Code, d, body)
	}
	if strings.TrimSpace(msg) == "" {
		t.Fatalf("%s: %d with an empty error message: %s", at, rec.Code, body)
	}
}

// checkWorldLists lists every family through the SDK: after any request,
// what the server holds still lists and decodes.
func checkWorldLists(t *testing.T, srv *zdmtest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	c := srv.Client(zdm.WithRetryMax(0))
	lists := []struct {
		name string
		call func() error
	}{
		{"recoveries", func() error { _, _, err := c.Recoveries.List(ctx, nil); return err }},
		{"recovery histories", func() error { _, _, err := c.Recoveries.ListHistories(ctx, nil); return err }},
		{"backups", func() error { _, _, err := c.Backups.List(ctx, nil); return err }},
		{"servers", func() error { _, _, err := c.Servers.List(ctx, nil); return err }},
		{"centers", func() error { _, _, err := c.Centers.List(ctx, nil); return err }},
		{"repositories", func() error { _, _, err := c.Repositories.List(ctx, nil); return err }},
		{"schedules", func() error { _, _, err := c.Schedules.List(ctx, nil); return err }},
		{"licenses", func() error { _, _, err := c.Licenses.List(ctx, nil); return err }},
	}
	if srv.Dialect() != zdmtest.DialectDraft {
		lists = append(lists, struct {
			name string
			call func() error
		}{"backup histories", func() error { _, _, err := c.Backups.ListHistories(ctx, nil); return err }})
	}
	for _, l := range lists {
		if err := l.call(); err != nil {
			t.Fatalf("listing %s afterwards: %v", l.name, err)
		}
	}
	if err := srv.Err(); err != nil {
		t.Fatalf("listing afterwards: the server reported misuse: %v", err)
	}
}
