package zdmtest_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestServerURLIsTheAPIRoot(t *testing.T) {
	tests := []struct {
		name     string
		opts     []zdmtest.Option
		wantPath string
	}{
		{"seed", seed(), "/api/v1"},
		{"v1", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1)}, "/api"},
		{"v3", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV3)}, "/api"},
		{"prefix", []zdmtest.Option{zdmtest.WithPrefix("/tenants/7/zdm/api/")}, "/tenants/7/zdm/api"},
		{"prefix v1", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithPrefix("/proxy/api")}, "/proxy/api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, tt.opts...)
			assert.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:") || strings.HasPrefix(srv.URL, "http://[::1]:"), srv.URL)
			assert.True(t, strings.HasSuffix(srv.URL, tt.wantPath), srv.URL)

			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "daily-recovery"})
			c := srv.Client()
			assert.Equal(t, srv.URL, c.BaseURL())
			_, _, err := c.Recoveries.MonitorJob(testCtx(t), "daily-recovery", nil)
			require.NoError(t, err)
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.wantPath+"/recoveries/monitoring/job/daily-recovery", reqs[0].Path)
		})
	}
}

func TestMissingRoutesAnswerLikeExpress(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		method  string
		path    string // relative to the server root
	}{
		{"token/issue on seed", zdmtest.DialectDraft, http.MethodPost, "/api/v1/token/issue"},
		{"auth/issue on v1", zdmtest.DialectV1, http.MethodPost, "/api/auth/issue"},
		{"auth/issue on v3", zdmtest.DialectV3, http.MethodPost, "/api/auth/issue"},
		{"GET on the issue route", zdmtest.DialectDraft, http.MethodGet, "/api/v1/auth/issue"},
		{"outside the API root", zdmtest.DialectV1, http.MethodGet, "/api/v1/recoveries/monitoring/job/1"},
		{"no identifier", zdmtest.DialectDraft, http.MethodGet, "/api/v1/recoveries/monitoring/job/"},
		{"unescaped slash in the name", zdmtest.DialectDraft, http.MethodGet, "/api/v1/recoveries/monitoring/job/a/b"},
		{"unknown route", zdmtest.DialectV3, http.MethodPost, "/api/recoveries/monitoring"},
		{"PATCH is not the update verb", zdmtest.DialectV1, http.MethodPatch, "/api/recoveries/7"},
		{"unknown route under the API root", zdmtest.DialectV1, http.MethodGet, "/api/foo"},
		{"released root on a seed server", zdmtest.DialectDraft, http.MethodGet, "/api/recoveries"},
		{"seed root on a released server", zdmtest.DialectV3, http.MethodGet, "/api/v1/recoveries"},
		{"extra segment", zdmtest.DialectV3, http.MethodGet, "/api/recoveries/7/extra"},
		{"history with extra segment", zdmtest.DialectV1, http.MethodGet, "/api/recoveries/histories/1/x"},
		{"server root", zdmtest.DialectV1, http.MethodGet, "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			root := strings.TrimSuffix(srv.URL, tt.dialect.Prefix())
			req, err := http.NewRequestWithContext(testCtx(t), tt.method, root+tt.path, strings.NewReader(`{}`))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+srv.Token())
			resp, err := srv.HTTPClient().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body := make([]byte, 512)
			n, _ := resp.Body.Read(body)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode)
			assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
			assert.Contains(t, string(body[:n]), "<pre>Cannot "+tt.method+" "+tt.path+"</pre>")
		})
	}
}

func TestStartWithoutTestingTB(t *testing.T) {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1))
	require.NoError(t, err)
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly"})
	_, _, err = srv.Client().Recoveries.MonitorJob(testCtx(t), "nightly", nil)
	require.NoError(t, err)

	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly"}) // misuse: collected, not panicking
	srv.Inject(1, zdmtest.Fault{})
	err = srv.Err()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `name "nightly" is taken`)
	assert.Contains(t, err.Error(), "zero Fault")

	srv.Close()
	srv.Close() // twice is fine
}

func TestStartRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name   string
		opt    zdmtest.Option
		wantIn string
	}{
		{"nil option", nil, "option 0 is nil"},
		{"unknown dialect", zdmtest.WithDialect(zdmtest.Dialect(9)), "unknown dialect"},
		{"relative prefix", zdmtest.WithPrefix("api"), "absolute path"},
		{"root prefix", zdmtest.WithPrefix("/"), "absolute path"},
		{"prefix needing escapes", zdmtest.WithPrefix("/my api"), "escaping"},
		{"nil zone", zdmtest.WithServerTimeZone(nil), "location is nil"},
		{"nil clock", zdmtest.WithClock(nil), "clock is nil"},
		{"zero token lifetime", zdmtest.WithTokenLifetime(0), "not positive"},
		{"zero rate limit", zdmtest.WithIssueRateLimit(0, time.Minute), "at least 1 call"},
		{"unknown phase name", zdmtest.WithStatusNames(map[zdmtest.Phase]string{zdmtest.Phase(42): "x"}), "unknown phase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := zdmtest.Start(tt.opt)
			assert.Nil(t, srv)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantIn)
		})
	}
}

func TestMisuseIsReportedNotFatal(t *testing.T) {
	tests := []struct {
		name   string
		misuse func(srv *zdmtest.Server)
		wantIn string
	}{
		{"duplicate ID", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{ID: 3})
			srv.AddRecoveryJob(zdmtest.JobSpec{ID: 3, Name: "other"})
		}, "ID 3 is taken"},
		{"negative ID", func(srv *zdmtest.Server) { srv.AddRecoveryJob(zdmtest.JobSpec{ID: -1}) }, "id: -1 is negative"},
		{"row with partition and drive", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Drive: "C:"}}})
		}, "partitions[0].drive: set with partition \"/\""},
		{"row with neither", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{}}})
		}, "partitions[0]: sets neither partition nor drive"},
		{"steps and simulation", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(), Simulation: &zdmtest.Simulation{}}}})
		}, "partitions[0]: sets more than one of steps, ramp and simulation"},
		{"percent out of range", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 140}}}}})
		}, "partitions[0].steps[0].percent: 140 is outside 0..100"},
		{"unknown mode", func(srv *zdmtest.Server) { srv.AddRecoveryJob(zdmtest.JobSpec{Mode: "differential"}) }, "mode: unknown mode \"differential\""},
		{"negative simulation", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Simulation: &zdmtest.Simulation{Copy: -time.Second}}}})
		}, "partitions[0].simulation.copy: -1s is negative"},
		{"inject zero times", func(srv *zdmtest.Server) { srv.Inject(0, zdmtest.Status(503)) }, "at least 1"},
		{"zero fault", func(srv *zdmtest.Server) { srv.Inject(1, zdmtest.Fault{}) }, "zero Fault"},
		{"bad fault status", func(srv *zdmtest.Server) { srv.Inject(1, zdmtest.Status(99)) }, "outside 200..599"},
		{"empty huge body", func(srv *zdmtest.Server) { srv.Inject(1, zdmtest.HugeBody(0)) }, "size must be positive"},
		{"huge body over the limit", func(srv *zdmtest.Server) { srv.Inject(1, zdmtest.HugeBody(zdmtest.MaxHugeBody+1)) }, "over the limit of 1073741824 bytes"},
		{"nesting over the limit", func(srv *zdmtest.Server) { srv.Inject(1, zdmtest.DeepNesting(5_000_000_000)) }, "over the limit of 1048576 levels"},
		{"set out of range", func(srv *zdmtest.Server) { srv.AddRecoveryJob(zdmtest.JobSpec{}).Set(2, zdmtest.Step{}) }, "has 0 partitions"},
		{"set bad step", func(srv *zdmtest.Server) {
			srv.AddRecoveryJob(zdmtest.JobSpec{}).Set(0, zdmtest.Step{Phase: zdmtest.Phase(-1)})
		}, "unknown phase"},
		{"empty user", func(srv *zdmtest.Server) { srv.AddUser("", "pw") }, "must not be empty"},
		{"client with an option the SDK refuses", func(srv *zdmtest.Server) {
			c := srv.Client(zdm.WithRetryMax(-1))
			_, _, err := c.Recoveries.MonitorJob(testCtx(t), "1", nil) // the client still works, with its token
			assert.ErrorIs(t, err, zdm.ErrNotFound)
		}, "WithRetryMax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			srv := zdmtest.NewServer(rec)
			tt.misuse(srv)
			got := rec.reported()
			require.Len(t, got, 1, "reports: %q", got)
			assert.Contains(t, got[0], tt.wantIn)
			assert.False(t, rec.fatal)
			assert.ErrorContains(t, srv.Err(), tt.wantIn)
		})
	}
}

