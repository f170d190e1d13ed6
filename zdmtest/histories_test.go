package zdmtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// historyServer has rows 1 (web-daily, COMPLETE), 2 (db-weekly, FAIL), 3
// (web-daily, COMPLETE, center zdm-b).
func historyServer(t *testing.T, d zdmtest.Dialect) *zdmtest.Server {
	t.Helper()
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithClock(zdmtest.NewClock(t0).Now))
	start := t0.Add(-time.Hour)
	srv.AddHistory(zdmtest.History{JobID: 10, JobName: "web-daily", Source: "web01", Target: "web01-dr", Center: "zdm-a", RecoverDrive: []string{"/", "/boot"},
		Description: "Recovery completed successfully", Start: start, End: start.Add(30 * time.Minute)})
	srv.AddHistory(zdmtest.History{JobID: 20, JobName: "db-weekly", Source: "db01", Target: "db01-dr", Center: "zdm-a", RecoverDrive: []string{"C:", "D:"},
		Result: zdmtest.HistoryFail, Description: "Target server unreachable", Start: start, End: start.Add(5 * time.Minute)})
	srv.AddHistory(zdmtest.History{JobID: 10, JobName: "web-daily", Source: "web01", Target: "web01-dr", Center: "zdm-b", RecoverDrive: []string{"/"},
		Start: start, End: start.Add(time.Minute)})
	return srv
}

func historyIDs(env map[string]any) []float64 {
	ids := []float64{}
	for _, h := range env["data"].([]any) {
		ids = append(ids, at(h, "id").(float64))
	}
	return ids
}

func TestHistoryListShape(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := historyServer(t, d)
			status, env := get(t, srv, "/recoveries/histories")
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, []float64{3, 2, 1}, historyIDs(env))
			assert.False(t, has(env, "pagination"))
			assert.Equal(t, "Recovery history list", env["message"])
			h := at(env, "data", 2)
			assert.Equal(t, 10.0, at(h, "job", "id"), "ids are numbers")
			assert.Equal(t, "web01", at(h, "system", "name"))
			assert.Equal(t, "web01-dr", at(h, "job", "recoverySystemName"))
			assert.Equal(t, []any{"/", "/boot"}, at(h, "job", "recoverDrive"))
			assert.Equal(t, "COMPLETE", at(h, "result", "status"))
			assert.Equal(t, "00:30:00", at(h, "time", "elapsed"))
			if d == zdmtest.DialectDraft {
				assert.Equal(t, "2026-01-17T05:00:00Z", at(h, "time", "start"))
			} else {
				assert.Equal(t, "2026-01-17 14:00:00", at(h, "time", "start"), "zone-less, in the server's zone")
			}
		})
	}
}

func TestHistoryListFilters(t *testing.T) {
	tests := []struct {
		dialect zdmtest.Dialect
		query   string
		ids     []float64
		meta    map[string]any
	}{
		{zdmtest.DialectV1, "result=failed", []float64{2}, nil},
		{zdmtest.DialectV1, "result=success&sort=asc", []float64{1, 3}, nil},
		{zdmtest.DialectV1, "jobName=web-daily", []float64{3, 1}, nil},
		{zdmtest.DialectV1, "jobId=20", []float64{2}, nil},
		{zdmtest.DialectV1, "server=db01-dr", []float64{2}, nil},
		{zdmtest.DialectV1, "server=db01&serverType=source", []float64{2}, nil},
		{zdmtest.DialectV1, "server=db01", []float64{}, nil},
		{zdmtest.DialectV1, "partition=/boot", []float64{1}, nil},
		{zdmtest.DialectV3, "partition=c", []float64{2}, nil},
		{zdmtest.DialectV3, "center=zdm-b", []float64{3}, nil},
		{zdmtest.DialectV3, "limit=2", []float64{3, 2}, map[string]any{"currentPage": 1.0, "totalPages": 2.0, "totalItems": 3.0, "itemsPerPage": 2.0, "hasNextPage": true, "hasPreviousPage": false}},
		{zdmtest.DialectV3, "page=3&limit=2", []float64{}, map[string]any{"currentPage": 3.0, "totalPages": 2.0, "totalItems": 3.0, "itemsPerPage": 2.0, "hasNextPage": false, "hasPreviousPage": true}},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String()+" "+tt.query, func(t *testing.T) {
			t.Parallel()
			srv := historyServer(t, tt.dialect)
			status, env := get(t, srv, "/recoveries/histories?"+tt.query)
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Equal(t, tt.ids, historyIDs(env))
			if tt.meta != nil {
				assert.Equal(t, tt.meta, env["pagination"])
			}
		})
	}
}

