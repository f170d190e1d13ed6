package zdmtest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestCreateShapesPerDialect(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			addImages(t, srv)
			env := register(t, srv, regBody(d, "web-restore",
				map[string]any{"sourcePartition": "/", "targetPartition": "/", "backupFile": "web_ROOT_0001.ZIA"},
				map[string]any{"sourcePartition": "/boot", "targetPartition": "/boot", "mode": "increment"}))
			data := env["data"]
			assert.Equal(t, "success", at(data, "common", "state"))
			assert.Equal(t, "web-restore", at(data, "common", "jobName"))
			assert.Equal(t, "not use", at(data, "common", "autoStart"))
			assert.Equal(t, map[string]any{"total": 2.0, "successful": 2.0, "failed": 0.0}, at(data, "summary"))
			assert.False(t, has(data, "id", "common"), "no job ID in any generation")
			p := at(data, "partitions", 1)
			assert.Equal(t, "increment", at(p, "jobMode"))
			if d == zdmtest.DialectDraft {
				assert.Equal(t, "/boot", at(p, "partition"))
				assert.Equal(t, "Recovery jobs registered", env["message"])
				assert.True(t, has(p, "useLast", "backup"))
			} else {
				assert.Equal(t, "/boot", at(p, "sourcePartition"))
				assert.Equal(t, "/boot", at(p, "targetPartition"))
				assert.Equal(t, "Recovery job registration completed", env["message"])
				assert.Equal(t, "9", at(p, "repository", "id"), "a string")
			}

			// At once in list, get and monitoring, as Registered.
			wantStatus := map[zdmtest.Dialect]string{zdmtest.DialectDraft: "pending"}[d]
			if wantStatus == "" {
				wantStatus = "Registered"
			}
			_, env = get(t, srv, "/recoveries?jobName=web-restore")
			assert.Equal(t, wantStatus, at(env, "data", 0, "job", "info", "status", "current"))
			_, env = get(t, srv, "/recoveries/web-restore")
			assert.Equal(t, "/boot", at(env, "data", "job", "detail", 1, map[bool]string{true: "partition", false: "from"}[d == zdmtest.DialectDraft]))
			assert.Equal(t, wantStatus, monitorStatus(t, srv, "web-restore"))
			j := srv.Job("web-restore")
			require.NotNil(t, j)
			assert.Equal(t, zdmtest.PhasePending, j.Status())
			assert.Equal(t, 0, j.Runs())
			assert.Equal(t, "zdm-a", j.Center())
		})
	}
}

func TestCreateWithScheduleShowsScheduled(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	body := regBody(zdmtest.DialectV3, "nightly")
	body["schedule"] = map[string]any{"type": 3, "basic": map[string]any{"time": "03:00"}}
	env := register(t, srv, body)
	assert.Equal(t, map[string]any{"id": 10.0, "type": "Daily", "description": "[Basic] Start working at 03:00 every day."},
		at(env, "data", "common", "schedule", "basic"), "a new row, after the world's 7, 8 and 9")
	_, env = get(t, srv, "/recoveries/nightly")
	assert.Equal(t, "Scheduled", at(env, "data", "job", "info", "status", "current"))
	assert.Equal(t, map[string]any{"id": "10", "type": "daily", "description": "[Basic] Start working at 03:00 every day."},
		at(env, "data", "job", "info", "schedule", "basic"))
	_, env = get(t, srv, "/recoveries/monitoring/job/nightly")
	assert.Equal(t, "Scheduled", at(env, "data", "job", "progress", "status"))
	assert.Equal(t, "-", at(env, "data", "job", "progress", "percent"))
	assert.Equal(t, "Registered", at(env, "data", "job", "progress", "partitions", 0, "status"))
}

