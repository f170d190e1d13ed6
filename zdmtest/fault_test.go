package zdmtest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// transports are the two ways a client reaches the server.
var transports = []struct {
	name   string
	client func(srv *zdmtest.Server, opts ...zdm.ClientOption) *zdm.Client
}{
	{"socket", func(srv *zdmtest.Server, opts ...zdm.ClientOption) *zdm.Client { return srv.Client(opts...) }},
	{"in-process", func(srv *zdmtest.Server, opts ...zdm.ClientOption) *zdm.Client {
		return srv.Client(append([]zdm.ClientOption{zdm.WithHTTPClient(&http.Client{Transport: srv.Transport()})}, opts...)...)
	}},
}

func TestFaultsAsTheSDKSeesThem(t *testing.T) {
	fixture, err := os.ReadFile("../testdata/monitor_v1_windows.json")
	require.NoError(t, err)
	type result struct {
		m    *zdm.JobMonitoring
		resp *zdm.Response
		err  error
	}
	apiError := func(t *testing.T, err error) *zdm.APIError {
		t.Helper()
		var e *zdm.APIError
		require.ErrorAs(t, err, &e)
		return e
	}
	tests := []struct {
		name  string
		n     int
		fault zdmtest.Fault
		opts  []zdm.ClientOption
		check func(t *testing.T, r result)
	}{
		{"503 twice, then success", 2, zdmtest.Status(http.StatusServiceUnavailable), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, 3, r.resp.Attempts)
		}},
		{"503 with Retry-After seconds", 1, zdmtest.Status(http.StatusServiceUnavailable).WithRetryAfter(time.Second), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err) // the wait is capped by the client's 10ms maximum
			assert.Equal(t, 2, r.resp.Attempts)
		}},
		{"429 with Retry-After date", 1, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfterDate(time.Now().Add(time.Second)), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, 2, r.resp.Attempts)
		}},
		{"503 until retries run out", 5, zdmtest.Status(http.StatusServiceUnavailable), []zdm.ClientOption{zdm.WithRetryMax(2)}, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrServer)
			e := apiError(t, r.err)
			assert.Equal(t, 3, e.Attempts)
			assert.Equal(t, "Service Unavailable", e.Message)
		}},
		{"500 job data incomplete is final", 1, zdmtest.Status(http.StatusInternalServerError).WithError("JOB-ERROR-16", "Job data is incomplete"), nil, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrServer)
			e := apiError(t, r.err)
			assert.Equal(t, "JOB-ERROR-16", e.Code)
			assert.Equal(t, 1, e.Attempts)
		}},
		{"nginx 502 retried", 1, zdmtest.NginxBadGateway(), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, 2, r.resp.Attempts)
		}},
		{"nginx 502 without retries", 1, zdmtest.NginxBadGateway(), []zdm.ClientOption{zdm.WithRetryMax(0)}, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrServer)
			e := apiError(t, r.err)
			assert.Equal(t, http.StatusBadGateway, e.StatusCode)
			assert.Equal(t, "text/html", e.ContentType)
			assert.Contains(t, string(e.Body), "nginx/1.24.0")
		}},
		{"truncated JSON", 1, zdmtest.TruncatedJSON(), nil, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrUnexpectedResponse)
			assert.Contains(t, r.err.Error(), "invalid JSON")
		}},
		{"wrong JSON types", 1, zdmtest.WrongTypes(), nil, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrUnexpectedResponse)
			assert.Contains(t, r.err.Error(), "wrong JSON type")
		}},
		{"success false", 1, zdmtest.SuccessFalse(), nil, func(t *testing.T, r result) {
			e := apiError(t, r.err)
			assert.Equal(t, http.StatusOK, e.StatusCode)
			assert.Equal(t, "Could not read the recovery job", e.Message)
		}},
		{"dropped connection retried", 1, zdmtest.DropConnection(), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, 2, r.resp.Attempts)
		}},
		{"dropped connection without retries", 1, zdmtest.DropConnection(), []zdm.ClientOption{zdm.WithRetryMax(0)}, func(t *testing.T, r result) {
			require.Error(t, r.err)
			assert.False(t, errors.As(r.err, new(*zdm.APIError)))
			assert.Contains(t, r.err.Error(), "EOF")
		}},
		{"connection closed mid-body retried", 1, zdmtest.CloseMidBody(), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, 2, r.resp.Attempts)
		}},
		{"connection closed mid-body without retries", 1, zdmtest.CloseMidBody(), []zdm.ClientOption{zdm.WithRetryMax(0)}, func(t *testing.T, r result) {
			require.Error(t, r.err)
			assert.Contains(t, r.err.Error(), "unexpected EOF")
		}},
		{"huge body within the bound", 1, zdmtest.HugeBody(1 << 20), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, int64(1<<20), r.resp.ContentLength)
			assert.Equal(t, "db-cluster-recovery", r.m.Job.Info.Name)
		}},
		{"huge body past the bound", 1, zdmtest.HugeBody(1 << 20), []zdm.ClientOption{zdm.WithMaxResponseBytes(1 << 19)}, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrUnexpectedResponse)
			assert.Contains(t, r.err.Error(), "exceeds the limit")
		}},
		{"invalid UTF-8", 1, zdmtest.InvalidUTF8(), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, "\uFFFD\uFFFDRecovery monitoring info", r.resp.Message)
		}},
		{"deep nesting", 1, zdmtest.DeepNesting(20000), nil, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrUnexpectedResponse)
		}},
		{"empty 401", 1, zdmtest.EmptyBody(http.StatusUnauthorized), nil, func(t *testing.T, r result) {
			require.ErrorIs(t, r.err, zdm.ErrUnauthorized)
			assert.Empty(t, apiError(t, r.err).Body)
		}},
		{"short delay", 1, zdmtest.Delay(5 * time.Millisecond), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
		}},
		{"canned fixture", 1, zdmtest.Canned(http.StatusOK, "application/json", fixture), nil, func(t *testing.T, r result) {
			require.NoError(t, r.err)
			assert.Equal(t, "fileserver-weekly", r.m.Job.Info.Name)
			assert.Len(t, r.m.Job.Details, 3)
		}},
	}
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectDraft))
					srv.AddRecoveryJob(dbJob())
					srv.Inject(tt.n, tt.fault)
					c := tr.client(srv, tt.opts...)
					m, resp, err := c.Recoveries.MonitorJob(testCtx(t), "db-cluster-recovery", nil)
					tt.check(t, result{m, resp, err})

					reqs := srv.Requests()
					require.NotEmpty(t, reqs)
					assert.Equal(t, tt.fault.String(), reqs[0].Fault)
					if tt.fault.String() == "dropped connection" {
						assert.Equal(t, 0, reqs[0].Status)
					}
				})
			}
		})
	}
}

