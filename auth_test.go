package zdm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testEmail    = "ops@example.com"
	testPassword = "Pa55-w0rd!secret"
)

// authServer issues tokens and checks them on the monitoring route, like
// a ZDM server, with knobs for the cases under test.
type authServer struct {
	t        testing.TB
	mu       sync.Mutex
	routes   map[string]bool // issue routes served: "auth/issue", "token/issue"
	life     time.Duration   // token lifetime
	zoneless *time.Location  // send expiresAt zone-less in this zone
	gate     chan struct{}   // when set, issue calls wait for it
	tokens   map[string]time.Time
	issues   []string // issue paths called, in order
	gets     int
	revoked  bool // every token so far is rejected
	reject   int  // status for rejected credentials: 401 or 404
	always   int  // when set, every GET answers this status
}

func newAuthServer(t testing.TB, routes ...string) *authServer {
	s := &authServer{t: t, routes: map[string]bool{}, life: time.Hour, tokens: map[string]time.Time{}, reject: 404}
	for _, r := range routes {
		s.routes[r] = true
	}
	return s
}

func (s *authServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, testPrefix+"/")
	if r.Method == http.MethodPost {
		s.mu.Lock()
		s.issues = append(s.issues, path)
		gate := s.gate
		served := s.routes[path]
		s.mu.Unlock()
		if !served {
			reply(w, 404, "text/html; charset=utf-8", []byte("<!DOCTYPE html>\n<html><body><pre>Cannot POST "+r.URL.Path+"</pre></body></html>"))
			return
		}
		if gate != nil {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		var body issueBody
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.Email != testEmail || body.Password != testPassword {
			if s.reject == 401 {
				reply(w, 401, "", nil)
				return
			}
			reply(w, 404, "application/json", fixture(s.t, "error_user_not_found.json"))
			return
		}
		s.mu.Lock()
		tok := fmt.Sprintf("tok-%d-%s", len(s.tokens)+1, strings.Repeat("z", 8))
		exp := time.Now().Add(s.life)
		s.tokens[tok] = exp
		s.mu.Unlock()
		expText := exp.UTC().Format(time.RFC3339)
		if s.zoneless != nil {
			expText = exp.In(s.zoneless).Format("2006-01-02 15:04:05")
		}
		reply(w, 201, "application/json", []byte(`{"success":true,"requestID":"r","data":{"token":"`+tok+`","expiresAt":"`+expText+`"}}`))
		return
	}
	s.mu.Lock()
	s.gets++
	exp, known := s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	valid := known && !s.revoked && time.Now().Before(exp)
	always := s.always
	s.mu.Unlock()
	switch {
	case always != 0:
		reply(w, always, "application/json", []byte(`{"success":false,"error":{"code":"UNAUTHORIZED","message":"no"}}`))
	case !valid:
		reply(w, 401, "application/json", []byte(`{"success":false,"error":{"code":"UNAUTHORIZED","message":"Invalid or expired token"}}`))
	default:
		reply(w, 200, "application/json", fixture(s.t, "monitor_seed.json"))
	}
}

func (s *authServer) issueCalls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issues...)
}

func TestCredentialsIssueOnceAndReuse(t *testing.T) {
	t.Parallel()
	s := newAuthServer(t, "auth/issue")
	c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
	for i := 0; i < 3; i++ {
		_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"auth/issue"}, s.issueCalls())
}

func TestCredentialsRouteFallback(t *testing.T) {
	t.Parallel()
	for _, missing := range []int{404, 405} {
		t.Run(fmt.Sprint(missing), func(t *testing.T) {
			s := newAuthServer(t, "token/issue")
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if missing == 405 && strings.HasSuffix(r.URL.Path, "/auth/issue") {
					s.mu.Lock()
					s.issues = append(s.issues, "auth/issue")
					s.mu.Unlock()
					reply(w, 405, "text/plain", []byte("Method Not Allowed"))
					return
				}
				s.ServeHTTP(w, r)
			})
			c := newLocalClient(t, h, WithCredentials(testEmail, testPassword))
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.NoError(t, err)
			assert.Equal(t, []string{"auth/issue", "token/issue"}, s.issueCalls())

			// The route is remembered: a re-issue goes straight to token/issue.
			s.mu.Lock()
			s.revoked = true
			s.mu.Unlock()
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.Error(t, err)
			assert.Equal(t, []string{"auth/issue", "token/issue", "token/issue"}, s.issueCalls())
		})
	}
}