func TestCreateNamesAndConflicts(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	env := register(t, srv, regBody(zdmtest.DialectV1, ""))
	assert.Equal(t, "web01_ROOT", at(env, "data", "common", "jobName"))
	env = register(t, srv, regBody(zdmtest.DialectV1, ""))
	assert.Equal(t, "web01_ROOT-1", at(env, "data", "common", "jobName"), "auto names are suffixed when taken")
	win := regBody(zdmtest.DialectV1, "", map[string]any{"sourcePartition": "c", "targetPartition": "c:"})
	win["source"], win["target"], win["repository"] = "win01", "win01-dr", map[string]any{"id": 10}
	env = register(t, srv, win)
	assert.Equal(t, "win01_C", at(env, "data", "common", "jobName"))
	assert.Equal(t, "C:", at(env, "data", "partitions", 0, "sourcePartition"), "drives normalised")

	status, env := call(t, srv, http.MethodPost, "/recoveries", regBody(zdmtest.DialectV1, "win01_C"))
	assert.Equal(t, http.StatusConflict, status)
	assert.Contains(t, env["error"], "win01_C")
}

func TestCreateRefusedBodies(t *testing.T) {
	missing := func(d zdmtest.Dialect) map[string]any {
		b := regBody(d, "x")
		delete(b, "platform")
		return b
	}
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		body    map[string]any
		status  int
		check   func(t *testing.T, env map[string]any)
	}{
		{"seed: 400 string", zdmtest.DialectDraft, missing(zdmtest.DialectDraft), 400, func(t *testing.T, env map[string]any) {
			assert.Equal(t, "platform is required", env["error"])
		}},
		{"v1: 422 with detail.validationErrors", zdmtest.DialectV1, missing(zdmtest.DialectV1), 422, func(t *testing.T, env map[string]any) {
			assert.Equal(t, "Request body validation failed.", env["error"])
			assert.Equal(t, []any{"platform is required"}, at(env, "detail", "validationErrors", "platform"))
		}},
		{"v3: 422 with error.details", zdmtest.DialectV3, missing(zdmtest.DialectV3), 422, func(t *testing.T, env map[string]any) {
			assert.Equal(t, "DTO-VALIDATION-01", at(env, "error", "code"))
			assert.Equal(t, []any{"platform is required"}, at(env, "error", "details", "platform"))
		}},
		{"v3: bad platform", zdmtest.DialectV3, func() map[string]any { b := regBody(zdmtest.DialectV3, "x"); b["platform"] = "mars"; return b }(), 422,
			func(t *testing.T, env map[string]any) {
				assert.Contains(t, at(env, "error", "details", "platform", 0), "platform must be one of: oci, ncp")
			}},
		{"v1: repository.id required", zdmtest.DialectV1, func() map[string]any {
			b := regBody(zdmtest.DialectV1, "x")
			b["repository"] = map[string]any{"path": "/b"}
			return b
		}(), 422,
			func(t *testing.T, env map[string]any) {
				assert.True(t, has(env, "repository.id", "detail", "validationErrors"))
			}},
		{"v3: smart schedule", zdmtest.DialectV3, func() map[string]any {
			b := regBody(zdmtest.DialectV3, "x")
			b["schedule"] = map[string]any{"type": 8}
			return b
		}(), 400,
			func(t *testing.T, env map[string]any) { assert.Equal(t, "JOB-ERROR-101", at(env, "error", "code")) }},
		{"v3: schedule type out of range", zdmtest.DialectV3, func() map[string]any {
			b := regBody(zdmtest.DialectV3, "x")
			b["schedule"] = map[string]any{"type": 12}
			return b
		}(), 422,
			func(t *testing.T, env map[string]any) { assert.True(t, has(env, "schedule.type", "error", "details")) }},
		{"v3: listOnly without jobList", zdmtest.DialectV3, func() map[string]any { b := regBody(zdmtest.DialectV3, "x"); b["listOnly"] = true; return b }(), 400,
			func(t *testing.T, env map[string]any) { assert.Equal(t, "JOB-ERROR-63", at(env, "error", "code")) }},
		{"v3: every partition excluded", zdmtest.DialectV3, func() map[string]any { b := regBody(zdmtest.DialectV3, "x"); b["excludePartition"] = "/"; return b }(), 400,
			func(t *testing.T, env map[string]any) { assert.Equal(t, "JOB-ERROR-14", at(env, "error", "code")) }},
		{"v1: every partition excluded", zdmtest.DialectV1, func() map[string]any { b := regBody(zdmtest.DialectV1, "x"); b["excludePartition"] = "/"; return b }(), 404,
			func(t *testing.T, env map[string]any) { assert.IsType(t, "", env["error"]) }},
		{"unknown center ID", zdmtest.DialectV3, func() map[string]any { b := regBody(zdmtest.DialectV3, "x"); b["center"] = 99; return b }(), 404,
			func(t *testing.T, env map[string]any) { assert.Equal(t, "ZDM-ERROR-01", at(env, "error", "code")) }},
		{"malformed JSON", zdmtest.DialectV1, nil, 400, func(t *testing.T, env map[string]any) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			var status int
			var env map[string]any
			if tt.body == nil {
				s, _, b := rawDo(t, srv, http.MethodPost, "/recoveries", "Bearer "+srv.Token(), "{")
				status, env = s, decode(t, b)
			} else {
				status, env = call(t, srv, http.MethodPost, "/recoveries", tt.body)
			}
			require.Equal(t, tt.status, status, "%v", env)
			tt.check(t, env)
			assert.Empty(t, srv.Jobs(), "nothing registered")
		})
	}
}