func TestDelayEndsWithTheRequest(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			srv := zdmtest.NewServer(t)
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
			srv.Inject(1, zdmtest.Delay(time.Minute))
			ctx, cancel := context.WithTimeout(testCtx(t), 20*time.Millisecond)
			defer cancel()
			began := time.Now()
			_, _, err := tr.client(srv).Recoveries.MonitorJob(ctx, "j", nil)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, time.Since(began), hangGuard, "the minute-long delay gave up with the request")
		})
	}
	t.Run("server close", func(t *testing.T) {
		srv, err := zdmtest.Start()
		require.NoError(t, err)
		srv.Inject(1, zdmtest.Delay(time.Minute))
		done := make(chan error, 1)
		go func() {
			_, _, err := srv.Client(zdm.WithRetryMax(0)).Recoveries.MonitorJob(testCtx(t), "j", nil)
			done <- err
		}()
		require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, hangGuard, time.Millisecond)
		began := time.Now()
		srv.Close()
		assert.Less(t, time.Since(began), hangGuard, "the minute-long delay gave up with the request")
		assert.Error(t, <-done)
	})
}

func TestFaultOnRoute(t *testing.T) {
	srv := zdmtest.NewServer(t)
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable).On(http.MethodPost, ""))
	srv.Inject(1, zdmtest.NginxBadGateway().On(http.MethodGet, "/recoveries/monitoring/job/j"))
	c := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword))

	// The token issue's 503 is retried like a GET's (issuing a token has
	// no side effect); each fault hits its own route.
	_, resp, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.NoError(t, err)
	assert.Zero(t, srv.PendingFaults(), "each fault hit its route")
	assert.Equal(t, 2, resp.Attempts)
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Method+" "+r.Fault)
	}
	assert.Equal(t, []string{"POST status 503", "POST ", "GET nginx 502", "GET "}, got)
}

