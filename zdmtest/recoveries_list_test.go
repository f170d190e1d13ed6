package zdmtest_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// threeJobs adds jobs 1 (web, complete), 2 (db, Windows, pending) and 3
// (web, center zdm-b, running).
func threeJobs(srv *zdmtest.Server) {
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "web-daily", Source: zdmtest.Machine{Name: "web01"}, Target: zdmtest.Machine{Name: "web01-dr"},
		Center: "zdm-a", Platform: "openstack",
		Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp()}, {Partition: "/boot", Steps: zdmtest.Ramp(), Mode: zdm.ModeIncrement}}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "db-weekly", Source: zdmtest.Machine{Name: "db01"}, Target: zdmtest.Machine{Name: "db01-dr"},
		Center: "zdm-a", Partitions: []zdmtest.PartitionSpec{{Drive: "C:"}, {Drive: "D:"}}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "web-hourly", Source: zdmtest.Machine{Name: "web01"}, Target: zdmtest.Machine{Name: "web02-dr"},
		Center: "zdm-b", Partitions: []zdmtest.PartitionSpec{{Partition: "/data", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 40}}}}})
}

var zoneless = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)

func TestListShapesPerDialect(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			threeJobs(srv)
			status, env := get(t, srv, "/recoveries")
			require.Equal(t, http.StatusOK, status)
			assert.False(t, has(env, "pagination"), "no pagination unless page or limit is sent")
			data := env["data"].([]any)
			require.Len(t, data, 3)
			assert.Equal(t, "3", at(data, 0, "job", "info", "id"), "desc by ID; ids are strings")
			assert.Equal(t, "1", at(data, 2, "job", "info", "id"))
			assert.Equal(t, "1", at(data, 2, "system", "source", "id"))
			assert.Equal(t, "Recovery job list", env["message"])
			row := at(data, 2, "job", "detail", 0)
			info := at(data, 2, "job", "info")
			switch d {
			case zdmtest.DialectDraft:
				assert.Equal(t, "/", at(row, "partition"))
				assert.Equal(t, "true", at(row, "backup", "latest"))
				assert.Equal(t, "complete", at(info, "status", "current"))
				assert.Regexp(t, `Z$`, at(info, "status", "time", "start"))
				assert.Equal(t, "C:", at(data, 1, "job", "detail", 0, "drive"))
			default:
				assert.Equal(t, "/", at(row, "from"))
				assert.Equal(t, "/", at(row, "to"))
				assert.Equal(t, "use", at(row, "backup", "latest"))
				assert.Equal(t, "Complete", at(info, "status", "current"))
				assert.Regexp(t, zoneless, at(info, "status", "time", "start"), "data times are zone-less on 1.x/2.x and 3.0.0")
				assert.Equal(t, "Registered", at(data, 1, "job", "info", "status", "current"))
				assert.Equal(t, "-", at(data, 1, "job", "info", "status", "time", "start"))
				assert.Equal(t, "C:", at(data, 1, "job", "detail", 0, "from"))
			}
			assert.Equal(t, d == zdmtest.DialectV3, has(env, "traceId"))
			assert.False(t, has(info, "platform"), "detail=false")

			_, env = get(t, srv, "/recoveries?detail=true&jobName=web-daily")
			info = at(env, "data", 0, "job", "info")
			assert.Equal(t, "openstack", at(info, "platform"))
			assert.Equal(t, "0", at(info, "networkSpeed"), "a string")
			assert.Equal(t, "100", at(env, "data", 0, "system", "source", "license"))
			assert.True(t, has(env, "option", "data", 0, "job", "detail", 0))
		})
	}
}

