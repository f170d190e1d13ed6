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
	"slices"
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
// origin. Each test searches every output it can reach for every secret
// (see secrets_helpers_test.go). The tests that check for leaked
// goroutines run alone, their rows in parallel.

// Successful calls (a static token, credentials, a re-issue after 401)
// leave no secret in their *Response, its requests hop by hop, the
// client, its options nor the Debug logs; the response carries no
// Authorization.
func TestSecrets_NotInSuccessfulCallsNorTheirResponses(t *testing.T) {
	checkNoGoroutineLeak(t)
	runSecretCases(t, []secretCase{
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
			srv.Inject(1, secretOnGET(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
	})
}

// Rejected tokens and credentials, and a rate-limited token issue, leave
// no secret in the error (every rendering, every string reachable from
// it), the response, the client nor the logs.
func TestSecrets_NeverInAuthenticationErrors(t *testing.T) {
	checkNoGoroutineLeak(t)
	runSecretCases(t, []secretCase{
		{name: "401 on a static token", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "401 twice with credentials", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(2, secretOnGET(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "empty 401 with a static token", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, zdmtest.EmptyBody(http.StatusUnauthorized))
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "credentials rejected: 404 USER-ERROR-01", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), "", secretWrongPassword)
			return secretMonitor(c, opts)
		}},
		{name: "credentials rejected: 401", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, secretOnPOST(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "token issue rate limited", is: []error{zdm.ErrRateLimited}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, secretOnPOST(zdmtest.Status(http.StatusTooManyRequests)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
	})
}

// Server errors after retries and answers that fail to decode leave no
// secret anywhere.
func TestSecrets_NeverInServerOrDecodingErrors(t *testing.T) {
	checkNoGoroutineLeak(t)
	runSecretCases(t, []secretCase{
		{name: "404 job missing", is: []error{zdm.ErrNotFound}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.zdmtestClient(t, secretServer(t), "", secretPassword)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_, resp, err := c.Recoveries.MonitorJob(ctx, "no-such-job", nil)
			return secretOutcome{err: err, resp: resp, client: c, opts: opts}
		}},
		{name: "503 after retries", is: []error{zdm.ErrServer}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(10, secretOnGET(zdmtest.Status(http.StatusServiceUnavailable)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "nginx 502 after retries", is: []error{zdm.ErrServer}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(10, zdmtest.NginxBadGateway())
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "truncated JSON", is: []error{zdm.ErrUnexpectedResponse}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, secretOnGET(zdmtest.TruncatedJSON()))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
		{name: "body past the bound", is: []error{zdm.ErrUnexpectedResponse}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, secretOnGET(zdmtest.HugeBody(2<<20)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword, zdm.WithMaxResponseBytes(1<<20))
			return secretMonitor(c, opts)
		}},
		{name: "200 success:false", is: []error{}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(1, secretOnGET(zdmtest.SuccessFalse()))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			return secretMonitor(c, opts)
		}},
	})
}

// Dropped and refused connections and a canceled context leave no secret
// anywhere, with a static token or with credentials.
func TestSecrets_NeverInTransportErrors(t *testing.T) {
	checkNoGoroutineLeak(t)
	runSecretCases(t, []secretCase{
		{name: "connections dropped", is: []error{io.EOF}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(10, zdmtest.DropConnection())
			c, opts := e.zdmtestClient(t, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "connection refused, static token", is: []error{syscall.ECONNREFUSED}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			c, opts := e.clientAt(t, refusedURL, srv, secretToken, "")
			return secretMonitor(c, opts)
		}},
		{name: "connection refused, credentials", is: []error{syscall.ECONNREFUSED}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			c, opts := e.clientAt(t, refusedURL, srv, "", secretPassword)
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
	})
}

// A watch that ends on a permanent error, or by its context after
// transient ones, leaves no secret in its *WatchError nor its last error.
func TestSecrets_NeverInWatchErrors(t *testing.T) {
	checkNoGoroutineLeak(t)
	runSecretCases(t, []secretCase{
		{name: "watch ends on 401 twice", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			srv := secretServer(t)
			srv.Inject(2, secretOnGET(zdmtest.Status(http.StatusUnauthorized)))
			c, opts := e.zdmtestClient(t, srv, "", secretPassword)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_, err := c.Recoveries.Watch(ctx, "job", nil, &zdm.WatchOptions{Interval: time.Millisecond})
			return secretOutcome{err: err, client: c, opts: opts}
		}},
		{name: "watch ends by its context after echoing 503 pages", is: []error{context.DeadlineExceeded, zdm.ErrServer},
			run: func(t *testing.T, e *secretEnv) secretOutcome {
				c, opts := e.echoClient(t, secretEchoServer(t, secretProxyPage(http.StatusServiceUnavailable)), secretToken, zdm.WithRetryMax(0))
				// Long enough (over 100x a poll) that a busy machine still
				// answers a poll before the context ends: the error must
				// carry the last page seen.
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				_, err := c.Recoveries.Watch(ctx, "job", nil, &zdm.WatchOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond, MaxErrors: 1 << 20})
				var we *zdm.WatchError
				require.ErrorAs(t, err, &we)
				require.Error(t, we.LastError)
				return secretOutcome{err: err, client: c, opts: opts}
			}},
	})
}

// A proxy page, an error envelope or a validation answer that echoes the
// Authorization or the issue call's body (the password) back is kept on
// the error with the secrets redacted.
func TestSecrets_RedactedWhenTheServerOrAProxyEchoesThem(t *testing.T) {
	checkNoGoroutineLeak(t)
	runSecretCases(t, []secretCase{
		{name: "proxy 502 page echoes the Authorization", is: []error{zdm.ErrServer}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, secretProxyPage(http.StatusBadGateway)), secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "proxy 200 page echoes the Authorization", is: []error{zdm.ErrUnexpectedResponse}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, secretProxyPage(http.StatusOK)), secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "proxy 401 page echoes the Authorization", is: []error{zdm.ErrUnauthorized}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, secretProxyPage(http.StatusUnauthorized)), secretToken)
			return secretMonitor(c, opts)
		}},
		{name: "token issue page echoes the password", is: []error{zdm.ErrBadRequest}, run: func(t *testing.T, e *secretEnv) secretOutcome {
			c, opts := e.echoClient(t, secretEchoServer(t, secretProxyPage(http.StatusBadRequest)), "")
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
	})
}

