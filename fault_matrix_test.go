package zdm_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The fault matrix: every fault zdmtest can inject, against MonitorJob and
// against Recoveries.Watch. Each row states its outcome (success after
// exactly N attempts, or which typed error after how many requests) and a
// bound on its time in fake time (over a socket only a hang guard).
//
// Every row runs in-process in fake time (a testing/synctest bubble), where
// its waits cost nothing and its wall time is exact: the waits between
// attempts, no more. Rows whose fault lives in the connection (and the
// others, except those that would only wait seconds) run again over a real
// socket, in real time. In fake time the server is made inside the bubble
// without a socket (zdmtest.WithInProcess), so that its own waits (a
// Delay fault: slow headers) take fake time too.

// matrixJob is the scripted job every row polls: one partition that shows
// 10%, then 50%, then completes, one step per poll that reaches it.
const matrixJob = "fault-matrix"

// matrixBound is the default bound on a row's time in fake time, where
// time is exact and a bound is a fact, not a race with the machine's load.
const matrixBound = 3 * time.Second

// matrixHangGuard ends a row's context over a socket, on the real clock:
// a guard against a hang, far (over 10x) past what any row takes on a
// loaded machine. Real time is never asserted: a busy CI machine may take
// seconds for a 64 MiB body under the race detector.
const matrixHangGuard = 60 * time.Second

// matrixMonitorPath is the route prefix faults are pinned to with Fault.On.
const matrixMonitorPath = "recoveries/monitoring/job/"

// matrixMode is how a row's client reaches the fake server, and on which
// clock.
type matrixMode int

const (
	// matrixFakeTime is the server's in-process RoundTripper, inside a
	// synctest bubble.
	matrixFakeTime matrixMode = iota
	// matrixSocket is the server's socket, on the real clock.
	matrixSocket
)

// matrixCalls are the requests a server recorded: monitoring GETs and token
// issue POSTs.
type matrixCalls struct{ gets, posts int }

// matrixCountCalls counts the GETs and POSTs among reqs.
func matrixCountCalls(reqs []zdmtest.Request) matrixCalls {
	var c matrixCalls
	for _, r := range reqs {
		switch r.Method {
		case http.MethodGet:
			c.gets++
		case http.MethodPost:
			c.posts++
		}
	}
	return c
}

// matrixPrepare is a row's step before its call: srv is the row's server,
// c its client, and hc the *http.Client under c, for any other client the
// step makes.
type matrixPrepare func(t *testing.T, srv *zdmtest.Server, c *zdm.Client, hc *http.Client)

// matrixInject returns a prepare step that injects n faults f.
func matrixInject(n int, f zdmtest.Fault) matrixPrepare {
	return func(_ *testing.T, srv *zdmtest.Server, _ *zdm.Client, _ *http.Client) { srv.Inject(n, f) }
}

// matrixInjectAt returns a prepare step that injects n faults made from
// the time the step runs (in fake time, the bubble's clock), for faults
// that name a moment, such as a Retry-After date.
func matrixInjectAt(n int, f func(now time.Time) zdmtest.Fault) matrixPrepare {
	return func(_ *testing.T, srv *zdmtest.Server, _ *zdm.Client, _ *http.Client) { srv.Inject(n, f(time.Now())) }
}

// matrixWarmThen returns a prepare step that makes one successful call (so
// that a credentials client holds a token and the connection is warm),
// then runs after (revoking or expiring the token, injecting faults).
func matrixWarmThen(after func(*zdmtest.Server)) matrixPrepare {
	return func(t *testing.T, srv *zdmtest.Server, c *zdm.Client, _ *http.Client) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), matrixHangGuard)
		defer cancel()
		_, _, err := c.Recoveries.MonitorJob(ctx, matrixJob, nil)
		require.NoError(t, err, "warm-up call")
		after(srv)
	}
}

// matrixExhaustIssueLimit is a prepare step that uses up the issue route's
// rate limit with another client (over the same transport), so that the
// row's client gets 429.
func matrixExhaustIssueLimit(t *testing.T, srv *zdmtest.Server, _ *zdm.Client, hc *http.Client) {
	t.Helper()
	other := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword), zdm.WithHTTPClient(hc))
	ctx, cancel := context.WithTimeout(context.Background(), matrixHangGuard)
	defer cancel()
	_, _, err := other.Recoveries.MonitorJob(ctx, matrixJob, nil)
	require.NoError(t, err, "the other client's call")
}

// matrixSetup is what a row's server and client are made of.
type matrixSetup struct {
	serverOpts  []zdmtest.Option
	credentials bool          // zdm.WithCredentials instead of a static token
	password    string        // the credentials' password (default zdmtest.DefaultPassword)
	httpTimeout time.Duration // http.Client.Timeout under the retrying layer
	clientOpts  []zdm.ClientOption
	prepare     matrixPrepare

	// realClock says the row's fault is a zdmtest.Delay past the client's
	// timeout: over the socket it runs last, on its own, so that other
	// rows' CPU does not push a request past its timeout; fakeTimeOnly,
	// that it does not run over the socket, where it would only wait
	// seconds that fake time pins exactly.
	realClock, fakeTimeOnly bool
}

