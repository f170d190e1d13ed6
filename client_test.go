package zdm

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestNewClientBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"https://zdm.example.com", "https://zdm.example.com/api"},
		{"https://zdm.example.com/", "https://zdm.example.com/api"},
		{"https://zdm.example.com//", "https://zdm.example.com/api"},
		{"http://10.0.0.5:3000", "http://10.0.0.5:3000/api"},
		{"https://zdm.example.com/api", "https://zdm.example.com/api"},
		{"https://zdm.example.com/api/", "https://zdm.example.com/api"},
		{"https://zdm.example.com/api/v1/", "https://zdm.example.com/api/v1"},
		{"https://proxy.example.com/tenants/7/zdm/api/v1///", "https://proxy.example.com/tenants/7/zdm/api/v1"},
		{"  https://zdm.example.com/api  ", "https://zdm.example.com/api"},
		{"https://user:hunter2@zdm.example.com", "https://user:xxxxx@zdm.example.com/api"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := NewClient(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.BaseURL())
		})
	}
}

func TestNewClientRejectsBadBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, wantIn string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{"zdm.example.com", "scheme"},
		{"/api/v1", "scheme"},
		{"ftp://zdm.example.com", `scheme "ftp"`},
		{"https://", "no host"},
		{"https://zdm.example.com/api?x=1", "query"},
		{"https://zdm.example.com/api#frag", "query or fragment"},
		{"http://[::1", "does not parse"},
		{"https://user:hunter2@zdm example.com", "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := NewClient(tt.in)
			assert.Nil(t, c)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.wantIn)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestOptionsValidateInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opt    ClientOption
		wantIn string
	}{
		{"empty token", WithToken(""), "token is empty"},
		{"token with newline", WithToken("abc\r\nX-Evil: 1"), "control characters"},
		{"token with space", WithToken("Bearer abc"), "spaces"},
		{"scheme with space", WithAuthScheme("Bearer x"), "single word"},
		{"empty email", WithCredentials(" ", "pw"), "email is empty"},
		{"empty password", WithCredentials("ops@example.com", ""), "password is empty"},
		{"nil http client", WithHTTPClient(nil), "nil"},
		{"negative retries", WithRetryMax(-1), "negative"},
		{"negative wait", WithRetryWait(-time.Second, time.Second), "negative"},
		{"max below min", WithRetryWait(2*time.Second, time.Second), "below min"},
		{"empty user agent", WithUserAgent(""), "empty"},
		{"nil zone", WithServerTimeZone(nil), "nil"},
		{"zero body bound", WithMaxResponseBytes(0), "not positive"},
		{"nil option", nil, "option 0 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewClient("https://zdm.example.com", tt.opt)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.wantIn)
		})
	}
	_, err := NewClient("https://zdm.example.com", WithToken("t0ken-value"), WithCredentials("ops@example.com", "s3cret-pass"))
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "t0ken-value")
	assert.NotContains(t, err.Error(), "s3cret-pass")
}

func TestClientStringHidesSecrets(t *testing.T) {
	t.Parallel()
	for _, opt := range []ClientOption{WithToken("t0ken-value"), WithCredentials("ops@example.com", "s3cret-pass")} {
		c, err := NewClient("https://zdm.example.com", opt)
		require.NoError(t, err)
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, c)
			assert.NotContains(t, out, "t0ken-value", verb)
			assert.NotContains(t, out, "s3cret-pass", verb)
			assert.Contains(t, out, "zdm.example.com", verb)
		}
		out := fmt.Sprintf("%+v", *c)
		assert.NotContains(t, out, "t0ken-value")
		assert.NotContains(t, out, "s3cret-pass")
	}
}

func TestWithHTTPClientIsNotMutated(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, `=~/recoveries/monitoring/job/`,
		httpmock.NewBytesResponder(http.StatusOK, fixture(t, "monitor_seed.json")))
	redirect := func(*http.Request, []*http.Request) error { return nil }
	hc := &http.Client{Transport: mock, Timeout: 7 * time.Second, CheckRedirect: redirect}
	before := *hc

	c, err := NewClient("https://zdm.example.com", WithHTTPClient(hc), WithToken("tok"))
	require.NoError(t, err)
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)

	assert.Same(t, before.Transport, hc.Transport, "transport replaced")
	assert.Equal(t, before.Timeout, hc.Timeout)
	assert.Equal(t, 1, mock.GetTotalCallCount(), "requests go through the caller's transport")
}