func TestCredentialsRejected(t *testing.T) {
	t.Parallel()
	for _, reject := range []int{401, 404} {
		t.Run(fmt.Sprint(reject), func(t *testing.T) {
			s := newAuthServer(t, "auth/issue", "token/issue")
			s.reject = reject
			var logs bytes.Buffer
			c := newLocalClient(t, s, WithCredentials(testEmail, "wrong-"+testPassword),
				WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.ErrorIs(t, err, ErrUnauthorized)
			assert.NotErrorIs(t, err, ErrNotFound, "a rejected login is not a missing job")
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, reject, apiErr.StatusCode)
			assert.Contains(t, err.Error(), "credentials rejected")
			assert.NotContains(t, err.Error(), testPassword)
			assert.NotContains(t, logs.String(), testPassword)
			assert.Equal(t, []string{"auth/issue"}, s.issueCalls(), "a rejection is not a missing route")
			assert.Zero(t, s.gets, "nothing is sent without a token")
			if reject == 404 {
				assert.Equal(t, "USER-ERROR-01", apiErr.Code)
			}
		})
	}
}

func TestCredentialsReissueBeforeExpiry(t *testing.T) {
	t.Parallel()
	for _, zone := range []*time.Location{nil, time.FixedZone("KST", 9*3600)} {
		t.Run(fmt.Sprint(zone), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newAuthServer(t, "token/issue")
				opts := []ClientOption{WithCredentials(testEmail, testPassword)}
				if zone != nil {
					s.zoneless = zone
					opts = append(opts, WithServerTimeZone(zone))
				}
				c := newLocalClient(t, s, opts...)
				poll := func() {
					_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
					require.NoError(t, err)
				}
				poll()
				time.Sleep(58 * time.Minute)
				poll()
				assert.Len(t, s.issueCalls(), 2, "still valid at 58 min")
				time.Sleep(90 * time.Second) // 59.5 min: within a minute of expiry
				poll()
				assert.Len(t, s.issueCalls(), 3, "replaced shortly before expiry")
				s.mu.Lock()
				assert.Equal(t, 3, s.gets, "no request was rejected on the way")
				s.mu.Unlock()
			})
		})
	}
}

func TestCredentialsReissueOn401AndReplayOnce(t *testing.T) {
	t.Parallel()
	s := newAuthServer(t, "auth/issue")
	c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)

	// The server forgets its tokens (a restart): one 401, a re-issue, a replay.
	s.mu.Lock()
	s.tokens = map[string]time.Time{}
	s.gets = 0
	s.mu.Unlock()
	_, resp, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.Equal(t, 2, s.gets)
	assert.Len(t, s.issueCalls(), 2)

	// A server that rejects even a fresh token: the second 401 is final.
	s.mu.Lock()
	s.always = 401
	s.gets = 0
	s.mu.Unlock()
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 2, s.gets, "one replay, never a loop")
	assert.Len(t, s.issueCalls(), 3)
}

func TestStaticToken401NotReplayed(t *testing.T) {
	t.Parallel()
	s := newAuthServer(t)
	c := newLocalClient(t, s, WithToken("static-token-value"))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 1, s.gets)
	assert.NotContains(t, err.Error(), "static-token-value")
}

