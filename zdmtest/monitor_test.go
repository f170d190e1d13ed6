package zdmtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// dbJob is a Linux job with one running and one pending partition.
func dbJob() zdmtest.JobSpec {
	return zdmtest.JobSpec{
		ID:     42,
		Name:   "db-cluster-recovery",
		Source: zdmtest.Machine{Name: "db-prod-02"},
		Target: zdmtest.Machine{Name: "db-dr-02"},
		Log:    []string{"Recovery job registered"},
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 45}}},
			{Partition: "/home"},
		},
	}
}

func TestMonitorJobEveryDialect(t *testing.T) {
	const day = 26*time.Hour + 3*time.Minute + 10*time.Second
	tests := []struct {
		dialect                  zdmtest.Dialect
		wantRunning, wantPending string
		wantPendingPercent       string
		wantStart                string
		wantLog                  []string
		wantJobProgress          bool
	}{
		{zdmtest.DialectDraft, "run", "pending", "0%", "2026-01-17T06:00:00Z", []string{"Recovery job registered"}, false},
		{zdmtest.DialectV1, "Processing", "Registered", "-", "2026-01-17T15:00:00+09:00", []string{"Recovery job registered"}, false},
		{zdmtest.DialectV3, "Processing", "Registered", "-", "2026-01-17T15:00:00.000+09:00", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String(), func(t *testing.T) {
			t.Parallel()
			clock := zdmtest.NewClock(t0)
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect), zdmtest.WithClock(clock.Now),
				zdmtest.WithTokenLifetime(48*time.Hour))
			srv.AddRecoveryJob(dbJob())
			c := srv.Client()

			_, _, err := c.Recoveries.MonitorJob(testCtx(t), "db-cluster-recovery", nil)
			require.NoError(t, err)
			clock.Advance(day)
			m, resp, err := c.Recoveries.MonitorJob(testCtx(t), "42", nil)
			require.NoError(t, err)
			assert.NotEmpty(t, resp.RequestID)
			assert.Equal(t, "Recovery monitoring info", resp.Message)

			assert.Equal(t, "db-prod-02", m.System.Source.Name)
			assert.Equal(t, "db-dr-02", m.System.Target.Name)
			assert.Equal(t, "db-cluster-recovery", m.Job.Info.Name)
			assert.Equal(t, tt.wantLog, m.Job.Log)
			require.Len(t, m.Job.Details, 2)

			root, home := m.Job.Details[0].ProgressInfo, m.Job.Details[1].ProgressInfo
			assert.Equal(t, "/", m.Job.Details[0].Name())
			assert.Equal(t, zdm.Status(tt.wantRunning), root.Status)
			assert.Equal(t, zdm.PhaseRunning, root.Status.Phase())
			assert.Equal(t, "45%", root.Percent)
			assert.Equal(t, "Transferring data...", root.Message)
			assert.Equal(t, tt.wantStart, root.Start)
			start, ok := root.StartTime()
			require.True(t, ok)
			assert.True(t, start.Equal(t0), "start %v", start)
			assert.Equal(t, "26:03:10", root.Elapsed)
			elapsed, ok := root.ElapsedDuration()
			require.True(t, ok)
			assert.Equal(t, day, elapsed)
			assert.Equal(t, "-", root.End)

			assert.Equal(t, zdm.Status(tt.wantPending), home.Status)
			assert.Equal(t, zdm.PhasePending, home.Status.Phase())
			assert.Equal(t, tt.wantPendingPercent, home.Percent)
			assert.Equal(t, "-", home.Start)
			assert.False(t, m.Job.Done())

			if tt.wantJobProgress {
				require.NotNil(t, m.Job.Progress)
				assert.Equal(t, int64(42), m.Job.Info.ID)
				assert.Equal(t, zdm.Status("Processing"), m.Job.Progress.Status)
				assert.Equal(t, "22%", m.Job.Progress.Percent)
				assert.Equal(t, "26:03:10", m.Job.Progress.Elapsed)
				assert.Equal(t, resp.RequestID, resp.Header.Get("X-Trace-Id"))
			} else {
				assert.Nil(t, m.Job.Progress)
			}
		})
	}
}

