package zdm

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
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
		{"seed-era server under /api/v1: /api first, then remembered", "/api/v1", []string{"GET /api/recoveries/monitoring/job/1", "GET /api/v1/recoveries/monitoring/job/1", "GET /api/v1/recoveries/monitoring/job/1"}},
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

func TestPagination_ReadWhereverTheServerPutIt(t *testing.T) {
	t.Parallel()
	want := &Pagination{CurrentPage: 1, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasNextPage: true}
	for _, tt := range []struct {
		name, body string
	}{
		{"beside data", `{"success":true,"data":[],"pagination":{"currentPage":1,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true,"hasPreviousPage":false}}`},
		{"seed-era meta", `{"success":true,"data":[],"meta":{"currentPage":1,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true,"hasPreviousPage":false}}`},
		{"numbers as strings", `{"success":true,"data":[],"pagination":{"currentPage":"1","totalPages":"3","totalItems":"25","itemsPerPage":"10","hasNextPage":"true"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v []string
			r, err := decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}}, []byte(tt.body), &v)
			require.NoError(t, err)
			assert.Equal(t, want, r.Pagination)
			assert.Equal(t, 2, r.NextPage)
		})
	}
	var d pagedData
	r, err := decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}},
		[]byte(`{"success":true,"data":{"items":[],"pagination":{"currentPage":3,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":false,"hasPreviousPage":true}}}`), &d)
	require.NoError(t, err)
	assert.Equal(t, &Pagination{CurrentPage: 3, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasPreviousPage: true}, r.Pagination, "inside data")
	assert.Zero(t, r.NextPage, "the last page")

	r, err = decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}}, []byte(`{"success":true,"data":[]}`), &[]string{})
	require.NoError(t, err)
	assert.Nil(t, r.Pagination, "not paginated")
}

// pagedData carries its pagination inside data, as server monitoring does.
type pagedData struct {
	Items      []string        `json:"items"`
	Pagination *wirePagination `json:"pagination"`
}

func (d *pagedData) pagination() *Pagination { return d.Pagination.model() }

// kstServer answers the v1 fixture (zone-less times) with a zone-less
// envelope timestamp and a Date header 9 hours behind it.
func kstAnswer(t *testing.T) http.Handler {
	body := fixture(t, "monitor_v1_windows.json") // timestamp 2026-01-17 15:43:47
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Sat, 17 Jan 2026 06:43:52 GMT")
		reply(w, 200, "application/json", body)
	})
}

func TestTimeZone_LearntFromTheServerAndKeptInTheText(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, kstAnswer(t))
	assert.Equal(t, time.UTC, c.ServerTimeZone(), "UTC until the server tells")
	m, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	_, off := time.Now().In(c.ServerTimeZone()).Zone()
	assert.Equal(t, 9*3600, off, "zone-less envelope timestamp against Date: +09:00")
	p := m.Job.Details[0].ProgressInfo
	assert.Equal(t, "2026-01-17T15:02:40+09:00", p.Start)
	start, ok := p.StartTime()
	require.True(t, ok)
	assert.True(t, start.Equal(time.Date(2026, 1, 17, 6, 2, 40, 0, time.UTC)))

	// Two decodes of the same answer are equal, and a JSON round trip
	// keeps the instants: no hidden zone in the value.
	m2, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.True(t, reflect.DeepEqual(m, m2))
	saved, err := json.Marshal(m)
	require.NoError(t, err)
	var back JobMonitoring
	require.NoError(t, json.Unmarshal(saved, &back))
	assert.Equal(t, *m, back)

	// An explicit zone wins over what the server tells.
	utc := newLocalClient(t, kstAnswer(t), WithServerTimeZone(time.UTC))
	m, _, err = utc.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, "2026-01-17T15:02:40Z", m.Job.Details[0].ProgressInfo.Start)
}

