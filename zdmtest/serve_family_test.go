package zdmtest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestCloseDuringDelayBreaksTheConnection(t *testing.T) {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1))
	require.NoError(t, err)
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	srv.Inject(1, zdmtest.Delay(time.Minute))
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+"/recoveries/monitoring/job/j", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			done <- result{status: resp.StatusCode}
			return
		}
		done <- result{err: err}
	}()
	require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, hangGuard, time.Millisecond)
	srv.Close()
	r := <-done
	require.Error(t, r.err, "a closed server must not answer an empty %d", r.status)
}

func TestTimesAndDateHeader(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	tests := []struct {
		dialect   zdmtest.Dialect
		timestamp string
		dataTime  string
	}{
		{zdmtest.DialectDraft, "2026-01-17T06:00:00Z", "2026-01-17T06:00:00Z"},
		{zdmtest.DialectV1, "2026-01-17 11:30:00", "2026-01-17 11:30:00"},
		{zdmtest.DialectV3, "2026-01-17T11:30:00.000+05:30", "2026-01-17 11:30:00"},
	}
	for _, tt := range tests {
		for _, inProcess := range []bool{false, true} {
			t.Run(tt.dialect.String(), func(t *testing.T) {
				t.Parallel()
				opts := []zdmtest.Option{zdmtest.WithDialect(tt.dialect), zdmtest.WithServerTimeZone(ist), zdmtest.WithClock(zdmtest.NewClock(t0).Now)}
				if inProcess {
					opts = append(opts, zdmtest.WithInProcess())
				}
				srv := zdmtest.NewServer(t, opts...)
				register(t, srv, regBody(tt.dialect, "tz"))
				status, h, b := rawGet(t, srv, "/recoveries/tz")
				require.Equal(t, http.StatusOK, status)
				env := decode(t, b)
				assert.Equal(t, tt.timestamp, env["timestamp"])
				assert.Equal(t, tt.dataTime, at(env, "data", "job", "info", "lastUpdated"))
				assert.Equal(t, "Sat, 17 Jan 2026 06:00:00 GMT", h.Get("Date"), "the server's clock, in HTTP form")
				// A client can tell the zone from a zone-less timestamp and Date.
				if tt.dialect == zdmtest.DialectV1 {
					local, err := time.Parse("2006-01-02 15:04:05", env["timestamp"].(string))
					require.NoError(t, err)
					date, err := http.ParseTime(h.Get("Date"))
					require.NoError(t, err)
					assert.Equal(t, 5*time.Hour+30*time.Minute, local.Sub(date))
				}
				// Express's 404 carries the Date too.
				_, h, _ = rawGet(t, srv, "/nope")
				assert.Equal(t, "Sat, 17 Jan 2026 06:00:00 GMT", h.Get("Date"))
			})
		}
	}
}

func TestFaultsAndRecordingOnFamilyRoutes(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	register(t, srv, regBody(zdmtest.DialectV3, "web"))
	srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable).On(http.MethodPut, "recoveries/"))
	srv.Inject(1, zdmtest.TruncatedJSON().On(http.MethodGet, "recoveries/histories"))
	srv.Inject(1, zdmtest.NginxBadGateway().On(http.MethodDelete, ""))

	status, _ := put(t, srv, "web", map[string]any{"status": "start"})
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, 0, srv.Job("web").Runs(), "a fault answers instead of the handler")
	status, _ = put(t, srv, "web", map[string]any{"status": "start"})
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 1, srv.Job("web").Runs())

	_, _, b := rawGet(t, srv, "/recoveries/histories")
	assert.False(t, strings.HasSuffix(string(b), "}"), "truncated")
	s, h, _ := rawDo(t, srv, http.MethodDelete, "/recoveries/1?center=zdm-a", "Bearer "+srv.Token(), "")
	assert.Equal(t, http.StatusBadGateway, s)
	assert.Equal(t, "text/html", h.Get("Content-Type"))
	assert.NotNil(t, srv.Job("web"))

	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Method+" "+strings.TrimPrefix(r.Path, "/api")+" "+r.Fault)
	}
	assert.Equal(t, []string{
		"POST /recoveries ",
		"PUT /recoveries/web status 503",
		"PUT /recoveries/web ",
		"GET /recoveries/histories truncated JSON",
		"DELETE /recoveries/1 nginx 502",
	}, got)
}

func TestInProcessServerInsideSynctestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := zdmtest.NewServer(t, zdmtest.WithInProcess(), zdmtest.WithDialect(zdmtest.DialectV1))
		assert.Equal(t, "http://zdmtest.invalid/api", srv.URL)
		srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Simulation: &zdmtest.Simulation{Copy: 10 * time.Minute}},
		}})
		c := srv.Client()
		time.Sleep(5 * time.Minute) // fake time: instant
		m, _, err := c.Recoveries.MonitorJob(t.Context(), "sim", nil)
		require.NoError(t, err)
		assert.Equal(t, "50%", m.Job.Details[0].ProgressInfo.Percent)

		srv.Inject(1, zdmtest.Delay(time.Minute)) // waits in fake time too
		began := time.Now()
		_, _, err = c.Recoveries.MonitorJob(t.Context(), "sim", nil)
		require.NoError(t, err)
		assert.Equal(t, time.Minute, time.Since(began))
	})
}

func TestWithDefaultPlan(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithDefaultPlan(zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 5}))
	register(t, srv, regBody(zdmtest.DialectV1, "x"))
	put(t, srv, "x", map[string]any{"status": "start"})
	assert.Equal(t, "Error", monitorStatus(t, srv, "x"))

	_, err := zdmtest.Start(zdmtest.WithDefaultPlan())
	assert.Error(t, err)
	_ = zdm.ModeFull
}