func TestListPagination(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			threeJobs(srv)
			tests := []struct {
				query string
				ids   []string
				meta  map[string]any
			}{
				{"?limit=2", []string{"3", "2"}, map[string]any{"currentPage": 1.0, "totalPages": 2.0, "totalItems": 3.0, "itemsPerPage": 2.0, "hasNextPage": true, "hasPreviousPage": false}},
				{"?page=2&limit=2", []string{"1"}, map[string]any{"currentPage": 2.0, "totalPages": 2.0, "totalItems": 3.0, "itemsPerPage": 2.0, "hasNextPage": false, "hasPreviousPage": true}},
				{"?page=1", []string{"3", "2", "1"}, map[string]any{"currentPage": 1.0, "totalPages": 1.0, "totalItems": 3.0, "itemsPerPage": 20.0, "hasNextPage": false, "hasPreviousPage": false}},
				{"?page=9&limit=2", []string{}, map[string]any{"currentPage": 9.0, "totalPages": 2.0, "totalItems": 3.0, "itemsPerPage": 2.0, "hasNextPage": false, "hasPreviousPage": true}},
				{"?sort=asc&limit=2", []string{"1", "2"}, nil},
				{"?sort=asc", []string{"1", "2", "3"}, nil},
				{"?jobName=none&limit=5", []string{}, map[string]any{"currentPage": 1.0, "totalPages": 0.0, "totalItems": 0.0, "itemsPerPage": 5.0, "hasNextPage": false, "hasPreviousPage": false}},
			}
			for _, tt := range tests {
				status, env := get(t, srv, "/recoveries"+tt.query)
				require.Equal(t, http.StatusOK, status, tt.query)
				ids := []string{}
				for _, item := range env["data"].([]any) {
					ids = append(ids, at(item, "job", "info", "id").(string))
				}
				assert.Equal(t, tt.ids, ids, tt.query)
				if tt.meta != nil {
					assert.Equal(t, tt.meta, env["pagination"], tt.query)
				}
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		query   string
		ids     []string
	}{
		{"status lowercase", zdmtest.DialectV1, "status=complete", []string{"1"}},
		{"status registered", zdmtest.DialectV1, "status=registered", []string{"2"}},
		{"status any case on v3", zdmtest.DialectV3, "status=Processing", []string{"3"}},
		{"seed status", zdmtest.DialectDraft, "status=run", []string{"3"}},
		{"job ID", zdmtest.DialectV1, "jobId=2", []string{"2"}},
		{"server by name, either side", zdmtest.DialectV1, "server=web01", []string{"3", "1"}},
		{"server by ID: zdm-a's web01, not zdm-b's", zdmtest.DialectV1, "server=1", []string{"1"}},
		{"server as target", zdmtest.DialectV1, "server=web01&serverType=target", []string{}},
		{"mode on a row", zdmtest.DialectV1, "mode=increment", []string{"1"}},
		{"partition list", zdmtest.DialectV1, "partition=/boot,/data", []string{"3", "1"}},
		{"drive normalised", zdmtest.DialectV1, "drive=d", []string{"2"}},
		{"v3 partition names a drive", zdmtest.DialectV3, "partition=C", []string{"2"}},
		{"center name", zdmtest.DialectV1, "center=zdm-b", []string{"3"}},
		{"center list with ID", zdmtest.DialectV3, "center=2,zdm-x", []string{"3"}},
		{"unknown center", zdmtest.DialectV3, "center=nowhere", []string{}},
		{"platform", zdmtest.DialectV1, "platform=openstack", []string{"1"}},
		{"unknown key ignored on v1", zdmtest.DialectV1, "colour=red", []string{"3", "2", "1"}},
		{"empty value ignored on v1", zdmtest.DialectV1, "center=", []string{"3", "2", "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			threeJobs(srv)
			status, env := get(t, srv, "/recoveries?"+tt.query)
			require.Equal(t, http.StatusOK, status, "%v", env)
			ids := []string{}
			for _, item := range env["data"].([]any) {
				ids = append(ids, at(item, "job", "info", "id").(string))
			}
			assert.Equal(t, tt.ids, ids)
		})
	}
}

