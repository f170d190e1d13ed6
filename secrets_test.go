package zdm_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// Secrets must never show: not in errors (whatever the path), Debug logs,
// panics, fmt of the client, its options, responses and errors, nor in
// URLs inside errors; and the token must not follow a redirect to another
// host. The secrets are long and distinctive so that any copy is found.
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
	auth := zdm.WithCredentials(secretEmail, password)
	if token != "" {
		auth = zdm.WithToken(token)
	}
	opts := append(append(srv.ClientOptions(), e.options(srv.HTTPClient().Transport, auth)...), more...)
	c, err := zdm.NewClient(srv.URL, opts...)
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

// secretCases are the rows: every error path that can be provoked, and a
// few successes.
func secretCases() []secretCase {
	onGET := func(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodGet, matrixMonitorPath) }
	onPOST := func(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodPost, "") }
	proxyPage := func(status int) func(w http.ResponseWriter, r *http.Request, echo string) {
		return func(w http.ResponseWriter, _ *http.Request, echo string) {
			secretWrite(w, status, "text/html", "<html><body><h1>"+http.StatusText(status)+"</h1><pre>"+echo+"</pre></body></html>")
		}
	}
	return []secretCase{
		// Successes: the response must not carry the Authorization.
		{name: "success with a static token", run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			c, opts := e.zdmtestClient(t, srv, srv.Token(), "") // the spy adds it to the secrets
			return secretMonitor(c, opts)
		}},
		{name: "success with credentials", run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "success after a 401 and re-issue", run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, onGET(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},

		// Errors from the fake server.
		{name: "401 on a static token", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "401 twice with credentials", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(2, onGET(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "empty 401 with a static token", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, zdmtest.EmptyBody(http.StatusUnauthorized))
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "404 job missing", is: []error{zdm.ErrNotFound}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), "", secretPassword)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_, resp, err := c.Recoveries.MonitorJob(ctx, "no-such-job", nil)
			return secretOutcome{err: err, resp: resp, client: c, opts: opts}
		}},
		{name: "503 after retries", is: []error{zdm.ErrServer}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(10, onGET(zdmtest.Status(http.StatusServiceUnavailable)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "nginx 502 after retries", is: []error{zdm.ErrServer}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(10, zdmtest.NginxBadGateway())
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "credentials rejected: 404 USER-ERROR-01", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), "", secretWrongPassword)
			return secretMonitor(c, opts)
		}},
		{name: "credentials rejected: 401", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, onPOST(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "token issue rate limited", is: []error{zdm.ErrRateLimited}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, onPOST(zdmtest.Status(http.StatusTooManyRequests)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "truncated JSON", is: []error{zdm.ErrUnexpectedResponse}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, onGET(zdmtest.TruncatedJSON()))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "body past the bound", is: []error{zdm.ErrUnexpectedResponse}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, onGET(zdmtest.HugeBody(2<<20)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword, zdm.WithMaxResponseBytes(1<<20))
			return secretMonitor(c, opts)
		}},
		{name: "200 success:false", is: []error{}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, onGET(zdmtest.SuccessFalse()))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "connections dropped", is: []error{io.EOF}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(10, zdmtest.DropConnection())
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "connection refused, static token", is: []error{syscall.ECONNREFUSED}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			srv.Close()
			return secretMonitor(c, opts)
		}},
		{name: "connection refused, credentials", is: []error{syscall.ECONNREFUSED}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			srv.Close()
			return secretMonitor(c, opts)
		}},
		{name: "context canceled", is: []error{context.Canceled}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, zdmtest.Delay(5*time.Second))
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			_, resp, err := c.Recoveries.MonitorJob(ctx, "job", nil)
			return secretOutcome{err: err, resp: resp, client: c, opts: opts}
		}},
		{name: "watch ends on 401 twice", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(2, onGET(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_, err := c.Recoveries.Watch(ctx, "job", nil, &zdm.WatchOptions{Interval: time.Millisecond})
			return secretOutcome{err: err, client: c, opts: opts}
		}},

		// Servers and proxies that echo what they were sent.
		{name: "proxy 502 page echoes the Authorization", is: []error{zdm.ErrServer}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, proxyPage(http.StatusBadGateway)), secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "proxy 200 page echoes the Authorization", is: []error{zdm.ErrUnexpectedResponse}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, proxyPage(http.StatusOK)), secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "proxy 401 page echoes the Authorization", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, proxyPage(http.StatusUnauthorized)), secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "token issue page echoes the password", is: []error{zdm.ErrBadRequest}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, proxyPage(http.StatusBadRequest)), "")
			return secretMonitor(c, opts)
		}},
		{name: "error envelope message echoes the token", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			ts := secretEchoServer(t, func(w http.ResponseWriter, r *http.Request, _ string) {
				secretWrite(w, http.StatusUnauthorized, "application/json",
					`{"success":false,"error":`+secretJSONString("Invalid token: "+r.Header.Get("Authorization"))+`}`)
			})
			c, opts := e.echoClient(t, ts, secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "error envelope detail echoes the token", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			ts := secretEchoServer(t, func(w http.ResponseWriter, r *http.Request, _ string) {
				secretWrite(w, http.StatusUnauthorized, "application/json",
					`{"success":false,"error":{"code":"UNAUTHORIZED","message":"Invalid token"},"detail":{"header":`+
						secretJSONString(r.Header.Get("Authorization"))+`}}`)
			})
			c, opts := e.echoClient(t, ts, secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "validation envelope echoes the password", is: []error{zdm.ErrBadRequest}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			ts := secretEchoServer(t, func(w http.ResponseWriter, r *http.Request, echo string) {
				body := strings.TrimPrefix(echo, "Authorization: "+r.Header.Get("Authorization")+"\n")
				secretWrite(w, http.StatusBadRequest, "application/json",
					`{"success":false,"error":`+secretJSONString("Validation failed for "+body)+`,"detail":{"received":`+body+`}}`)
			})
			c, opts := e.echoClient(t, ts, "")
			return secretMonitor(c, opts)
		}},
		{name: "watch ends by its context after echoing 503 pages", is: []error{context.DeadlineExceeded, zdm.ErrServer},
			run: func(t *testing.T, e *secretEnv) secretOutcome {
				c, opts := e.echoClient(t, secretEchoServer(t, proxyPage(http.StatusServiceUnavailable)), secretToken, zdm.WithRetryMax(0))
				ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
				defer cancel()
				_, err := c.Recoveries.Watch(ctx, "job", nil, &zdm.WatchOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond, MaxErrors: 1 << 20})
				var we *zdm.WatchError
				require.ErrorAs(t, err, &we)
				require.Error(t, we.LastError)
				return secretOutcome{err: err, client: c, opts: opts}
			}},
	}
}

