package zdmtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// scenarioJSON is a scenario in its JSON form, as zdm-fake's files hold
// one.
const scenarioJSON = `{
  "users": [{"email": "ops@example.com", "password": "ops-secret"}],
  "centers": ["Seoul DC"],
  "servers": [{"name": "web-01", "center": "Seoul DC", "os": "Rocky Linux 9.3", "privateIPs": ["10.0.0.7"],
               "partitions": [{"letter": "/"}, {"letter": "/home", "size": "200GB"}, {"letter": "/var"}]},
              {"name": "web-01-dr", "center": "Seoul DC", "mode": "target", "partitions": [{"letter": "/"}, {"letter": "/home"}, {"letter": "/var"}]}],
  "jobs": [
    {"id": 7, "name": "daily", "source": "web-01", "target": "web-01-dr", "center": "Seoul DC",
     "partitions": [
       {"partition": "/", "ramp": [10, 60]},
       {"partition": "/home", "steps": [{"phase": "preparing"}, {"phase": "failed", "percent": 40, "message": "disk full"}]},
       {"partition": "/var", "simulation": {"prepare": "5s", "copy": "1m", "failAt": 50, "failMessage": "lost"}}
     ]},
    {"name": "weekly", "idle": true, "source": "win01", "target": "win01-dr", "partitions": [{"drive": "C:"}]}
  ],
  "plans": {"weekly": [{"phase": "running", "percent": 30}]},
  "defaultPlan": [{"phase": "completed", "percent": 100}],
  "faults": [{"kind": "status", "status": 503, "count": 2, "retryAfter": "1s", "method": "GET", "path": "recoveries/histories"}]
}`

// decodeScenario decodes a scenario strictly, as zdm-fake does.
func decodeScenario(t *testing.T, doc string) zdmtest.Scenario {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.DisallowUnknownFields()
	var sc zdmtest.Scenario
	require.NoError(t, dec.Decode(&sc))
	return sc
}

// TestScenario_JSONFormLoads: the JSON form zdm-fake reads is zdmtest's
// own types; loaded, it is the server's state.
func TestScenario_JSONFormLoads(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithInProcess())
	require.NoError(t, srv.Load(decodeScenario(t, scenarioJSON)))

	daily := srv.Job("7")
	require.NotNil(t, daily)
	assert.Equal(t, "daily", daily.Name())
	assert.Equal(t, "Seoul DC", daily.Center())
	m, _, err := srv.Client().Recoveries.MonitorJob(testCtx(t), "daily", &zdm.MonitorJobOptions{Detail: true})
	require.NoError(t, err)
	require.Len(t, m.Job.Details, 3)
	assert.Equal(t, "10%", m.Job.Details[0].ProgressInfo.Percent, "the ramp")
	assert.Equal(t, "Preparing", string(m.Job.Details[1].ProgressInfo.Status), "the steps")
	assert.Equal(t, "Preparing", string(m.Job.Details[2].ProgressInfo.Status), "the simulation")
	assert.Equal(t, "Rocky Linux 9.3", m.System.Source.OS, "the declared server's details")

	weekly := srv.Job("weekly")
	require.NotNil(t, weekly)
	weekly.Start()
	m, _, err = srv.Client().Recoveries.MonitorJob(testCtx(t), "weekly", nil)
	require.NoError(t, err)
	assert.Equal(t, "30%", m.Job.Details[0].ProgressInfo.Percent, "the plan set by name")

	faults := srv.Faults()
	require.Len(t, faults, 1)
	assert.Equal(t, 2, faults[0].Count)
	assert.Equal(t, 2, srv.PendingFaults())

	_, _, err = srv.Client(zdm.WithCredentials("ops@example.com", "ops-secret")).Recoveries.MonitorJob(testCtx(t), "daily", nil)
	assert.NoError(t, err, "the scenario's user")
}