// matrixModes are the modes a row runs in.
func (s matrixSetup) modes() []matrixMode {
	switch {
	case s.realClock:
		return []matrixMode{matrixFakeTime, matrixSocket}
	case s.fakeTimeOnly:
		return []matrixMode{matrixFakeTime}
	}
	return []matrixMode{matrixFakeTime, matrixSocket}
}

// server makes the row's server and its scripted job.
func (s matrixSetup) server(t *testing.T, more ...zdmtest.Option) *zdmtest.Server {
	t.Helper()
	srv := zdmtest.NewServer(t, append(append([]zdmtest.Option{}, s.serverOpts...), more...)...)
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:       matrixJob,
		Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(10, 50)}},
	})
	return srv
}

// client makes the row's client through rt and runs the row's prepare
// step.
func (s matrixSetup) client(t *testing.T, srv *zdmtest.Server, rt http.RoundTripper) *zdm.Client {
	t.Helper()
	hc := &http.Client{Transport: rt, Timeout: s.httpTimeout}
	opts := append([]zdm.ClientOption{zdm.WithHTTPClient(hc)}, s.clientOpts...)
	var c *zdm.Client
	if s.credentials {
		pw := s.password
		if pw == "" {
			pw = zdmtest.DefaultPassword
		}
		c = srv.Client(append([]zdm.ClientOption{zdm.WithCredentials(zdmtest.DefaultEmail, pw)}, opts...)...)
	} else {
		c = srv.Client(opts...)
	}
	if s.prepare != nil {
		s.prepare(t, srv, c, hc)
	}
	return c
}

// matrixMonitorCase is one row of the MonitorJob matrix.
type matrixMonitorCase struct {
	name string
	matrixSetup
	identifier string // default matrixJob

	// The outcome. attempts is resp.Attempts on success, APIError.Attempts
	// on an API error, and the GETs the server saw in every case (transport
	// errors say it as "after N attempts"); posts are the token issue
	// calls the server saw during the call.
	attempts int
	posts    int
	is       []error // errors.Is holds for each; none: success expected
	isNot    []error
	status   int // APIError.StatusCode; 0: not an *APIError
	// errMethod is the APIError's method: GET (the default) carries
	// Attempts; POST is a failed token issue.
	errMethod string
	contains  []string // in err.Error()
	check     func(t *testing.T, m *zdm.JobMonitoring, resp *zdm.Response, err error)
	minWall   time.Duration
	maxWall   time.Duration // in fake time; default matrixBound
	// exactWall, when set, is the row's wall time in fake time. Every
	// fake-time row's wall time is exactly its waits between attempts
	// (Response.Waited, APIError.Waited) in any case.
	exactWall *time.Duration
	// issueRetried: the token issue was retried like a GET (issuing has
	// no side effect): its attempts are the posts, its waits its own.
	issueRetried bool
}

// matrixExactly is an exactWall.
func matrixExactly(d time.Duration) *time.Duration { return &d }