func TestMonitorIdentifiers(t *testing.T) {
	names := []string{"daily recovery", "site-a/db", "100% done", "일일 복구", "2024", "a+b&c=d?"}
	srv := zdmtest.NewServer(t)
	srv.AddRecoveryJob(zdmtest.JobSpec{ID: 7, Name: "by-id"})
	for _, n := range names {
		srv.AddRecoveryJob(zdmtest.JobSpec{Name: n})
	}
	c := srv.Client()
	tests := append([]struct{ ident, wantName string }{{"7", "by-id"}, {"by-id", "by-id"}}, func() []struct{ ident, wantName string } {
		var out []struct{ ident, wantName string }
		for _, n := range names {
			out = append(out, struct{ ident, wantName string }{n, n})
		}
		return out
	}()...)
	for _, tt := range tests {
		t.Run(tt.ident, func(t *testing.T) {
			srv.ClearRequests()
			m, _, err := c.Recoveries.MonitorJob(testCtx(t), tt.ident, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.wantName, m.Job.Info.Name)
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, apiPath(t, srv)+"/recoveries/monitoring/job/"+tt.ident, reqs[0].Path)
		})
	}
	t.Run("slash arrives escaped", func(t *testing.T) {
		srv.ClearRequests()
		_, _, err := c.Recoveries.MonitorJob(testCtx(t), "site-a/db", nil)
		require.NoError(t, err)
		assert.Equal(t, apiPath(t, srv)+"/recoveries/monitoring/job/site-a%2Fdb", srv.Requests()[0].RawPath)
	})
}

// filterJobs adds a Linux job "lin" and a Windows job "win".
func filterJobs(srv *zdmtest.Server) {
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:   "lin",
		Center: "seoul",
		Source: zdmtest.Machine{Name: "web-prod-01"},
		Target: zdmtest.Machine{Name: "web-dr-01"},
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/"},
			{Partition: "/home", Mode: zdm.ModeIncrement},
		},
	})
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:       "win",
		Source:     zdmtest.Machine{Name: "WIN-FS-01"},
		Partitions: []zdmtest.PartitionSpec{{Drive: "C:"}, {Drive: "D:"}},
	})
}