func TestStartRunsThePlanAndWritesHistory(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			register(t, srv, regBody(d, "web-restore"))
			spell := map[zdmtest.Dialect][]string{
				zdmtest.DialectDraft: {"pending", "start", "run", "complete"},
				zdmtest.DialectV1:    {"Registered", "Preparing", "Processing", "Complete"},
				zdmtest.DialectV3:    {"Registered", "Preparing", "Processing", "Complete"},
			}[d]
			body := map[string]any{"status": "start"}
			if d == zdmtest.DialectDraft {
				body = map[string]any{"state": "start"}
			}
			status, env := put(t, srv, "web-restore", body)
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Equal(t, "1", at(env, "data", "jobInfo", "id"))
			assert.Equal(t, spell[0], at(env, "data", "summary", "commonUpdatedFields", 0, "previous"))
			assert.Equal(t, "start", at(env, "data", "summary", "commonUpdatedFields", 0, "new"))

			var seen []string
			for range 4 {
				seen = append(seen, monitorStatus(t, srv, "web-restore"))
			}
			assert.Equal(t, []string{spell[1], spell[2], spell[3], spell[3]}, seen)
			j := srv.Job("web-restore")
			assert.Equal(t, 1, j.Runs())
			hs := j.Histories()
			require.Len(t, hs, 1, "one row per finished run")
			assert.Equal(t, zdmtest.HistoryComplete, hs[0].Result)
			assert.Equal(t, []string{"/"}, hs[0].RecoverDrive)

			// A second run: a new start, a second history row.
			put(t, srv, "1", body)
			assert.Equal(t, spell[1], monitorStatus(t, srv, "1"))
			assert.Equal(t, 2, j.Runs())
			for range 2 {
				monitorStatus(t, srv, "1")
			}
			assert.Len(t, j.Histories(), 2)
		})
	}
}

