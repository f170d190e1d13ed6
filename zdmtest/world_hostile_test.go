package zdmtest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestWorldRoutes_HostileInputNeverPanics sends every write of the world
// and the backup family bodies of the wrong shapes and values, and every
// read odd queries: each gets a 4xx in the dialect's form, never a 500
// from a handler's panic (which the server would report as misuse).
func TestWorldRoutes_HostileInputNeverPanics(t *testing.T) {
	bodies := []string{`null`, `[]`, `"x"`, `{}`, `{"center": 1}`, `{"center": [], "server": {}}`,
		`{"center": "zdm-a", "server": "web01", "type": "full", "partition": 5, "repository": {"id": "9"}}`,
		`{"center": "zdm-a", "server": "web01", "type": "smart", "partition": [], "repository": {"id": 9}, "schedule": {"type": "x"}}`,
		`{"center": "zdm-a", "server": "web01", "type": "full", "partition": [""], "repository": {"id": 9}, "individual": [{}]}`,
		`{"center": "zdm-a", "server": "web01", "type": "full", "partition": ["/"], "repository": {"id": 9}, "schedule": {"type": 3, "basic": {"time": "99:99"}}}`,
		`{"center": "zdm-a", "type": 7, "basic": {"time": "01:00", "day": ","}, "advanced": 123456}`,
		`{"center": "zdm-a", "type": "nfs", "remotePath": "/x", "localPath": "/y", "ip": "999.1.1.1", "port": "x"}`,
		`{"server": "1", "license": "1", "center": ""}`, `{"status": "start", "center": "zdm-b"}`, `{"changeName": ""}`,
		`{"center": "zdm-a", "source": "web01", "target": "web01-dr", "platform": "vmware", "mode": "full", "repository": {"id": 9},
		  "jobList": [{"sourcePartition": "/", "targetPartition": "/", "backupFile": ["a", "b"], "backupJob": "x"}]}`,
	}
	writes := []struct{ method, path string }{
		{"POST", "/backups"}, {"PUT", "/backups/web01_ROOT"}, {"PUT", "/backups/999"},
		{"POST", "/schedules"}, {"POST", "/zdms/repositories"}, {"POST", "/zdms/repositories/verify"},
		{"PUT", "/zdms/repositories/9"}, {"PUT", "/zdms/repositories/x"}, {"PUT", "/licenses/assign"}, {"POST", "/recoveries"},
	}
	reads := []string{"/servers?sort=sideways&page=0", "/servers/%00", "/servers/web01/partitions?partition=/&drive=C",
		"/servers/partitions?limit=-1", "/zdms/nope/repositories", "/schedules/abc", "/schedules?type=12", "/licenses?exp=tomorrow",
		"/licenses/key/%20", "/backups?jobId=x", "/backups/monitoring/job/x?status=nope", "/backups/monitoring/system/%2F",
		"/backups/histories/abc?page=0", "/backups/histories/1?result=maybe", "/backups/images/server/%20", "/backups/images?repositoryId=x",
		"/backups/images?center=,,"}
	deletes := []string{"/backups/web01_ROOT?center=", "/backups/x?center=a,b&partition=", "/schedules/x", "/schedules/8?center=zdm-b",
		"/zdms/repositories/x", "/servers/999?center=zdm-a"}
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv, err := zdmtest.Start(zdmtest.WithDialect(d), zdmtest.WithInProcess())
			require.NoError(t, err)
			defer srv.Close()
			auth := "Bearer " + srv.Token()
			check := func(method, path, body string) {
				status, _, out := rawDo(t, srv, method, path, auth, body)
				assert.Less(t, status, 500, "%s %s %s: %s", method, path, body, out)
			}
			for _, w := range writes {
				for _, b := range bodies {
					check(w.method, w.path, b)
				}
			}
			for _, path := range reads {
				check(http.MethodGet, path, "")
			}
			for _, path := range deletes {
				check(http.MethodDelete, path, "")
			}
			if err := srv.Err(); err != nil {
				t.Errorf("misuse (a handler panicked?): %v", strings.ReplaceAll(err.Error(), "\n", "; "))
			}
		})
	}
}

// TestPagination_HugePagesAndLimitsAreServed: a page or limit as large
// as an int holds is served in every dialect and on every paginated
// list: a page past the end holds nothing more than the list, the first
// page of a limit that large holds the whole list. The page times the
// limit overflowed, and the handler panicked (a 500).
func TestPagination_HugePagesAndLimitsAreServed(t *testing.T) {
	for _, d := range dialects {
		srv, err := zdmtest.Start(zdmtest.WithDialect(d), zdmtest.WithInProcess())
		require.NoError(t, err)
		for _, path := range []string{"/recoveries", "/backups", "/servers", "/zdms", "/zdms/repositories", "/schedules",
			"/licenses", "/recoveries/histories", "/backups/histories", "/backups/images/server/web01"} {
			status, _, body := rawGet(t, srv, path)
			if status == http.StatusNotFound {
				continue // a route the dialect does not serve
			}
			all, _ := decode(t, body)["data"].([]any)
			for _, query := range []string{"page=9223372036854775807&limit=9223372036854775807", "page=4611686018427387904&limit=4",
				"page=2&limit=9223372036854775807", "page=1&limit=9223372036854775807"} {
				status, _, body := rawGet(t, srv, path+"?"+query)
				if !assert.Equal(t, http.StatusOK, status, "%v %s?%s: %s", d, path, query, body) {
					continue
				}
				data, ok := decode(t, body)["data"].([]any)
				assert.True(t, ok, "%v %s?%s: no data array: %s", d, path, query, body)
				assert.LessOrEqual(t, len(data), len(all), "%v %s?%s", d, path, query)
				if strings.HasPrefix(query, "page=1&") {
					assert.Len(t, data, len(all), "%v %s?%s", d, path, query)
				}
			}
		}
		if err := srv.Err(); err != nil {
			t.Errorf("%v: the server reported misuse: %v", d, err)
		}
		srv.Close()
	}
}