// matrixHTML503 is a proxy's HTML page for 503.
const matrixHTML503 = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// matrixMonitorCases are the MonitorJob rows. srv.Client() retries 4 times
// with waits of 1 to 10 ms; rows with Retry-After cap the wait lower.
func matrixMonitorCases() []matrixMonitorCase {
	onGET := func(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodGet, matrixMonitorPath) }
	onPOST := func(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodPost, "") }
	cap20ms := zdm.WithRetryWait(time.Millisecond, 20*time.Millisecond)
	cap50ms := zdm.WithRetryWait(time.Millisecond, 50*time.Millisecond)
	return []matrixMonitorCase{
		// Connections.
		{name: "dropped connection twice, then ok", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.DropConnection())},
			attempts: 3},
		{name: "dropped connection every time", matrixSetup: matrixSetup{prepare: matrixInject(10, zdmtest.DropConnection())},
			attempts: 5, is: []error{io.EOF}, contains: []string{"after 5 attempts"}},
		{name: "closed mid-body once, then ok", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.CloseMidBody())},
			attempts: 2},
		{name: "closed mid-body every time", matrixSetup: matrixSetup{prepare: matrixInject(10, zdmtest.CloseMidBody())},
			attempts: 5, is: []error{io.ErrUnexpectedEOF}, contains: []string{"reading response body", "after 5 attempts"}},
		{name: "slow headers past the client timeout once, then ok",
			matrixSetup: matrixSetup{httpTimeout: 200 * time.Millisecond, prepare: matrixInject(1, zdmtest.Delay(5*time.Second)), realClock: true},
			attempts:    2, minWall: 200 * time.Millisecond, maxWall: 1500 * time.Millisecond},
		{name: "slow headers every time: timeout error",
			matrixSetup: matrixSetup{httpTimeout: 150 * time.Millisecond, clientOpts: []zdm.ClientOption{zdm.WithRetryMax(1)},
				prepare: matrixInject(5, zdmtest.Delay(5*time.Second)), realClock: true},
			attempts: 2, is: []error{context.DeadlineExceeded}, contains: []string{"after 2 attempts"},
			minWall: 300 * time.Millisecond, maxWall: 1500 * time.Millisecond,
			check: func(t *testing.T, _ *zdm.JobMonitoring, _ *zdm.Response, err error) {
				var netErr net.Error
				require.ErrorAs(t, err, &netErr)
				assert.True(t, netErr.Timeout(), "a timeout: %v", err)
			}},

		// Proxies and 5xx.
		{name: "nginx HTML 502 twice, then ok", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.NginxBadGateway())},
			attempts: 3},
		{name: "nginx HTML 502 every time", matrixSetup: matrixSetup{prepare: matrixInject(10, zdmtest.NginxBadGateway())},
			attempts: 5, is: []error{zdm.ErrServer}, isNot: []error{zdm.ErrUnexpectedResponse}, status: http.StatusBadGateway,
			contains: []string{"text/html", "after 5 attempts"},
			check: func(t *testing.T, _ *zdm.JobMonitoring, _ *zdm.Response, err error) {
				var apiErr *zdm.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Contains(t, string(apiErr.Body), "502 Bad Gateway", "the page is kept")
			}},
		{name: "HTML 503 twice, then ok",
			matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.Canned(http.StatusServiceUnavailable, "text/html", []byte(matrixHTML503)))},
			attempts:    3},
		{name: "503 envelope every time", matrixSetup: matrixSetup{prepare: matrixInject(10, zdmtest.Status(http.StatusServiceUnavailable))},
			attempts: 5, is: []error{zdm.ErrServer}, status: http.StatusServiceUnavailable, contains: []string{"after 5 attempts"}},
		{name: "empty 504 once, then ok", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.EmptyBody(http.StatusGatewayTimeout))},
			attempts: 2},
		{name: "500 twice, then ok", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.Status(http.StatusInternalServerError))},
			attempts: 3},
		{name: "408 once, then ok", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.Status(http.StatusRequestTimeout))},
			attempts: 2},
		{name: "500 JOB-ERROR-16 is not retried",
			matrixSetup: matrixSetup{prepare: matrixInject(3, zdmtest.Status(http.StatusInternalServerError).WithError("JOB-ERROR-16", "Job data is incomplete"))},
			attempts:    1, is: []error{zdm.ErrServer}, status: http.StatusInternalServerError, contains: []string{"JOB-ERROR-16"},
			check: func(t *testing.T, _ *zdm.JobMonitoring, _ *zdm.Response, err error) {
				var apiErr *zdm.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "JOB-ERROR-16", apiErr.Code)
				assert.Equal(t, "Job data is incomplete", apiErr.Message)
			}},
		{name: "501 is not retried", matrixSetup: matrixSetup{prepare: matrixInject(3, zdmtest.Status(http.StatusNotImplemented))},
			attempts: 1, is: []error{zdm.ErrServer}, status: http.StatusNotImplemented},

		// Rate limits and Retry-After.
		{name: "429 storm without Retry-After", matrixSetup: matrixSetup{prepare: matrixInject(10, zdmtest.Status(http.StatusTooManyRequests))},
			attempts: 5, is: []error{zdm.ErrRateLimited}, status: http.StatusTooManyRequests, contains: []string{"after 5 attempts"}},
		{name: "429 storm with Retry-After 1s capped at 20ms",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap20ms},
				prepare: matrixInject(10, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Second))},
			attempts: 5, is: []error{zdm.ErrRateLimited}, status: http.StatusTooManyRequests,
			minWall: 4 * 20 * time.Millisecond, maxWall: time.Second, exactWall: matrixExactly(4 * 20 * time.Millisecond)},
		{name: "429 twice with Retry-After, then ok",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap20ms},
				prepare: matrixInject(2, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Second))},
			attempts: 3, minWall: 2 * 20 * time.Millisecond, maxWall: time.Second, exactWall: matrixExactly(2 * 20 * time.Millisecond)},
		{name: "Retry-After as an HTTP date an hour ahead, capped at 50ms",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap50ms},
				prepare: matrixInjectAt(1, func(now time.Time) zdmtest.Fault {
					return zdmtest.Status(http.StatusServiceUnavailable).WithRetryAfterDate(now.Add(time.Hour))
				})},
			attempts: 2, minWall: 50 * time.Millisecond, maxWall: time.Second, exactWall: matrixExactly(50 * time.Millisecond)},
		{name: "Retry-After as an HTTP date in the past: retried at once",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{zdm.WithRetryWait(2*time.Second, 4*time.Second)},
				prepare: matrixInjectAt(1, func(now time.Time) zdmtest.Fault {
					return zdmtest.Status(http.StatusServiceUnavailable).WithRetryAfterDate(now.Add(-time.Hour))
				})},
			attempts: 2, maxWall: 900 * time.Millisecond, exactWall: matrixExactly(0)}, // the backoff it replaces would wait at least 1 s
		{name: "Retry-After 3600s beyond the cap waits the cap",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap50ms},
				prepare: matrixInject(1, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Hour))},
			attempts: 2, minWall: 50 * time.Millisecond, maxWall: time.Second, exactWall: matrixExactly(50 * time.Millisecond)},
		{name: "Retry-After 1s under the cap is honoured",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{zdm.WithRetryWait(time.Millisecond, 5*time.Second)},
				prepare: matrixInject(1, zdmtest.Status(http.StatusServiceUnavailable).WithRetryAfter(time.Second)), fakeTimeOnly: true},
			attempts: 2, minWall: time.Second, maxWall: 1500 * time.Millisecond, exactWall: matrixExactly(time.Second)},

		// Authentication.
		{name: "401 then ok after re-issue",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(1, onGET(zdmtest.Status(http.StatusUnauthorized)))},
			attempts:    2, posts: 2},
		{name: "token revoked, then ok after re-issue",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixWarmThen((*zdmtest.Server).RevokeTokens)},
			attempts:    2, posts: 1},
		{name: "token expired, then ok after re-issue",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixWarmThen((*zdmtest.Server).ExpireTokens)},
			attempts:    2, posts: 1},
		{name: "401 twice: the second is returned",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(2, onGET(zdmtest.Status(http.StatusUnauthorized)))},
			attempts:    2, posts: 2, is: []error{zdm.ErrUnauthorized}, status: http.StatusUnauthorized},
		{name: "token revoked, then the re-issue rejected",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixWarmThen(func(srv *zdmtest.Server) {
				srv.RevokeTokens()
				srv.Inject(1, onPOST(zdmtest.Status(http.StatusUnauthorized)))
			})},
			attempts: 1, posts: 1, is: []error{zdm.ErrUnauthorized}, status: http.StatusUnauthorized, errMethod: http.MethodPost},
		{name: "credentials rejected: 404 USER-ERROR-01",
			matrixSetup: matrixSetup{credentials: true, password: "not-the-password"},
			attempts:    0, posts: 1, is: []error{zdm.ErrUnauthorized}, isNot: []error{zdm.ErrNotFound}, status: http.StatusNotFound,
			errMethod: http.MethodPost, contains: []string{"credentials rejected"}},
		{name: "401 with a static token is not replayed", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.Status(http.StatusUnauthorized))},
			attempts: 1, is: []error{zdm.ErrUnauthorized}, status: http.StatusUnauthorized},
		{name: "empty 401 body", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.EmptyBody(http.StatusUnauthorized))},
			attempts: 1, is: []error{zdm.ErrUnauthorized}, isNot: []error{zdm.ErrUnexpectedResponse}, status: http.StatusUnauthorized,
			contains: []string{"empty body"}},
		{name: "empty 401 twice with credentials",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(2, onGET(zdmtest.EmptyBody(http.StatusUnauthorized)))},
			attempts:    2, posts: 2, is: []error{zdm.ErrUnauthorized}, status: http.StatusUnauthorized},
		{name: "token issue rate limited: 429, POST not retried",
			matrixSetup: matrixSetup{serverOpts: []zdmtest.Option{zdmtest.WithIssueRateLimit(1, time.Hour)}, credentials: true,
				prepare: matrixExhaustIssueLimit},
			attempts: 0, posts: 1, is: []error{zdm.ErrRateLimited}, isNot: []error{zdm.ErrUnauthorized}, status: http.StatusTooManyRequests, errMethod: http.MethodPost,
			contains: []string{"POST", "RATE-LIMIT-01"}},
		{name: "token issue 429 with Retry-After: POST not retried",
			matrixSetup: matrixSetup{credentials: true, clientOpts: []zdm.ClientOption{cap20ms},
				prepare: matrixInject(3, onPOST(zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Second)))},
			attempts: 0, posts: 1, is: []error{zdm.ErrRateLimited}, isNot: []error{zdm.ErrUnauthorized}, status: http.StatusTooManyRequests, errMethod: http.MethodPost},
		// Issuing a token has no side effect: its transient failures are
		// retried like a GET's (issue 17, item 6).
		{name: "token issue 503 three times: retried like a GET",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(3, onPOST(zdmtest.Status(http.StatusServiceUnavailable)))},
			attempts:    1, posts: 4, issueRetried: true},
		{name: "token issue connection dropped three times: retried like a GET",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(3, onPOST(zdmtest.DropConnection()))},
			attempts:    1, posts: 4, issueRetried: true},
		{name: "token issue 503 forever: the last 503 after the retries",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(5, onPOST(zdmtest.Status(http.StatusServiceUnavailable)))},
			attempts:    0, posts: 5, is: []error{zdm.ErrServer}, isNot: []error{zdm.ErrUnauthorized}, status: http.StatusServiceUnavailable, errMethod: http.MethodPost,
			issueRetried: true},

		// Bodies.
		{name: "truncated JSON", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.TruncatedJSON())},
			attempts: 1, is: []error{zdm.ErrUnexpectedResponse}, status: http.StatusOK, contains: []string{"invalid JSON"}},
		{name: "wrong JSON types", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.WrongTypes())},
			attempts: 1, is: []error{zdm.ErrUnexpectedResponse}, status: http.StatusOK, contains: []string{"wrong JSON type"}},
		{name: "64 MiB body past the 32 MiB bound", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.HugeBody(64<<20))},
			attempts: 1, is: []error{zdm.ErrUnexpectedResponse}, status: http.StatusOK,
			contains: []string{"exceeds the limit of " + strconv.Itoa(zdm.DefaultMaxResponseBytes) + " bytes"},
			check: func(t *testing.T, _ *zdm.JobMonitoring, _ *zdm.Response, err error) {
				var apiErr *zdm.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.LessOrEqual(t, len(apiErr.Body), 64<<10, "the body kept on the error is bounded")
			}},
		{name: "invalid UTF-8 decodes with U+FFFD", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.InvalidUTF8())},
			attempts: 1,
			check: func(t *testing.T, _ *zdm.JobMonitoring, resp *zdm.Response, _ error) {
				assert.True(t, utf8.ValidString(resp.Message), "message %q", resp.Message)
				assert.True(t, strings.HasPrefix(resp.Message, "\uFFFD\uFFFD"), "message %q", resp.Message)
			}},
		{name: "deeply nested JSON", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.DeepNesting(20000))},
			attempts: 1, is: []error{zdm.ErrUnexpectedResponse}, status: http.StatusOK, contains: []string{"max depth"}},
		{name: "200 success:false is an APIError, not retried", matrixSetup: matrixSetup{prepare: matrixInject(3, zdmtest.SuccessFalse())},
			attempts: 1, isNot: []error{zdm.ErrUnexpectedResponse, zdm.ErrServer}, status: http.StatusOK,
			check: func(t *testing.T, _ *zdm.JobMonitoring, _ *zdm.Response, err error) {
				var apiErr *zdm.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.NotEmpty(t, apiErr.Message)
			}},

		// Other statuses no retry cures.
		{name: "404 job missing", identifier: "no-such-job", attempts: 1, is: []error{zdm.ErrNotFound}, status: http.StatusNotFound},
		{name: "403 forbidden", matrixSetup: matrixSetup{prepare: matrixInject(3, zdmtest.Status(http.StatusForbidden))},
			attempts: 1, is: []error{zdm.ErrForbidden}, status: http.StatusForbidden},
		{name: "400 bad request", matrixSetup: matrixSetup{prepare: matrixInject(3, zdmtest.Status(http.StatusBadRequest))},
			attempts: 1, is: []error{zdm.ErrBadRequest}, status: http.StatusBadRequest},
	}
}