func TestListRefusedQueries(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		query   string
		field   string // v3: the key under error.details
		text    string // v1: the error string
	}{
		{"PascalCase status on v1", zdmtest.DialectV1, "status=Processing", "", "유효하지 않은 'status' 값입니다. 허용된 값: preparing, processing, complete, scheduled, registered, canceling, canceled, error"},
		{"bad mode on v1", zdmtest.DialectV1, "mode=smart", "", "유효하지 않은 'mode' 값입니다. 허용된 값: full, increment"},
		{"bad mode on v3", zdmtest.DialectV3, "mode=smart", "mode", "mode must be one of: full, increment"},
		{"unknown key on v3", zdmtest.DialectV3, "colour=red", "colour", "colour is not a supported parameter. Check for a typo or a parameter that has been removed."},
		{"empty center on v3", zdmtest.DialectV3, "center=", "center", "center must contain at least one identifier"},
		{"partition and drive on v3", zdmtest.DialectV3, "partition=/&drive=C", "partition", "partition and drive filter the same column and cannot be used together. Use one of them — 'C', 'C:' and '/data' are all accepted."},
		{"bad page on v3", zdmtest.DialectV3, "page=0", "page", "page must be a positive integer"},
		{"bad sort on v1", zdmtest.DialectV1, "sort=up", "", "유효하지 않은 'sort' 값입니다. 허용된 값: asc, desc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			status, env := get(t, srv, "/recoveries?"+tt.query)
			require.Equal(t, http.StatusBadRequest, status)
			if tt.field == "" {
				assert.Equal(t, tt.text, env["error"])
				return
			}
			assert.Equal(t, "DTO-VALIDATION-03", at(env, "error", "code"))
			assert.Equal(t, "Query parameter validation failed.", at(env, "error", "message"))
			assert.Equal(t, []any{tt.text}, at(env, "error", "details", tt.field))
		})
	}
}

func TestGetRecovery(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		path    string
		status  int
		want    string // job name, or the error (v1 string, else code)
		message string // v3 error message
	}{
		{"by ID", zdmtest.DialectV1, "/recoveries/2", 200, "db-weekly", ""},
		{"by name", zdmtest.DialectV3, "/recoveries/web-daily", 200, "web-daily", ""},
		{"seed by name", zdmtest.DialectDraft, "/recoveries/web-daily?detail=true", 200, "web-daily", ""},
		{"seed ignores filters", zdmtest.DialectDraft, "/recoveries/web-daily?mode=increment", 200, "web-daily", ""},
		{"missing ID on v1", zdmtest.DialectV1, "/recoveries/999", 404, "ID가 '999'인 Recovery 작업을 찾을 수 없습니다", ""},
		{"missing name on v3", zdmtest.DialectV3, "/recoveries/nope", 404, "JOB-ERROR-01", "Recovery job with Name 'nope' not found"},
		{"missing on seed", zdmtest.DialectDraft, "/recoveries/999", 404, "Recovery job with ID '999' not found", ""},
		{"filter mismatch on v1", zdmtest.DialectV1, "/recoveries/web-daily?partition=/home", 404, "Name이 'web-daily'인 Recovery 작업은 존재하지만, 지정된 필터 조건과 일치하는 결과가 없습니다.", ""},
		{"filter mismatch on v3", zdmtest.DialectV3, "/recoveries/1?status=error", 404, "JOB-ERROR-01", "Recovery job with ID '1' exists, but no results match the specified filter conditions."},
		{"other center", zdmtest.DialectV3, "/recoveries/1?center=zdm-b", 404, "JOB-ERROR-01", "Recovery job with ID '1' not found"},
		{"list keys refused on v3", zdmtest.DialectV3, "/recoveries/1?page=1", 400, "DTO-VALIDATION-03", "Query parameter validation failed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			threeJobs(srv)
			status, env := get(t, srv, tt.path)
			require.Equal(t, tt.status, status, "%v", env)
			if status == http.StatusOK {
				assert.Equal(t, tt.want, at(env, "data", "job", "info", "name"))
				assert.Equal(t, "Recovery job retrieved", env["message"])
				return
			}
			assert.Equal(t, tt.want, errorCode(env))
			if tt.message != "" {
				assert.Equal(t, tt.message, at(env, "error", "message"))
			}
		})
	}
}
