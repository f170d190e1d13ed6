package zdm

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

func TestRedaction_PasswordEchoedInAnyForm(t *testing.T) {
	t.Parallel()
	const pw = "p\"w\\ä\tSecret-Long-Enough-To-Be-Cut-" // quotes, backslash, non-ASCII, a tab
	esc, _ := json.Marshal(pw)
	inner := string(esc[1 : len(esc)-1])
	pad := strings.Repeat("x", snippetLen-8)
	for _, tt := range []struct{ name, body, ct string }{
		{"JSON-escaped in a message", `{"success":false,"error":"bad password ` + inner + `"}`, "application/json"},
		{"ASCII-escaped", `{"success":false,"error":"bad ` + asciiEscaped(inner, "%04x") + `"}`, "application/json"},
		{"in detail", `{"success":false,"error":{"code":"X","message":"m"},"detail":{"password":"` + inner + `"}}`, "application/json"},
		{"cut by the snippet", pad + pw, "text/html"},
		{"tabs folded", "<p>\n" + pw + "\n</p>", "text/html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reply(w, 400, tt.ct, []byte(tt.body))
			})
			c := newLocalClient(t, h, WithCredentials(testEmail, pw), WithRetryMax(0))
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.Error(t, err)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			everything := err.Error() + string(apiErr.Detail) + string(apiErr.Body) + apiErr.Message
			for _, frag := range []string{pw, inner, pw[:12], "Secret-Long", strings.ReplaceAll(pw, "\t", " ")} {
				assert.NotContains(t, everything, frag)
			}
		})
	}
	// A two-byte password is scrubbed where it stands as a JSON string.
	red := newRedactor("ab")
	assert.Equal(t, `{"password":"[REDACTED]","label":"abc"}`, string(red.bytes([]byte(`{"password":"ab","label":"abc"}`))))
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

func TestBodies_GzipBombStaysBounded(t *testing.T) {
	// Not parallel: it measures the heap.
	if raceEnabled {
		t.Skip("measures the heap: run without -race (.ci/run does)")
	}
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
	_, _ = zw.Write([]byte(`{"success":true,"data":{"job":{"log":["`))
	_, _ = zw.Write(bytes.Repeat([]byte("a"), 64<<20))
	_, _ = zw.Write([]byte(`"]}}}`))
	_ = zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip") // whatever the client asked for
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(bomb.Bytes())
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL + "/api")
	require.NoError(t, err)
	defer c.CloseIdleConnections()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
		}
	}()
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			assert.ErrorIs(t, err, ErrUnexpectedResponse, "compressed bytes are not an envelope")
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := int64(peak.Load()) - int64(before.HeapAlloc)
	t.Logf("32 concurrent calls on a %d-byte gzip bomb (64 MiB inflated): peak heap grew %d KiB", bomb.Len(), grew>>10)
	assert.Less(t, grew, int64(64<<20))
}

func TestBodies_ResponseComesBackWhenTheBodyIsTooLarge(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
	})
	c := newLocalClient(t, h, WithMaxResponseBytes(100))
	_, resp, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	require.NotNil(t, resp, "the server answered: the Response comes back")
	assert.Equal(t, 200, resp.StatusCode)
}