// matrixGroup is the rows of a matrix that run in one mode, under one
// subtest.
type matrixGroup struct {
	name      string
	mode      matrixMode
	realClock bool // the group holds the rows that need the real clock
}

// matrixPhases are the groups, phase by phase; the groups of a phase run
// at once. The rows that time out on the real clock run last, on their
// own, so that the CPU the others take (a 64 MiB body, under the race
// detector) does not push a request past its timeout before it reaches
// the server.
var matrixPhases = [][]matrixGroup{
	{{"fake time", matrixFakeTime, false}, {"socket", matrixSocket, false}},
	{{"real time over socket", matrixSocket, true}},
}

// forMatrixRows runs every row in each of its modes, a subtest per group,
// all the rows of a phase at once.
func forMatrixRows[R any](t *testing.T, rows []R, setup func(R) (string, matrixSetup), run func(*testing.T, matrixMode, R)) {
	for _, phase := range matrixPhases {
		runConcurrently(t, phase, func(g matrixGroup) string { return g.name }, func(t *testing.T, g matrixGroup) {
			var inGroup []R
			for _, row := range rows {
				if _, s := setup(row); (g.mode == matrixFakeTime || s.realClock == g.realClock) && slices.Contains(s.modes(), g.mode) {
					inGroup = append(inGroup, row)
				}
			}
			runConcurrently(t, inGroup, func(row R) string { name, _ := setup(row); return name },
				func(t *testing.T, row R) { run(t, g.mode, row) })
		})
	}
}

