package zdm

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

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

// TestDecode_ErrorEnvelopeWithDataOfAnotherShapeIsStillAnError: a 404
// whose envelope carries data that does not fit is the job missing (with
// its code), not a missing route; the DELETE is sent once.
func TestDecode_ErrorEnvelopeWithDataOfAnotherShapeIsStillAnError(t *testing.T) {
	t.Parallel()
	var deletes atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			deletes.Add(1)
		}
		reply(w, 404, "application/json", []byte(`{"success":false,"error":{"code":"JOB-ERROR-01","message":"no such job"},"data":{}}`))
	})
	c := rootClient(t, "https://zdm.example.com", h)
	req, err := c.NewRequest(http.MethodDelete, "recoveries/nightly", nil)
	require.NoError(t, err)
	var v []map[string]any
	_, err = c.Do(context.Background(), req, &v)
	require.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrEndpointNotFound)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "JOB-ERROR-01", apiErr.Code)
	assert.Equal(t, int32(1), deletes.Load())

	h500 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 500, "application/json", []byte(`{"success":false,"error":{"code":"JOB-ERROR-16","message":"incomplete"},"data":[]}`))
	})
	_, _, err = newLocalClient(t, h500).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "JOB-ERROR-16", apiErr.Code)
	assert.False(t, apiErr.transient())
}

// TestQueryCache_NotStoredUnderAGenerationLearntWhileShaping.
func TestQueryCache_NotStoredUnderAGenerationLearntWhileShaping(t *testing.T) {
	t.Parallel()
	c, err := NewClient("http://zdm.test/api")
	require.NoError(t, err)
	opts := &MonitorJobOptions{ServerName: "cache-probe-" + t.Name()}
	shape := func(c *Client, o *MonitorJobOptions) (url.Values, error) {
		c.learn(GenerationV1, true) // the generation is learnt meanwhile
		return c.monitorQuery(o)
	}
	q, err := encodeQuery(c, opts, shape)
	require.NoError(t, err)
	assert.NotContains(t, q, "serverName")
	fresh, err := NewClient("http://zdm.test/api")
	require.NoError(t, err)
	q, err = encodeQuery(fresh, opts, (*Client).monitorQuery)
	require.NoError(t, err)
	assert.Contains(t, q, "serverName=", "a client that does not know its generation sends both names")
	assert.Contains(t, q, "server=")
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
