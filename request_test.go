package zdm

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDo_CallsAnyEndpointWithTheClientsAuthAndErrors(t *testing.T) {
	t.Parallel()
	s := newAuthServer(t, "token/issue")
	var mu sync.Mutex
	var bodies []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/issue") || r.Method == http.MethodGet {
			s.ServeHTTP(w, r)
			return
		}
		b, _ := readAllLimited(r)
		mu.Lock()
		bodies = append(bodies, string(b))
		n := len(bodies)
		mu.Unlock()
		if n == 1 {
			reply(w, 401, "application/json", []byte(`{"success":false,"error":"token expired"}`))
			return
		}
		if r.Header.Get("Authorization") == "" {
			reply(w, 401, "", nil)
			return
		}
		reply(w, 201, "application/json", []byte(`{"success":true,"requestID":"r-9","data":{"id":"42","name":"x"},"pagination":{"currentPage":1,"totalPages":2,"hasNextPage":true}}`))
	})
	c := newLocalClient(t, h, WithCredentials(testEmail, testPassword))
	req, err := c.NewRequest(http.MethodPut, "/schedules/7?center=seoul", map[string]string{"name": "a<b"})
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(req.URL.String(), testPrefix+"/schedules/7?center=seoul"), req.URL.String())
	var out struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	resp, err := c.Do(context.Background(), req, &out)
	require.NoError(t, err)
	assert.Equal(t, "42", out.ID)
	assert.Equal(t, "r-9", resp.RequestID)
	assert.Equal(t, 2, resp.NextPage)
	assert.Equal(t, []string{`{"name":"a<b"}`, `{"name":"a<b"}`}, bodies, "a 401 re-issues the token and replays the body once")
	assert.Empty(t, req.Header.Get("Authorization"), "the caller's request is left as it was")

	// Hand-built requests: relative to the API root, or absolute on the
	// client's own server only.
	rel, _ := http.NewRequest(http.MethodGet, "recoveries/monitoring/job/1", nil)
	_, err = c.Do(context.Background(), rel, nil)
	require.NoError(t, err)
	foreign, _ := http.NewRequest(http.MethodGet, "https://evil.example.net/api/x", nil)
	_, err = c.Do(context.Background(), foreign, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "credentials go only there")

	_, err = c.NewRequest(http.MethodGet, "https://evil.example.net/x", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.NewRequest(http.MethodGet, "", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.NewRequest(http.MethodPost, "x", func() {})
	require.ErrorIs(t, err, ErrInvalidArgument)
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

// TestDo_TakesTheRequestAsEdited: a request from NewRequest whose URL the
// caller changed is sent as changed; one given a context with WithContext
// is still discovered under the API root; the caller's body is left
// readable; credentials in a URL are refused.
func TestDo_TakesTheRequestAsEdited(t *testing.T) {
	t.Parallel()
	s := &rootServer{root: "/api/v1", body: []byte(`{"success":true,"data":[]}`)}
	c := rootClient(t, "https://zdm.example.com", s)
	req, err := c.NewRequest(http.MethodGet, "recoveries", nil)
	require.NoError(t, err)
	req.URL.RawQuery = "jobName=nightly"
	_, err = c.Do(context.Background(), req, nil)
	require.NoError(t, err)
	assert.Equal(t, "GET /api/v1/recoveries?jobName=nightly", s.seen()[len(s.seen())-1], "the edited query is sent")

	fresh := rootClient(t, "https://zdm.example.com", s)
	req, err = fresh.NewRequest(http.MethodGet, "recoveries", nil)
	require.NoError(t, err)
	req = req.WithContext(context.Background())
	_, err = fresh.Do(context.Background(), req, nil)
	require.NoError(t, err, "still discovered: /api, then /api/v1")

	body := []byte(`{"name":"x"}`)
	hand, _ := http.NewRequest(http.MethodPost, "recoveries", io.NopCloser(bytes.NewReader(body)))
	_, _ = c.Do(context.Background(), hand, nil)
	left, _ := io.ReadAll(hand.Body)
	assert.Equal(t, body, left, "the caller's body is left as it was")

	withUser, _ := http.NewRequest(http.MethodGet, "https://admin:S3cretPW@zdm.example.com/api/v1/recoveries", nil)
	_, err = c.Do(context.Background(), withUser, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "S3cretPW")
}

// TestDo_HeadAndNoContentAnswerWithoutABody.
func TestDo_HeadAndNoContentAnswerWithoutABody(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Length", "3")
		w.WriteHeader(http.StatusOK)
	})
	c := newLocalClient(t, h)
	for _, m := range []string{http.MethodHead, http.MethodDelete} {
		req, err := c.NewRequest(m, "recoveries/1", nil)
		require.NoError(t, err)
		resp, err := c.Do(context.Background(), req, nil)
		require.NoError(t, err, m)
		assert.Equal(t, 1, resp.Attempts, m)
	}
}