func TestPlansChooseHowRunsEnd(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.SetPlan("fails", zdmtest.Step{Phase: zdmtest.PhasePreparing}, zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full"})
	register(t, srv, regBody(zdmtest.DialectV3, "fails"))
	register(t, srv, regBody(zdmtest.DialectV3, "slow", map[string]any{"sourcePartition": "/", "targetPartition": "/"},
		map[string]any{"sourcePartition": "/boot", "targetPartition": "/boot"}))
	srv.SetPlan("slow", zdmtest.Ramp(10, 20, 30)...)

	put(t, srv, "fails", map[string]any{"status": "start"})
	assert.Equal(t, "Preparing", monitorStatus(t, srv, "fails"))
	assert.Equal(t, "Error", monitorStatus(t, srv, "fails"))
	hs := srv.Job("fails").Histories()
	require.Len(t, hs, 1)
	assert.Equal(t, zdmtest.HistoryFail, hs[0].Result)
	assert.Equal(t, "disk full", hs[0].Description)

	put(t, srv, "slow", map[string]any{"status": "START"})
	var seen []string
	for range 5 {
		_, env := get(t, srv, "/recoveries/monitoring/job/slow")
		seen = append(seen, at(env, "data", "job", "progress", "partitions", 0, "percent").(string)+"/"+at(env, "data", "job", "progress", "partitions", 1, "percent").(string))
	}
	assert.Equal(t, []string{"10%/10%", "20%/20%", "30%/30%", "100%/100%", "100%/100%"}, seen)
	assert.Equal(t, zdmtest.PhaseCompleted, srv.Job("slow").Status())
}

func TestStopCancelsARun(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			srv.SetPlan("long", zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 10})
			register(t, srv, regBody(d, "long"))
			start, stop := map[string]any{"status": "start"}, map[string]any{"status": "stop"}
			if d == zdmtest.DialectDraft {
				start, stop = map[string]any{"state": "start"}, map[string]any{"state": "cancel"}
			}
			// Stopping an idle job changes nothing.
			status, _ := put(t, srv, "long", stop)
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, zdmtest.PhasePending, srv.Job("long").Status())

			put(t, srv, "long", start)
			monitorStatus(t, srv, "long")
			put(t, srv, "long", stop)
			want := map[zdmtest.Dialect][2]string{
				zdmtest.DialectDraft: {"run", "cancel"}, zdmtest.DialectV1: {"Canceling", "Canceled"}, zdmtest.DialectV3: {"Canceling", "Canceled"},
			}[d]
			assert.Equal(t, want[0], monitorStatus(t, srv, "long"))
			assert.Equal(t, want[1], monitorStatus(t, srv, "long"))
			hs := srv.Job("long").Histories()
			require.Len(t, hs, 1, "a canceled run writes a FAIL row")
			assert.Equal(t, zdmtest.HistoryFail, hs[0].Result)
			assert.Equal(t, "Recovery canceled by user", hs[0].Description)
		})
	}
}

func TestStartWhileTargetBusy(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.SetPlan("first", zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 10})
	register(t, srv, regBody(zdmtest.DialectV3, "first"))
	put(t, srv, "first", map[string]any{"status": "start"})

	body := regBody(zdmtest.DialectV3, "second")
	body["autoStart"] = "use"
	env := register(t, srv, body)
	assert.Equal(t, "not use", at(env, "data", "common", "autoStart"), "autoStart skipped")
	assert.Contains(t, at(env, "data", "notices", 0), "Recovery job 'first' is currently in progress on target server 'web01-dr'")

	status, env := put(t, srv, "second", map[string]any{"status": "start"})
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "JOB-ERROR-64", at(env, "error", "code"))
	status, _ = put(t, srv, "first", map[string]any{"status": "start"})
	assert.Equal(t, http.StatusOK, status, "restarting itself is not blocked")

	// 1.x/2.x had no guard.
	v1 := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	v1.SetPlan("first", zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 10})
	register(t, v1, regBody(zdmtest.DialectV1, "first"))
	register(t, v1, regBody(zdmtest.DialectV1, "second"))
	put(t, v1, "first", map[string]any{"status": "start"})
	status, _ = put(t, v1, "second", map[string]any{"status": "start"})
	assert.Equal(t, http.StatusOK, status)
}

func TestAutoStart(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	body := regBody(zdmtest.DialectV1, "go")
	body["autoStart"] = "use"
	env := register(t, srv, body)
	assert.Equal(t, "use", at(env, "data", "common", "autoStart"))
	assert.Equal(t, "Preparing", monitorStatus(t, srv, "go"))
}