// runConcurrently runs test for every row as a subtest of t, all at once,
// and returns when all have ended. The rows of the fault matrix and of the
// secrets tests mostly wait (on a socket, a timeout, a retry) or take no
// time at all (in fake time); as parallel subtests they would queue for
// the -test.parallel slots (GOMAXPROCS: two on a small machine) and their
// waits would add up. (t.Run may be called from several goroutines at
// once.) They also stay within their test, which the goroutine check of
// checkNoGoroutineLeak needs.
func runConcurrently[R any](t *testing.T, rows []R, name func(R) string, test func(*testing.T, R)) {
	t.Helper()
	var wg sync.WaitGroup
	for _, row := range rows {
		wg.Go(func() { t.Run(name(row), func(t *testing.T) { test(t, row) }) })
	}
	wg.Wait()
}

// TestFaultMatrix_MonitorJobRetriesWhatRetryCuresAndTypesTheRest runs
// every MonitorJob row in fake time and, unless it only waits, over a
// socket. The goroutine check needs the test to run alone: it is not
// parallel to other tests, only its rows are to each other.
func TestFaultMatrix_MonitorJobRetriesWhatRetryCuresAndTypesTheRest(t *testing.T) {
	checkNoGoroutineLeak(t)
	forMatrixRows(t, matrixMonitorCases(),
		func(tc matrixMonitorCase) (string, matrixSetup) { return tc.name, tc.matrixSetup },
		runMatrixMonitorCase)
}

