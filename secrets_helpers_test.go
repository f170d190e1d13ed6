package zdm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The secrets every test searches for. They are long and distinctive so
// that any copy is found.
const (
	secretToken         = "tok-SECRET-7f3a9c5e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a"
	secretPassword      = "pw-SECRET-4c8e2a6f0b3d7e1a5c9f3b7d1e5a9c3f7b1d5e9a"
	secretWrongPassword = "pw-SECRET-WRONG-9d1f5b3e7a2c6e0f4b8d2a6c0e4f8b2d"
	secretURLPassword   = "url-SECRET-2b6d0f4a8c2e6b0d4f8a2c6e0b4d8f2a6c0e"
	secretEmail         = "ops@example.com" // not a secret: shown on purpose
	secretURLUser       = "zdmuser"
)

// secretFragments are the strings whose presence in any output counts as a
// leak: each secret whole, and its middle 12 characters (a copy that was
// cut, quoted or escaped still holds them).
func secretFragments(secrets ...string) []string {
	var out []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		out = append(out, s)
		if len(s) > 16 {
			mid := len(s)/2 - 6
			out = append(out, s[mid:mid+12])
		}
	}
	return out
}

// secretFindLeaks returns, for every fragment found in one of the outputs, where
// it was found with the text around it.
func secretFindLeaks(outputs map[string]string, frags []string) []string {
	var leaks []string
	for where, s := range outputs {
		for _, f := range frags {
			if i := strings.Index(s, f); i >= 0 {
				leaks = append(leaks, fmt.Sprintf("%q leaked into %s: ...%s...", f, where, s[max(0, i-80):min(len(s), i+len(f)+40)]))
			}
		}
	}
	sort.Strings(leaks)
	return leaks
}

// assertNoSecret fails t for every fragment found in one of the outputs.
func assertNoSecret(t *testing.T, outputs map[string]string, frags []string) {
	t.Helper()
	for _, l := range secretFindLeaks(outputs, frags) {
		t.Error(l)
	}
}

// secretLogCapture is a slog.Handler that keeps every record it handles as
// text, with every attribute: those attached with WithAttrs, those of the
// record, and those inside groups, each value printed with %+v and %#v.
// It is enabled at every level, Debug included.
type secretLogCapture struct {
	mu      *sync.Mutex
	records *[]string
	prefix  string   // groups opened with WithGroup, dotted
	attrs   []string // attributes attached with WithAttrs, rendered
}

// newSecretLogCapture returns an empty capture.
func newSecretLogCapture() *secretLogCapture {
	return &secretLogCapture{mu: new(sync.Mutex), records: new([]string)}
}

// Enabled implements slog.Handler: every level is captured.
func (h *secretLogCapture) Enabled(context.Context, slog.Level) bool { return true }

// Handle implements slog.Handler.
func (h *secretLogCapture) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q", r.Level, r.Message)
	for _, a := range h.attrs {
		b.WriteString(a)
	}
	r.Attrs(func(a slog.Attr) bool {
		secretRenderAttr(&b, h.prefix, a)
		return true
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.records = append(*h.records, b.String())
	return nil
}

// WithAttrs implements slog.Handler.
func (h *secretLogCapture) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = append([]string(nil), h.attrs...)
	for _, a := range attrs {
		var b strings.Builder
		secretRenderAttr(&b, h.prefix, a)
		h2.attrs = append(h2.attrs, b.String())
	}
	return &h2
}

// WithGroup implements slog.Handler.
func (h *secretLogCapture) WithGroup(name string) slog.Handler {
	h2 := *h
	h2.prefix = h.prefix + name + "."
	return &h2
}

// all returns a copy of the records captured so far.
func (h *secretLogCapture) all() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), *h.records...)
}

// secretRenderAttr writes a (resolved, groups flattened) as " key=%+v|%#v".
func secretRenderAttr(b *strings.Builder, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, ga := range v.Group() {
			secretRenderAttr(b, p, ga)
		}
		return
	}
	fmt.Fprintf(b, " %s%s=%+v|%#v", prefix, a.Key, v.Any(), v.Any())
}

