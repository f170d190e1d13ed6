package zdmtest_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// backupBody is a backup registration body in the dialect's shape.
func backupBody(d zdmtest.Dialect, server, name string, partitions ...string) map[string]any {
	b := map[string]any{"center": "zdm-a", "server": server, "type": "full", "partition": append([]string{}, partitions...),
		"repository": map[string]any{"id": 9}}
	if d == zdmtest.DialectDraft {
		b["repository"] = map[string]any{"type": "nfs", "path": "/backup"}
	}
	if name != "" {
		b["jobName"] = name
	}
	return b
}

// imageName is the shape of the names runs give images.
var imageName = regexp.MustCompile(`^nightly_ROOT_\[\d{4}-\d\d-\d\d_\d\d_\d\d(_\d\d)?\]\.ZIA$`)

// TestBackups_CreateRunImageHistoryDelete: a registration makes one job
// per partition (named jobName plus the partition's suffix), start runs
// it through its plan one step per monitoring poll, the run that
// completes writes an image and a history row, and delete removes the
// job and its histories but not its image; on every generation.
func TestBackups_CreateRunImageHistoryDelete(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			status, env := call(t, srv, http.MethodPost, "/backups", backupBody(d, "web01", "nightly", "/", "/boot"))
			require.Equal(t, http.StatusCreated, status, "%v", env)
			assert.Equal(t, map[string]any{"total": 2.0, "successful": 2.0, "failed": 0.0}, at(env, "data", "summary"))
			assert.Equal(t, "nightly_ROOT", at(env, "data", "results", 0, "jobName"))
			assert.Equal(t, "nightly_boot", at(env, "data", "results", 1, "jobName"))
			mode := map[bool]string{true: "full", false: "Full Backup"}[d == zdmtest.DialectDraft]
			assert.Equal(t, mode, at(env, "data", "results", 0, "jobMode"))

			j := srv.BackupJob("nightly_ROOT")
			require.NotNil(t, j)
			assert.Equal(t, "web01", j.Server())
			assert.Equal(t, []string{"/"}, j.Partitions())
			assert.Equal(t, 0, j.Runs(), "registered, not started")
			_, env = get(t, srv, "/backups/nightly_ROOT")
			assert.Equal(t, map[zdmtest.Dialect]string{zdmtest.DialectDraft: "pending"}[d]+map[bool]string{true: "", false: "Registered"}[d == zdmtest.DialectDraft],
				at(env, "data", "job", "info", "status", "current"))
			assert.Equal(t, "/", at(env, "data", "job", "info", "partition"))
			assert.Equal(t, "9", at(env, "data", "repository", "id"))

			start := map[string]any{"status": "start"}
			if d == zdmtest.DialectV3 {
				start["center"] = "zdm-a"
			}
			status, env = call(t, srv, http.MethodPut, "/backups/nightly_ROOT", start)
			require.Equal(t, http.StatusOK, status, "%v", env)
			var seen []string
			for range 3 {
				status, env = get(t, srv, "/backups/monitoring/job/nightly_ROOT")
				require.Equal(t, http.StatusOK, status, "%v", env)
				seen = append(seen, at(env, "data", "job", "progressInfo", "status").(string)+" "+at(env, "data", "job", "progressInfo", "percent").(string))
			}
			want := []string{"Preparing 0%", "Processing 50%", "Complete 100%"}
			if d == zdmtest.DialectDraft {
				want = []string{"start 0%", "run 50%", "complete 100%"}
			}
			assert.Equal(t, want, seen, "the default plan, one step per poll")
			assert.Equal(t, "web01", at(env, "data", "system", "name"))
			assert.Equal(t, "/", at(env, "data", "job", "info", "partition"))

			images := 0
			for _, im := range srv.Images() {
				if im.Job == "nightly_ROOT" {
					images++
					assert.Regexp(t, imageName, im.Name)
				}
			}
			assert.Equal(t, 1, images, "the completed run wrote an image")
			hs := j.Histories()
			require.Len(t, hs, 1)
			assert.Equal(t, zdmtest.HistoryComplete, hs[0].Result)
			assert.Equal(t, "Full Backup", hs[0].BackupType)
			assert.Equal(t, "/mnt/backup", hs[0].RepositoryPath)

			if d != zdmtest.DialectDraft {
				status, env = get(t, srv, "/backups/histories?jobName=nightly_ROOT")
				require.Equal(t, http.StatusOK, status, "%v", env)
				require.Len(t, env["data"], 1)
				assert.Equal(t, "COMPLETE", at(env, "data", 0, "result", "status"))
				assert.Equal(t, "/", at(env, "data", 0, "job", "drive"))
				path := "/backups/images/server/web01?jobName=nightly_ROOT"
				if d == zdmtest.DialectV3 {
					path = "/backups/images?server=web01&jobName=nightly_ROOT"
				}
				status, env = get(t, srv, path)
				require.Equal(t, http.StatusOK, status, "%v", env)
				require.Len(t, env["data"], 1)
				assert.Regexp(t, imageName, at(env, "data", 0, "image", "name"))
				assert.Equal(t, "nightly_ROOT", at(env, "data", 0, "image", "jobName"))
				assert.Equal(t, 9.0, at(env, "data", 0, "image", "repository", "id"))
			}

			del := "/backups/nightly_ROOT"
			if d == zdmtest.DialectV3 {
				del += "?center=zdm-a"
			}
			status, env = call(t, srv, http.MethodDelete, del, nil)
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Equal(t, "success", at(env, "data", "summary", "state"))
			assert.Equal(t, 1.0, at(env, "data", "summary", "affectedComponents", "historyDataDeleted"))
			assert.Nil(t, srv.BackupJob("nightly_ROOT"))
			assert.Empty(t, j.Histories(), "its histories went with it")
			kept := 0
			for _, im := range srv.Images() {
				if im.Job == "nightly_ROOT" {
					kept++
				}
			}
			assert.Equal(t, 1, kept, "its image stays in the repository (WIRE-OTHERS 2.5, 2.9)")
			status, _ = get(t, srv, "/backups/nightly_ROOT")
			assert.Equal(t, http.StatusNotFound, status)
		})
	}
}