// TestSecretsNeverLeak runs every row and searches all it left for the
// token, the passwords and any token issued on the way.
func TestSecretsNeverLeak(t *testing.T) {
	checkNoGoroutineLeak(t)
	for _, tc := range secretCases() {
		t.Run(tc.name, func(t *testing.T) {
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

// TestSecretsBaseURLUserinfo checks that a password in the base URL's
// userinfo is redacted wherever the URL shows: NewClient's errors, the
// client's String and BaseURL, API and transport errors, and logs.
func TestSecretsBaseURLUserinfo(t *testing.T) {
	checkNoGoroutineLeak(t)
	frags := secretFragments(secretURLPassword, base64.StdEncoding.EncodeToString([]byte(secretURLUser+":"+secretURLPassword)))
	withUserinfo := func(raw string) string {
		return strings.Replace(raw, "://", "://"+secretURLUser+":"+secretURLPassword+"@", 1)
	}

	t.Run("NewClient errors", func(t *testing.T) {
		for _, raw := range []string{
			"ftp://" + secretURLUser + ":" + secretURLPassword + "@zdm.example.com/api",
			"http://" + secretURLUser + ":" + secretURLPassword + "@zdm.example.com:port/api",
			"http://" + secretURLUser + ":" + secretURLPassword + "@zdm.example.com/api?x=1",
			"http://" + secretURLUser + ":" + secretURLPassword + "@/api",
			"http://" + secretURLUser + ":" + secretURLPassword + "@zdm.example.com/api\x7f",
		} {
			c, err := zdm.NewClient(raw)
			require.ErrorIs(t, err, zdm.ErrInvalidArgument, raw)
			assert.Nil(t, c)
			outputs := map[string]string{}
			secretErrorOutputs(outputs, "error", err)
			assertNoSecret(t, outputs, frags)
		}
	})

	rows := []struct {
		name        string
		credentials bool // WithCredentials with a wrong password, else a valid token
		run         func(t *testing.T, srv *zdmtest.Server, opts []zdm.ClientOption) error
		is          error
	}{
		{"404 job missing", false, func(t *testing.T, srv *zdmtest.Server, opts []zdm.ClientOption) error {
			c, err := zdm.NewClient(withUserinfo(srv.URL), opts...)
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "no-such-job", nil)
			return err
		}, zdm.ErrNotFound},
		{"503 after retries", false, func(t *testing.T, srv *zdmtest.Server, opts []zdm.ClientOption) error {
			srv.Inject(10, zdmtest.Status(http.StatusServiceUnavailable))
			c, err := zdm.NewClient(withUserinfo(srv.URL), opts...)
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "job", nil)
			return err
		}, zdm.ErrServer},
		{"truncated JSON", false, func(t *testing.T, srv *zdmtest.Server, opts []zdm.ClientOption) error {
			srv.Inject(1, zdmtest.TruncatedJSON())
			c, err := zdm.NewClient(withUserinfo(srv.URL), opts...)
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "job", nil)
			return err
		}, zdm.ErrUnexpectedResponse},
		{"connection refused", false, func(t *testing.T, srv *zdmtest.Server, opts []zdm.ClientOption) error {
			c, err := zdm.NewClient(withUserinfo(srv.URL), opts...)
			require.NoError(t, err)
			srv.Close()
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "job", nil)
			return err
		}, syscall.ECONNREFUSED},
		{"credentials rejected", true, func(t *testing.T, srv *zdmtest.Server, opts []zdm.ClientOption) error {
			c, err := zdm.NewClient(withUserinfo(srv.URL), opts...)
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "job", nil)
			return err
		}, zdm.ErrUnauthorized},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			srv := secretServer(t)
			e := &secretEnv{logs: newSecretLogCapture(), spy: &secretAuthSpy{}}
			opts := append(srv.ClientOptions(), e.options(srv.HTTPClient().Transport)...)
			if row.credentials {
				opts = append(opts, zdm.WithCredentials(secretEmail, secretWrongPassword))
			} else {
				opts = append(opts, zdm.WithToken(srv.Token()))
			}
			err := row.run(t, srv, opts)
			require.ErrorIs(t, err, row.is)

			var apiErr *zdm.APIError
			if errors.As(err, &apiErr) {
				assert.Contains(t, apiErr.URL, secretURLUser+":xxxxx@", "the user stays, the password is redacted")
			}
			assert.Contains(t, err.Error(), secretURLUser+":xxxxx@")
			outputs := map[string]string{}
			secretErrorOutputs(outputs, "error", err)
			logs := e.logs.all()
			assert.NotEmpty(t, logs)
			for i, l := range logs {
				outputs[fmt.Sprintf("log record %d", i)] = l
			}
			assertNoSecret(t, outputs, frags)
		})
	}

}