// A password in the base URL's userinfo never shows in NewClient's
// errors, whatever makes it refuse the URL.
func TestSecrets_BaseURLPasswordNeverInNewClientErrors(t *testing.T) {
	checkNoGoroutineLeak(t)
	frags := secretFragments(secretURLPassword, base64.StdEncoding.EncodeToString([]byte(secretURLUser+":"+secretURLPassword)))
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
}

// A password in the base URL's userinfo is redacted wherever the URL
// shows once the client runs: API and transport errors (the user stays,
// the password reads xxxxx) and the logs.
func TestSecrets_BaseURLPasswordRedactedInCallErrorsAndLogs(t *testing.T) {
	checkNoGoroutineLeak(t)
	frags := secretFragments(secretURLPassword, base64.StdEncoding.EncodeToString([]byte(secretURLUser+":"+secretURLPassword)))
	withUserinfo := func(raw string) string {
		return strings.Replace(raw, "://", "://"+secretURLUser+":"+secretURLPassword+"@", 1)
	}

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
			c, err := zdm.NewClient(withUserinfo(refusedURL), opts...)
			require.NoError(t, err)
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
			t.Parallel()
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

// Nothing follows a redirect to another origin: server A (127.0.0.1)
// answers the monitoring call with 302 to server B (localhost, or
// 127.0.0.1 on another port: another origin all the same). B sees no
// request at all (issue 17: a credentialed request is never redirected off
// its origin); the call's error is A's 302, naming the Location, and
// neither it, the *Response nor the logs hold a secret.
func TestSecrets_NotSentOnRedirectOffOrigin(t *testing.T) {
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
			t.Parallel()
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
			assert.Empty(t, authB, "B, another origin, got no request")
			assert.Nil(t, m)
			var apiErr *zdm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusFound, apiErr.StatusCode)
			assert.Contains(t, err.Error(), "another origin")
			assert.Contains(t, err.Error(), tc.host+":"+bURL.Port())
			require.NotNil(t, resp)
			assert.Equal(t, a.Listener.Addr().String(), resp.Request.URL.Host)

			outputs := map[string]string{"error": err.Error()}
			secretResponseOutputs(t, outputs, resp)
			secretClientOutputs(outputs, c, opts)
			for i, l := range logs.all() {
				outputs[fmt.Sprintf("log record %d", i)] = l
			}
			assertNoSecret(t, outputs, secretFragments(secretToken, secretPassword, issuedToken))
		})
	}
}

