package zdm

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// queryRecorder answers every request with a fixture and keeps the
// queries it was sent.
type queryRecorder struct {
	mu      sync.Mutex
	body    []byte
	queries []url.Values
}

func (q *queryRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q.mu.Lock()
	q.queries = append(q.queries, r.URL.Query())
	q.mu.Unlock()
	reply(w, 200, "application/json", q.body)
}

func (q *queryRecorder) last() url.Values {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queries) == 0 {
		return nil
	}
	return q.queries[len(q.queries)-1]
}

func TestGenerationLearntFromAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		want    Generation
	}{
		{"monitor_seed.json", GenerationDraft},
		{"monitor_cli_detail.json", GenerationDraft},
		{"monitor_v1_windows.json", GenerationV1},
		{"monitor_v3.json", GenerationV3},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			rec := &queryRecorder{body: fixture(t, tt.fixture)}
			c := newLocalClient(t, rec)
			assert.Equal(t, GenerationAuto, c.ServerGeneration())
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.ServerGeneration())
		})
	}
}

func TestQueriesPerGeneration(t *testing.T) {
	t.Parallel()
	all := &MonitorJobOptions{ServerName: "web-01", ServerType: ServerTypeSource, JobName: "nightly", Partition: "/", Center: "seoul-1"}
	tests := []struct {
		name    string
		gen     Generation
		base    string
		want    url.Values
		refused string
	}{
		{"seed", GenerationDraft, "", url.Values{"serverName": {"web-01"}, "serverType": {"source"}, "jobName": {"nightly"}, "partition": {"/"}, "center": {"seoul-1"}}, ""},
		{"1.x/2.x", GenerationV1, "", url.Values{"server": {"web-01"}, "serverType": {"source"}, "jobName": {"nightly"}, "partition": {"/"}, "center": {"seoul-1"}}, ""},
		{"unknown under /api: both names", GenerationAuto, "http://zdm.test/api", url.Values{"server": {"web-01"}, "serverName": {"web-01"}, "serverType": {"source"}, "jobName": {"nightly"}, "partition": {"/"}, "center": {"seoul-1"}}, ""},
		{"unknown under /api/v1: both names", GenerationAuto, "http://zdm.test/api/v1", url.Values{"server": {"web-01"}, "serverName": {"web-01"}, "serverType": {"source"}, "jobName": {"nightly"}, "partition": {"/"}, "center": {"seoul-1"}}, ""},
		{"3.0.0", GenerationV3, "", nil, "ServerName, ServerType, JobName: 3.0.0 servers refuse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &queryRecorder{body: fixture(t, "monitor_seed.json")}
			base := "http://zdm.test" + testPrefix
			if tt.base != "" {
				base = tt.base
			}
			c, err := NewClient(base, WithHTTPClient(&http.Client{Transport: handlerTransport{rec}}), WithServerGeneration(tt.gen))
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", all)
			if tt.refused != "" {
				require.ErrorIs(t, err, ErrInvalidArgument)
				assert.Contains(t, err.Error(), tt.refused)
				assert.Nil(t, rec.last(), "nothing sent")
				// What 3.0.0 accepts still goes.
				_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{Drive: "C:", Mode: ModeFull, Detail: true})
				require.NoError(t, err)
				assert.Equal(t, url.Values{"drive": {"C:"}, "mode": {"full"}, "detail": {"true"}}, rec.last())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, rec.last())
		})
	}
}

func TestLearntV3RefusesFiltersNext(t *testing.T) {
	t.Parallel()
	rec := &queryRecorder{body: fixture(t, "monitor_v3.json")}
	c := newLocalClient(t, rec)
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{JobName: "db-cluster-recovery"})
	require.NoError(t, err, "unknown generation: the documented filter is sent")
	assert.Equal(t, GenerationV3, c.ServerGeneration())
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{JobName: "db-cluster-recovery"})
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestGenerationOption(t *testing.T) {
	t.Parallel()
	_, err := NewClient("http://zdm.test", WithServerGeneration(Generation(9)))
	require.ErrorIs(t, err, ErrInvalidArgument)
	c, err := NewClient("http://zdm.test", WithServerGeneration(GenerationV1))
	require.NoError(t, err)
	assert.Equal(t, GenerationV1, c.ServerGeneration())
	assert.Equal(t, "3.0.0", GenerationV3.String())
	assert.Equal(t, "Generation(7)", Generation(7).String())
}

func TestGenerationLearntFromErrorEnvelope(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var queries []url.Values
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.Query())
		mu.Unlock()
		reply(w, 400, "application/json", fixture(t, "error_object_400.json"))
	})
	c, err := NewClient("http://zdm.test/api", WithHTTPClient(&http.Client{Transport: handlerTransport{h}}))
	require.NoError(t, err)
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{ServerName: "db-prod-02"})
	require.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, url.Values{"server": {"db-prod-02"}, "serverName": {"db-prod-02"}}, queries[0], "generation unknown: the filter goes under both names")
	assert.Equal(t, GenerationV3, c.ServerGeneration(), "traceId and no requestID: a 3.0.0 server")
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{ServerName: "db-prod-02"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Len(t, queries, 1, "the refused filter is not sent again")
}

