package zdmtest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
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
		fuzzAPI(t, dialects[int(dialect)%len(dialects)], auth%4, method, path, query, body)
	})
}

// apiTemplates are requests with holes, for FuzzAPIValues: method, path
// under the API root, query, body. $P takes a string in a path segment,
// $Q in a query value, "$S" as a JSON string; $N a number anywhere; $R
// any JSON value.
var apiTemplates = [][4]string{
	{"GET", "recoveries", "page=$N&limit=$N&jobName=$Q&mode=$Q&serverType=$Q&partition=$Q&sort=$Q&jobId=$N", ""},
	{"GET", "recoveries/$P", "detail=$Q&center=$Q", ""},
	{"GET", "recoveries/monitoring/job/$P", "mode=$Q&partition=$Q&drive=$Q&detail=$Q&center=$Q&serverName=$Q&jobName=$Q", ""},
	{"GET", "recoveries/monitoring/system/$P", "center=$Q&mode=$Q", ""},
	{"GET", "recoveries/histories", "page=$N&limit=$N&jobId=$N&jobName=$Q&result=$Q&sort=$Q&center=$Q&partition=$Q", ""},
	{"GET", "recoveries/histories/$N", "center=$Q", ""},
	{"POST", "recoveries", "", `{"center": $R, "source": "$S", "target": "web01-dr", "platform": "$S", "mode": "$S", "jobName": "$S", "overwrite": "$S",
	  "afterReboot": "$S", "autoStart": "$S", "networkLimit": $N, "repository": {"id": $N, "type": "$S", "path": "$S"}, "schedule": $R,
	  "jobList": [{"sourcePartition": "$S", "targetPartition": "/", "backupJob": "$S", "backupFile": $R, "mode": "$S", "repository": {"id": $N}}]}`},
	{"POST", "recoveries", "", `{"center": "zdm-a", "source": "web01", "target": "web01-dr", "platform": "vmware", "mode": "full", "repository": {"id": 9, "type": "nfs", "path": "/backup"},
	  "jobName": "$S", "autoStart": "use", "schedule": {"type": $N, "basic": {"time": "$S", "day": "$S"}}, "jobList": [{"sourcePartition": "/", "targetPartition": "/", "backupFile": "$S"}]}`},
	{"PUT", "recoveries/$P", "", `{"center": "$S", "status": "$S", "changeName": "$S", "networkLimit": $N, "afterReboot": "$S", "mode": "$S", "schedule": $R}`},
	{"DELETE", "recoveries/$P", "center=$Q", ""},
	{"GET", "backups", "page=$N&limit=$N&status=$Q&mode=$Q&server=$Q&center=$Q&jobName=$Q&jobId=$N&partition=$Q&sort=$Q", ""},
	{"GET", "backups/$P", "detail=$Q&center=$Q&repositoryID=$N", ""},
	{"POST", "backups", "", `{"center": "$S", "server": $R, "type": "$S", "partition": $R, "repository": {"id": $N, "type": "$S", "path": "$S"}, "jobName": "$S",
	  "autoStart": "$S", "schedule": $R, "rotation": $N, "individual": $R}`},
	{"POST", "backups", "", `{"center": "zdm-a", "server": "web01", "type": "$S", "partition": ["/"], "repository": {"id": 9}, "jobName": "$S",
	  "schedule": {"type": $N, "basic": {"time": "$S", "day": "$S", "week": "$S", "month": "$S"}, "advanced": $R}}`},
	{"PUT", "backups/$P", "", `{"center": "zdm-a", "status": "$S", "changeName": "$S", "rotation": $N, "compression": $R, "excludeDir": $R, "networkLimit": $N, "schedule": $R}`},
	{"DELETE", "backups/$P", "center=$Q&partition=$Q", ""},
	{"GET", "backups/images", "page=$N&limit=$N&center=$Q&repositoryId=$N&repositoryType=$Q&repositoryPath=$Q&jobName=$Q&server=$Q", ""},
	{"GET", "backups/images/server/$P", "page=$N&limit=$N&partition=$Q&drive=$Q&jobName=$Q", ""},
	{"GET", "backups/histories", "page=$N&limit=$N&jobId=$N&result=$Q&sort=$Q&server=$Q", ""},
	{"GET", "backups/histories/$N", "result=$Q", ""},
	{"GET", "backups/monitoring/job/$P", "page=$N&limit=$N&server=$Q&mode=$Q&detail=$Q", ""},
	{"GET", "backups/monitoring/system/$P", "detail=$Q&page=$N&limit=$N", ""},
	{"GET", "servers", "page=$N&limit=$N&mode=$Q&os=$Q&connection=$Q&license=$Q&sort=$Q&center=$Q&detail=$Q", ""},
	{"GET", "servers/$P", "center=$Q&detail=$Q", ""},
	{"GET", "servers/$P/partitions", "page=$N&limit=$N&partition=$Q&drive=$Q&center=$Q", ""},
	{"DELETE", "servers/$P", "center=$Q", ""},
	{"GET", "zdms", "page=$N&limit=$N&connection=$Q&activation=$Q&disk=$Q&detail=$Q&sort=$Q", ""},
	{"GET", "zdms/$P", "detail=$Q", ""},
	{"GET", "zdms/$P/repositories", "page=$N&limit=$N&type=$Q&os=$Q&path=$Q", ""},
	{"POST", "zdms/repositories", "", `{"center": $R, "type": "$S", "remotePath": "$S", "localPath": "$S", "ip": "$S", "port": $R, "account": "$S", "password": "$S"}`},
	{"POST", "zdms/repositories/verify", "", `{"center": "zdm-a", "type": "$S", "path": "$S", "account": "$S", "password": "$S", "domain": "$S", "port": $N}`},
	{"PUT", "zdms/repositories/$N", "", `{"center": "$S", "remotePath": "$S", "account": "$S", "password": "$S", "ip": $R}`},
	{"DELETE", "zdms/repositories/$N", "center=$Q", ""},
	{"GET", "schedules", "page=$N&limit=$N&type=$Q&center=$Q&state=$Q", ""},
	{"GET", "schedules/$N", "", ""},
	{"POST", "schedules", "", `{"center": "zdm-a", "type": $R, "jobName": "$S", "basic": {"year": "$S", "month": "$S", "week": "$S", "day": "$S", "time": "$S",
	  "interval": {"minute": "$S", "hour": "$S"}}, "advanced": $R}`},
	{"POST", "schedules", "", `{"center": "zdm-a", "type": $N, "basic": {"time": "$S", "day": "$S", "year": "$S"}, "advanced": {"time": "02:00", "interval": {"minute": "$S"}}}`},
	{"DELETE", "schedules/$N", "center=$Q", ""},
	{"GET", "licenses", "page=$N&limit=$N&category=$Q&exp=$Q&created=$Q&id=$N&name=$Q&sort=$Q&center=$Q", ""},
	{"GET", "licenses/key/$P", "", ""},
	{"GET", "licenses/$N", "", ""},
	{"PUT", "licenses/assign", "", `{"license": $R, "server": "$S", "center": "$S", "user": "$S"}`},
	{"POST", "token/issue", "", `{"email": "$S", "password": "$S"}`},
	{"POST", "auth/issue", "", `{"email": $R, "password": "$S"}`},
}