func TestEnvelope_SuccessWithoutDataIsUnexpected(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"requestID":"r"}`))
	})
	c := newLocalClient(t, h, WithRetryMax(0))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	assert.Contains(t, err.Error(), "without data")
}

func TestEnvelope_BOMAndAMessageObjectAreAccepted(t *testing.T) {
	t.Parallel()
	body := append([]byte("\xef\xbb\xbf"), []byte(`{"success":true,"message":{"ko":"조회","en":"ok"},"data":{"job":{"info":{"name":"x"}}}}`)...)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", body) })
	m, resp, err := newLocalClient(t, h).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, "x", m.Job.Info.Name)
	assert.JSONEq(t, `{"ko":"조회","en":"ok"}`, resp.Message, "a non-string message is kept as its JSON text")
}

func TestWatch_JudgesOnItsOwnCopy(t *testing.T) {
	t.Parallel()
	a := snapshot(row{"/", "run", "10%", "-"}, row{"/home", "run", "10%", "-"})
	b := snapshot(row{"/", "complete", "100%", "-"}, row{"/home", "run", "50%", "-"})
	c := snapshot(row{"/", "complete", "100%", "-"}, row{"/home", "complete", "100%", "-"})
	f := &fakeMonitor{answer: fresh(a, b, b, c)}
	updates := 0
	_, err := WatchJob(context.Background(), f, "n", nil, &WatchOptions{Interval: time.Millisecond, OnUpdate: func(m *JobMonitoring) {
		updates++
		m.Job.Details = nil // a careless callback
	}})
	require.NoError(t, err)
	assert.Equal(t, 4, f.pollCount(), "the cleared rows did not stall the watch")
	assert.Equal(t, 3, updates)

	f = &fakeMonitor{answer: fresh(a, a, a, c)}
	updates = 0
	_, err = WatchJob(context.Background(), f, "n", nil, &WatchOptions{Interval: time.Millisecond, OnUpdate: func(m *JobMonitoring) {
		updates++
		d := m.Job.Details
		d[0], d[1] = d[1], d[0] // sorting in place
	}})
	require.NoError(t, err)
	assert.Equal(t, 2, updates, "re-ordering the rows handed out is no change")
}

func TestRetry_PermanentNetworkErrorsFailFast(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts.Add(1)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "zdm.invalid", IsNotFound: true}}
	})
	c, err := NewClient("http://zdm.invalid/api", WithHTTPClient(&http.Client{Transport: rt}), WithRetryWait(time.Second, time.Second))
	require.NoError(t, err)
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.Error(t, err)
	assert.Equal(t, int32(1), attempts.Load(), "no retry for an unknown host (a retry would be a second attempt)")
	var dnsErr *net.DNSError
	assert.True(t, errors.As(err, &dnsErr))

	_, err = WatchJob(context.Background(), c.Recoveries, "1", nil, &WatchOptions{Interval: time.Millisecond})
	require.Error(t, err)
	assert.Equal(t, int32(2), attempts.Load(), "and it ends a Watch at once")
}

func TestRetry_ZeroMinimumWaitRetriesAtOnce(t *testing.T) {
	t.Parallel()
	for attempt := range 3 {
		assert.Zero(t, jitteredBackoff(0, 30*time.Second, attempt))
	}
	d := jitteredBackoff(time.Second, 30*time.Second, 0)
	assert.True(t, d >= 500*time.Millisecond && d <= time.Second, "%v", d)
}

func TestGeneration_LearntOnlyFromEvidenceNoOtherSends(t *testing.T) {
	t.Parallel()
	seedWithID := []byte(`{"success":true,"requestID":"r","data":{"system":{"source":{"name":"a"},"target":{"name":"b"}},"job":{"info":{"id":7,"name":"x"},"details":[{"partition":"/","progressInfo":{"status":"run","percent":"5%"}}]}}}`)
	for _, tt := range []struct {
		name string
		body []byte
		want Generation
	}{
		{"seed answer with job.info.id stays seed", seedWithID, GenerationSeed},
		{"seed fixture", fixture(t, "monitor_seed.json"), GenerationSeed},
		{"1.x/2.x fixture", fixture(t, "monitor_v1_windows.json"), GenerationV1},
		{"3.0.0 fixture", fixture(t, "monitor_v3.json"), GenerationV3},
		{"no evidence", []byte(`{"success":true,"data":{"job":{"info":{"id":7}}}}`), GenerationAuto},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", tt.body) })
			c := newLocalClient(t, h)
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.ServerGeneration())
			if tt.want != GenerationV3 {
				_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{JobName: "x"})
				require.NoError(t, err, "a JobName filter is not refused as if the server were 3.0.0")
			}
		})
	}
}

func TestErrors_ServerTextCannotForgeOutput(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 400, "application/json", []byte(`{"success":false,"error":{"code":"X\u001b[2J","message":"bad\r\nlevel=ERROR msg=forged \u202egnp.exe"}}`))
	})
	_, _, err := newLocalClient(t, h).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.Error(t, err)
	msg := err.Error()
	for _, c := range []string{"\r", "\n", "\x1b", "\u202e"} {
		assert.NotContains(t, msg, c)
	}
	assert.Contains(t, msg, `bad\r\nlevel=ERROR`)
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

// fresh is sequence answering a new copy on every poll, as MonitorJob does.
func fresh(snaps ...*JobMonitoring) func(int, time.Duration) (*JobMonitoring, error) {
	return func(n int, _ time.Duration) (*JobMonitoring, error) {
		return snaps[min(n, len(snaps))-1].Clone(), nil
	}
}