// TestBackups_RefusedRegistrations: a backup for a center, server,
// partition, repository or schedule the world lacks is refused as the
// servers refuse it, and nothing is registered.
func TestBackups_RefusedRegistrations(t *testing.T) {
	with := func(d zdmtest.Dialect, f func(b map[string]any)) map[string]any {
		b := backupBody(d, "web01", "nightly", "/")
		f(b)
		return b
	}
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		body    map[string]any
		status  int
		want    string // v3 code, or the 1.x/2.x error text
	}{
		{"v3 unknown center", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["center"] = "Atlantis" }), 404, "JOB-ERROR-03"},
		{"v1 unknown center", zdmtest.DialectV1, with(zdmtest.DialectV1, func(b map[string]any) { b["center"] = "Atlantis" }), 404, "Name이 'Atlantis'인 Center를 찾을 수 없습니다"},
		{"v3 unknown server", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["server"] = "no-such-server" }), 404, "JOB-ERROR-02"},
		{"v3 server of another center", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["server"] = "erp01" }), 404, "JOB-ERROR-02"},
		{"v3 unknown repository", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["repository"] = map[string]any{"id": 11} }), 404, "ZDM-REPOSITORY-ERROR-01"},
		{"v3 unknown partition", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["partition"] = []string{"/home"} }), 404, "JOB-ERROR-13"},
		{"v3 unknown schedule", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["schedule"] = 99 }), 404, "JOB-ERROR-100"},
		{"v3 smart without a schedule", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["type"] = "smart" }), 400, "JOB-ERROR-107"},
		{"v3 full with a smart schedule", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) {
			b["schedule"] = map[string]any{"type": 7, "basic": map[string]any{"time": "01:00", "day": "mon"}, "advanced": map[string]any{"time": "02:00", "day": "tue"}}
		}), 400, "JOB-ERROR-101"},
		{"v3 name taken", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["jobName"] = "web01" }), 409, "JOB-ERROR-07"},
		{"v1 individual name taken", zdmtest.DialectV1, with(zdmtest.DialectV1, func(b map[string]any) {
			b["individual"] = []map[string]any{{"partition": "/", "jobName": "db01_data"}}
		}), 409, "JOB_NAME_ALREADY_EXISTS"},
		{"v3 every partition excluded", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) {
			b["partition"], b["excludePartition"] = []string{}, "/,/boot"
		}), 400, "JOB-ERROR-14"},
		{"v3 bad type", zdmtest.DialectV3, with(zdmtest.DialectV3, func(b map[string]any) { b["type"] = "differential" }), 422, "DTO-VALIDATION-01"},
		{"seed bad type", zdmtest.DialectDraft, with(zdmtest.DialectDraft, func(b map[string]any) { b["type"] = "differential" }), 400, "type은 full, increment, smart중 하나여야 합니다"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect), zdmtest.WithInProcess())
			before := len(srv.BackupJobs())
			status, env := call(t, srv, http.MethodPost, "/backups", tt.body)
			assert.Equal(t, tt.status, status, "%v", env)
			assert.Equal(t, tt.want, errorCode(env))
			assert.Len(t, srv.BackupJobs(), before, "nothing registered")
		})
	}
}