// TestErrors_RedirectHostIsEscaped: a Location naming another origin with
// control or bidi runes does not bring them into the error.
func TestErrors_RedirectHostIsEscaped(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://evil\u202e.example/steal")
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	c := newLocalClient(t, h, WithCredentials(testEmail, testPassword))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "\u202e")
}

// TestNewRequest_ReplacedBodyIsSentAsReplaced: a body set on a request
// after NewRequest is the one sent (with its own length), never silently
// the one NewRequest was given.
func TestNewRequest_ReplacedBodyIsSentAsReplaced(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := readAllLimited(r)
		got.Store(string(b))
		reply(w, 201, "application/json", []byte(`{"success":true,"data":{}}`))
	})
	c := newLocalClient(t, h)
	req, err := c.NewRequest(http.MethodPost, "schedules", map[string]string{"name": "old"})
	require.NoError(t, err)
	replaced := `{"name":"the new one"}`
	req.Body = io.NopCloser(strings.NewReader(replaced))
	req.ContentLength = int64(len(replaced))
	_, err = c.Do(context.Background(), req, nil)
	require.NoError(t, err)
	assert.Equal(t, replaced, got.Load())
}

// TestNewRequest_DotDotSegmentsAreRefused: paths stay under the API root:
// a ".." segment, raw or escaped, is ErrInvalidArgument from NewRequest
// and from Do, and nothing is sent (with the client's token) elsewhere.
func TestNewRequest_DotDotSegmentsAreRefused(t *testing.T) {
	t.Parallel()
	var sent atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		reply(w, 200, "application/json", []byte(`{"success":true,"data":{}}`))
	})
	c := newLocalClient(t, h, WithToken("tok-abcdef"))
	for _, p := range []string{
		"../../admin/users", "recoveries/../../admin", "recoveries/..", "recoveries/%2e%2e/%2e%2e/admin",
		"%2E%2E/admin", ".%2e/admin", "recoveries/..%2fadmin", `recoveries/..\admin`, "recoveries/..%5cadmin",
	} {
		_, err := c.NewRequest(http.MethodGet, p, nil)
		require.ErrorIs(t, err, ErrInvalidArgument, p)
		assert.Contains(t, err.Error(), `".."`, p)
		hand := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: p}, Header: http.Header{}}
		if u, err := url.Parse(p); err == nil {
			hand.URL = u
		}
		_, err = c.Do(context.Background(), hand, nil)
		require.ErrorIs(t, err, ErrInvalidArgument, "Do "+p)
	}
	abs, _ := http.NewRequest(http.MethodGet, "http://zdm.test"+testPrefix+"/%2e%2e/%2e%2e/admin", nil)
	_, err := c.Do(context.Background(), abs, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, sent.Load(), "nothing sent")
	for _, fine := range []string{"recoveries/a..b", "recoveries/...", "recoveries/.hidden", "recoveries/x?q=../y"} {
		_, err := c.NewRequest(http.MethodGet, fine, nil)
		require.NoError(t, err, fine)
	}
}
