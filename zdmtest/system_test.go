package zdmtest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// systemJobs puts three jobs on web01-dr: "old" (target, complete),
// "busy" (target, two rows, the first complete and the second running)
// and "outbound" (web01-dr as source, registered), plus "elsewhere".
func systemJobs(srv *zdmtest.Server) {
	src, dr := zdmtest.Machine{Name: "web01"}, zdmtest.Machine{Name: "web01-dr"}
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "old", Source: src, Target: dr,
		Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp()}}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "busy", Source: src, Target: dr, Partitions: []zdmtest.PartitionSpec{
		{Partition: "/", Steps: zdmtest.Ramp()},
		{Partition: "/home", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 40}}},
	}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "outbound", Source: dr, Target: zdmtest.Machine{Name: "far"}, Idle: true,
		Partitions: []zdmtest.PartitionSpec{{Partition: "/data"}}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "elsewhere", Source: zdmtest.Machine{Name: "x"}, Target: zdmtest.Machine{Name: "y"}})
}

func TestSystemMonitoringV3(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	systemJobs(srv)
	status, env := get(t, srv, "/recoveries/monitoring/system/web01-dr")
	require.Equal(t, http.StatusOK, status, "%v", env)
	data := env["data"]
	assert.Equal(t, "Recovery information retrieved", env["message"])
	assert.Equal(t, map[string]any{"name": "web01-dr"}, at(data, "server"))
	assert.Equal(t, map[string]any{"total": 3.0, "completed": 1.0, "inProgress": 1.0, "failed": 0.0, "canceled": 0.0, "pending": 1.0, "overallProgress": "85%"},
		at(data, "summary"))
	var names, roles []string
	for _, j := range at(data, "job").([]any) {
		names = append(names, at(j, "info", "name").(string))
		roles = append(roles, at(j, "info", "role").(string))
		assert.False(t, has(j, "log"), "never a log here")
	}
	// Jobs with progress first, the most recently updated first: "old"
	// ended when this poll first saw it, after "busy" was registered.
	assert.Equal(t, []string{"old", "busy", "outbound"}, names)
	assert.Equal(t, []string{"target", "target", "source"}, roles)
	assert.Equal(t, 1.0, at(data, "job", 0, "info", "id"), "a number")
	assert.False(t, has(data, "pagination"))

	tests := []struct {
		query string
		names []string
		total float64
	}{
		{"?serverType=source", []string{"outbound"}, 1},
		{"?status=Complete", []string{"old"}, 1},
		{"?jobName=old", []string{"old"}, 1},
		{"?partition=/home", []string{"busy"}, 1},
		{"?limit=1&page=2", []string{"busy"}, 3},
		{"?detail", []string{"old", "busy", "outbound"}, 3},
	}
	for _, tt := range tests {
		status, env := get(t, srv, "/recoveries/monitoring/system/2"+tt.query) // web01-dr is server 2
		require.Equal(t, http.StatusOK, status, "%s %v", tt.query, env)
		names := []string{}
		for _, j := range at(env, "data", "job").([]any) {
			names = append(names, at(j, "info", "name").(string))
		}
		assert.Equal(t, tt.names, names, tt.query)
		assert.Equal(t, tt.total, at(env, "data", "summary", "total"), tt.query)
	}
	_, env = get(t, srv, "/recoveries/monitoring/system/web01-dr?limit=1&page=2")
	assert.Equal(t, map[string]any{"currentPage": 2.0, "totalPages": 3.0, "totalItems": 3.0, "itemsPerPage": 1.0, "hasNextPage": true, "hasPreviousPage": true},
		at(env, "data", "pagination"), "inside data")

	// A known server without jobs: an empty list; an unknown one: 404.
	status, env = get(t, srv, "/recoveries/monitoring/system/y?serverType=source")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, []any{}, at(env, "data", "job"))
	assert.Equal(t, "-", at(env, "data", "summary", "overallProgress"))
	status, env = get(t, srv, "/recoveries/monitoring/system/nowhere")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "SERVER-ERROR-01", at(env, "error", "code"))
	for _, q := range []string{"?server=web01", "?sort=asc", "?jobName=", "?partition=/&drive=C"} {
		status, env = get(t, srv, "/recoveries/monitoring/system/web01-dr"+q)
		assert.Equal(t, http.StatusBadRequest, status, q)
		assert.Equal(t, "DTO-VALIDATION-03", at(env, "error", "code"), q)
	}
}

func TestSystemMonitoringClassic(t *testing.T) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			systemJobs(srv)
			srv.Job("busy").AppendLog("Transferring data...")
			status, env := get(t, srv, "/recoveries/monitoring/system/web01-dr?serverType=target")
			require.Equal(t, http.StatusOK, status, "%v", env)
			data := env["data"]
			assert.Equal(t, "Server recovery monitoring info", env["message"])
			assert.Equal(t, "busy", at(data, "job", "info", "name"), "one job: the latest")
			assert.Equal(t, "web01", at(data, "system", "source", "name"))
			assert.Equal(t, []any{"Transferring data..."}, at(data, "job", "log"))
			assert.Equal(t, map[string]any{"total": 2.0, "completed": 1.0, "inProgress": 1.0, "failed": 0.0, "pending": 0.0, "overallProgress": "70%"},
				at(data, "summary"), "rows counted; no canceled bucket")
			assert.Len(t, at(data, "job", "details"), 2)
			assert.Equal(t, 1, srv.Job("busy").Polls(), "server monitoring polls the job")

			_, env = get(t, srv, "/recoveries/monitoring/system/web01-dr?serverType=target&page=2&limit=1")
			assert.Equal(t, "/home", at(env, "data", "job", "details", 0, "partition"))
			assert.Equal(t, 2.0, at(env, "data", "pagination", "totalItems"), "pagination inside data, cutting details")

			for _, q := range []string{"y?serverType=source", "nowhere", "web01-dr?serverType=target&partition=/data"} {
				status, env = get(t, srv, "/recoveries/monitoring/system/"+q)
				assert.Equal(t, http.StatusNotFound, status, q)
				assert.IsType(t, "", env["error"], q)
			}
			if d == zdmtest.DialectV1 {
				_, env = get(t, srv, "/recoveries/monitoring/system/y?serverType=source")
				assert.Equal(t, "서버 'y'에 등록된 Recovery 작업을 찾을 수 없습니다.", env["error"])
				status, _ = get(t, srv, "/recoveries/monitoring/system/web01-dr?server=ignored&sort=asc")
				assert.Equal(t, http.StatusOK, status, "accepted and ignored")
			}
		})
	}
}