func TestUpdateChanges(t *testing.T) {
	tests := []struct {
		dialect zdmtest.Dialect
		jobList []map[string]any
		labels  []string
	}{
		{zdmtest.DialectDraft, []map[string]any{{"partition": "/", "mode": "full"}}, []string{"jobName", "mode", "afterReboot"}},
		{zdmtest.DialectV1, []map[string]any{{"partition": "/", "mode": "full"}}, []string{"jobName", "Recovery Mode", "After Reboot"}},
		{zdmtest.DialectV3, []map[string]any{{"backupFile": "web_ROOT_0001.ZIA", "mode": "full"}}, []string{"jobName", "Recovery Mode", "After Reboot"}},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			addImages(t, srv)
			register(t, srv, regBody(tt.dialect, "daily",
				map[string]any{"sourcePartition": "/", "targetPartition": "/", "backupFile": "web_ROOT_0001.ZIA"},
				map[string]any{"sourcePartition": "/boot", "targetPartition": "/boot", "backupFile": "web_BOOT_0001.ZIA"}))
			status, env := put(t, srv, "daily", map[string]any{"changeName": "weekly", "mode": "increment", "afterReboot": "shutdown", "jobList": tt.jobList})
			require.Equal(t, http.StatusOK, status, "%v", env)
			data := env["data"]
			assert.Equal(t, map[string]any{"id": "1", "name": "weekly"}, at(data, "jobInfo"))
			var labels []string
			for _, c := range at(data, "summary", "commonUpdatedFields").([]any) {
				labels = append(labels, at(c, "field").(string))
			}
			assert.Equal(t, tt.labels, labels)
			assert.Equal(t, "full", at(data, "summary", "commonUpdatedFields", 1, "previous"))
			assert.Equal(t, "/", at(data, "summary", "eachUpdatedFields", 0, "partition"))
			assert.Equal(t, "increment", at(data, "summary", "eachUpdatedFields", 0, "summary", "commonUpdatedFields", 0, "previous"))
			assert.Len(t, at(data, "summary", "eachUpdatedFields"), 1)

			assert.Nil(t, srv.Job("daily"))
			_, env = get(t, srv, "/recoveries/weekly")
			assert.Equal(t, "full", at(env, "data", "job", "detail", 0, "mode"))
			assert.Equal(t, "increment", at(env, "data", "job", "detail", 1, "mode"))
			status, _ = get(t, srv, "/recoveries/daily")
			assert.Equal(t, http.StatusNotFound, status)
		})
	}
}

func TestUpdateRefusals(t *testing.T) {
	tests := []struct {
		name    string
		dialect zdmtest.Dialect
		id      string
		body    map[string]any
		status  int
		code    string
	}{
		{"v3 needs center", zdmtest.DialectV3, "daily", map[string]any{"center": nil, "mode": "full"}, 422, "DTO-VALIDATION-01"},
		{"v3 unknown image", zdmtest.DialectV3, "daily", map[string]any{"jobList": []map[string]any{{"backupFile": "nope.ZIA"}}}, 404, "JOB-ERROR-01"},
		{"v3 unknown target partition", zdmtest.DialectV3, "daily", map[string]any{"jobList": []map[string]any{{"backupFile": "web_ROOT_0001.ZIA", "targetPartition": "/x"}}}, 404, "JOB-ERROR-13"},
		{"v3 missing job", zdmtest.DialectV3, "999", map[string]any{"mode": "full"}, 404, "JOB-ERROR-01"},
		{"v1 missing job", zdmtest.DialectV1, "999", map[string]any{"mode": "full"}, 404, "ID가 '999'인 Recovery를 찾을 수 없습니다"},
		{"v1 bad status", zdmtest.DialectV1, "daily", map[string]any{"status": "pause"}, 422, "Request body validation failed."},
		{"v1 rename onto another job", zdmtest.DialectV1, "daily", map[string]any{"changeName": "other"}, 409, ""},
		{"v1 other center", zdmtest.DialectV1, "daily", map[string]any{"center": "zdm-z", "mode": "full"}, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			addImages(t, srv)
			register(t, srv, regBody(tt.dialect, "daily", map[string]any{"sourcePartition": "/", "targetPartition": "/", "backupFile": "web_ROOT_0001.ZIA"}))
			register(t, srv, regBody(tt.dialect, "other"))
			if tt.body["center"] == nil {
				if _, set := tt.body["center"]; set {
					delete(tt.body, "center")
					status, env := call(t, srv, http.MethodPut, "/recoveries/"+tt.id, tt.body)
					assert.Equal(t, tt.status, status)
					assert.Equal(t, tt.code, errorCode(env))
					return
				}
			}
			status, env := put(t, srv, tt.id, tt.body)
			assert.Equal(t, tt.status, status, "%v", env)
			if tt.code != "" {
				assert.Equal(t, tt.code, errorCode(env))
			}
		})
	}
}

