package zdmtest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestRequestsAreRecordedWithoutSecrets(t *testing.T) {
	clock := zdmtest.NewClock(t0)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "site-a/db 100%"})
	c := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword), zdm.WithUserAgent("ops-bot/1.0"))
	srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable).On(http.MethodGet, ""))

	_, _, err := c.Recoveries.MonitorJob(testCtx(t), "site-a/db 100%", &zdm.MonitorJobOptions{Partition: "/", Detail: true})
	require.Error(t, err, "no row is /: 404")

	reqs := srv.Requests()
	require.Len(t, reqs, 3) // token/issue, the 503, the 404
	api := apiPath(t, srv)
	tests := []struct {
		method, path, rawPath, auth, fault string
		query                              url.Values
		status                             int
	}{
		{"POST", api + "/token/issue", api + "/token/issue", "", "", url.Values{}, 201},
		{"GET", api + "/recoveries/monitoring/job/site-a/db 100%", api + "/recoveries/monitoring/job/site-a%2Fdb%20100%25", "Bearer [REDACTED]", "status 503",
			url.Values{"partition": {"/"}, "detail": {"true"}}, 503},
		{"GET", api + "/recoveries/monitoring/job/site-a/db 100%", api + "/recoveries/monitoring/job/site-a%2Fdb%20100%25", "Bearer [REDACTED]", "",
			url.Values{"partition": {"/"}, "detail": {"true"}}, 404},
	}
	for i, want := range tests {
		got := reqs[i]
		assert.Equal(t, want.method, got.Method, i)
		assert.Equal(t, want.path, got.Path, i)
		assert.Equal(t, want.rawPath, got.RawPath, i)
		assert.Equal(t, want.query, got.Query, i)
		assert.Equal(t, want.auth, got.Auth, i)
		assert.Equal(t, want.status, got.Status, i)
		assert.Equal(t, want.fault, got.Fault, i)
		assert.Equal(t, "ops-bot/1.0", got.Header.Get("User-Agent"), i)
		assert.True(t, got.Time.Equal(t0), i)
		for _, vs := range got.Header {
			for _, v := range vs {
				assert.NotContains(t, v, "zdmtest.", "no token in the recorded headers")
				assert.NotContains(t, v, zdmtest.DefaultPassword)
			}
		}
	}

	srv.ClearRequests()
	assert.Empty(t, srv.Requests())
	clock.Advance(time.Minute)
	_, _, err = c.Recoveries.MonitorJob(testCtx(t), "site-a/db 100%", nil)
	require.NoError(t, err)
	reqs = srv.Requests()
	require.Len(t, reqs, 1)
	assert.True(t, reqs[0].Time.Equal(t0.Add(time.Minute)))
}

func TestRecordedRequestsAreCopies(t *testing.T) {
	srv := zdmtest.NewServer(t)
	_, _, _ = srv.Client().Recoveries.MonitorJob(testCtx(t), "x", nil)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	reqs[0].Method = "CHANGED"
	reqs[0].Query.Set("x", "y")
	reqs[0].Header.Set("User-Agent", "changed")
	assert.Equal(t, "GET", srv.Requests()[0].Method)
	assert.Empty(t, srv.Requests()[0].Query)
	assert.NotEqual(t, "changed", srv.Requests()[0].Header.Get("User-Agent"))
	assert.True(t, strings.HasSuffix(srv.Requests()[0].Path, "/x"))
}

// TestWithRequestLog_KeepsOnlyTheLastN: a long-running server's record is
// a bounded ring; numbering counts every request, kept or not.
func TestWithRequestLog_KeepsOnlyTheLastN(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithRequestLog(3), zdmtest.WithInProcess())
	for i := range 5 {
		rawGet(t, srv, fmt.Sprintf("/recoveries?page=%d", i))
	}
	got := srv.Requests()
	require.Len(t, got, 3)
	for i, r := range got {
		assert.Equal(t, i+2, r.Seq)
		assert.Equal(t, []string{strconv.Itoa(i + 2)}, r.Query["page"])
	}
	assert.Equal(t, 5, srv.RequestCount())

	srv.ClearRequests()
	rawGet(t, srv, "/recoveries")
	got = srv.Requests()
	require.Len(t, got, 1)
	assert.Equal(t, 0, got[0].Seq, "numbering starts again after a clear")
	assert.Equal(t, 1, srv.RequestCount())

	_, err := zdmtest.Start(zdmtest.WithRequestLog(-1))
	assert.ErrorContains(t, err, "WithRequestLog: -1 is negative")
}