func TestNewServerBadOptionFallsBackToDefaults(t *testing.T) {
	rec := &recorder{TB: t}
	srv := zdmtest.NewServer(rec, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithTokenLifetime(-time.Second))
	require.Len(t, rec.reported(), 1)
	assert.Contains(t, rec.reported()[0], "WithTokenLifetime")
	assert.False(t, rec.fatal)
	assert.Equal(t, zdmtest.DialectV1, srv.Dialect(), "the defaults, not the other options")
}

// TestNewServer_DefaultsToTheReleasedServers: a server with no options
// speaks what a client meets in the field, the released 1.x/2.x servers
// (under /api, token/issue, Korean messages), not the draft API.
func TestNewServer_DefaultsToTheReleasedServers(t *testing.T) {
	srv := zdmtest.NewServer(t)
	assert.Equal(t, zdmtest.DialectV1, srv.Dialect())
	assert.True(t, strings.HasSuffix(srv.URL, "/api"), srv.URL)
	status, _, b := rawDo(t, srv, http.MethodGet, "/recoveries", "", "")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, string(b), "인증 토큰이 필요합니다.")
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
	m, _, err := srv.Client().Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.NoError(t, err)
	assert.Equal(t, zdm.Status("Processing"), m.Job.Details[0].ProgressInfo.Status)
}

func TestHandlerPanicIsReportedAndAnswered500(t *testing.T) {
	var mu sync.Mutex
	boom := false
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		if boom {
			panic("clock broke")
		}
		return t0
	}
	rec := &recorder{TB: t}
	srv := zdmtest.NewServer(rec, zdmtest.WithClock(clock))
	c := srv.Client(zdm.WithRetryMax(0))
	mu.Lock()
	boom = true
	mu.Unlock()

	_, resp, err := c.Recoveries.MonitorJob(testCtx(t), "1", nil)
	require.ErrorIs(t, err, zdm.ErrServer)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	got := rec.reported()
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "handler panicked")
	assert.Contains(t, got[0], "clock broke")
}

func TestClientOptionsOverrideDefaults(t *testing.T) {
	srv := zdmtest.NewServer(t, seed()...) // the draft takes a bare token
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable))

	_, resp, err := srv.Client(zdm.WithRetryMax(0)).Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.ErrorIs(t, err, zdm.ErrServer)
	assert.Equal(t, 1, resp.Attempts)

	// Built by hand from ClientOptions, with the bare token old servers take.
	c, err := zdm.NewClient(srv.URL, append(srv.ClientOptions(), zdm.WithAuthScheme(""), zdm.WithToken(srv.Token()))...)
	require.NoError(t, err)
	_, _, err = c.Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.NoError(t, err)
	assert.Equal(t, "[REDACTED]", srv.Requests()[1].Auth)
}

func TestClosedServerRefusesInProcessRequests(t *testing.T) {
	srv, err := zdmtest.Start()
	require.NoError(t, err)
	c := srv.Client(zdm.WithHTTPClient(&http.Client{Transport: srv.Transport()}), zdm.WithRetryMax(0))
	srv.Close()
	_, _, err = c.Recoveries.MonitorJob(testCtx(t), "1", nil)
	require.Error(t, err)
	var apiErr *zdm.APIError
	assert.False(t, errors.As(err, &apiErr))
	assert.Contains(t, err.Error(), "connection refused")
}