func TestDeleteRemovesJobAndHistories(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
			srv.SetPlan("gone", zdmtest.Step{Phase: zdmtest.PhaseCompleted, Percent: 100})
			srv.SetPlan("kept", zdmtest.Step{Phase: zdmtest.PhaseFailed})
			win := regBody(d, "gone", map[string]any{"sourcePartition": "c", "targetPartition": "c"}, map[string]any{"sourcePartition": "d", "targetPartition": "d"})
			win["source"], win["target"], win["repository"] = "win01", "win01-dr", map[string]any{"id": 10}
			if d == zdmtest.DialectDraft {
				win["repository"] = map[string]any{"type": "smb", "path": "B:"}
			}
			register(t, srv, win)
			register(t, srv, regBody(d, "kept"))
			srv.Job("gone").Start()
			srv.Job("kept").Start()
			monitorStatus(t, srv, "gone")
			monitorStatus(t, srv, "kept")
			require.Len(t, srv.Histories(), 2)

			status, env := call(t, srv, http.MethodDelete, "/recoveries/gone?center=zdm-a", nil)
			require.Equal(t, http.StatusOK, status, "%v", env)
			assert.Equal(t, "Recovery job deleted", env["message"])
			assert.Equal(t, "success", at(env, "data", "summary", "state"))
			assert.Equal(t, "C:", at(env, "data", "jobInfo", 0, "drive"))
			assert.Equal(t, "D:", at(env, "data", "jobInfo", 1, "drive"))
			assert.Equal(t, true, at(env, "data", "jobInfo", 0, "deletedComponents", "historyData"))
			assert.Equal(t, 1.0, at(env, "data", "summary", "affectedComponents", "historyDataDeleted"))
			assert.Equal(t, 2.0, at(env, "data", "summary", "affectedComponents", "detailInfoDeleted"))

			assert.Nil(t, srv.Job("gone"))
			require.Len(t, srv.Histories(), 1)
			assert.Equal(t, "kept", srv.Histories()[0].JobName)
			for _, path := range []string{"/recoveries/gone", "/recoveries/monitoring/job/gone"} {
				status, _ := get(t, srv, path)
				assert.Equal(t, http.StatusNotFound, status, path)
			}
			status, _ = call(t, srv, http.MethodDelete, "/recoveries/1?center=zdm-a", nil)
			assert.Equal(t, http.StatusNotFound, status, "a second delete")
		})
	}
}

func TestDeleteCenterRulesOnV3(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	register(t, srv, regBody(zdmtest.DialectV3, "a"))
	tests := []struct {
		path   string
		status int
		code   string
	}{
		{"/recoveries/a", 400, "CENTER-ERROR-02"},
		{"/recoveries/a?center=zdm-a,zdm-b", 400, "DTO-VALIDATION-03"},
		{"/recoveries/a?center=", 400, "DTO-VALIDATION-03"},
		{"/recoveries/a?center=zdm-b", 404, "JOB-ERROR-01"},
		{"/recoveries/1?force=true", 400, "DTO-VALIDATION-03"},
		{"/recoveries/1", 200, ""},
	}
	for _, tt := range tests {
		status, env := call(t, srv, http.MethodDelete, tt.path, nil)
		assert.Equal(t, tt.status, status, tt.path)
		if tt.code != "" {
			assert.Equal(t, tt.code, errorCode(env), tt.path)
		}
	}
}