// TestBackups_NamesAndSchedules: an empty partition list backs up every
// partition; names take the server's name without jobName (and, from
// 2.0.0, "_Backup_<n>"); individual[].jobName is used verbatim; a schedule
// given by ID is copied into a row of each job's own; a partition the
// server lacks fails on its own.
func TestBackups_NamesAndSchedules(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithInProcess())
	b := backupBody(zdmtest.DialectV1, "win01", "")
	b["repository"] = map[string]any{"id": 10}
	b["schedule"] = 8
	b["individual"] = []map[string]any{{"partition": "d", "jobName": "win01-data"}}
	status, env := call(t, srv, http.MethodPost, "/backups", b)
	require.Equal(t, http.StatusCreated, status, "%v", env)
	assert.Equal(t, "win01_C_Backup_1", at(env, "data", "results", 0, "jobName"))
	assert.Equal(t, "win01-data", at(env, "data", "results", 1, "jobName"), "verbatim")
	copied := at(env, "data", "results", 0, "schedule", "basic", "id")
	assert.Equal(t, 10.0, copied, "a copy of schedule 8, with an ID of its own")
	assert.NotEqual(t, at(env, "data", "results", 1, "schedule", "basic", "id"), copied, "one schedule per job")
	assert.Equal(t, "[Basic] Start working at 03:00 Saturday every week.", at(env, "data", "results", 0, "schedule", "basic", "description"))
	_, env = get(t, srv, "/backups/win01-data")
	assert.Equal(t, "Scheduled", at(env, "data", "job", "info", "status", "current"))
	assert.Equal(t, "D:", at(env, "data", "job", "info", "drive"))
	assert.Equal(t, "cifs", at(env, "data", "repository", "type"))

	b = backupBody(zdmtest.DialectV1, "web01", "more", "/", "/home")
	status, env = call(t, srv, http.MethodPost, "/backups", b)
	require.Equal(t, http.StatusCreated, status, "%v", env)
	assert.Equal(t, map[string]any{"total": 2.0, "successful": 1.0, "failed": 1.0}, at(env, "data", "summary"))
	assert.Equal(t, "fail", at(env, "data", "results", 1, "state"))
	assert.Equal(t, "Partition '/home' not found on server 'web01'", at(env, "data", "results", 1, "errorMessage"))
}

// TestBackups_RunsEndAsTheirPlansSay: a failed run writes a FAIL history
// and no image; a canceled one (stop) too; autoStart without a schedule
// runs at once; the control of a test (Job methods) moves backups as it
// moves recoveries.
func TestBackups_RunsEndAsTheirPlansSay(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithInProcess())
	images := len(srv.Images())
	srv.SetPlan("db01_ROOT", zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 30}, zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "repository full"})
	j := srv.BackupJob("db01_ROOT")
	require.NotNil(t, j)
	j.Start()
	for range 2 {
		get(t, srv, "/backups/monitoring/job/db01_ROOT?center=zdm-a")
	}
	assert.Equal(t, zdmtest.PhaseFailed, j.Status())
	hs := j.Histories()
	require.Len(t, hs, 2, "the world's past run and this one")
	assert.Equal(t, zdmtest.HistoryFail, hs[1].Result)
	assert.Equal(t, "repository full", hs[1].Description)
	assert.Len(t, srv.Images(), images, "no image from a failed run")

	b := backupBody(zdmtest.DialectV3, "db01", "adhoc", "/data")
	b["autoStart"] = "use"
	status, env := call(t, srv, http.MethodPost, "/backups", b)
	require.Equal(t, http.StatusCreated, status, "%v", env)
	adhoc := srv.BackupJob("adhoc_data")
	require.NotNil(t, adhoc)
	assert.Equal(t, 1, adhoc.Runs(), "autoStart without a schedule: it runs once, now")
	status, env = call(t, srv, http.MethodPut, "/backups/adhoc_data", map[string]any{"center": "zdm-a", "status": "stop"})
	require.Equal(t, http.StatusOK, status, "%v", env)
	assert.Equal(t, "Job Status", at(env, "data", "summary", "updatedFields", 0, "field"))
	for range 2 {
		get(t, srv, "/backups/monitoring/job/adhoc_data")
	}
	assert.Equal(t, zdmtest.PhaseCanceled, adhoc.Status())
	require.Len(t, adhoc.Histories(), 1)
	assert.Equal(t, "Backup canceled by user", adhoc.Histories()[0].Description)

	srv.BackupJob("web01_boot").Complete()
	assert.Len(t, srv.Images(), images, "an idle job is not running: Complete pins nothing new")
	w := srv.BackupJob("web01_boot")
	w.Start()
	w.Complete()
	get(t, srv, "/backups/monitoring/job/web01_boot")
	assert.Len(t, srv.Images(), images+1, "a completed run writes its image")
}

