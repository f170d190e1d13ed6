package zdm

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testPrefix is where test servers mount the API, so that code dropping
// the base path fails loudly.
const testPrefix = "/zdm-proxy/api/v1"

// fixture reads a file under testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// recorded is one request a test server saw.
type recorded struct {
	Method, Path, RawPath, Query, Auth, Body string
}

// testServer is an httptest server mounted under testPrefix that answers
// with handler and records what it was sent.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func (s *testServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// base is the URL to give NewClient.
func (s *testServer) base() string { return s.URL + testPrefix }

func newTestServer(t *testing.T, handler http.HandlerFunc) *testServer {
	t.Helper()
	ts := &testServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := ""
		if r.Body != nil {
			b, _ := readAllLimited(r)
			body = string(b)
		}
		ts.mu.Lock()
		ts.reqs = append(ts.reqs, recorded{
			Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), Query: r.URL.RawQuery,
			Auth: r.Header.Get("Authorization"), Body: body,
		})
		ts.mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, testPrefix+"/") {
			http.Error(w, "outside the API prefix: "+r.URL.Path, http.StatusTeapot)
			return
		}
		handler(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func readAllLimited(r *http.Request) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, 1<<20))
}

// reply writes a canned answer.
func reply(w http.ResponseWriter, status int, contentType string, body []byte) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// handlerTransport serves requests in-process from a handler: no sockets
// and no goroutines, so it runs inside testing/synctest bubbles.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if err := r.Context().Err(); err != nil {
		return nil, err // the request was cancelled while the handler ran
	}
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// newLocalClient is a client for a handler served in-process, with fast
// retries unless opts say otherwise.
func newLocalClient(t testing.TB, h http.Handler, opts ...ClientOption) *Client {
	t.Helper()
	all := append([]ClientOption{
		WithHTTPClient(&http.Client{Transport: handlerTransport{h}}),
		WithRetryWait(time.Millisecond, 4*time.Millisecond),
	}, opts...)
	c, err := NewClient("http://zdm.test"+testPrefix, all...)
	require.NoError(t, err)
	return c
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// decodeAnswer decodes a body as the client decodes an answer to a GET.
func decodeAnswer(c *Client, resp *http.Response, body []byte, v any) (*Response, error) {
	return c.decode(&call{method: http.MethodGet}, answer{resp: resp, body: body, url: "http://zdm.test/api/x"}, v)
}

// decodingClient is a client for decodeAnswer.
func decodingClient(t testing.TB) *Client {
	c, err := NewClient("http://zdm.test/api")
	require.NoError(t, err)
	return c
}