func TestHistoryListRefusals(t *testing.T) {
	srv := historyServer(t, zdmtest.DialectV1)
	status, env := get(t, srv, "/recoveries/histories?result=unknown")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "Invalid enum value. Expected 'success' | 'failed', received 'unknown'", env["error"])

	v3 := historyServer(t, zdmtest.DialectV3)
	status, env = get(t, v3, "/recoveries/histories?result=unknown")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, []any{"result must be one of: success, failed"}, at(env, "error", "details", "result"))
	status, env = get(t, v3, "/recoveries/histories?status=complete")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.True(t, has(env, "status", "error", "details"))
}

func TestHistoryGet(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		path    string
		status  int
		check   func(t *testing.T, env map[string]any)
	}{
		{"v1 number is the row ID", zdmtest.DialectV1, "/recoveries/histories/2", 200, func(t *testing.T, env map[string]any) {
			assert.Equal(t, 2.0, at(env, "data", "id"))
			assert.Equal(t, 20.0, at(env, "data", "job", "id"))
			assert.Equal(t, "Recovery history retrieved", env["message"])
		}},
		{"v1 number ignores filters", zdmtest.DialectV1, "/recoveries/histories/2?result=success", 200, nil},
		{"v3 number applies filters", zdmtest.DialectV3, "/recoveries/histories/2?result=success", 404, func(t *testing.T, env map[string]any) {
			assert.Equal(t, "NOT_FOUND", at(env, "error", "code"))
			assert.Equal(t, "Recovery history not found (ID: 2)", at(env, "error", "message"))
		}},
		{"v1 missing ID", zdmtest.DialectV1, "/recoveries/histories/999", 404, func(t *testing.T, env map[string]any) {
			assert.Equal(t, "Recovery history not found for ID '999'", env["error"])
		}},
		{"v1 name gives an array, never paginated", zdmtest.DialectV1, "/recoveries/histories/web-daily?limit=1", 200, func(t *testing.T, env map[string]any) {
			assert.Equal(t, []float64{3, 1}, historyIDs(env))
			assert.False(t, has(env, "pagination"))
			assert.Equal(t, "Recovery history list", env["message"])
		}},
		{"v3 name paginated", zdmtest.DialectV3, "/recoveries/histories/web-daily?limit=1&page=2", 200, func(t *testing.T, env map[string]any) {
			assert.Equal(t, []float64{1}, historyIDs(env))
			assert.Equal(t, 2.0, at(env, "pagination", "totalItems"))
			assert.Equal(t, "Recovery history retrieved", env["message"])
		}},
		{"v3 name beyond the pages", zdmtest.DialectV3, "/recoveries/histories/web-daily?page=99", 200, func(t *testing.T, env map[string]any) {
			assert.Equal(t, []float64{}, historyIDs(env))
			assert.Equal(t, true, at(env, "pagination", "hasPreviousPage"))
		}},
		{"v3 name unknown", zdmtest.DialectV3, "/recoveries/histories/nope", 404, func(t *testing.T, env map[string]any) {
			assert.Equal(t, "Recovery history not found (JobName: nope)", at(env, "error", "message"))
		}},
		{"v3 empty center", zdmtest.DialectV3, "/recoveries/histories/1?center=", 400, func(t *testing.T, env map[string]any) {
			assert.Equal(t, []any{"center must contain at least one identifier"}, at(env, "error", "details", "center"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := historyServer(t, tt.dialect)
			status, env := get(t, srv, tt.path)
			require.Equal(t, tt.status, status, "%v", env)
			if tt.check != nil {
				tt.check(t, env)
			}
		})
	}
}

func TestHistoriesFollowRuns(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.SetPlan("web", zdmtest.Step{Phase: zdmtest.PhaseCompleted, Percent: 100})
	register(t, srv, regBody(zdmtest.DialectV3, "web"))
	_, env := get(t, srv, "/recoveries/histories?jobName=web")
	assert.Empty(t, env["data"], "no run, no row")
	put(t, srv, "web", map[string]any{"status": "start"})
	_, env = get(t, srv, "/recoveries/histories?jobName=web")
	require.Len(t, env["data"], 1, "the run ended on its first step: the row is there without a poll")
	assert.Equal(t, "COMPLETE", at(env, "data", 0, "result", "status"))
	assert.Equal(t, "web01", at(env, "data", 0, "system", "name"))
}