func TestFaultsQueueInOrder(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	srv.Inject(2, zdmtest.Status(http.StatusGatewayTimeout))
	srv.Inject(1, zdmtest.EmptyBody(http.StatusBadGateway).WithDelay(time.Millisecond))
	assert.Equal(t, 3, srv.PendingFaults())
	_, resp, err := srv.Client().Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.NoError(t, err)
	assert.Equal(t, 4, resp.Attempts)
	assert.Equal(t, 0, srv.PendingFaults())
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Fault)
	}
	assert.Equal(t, []string{"status 504", "status 504", "empty 502 after 1ms", ""}, got)

	srv.Inject(3, zdmtest.Status(http.StatusServiceUnavailable))
	srv.Reset()
	assert.Equal(t, 0, srv.PendingFaults())
	assert.Empty(t, srv.Requests())
}

func TestFaultBodies(t *testing.T) {
	nginx, err := os.ReadFile("../testdata/nginx_502.html")
	require.NoError(t, err)
	tests := []struct {
		name        string
		dialect     zdmtest.Dialect
		fault       zdmtest.Fault
		wantStatus  int
		wantHeaders map[string]string
		wantBody    func(t *testing.T, b []byte)
	}{
		{"v1 503", zdmtest.DialectV1, zdmtest.Status(503), 503, map[string]string{"Content-Type": "application/json; charset=utf-8"}, func(t *testing.T, b []byte) {
			v := decode(t, b)
			assert.Equal(t, "서비스를 일시적으로 사용할 수 없습니다.", v["error"])
			assert.NotEmpty(t, v["requestID"])
			assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`, v["timestamp"])
		}},
		{"v3 503", zdmtest.DialectV3, zdmtest.Status(503), 503, map[string]string{"X-Trace-Id": "*"}, func(t *testing.T, b []byte) {
			v := decode(t, b)
			assert.Equal(t, "SERVICE-UNAVAILABLE", at(v, "error", "code"))
			assert.NotEmpty(t, v["traceId"])
		}},
		{"429 is bare", zdmtest.DialectV1, zdmtest.Status(429).WithRetryAfter(1500 * time.Millisecond), 429, map[string]string{"Retry-After": "2"}, func(t *testing.T, b []byte) {
			assert.JSONEq(t, `{"success":false,"error":{"code":"RATE-LIMIT-01","message":"Too many requests, please try again later."}}`, string(b))
		}},
		{"Retry-After date", zdmtest.DialectDraft, zdmtest.Status(503).WithRetryAfterDate(time.Date(2026, 1, 17, 6, 0, 30, 0, time.UTC)), 503,
			map[string]string{"Retry-After": "Sat, 17 Jan 2026 06:00:30 GMT"}, nil},
		{"nginx", zdmtest.DialectDraft, zdmtest.NginxBadGateway(), 502, map[string]string{"Content-Type": "text/html", "Server": "nginx/1.24.0"}, func(t *testing.T, b []byte) {
			assert.Equal(t, string(nginx), string(b))
		}},
		{"wrong types v3", zdmtest.DialectV3, zdmtest.WrongTypes(), 200, nil, func(t *testing.T, b []byte) {
			assert.Equal(t, "none", at(decode(t, b), "data", "job", "progress", "partitions"))
		}},
		{"success false object", zdmtest.DialectV1, zdmtest.SuccessFalse().WithError("JOB-ERROR-09", "broken"), 200, nil, func(t *testing.T, b []byte) {
			v := decode(t, b)
			assert.Equal(t, false, v["success"])
			assert.Equal(t, "JOB-ERROR-09", at(v, "error", "code"))
			assert.Equal(t, "broken", at(v, "error", "message"))
		}},
		{"huge body is exact", zdmtest.DialectDraft, zdmtest.HugeBody(4096), 200, map[string]string{"Content-Length": "4096"}, func(t *testing.T, b []byte) {
			assert.Len(t, b, 4096)
			assert.Equal(t, "db-cluster-recovery", at(decode(t, b), "data", "job", "info", "name"))
		}},
		{"truncated", zdmtest.DialectDraft, zdmtest.TruncatedJSON(), 200, nil, func(t *testing.T, b []byte) {
			assert.True(t, strings.HasPrefix(string(b), `{"success":true,`))
			assert.False(t, strings.HasSuffix(string(b), "}"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			srv.AddRecoveryJob(dbJob())
			srv.Inject(1, tt.fault)
			status, h, b := rawGet(t, srv, "/recoveries/monitoring/job/42")
			assert.Equal(t, tt.wantStatus, status)
			for k, v := range tt.wantHeaders {
				if v == "*" {
					assert.NotEmpty(t, h.Get(k), k)
				} else {
					assert.Equal(t, v, h.Get(k), k)
				}
			}
			if tt.wantBody != nil {
				tt.wantBody(t, b)
			}
		})
	}
}

// TestHugeBody_StreamedNotHeld: a huge body is made as it is sent, over a
// socket and in-process, so that a fault of hundreds of megabytes costs
// the server (and the test process) no such memory; the answer is still
// the normal envelope with a "padding" field, byte for byte as long as
// asked. (Not parallel: it measures the process's allocations.)
func TestHugeBody_StreamedNotHeld(t *testing.T) {
	const size = 64 << 20
	srv := zdmtest.NewServer(t)
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Partitions: []zdmtest.PartitionSpec{{Partition: "/"}}})
	for _, hc := range []struct {
		name   string
		client *http.Client
	}{{"socket", srv.HTTPClient()}, {"in-process", &http.Client{Transport: srv.Transport()}}} {
		t.Run(hc.name, func(t *testing.T) {
			srv.Inject(1, zdmtest.HugeBody(size))
			req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, srv.URL+"/recoveries/monitoring/job/j", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+srv.Token())
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			resp, err := hc.client.Do(req)
			require.NoError(t, err)
			head := make([]byte, 64)
			_, err = io.ReadFull(resp.Body, head)
			require.NoError(t, err)
			last := &lastBytes{}
			n, err := io.Copy(last, resp.Body)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			runtime.ReadMemStats(&after)

			assert.Equal(t, int64(size), n+int64(len(head)), "the body is as long as asked")
			assert.Equal(t, int64(size), resp.ContentLength)
			assert.True(t, strings.HasPrefix(string(head), `{"success":true`), "%s", head)
			assert.Equal(t, `xx"}`, string(last.b[len(last.b)-4:]), "the padding closes the envelope")
			allocated := after.TotalAlloc - before.TotalAlloc
			assert.Less(t, allocated, uint64(size/4), "the server held the body: %d MiB allocated", allocated>>20)
		})
	}
}

// lastBytes keeps the last bytes written to it.
type lastBytes struct{ b []byte }

func (l *lastBytes) Write(p []byte) (int, error) {
	l.b = append(l.b, p[max(0, len(p)-8):]...)
	if len(l.b) > 8 {
		l.b = l.b[len(l.b)-8:]
	}
	return len(p), nil
}