// TestScenario_JSONRoundTrip: a scenario built in Go reads back the same
// from its JSON form.
func TestScenario_JSONRoundTrip(t *testing.T) {
	sc := zdmtest.Scenario{
		Users: []zdmtest.User{{Email: "a@b.c", Password: "pw"}},
		World: zdmtest.World{
			Centers: []zdmtest.CenterSpec{{Name: "A"}, {ID: 7, Name: "B", Disconnected: true}},
			Servers: []zdmtest.ServerSpec{
				{Name: "s1", Center: "A", OS: "Linux", PrivateIPs: []string{"10.0.0.1"}, License: 1,
					Partitions: []zdmtest.Volume{{Letter: "/", Size: 50 * zdmtest.GiB}, {Letter: "/data", Size: 2 * zdmtest.TiB, Used: zdmtest.TiB}}},
				{Name: "s2", Center: "B", Mode: zdm.ServerModeTarget, OS: "Windows Server 2022", Disconnected: true},
			},
			Repositories: []zdmtest.RepositorySpec{{ID: 9, Center: "A", Type: zdm.RepositorySMB, IPs: []string{"10.0.0.9"}, Unreachable: true}},
			Schedules: []zdmtest.ScheduleSpec{
				{Center: "A", Type: zdm.ScheduleSmartWeekly, Timing: zdmtest.Timing{Day: "mon", Time: "01:00"}},
				{Center: "A", Type: zdm.ScheduleSmartWeekly, Timing: zdmtest.Timing{Day: "tue,fri", Time: "13:00"}, Advanced: true},
			},
			Licenses: []zdmtest.LicenseSpec{{ID: 1, Center: "A", Category: zdm.LicenseCategoryBackup,
				Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}},
			Backups: []zdmtest.BackupJobSpec{{Server: "s1", Center: "A", Partition: "/data", Mode: "smart", Schedule: 1, Idle: true,
				Ramp: []int{50}, Compression: true, Rotation: 7}},
			Images: []zdmtest.ImageSpec{{Job: "s1_data", Type: "increment", CreatedAt: time.Date(2026, 1, 16, 2, 0, 0, 0, time.UTC), Size: 3 * zdmtest.GiB}},
		},
		Jobs: []zdmtest.JobSpec{{
			ID: 3, Name: "j", Source: zdmtest.Machine{Name: "s1"}, Target: zdmtest.Machine{Name: "s1"}, Center: "A", Mode: zdm.ModeIncrement,
			StartedAt: time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC),
			Partitions: []zdmtest.PartitionSpec{
				{Partition: "/", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 20, Log: "copying"}}},
				{Partition: "/data", Simulation: &zdmtest.Simulation{Copy: time.Minute, Ending: zdmtest.CancelAt(30, 5*time.Second)}},
				{Partition: "/data", TargetPartition: "/", Simulation: &zdmtest.Simulation{Prepare: time.Second, Ending: zdmtest.FailAt(10, "x")}},
			},
		}},
		Plans:       map[string][]zdmtest.Step{"j": {{Phase: zdmtest.PhaseFailed, Message: "no"}}},
		DefaultPlan: []zdmtest.Step{{Phase: zdmtest.PhaseCompleted, Percent: 100}},
		Faults: []zdmtest.Injection{
			{Count: 2, Fault: zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(2*time.Second).On(http.MethodGet, "recoveries")},
			{Count: 1, Fault: zdmtest.Delay(time.Second)},
			{Count: 1, Fault: zdmtest.HugeBody(1 << 20).WithDelay(time.Millisecond)},
		},
	}
	b, err := json.Marshal(sc)
	require.NoError(t, err)
	got := decodeScenario(t, string(b))
	assert.Equal(t, sc, got, "%s", b)
	assert.Contains(t, string(b), `"phase":"running"`)
	assert.Contains(t, string(b), `"copy":"1m0s"`)
	assert.Contains(t, string(b), `"kind":"status","count":2,"status":429,"retryAfter":"2s"`)

	srv := zdmtest.NewServer(t, zdmtest.WithInProcess(), zdmtest.WithWorld(zdmtest.World{}))
	require.NoError(t, srv.Load(got), "the scenario loads on an empty world")
	assert.Equal(t, 7, srv.CenterID("B"))
	require.Len(t, srv.Images(), 1)
	assert.Equal(t, "s1_data_[2026-01-16_11_00].ZIA", srv.Images()[0].Name, "named in the server's zone (+09:00)")
}