// TestSecretsRedirectToAnotherHost checks that the Authorization does not
// follow a redirect to another host: server A (127.0.0.1) answers the
// monitoring call with 302 to server B (localhost, or 127.0.0.1 on another
// port: another origin all the same), which must see no Authorization; the
// result is B's answer, and the *Response it comes with carries the
// Authorization on none of its hops.
func TestSecretsRedirectToAnotherHost(t *testing.T) {
	checkNoGoroutineLeak(t)
	seed, err := os.ReadFile(filepath.Join("testdata", "monitor_seed.json"))
	require.NoError(t, err)
	const issuedToken = "tok-SECRET-issued-3e9a1c7f5b0d2e8a4c6f1b3d9e7a5c0f"

	for _, tc := range []struct {
		name   string
		host   string // B's host name
		scheme string // WithAuthScheme
		creds  bool   // WithCredentials, else WithToken(secretToken)
		sent   string // the Authorization A must have seen
	}{
		{name: "static token", host: "localhost", scheme: "Bearer", sent: "Bearer " + secretToken},
		{name: "bare static token", host: "localhost", scheme: "", sent: secretToken},
		{name: "credentials", host: "localhost", scheme: "Bearer", creds: true, sent: "Bearer " + issuedToken},
		{name: "same host name, another port", host: "127.0.0.1", scheme: "Bearer", sent: "Bearer " + secretToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var authA, authB []string
			b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				authB = append(authB, r.Header.Get("Authorization"))
				mu.Unlock()
				secretWrite(w, http.StatusOK, "application/json", string(seed))
			}))
			defer b.Close()
			bURL, err := url.Parse(b.URL)
			require.NoError(t, err)
			a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					secretWrite(w, http.StatusOK, "application/json",
						`{"success":true,"data":{"token":"`+issuedToken+`","expiresAt":"2099-01-01T00:00:00Z"}}`)
					return
				}
				mu.Lock()
				authA = append(authA, r.Header.Get("Authorization"))
				mu.Unlock()
				http.Redirect(w, r, "http://"+tc.host+":"+bURL.Port()+r.URL.RequestURI(), http.StatusFound)
			}))
			defer a.Close()

			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			logs := newSecretLogCapture()
			auth := zdm.WithToken(secretToken)
			if tc.creds {
				auth = zdm.WithCredentials(secretEmail, secretPassword)
			}
			opts := []zdm.ClientOption{
				zdm.WithHTTPClient(&http.Client{Transport: tr}),
				zdm.WithLogger(slog.New(logs)),
				zdm.WithRetryWait(time.Millisecond, 5*time.Millisecond),
				zdm.WithAuthScheme(tc.scheme),
				auth,
			}
			c, err := zdm.NewClient(a.URL+"/api/v1", opts...)
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			m, resp, err := c.Recoveries.MonitorJob(ctx, "daily-recovery", nil)

			mu.Lock()
			defer mu.Unlock()
			require.Equal(t, []string{tc.sent}, authA, "A got the Authorization")
			require.NotEmpty(t, authB, "the redirect was followed")
			for _, got := range authB {
				assert.Empty(t, got, "B, another origin, got the Authorization")
			}
			require.NoError(t, err)
			assert.Equal(t, "daily-recovery", m.Job.Info.Name, "the result is B's answer")
			require.NotNil(t, resp)
			assert.Equal(t, tc.host+":"+bURL.Port(), resp.Request.URL.Host)

			outputs := map[string]string{}
			secretResponseOutputs(t, outputs, resp)
			secretClientOutputs(outputs, c, opts)
			for i, l := range logs.all() {
				outputs[fmt.Sprintf("log record %d", i)] = l
			}
			assertNoSecret(t, outputs, secretFragments(secretToken, secretPassword, issuedToken))
		})
	}
}