func TestCredentialsSingleFlight(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newAuthServer(t, "auth/issue")
		s.gate = make(chan struct{})
		c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
		const callers = 50
		errs := make(chan error, callers)
		for i := 0; i < callers; i++ {
			go func() {
				_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
				errs <- err
			}()
		}
		synctest.Wait() // every caller is waiting on the one issue call
		assert.Len(t, s.issueCalls(), 1)
		close(s.gate)
		for i := 0; i < callers; i++ {
			require.NoError(t, <-errs)
		}
		assert.Len(t, s.issueCalls(), 1, "one issue call for all callers")
	})
}

func TestCredentials_IssueOutlivesTheCallerThatStartedIt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newAuthServer(t, "auth/issue")
		s.gate = make(chan struct{})
		c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
		leaderCtx, cancelLeader := context.WithCancel(context.Background())
		leaderErr := make(chan error, 1)
		go func() {
			_, _, err := c.Recoveries.MonitorJob(leaderCtx, "1", nil)
			leaderErr <- err
		}()
		synctest.Wait()
		followerErr := make(chan error, 1)
		go func() {
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			followerErr <- err
		}()
		synctest.Wait()
		cancelLeader()
		require.ErrorIs(t, <-leaderErr, context.Canceled)
		synctest.Wait()
		close(s.gate)
		require.NoError(t, <-followerErr)
		assert.Len(t, s.issueCalls(), 1, "the issue call runs detached: the follower shares it")
	})
}

func TestCredentialsWaiterCancel(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newAuthServer(t, "auth/issue")
		s.gate = make(chan struct{})
		c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
		go func() { _, _, _ = c.Recoveries.MonitorJob(context.Background(), "1", nil) }()
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, _, err := c.Recoveries.MonitorJob(ctx, "1", nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, time.Second, time.Since(start))
		close(s.gate)
		synctest.Wait()
	})
}

func TestLogsAtDebugHoldNoSecrets(t *testing.T) {
	t.Parallel()
	s := newAuthServer(t, "token/issue")
	var logs bytes.Buffer
	c := newLocalClient(t, s, WithCredentials(testEmail, testPassword),
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	out := logs.String()
	assert.Contains(t, out, "zdm: request")
	assert.Contains(t, out, "zdm: token issued")
	assert.NotContains(t, out, testPassword)
	assert.NotContains(t, out, "tok-1-")
	assert.NotContains(t, out, "Authorization")
}

func TestCredentialsIssueTimeoutSharedByWaiters(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		issues := 0
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			issues++
			mu.Unlock()
			<-r.Context().Done() // never answers: the client's timeout ends it
		})
		c, err := NewClient("http://zdm.test/api/v1", WithCredentials(testEmail, testPassword),
			WithHTTPClient(&http.Client{Transport: handlerTransport{h}, Timeout: 10 * time.Second}))
		require.NoError(t, err)
		const callers = 6
		errs := make(chan error, callers)
		start := time.Now()
		for range callers {
			go func() {
				_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
				errs <- err
			}()
		}
		for range callers {
			err := <-errs
			require.ErrorIs(t, err, context.DeadlineExceeded)
		}
		// The one shared issue call is retried like a GET (issuing has no
		// side effect) until its own 30 s limit: 3 attempts of 10 s.
		assert.Equal(t, issueTimeout, time.Since(start), "every caller ends with the one issue call's time limit")
		assert.Equal(t, 3, issues, "one issue call, retried: no caller issues again")
	})
}

func TestIssueReplyTokenNotQuoted(t *testing.T) {
	t.Parallel()
	const leaked = "tok-LEAK-0123456789abcdef"
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 201, "application/json", []byte(`{"success":true,"data":{"token":"`+leaked+`","expiresAt":`))
	})
	c := newLocalClient(t, h, WithCredentials(testEmail, testPassword))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, err.Error(), "LEAK")
	assert.Nil(t, apiErr.Body)
	assert.Contains(t, err.Error(), "invalid JSON", "it still says what came back")
}