func TestMonitorFiltersThroughSDK(t *testing.T) {
	tests := []struct {
		name     string
		dialect  zdmtest.Dialect
		job      string
		opts     zdm.MonitorJobOptions
		wantRows []string // nil with wantCode: an error
		wantCode int
	}{
		{"mode", zdmtest.DialectDraft, "lin", zdm.MonitorJobOptions{Mode: zdm.ModeIncrement}, []string{"/home"}, 0},
		{"partition v1", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{Partition: "/"}, []string{"/"}, 0},
		{"partition v3", zdmtest.DialectV3, "lin", zdm.MonitorJobOptions{Partition: "/home"}, []string{"/home"}, 0},
		{"drive ignores case", zdmtest.DialectV1, "win", zdm.MonitorJobOptions{Drive: "c:"}, []string{"C:"}, 0},
		{"drive on a Linux job v1", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{Drive: "C:"}, nil, http.StatusNotFound},
		{"no such partition seed", zdmtest.DialectDraft, "lin", zdm.MonitorJobOptions{Partition: "/var"}, nil, http.StatusNotFound},
		{"no such partition v3", zdmtest.DialectV3, "lin", zdm.MonitorJobOptions{Partition: "/var"}, []string{}, 0},
		{"target server", zdmtest.DialectDraft, "lin", zdm.MonitorJobOptions{ServerName: "web-dr-01", ServerType: zdm.ServerTypeTarget}, []string{"/", "/home"}, 0},
		{"server of the wrong side", zdmtest.DialectDraft, "lin", zdm.MonitorJobOptions{ServerName: "web-dr-01", ServerType: zdm.ServerTypeSource}, nil, http.StatusNotFound},
		{"server of either side", zdmtest.DialectDraft, "lin", zdm.MonitorJobOptions{ServerName: "web-prod-01"}, []string{"/", "/home"}, 0},
		{"v1 server name", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{ServerName: "web-prod-01"}, []string{"/", "/home"}, 0},
		{"v1 other server name", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{ServerName: "nope"}, nil, http.StatusNotFound},
		{"job name", zdmtest.DialectDraft, "lin", zdm.MonitorJobOptions{JobName: "lin"}, []string{"/", "/home"}, 0},
		{"other job name", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{JobName: "win"}, nil, http.StatusNotFound},
		{"center", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{Center: "seoul"}, []string{"/", "/home"}, 0},
		{"other center", zdmtest.DialectV1, "lin", zdm.MonitorJobOptions{Center: "busan"}, nil, http.StatusForbidden},
		{"v3 other center", zdmtest.DialectV3, "lin", zdm.MonitorJobOptions{Center: "busan"}, nil, http.StatusForbidden},
		{"center of a job without one", zdmtest.DialectDraft, "win", zdm.MonitorJobOptions{Center: "busan"}, []string{"C:", "D:"}, 0},
		{"v3 detail and mode", zdmtest.DialectV3, "lin", zdm.MonitorJobOptions{Mode: zdm.ModeFull, Detail: true}, []string{"/"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			filterJobs(srv)
			m, resp, err := srv.Client().Recoveries.MonitorJob(testCtx(t), tt.job, &tt.opts)
			if tt.wantCode != 0 {
				require.Error(t, err)
				assert.Equal(t, tt.wantCode, resp.StatusCode)
				return
			}
			require.NoError(t, err)
			rows := []string{}
			for _, d := range m.Job.Details {
				rows = append(rows, d.Name())
			}
			assert.Equal(t, tt.wantRows, rows)
		})
	}
}

func TestMonitorQueryValidation(t *testing.T) {
	tests := []struct {
		name       string
		dialect    zdmtest.Dialect
		query      string
		wantStatus int
		wantFields []string // fields with validation messages
	}{
		{"v1 server filter", zdmtest.DialectV1, "server=nope", http.StatusNotFound, nil},
		{"v1 server and type", zdmtest.DialectV1, "server=web-prod-01&serverType=source", http.StatusOK, nil},
		{"v1 ignores unknown params", zdmtest.DialectV1, "page=2&sort=name", http.StatusOK, nil},
		{"seed ignores empty values", zdmtest.DialectDraft, "partition=", http.StatusOK, nil},
		{"v1 bad mode", zdmtest.DialectV1, "mode=differential", http.StatusBadRequest, []string{"mode"}},
		{"seed bad serverType", zdmtest.DialectDraft, "serverType=both", http.StatusBadRequest, []string{"serverType"}},
		{"v1 partition and drive", zdmtest.DialectV1, "partition=/&drive=C:", http.StatusNotFound, nil},
		{"v3 bad mode", zdmtest.DialectV3, "mode=differential", http.StatusBadRequest, []string{"mode"}},
		{"v3 partition and drive", zdmtest.DialectV3, "partition=/&drive=C:", http.StatusBadRequest, []string{"partition"}},
		{"v3 empty value", zdmtest.DialectV3, "partition=", http.StatusBadRequest, []string{"partition"}},
		{"v3 unknown params", zdmtest.DialectV3, "status=Complete&page=1&limit=5&sort=name&server=x", http.StatusBadRequest, []string{"limit", "page", "server", "sort", "status"}},
		{"v3 bad detail", zdmtest.DialectV3, "detail=yes", http.StatusBadRequest, []string{"detail"}},
		{"v3 detail false", zdmtest.DialectV3, "detail=false", http.StatusOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			filterJobs(srv)
			status, _, b := rawGet(t, srv, "/recoveries/monitoring/job/lin?"+tt.query)
			require.Equal(t, tt.wantStatus, status, "%s", b)
			if tt.wantFields == nil {
				return
			}
			v := decode(t, b)
			details := at(v, "detail", "validationErrors")
			if tt.dialect == zdmtest.DialectV3 {
				assert.Equal(t, "DTO-VALIDATION-03", at(v, "error", "code"))
				details = at(v, "error", "details")
			} else {
				assert.IsType(t, "", v["error"])
			}
			m, ok := details.(map[string]any)
			require.True(t, ok, "%s", b)
			var fields []string
			for _, f := range tt.wantFields {
				if msgs, ok := m[f].([]any); ok && len(msgs) > 0 {
					fields = append(fields, f)
				}
			}
			assert.Equal(t, tt.wantFields, fields)
			assert.Len(t, m, len(tt.wantFields))
		})
	}
}

