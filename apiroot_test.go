package zdm

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rootServer serves the API under root only; elsewhere it answers like the
// web framework does for a route it does not have.
type rootServer struct {
	root   string
	body   []byte // what GET answers
	header http.Header
	mu     sync.Mutex
	paths  []string
}

func (s *rootServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.paths = append(s.paths, r.Method+" "+r.URL.RequestURI())
	s.mu.Unlock()
	if !strings.HasPrefix(r.URL.Path, s.root+"/") {
		reply(w, 404, "text/html; charset=utf-8", []byte("<pre>Cannot "+r.Method+" "+r.URL.Path+"</pre>"))
		return
	}
	for k, v := range s.header {
		w.Header()[k] = v
	}
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/issue") {
		reply(w, 201, "application/json", []byte(`{"success":true,"requestID":"t","data":{"token":"tok-abcdef","expiresAt":"2099-01-01T00:00:00Z"}}`))
		return
	}
	reply(w, 200, "application/json", s.body)
}

func (s *rootServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.paths...)
}

func rootClient(t *testing.T, base string, h http.Handler, opts ...ClientOption) *Client {
	t.Helper()
	c, err := NewClient(base, append([]ClientOption{WithHTTPClient(&http.Client{Transport: handlerTransport{h}}), WithRetryWait(time.Millisecond, time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestBasePath_ServerRootFindsAndRemembersTheAPIRoot(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, root string
		want       []string
	}{
		{"released server under /api: one try", "/api", []string{"GET /api/recoveries/monitoring/job/1", "GET /api/recoveries/monitoring/job/1"}},
		{"draft-API server under /api/v1: /api first, then remembered", "/api/v1", []string{"GET /api/recoveries/monitoring/job/1", "GET /api/v1/recoveries/monitoring/job/1", "GET /api/v1/recoveries/monitoring/job/1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &rootServer{root: tt.root, body: fixture(t, "monitor_seed.json")}
			c := rootClient(t, "https://zdm.example.com/", s)
			for range 2 {
				_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, s.seen())
			assert.Equal(t, "https://zdm.example.com"+tt.root, c.BaseURL())
		})
	}
}

func TestBasePath_TokenRoutesAreDiscoveredToo(t *testing.T) {
	t.Parallel()
	s := &rootServer{root: "/api/v1", body: fixture(t, "monitor_seed.json")}
	c := rootClient(t, "https://zdm.example.com", s, WithCredentials(testEmail, testPassword))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	paths := s.seen()
	assert.Equal(t, "POST /api/token/issue", paths[0], "the released route under the released root first")
	assert.Contains(t, paths, "POST /api/v1/token/issue")
	assert.Equal(t, "GET /api/v1/recoveries/monitoring/job/1", paths[len(paths)-1], "then the call under the root that answered, with no probe")
}

func TestBasePath_ExplicitPathIsNeverProbed(t *testing.T) {
	t.Parallel()
	s := &rootServer{root: "/gw/zdm/api", body: fixture(t, "monitor_seed.json")}
	c := rootClient(t, "https://zdm.example.com/gw/zdm/api/", s)
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"GET /gw/zdm/api/recoveries/monitoring/job/1"}, s.seen())

	wrong := rootClient(t, "https://zdm.example.com/api", s)
	_, _, err = wrong.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrEndpointNotFound)
	assert.Len(t, s.seen(), 2, "one try: a path given is used as given")
}

func TestErrEndpointNotFound_IsNeverErrNotFound(t *testing.T) {
	t.Parallel()
	s := &rootServer{root: "/nowhere"}
	c := rootClient(t, "https://zdm.example.com", s)
	m, resp, err := c.Recoveries.MonitorJob(context.Background(), "daily", nil)
	assert.Nil(t, m)
	require.NotNil(t, resp)
	require.ErrorIs(t, err, ErrEndpointNotFound)
	assert.NotErrorIs(t, err, ErrNotFound, "a missing route says nothing of the job: a provider must not drop it from state")
	msg := err.Error()
	for _, want := range []string{"has no route", "https://zdm.example.com/api/recoveries/monitoring/job/daily", "https://zdm.example.com/api/v1/recoveries/monitoring/job/daily", "check the base URL https://zdm.example.com"} {
		assert.Contains(t, msg, want)
	}
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, apiErr.transient(), "no retry cures a missing route")

	// A ZDM envelope 404 is the job missing.
	env := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 404, "application/json", fixture(t, "error_string_404.json"))
	})
	_, _, err = rootClient(t, "https://zdm.example.com/api", env).Recoveries.MonitorJob(context.Background(), "daily", nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrEndpointNotFound)
}

// TestDiscovery_SharedIssueFailureIsEachCallersOwn: concurrent calls on a
// server root where every route is missing share one failed token issue;
// none of them probes another root for it, and each gets its own error.
func TestDiscovery_SharedIssueFailureIsEachCallersOwn(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		reply(w, 404, "text/plain", []byte("Cannot "+r.Method+" "+r.URL.Path))
	})
	c := rootClient(t, "https://zdm.example.com", h, WithCredentials(testEmail, testPassword))
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { _, _, errs[i] = c.Recoveries.MonitorJob(context.Background(), "x", nil) })
	}
	wg.Wait()
	for _, err := range errs {
		require.ErrorIs(t, err, ErrEndpointNotFound)
		assert.Equal(t, 1, strings.Count(err.Error(), "has no route"), "%v", err)
	}
	assert.LessOrEqual(t, posts.Load(), int32(4*len(errs)), "each issue tries its two routes under two roots at most")
}

// TestBasePath_WrongBaseURLNamesEveryURLTried: a base URL where no ZDM
// server answers (a web site) gives an error that names every URL tried,
// both token routes under both roots included, and quotes at most a
// short snippet of the page, not the page.
func TestBasePath_WrongBaseURLNamesEveryURLTried(t *testing.T) {
	t.Parallel()
	page := "<!DOCTYPE html><html><head><title>Welcome</title></head><body>" + strings.Repeat("<p>Our company makes things.</p>", 40) + "</body></html>"
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 404, "text/html", []byte(page)) })
	for _, tc := range []struct {
		name string
		opts []ClientOption
		urls []string
	}{
		{"token", []ClientOption{WithToken("tok-abcdef")}, []string{
			"https://www.example.com/api/recoveries/monitoring/job/1", "https://www.example.com/api/v1/recoveries/monitoring/job/1"}},
		{"credentials", []ClientOption{WithCredentials(testEmail, testPassword)}, []string{
			"https://www.example.com/api/token/issue", "https://www.example.com/api/v1/token/issue",
			"https://www.example.com/api/auth/issue", "https://www.example.com/api/v1/auth/issue"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := rootClient(t, "https://www.example.com", h, tc.opts...)
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.ErrorIs(t, err, ErrEndpointNotFound)
			msg := err.Error()
			for _, u := range tc.urls {
				assert.Contains(t, msg, u)
			}
			assert.Contains(t, msg, "<!DOCTYPE html>", "a snippet of what answered")
			assert.NotContains(t, msg, "Our company makes things.</p><p>Our company", "not the page")
			assert.Less(t, len(msg), 700, msg)
		})
	}
}