// TestBackups_DeleteByName: 3.0.0 refuses a name several jobs of the
// center hold (409, naming their IDs) and wants the center; 1.x/2.x take
// a partition filter and answer summary.state "not_found" when it
// leaves nothing.
func TestBackups_DeleteByName(t *testing.T) {
	v3 := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithInProcess())
	dup := v3.AddBackupJob(zdmtest.BackupJobSpec{Name: "web01_ROOT", Server: "db01", Center: "zdm-a", Idle: true})
	require.NotNil(t, dup, "the same name on another server of the center, as older servers left")
	status, env := call(t, v3, http.MethodDelete, "/backups/web01_ROOT?center=zdm-a", nil)
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "CONFLICT", errorCode(env))
	assert.Equal(t, fmt.Sprintf("Multiple backup jobs named 'web01_ROOT' exist (ids: 1, %d). Delete by job id instead.", dup.ID()), at(env, "error", "message"))
	status, _ = call(t, v3, http.MethodDelete, "/backups/web01_ROOT", nil)
	assert.Equal(t, http.StatusBadRequest, status, "no center")
	status, env = call(t, v3, http.MethodDelete, fmt.Sprintf("/backups/%d?center=zdm-a", dup.ID()), nil)
	assert.Equal(t, http.StatusOK, status, "%v", env)
	status, env = call(t, v3, http.MethodDelete, "/backups/web01_ROOT?center=zdm-b", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "Job information not found", at(env, "error", "message"))

	v1 := zdmtest.NewServer(t, zdmtest.WithInProcess())
	status, env = call(t, v1, http.MethodDelete, "/backups/web01_ROOT?partition=/boot", nil)
	require.Equal(t, http.StatusOK, status, "%v", env)
	assert.Equal(t, "not_found", at(env, "data", "summary", "state"))
	assert.NotNil(t, v1.BackupJob("web01_ROOT"), "nothing deleted")
}

// TestBackups_DeleteLeavesImagesInTheRepository: deleting a backup job
// deletes its rows (basicInfo, detailInfo, historyData, logData: WIRE-OTHERS
// 2.5), not the .ZIA files its runs wrote, which the image routes still
// list by the job name they carry; deleting its server (3.0.0 deletes the
// server's backup jobs) leaves them as orphans, listed by the server's
// name with OS "UNKNOWN" (WIRE-OTHERS 2.9).
func TestBackups_DeleteLeavesImagesInTheRepository(t *testing.T) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			images := func(server string) []any {
				t.Helper()
				status, env := get(t, srv, "/backups/images/server/"+server)
				require.Equal(t, http.StatusOK, status, "%v", env)
				return env["data"].([]any)
			}
			before := images("web01")
			require.Len(t, before, 3, "web01_ROOT's two images and web01_boot's one")

			status, env := call(t, srv, http.MethodDelete, "/backups/web01_ROOT?center=zdm-a", nil)
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Equal(t, 2.0, at(env, "data", "summary", "affectedComponents", "historyDataDeleted"))
			after := images("web01")
			assert.Equal(t, before, after, "the images stay, with the job name they were written by")
			assert.Len(t, srv.Images(), 9)
			for _, h := range srv.BackupHistories() {
				assert.NotEqual(t, "web01_ROOT", h.JobName, "the job's histories went with it")
			}

			if d != zdmtest.DialectV3 {
				return
			}
			status, env = call(t, srv, http.MethodDelete, "/servers/web01?center=zdm-a", nil)
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Nil(t, srv.BackupJob("web01_boot"), "3.0.0 deletes the server's backup jobs")
			orphans := images("web01")
			require.Len(t, orphans, 3, "orphan images are still listed by the server's name")
			assert.Equal(t, "UNKNOWN", at(orphans, 0, "server", "os"))
		})
	}
}