// runMatrixMonitorCase runs one MonitorJob row and checks its outcome.
func runMatrixMonitorCase(t *testing.T, mode matrixMode, tc matrixMonitorCase) {
	if mode == matrixFakeTime {
		// A server without a socket, made inside the bubble: its waits
		// (a Delay fault) take fake time too.
		synctest.Test(t, func(t *testing.T) {
			srv := tc.server(t, zdmtest.WithInProcess())
			c := tc.client(t, srv, srv.Transport())
			checkMatrixMonitorCase(t, mode, srv, c, tc)
		})
		return
	}
	srv := tc.server(t)
	c := tc.client(t, srv, srv.HTTPClient().Transport) // over the socket
	checkMatrixMonitorCase(t, mode, srv, c, tc)
}

// checkMatrixMonitorCase makes the row's call with c and checks its
// outcome.
func checkMatrixMonitorCase(t *testing.T, mode matrixMode, srv *zdmtest.Server, c *zdm.Client, tc matrixMonitorCase) {
	before := len(srv.Requests())
	bound := tc.maxWall
	if bound == 0 {
		bound = matrixBound
	}
	if mode == matrixSocket {
		bound = matrixHangGuard
	}
	id := tc.identifier
	if id == "" {
		id = matrixJob
	}

	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	start := time.Now()
	m, resp, err := c.Recoveries.MonitorJob(ctx, id, nil)
	elapsed := time.Since(start)

	if mode == matrixFakeTime {
		assert.Less(t, elapsed, bound, "time, in fake time")
	}
	assert.GreaterOrEqual(t, elapsed, tc.minWall, "wall time")
	if mode == matrixFakeTime && tc.exactWall != nil {
		assert.Equal(t, *tc.exactWall, elapsed, "wall time in fake time")
	}
	got := matrixCountCalls(srv.Requests()[before:])
	assert.Equal(t, matrixCalls{gets: tc.attempts, posts: tc.posts}, got, "requests the server saw")

	if len(tc.is) == 0 && tc.status == 0 {
		require.NoError(t, err)
		require.NotNil(t, m)
		require.NotNil(t, resp)
		assert.Equal(t, tc.attempts, resp.Attempts, "resp.Attempts")
		assert.Equal(t, matrixJob, m.Job.Info.Name)
		require.Len(t, m.Job.Details, 1)
		assert.Equal(t, "/", m.Job.Details[0].Name())
		assert.Empty(t, resp.Request.Header.Get("Authorization"))
		if mode == matrixFakeTime && tc.realClock {
			// Slow headers: each timed-out attempt took the client's
			// timeout, exactly, besides the waits between attempts.
			timedOut := time.Duration(tc.attempts-1) * tc.httpTimeout
			assert.Equal(t, elapsed, resp.Waited+timedOut, "in fake time: the timeouts and the waits, exactly")
		} else if mode == matrixFakeTime && !tc.issueRetried {
			assert.Equal(t, elapsed, resp.Waited, "in fake time the call only waited between attempts")
		}
	} else {
		require.Error(t, err)
		assert.Nil(t, m)
		for _, target := range tc.is {
			assert.ErrorIs(t, err, target)
		}
		for _, target := range tc.isNot {
			assert.NotErrorIs(t, err, target)
		}
		var apiErr *zdm.APIError
		if tc.status != 0 {
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode, "status")
			if tc.errMethod == "" || tc.errMethod == http.MethodGet {
				assert.Equal(t, http.MethodGet, apiErr.Method)
				assert.Equal(t, tc.attempts, apiErr.Attempts, "APIError.Attempts")
			} else {
				assert.Equal(t, tc.errMethod, apiErr.Method, "the issue call failed")
				assert.Equal(t, max(1, tc.posts*btoi(tc.issueRetried)), apiErr.Attempts, "the issue call's attempts")
			}
			if mode == matrixFakeTime {
				assert.Equal(t, elapsed, apiErr.Waited, "in fake time the call only waited between attempts")
			}
		} else {
			assert.False(t, errors.As(err, &apiErr), "not an *APIError: %v", err)
		}
		for _, s := range tc.contains {
			assert.Contains(t, err.Error(), s)
		}
		assert.NotContains(t, err.Error(), "giving up")
	}
	if tc.check != nil {
		tc.check(t, m, resp, err)
	}
}