// FuzzAPIValues fills the holes of request templates (its second
// argument picks one), one per route and body shape, with any string,
// number and JSON value, so that every parameter and field meets odd and
// extreme values (a page of 2^62, a port of -1) in requests that still
// reach their handler; the promises are FuzzAPIRoutes'.
func FuzzAPIValues(f *testing.F) {
	for _, d := range dialects {
		for i := range apiTemplates {
			f.Add(uint8(d), uint8(i), "web01", int64(1), []byte(`"zdm-a"`))
		}
	}
	f.Add(uint8(zdmtest.DialectV3), uint8(0), "x", int64(math.MaxInt64), []byte(`null`))
	f.Add(uint8(zdmtest.DialectV1), uint8(6), "/", int64(-1), []byte(`["a", "b"]`))
	f.Add(uint8(zdmtest.DialectV1), uint8(7), "12:00", int64(7), []byte(`null`))
	f.Add(uint8(zdmtest.DialectV3), uint8(12), "full", int64(9), []byte(`["/", "/boot"]`))
	f.Add(uint8(zdmtest.DialectV1), uint8(35), "mon,tue", int64(8), []byte(`{"time": "01:00"}`))
	f.Fuzz(func(t *testing.T, dialect, pick uint8, s string, n int64, raw []byte) {
		q, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(raw) {
			raw = []byte("null")
		}
		fill := strings.NewReplacer(`"$S"`, string(q), "$P", url.PathEscape(s), "$Q", url.QueryEscape(s),
			"$N", strconv.FormatInt(n, 10), "$R", string(raw)).Replace
		tpl := apiTemplates[int(pick)%len(apiTemplates)]
		fuzzAPI(t, dialects[int(dialect)%len(dialects)], authBearer, tpl[0], fill(tpl[1]), fill(tpl[2]), []byte(fill(tpl[3])))
	})
}

// fuzzAPI sends one request to a fresh in-process server of dialect d
// and holds the answer, and the server afterwards, to their promises.
func fuzzAPI(t *testing.T, d zdmtest.Dialect, auth uint8, method, path, query string, body []byte) {
	t.Helper()
	srv, err := zdmtest.Start(zdmtest.WithDialect(d), zdmtest.WithInProcess(), zdmtest.WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	req, ok := rawRequest(srv, auth, method, path, query, body)
	if !ok {
		return // net/http refuses it before any handler sees it
	}
	rec := serveGuarded(t, srv, req)
	checkAnswer(t, d, req, rec)
	if err := srv.Err(); err != nil {
		t.Fatalf("%s %s: the server reported misuse (a handler panic?): %v", req.Method, req.RequestURI, err)
	}
	checkWorldLists(t, srv)
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
