package zdmtest_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestRegisterResponders(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddRecoveryJob(dbJob())
	mt := httpmock.NewMockTransport()
	srv.RegisterResponders(mt)
	mt.RegisterResponder(http.MethodGet, "https://elsewhere.example/ping", httpmock.NewStringResponder(200, "pong"))

	c := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword),
		zdm.WithHTTPClient(&http.Client{Transport: mt}))
	srv.Inject(1, zdmtest.DropConnection().On(http.MethodGet, ""))
	m, resp, err := c.Recoveries.MonitorJob(testCtx(t), "42", nil)
	require.NoError(t, err)
	assert.Equal(t, "db-cluster-recovery", m.Job.Info.Name)
	assert.Equal(t, 2, resp.Attempts, "the dropped connection is an EOF, retried")
	assert.Equal(t, 3, mt.GetTotalCallCount(), "token/issue, dropped GET, GET")
	assert.Len(t, srv.Requests(), 3)
}

func TestFixtureResponder(t *testing.T) {
	tests := []struct {
		file        string
		status      int
		contentType string
		check       func(t *testing.T, m *zdm.JobMonitoring, err error)
	}{
		{"monitor_v3.json", 200, "application/json", func(t *testing.T, m *zdm.JobMonitoring, err error) {
			require.NoError(t, err)
			assert.Equal(t, "db-dr-02", m.System.Target.Name)
			assert.False(t, m.Job.Done(), "rebooting")
		}},
		{"error_string_404.json", 404, "application/json", func(t *testing.T, m *zdm.JobMonitoring, err error) {
			require.ErrorIs(t, err, zdm.ErrNotFound)
		}},
		{"nginx_502.html", 502, "text/html", func(t *testing.T, m *zdm.JobMonitoring, err error) {
			require.ErrorIs(t, err, zdm.ErrServer)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile("../testdata/" + tt.file)
			require.NoError(t, err)
			mt := httpmock.NewMockTransport()
			mt.RegisterRegexpResponder(http.MethodGet, regexpAny, zdmtest.FixtureResponder(tt.status, body, tt.contentType))
			c, err := zdm.NewClient("https://zdm.example.com/api", zdm.WithToken("t"), zdm.WithRetryMax(0),
				zdm.WithHTTPClient(&http.Client{Transport: mt}))
			require.NoError(t, err)
			m, _, err := c.Recoveries.MonitorJob(testCtx(t), "42", nil)
			tt.check(t, m, err)
		})
	}
}