// matrixWatchCase is one row of the Watch matrix.
type matrixWatchCase struct {
	name string
	matrixSetup
	identifier string // default matrixJob
	maxErrors  int    // WatchOptions.MaxErrors (0: the default 5)

	// The outcome: done (the job completed, nil error) or an error that
	// matches every is; calls, when set, are the requests the server saw.
	done     bool
	is       []error
	status   int // APIError.StatusCode; 0: not checked
	calls    *matrixCalls
	contains []string
}

// matrixWatchCases are the Watch rows: transient faults are tolerated and the
// watch completes; permanent ones end it at once.
func matrixWatchCases() []matrixWatchCase {
	onGET := func(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodGet, matrixMonitorPath) }
	onPOST := func(f zdmtest.Fault) zdmtest.Fault { return f.On(http.MethodPost, "") }
	cap20ms := zdm.WithRetryWait(time.Millisecond, 20*time.Millisecond)
	return []matrixWatchCase{
		// Transient: tolerated.
		{name: "dropped connection", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.DropConnection())}, done: true},
		{name: "dropped connection past the client's retries",
			matrixSetup: matrixSetup{prepare: matrixInject(6, zdmtest.DropConnection())}, done: true},
		{name: "closed mid-body", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.CloseMidBody())}, done: true},
		{name: "slow headers past the client timeout",
			matrixSetup: matrixSetup{httpTimeout: 200 * time.Millisecond, prepare: matrixInject(1, zdmtest.Delay(5*time.Second)), realClock: true},
			done:        true},
		{name: "nginx 502 past the client's retries", matrixSetup: matrixSetup{prepare: matrixInject(6, zdmtest.NginxBadGateway())}, done: true},
		{name: "HTML 503",
			matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.Canned(http.StatusServiceUnavailable, "text/html", []byte(matrixHTML503)))},
			done:        true},
		{name: "503 envelope past the client's retries",
			matrixSetup: matrixSetup{prepare: matrixInject(7, zdmtest.Status(http.StatusServiceUnavailable))}, done: true},
		{name: "429 storm with Retry-After capped",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap20ms},
				prepare: matrixInject(7, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Second))},
			done: true},
		{name: "Retry-After as an HTTP date, capped",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap20ms},
				prepare: matrixInjectAt(1, func(now time.Time) zdmtest.Fault {
					return zdmtest.Status(http.StatusServiceUnavailable).WithRetryAfterDate(now.Add(time.Hour))
				})},
			done: true},
		{name: "Retry-After 3600s, capped",
			matrixSetup: matrixSetup{clientOpts: []zdm.ClientOption{cap20ms},
				prepare: matrixInject(1, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Hour))},
			done: true},
		{name: "401 then ok after re-issue",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(1, onGET(zdmtest.Status(http.StatusUnauthorized)))}, done: true},
		{name: "token revoked mid-watch",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixWarmThen((*zdmtest.Server).RevokeTokens)}, done: true},
		{name: "token issue 429 once",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(1, onPOST(zdmtest.Status(http.StatusTooManyRequests)))},
			done:        true},
		{name: "truncated JSON", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.TruncatedJSON())}, done: true},
		{name: "wrong JSON types", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.WrongTypes())}, done: true},
		{name: "64 MiB body", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.HugeBody(64<<20))}, done: true},
		{name: "invalid UTF-8", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.InvalidUTF8())}, done: true},
		{name: "deeply nested JSON", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.DeepNesting(20000))}, done: true},
		{name: "empty 504", matrixSetup: matrixSetup{prepare: matrixInject(2, zdmtest.EmptyBody(http.StatusGatewayTimeout))}, done: true},

		// Transient for too long: MaxErrors+1 failed polls in a row.
		{name: "503 forever gives up after MaxErrors", maxErrors: 2,
			matrixSetup: matrixSetup{prepare: matrixInject(100, zdmtest.Status(http.StatusServiceUnavailable))},
			is:          []error{zdm.ErrServer}, status: http.StatusServiceUnavailable, calls: &matrixCalls{gets: 3 * 5},
			contains: []string{"3 polls in a row failed"}},
		{name: "token issue rate limited forever", maxErrors: 2,
			matrixSetup: matrixSetup{serverOpts: []zdmtest.Option{zdmtest.WithIssueRateLimit(1, time.Hour)}, credentials: true,
				prepare: matrixExhaustIssueLimit},
			is: []error{zdm.ErrRateLimited}, status: http.StatusTooManyRequests, calls: &matrixCalls{posts: 3},
			contains: []string{"3 polls in a row failed"}},

		// Permanent: the watch ends at once.
		{name: "401 twice with credentials",
			matrixSetup: matrixSetup{credentials: true, prepare: matrixInject(2, onGET(zdmtest.Status(http.StatusUnauthorized)))},
			is:          []error{zdm.ErrUnauthorized}, status: http.StatusUnauthorized, calls: &matrixCalls{gets: 2, posts: 2}},
		{name: "empty 401 with a static token", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.EmptyBody(http.StatusUnauthorized))},
			is: []error{zdm.ErrUnauthorized}, status: http.StatusUnauthorized, calls: &matrixCalls{gets: 1}},
		{name: "404 job missing", identifier: "no-such-job",
			is: []error{zdm.ErrNotFound}, status: http.StatusNotFound, calls: &matrixCalls{gets: 1}},
		{name: "403 forbidden", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.Status(http.StatusForbidden))},
			is: []error{zdm.ErrForbidden}, status: http.StatusForbidden, calls: &matrixCalls{gets: 1}},
		{name: "400 bad request", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.Status(http.StatusBadRequest))},
			is: []error{zdm.ErrBadRequest}, status: http.StatusBadRequest, calls: &matrixCalls{gets: 1}},
		{name: "200 success:false", matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.SuccessFalse())},
			status: http.StatusOK, calls: &matrixCalls{gets: 1}},
		{name: "500 JOB-ERROR-16",
			matrixSetup: matrixSetup{prepare: matrixInject(1, zdmtest.Status(http.StatusInternalServerError).WithError("JOB-ERROR-16", "Job data is incomplete"))},
			is:          []error{zdm.ErrServer}, status: http.StatusInternalServerError, calls: &matrixCalls{gets: 1}},
	}
}