// TestLoad_AllOrNothing: a scenario with problems loads nothing, and its
// error names each problem by its JSON path.
func TestLoad_AllOrNothing(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithInProcess())
	srv.AddRecoveryJob(zdmtest.JobSpec{ID: 1, Name: "taken"})
	sc := decodeScenario(t, `{
	  "users": [{"email": " ", "password": "x"}],
	  "centers": [{"name": "zdm-a"}, {"name": "c", "publicIP": "not-an-ip"}],
	  "servers": [{"name": "s1"}, {"name": "s1"}, {"name": "w", "os": "Windows", "partitions": [{"letter": "/"}]}, {"name": "x", "center": "nowhere", "license": 99}],
	  "repositories": [{"id": 9}, {"type": "nfs", "remotePath": "backup"}],
	  "schedules": [{"type": 3, "time": "25:00"}, {"type": 3, "advanced": true}],
	  "licenses": [{"category": "gold"}],
	  "backups": [{"server": "s1", "partition": "/home"}, {"server": "ghost"}, {"server": "web01", "repository": 11}, {"server": "web01", "partition": "/", "mode": "nightly"}],
	  "images": [{"job": "nope"}, {"job": "web01_ROOT", "type": "differential"}],
	  "jobs": [
	    {"id": 1, "name": "ok"},
	    {"name": "taken", "source": "s2"},
	    {"name": "p", "partitions": [{"partition": "/", "drive": "C:", "steps": [{"phase": "running", "percent": 120}]}]},
	    {"name": "q", "center": "Atlantis"}
	  ],
	  "plans": {"p": [{"phase": "running", "percent": -1}]},
	  "faults": [{"kind": "teapot"}, {"kind": "status", "status": 99, "count": -1}, {"kind": "drop", "code": "X"}]
	}`)
	before := len(srv.Images())
	err := srv.Load(sc)
	var se *zdmtest.ScenarioError
	require.True(t, errors.As(err, &se), "%v", err)
	var got []string
	for _, p := range se.Problems {
		got = append(got, p.Path)
	}
	assert.Equal(t, []string{
		"users[0].email",
		"centers[0].name", "centers[1].publicIP",
		"repositories[0].id", "repositories[1].remotePath",
		"schedules[0].time", "schedules[1].advanced",
		"licenses[0].category",
		"servers[1].name", "servers[2].partitions[0].letter", "servers[3].center", "servers[3].license",
		"backups[0].partition", "backups[1].server", "backups[2].repository", "backups[2].name", "backups[3].mode",
		"images[0].job", "images[1].type",
		"jobs[0].id", "jobs[1].source", "jobs[1].name",
		"jobs[2].partitions[0].drive", "jobs[2].partitions[0].steps[0].percent",
		"jobs[3].center",
		"plans.p[0].percent",
		"faults[0].kind", "faults[1].count", "faults[1].status", "faults[2].code",
	}, got, "%v", err)
	assert.Contains(t, err.Error(), `backups[2].repository: 11 is not a repository of center "zdm-a" (it has 9, 10)`)
	assert.Contains(t, err.Error(), `jobs[3].center: "Atlantis" is not a center of the world ("zdm-a", "zdm-b")`)
	assert.Equal(t, before, len(srv.Images()), "nothing loaded")
	assert.Zero(t, srv.ServerID("", "w"), "nothing loaded")
	assert.Len(t, srv.Jobs(), 1, "nothing loaded")
	assert.Zero(t, srv.PendingFaults())
}

// TestScenario_DecodingErrorsNameTheField: values a type cannot hold are
// refused when decoding, naming the field (zdm-fake places them).
func TestScenario_DecodingErrorsNameTheField(t *testing.T) {
	for doc, want := range map[string]string{
		`{"jobs": [{"partitions": [{"steps": [{"phase": "runing"}]}]}]}`:                                 `unknown phase "runing" (want one of pending, preparing, running`,
		`{"jobs": [{"partitions": [{"simulation": {"copy": "soon"}}]}]}`:                                 `copy: "soon" is not a duration`,
		`{"jobs": [{"partitions": [{"simulation": {"failAt": 1, "cancelAt": 2}}]}]}`:                     `cancelAt: set with failAt`,
		`{"jobs": [{"partitions": [{"simulation": {"speed": 2}}]}]}`:                                     `speed: unknown field`,
		`{"jobs": [{"source": {"name": "a", "privateIPs": [1]}}]}`:                                       `privateIPs: want a string, got number`,
		`{"centers": [{"name": "a", "hosts": "x"}]}`:                                                     `hosts: unknown field`,
		`{"servers": [{"name": "a", "partitions": [{"letter": "/", "size": "big"}]}]}`:                   `"big" is not a size`,
		`{"faults": [{"kind": "status", "retryAfter": "2s", "retryAfterDate": "2026-01-17T06:00:00Z"}]}`: `retryAfterDate: set with retryAfter`,
	} {
		dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
		dec.DisallowUnknownFields()
		var sc zdmtest.Scenario
		err := dec.Decode(&sc)
		if assert.Error(t, err, doc) {
			assert.Contains(t, err.Error(), want, doc)
		}
	}
}