// secretAuthSpy wraps a RoundTripper and records the credentials each request
// carried (the token issued to a credentials client included), so that
// they are searched for too.
type secretAuthSpy struct {
	mu    sync.Mutex
	seen  []string
	inner http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (s *secretAuthSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	if v := r.Header.Get("Authorization"); v != "" {
		_, tok, ok := strings.Cut(v, " ")
		if !ok {
			tok = v
		}
		s.mu.Lock()
		s.seen = append(s.seen, tok)
		s.mu.Unlock()
	}
	return s.inner.RoundTrip(r)
}

// tokens returns the credentials seen so far.
func (s *secretAuthSpy) tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// secretEnv is one row's logger capture and spy, and the options that
// install them.
type secretEnv struct {
	logs *secretLogCapture
	spy  *secretAuthSpy
}

// options are a client's options for a server reached through rt: the spy,
// the capturing logger (under a group, with an attached attribute), fast
// retries, then more.
func (e *secretEnv) options(rt http.RoundTripper, more ...zdm.ClientOption) []zdm.ClientOption {
	e.spy.inner = rt
	logger := slog.New(e.logs).With("test", "secrets").WithGroup("zdm")
	return append([]zdm.ClientOption{
		zdm.WithHTTPClient(&http.Client{Transport: e.spy}),
		zdm.WithLogger(logger),
		zdm.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}, more...)
}

// zdmtestClient is a client of a fake server with a user whose password is
// secretPassword: with credentials, or with WithToken(token) when token is
// not "" (a token the server does not know answers 401).
func (e *secretEnv) zdmtestClient(t *testing.T, srv *zdmtest.Server, token, password string, more ...zdm.ClientOption) (*zdm.Client, []zdm.ClientOption) {
	t.Helper()
	return e.clientAt(t, srv.URL, srv, token, password, more...)
}

// refusedURL is an address where nothing listens, and where no parallel
// test's server can start listening (as one may on a closed server's port).
const refusedURL = "http://127.0.0.1:1/api"

// clientAt is zdmtestClient for a client of base instead of srv.URL.
func (e *secretEnv) clientAt(t *testing.T, base string, srv *zdmtest.Server, token, password string, more ...zdm.ClientOption) (*zdm.Client, []zdm.ClientOption) {
	t.Helper()
	auth := zdm.WithCredentials(secretEmail, password)
	if token != "" {
		auth = zdm.WithToken(token)
	}
	opts := append(append(srv.ClientOptions(), e.options(srv.HTTPClient().Transport, auth)...), more...)
	c, err := zdm.NewClient(base, opts...)
	require.NoError(t, err)
	return c, opts
}

// secretServer is a fake server with the user secretEmail/secretPassword
// and a job "job" that completes on its second poll.
func secretServer(t *testing.T) *zdmtest.Server {
	t.Helper()
	srv := zdmtest.NewServer(t)
	srv.AddUser(secretEmail, secretPassword)
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "job", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
	return srv
}

// secretEchoServer is a server (or a proxy) that echoes what it was sent
// (the Authorization header and the body) back in its answers, through
// answer; its API root is URL+"/api/v1".
func secretEchoServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, echo string)) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		echo := "Authorization: " + r.Header.Get("Authorization") + "\n" + string(body)
		answer(w, r, echo)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// secretWrite answers status with body under contentType.
func secretWrite(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// secretJSONString quotes s as a JSON string.
func secretJSONString(s string) string { return fmt.Sprintf("%q", s) }

// echoClient is a client of an echo server, with a token, or with
// credentials when token is "".
func (e *secretEnv) echoClient(t *testing.T, ts *httptest.Server, token string, more ...zdm.ClientOption) (*zdm.Client, []zdm.ClientOption) {
	t.Helper()
	auth := zdm.WithCredentials(secretEmail, secretPassword)
	if token != "" {
		auth = zdm.WithToken(token)
	}
	opts := e.options(ts.Client().Transport, append([]zdm.ClientOption{auth}, more...)...)
	c, err := zdm.NewClient(ts.URL+"/api/v1", opts...)
	require.NoError(t, err)
	return c, opts
}

// secretOutcome is what a row's calls left: the error (nil for a success
// row), the response, and the client with its options.
type secretOutcome struct {
	err    error
	resp   *zdm.Response
	client *zdm.Client
	opts   []zdm.ClientOption
}

// secretMonitor calls MonitorJob on "job" with a 3 s bound.
func secretMonitor(c *zdm.Client, opts []zdm.ClientOption) secretOutcome {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, resp, err := c.Recoveries.MonitorJob(ctx, "job", nil)
	return secretOutcome{err: err, resp: resp, client: c, opts: opts}
}

// secretCase is one way to reach an error (or a success) whose every
// output is searched for secrets.
type secretCase struct {
	name string
	run  func(t *testing.T, e *secretEnv) secretOutcome
	// is says the path was provoked: nil for a success, else an error
	// for which errors.Is holds with each (an empty list: any error).
	is []error
}

// secretOnGET pins f to the monitoring GETs.
func secretOnGET(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodGet, matrixMonitorPath) }

// secretOnPOST pins f to the token issue POSTs.
func secretOnPOST(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodPost, "") }

// secretProxyPage answers status with an HTML page that shows what it was
// sent, as some proxies' error pages do.
func secretProxyPage(status int) func(w http.ResponseWriter, r *http.Request, echo string) {
	return func(w http.ResponseWriter, _ *http.Request, echo string) {
		secretWrite(w, status, "text/html", "<html><body><h1>"+http.StatusText(status)+"</h1><pre>"+echo+"</pre></body></html>")
	}
}