func TestIssueRouteNotHammered(t *testing.T) {
	t.Parallel()
	t.Run("an endpoint that rejects every token", func(t *testing.T) {
		s := newAuthServer(t, "auth/issue")
		s.always = 401
		c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
		for range 5 {
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.ErrorIs(t, err, ErrUnauthorized)
		}
		assert.Len(t, s.issueCalls(), 2, "the first token and one replacement, not one per request")
	})
	t.Run("an implausibly short life", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := newAuthServer(t, "auth/issue")
			s.life = 30 * time.Second // as a zone mix-up makes an hour look
			c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
			for range 5 {
				_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
				require.NoError(t, err)
				time.Sleep(time.Second)
			}
			assert.Len(t, s.issueCalls(), 1)
		})
	})
	t.Run("a failed renewal keeps the old token", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := newAuthServer(t, "auth/issue")
			var mu sync.Mutex
			limited := false
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				l := limited
				mu.Unlock()
				if l && r.Method == http.MethodPost {
					w.Header().Set("Retry-After", "60")
					reply(w, 429, "application/json", fixture(t, "error_rate_limit_429.json"))
					return
				}
				s.ServeHTTP(w, r)
			})
			c := newLocalClient(t, h, WithCredentials(testEmail, testPassword), WithRetryWait(time.Second, 2*time.Minute))
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.NoError(t, err)
			mu.Lock()
			limited = true
			mu.Unlock()
			time.Sleep(59*time.Minute + 30*time.Second) // in the renewal margin
			for range 3 {
				_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
				require.NoError(t, err, "the old token is still valid")
			}
			assert.Len(t, s.issueCalls(), 1, "the 429 is remembered for its Retry-After")
		})
	})
}

func TestShortPasswordRedacted(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		reply(w, 400, "application/json", []byte(`{"success":false,"error":"bad login `+strings.ReplaceAll(string(body), `"`, `'`)+`"}`))
	})
	c := newLocalClient(t, h, WithCredentials(testEmail, "Qz9"))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrBadRequest)
	assert.NotContains(t, err.Error(), "Qz9")
	assert.Contains(t, err.Error(), "[REDACTED]")
}

func TestTokenIssue_RefusesRedirectsOffTheOrigin(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			var foreignSaw atomic.Bool
			foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := readAllLimited(r)
				if bytes.Contains(b, []byte(testPassword)) || r.Method == http.MethodPost || r.Method == http.MethodGet {
					foreignSaw.Store(true)
				}
				reply(w, 201, "application/json", []byte(`{"success":true,"data":{"token":"foreign-token","expiresAt":"2099-01-01T00:00:00Z"}}`))
			}))
			defer foreign.Close()
			var gotAuth atomic.Value
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					http.Redirect(w, r, foreign.URL+"/steal", code)
					return
				}
				gotAuth.Store(r.Header.Get("Authorization"))
				reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
			})
			c, err := NewClient(srv.base(), WithCredentials(testEmail, testPassword), WithRetryMax(0))
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "redirected to another origin")
			assert.False(t, foreignSaw.Load(), "nothing reaches the other origin")
			assert.Nil(t, gotAuth.Load(), "no foreign token is sent to the server")
		})
	}
}

func TestTokenIssue_RefusesTokensThatAreNotHeaderValues(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{`abc\n`, `abc\r\nX-Injected: yes`, `a\u0000b`, strings.Repeat("t", 2<<20)} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				reply(w, 201, "application/json", []byte(`{"success":true,"data":{"token":"`+tok+`","expiresAt":"2099-01-01T00:00:00Z"}}`))
				return
			}
			reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
		})
		c := newLocalClient(t, h, WithCredentials(testEmail, testPassword), WithMaxResponseBytes(8<<20))
		_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.ErrorIs(t, err, ErrUnexpectedResponse, "%.20q", tok)
		assert.Contains(t, err.Error(), "token")
		_, ok := c.auth.cached()
		assert.False(t, ok, "nothing cached")
	}
}