func TestTimeZone_FromAnEnvelopeOffsetAndImplausibleDates(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ts, date string
		want     int // offset in seconds; -1: not learnt
	}{
		{"2025-01-15T10:30:00.000+09:00", "", 9 * 3600},
		{"2025-01-15T10:30:00.000-03:30", "", -(3*3600 + 1800)},
		{"2025-01-15 10:30:00", "Wed, 15 Jan 2025 01:30:04 GMT", 9 * 3600},
		{"2025-01-15 10:30:00", "Wed, 15 Jan 2025 14:01:00 GMT", -3*3600 - 1800},
		{"2025-01-15 10:30:00", "Tue, 14 Jan 2025 01:30:04 GMT", -1}, // 33 hours: a clock, not a zone
		{"2025-01-15 10:30:00", "", -1},
		{"-", "", -1},
	} {
		h := http.Header{}
		if tt.date != "" {
			h.Set("Date", tt.date)
		}
		loc := zoneOf(tt.ts, h)
		if tt.want == -1 {
			assert.Nil(t, loc, "%q / %q", tt.ts, tt.date)
			continue
		}
		require.NotNil(t, loc, "%q / %q", tt.ts, tt.date)
		_, off := time.Now().In(loc).Zone()
		assert.Equal(t, tt.want, off, "%q / %q", tt.ts, tt.date)
	}
}

func TestWatch_ResumeFromJSONOnAPlus9Server(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, kstAnswer(t))
	first, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	saved, err := json.Marshal(first)
	require.NoError(t, err)

	// After a restart: a new client, the snapshot read back from JSON.
	restarted := newLocalClient(t, kstAnswer(t))
	var resume JobMonitoring
	require.NoError(t, json.Unmarshal(saved, &resume))
	updates := 0
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = restarted.Recoveries.Watch(ctx, "1", nil, &WatchOptions{Interval: time.Millisecond, Resume: &resume, OnUpdate: func(*JobMonitoring) { updates++ }})
	require.ErrorIs(t, err, context.DeadlineExceeded, "the job never finishes here")
	assert.Zero(t, updates, "the same answer after a restart is no change: the saved instants read the same")
	s1, _ := resume.Job.Details[0].ProgressInfo.StartTime()
	s2, _ := first.Job.Details[0].ProgressInfo.StartTime()
	assert.True(t, s1.Equal(s2))
}

func TestWithPollInterval_IsTheWatchDefault(t *testing.T) {
	t.Parallel()
	_, err := NewClient("http://zdm.test", WithPollInterval(0, 0))
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = NewClient("http://zdm.test", WithPollInterval(time.Second, time.Millisecond))
	require.ErrorIs(t, err, ErrInvalidArgument)
	synctest.Test(t, func(t *testing.T) {
		polls := 0
		var mu sync.Mutex
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			polls++
			n := polls
			mu.Unlock()
			status := "run"
			if n == 4 {
				status = "complete"
			}
			reply(w, 200, "application/json", []byte(`{"success":true,"data":{"job":{"details":[{"partition":"/","progressInfo":{"status":"`+status+`","percent":"50%"}}]}}}`))
		})
		c := newLocalClient(t, h, WithPollInterval(10*time.Millisecond, 20*time.Millisecond))
		start := time.Now()
		_, err := c.Recoveries.Watch(context.Background(), "1", nil, nil)
		require.NoError(t, err)
		elapsed := time.Since(start)
		assert.GreaterOrEqual(t, elapsed, 10*time.Millisecond+15*time.Millisecond)
		assert.LessOrEqual(t, elapsed, 60*time.Millisecond, "nil options take the client's short interval, not 5 s")
	})
}

func TestServerFilter_SentUnderBothNamesUntilTheGenerationIsKnown(t *testing.T) {
	t.Parallel()
	rec := &queryRecorder{body: fixture(t, "monitor_v1_windows.json")}
	c := newLocalClient(t, rec)
	opts := &MonitorJobOptions{ServerName: "web-01"}
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"web-01"}, rec.last()["server"])
	assert.Equal(t, []string{"web-01"}, rec.last()["serverName"])
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"web-01"}, rec.last()["server"], "1.x/2.x learnt: its own name only")
	assert.NotContains(t, rec.last(), "serverName")
}