func TestMonitorValidationThroughSDK(t *testing.T) {
	for _, tc := range []struct {
		dialect  zdmtest.Dialect
		opts     []zdmtest.Option
		wantCode string
	}{
		{zdmtest.DialectV1, nil, ""},
		{zdmtest.DialectV1, []zdmtest.Option{zdmtest.WithObjectErrors()}, "DTO-VALIDATION-03"},
		{zdmtest.DialectV3, nil, "DTO-VALIDATION-03"},
	} {
		t.Run(tc.dialect.String()+tc.wantCode, func(t *testing.T) {
			srv := zdmtest.NewServer(t, append(tc.opts, zdmtest.WithDialect(tc.dialect))...)
			filterJobs(srv)
			// A client that takes the server for 1.x sends what 3.0.0 refuses.
			c := srv.Client(zdm.WithServerGeneration(zdm.GenerationV1))
			_, _, err := c.Recoveries.MonitorJob(testCtx(t), "lin", &zdm.MonitorJobOptions{JobName: "lin", ServerType: "source"})
			if tc.dialect == zdmtest.DialectV1 {
				require.NoError(t, err) // the filters are fine on 1.x
				return
			}
			var apiErr *zdm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, zdm.ErrBadRequest)
			assert.Equal(t, tc.wantCode, apiErr.Code)
			assert.JSONEq(t, `{"jobName":["property jobName should not exist"],"serverType":["property serverType should not exist"]}`, string(apiErr.Detail))
		})
	}
	t.Run("v1 detail.validationErrors", func(t *testing.T) {
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
		filterJobs(srv)
		status, _, b := rawGet(t, srv, "/recoveries/monitoring/job/lin?mode=x")
		require.Equal(t, http.StatusBadRequest, status)
		assert.JSONEq(t, `{"validationErrors":{"mode":["mode must be one of: full, increment"]}}`, string(mustJSON(t, at(decode(t, b), "detail"))))
	})
}