func TestRequestsCarryHeadersUnderPrefix(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		assert.Equal(t, "go-zdm/"+Version, r.Header.Get("User-Agent"))
		reply(w, http.StatusOK, "application/json", fixture(t, "monitor_seed.json"))
	})
	for _, tt := range []struct {
		name     string
		opts     []ClientOption
		wantAuth string
	}{
		{"bearer", []ClientOption{WithToken("abc.def")}, "Bearer abc.def"},
		{"bare", []ClientOption{WithToken("abc.def"), WithAuthScheme("")}, "abc.def"},
		{"custom scheme", []ClientOption{WithAuthScheme("JWT"), WithToken("abc.def")}, "JWT abc.def"},
		{"none", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(ts.base()+"/", tt.opts...)
			require.NoError(t, err)
			_, resp, err := c.Recoveries.MonitorJob(context.Background(), "7", nil)
			require.NoError(t, err)
			reqs := ts.requests()
			last := reqs[len(reqs)-1]
			assert.Equal(t, testPrefix+"/recoveries/monitoring/job/7", last.Path)
			assert.Equal(t, tt.wantAuth, last.Auth)
			assert.Empty(t, resp.Request.Header.Get("Authorization"), "the returned request keeps no credentials")
		})
	}
}

func TestMonitorJobEscapesIdentifier(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, "application/json", fixture(t, "monitor_seed.json"))
	})
	c, err := NewClient(ts.base(), WithToken("tok"))
	require.NoError(t, err)
	tests := []struct{ id, wantRaw, wantPath string }{
		{"daily-recovery", "daily-recovery", "daily-recovery"},
		{"nightly recovery", "nightly%20recovery", "nightly recovery"},
		{"a/b", "a%2Fb", "a/b"},
		{"100%", "100%25", "100%"},
		{"what?x=1", "what%3Fx=1", "what?x=1"},
		{"tag#1", "tag%231", "tag#1"},
		{"일일-복구", "%EC%9D%BC%EC%9D%BC-%EB%B3%B5%EA%B5%AC", "일일-복구"},
		{"...", "...", "..."},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			_, _, err := c.Recoveries.MonitorJob(context.Background(), tt.id, nil)
			require.NoError(t, err)
			reqs := ts.requests()
			last := reqs[len(reqs)-1]
			assert.Equal(t, testPrefix+"/recoveries/monitoring/job/"+tt.wantRaw, last.RawPath)
			assert.Equal(t, testPrefix+"/recoveries/monitoring/job/"+tt.wantPath, last.Path)
			assert.Empty(t, last.Query)
		})
	}
}

func TestMonitorJobQuery(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, "application/json", fixture(t, "monitor_seed.json"))
	})
	c, err := NewClient(ts.base())
	require.NoError(t, err)
	tests := []struct {
		name string
		opts *MonitorJobOptions
		want string
	}{
		{"nil", nil, ""},
		{"zero", &MonitorJobOptions{}, ""},
		{"detail", &MonitorJobOptions{Detail: true}, "detail=true"},
		{"all but drive", &MonitorJobOptions{
			Mode: ModeIncrement, Partition: "/home", ServerName: "web 01", ServerType: ServerTypeTarget,
			JobName: "일일", Detail: true,
		}, "detail=true&jobName=%EC%9D%BC%EC%9D%BC&mode=increment&partition=%2Fhome&serverName=web+01&serverType=target"},
		{"drive", &MonitorJobOptions{Drive: "C:", Mode: ModeFull}, "drive=C%3A&mode=full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", tt.opts)
			require.NoError(t, err)
			reqs := ts.requests()
			assert.Equal(t, tt.want, reqs[len(reqs)-1].Query)
		})
	}
}

func TestMonitorJobRejectsBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	c, err := NewClient("https://zdm.example.com", WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)
	tests := []struct {
		name   string
		id     string
		opts   *MonitorJobOptions
		wantIn string
	}{
		{"empty id", "", nil, "blank"},
		{"blank id", " \t", nil, "blank"},
		{"dot", ".", nil, "path step"},
		{"dot dot", "..", nil, "path step"},
		{"control char", "job\n1", nil, "control"},
		{"invalid utf8", "job\xff", nil, "UTF-8"},
		{"unknown mode", "1", &MonitorJobOptions{Mode: "Full"}, `expected "full" or "increment"`},
		{"unknown server type", "1", &MonitorJobOptions{ServerType: "both"}, `expected "source" or "target"`},
		{"partition and drive", "1", &MonitorJobOptions{Partition: "/", Drive: "C:"}, "set one"},
		{"blank filter", "1", &MonitorJobOptions{ServerName: "  "}, "ServerName is blank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, resp, err := c.Recoveries.MonitorJob(context.Background(), tt.id, tt.opts)
			assert.Nil(t, m)
			assert.Nil(t, resp)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.wantIn)
		})
	}
	//nolint:staticcheck // a nil context is the misuse under test
	_, _, err = c.Recoveries.MonitorJob(nilContext(), "1", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, mock.GetTotalCallCount(), "nothing may be sent for bad input")
}

// nilContext hides a nil context from vet.
func nilContext() context.Context { return nil }

func TestErrorURLHasNoCredentials(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusNotFound, "application/json", fixture(t, "error_string_404.json"))
	})
	base := strings.Replace(ts.base(), "http://", "http://admin:pa55word@", 1)
	c, err := NewClient(base, WithToken("tok-secret"))
	require.NoError(t, err)
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "daily-recovery", nil)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, apiErr.URL, "pa55word")
	assert.NotContains(t, err.Error(), "pa55word")
	assert.NotContains(t, err.Error(), "tok-secret")
	assert.Contains(t, apiErr.URL, "/recoveries/monitoring/job/daily-recovery")
}

func TestDefaultHTTPClientPool(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://zdm.example.com")
	require.NoError(t, err)
	tr, ok := c.userClient.Transport.(*http.Transport)
	require.True(t, ok)
	assert.Equal(t, DefaultMaxConnsPerHost, tr.MaxConnsPerHost)
	assert.Equal(t, DefaultMaxConnsPerHost, tr.MaxIdleConnsPerHost)
	assert.NotSame(t, http.DefaultTransport, tr, "the shared default transport is not modified")
	assert.Zero(t, http.DefaultTransport.(*http.Transport).MaxConnsPerHost, "http.DefaultTransport untouched")
	c.CloseIdleConnections()
}

// TestClose_StopsATokenIssueInFlight: the issue call runs detached from
// its callers; Close ends it, so that nothing outlives the client.
func TestClose_StopsATokenIssueInFlight(t *testing.T) {
	before := goleak.IgnoreCurrent()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // a token issue that hangs
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := NewClient(srv.URL+"/api", WithCredentials(testEmail, testPassword))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, _, err = c.Recoveries.MonitorJob(ctx, "1", nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	c.Close()
	// What is left of the test server's side is not the client's.
	goleak.VerifyNone(t, before, goleak.IgnoreAnyFunction("net/http.(*conn).serve"), goleak.IgnoreAnyFunction("net/http/httptest.(*Server).goServe.func1"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"), goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"))
}

// TestDefaultHTTPClient_DropsIdleConnectionsBeforeServersDo: the default
// client closes a pooled connection before a server's keep-alive would
// (Node's default is 5 s), so that a write is not sent on a connection the
// server is closing, where its lost answer could not be told from one the
// server acted on (see TestWrites_StaleConnectionIsNeverResent).
func TestDefaultHTTPClient_DropsIdleConnectionsBeforeServersDo(t *testing.T) {
	t.Parallel()
	const nodeKeepAlive = 5 * time.Second
	c, err := NewClient("https://zdm.example.com")
	require.NoError(t, err)
	tr := c.userClient.Transport.(*http.Transport)
	assert.Positive(t, tr.IdleConnTimeout)
	assert.Less(t, tr.IdleConnTimeout, nodeKeepAlive)
}