func TestTokenIssue_ImpatientCallersDoNotBurnTheRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var issues atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				issues.Add(1)
				time.Sleep(30 * time.Millisecond)
				reply(w, 201, "application/json", []byte(`{"success":true,"data":{"token":"tok-abcdef","expiresAt":"2099-01-01T00:00:00Z"}}`))
				return
			}
			reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
		})
		c := newLocalClient(t, h, WithCredentials(testEmail, testPassword))
		var wg sync.WaitGroup
		for range 21 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
				defer cancel()
				_, _, err := c.Recoveries.MonitorJob(ctx, "1", nil)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
			}()
		}
		wg.Wait()
		_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.NoError(t, err, "a patient caller afterwards gets the token the detached issue got")
		assert.Equal(t, int32(1), issues.Load(), "one issue call for 22 callers")
	})
}

func TestTokenIssue_APanicDoesNotWedgeTheClient(t *testing.T) {
	t.Parallel()
	var panicked atomic.Bool
	auth := handlerTransport{newAuthServer(t, "token/issue", "auth/issue")}
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost && panicked.CompareAndSwap(false, true) {
			panic("transport bug")
		}
		return auth.RoundTrip(r)
	})
	c, err := NewClient("http://zdm.test"+testPrefix, WithHTTPClient(&http.Client{Transport: rt}), WithCredentials(testEmail, testPassword))
	require.NoError(t, err)
	assert.PanicsWithValue(t, "transport bug", func() { _, _, _ = c.Recoveries.MonitorJob(context.Background(), "1", nil) },
		"the caller that started the issue sees the panic")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _, err = c.Recoveries.MonitorJob(ctx, "1", nil)
	require.NoError(t, err, "the next call issues again instead of waiting forever")
}

func TestCredentials_SecondRejectionSaysWhenTheNextReissueIs(t *testing.T) {
	t.Parallel()
	s := newAuthServer(t, "token/issue")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			s.ServeHTTP(w, r)
			return
		}
		reply(w, 401, "application/json", []byte(`{"success":false,"error":"invalid token"}`))
	})
	c := newLocalClient(t, h, WithCredentials(testEmail, testPassword))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Contains(t, err.Error(), "the next re-issue is tried after")
	issued := 0
	for _, p := range s.issueCalls() {
		if p == "token/issue" {
			issued++
		}
	}
	assert.Equal(t, 2, issued, "one issue, one re-issue after the 401, then held back")
}

// TestTokenIssue_TransientFailureIsRetriedLikeAGET: issuing a token has no
// side effect, so one 503 (or a dropped connection) on the issue call is
// retried like a GET's, instead of failing every caller waiting for it.
func TestTokenIssue_TransientFailureIsRetriedLikeAGET(t *testing.T) {
	t.Parallel()
	for _, fail := range []string{"503", "connection dropped"} {
		t.Run(fail, func(t *testing.T) {
			t.Parallel()
			var posts atomic.Int32
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost {
					reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
					return
				}
				if posts.Add(1) == 1 {
					if fail == "503" {
						reply(w, 503, "text/html", []byte("<html>503 Service Unavailable</html>"))
						return
					}
					conn, _, _ := w.(http.Hijacker).Hijack()
					_ = conn.Close()
					return
				}
				reply(w, 201, "application/json", []byte(`{"success":true,"data":{"token":"tok-abcdef","expiresAt":"2099-01-01T00:00:00Z"}}`))
			}))
			defer ts.Close()
			c, err := NewClient(ts.URL+"/api", WithCredentials(testEmail, testPassword), WithRetryWait(time.Millisecond, 2*time.Millisecond))
			require.NoError(t, err)
			defer c.Close()
			var wg sync.WaitGroup
			var failed atomic.Int32
			for range 50 {
				wg.Go(func() {
					if _, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil); err != nil {
						failed.Add(1)
					}
				})
			}
			wg.Wait()
			assert.Zero(t, failed.Load(), "calls failed by one transient issue failure")
			assert.Equal(t, int32(2), posts.Load(), "one issue call, retried once")
		})
	}
}