func TestMonitorDetail(t *testing.T) {
	spec := zdmtest.JobSpec{
		Name:     "web-prod-01-recovery",
		Platform: "OpenStack",
		Source: zdmtest.Machine{Name: "web-prod-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1",
			PublicIP: "203.0.113.24", PrivateIPs: []string{"10.0.4.21", "172.16.0.9"}},
		Target: zdmtest.Machine{Name: "web-dr-01", OS: "Rocky Linux 9.3", PrivateIPs: []string{"10.20.4.21"}},
		Log:    []string{"Recovery job registered"},
		Partitions: []zdmtest.PartitionSpec{{
			Partition: "/", Device: "/dev/vda1", BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_root.zdm",
			Repository: zdmtest.Repository{ID: 1, Type: "SMB", Path: `\\nas01\zdm-repo`},
			TargetDisk: "/dev/vdb", Size: "50 GB", DiskNumber: 2, Overwrite: true,
		}},
	}
	t.Run("v1", func(t *testing.T) {
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
		srv.AddRecoveryJob(spec)
		m, _, err := srv.Client().Recoveries.MonitorJob(testCtx(t), spec.Name, &zdm.MonitorJobOptions{Detail: true})
		require.NoError(t, err)
		assert.Equal(t, zdm.ServerInfo{Name: "web-prod-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1",
			IP: zdm.IPAddresses{Public: "203.0.113.24", Private: []string{"10.0.4.21", "172.16.0.9"}}}, m.System.Source)
		assert.Equal(t, "", m.System.Target.Agent, "the servers' \"-\" reads as empty")
		assert.Equal(t, "", m.System.Target.IP.Public)
		assert.Equal(t, zdm.JobInfo{Name: spec.Name, Platform: "OpenStack", Mode: "full"}, m.Job.Info)
		d := m.Job.Details[0]
		assert.Equal(t, "/dev/vda1", d.Device)
		assert.Equal(t, "full", d.Mode)
		assert.Equal(t, zdm.BackupInfo{JobName: "web-prod-01-backup", FileName: "web-prod-01_root.zdm"}, d.Backup)
		assert.Equal(t, zdm.RepositoryInfo{ID: 1, Type: "SMB", Path: `\\nas01\zdm-repo`}, d.Repository)

		_, _, b := rawGet(t, srv, "/recoveries/monitoring/job/web-prod-01-recovery?detail=true")
		v := decode(t, b)
		assert.Equal(t, "1", at(v, "data", "job", "details", 0, "repository", "id"), "the repository id is a string")
		assert.Nil(t, at(v, "data", "system", "target", "ip", "public"))
		assert.True(t, has(v, "public", "data", "system", "target", "ip"))
	})
	t.Run("v3", func(t *testing.T) {
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
		srv.AddRecoveryJob(spec)
		c := srv.Client()
		m, _, err := c.Recoveries.MonitorJob(testCtx(t), spec.Name, nil)
		require.NoError(t, err)
		assert.Nil(t, m.Job.Log, "3.0.0 sends the log only with detail")
		assert.Equal(t, "", m.Job.Details[0].TargetDisk)
		assert.Equal(t, "web-prod-01_root.zdm", m.Job.Details[0].BackupFile)

		m, _, err = c.Recoveries.MonitorJob(testCtx(t), spec.Name, &zdm.MonitorJobOptions{Detail: true})
		require.NoError(t, err)
		assert.Equal(t, []string{"Recovery job registered"}, m.Job.Log)
		d := m.Job.Details[0]
		assert.Equal(t, "/dev/vdb", d.TargetDisk)
		assert.Equal(t, "50 GB", d.Size)
		assert.Equal(t, "2", d.DiskNumber)
		assert.Equal(t, "true", d.Overwrite)
		assert.Equal(t, "full", d.Mode)
	})
}

func TestWindowsRows(t *testing.T) {
	tests := []struct {
		name             string
		dialect          zdmtest.Dialect
		query            string
		wantPartitionKey bool // sent as null
	}{
		{"seed", zdmtest.DialectDraft, "", false},
		{"seed detail", zdmtest.DialectDraft, "?detail=true", true},
		{"v1", zdmtest.DialectV1, "", true},
		{"v3", zdmtest.DialectV3, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			filterJobs(srv)
			status, _, b := rawGet(t, srv, "/recoveries/monitoring/job/win"+tt.query)
			require.Equal(t, http.StatusOK, status)
			v := decode(t, b)
			rowPath := []any{"data", "job", "details", 1}
			if tt.dialect == zdmtest.DialectV3 {
				rowPath = []any{"data", "job", "progress", "partitions", 1}
			}
			assert.Equal(t, "D:", at(v, append(rowPath, "drive")...))
			assert.Equal(t, tt.wantPartitionKey, has(v, "partition", rowPath...))
			assert.Nil(t, at(v, append(rowPath, "partition")...))

			m, _, err := srv.Client().Recoveries.MonitorJob(testCtx(t), "win", nil)
			require.NoError(t, err)
			assert.Equal(t, "D:", m.Job.Details[1].Name())
		})
	}
}