// TestBackups_MonitoringSystem: 1.x/2.x show one job per partition of a
// server and 404 without any; 3.0.0 every job, an empty list without
// any, and 404 for an unknown server only.
func TestBackups_MonitoringSystem(t *testing.T) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			srv.AddBackupJob(zdmtest.BackupJobSpec{Name: "web01_root_2", Server: "web01", Partition: "/", Idle: true})
			status, env := get(t, srv, "/backups/monitoring/system/web01")
			require.Equal(t, http.StatusOK, status, "%v", env)
			want := 3.0
			if d == zdmtest.DialectV1 {
				want = 2
			}
			assert.Equal(t, want, at(env, "data", "summary", "total"))
			assert.Len(t, at(env, "data", "job"), int(want))

			status, env = get(t, srv, "/backups/monitoring/system/web01-dr")
			if d == zdmtest.DialectV3 {
				assert.Equal(t, http.StatusOK, status)
				assert.Equal(t, "-", at(env, "data", "summary", "overallProgress"))
			} else {
				assert.Equal(t, http.StatusNotFound, status)
				assert.Equal(t, "서버 'web01-dr'에 등록된 Backup 작업을 찾을 수 없습니다.", env["error"])
			}
			status, env = get(t, srv, "/backups/monitoring/system/no-such-server")
			assert.Equal(t, http.StatusNotFound, status)
			if d == zdmtest.DialectV3 {
				assert.Equal(t, "SERVER-ERROR-01", errorCode(env))
			}
		})
	}
}

// TestImages_ScansAndFailures: the image routes by dialect: 1.x/2.x's
// by-server route and documented shape, 3.0.0's list with scan, a
// partial scan when a repository cannot be reached, 404 for a center or
// repository the world lacks.
func TestImages_ScansAndFailures(t *testing.T) {
	v1 := zdmtest.NewServer(t, zdmtest.WithInProcess())
	status, env := get(t, v1, "/backups/images/server/win01")
	require.Equal(t, http.StatusOK, status, "%v", env)
	require.Len(t, env["data"], 2)
	assert.Equal(t, "C:", at(env, "data", 0, "drive", "letter"))
	assert.Equal(t, "full", at(env, "data", 0, "image", "type"))
	assert.Equal(t, true, at(env, "data", 0, "image", "compression", "enabled"))
	assert.NotContains(t, env, "scan")
	status, _ = get(t, v1, "/backups/images")
	assert.Equal(t, http.StatusNotFound, status, "1.x/2.x documents no such route: Express's 404")
	status, env = get(t, v1, "/backups/images/server/ghost")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "서버 'ghost'을(를) 찾을 수 없습니다", env["error"])

	v3 := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithInProcess())
	status, env = get(t, v3, "/backups/images?center=zdm-a&partition=/")
	require.Equal(t, http.StatusOK, status, "%v", env)
	assert.Len(t, env["data"], 3, "web01's two and db01's one")
	assert.Equal(t, "Incremental", at(env, "data", 0, "image", "type"), "newest first")
	assert.Equal(t, map[string]any{"total": 2.0, "succeeded": 2.0, "failed": 0.0, "failures": []any{}}, env["scan"])
	status, env = get(t, v3, "/backups/images/server/1")
	require.Equal(t, http.StatusOK, status, "%v", env)
	assert.Len(t, env["data"], 3, "by ID on 3.0.0")
	status, env = get(t, v3, "/backups/images/server/77")
	assert.Equal(t, http.StatusOK, status)
	assert.Empty(t, env["data"], "an ID no server has finds nothing")

	v3.AddRepository(zdmtest.RepositorySpec{ID: 20, Center: "zdm-a", RemotePath: "/far", Unreachable: true})
	status, env = get(t, v3, "/backups/images?center=zdm-a")
	require.Equal(t, http.StatusOK, status, "%v", env)
	assert.Equal(t, "Backup images retrieved (2 of 3 repositories scanned)", env["message"])
	assert.Equal(t, 1.0, at(env, "scan", "failed"))
	assert.Equal(t, 20.0, at(env, "scan", "failures", 0, "repositoryId"))
	status, env = get(t, v3, "/backups/images?repositoryId=20")
	assert.Equal(t, http.StatusInternalServerError, status, "every repository failed")
	assert.True(t, strings.HasPrefix(at(env, "error", "message").(string), "Backup image lookup timed out"))
	status, env = get(t, v3, "/backups/images?center=zdm-a,Atlantis")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "Requested Center 'Atlantis' not found", at(env, "error", "message"))
	status, env = get(t, v3, "/backups/images?repositoryId=99")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "ZDM-REPOSITORY-ERROR-01", errorCode(env))
	status, _ = get(t, v3, "/backups/images?serverName=web01")
	assert.Equal(t, http.StatusOK, status, "the images query is not strict: unknown keys are dropped")
}