// Clients print no secret: clients (a token client, a
// credentials client that has issued a token, a client of a base URL with
// a password in it) every way fmt can: by pointer and by value, their
// Recoveries service, their options, String and BaseURL, with every verb.
func TestSecrets_NeverInClientFormatting(t *testing.T) {
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
			t.Parallel()
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
			// Clip: the clients run in parallel, and must not append into one array.
			allFrags := append(slices.Clip(frags), secretFragments(e.spy.tokens()...)...)
			for _, sub := range subjects {
				t.Run(sub.name, func(t *testing.T) {
					v := sub.value(c, opts)
					outputs := map[string]string{}
					verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"}
					if strings.HasSuffix(sub.name, " value") {
						// Values have no String or Format method (issue 19
						// cut the value receivers): fmt walks their fields,
						// whose secrets sit behind pointers it prints as
						// addresses with these verbs.
						verbs = verbs[:3]
					}
					for _, verb := range verbs {
						outputs[verb] = fmt.Sprintf(verb, v)
					}
					assertNoSecret(t, outputs, allFrags)
				})
			}
		})
	}
}

// TestSecrets_EchoedTokenNotInResponseBodyNorMessage: a server that
// echoes the bearer token in its answer leaves it neither in the
// *Response's body (read and closed, as its doc says: reading it gives
// nothing) nor in a success's Message, which is scrubbed like an
// error's.
func TestSecrets_EchoedTokenNotInResponseBodyNorMessage(t *testing.T) {
	const tok = "eyJhbGciOiJIUzI1NiJ9.secret-token-value"
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"an error envelope", false},
		{"a success envelope", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if !tc.ok {
					w.WriteHeader(http.StatusNotFound)
					_, _ = io.WriteString(w, `{"success":false,"requestID":"r1","error":"no job for token `+r.Header.Get("Authorization")+`"}`)
					return
				}
				_, _ = io.WriteString(w, `{"success":true,"requestID":"r1","data":[],"message":"hello `+r.Header.Get("Authorization")+`"}`)
			}))
			defer ts.Close()
			c, err := zdm.NewClient(ts.URL+"/api", zdm.WithToken(tok))
			require.NoError(t, err)
			_, resp, err := c.Recoveries.List(context.Background(), nil)
			assert.Equal(t, !tc.ok, err != nil, "error: %v", err)
			if err != nil {
				assert.NotContains(t, err.Error(), tok)
			}
			require.NotNil(t, resp)
			assert.NotContains(t, resp.Message, tok)
			raw, rerr := io.ReadAll(resp.Body)
			require.NoError(t, rerr)
			assert.Empty(t, raw, "the body was read and closed")
			require.NoError(t, resp.Body.Close())
		})
	}
}