// TestLoad_RefusedScenarioLeavesNoHistoriesOrIDs: a refused scenario
// leaves no trace: an image it names (of a job the server holds) adds no
// backup history row, and the IDs it would have taken are still the
// next ones handed out, for every table.
func TestLoad_RefusedScenarioLeavesNoHistoriesOrIDs(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithInProcess(), zdmtest.WithClock(func() time.Time { return t0 }))
	histories := len(srv.BackupHistories())
	err := srv.Load(decodeScenario(t, `{
	  "centers": [{"id": 500, "name": "zdm-c"}],
	  "servers": [{"id": 500, "name": "s500", "center": "zdm-a"}],
	  "repositories": [{"id": 500, "center": "zdm-a"}],
	  "schedules": [{"id": 500, "center": "zdm-a", "type": 3, "time": "01:00"}],
	  "licenses": [{"id": 500, "center": "zdm-a"}],
	  "backups": [{"id": 500, "server": "web01", "partition": "/", "name": "b500", "idle": true}],
	  "images": [{"job": "web01_ROOT", "center": "zdm-a", "createdAt": "2026-01-16T02:00:00Z"}],
	  "jobs": [{"id": 500, "name": "r500", "partitions": [{"partition": "/", "steps": [{"phase": "running", "percent": 120}]}]}]
	}`))
	var se *zdmtest.ScenarioError
	require.True(t, errors.As(err, &se), "refused for the step's percent: %v", err)
	assert.Len(t, srv.BackupHistories(), histories, "no history row of the refused scenario's image")
	want := map[string]int{"center": 3, "server": 9, "repository": 12, "schedule": 10, "license": 4, "backup": 9, "recovery": 1}
	got := map[string]int{
		"center":     srv.AddCenter(zdmtest.CenterSpec{Name: "zdm-d"}),
		"server":     srv.AddServer(zdmtest.ServerSpec{Name: "s-next", Center: "zdm-a"}),
		"repository": srv.AddRepository(zdmtest.RepositorySpec{Center: "zdm-a"}),
		"schedule":   srv.AddSchedule(zdmtest.ScheduleSpec{Center: "zdm-a", Type: zdm.ScheduleDaily, Timing: zdmtest.Timing{Time: "02:00"}}),
		"license":    srv.AddLicense(zdmtest.LicenseSpec{Center: "zdm-a"}),
		"backup":     srv.AddBackupJob(zdmtest.BackupJobSpec{Server: "db01", Partition: "/data", Name: "next", Idle: true}).ID(),
		"recovery":   srv.AddRecoveryJob(zdmtest.JobSpec{Name: "next"}).ID(),
	}
	assert.Equal(t, want, got, "the next IDs, as if the refused scenario had never been sent")
}

// TestLoad_CenterNamesTheAPICanAddress: a center parameter is a comma
// list of IDs and names, so a center whose name holds a comma (or is all
// digits) could never be named in one: it is refused with what is wrong,
// rather than loaded and then answered 403 "another center" when a
// client names it.
func TestLoad_CenterNamesTheAPICanAddress(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithInProcess())
	for _, tc := range []struct{ doc, want string }{
		{`{"centers": ["Seoul, DC"]}`, `centers[0].name: "Seoul, DC" holds a comma: center parameters take a comma-separated list`},
		{`{"centers": [{"name": "42"}]}`, `centers[0].name: "42" is all digits: center parameters would read it as an ID`},
	} {
		err := srv.Load(decodeScenario(t, tc.doc))
		require.Error(t, err, tc.doc)
		assert.Equal(t, tc.want, err.Error(), tc.doc)
	}
	require.NoError(t, srv.Load(decodeScenario(t, `{"centers": ["Seoul DC"]}`)))
}