// TestSecretsClientFormatting prints clients (a token client, a
// credentials client that has issued a token, a client of a base URL with
// a password in it) every way fmt can: by pointer and by value, their
// Recoveries service, their options, String and BaseURL, with every verb.
func TestSecretsClientFormatting(t *testing.T) {
	checkNoGoroutineLeak(t)
	srv := secretServer(t)
	withUserinfo := strings.Replace(srv.URL, "://", "://"+secretURLUser+":"+secretURLPassword+"@", 1)
	frags := secretFragments(secretToken, secretPassword, secretURLPassword)

	clients := []struct {
		name string
		base string
		auth zdm.ClientOption
	}{
		{"token client", srv.URL, zdm.WithToken(secretToken)},
		{"credentials client", srv.URL, zdm.WithCredentials(secretEmail, secretPassword)},
		{"userinfo base URL", withUserinfo, zdm.WithToken(secretToken)},
	}
	subjects := []struct {
		name  string
		value func(c *zdm.Client, opts []zdm.ClientOption) any
	}{
		{"*Client", func(c *zdm.Client, _ []zdm.ClientOption) any { return c }},
		{"Client value", func(c *zdm.Client, _ []zdm.ClientOption) any { return *c }},
		{"*RecoveriesService", func(c *zdm.Client, _ []zdm.ClientOption) any { return c.Recoveries }},
		{"RecoveriesService value", func(c *zdm.Client, _ []zdm.ClientOption) any { return *c.Recoveries }},
		{"options", func(_ *zdm.Client, opts []zdm.ClientOption) any { return opts }},
		{"String()", func(c *zdm.Client, _ []zdm.ClientOption) any { return c.String() }},
		{"BaseURL()", func(c *zdm.Client, _ []zdm.ClientOption) any { return c.BaseURL() }},
	}
	for _, cl := range clients {
		t.Run(cl.name, func(t *testing.T) {
			e := &secretEnv{logs: newSecretLogCapture(), spy: &secretAuthSpy{}}
			opts := append(srv.ClientOptions(), e.options(srv.HTTPClient().Transport, cl.auth)...)
			c, err := zdm.NewClient(cl.base, opts...)
			require.NoError(t, err)
			// A call first, so that a credentials client holds an issued token.
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "job", nil)
			if cl.name == "credentials client" {
				require.NoError(t, err)
			}
			if cl.name == "userinfo base URL" {
				assert.Equal(t, strings.Replace(srv.URL, "://", "://"+secretURLUser+":xxxxx@", 1), c.BaseURL())
			}
			allFrags := append(frags, secretFragments(e.spy.tokens()...)...)
			for _, sub := range subjects {
				t.Run(sub.name, func(t *testing.T) {
					v := sub.value(c, opts)
					outputs := map[string]string{}
					for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
						outputs[verb] = fmt.Sprintf(verb, v)
					}
					assertNoSecret(t, outputs, allFrags)
				})
			}
		})
	}
}