func TestGenerationFromTimestampWithoutDetails(t *testing.T) {
	t.Parallel()
	rec := &queryRecorder{body: []byte(`{"success":true,"requestID":"r","data":{"system":{"source":{"name":"a"},"target":{"name":"b"}},"job":{"info":{"name":"x"},"log":[],"details":[]}},"timestamp":"2026-01-17 15:43:47"}`)}
	c := newLocalClient(t, rec)
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, GenerationV1, c.ServerGeneration())
}

func TestIssueRouteOrderFollowsGeneration(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		base  string
		opts  []ClientOption
		first string
	}{
		{"http://zdm.test/api/v1", nil, "/api/v1/auth/issue"},
		{"http://zdm.test", nil, "/api/token/issue"},
		{"http://zdm.test/api", nil, "/api/token/issue"},
		{"http://zdm.test/api/v1", []ClientOption{WithServerGeneration(GenerationV3)}, "/api/v1/token/issue"},
	} {
		t.Run(tt.base, func(t *testing.T) {
			var mu sync.Mutex
			var paths []string
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				paths = append(paths, r.Method+" "+r.URL.Path)
				mu.Unlock()
				if r.Method == http.MethodPost {
					reply(w, 201, "application/json", fixture(t, "token_issue_v1.json"))
					return
				}
				reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
			})
			opts := append([]ClientOption{WithHTTPClient(&http.Client{Transport: handlerTransport{h}}), WithCredentials(testEmail, testPassword)}, tt.opts...)
			c, err := NewClient(tt.base, opts...)
			require.NoError(t, err)
			_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.NoError(t, err)
			require.Len(t, paths, 2, "one issue call, one poll")
			assert.Equal(t, "POST "+tt.first, paths[0])
		})
	}
}

func TestGenerationFromMonitoringOverridesEnvelopeGuess(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			// An error body that only 1.x/2.x servers send (a string error).
			reply(w, 404, "application/json", []byte(`{"success":false,"error":"no such job"}`))
			return
		}
		reply(w, 200, "application/json", fixture(t, "monitor_v3.json"))
	})
	c := newLocalClient(t, h)
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, GenerationV1, c.ServerGeneration(), "a guess from an error envelope")
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, GenerationV3, c.ServerGeneration(), "the monitoring answer's shape corrects it")
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

func TestGeneration_LearntOnlyFromEvidenceNoOtherSends(t *testing.T) {
	t.Parallel()
	seedWithID := []byte(`{"success":true,"requestID":"r","timestamp":"2025-01-15T10:15:00Z","data":{"system":{"source":{"name":"a"},"target":{"name":"b"}},"job":{"info":{"id":7,"name":"x"},"details":[{"partition":"/","progressInfo":{"status":"run","percent":"5%"}}]}}}`)
	for _, tt := range []struct {
		name string
		body []byte
		want Generation
	}{
		{"seed answer with job.info.id stays seed", seedWithID, GenerationDraft},
		{"seed fixture", fixture(t, "monitor_seed.json"), GenerationDraft},
		{"1.x/2.x fixture", fixture(t, "monitor_v1_windows.json"), GenerationV1},
		{"3.0.0 fixture", fixture(t, "monitor_v3.json"), GenerationV3},
		{"no evidence", []byte(`{"success":true,"data":{"job":{"info":{"id":7}}}}`), GenerationAuto},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", tt.body) })
			c := newLocalClient(t, h)
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.ServerGeneration())
			if tt.want != GenerationV3 {
				_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", &MonitorJobOptions{JobName: "x"})
				require.NoError(t, err, "a JobName filter is not refused as if the server were 3.0.0")
			}
		})
	}
}

// TestGeneration_NeverGuessedFromAStatusCase: an answer that shows no
// signal of its generation (no timestamp, a requestID alone) teaches the
// client nothing, whatever the case of its statuses; an explicit signal
// does, and a client given WithServerGeneration learns nothing at all.
func TestGeneration_NeverGuessedFromAStatusCase(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"Processing", "run"} {
		body := []byte(`{"success":true,"requestID":"r","data":{"system":{"source":{"name":"a"},"target":{"name":"b"}},"job":{"info":{"name":"x"},"details":[{"partition":"/","progressInfo":{"status":"` + status + `","percent":"5%"}}]}}}`)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", body) })
		c := newLocalClient(t, h)
		_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.NoError(t, err)
		assert.Equal(t, GenerationAuto, c.ServerGeneration(), "status %q", status)
	}
	v3 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", fixture(t, "monitor_v3.json"))
	})
	fixed := newLocalClient(t, v3, WithServerGeneration(GenerationV1))
	_, _, err := fixed.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, GenerationV1, fixed.ServerGeneration(), "given, never learnt")
}

// TestGeneration_LearntFromTheDiscoveredDraftRoot: a server root whose
// API answers under /api/v1 (and not /api) is the draft API's.
func TestGeneration_LearntFromTheDiscoveredDraftRoot(t *testing.T) {
	t.Parallel()
	s := &rootServer{root: "/api/v1", body: []byte(`{"success":true,"data":[]}`)}
	c := rootClient(t, "https://zdm.example.com", s)
	req, err := c.NewRequest(http.MethodGet, "recoveries", nil)
	require.NoError(t, err)
	_, err = c.Do(context.Background(), req, nil)
	require.NoError(t, err)
	assert.Equal(t, GenerationDraft, c.ServerGeneration())
}