// runSecretCases runs every row, all at once, and searches all it left
// for the token, the passwords and any token issued on the way.
func runSecretCases(t *testing.T, cases []secretCase) {
	t.Helper()
	runConcurrently(t, cases, func(tc secretCase) string { return tc.name }, func(t *testing.T, tc secretCase) {
		e := &secretEnv{logs: newSecretLogCapture(), spy: &secretAuthSpy{}}
		out := tc.run(t, e)
		if tc.is == nil {
			require.NoError(t, out.err)
		} else {
			require.Error(t, out.err)
			for _, target := range tc.is {
				assert.ErrorIs(t, out.err, target)
			}
		}
		logs := e.logs.all()
		assert.NotEmpty(t, logs, "Debug records were captured")

		outputs := map[string]string{}
		if out.err != nil {
			secretErrorOutputs(outputs, "error", out.err)
		}
		secretResponseOutputs(t, outputs, out.resp)
		secretClientOutputs(outputs, out.client, out.opts)
		for i, l := range logs {
			outputs[fmt.Sprintf("log record %d", i)] = l
		}
		secrets := append([]string{secretToken, secretPassword, secretWrongPassword}, e.spy.tokens()...)
		assertNoSecret(t, outputs, secretFragments(secrets...))
	})
}

// secretErrorOutputs adds every rendering of err and of each error in its
// chain: Error(), fmt verbs, a recovered panic, and every string and byte
// slice reachable from it.
func secretErrorOutputs(outputs map[string]string, name string, err error) {
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		outputs[name+" "+verb] = fmt.Sprintf(verb, err)
	}
	outputs[name+" recovered panic"] = fmt.Sprint(secretRecoverPanic(err))
	outputs[name+" reachable strings"] = strings.Join(secretReachableStrings(err), "\n")
	var apiErr *zdm.APIError
	if errors.As(err, &apiErr) {
		outputs[name+" APIError.URL"] = apiErr.URL
		outputs[name+" APIError.Message"] = apiErr.Message
		outputs[name+" APIError.Body"] = string(apiErr.Body)
		outputs[name+" APIError.Detail"] = string(apiErr.Detail)
	}
	var watchErr *zdm.WatchError
	if errors.As(err, &watchErr) && watchErr.LastError != nil {
		outputs[name+" WatchError.LastError"] = watchErr.LastError.Error()
	}
	for i, e := range secretErrorChain(err) {
		outputs[fmt.Sprintf("%s chain[%d] Error()", name, i)] = e.Error()
		outputs[fmt.Sprintf("%s chain[%d] %%#v", name, i)] = fmt.Sprintf("%#v", e)
	}
}

// secretRecoverPanic panics with v and returns what recover gives back.
func secretRecoverPanic(v any) (got any) {
	defer func() { got = recover() }()
	panic(v)
}

// secretErrorChain is err and every error it wraps, depth first.
func secretErrorChain(err error) []error {
	if err == nil {
		return nil
	}
	out := []error{err}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		out = append(out, secretErrorChain(u.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out = append(out, secretErrorChain(e)...)
		}
	}
	return out
}

// secretReachableStrings returns every string and byte slice reachable from v
// through pointers, interfaces, structs (unexported fields included),
// slices, arrays and maps: what a reflection-based error reporter or a
// debugger would show.
func secretReachableStrings(v any) []string {
	var out []string
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		if !v.IsValid() || depth > 12 {
			return
		}
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem(), depth+1)
		case reflect.Interface:
			walk(v.Elem(), depth+1)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), depth+1)
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				out = append(out, string(v.Bytes()))
				return
			}
			fallthrough
		case reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), depth+1)
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key(), depth+1)
				walk(it.Value(), depth+1)
			}
		}
	}
	walk(reflect.ValueOf(v), 0)
	return out
}

// secretResponseOutputs checks that resp (when there is one) carries no
// Authorization, and adds its fmt renderings and those of the requests
// behind it, hop by hop back through redirects, headers included.
func secretResponseOutputs(t *testing.T, outputs map[string]string, resp *zdm.Response) {
	t.Helper()
	if resp == nil {
		return
	}
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		outputs["*Response "+verb] = fmt.Sprintf(verb, resp)
	}
	if resp.Response == nil {
		return
	}
	outputs["http.Response %+v"] = fmt.Sprintf("%+v", *resp.Response)
	require.NotNil(t, resp.Request)
	assert.Empty(t, resp.Request.Header.Get("Authorization"), "resp.Request carries Authorization")
	hop := 0
	for r := resp.Request; r != nil; hop++ {
		outputs[fmt.Sprintf("http.Request (hop %d back) %%+v", hop)] = fmt.Sprintf("%+v", *r)
		outputs[fmt.Sprintf("http.Request (hop %d back) headers", hop)] = fmt.Sprint(r.Header)
		if r.Response == nil {
			break
		}
		r = r.Response.Request
	}
}

// secretClientOutputs adds the fmt renderings of the client (by pointer, as
// users hold it), its Recoveries service and its options. Printing a
// zdm.Client value is TestSecretsClientFormatting's.
func secretClientOutputs(outputs map[string]string, c *zdm.Client, opts []zdm.ClientOption) {
	if c == nil {
		return
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		outputs["*Client "+verb] = fmt.Sprintf(verb, c)
		outputs["options "+verb] = fmt.Sprintf(verb, opts)
	}
	outputs["Client.String"] = c.String()
	outputs["Client.BaseURL"] = c.BaseURL()
}