// TestFaultMatrix_WatchToleratesTransientFaultsAndEndsOnPermanentOnes
// runs every Watch row in fake time and over a socket (not in parallel to
// other tests, for the goroutine check).
func TestFaultMatrix_WatchToleratesTransientFaultsAndEndsOnPermanentOnes(t *testing.T) {
	checkNoGoroutineLeak(t)
	forMatrixRows(t, matrixWatchCases(),
		func(tc matrixWatchCase) (string, matrixSetup) { return tc.name, tc.matrixSetup },
		runMatrixWatchCase)
}

// runMatrixWatchCase runs one Watch row and checks its outcome.
func runMatrixWatchCase(t *testing.T, mode matrixMode, tc matrixWatchCase) {
	if mode == matrixFakeTime {
		// A server without a socket, made inside the bubble: its waits
		// (a Delay fault) take fake time too.
		synctest.Test(t, func(t *testing.T) {
			srv := tc.server(t, zdmtest.WithInProcess())
			c := tc.client(t, srv, srv.Transport())
			checkMatrixWatchCase(t, mode, srv, c, tc)
		})
		return
	}
	srv := tc.server(t)
	c := tc.client(t, srv, srv.HTTPClient().Transport) // over the socket
	checkMatrixWatchCase(t, mode, srv, c, tc)
}

// checkMatrixWatchCase watches the row's job with c and checks the
// outcome.
func checkMatrixWatchCase(t *testing.T, mode matrixMode, srv *zdmtest.Server, c *zdm.Client, tc matrixWatchCase) {
	before := len(srv.Requests())
	id := tc.identifier
	if id == "" {
		id = matrixJob
	}
	bound := matrixBound
	if mode == matrixSocket {
		bound = matrixHangGuard
	}
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	updates := 0
	wopts := &zdm.WatchOptions{
		Interval:    time.Millisecond,
		MaxInterval: 5 * time.Millisecond,
		MaxErrors:   tc.maxErrors,
		OnUpdate:    func(*zdm.JobMonitoring) { updates++ },
	}
	start := time.Now()
	m, err := c.Recoveries.Watch(ctx, id, nil, wopts)
	elapsed := time.Since(start)

	if mode == matrixFakeTime {
		assert.Less(t, elapsed, bound, "time, in fake time")
	}
	require.NotErrorIs(t, err, context.DeadlineExceeded, "the watch ended by itself")
	if tc.calls != nil {
		assert.Equal(t, *tc.calls, matrixCountCalls(srv.Requests()[before:]), "requests the server saw")
	}
	if tc.done {
		require.NoError(t, err)
		require.NotNil(t, m)
		assert.True(t, m.Job.Done())
		require.Len(t, m.Job.Details, 1)
		p := m.Job.Details[0].ProgressInfo
		assert.Equal(t, zdm.PhaseCompleted, p.Status.Phase())
		assert.Equal(t, "100%", p.Percent)
		assert.Positive(t, updates)
		return
	}
	require.Error(t, err)
	for _, target := range tc.is {
		assert.ErrorIs(t, err, target)
	}
	if tc.status != 0 {
		var apiErr *zdm.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, tc.status, apiErr.StatusCode)
	}
	for _, s := range tc.contains {
		assert.Contains(t, err.Error(), s)
	}
}

// btoi is 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