func TestUnknownJob(t *testing.T) {
	tests := []struct {
		name        string
		opts        []zdmtest.Option
		ident       string
		wantCode    string
		wantMessage string
	}{
		{"seed", seed(), "daily-recovery", "", "Recovery job not found: Name 'daily-recovery'"},
		{"v1 name", v1(), "daily-recovery", "", "Name 'daily-recovery'에 해당하는 복구 작업이 존재하지 않습니다."},
		{"v1 id", v1(), "7", "", "ID '7'에 해당하는 복구 작업이 존재하지 않습니다."},
		{"v1 object", append(v1(), zdmtest.WithObjectErrors()), "x", "JOB-ERROR-01", "Name 'x'에 해당하는 복구 작업이 존재하지 않습니다."},
		{"v3", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV3)}, "x", "JOB-ERROR-01", "Recovery job not found: Name 'x'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, tt.opts...)
			_, resp, err := srv.Client().Recoveries.MonitorJob(testCtx(t), tt.ident, nil)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			var apiErr *zdm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.wantCode, apiErr.Code)
			assert.Equal(t, tt.wantMessage, apiErr.Message)
			assert.NotEmpty(t, apiErr.RequestID)
			assert.NotEmpty(t, apiErr.Timestamp)
			assert.Equal(t, 1, resp.Attempts, "404 is not retried")
		})
	}
}

func TestRebootPhase(t *testing.T) {
	steps := []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 80}, {Phase: zdmtest.PhaseRebooting, Percent: 100}, {Phase: zdmtest.PhaseCompleted, Percent: 100}}
	tests := []struct {
		dialect            zdmtest.Dialect
		wantRowWhileReboot zdm.Status
		wantJob            zdm.Status // 3.0.0's job-level status while rebooting
	}{
		{zdmtest.DialectDraft, "run", ""},
		{zdmtest.DialectV1, "Processing", ""},
		{zdmtest.DialectV3, "Complete", "Processing"},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Partitions: []zdmtest.PartitionSpec{
				{Partition: "/", Steps: steps},
				{Partition: "/data", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 90}, {Phase: zdmtest.PhaseCompleted, Percent: 100}}},
			}})
			c := srv.Client()
			poll := func() *zdm.JobMonitoring {
				m, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
				require.NoError(t, err)
				return m
			}
			assert.False(t, poll().Job.Done())
			m := poll() // "/" reboots, "/data" is complete
			root := m.Job.Details[0].ProgressInfo
			assert.Equal(t, tt.wantRowWhileReboot, root.Status)
			assert.Equal(t, "100%", root.Percent)
			assert.False(t, m.Job.Done(), "100%% is not done while the target reboots")
			if tt.wantJob != "" {
				require.NotNil(t, m.Job.Progress)
				assert.Equal(t, tt.wantJob, m.Job.Progress.Status)
				assert.Equal(t, "100%", m.Job.Progress.Percent)
				assert.Equal(t, "Rebooting target server", m.Job.Progress.Message)
				assert.NotEqual(t, "-", root.End, "the row finished copying")
			} else {
				assert.Equal(t, "Rebooting target", root.Message)
				assert.Equal(t, "-", root.End)
			}
			m = poll()
			assert.True(t, m.Job.Done())
			assert.Empty(t, m.Job.Failed())
		})
	}
}

func TestStatusNamesAndScheduledJobs(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectDraft), zdmtest.WithStatusNames(map[zdmtest.Phase]string{zdmtest.PhaseRunning: "running", zdmtest.PhaseCompleted: "completed"}))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "cli", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "weekly", Scheduled: true, Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp()}}})
	c := srv.Client()

	var got []zdm.Status
	for range 2 {
		m, _, err := c.Recoveries.MonitorJob(testCtx(t), "cli", nil)
		require.NoError(t, err)
		got = append(got, m.Job.Details[0].ProgressInfo.Status)
	}
	assert.Equal(t, []zdm.Status{"running", "completed"}, got)

	m, _, err := c.Recoveries.MonitorJob(testCtx(t), "weekly", nil)
	require.NoError(t, err)
	p := m.Job.Details[0]
	assert.Equal(t, zdm.Status("schedule"), p.ProgressInfo.Status)
	assert.True(t, p.Finished(), "a scheduled run at 100%% is finished")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := jsonMarshal(v)
	require.NoError(t, err)
	return b
}
