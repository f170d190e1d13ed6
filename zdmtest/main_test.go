package zdmtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestMain fails the run if goroutines of the server, its clients or
// net/http outlive the tests.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// hangGuard bounds, on the real clock, waits that end in milliseconds when
// all is well: only a hang reaches it, never a slow machine. No test
// asserts a shorter bound on real time.
const hangGuard = 20 * time.Second

// testCtx is a context that ends with the test, and after hangGuard so
// that a hang fails instead of stalling the run.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	t.Cleanup(cancel)
	return ctx
}

// t0 is the fake clock's start in tests: 2026-01-17 15:00:00 KST.
var t0 = time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC)

// rawGet sends GET path (relative to the API root, query included) with
// the default user's token and returns the status, headers and body.
func rawGet(t *testing.T, srv *zdmtest.Server, path string) (int, http.Header, []byte) {
	t.Helper()
	return rawDo(t, srv, http.MethodGet, path, "Bearer "+srv.Token(), "")
}

// rawDo sends one request with the server's HTTP client.
func rawDo(t *testing.T, srv *zdmtest.Server, method, path, auth, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(testCtx(t), method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

// decode parses a JSON body into a generic value.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(b, &v), "body: %s", b)
	return v
}

// at walks a decoded JSON value along keys and indexes.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// has reports whether the object at path has key.
func has(v any, key string, path ...any) bool {
	m, ok := at(v, path...).(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[key]
	return ok
}

// recorder is a testing.TB that keeps what the server reports.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  bool
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fatal = true
}

func (r *recorder) Helper() {}

// reported returns what the server reported so far.
func (r *recorder) reported() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errors...)
}

// apiPath is the path of the server's API root.
func apiPath(t *testing.T, srv *zdmtest.Server) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return u.Path
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// regexpAny matches every URL.
var regexpAny = regexp.MustCompile(`.`)
