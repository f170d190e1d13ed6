package zdm_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The same MonitorJob and Watch code must work against every server
// dialect of WIRE.md and decode into the one JobMonitoring model. Every
// row of TestEveryDialect is a zdmtest server configuration; every row
// gets the same jobs and the same assertions. What differs between the
// dialects (which fields they send at all, how they name the server-name
// filter, whether errors carry a code) is spelled out in dialectCase, so
// that a field a dialect does not send is asserted empty, never skipped.

// dialectT0 is the server clock of every row: fixed, so that times and
// progress are known exactly.
var dialectT0 = time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC)

// dialectRunFor is how long the mid-way jobs have run at dialectT0.
const dialectRunFor = 46 * time.Minute

// Identifiers: names hold a space, "/" and Hangul, as real names do.
const (
	dialectLinuxID, dialectWindowsID     = 101, 102
	dialectLinuxName, dialectWindowsName = "nightly recovery/웹 서버", "fileserver weekly/파일 서버"
)

// The machines, platforms and rows of the two jobs, with every detail
// extra set.
var (
	dialectLinuxSource = zdmtest.Machine{
		Name: "web-prod-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1",
		PublicIP: "203.0.113.24", PrivateIPs: []string{"10.0.4.21", "172.16.0.9"},
	}
	dialectLinuxTarget = zdmtest.Machine{
		Name: "web-dr-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1",
		PrivateIPs: []string{"10.20.4.21"}, // no public IP: sent as null
	}
	dialectWindowsSource = zdmtest.Machine{
		Name: "WIN-FS-01", OS: "Windows Server 2022", Agent: "ZDM Agent 2.0.2",
		PublicIP: "198.51.100.7", PrivateIPs: []string{"10.1.0.5"},
	}
	dialectWindowsTarget = zdmtest.Machine{
		Name: "WIN-FS-01-DR", OS: "Windows Server 2022", Agent: "ZDM Agent 2.0.2",
		PublicIP: "198.51.100.8", PrivateIPs: []string{"10.2.0.5"},
	}

	dialectLinuxRows = [2]zdmtest.PartitionSpec{
		{
			Partition: "/", Device: "/dev/vda1", Mode: zdm.ModeFull,
			BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_root_full.zdm",
			Repository: zdmtest.Repository{ID: 7, Type: "SMB", Path: `\\nas01\zdm-repo`},
			TargetDisk: "/dev/vdb", Size: "40 GiB", DiskNumber: 0, Overwrite: true,
		},
		{
			Partition: "/home", Device: "/dev/vda2", Mode: zdm.ModeIncrement,
			BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_home_inc.zdm",
			Repository: zdmtest.Repository{ID: 8, Type: "NFS", Path: "/mnt/zdm"},
			TargetDisk: "/dev/vdc", Size: "120 GiB", DiskNumber: 1, Overwrite: false,
		},
	}
	dialectWindowsRows = [2]zdmtest.PartitionSpec{
		{
			Drive: "C:", Device: `\\.\PhysicalDrive0`, Mode: zdm.ModeIncrement,
			BackupJob: "win-fs-01-backup", BackupFile: "win-fs-01_c_inc.zdm",
			Repository: zdmtest.Repository{ID: 3, Type: "SMB", Path: `\\nas02\win`},
			TargetDisk: "Disk 0", Size: "80 GiB", DiskNumber: 0, Overwrite: true,
		},
		{
			Drive: "D:", Device: `\\.\PhysicalDrive1`, Mode: zdm.ModeFull,
			BackupJob: "win-fs-01-backup", BackupFile: "win-fs-01_d_full.zdm",
			Repository: zdmtest.Repository{ID: 4, Type: "NFS", Path: "/export/win"},
			TargetDisk: "Disk 1", Size: "500 GiB", DiskNumber: 1, Overwrite: true,
		},
	}
)

// dialectJob is one of the two jobs: which rows, machines and platform.
type dialectJob struct {
	os             string // "linux" or "windows"
	rows           [2]zdmtest.PartitionSpec
	source, target zdmtest.Machine
	platform       string
	mode           zdm.Mode
}

var dialectJobs = [2]dialectJob{
	{"linux", dialectLinuxRows, dialectLinuxSource, dialectLinuxTarget, "OpenStack", zdm.ModeFull},
	{"windows", dialectWindowsRows, dialectWindowsSource, dialectWindowsTarget, "VMware", zdm.ModeIncrement},
}

// dialectPlan is how one row moves: a script or a simulation.
type dialectPlan struct {
	steps []zdmtest.Step
	sim   *zdmtest.Simulation
}

// spec is the job with id and name whose rows follow plans.
func (j dialectJob) spec(id int, name string, startedAt time.Time, plans [2]dialectPlan) zdmtest.JobSpec {
	rows := make([]zdmtest.PartitionSpec, len(j.rows))
	for i := range j.rows {
		rows[i] = j.rows[i]
		rows[i].Steps, rows[i].Simulation = plans[i].steps, plans[i].sim
	}
	return zdmtest.JobSpec{
		ID: id, Name: name,
		Source: j.source, Target: j.target,
		Platform: j.platform, Mode: j.mode,
		Log:        []string{"Recovery job registered"},
		Partitions: rows,
		StartedAt:  startedAt,
	}
}

func (j dialectJob) names() []string {
	return []string{dialectRowName(j.rows[0]), dialectRowName(j.rows[1])}
}

// dialectRowName is the partition of a Linux row, the drive of a Windows
// row.
func dialectRowName(p zdmtest.PartitionSpec) string {
	if p.Partition != "" {
		return p.Partition
	}
	return p.Drive
}

// dialectMidwayPlans put each job half way at dialectT0 (started
// dialectRunFor before): linux "/" copying at 45% and "/home" not started;
// windows "C:" completed (copied in 40 minutes) and "D:" copying at 50%.
var dialectMidwayPlans = [2][2]dialectPlan{
	{
		{sim: &zdmtest.Simulation{Prepare: time.Minute, Copy: 100 * time.Minute, Reboot: 10 * time.Minute}},
		{sim: &zdmtest.Simulation{Delay: 2 * time.Hour, Copy: 10 * time.Minute}},
	},
	{
		{sim: &zdmtest.Simulation{Copy: 40 * time.Minute}},
		{sim: &zdmtest.Simulation{Prepare: 6 * time.Minute, Copy: 80 * time.Minute}},
	},
}

// dialectWant is what a mid-way row must read as, whatever the dialect.
type dialectWant struct {
	phase   zdm.Phase
	percent float64   // ignored for a pending row (see checkDialectRow)
	start   time.Time // zero: not given
	elapsed time.Duration
	end     time.Time // zero: not given
}

var (
	dialectMidwayStart = dialectT0.Add(-dialectRunFor)
	dialectMidwayWant  = [2][2]dialectWant{
		{
			{phase: zdm.PhaseRunning, percent: 45, start: dialectMidwayStart, elapsed: dialectRunFor},
			{phase: zdm.PhasePending},
		},
		{
			{phase: zdm.PhaseCompleted, percent: 100, start: dialectMidwayStart, elapsed: 40 * time.Minute, end: dialectMidwayStart.Add(40 * time.Minute)},
			{phase: zdm.PhaseRunning, percent: 50, start: dialectMidwayStart, elapsed: dialectRunFor},
		},
	}
	// dialectMidwayJobWant is 3.0.0's job-level progress: the mean
	// percent and the earliest start.
	dialectMidwayJobWant = [2]dialectWant{
		{phase: zdm.PhaseRunning, percent: 22, start: dialectMidwayStart, elapsed: dialectRunFor},
		{phase: zdm.PhaseRunning, percent: 75, start: dialectMidwayStart, elapsed: dialectRunFor},
	}
)

// Watch plans: one row completes after a reboot phase; on 3.0.0 the
// rows then all show Complete while the job shows Processing. The other
// row completes or (fail plans) fails.
var (
	dialectWatchPlans = [2]dialectPlan{
		{steps: []zdmtest.Step{
			{Phase: zdmtest.Running, Percent: 20},
			{Phase: zdmtest.Running, Percent: 60},
			{Phase: zdmtest.Rebooting, Percent: 100},
			{Phase: zdmtest.Rebooting, Percent: 100},
			{Phase: zdmtest.Completed, Percent: 100},
		}},
		{steps: []zdmtest.Step{
			{Phase: zdmtest.Pending},
			{Phase: zdmtest.Running, Percent: 50},
			{Phase: zdmtest.Completed, Percent: 100},
		}},
	}
	dialectFailPlans = [2]dialectPlan{
		{steps: zdmtest.Ramp(50)},
		{steps: []zdmtest.Step{
			{Phase: zdmtest.Running, Percent: 30},
			{Phase: zdmtest.Failed, Percent: 30, Message: "disk full on target"},
		}},
	}
)

// Polls and OnUpdate calls of a watch over dialectWatchPlans under a
// fixed clock: poll 4 shows what poll 3 showed.
const (
	dialectWatchPolls   = 5
	dialectWatchUpdates = 4
	dialectRebootUpdate = 2 // the index of the snapshot taken in the reboot phase
)

// dialectCase is one server configuration and what its dialect sends.
type dialectCase struct {
	name    string
	dialect zdmtest.Dialect
	opts    []zdmtest.Option
	loc     *time.Location // the server's zone; nil for zdmtest's default
	prefix  string         // the API root path; "" for the dialect's

	running, completed string // the raw spellings the rows must show
	errorCode          bool   // errors are objects with a code
	empty401           bool   // 401 comes with an empty body (a proxy)
}

func (dc dialectCase) v3() bool { return dc.dialect == zdmtest.DialectV3 }

func (dc dialectCase) seedEra() bool { return dc.dialect == zdmtest.DialectSeed }

func (dc dialectCase) apiRoot() string {
	if dc.prefix != "" {
		return dc.prefix
	}
	return dc.dialect.Prefix()
}

// zone is the zone the dialect writes times in.
func (dc dialectCase) zone() *time.Location {
	switch {
	case dc.seedEra():
		return time.UTC
	case dc.loc != nil:
		return dc.loc
	}
	return time.FixedZone("KST", 9*3600)
}

// serverParam is the query name of MonitorJobOptions.ServerName on the
// wire; "" when the dialect refuses the filter.
func (dc dialectCase) serverParam() string {
	switch dc.dialect {
	case zdmtest.DialectSeed:
		return "serverName"
	case zdmtest.DialectV1:
		return "server"
	}
	return ""
}

// timeLayout is how the dialect writes times, in the server's zone.
func (dc dialectCase) timeLayout() string {
	switch dc.dialect {
	case zdmtest.DialectV1:
		return "2006-01-02 15:04:05"
	case zdmtest.DialectV3:
		return "2006-01-02T15:04:05.000Z07:00"
	}
	return time.RFC3339
}

// modelLayout is how the model holds the dialect's times: as written,
// except that zone-less ones get the server's offset.
func (dc dialectCase) modelLayout() string {
	if dc.dialect == zdmtest.DialectV1 {
		return time.RFC3339
	}
	return dc.timeLayout()
}

var (
	dialectCLINames   = map[zdmtest.Phase]string{zdmtest.Running: "running", zdmtest.Rebooting: "running", zdmtest.Completed: "completed"}
	dialectDraftNames = map[zdmtest.Phase]string{zdmtest.Running: "PROCESSING", zdmtest.Rebooting: "PROCESSING"}
	dialectUTCMinus3  = time.FixedZone("UTC-3", -3*3600)
)

var dialectCases = []dialectCase{
	{name: "seed", dialect: zdmtest.DialectSeed, running: "run", completed: "complete"},
	{name: "v1", dialect: zdmtest.DialectV1, running: "Processing", completed: "Complete"},
	{name: "v3", dialect: zdmtest.DialectV3, running: "Processing", completed: "Complete", errorCode: true},
	{name: "seed object errors", dialect: zdmtest.DialectSeed, opts: []zdmtest.Option{zdmtest.WithObjectErrors()},
		running: "run", completed: "complete", errorCode: true},
	{name: "v1 object errors", dialect: zdmtest.DialectV1, opts: []zdmtest.Option{zdmtest.WithObjectErrors()},
		running: "Processing", completed: "Complete", errorCode: true},
	{name: "seed CLI spellings", dialect: zdmtest.DialectSeed, opts: []zdmtest.Option{zdmtest.WithStatusNames(dialectCLINames)},
		running: "running", completed: "completed"},
	{name: "seed early draft PROCESSING", dialect: zdmtest.DialectSeed, opts: []zdmtest.Option{zdmtest.WithStatusNames(dialectDraftNames)},
		running: "PROCESSING", completed: "complete"},
	// Under /api an unpinned client first takes a server for 1.x/2.x: the
	// answers must correct that.
	{name: "seed under /api", dialect: zdmtest.DialectSeed, opts: []zdmtest.Option{zdmtest.WithPrefix("/api")}, prefix: "/api",
		running: "run", completed: "complete"},
	{name: "seed early draft PROCESSING under /api", dialect: zdmtest.DialectSeed, prefix: "/api",
		opts:    []zdmtest.Option{zdmtest.WithPrefix("/api"), zdmtest.WithStatusNames(dialectDraftNames)},
		running: "PROCESSING", completed: "complete"},
	{name: "v1 behind a proxy's empty 401", dialect: zdmtest.DialectV1, opts: []zdmtest.Option{zdmtest.WithEmpty401()}, empty401: true,
		running: "Processing", completed: "Complete"},
	{name: "v1 in UTC-3", dialect: zdmtest.DialectV1, opts: []zdmtest.Option{zdmtest.WithServerTimeZone(dialectUTCMinus3)}, loc: dialectUTCMinus3,
		running: "Processing", completed: "Complete"},
	{name: "v3 in UTC-3", dialect: zdmtest.DialectV3, opts: []zdmtest.Option{zdmtest.WithServerTimeZone(dialectUTCMinus3)}, loc: dialectUTCMinus3,
		running: "Processing", completed: "Complete", errorCode: true},
}

// The jobs every server has, in both flavours (linux at base, windows at
// base+1): the mid-way jobs (dialectLinuxID, dialectWindowsID) for
// reading, and one pair per watch, since scripted rows move with every
// poll.
const (
	dialectWatchBase       = 201 // dialectWatchPlans
	dialectFailBase        = 301 // dialectFailPlans
	dialectScheduledBase   = 401 // dialectWatchPlans on a job with a schedule
	dialectCancelBase      = 501 // running until the test cancels it
	dialectOnePartBase     = 601 // dialectWatchPlans, watched through a partition filter
	dialectOnePartFailBase = 701 // dialectFailPlans, watched through a partition filter
)

// dialectWatchName is the name of a watch job: "%" too, as real names hold.
func dialectWatchName(base int, flavour string) string {
	return strconv.Itoa(base) + " " + flavour + "/감시 100%"
}

// dialectServer starts the row's server on a fixed clock at dialectT0 with
// every job.
func dialectServer(t *testing.T, dc dialectCase) *zdmtest.Server {
	t.Helper()
	clock := zdmtest.NewClock(dialectT0)
	opts := append([]zdmtest.Option{zdmtest.WithDialect(dc.dialect), zdmtest.WithClock(clock.Now)}, dc.opts...)
	srv := zdmtest.NewServer(t, opts...)
	runForever := [2]dialectPlan{
		{steps: []zdmtest.Step{{Phase: zdmtest.Running, Percent: 10}}},
		{steps: []zdmtest.Step{{Phase: zdmtest.Running, Percent: 20}}},
	}
	for i, j := range dialectJobs {
		srv.AddRecoveryJob(j.spec(dialectLinuxID+i, []string{dialectLinuxName, dialectWindowsName}[i], dialectMidwayStart, dialectMidwayPlans[i]))
		for _, w := range []struct {
			base      int
			plans     [2]dialectPlan
			scheduled bool
		}{
			{dialectWatchBase, dialectWatchPlans, false},
			{dialectFailBase, dialectFailPlans, false},
			{dialectScheduledBase, dialectWatchPlans, true},
			{dialectCancelBase, runForever, false},
			{dialectOnePartBase, dialectWatchPlans, false},
			{dialectOnePartFailBase, dialectFailPlans, false},
		} {
			spec := j.spec(w.base+i, dialectWatchName(w.base, j.os), time.Time{}, w.plans)
			spec.Scheduled = w.scheduled
			srv.AddRecoveryJob(spec)
		}
	}
	require.NoError(t, srv.Err())
	if dc.loc != nil {
		require.Equal(t, dc.loc, srv.Location())
	}
	require.True(t, strings.HasSuffix(srv.URL, dc.apiRoot()), srv.URL)
	return srv
}

func TestEveryDialect(t *testing.T) {
	for _, dc := range dialectCases {
		t.Run(dc.name, func(t *testing.T) {
			t.Parallel()
			srv := dialectServer(t, dc)
			c := srv.Client()
			require.Equal(t, dc.dialect.Generation(), c.ServerGeneration(), "srv.Client pins the generation")

			t.Run("monitor", func(t *testing.T) { testDialectMonitor(t, dc, srv, c) })
			t.Run("server zone", func(t *testing.T) { testDialectServerZone(t, dc, srv) })
			t.Run("detail", func(t *testing.T) { testDialectDetail(t, dc, c) })
			t.Run("filters", func(t *testing.T) { testDialectFilters(t, dc, srv, c) })
			t.Run("unpinned client", func(t *testing.T) { testDialectUnpinned(t, dc, srv) })
			t.Run("errors", func(t *testing.T) { testDialectErrors(t, dc, c) })
			t.Run("unauthorized", func(t *testing.T) { testDialectUnauthorized(t, dc, srv) })
			t.Run("watch", func(t *testing.T) { testDialectWatch(t, dc, srv, c) })
			t.Run("watch failed", func(t *testing.T) { testDialectWatchFailed(t, dc, c) })
			t.Run("watch scheduled", func(t *testing.T) { testDialectWatchScheduled(t, dc, c) })
			t.Run("watch canceled", func(t *testing.T) { testDialectWatchCanceled(t, dc, srv, c) })
			t.Run("watch one partition", func(t *testing.T) { testDialectWatchOnePartition(t, dc, c) })
		})
	}
}

// testDialectMonitor reads both mid-way jobs by ID and by name, nil opts.
func testDialectMonitor(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
	ctx := context.Background()
	for i, j := range dialectJobs {
		t.Run(j.os, func(t *testing.T) {
			id, name := strconv.Itoa(dialectLinuxID+i), []string{dialectLinuxName, dialectWindowsName}[i]
			byID, resp, err := c.Recoveries.MonitorJob(ctx, id, nil)
			require.NoError(t, err)
			assert.NotEmpty(t, resp.RequestID, "requestID or traceId")
			checkDialectTimeIn(t, dc.timeLayout(), dc, "envelope timestamp", resp.Timestamp, func() (time.Time, bool) {
				return zdm.ParseTime(resp.Timestamp, srv.Location())
			}, dialectT0)
			byName, _, err := c.Recoveries.MonitorJob(ctx, name, nil)
			require.NoError(t, err)
			assert.Equal(t, byID, byName, "the same job by ID and by name")
			if reqs := srv.Requests(); assert.NotEmpty(t, reqs) {
				assert.Equal(t, dc.apiRoot()+"/recoveries/monitoring/job/"+name, reqs[len(reqs)-1].Path)
			}

			m := byName
			assert.Equal(t, j.source.Name, m.System.Source.Name)
			assert.Equal(t, j.target.Name, m.System.Target.Name)
			assert.Equal(t, name, m.Job.Info.Name)
			require.Equal(t, j.names(), dialectDetailNames(m), "rows in the server's order")
			for k, d := range m.Job.Details {
				checkDialectRow(t, dc, d.Name(), d.ProgressInfo, dialectMidwayWant[i][k])
			}
			assert.False(t, m.Job.Done(), "mid-way")

			// Raw spellings, so that each row really exercises its dialect.
			running := m.Job.Details[0].ProgressInfo
			if i == 1 {
				running = m.Job.Details[1].ProgressInfo
				assert.Equal(t, zdm.Status(dc.completed), m.Job.Details[0].ProgressInfo.Status)
			}
			assert.Equal(t, zdm.Status(dc.running), running.Status)

			// Only 3.0.0 sends a job-level progress (and the job id), and
			// its log only with detail=true.
			if dc.v3() {
				assert.Equal(t, id, m.Job.Info.ID)
				require.NotNil(t, m.Job.Progress)
				checkDialectRow(t, dc, "job", *m.Job.Progress, dialectMidwayJobWant[i])
				assert.Empty(t, m.Job.Log)
			} else {
				assert.Empty(t, m.Job.Info.ID)
				assert.Nil(t, m.Job.Progress)
				require.NotEmpty(t, m.Job.Log)
				assert.Equal(t, "Recovery job registered", m.Job.Log[0])
			}
		})
	}
}

// testDialectServerZone reads the same start with a client that takes the
// server for UTC: only the zone-less times of 1.x/2.x move, by the
// server's offset. (srv.Client gives the right zone: see
// testDialectMonitor.)
func testDialectServerZone(t *testing.T, dc dialectCase, srv *zdmtest.Server) {
	c := srv.Client(zdm.WithServerTimeZone(time.UTC))
	m, _, err := c.Recoveries.MonitorJob(context.Background(), dialectLinuxName, nil)
	require.NoError(t, err)
	got, ok := m.Job.Details[0].ProgressInfo.StartTime()
	require.True(t, ok)
	want := dialectMidwayStart
	if dc.dialect == zdmtest.DialectV1 {
		_, offset := want.In(dc.zone()).Zone()
		want = want.Add(time.Duration(offset) * time.Second)
	}
	assert.True(t, want.Equal(got), "%q read as %v, want %v", m.Job.Details[0].ProgressInfo.Start, got, want)
}

// checkDialectRow asserts one progress against want: phase, percent, times.
func checkDialectRow(t *testing.T, dc dialectCase, name string, p zdm.ProgressInfo, want dialectWant) {
	t.Helper()
	assert.Equal(t, want.phase, p.Status.Phase(), "%s: status %q", name, p.Status)

	pct, ok := p.PercentValue()
	if want.phase == zdm.PhasePending {
		// Not started: "0%" on the seed dialect, "-" on released ones.
		assert.Equal(t, dc.seedEra(), ok, "%s: percent %q", name, p.Percent)
		assert.Zero(t, pct, "%s", name)
	} else if assert.True(t, ok, "%s: percent %q", name, p.Percent) {
		assert.InDelta(t, want.percent, pct, 1e-9, "%s", name)
	}

	checkDialectTime(t, dc, name+" start", p.Start, p.StartTime, want.start)
	checkDialectTime(t, dc, name+" end", p.End, p.EndTime, want.end)

	el, ok := p.ElapsedDuration()
	assert.Equal(t, !want.start.IsZero(), ok, "%s: elapsed %q", name, p.Elapsed)
	assert.Equal(t, want.elapsed, el, "%s: elapsed %q", name, p.Elapsed)
}

// checkDialectTime asserts that raw, as the dialect wrote it, reads as the
// instant want (zero: not given, "-").
func checkDialectTime(t *testing.T, dc dialectCase, what, raw string, read func() (time.Time, bool), want time.Time) {
	t.Helper()
	checkDialectTimeIn(t, dc.modelLayout(), dc, what, raw, read, want)
}

// checkDialectTimeIn is checkDialectTime for text written in layout.
func checkDialectTimeIn(t *testing.T, layout string, dc dialectCase, what, raw string, read func() (time.Time, bool), want time.Time) {
	t.Helper()
	got, ok := read()
	if want.IsZero() {
		assert.False(t, ok, "%s: %q", what, raw)
		assert.Equal(t, "-", raw, "%s", what)
		return
	}
	assert.Equal(t, want.In(dc.zone()).Format(layout), raw, "%s: as the dialect writes it, zone-less times with the server's offset", what)
	if assert.True(t, ok, "%s: %q", what, raw) {
		assert.True(t, want.Equal(got), "%s: %q read as %v, want the instant %v", what, raw, got, want)
	}
}

func dialectDetailNames(m *zdm.JobMonitoring) []string {
	names := make([]string, 0, len(m.Job.Details))
	for _, d := range m.Job.Details {
		names = append(names, d.Name())
	}
	return names
}

// testDialectDetail checks where the detail=true extras land, and that
// what a dialect does not send reads as empty.
func testDialectDetail(t *testing.T, dc dialectCase, c *zdm.Client) {
	ctx := context.Background()
	for i, j := range dialectJobs {
		t.Run(j.os, func(t *testing.T) {
			id := strconv.Itoa(dialectLinuxID + i)
			for _, detail := range []bool{false, true} {
				m, _, err := c.Recoveries.MonitorJob(ctx, id, &zdm.MonitorJobOptions{Detail: detail})
				require.NoError(t, err)
				assert.Equal(t, dialectWantServer(dc, j.source, detail), m.System.Source, "detail=%v", detail)
				assert.Equal(t, dialectWantServer(dc, j.target, detail), m.System.Target, "detail=%v", detail)
				assert.Equal(t, dialectWantInfo(dc, j, id, []string{dialectLinuxName, dialectWindowsName}[i], detail), m.Job.Info, "detail=%v", detail)
				require.Len(t, m.Job.Details, 2)
				for k, d := range m.Job.Details {
					checkDialectRow(t, dc, d.Name(), d.ProgressInfo, dialectMidwayWant[i][k])
					d.ProgressInfo = zdm.ProgressInfo{}
					assert.Equal(t, dialectWantExtras(dc, j.rows[k], detail), d, "detail=%v", detail)
				}
				if dc.v3() && !detail {
					assert.Empty(t, m.Job.Log, "3.0.0 sends the log only with detail=true")
				} else if assert.NotEmpty(t, m.Job.Log) {
					assert.Equal(t, "Recovery job registered", m.Job.Log[0])
				}
			}
		})
	}
}

// dialectWantServer is the model of a machine: 3.0.0 sends only its name
// (in job.info.source/target), the others add OS, agent and IPs with
// detail.
func dialectWantServer(dc dialectCase, m zdmtest.Machine, detail bool) zdm.ServerInfo {
	if dc.v3() || !detail {
		return zdm.ServerInfo{Name: m.Name}
	}
	return zdm.ServerInfo{Name: m.Name, OS: m.OS, Agent: m.Agent, IP: zdm.IPAddresses{Public: m.PublicIP, Private: m.PrivateIPs}}
}

// dialectWantInfo is the model of job.info: 3.0.0 sends the id and never
// the platform or mode; the others send platform and mode with detail.
func dialectWantInfo(dc dialectCase, j dialectJob, id, name string, detail bool) zdm.JobInfo {
	switch {
	case dc.v3():
		return zdm.JobInfo{ID: id, Name: name}
	case detail:
		return zdm.JobInfo{Name: name, Platform: j.platform, Mode: string(j.mode)}
	}
	return zdm.JobInfo{Name: name}
}

// dialectWantExtras is the model of one row without its progress: 3.0.0
// always sends backupFile and, with detail, targetDisk, size, mode,
// diskNumber and overwrite; the others send device, mode, backup and
// repository with detail.
func dialectWantExtras(dc dialectCase, p zdmtest.PartitionSpec, detail bool) zdm.PartitionProgress {
	w := zdm.PartitionProgress{Partition: p.Partition, Drive: p.Drive}
	switch {
	case dc.v3():
		w.BackupFile = p.BackupFile
		if detail {
			w.Mode = string(p.Mode)
			w.TargetDisk, w.Size = p.TargetDisk, p.Size
			w.DiskNumber, w.Overwrite = strconv.Itoa(p.DiskNumber), strconv.FormatBool(p.Overwrite)
		}
	case detail:
		w.Device, w.Mode = p.Device, string(p.Mode)
		w.Backup = zdm.BackupInfo{JobName: p.BackupJob, FileName: p.BackupFile}
		w.Repository = zdm.RepositoryInfo{ID: strconv.Itoa(p.Repository.ID), Type: p.Repository.Type, Path: p.Repository.Path}
	}
	return w
}

// testDialectFilters narrows rows on every dialect; the job-level
// filters go out under the dialect's names, or fail before sending on
// 3.0.0.
func testDialectFilters(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
	ctx := context.Background()
	lastQuery := func(t *testing.T) map[string][]string {
		t.Helper()
		reqs := srv.Requests()
		require.NotEmpty(t, reqs)
		return reqs[len(reqs)-1].Query
	}

	rowFilters := []struct {
		name string
		id   string
		opts zdm.MonitorJobOptions
		want []string
	}{
		{"partition", dialectLinuxName, zdm.MonitorJobOptions{Partition: "/home"}, []string{"/home"}},
		{"partition root", strconv.Itoa(dialectLinuxID), zdm.MonitorJobOptions{Partition: "/"}, []string{"/"}},
		{"drive", dialectWindowsName, zdm.MonitorJobOptions{Drive: "D:"}, []string{"D:"}},
		{"drive with detail", strconv.Itoa(dialectWindowsID), zdm.MonitorJobOptions{Drive: "C:", Detail: true}, []string{"C:"}},
		{"mode", dialectLinuxName, zdm.MonitorJobOptions{Mode: zdm.ModeIncrement}, []string{"/home"}},
	}
	for _, tt := range rowFilters {
		t.Run(tt.name, func(t *testing.T) {
			m, _, err := c.Recoveries.MonitorJob(ctx, tt.id, &tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, dialectDetailNames(m))
			q := lastQuery(t)
			for _, k := range []string{"serverName", "server", "serverType", "jobName"} {
				assert.NotContains(t, q, k, "only what the caller set is sent")
			}
		})
	}

	t.Run("partition matching nothing", func(t *testing.T) {
		m, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{Partition: "/var"})
		if dc.v3() {
			require.NoError(t, err, "3.0.0 answers the job with no rows")
			assert.Empty(t, m.Job.Details)
			return
		}
		assert.ErrorIs(t, err, zdm.ErrNotFound, "1.x/2.x (and the fake's seed) answer 404 when filters match nothing")
	})

	jobFilters := []struct {
		name  string
		opts  zdm.MonitorJobOptions
		field string // the refused option on 3.0.0
		found bool   // whether the job matches on the other dialects
	}{
		{"server name source", zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name}, "ServerName", true},
		{"server name target", zdm.MonitorJobOptions{ServerName: dialectLinuxTarget.Name, ServerType: zdm.ServerTypeTarget}, "ServerName", true},
		{"server name of the other side", zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name, ServerType: zdm.ServerTypeTarget}, "ServerName", false},
		{"server name unknown", zdm.MonitorJobOptions{ServerName: "db-prod-09"}, "ServerName", false},
		{"server type alone", zdm.MonitorJobOptions{ServerType: zdm.ServerTypeSource}, "ServerType", true},
		{"job name", zdm.MonitorJobOptions{JobName: dialectLinuxName}, "JobName", true},
		{"job name of another job", zdm.MonitorJobOptions{JobName: dialectWindowsName}, "JobName", false},
	}
	for _, tt := range jobFilters {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.Requests())
			m, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, &tt.opts)
			if dc.v3() {
				require.ErrorIs(t, err, zdm.ErrInvalidArgument)
				assert.Contains(t, err.Error(), tt.field)
				assert.Nil(t, m)
				assert.Len(t, srv.Requests(), before, "nothing sent")
				return
			}
			if tt.found {
				require.NoError(t, err)
				assert.Equal(t, dialectJobs[0].names(), dialectDetailNames(m))
			} else {
				require.ErrorIs(t, err, zdm.ErrNotFound, "the server honoured the filter")
			}
			q := lastQuery(t)
			if tt.opts.ServerName != "" {
				assert.Equal(t, []string{tt.opts.ServerName}, q[dc.serverParam()])
				other := map[string]string{"serverName": "server", "server": "serverName"}[dc.serverParam()]
				assert.NotContains(t, q, other)
			}
		})
	}
}

// testDialectUnpinned checks a client that learns the generation from the
// server's answers instead of being told.
func testDialectUnpinned(t *testing.T, dc dialectCase, srv *zdmtest.Server) {
	ctx := context.Background()
	newClient := func(t *testing.T) *zdm.Client {
		c, err := zdm.NewClient(srv.URL,
			zdm.WithHTTPClient(srv.HTTPClient()),
			zdm.WithToken(srv.Token()),
			zdm.WithServerTimeZone(srv.Location()),
			zdm.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		)
		require.NoError(t, err)
		require.Equal(t, zdm.GenerationAuto, c.ServerGeneration())
		return c
	}

	t.Run("learns from the first answer", func(t *testing.T) {
		c := newClient(t)
		m, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, nil)
		require.NoError(t, err)
		assert.Equal(t, dialectJobs[0].names(), dialectDetailNames(m))
		learned := c.ServerGeneration()

		// Then a server-name filter goes out under the dialect's name (and
		// a server that ignores names it does not know would silently
		// answer the whole job), or fails before sending on 3.0.0.
		before := len(srv.Requests())
		_, _, err = c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{ServerName: "db-prod-09"})
		reqs := srv.Requests()
		require.Equal(t, dc.dialect.Generation(), learned)
		if dc.v3() {
			require.ErrorIs(t, err, zdm.ErrInvalidArgument)
			assert.Len(t, reqs, before, "nothing sent")
			return
		}
		require.ErrorIs(t, err, zdm.ErrNotFound, "the server honoured the filter")
		require.Len(t, reqs, before+1)
		assert.Equal(t, []string{"db-prod-09"}, reqs[before].Query[dc.serverParam()])
	})

	if dc.v3() {
		// Under /api an unpinned client first takes the server for 1.x/2.x;
		// the 3.0.0 server refuses the filter with 400, and its error
		// envelope teaches the client, which refuses the filter next.
		t.Run("learns from a refused filter", func(t *testing.T) {
			c := newClient(t)
			_, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name})
			require.ErrorIs(t, err, zdm.ErrBadRequest)
			reqs := srv.Requests()
			assert.Equal(t, []string{dialectLinuxSource.Name}, reqs[len(reqs)-1].Query["server"])
			require.Equal(t, zdm.GenerationV3, c.ServerGeneration())
			_, _, err = c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name})
			require.ErrorIs(t, err, zdm.ErrInvalidArgument)
			assert.Len(t, srv.Requests(), len(reqs), "nothing sent")
		})
	}
}

// testDialectErrors asks for jobs that do not exist.
func testDialectErrors(t *testing.T, dc dialectCase, c *zdm.Client) {
	for _, id := range []string{"no such job/없음", "999"} {
		t.Run(id, func(t *testing.T) {
			m, resp, err := c.Recoveries.MonitorJob(context.Background(), id, nil)
			assert.Nil(t, m)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			var apiErr *zdm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 404, apiErr.StatusCode)
			assert.NotEmpty(t, apiErr.Message)
			if dc.errorCode {
				assert.Equal(t, "JOB-ERROR-01", apiErr.Code)
			} else {
				assert.Empty(t, apiErr.Code, "a string error has no code")
			}
			assert.NotEmpty(t, apiErr.RequestID, "every dialect sends a request id with this error")
			if assert.NotNil(t, resp, "the server answered") {
				assert.Equal(t, apiErr.RequestID, resp.RequestID)
				if dc.v3() {
					assert.Equal(t, apiErr.RequestID, resp.Header.Get("X-Trace-Id"))
				}
			}
		})
	}
}

// testDialectUnauthorized uses a token the server does not know: MonitorJob
// and Watch end at once with ErrUnauthorized.
func testDialectUnauthorized(t *testing.T, dc dialectCase, srv *zdmtest.Server) {
	ctx := context.Background()
	c := srv.Client(zdm.WithToken("not-a-token-of-this-server"))
	before := len(srv.Requests())
	_, resp, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, nil)
	require.ErrorIs(t, err, zdm.ErrUnauthorized)
	var apiErr *zdm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.NotNil(t, resp)
	assert.NotEmpty(t, apiErr.Message)
	if dc.empty401 {
		assert.Empty(t, apiErr.RequestID)
		assert.Empty(t, apiErr.Code)
		assert.Contains(t, apiErr.Message, "empty body")
	} else {
		assert.NotEmpty(t, apiErr.RequestID)
		if dc.errorCode {
			assert.Equal(t, "UNAUTHORIZED", apiErr.Code)
		}
	}

	m, err := c.Recoveries.Watch(ctx, dialectLinuxName, nil, dialectWatchOptions(nil))
	require.ErrorIs(t, err, zdm.ErrUnauthorized)
	assert.Nil(t, m)
	assert.Len(t, srv.Requests(), before+2, "no retry, no second poll")
}

func dialectWatchOptions(onUpdate func(*zdm.JobMonitoring)) *zdm.WatchOptions {
	return &zdm.WatchOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond, OnUpdate: onUpdate}
}

// testDialectWatch watches both watch jobs to completion, through the
// reboot phase.
func testDialectWatch(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
	for i, j := range dialectJobs {
		t.Run(j.os, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			name := dialectWatchName(dialectWatchBase, j.os)
			var seen []*zdm.JobMonitoring
			m, err := c.Recoveries.Watch(ctx, name, nil, dialectWatchOptions(func(m *zdm.JobMonitoring) { seen = append(seen, m) }))
			require.NoError(t, err)
			require.NotNil(t, m)
			assert.True(t, m.Job.Done())
			require.Equal(t, j.names(), dialectDetailNames(m))
			for _, d := range m.Job.Details {
				assert.Equal(t, zdm.PhaseCompleted, d.ProgressInfo.Status.Phase(), "%s: %q", d.Name(), d.ProgressInfo.Status)
				assert.Equal(t, zdm.Status(dc.completed), d.ProgressInfo.Status)
				pct, ok := d.ProgressInfo.PercentValue()
				assert.True(t, ok)
				assert.InDelta(t, 100, pct, 1e-9)
				end, ok := d.ProgressInfo.EndTime()
				assert.True(t, ok && end.Equal(dialectT0), "%s: end %q", d.Name(), d.ProgressInfo.End)
			}
			if dc.v3() {
				require.NotNil(t, m.Job.Progress)
				assert.Equal(t, zdm.PhaseCompleted, m.Job.Progress.Status.Phase())
			}
			assert.Equal(t, dialectWatchPolls, srv.Job(strconv.Itoa(dialectWatchBase+i)).Polls(), "no poll after the job completed, none missed")
			require.Len(t, seen, dialectWatchUpdates, "OnUpdate sees the first snapshot and every change, not repeats")
			assert.Same(t, m, seen[len(seen)-1])

			// The reboot phase: every row copied, the job not done. On
			// 3.0.0 the rows already show Complete and the job-level status
			// Processing decides; the others show the row running at 100%.
			r := seen[dialectRebootUpdate]
			assert.False(t, r.Job.Done(), "rebooting is not done")
			pct, _ := r.Job.Details[0].ProgressInfo.PercentValue()
			assert.InDelta(t, 100, pct, 1e-9)
			assert.Equal(t, zdm.PhaseCompleted, r.Job.Details[1].ProgressInfo.Status.Phase())
			if dc.v3() {
				assert.Equal(t, zdm.PhaseCompleted, r.Job.Details[0].ProgressInfo.Status.Phase(), "3.0.0 shows the row Complete")
				require.NotNil(t, r.Job.Progress)
				assert.Equal(t, zdm.PhaseRunning, r.Job.Progress.Status.Phase())
				assert.Equal(t, "100%", r.Job.Progress.Percent)
				for _, d := range r.Job.Details {
					assert.True(t, d.Finished(), "every row finished, yet the job is not")
				}
			} else {
				assert.Equal(t, zdm.PhaseRunning, r.Job.Details[0].ProgressInfo.Status.Phase())
				assert.Equal(t, zdm.Status(dc.running), r.Job.Details[0].ProgressInfo.Status)
				assert.Nil(t, r.Job.Progress)
			}
		})
	}
}

// testDialectWatchFailed watches jobs whose second row fails.
func testDialectWatchFailed(t *testing.T, dc dialectCase, c *zdm.Client) {
	for _, j := range dialectJobs {
		t.Run(j.os, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			updates := 0
			m, err := c.Recoveries.Watch(ctx, dialectWatchName(dialectFailBase, j.os), nil, dialectWatchOptions(func(*zdm.JobMonitoring) { updates++ }))
			require.ErrorIs(t, err, zdm.ErrJobFailed)
			require.NotNil(t, m, "the final snapshot comes with the error")
			assert.True(t, m.Job.Done())
			assert.Equal(t, 2, updates)

			failedRow := dialectRowName(j.rows[1])
			var failed *zdm.JobFailedError
			require.ErrorAs(t, err, &failed)
			require.Len(t, failed.Failed, 1)
			assert.Equal(t, failedRow, failed.Failed[0].Name())
			assert.Equal(t, zdm.PhaseFailed, failed.Failed[0].ProgressInfo.Status.Phase())
			assert.Contains(t, err.Error(), failedRow)
			assert.Contains(t, err.Error(), "disk full on target")
			assert.NotContains(t, err.Error(), dialectRowName(j.rows[0])+" ", "the completed row is not named")
			if dc.v3() {
				require.NotNil(t, failed.Job, "3.0.0's job-level status failed too")
				assert.Equal(t, zdm.PhaseFailed, failed.Job.Status.Phase())
			} else {
				assert.Nil(t, failed.Job)
			}
		})
	}
}

// testDialectWatchScheduled watches jobs that have a schedule: their
// finished run shows Scheduled, which is done (at 100%, with an end time)
// and not a failure.
func testDialectWatchScheduled(t *testing.T, dc dialectCase, c *zdm.Client) {
	for _, j := range dialectJobs {
		t.Run(j.os, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			m, err := c.Recoveries.Watch(ctx, dialectWatchName(dialectScheduledBase, j.os), nil, dialectWatchOptions(nil))
			require.NoError(t, err)
			require.NotNil(t, m)
			assert.True(t, m.Job.Done())
			require.Equal(t, j.names(), dialectDetailNames(m))
			for _, d := range m.Job.Details {
				assert.Equal(t, zdm.PhaseScheduled, d.ProgressInfo.Status.Phase(), "%s: %q", d.Name(), d.ProgressInfo.Status)
				assert.True(t, d.Finished(), d.Name())
			}
			if dc.v3() {
				require.NotNil(t, m.Job.Progress)
				assert.Equal(t, zdm.PhaseScheduled, m.Job.Progress.Status.Phase())
			}
		})
	}
}

// testDialectWatchCanceled cancels a running job after the first
// snapshot: Canceling is still moving, Canceled ends the watch as a
// failure.
func testDialectWatchCanceled(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
	for i, j := range dialectJobs {
		t.Run(j.os, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			job := srv.Job(strconv.Itoa(dialectCancelBase + i))
			require.NotNil(t, job)
			var seen []*zdm.JobMonitoring
			m, err := c.Recoveries.Watch(ctx, dialectWatchName(dialectCancelBase, j.os), nil, dialectWatchOptions(func(m *zdm.JobMonitoring) {
				if len(seen) == 0 {
					job.Cancel()
				}
				seen = append(seen, m)
			}))
			require.ErrorIs(t, err, zdm.ErrJobFailed)
			require.NotNil(t, m)
			var failed *zdm.JobFailedError
			require.ErrorAs(t, err, &failed)
			require.Len(t, failed.Failed, 2, "both rows canceled")
			assert.Equal(t, j.names(), []string{failed.Failed[0].Name(), failed.Failed[1].Name()})
			for _, d := range m.Job.Details {
				assert.Equal(t, zdm.PhaseCanceled, d.ProgressInfo.Status.Phase(), "%s: %q", d.Name(), d.ProgressInfo.Status)
			}
			require.Len(t, seen, 3, "running, canceling, canceled")
			canceling := seen[1]
			assert.False(t, canceling.Job.Done(), "canceling is not finished")
			// The seed era had no word for canceling: it shows "run".
			want := zdm.PhaseCanceling
			if dc.seedEra() {
				want = zdm.PhaseRunning
			}
			for _, d := range canceling.Job.Details {
				assert.Equal(t, want, d.ProgressInfo.Status.Phase(), "%s: %q", d.Name(), d.ProgressInfo.Status)
			}
			if dc.v3() {
				require.NotNil(t, failed.Job)
				assert.Equal(t, zdm.PhaseCanceled, failed.Job.Status.Phase())
			}
		})
	}
}

// testDialectWatchOnePartition watches through a partition (or drive)
// filter: the watch ends with the watched row finished.
func testDialectWatchOnePartition(t *testing.T, dc dialectCase, c *zdm.Client) {
	for _, j := range dialectJobs {
		filter := func(p zdmtest.PartitionSpec) *zdm.MonitorJobOptions {
			return &zdm.MonitorJobOptions{Partition: p.Partition, Drive: p.Drive}
		}
		t.Run(j.os, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			m, err := c.Recoveries.Watch(ctx, dialectWatchName(dialectOnePartBase, j.os), filter(j.rows[1]), dialectWatchOptions(nil))
			require.NoError(t, err)
			require.Equal(t, []string{dialectRowName(j.rows[1])}, dialectDetailNames(m))
			assert.Equal(t, zdm.PhaseCompleted, m.Job.Details[0].ProgressInfo.Status.Phase())
		})
		// The other row fails; the watched one completes.
		t.Run(j.os+" other row failed", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			m, err := c.Recoveries.Watch(ctx, dialectWatchName(dialectOnePartFailBase, j.os), filter(j.rows[0]), dialectWatchOptions(nil))
			require.NotNil(t, m)
			require.Equal(t, []string{dialectRowName(j.rows[0])}, dialectDetailNames(m))
			assert.Equal(t, zdm.PhaseCompleted, m.Job.Details[0].ProgressInfo.Status.Phase())
			assert.NoError(t, err, "the watched row completed")
		})
	}
}

// TestEveryDialectFixtures decodes saved answers of each dialect with
// encoding/json alone (no client, so zone-less times read as UTC) and
// asserts the same model-level facts.
func TestEveryDialectFixtures(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	type row struct {
		name    string
		phase   zdm.Phase
		percent float64 // -1: not given
		start   time.Time
		elapsed time.Duration // -1: not given
		end     time.Time
		// Extras: 3.0.0's backupFile; the CLI's device and backup.fileName.
		backupFile, device, backupFileName string
	}
	kstTime := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, kst) }
	tests := []struct {
		file           string
		source, target string
		id, job        string
		log            int
		rows           []row
		zoneless       bool      // times carry no zone
		jobPhase       zdm.Phase // 3.0.0's job-level status; PhaseUnknown: none sent
		jobStart       time.Time // 3.0.0's job.timeInfo.start
		jobElapsed     time.Duration
		sourceOS       string // detail=true
		platform       string // detail=true
	}{
		{
			file: "monitor_seed.json", source: "source-server", target: "target-server", job: "daily-recovery", log: 2,
			rows: []row{
				{name: "/", phase: zdm.PhaseRunning, percent: 45, start: time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC), elapsed: 15 * time.Minute},
				{name: "/home", phase: zdm.PhasePending, percent: 0, elapsed: -1},
			},
		},
		{
			file: "monitor_cli_detail.json", source: "web-prod-01", target: "web-dr-01", job: "web-prod-01-recovery", log: 4,
			sourceOS: "Rocky Linux 9.3", platform: "OpenStack",
			rows: []row{
				{
					"/", zdm.PhaseCompleted, 100, time.Date(2025, 3, 2, 9, 0, 12, 0, time.UTC), 14*time.Minute + 40*time.Second,
					time.Date(2025, 3, 2, 9, 14, 52, 0, time.UTC), "", "/dev/vda1", "web-prod-01_root_20250301.zdm",
				},
				{
					"/data", zdm.PhaseRunning, 62, time.Date(2025, 3, 2, 9, 0, 12, 0, time.UTC), 26*time.Hour + 3*time.Minute + 10*time.Second,
					time.Time{}, "", "/dev/vdb1", "",
				},
			},
		},
		{
			file: "monitor_v1_windows.json", source: "WIN-FS-01", target: "WIN-FS-01-DR", job: "fileserver-weekly", log: 2, zoneless: true,
			rows: []row{
				{name: "C:", phase: zdm.PhaseRunning, percent: 100, start: time.Date(2026, 1, 17, 15, 2, 40, 0, time.UTC), elapsed: 41*time.Minute + 7*time.Second},
				{
					name: "D:", phase: zdm.PhaseScheduled, percent: 100, start: time.Date(2026, 1, 17, 15, 2, 40, 0, time.UTC),
					elapsed: 12*time.Minute + 31*time.Second, end: time.Date(2026, 1, 17, 15, 15, 11, 0, time.UTC),
				},
				{name: "E:", phase: zdm.PhasePending, percent: -1, elapsed: -1},
			},
		},
		{
			file: "monitor_v3.json", source: "db-prod-02", target: "db-dr-02", id: "42", job: "db-cluster-recovery",
			jobPhase: zdm.PhaseRunning, jobStart: kstTime(9, 0, 0), jobElapsed: 33*time.Minute + 5*time.Second,
			rows: []row{
				{
					name: "/", phase: zdm.PhaseCompleted, percent: 100, start: kstTime(9, 0, 0), elapsed: 10 * time.Minute,
					end: kstTime(9, 10, 0), backupFile: "db-prod-02_root_full_20260301.zdm",
				},
				{
					name: "/", phase: zdm.PhaseCompleted, percent: 100, start: kstTime(9, 10, 0), elapsed: 2*time.Minute + 30*time.Second,
					end: kstTime(9, 12, 30), backupFile: "db-prod-02_root_inc_20260302.zdm",
				},
				{
					name: "/var/lib/pgsql", phase: zdm.PhaseCompleted, percent: 100, start: kstTime(9, 0, 0), elapsed: 31*time.Minute + 12*time.Second,
					end: kstTime(9, 31, 12), backupFile: "db-prod-02_pgsql_full_20260301.zdm",
				},
			},
		},
		{
			file: "monitor_draft.json", source: "legacy-app-01", target: "legacy-app-01-dr", job: "legacy-app", log: 1,
			rows: []row{
				{name: "/", phase: zdm.PhaseRunning, percent: 60, start: time.Date(2024, 11, 2, 1, 0, 0, 0, time.UTC), elapsed: 90 * time.Minute},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			require.NoError(t, err)
			var env struct {
				Data zdm.JobMonitoring `json:"data"`
			}
			require.NoError(t, json.Unmarshal(b, &env))
			m := env.Data

			assert.Equal(t, tt.source, m.System.Source.Name)
			assert.Equal(t, tt.target, m.System.Target.Name)
			assert.Equal(t, tt.job, m.Job.Info.Name)
			assert.Equal(t, tt.id, m.Job.Info.ID)
			assert.Len(t, m.Job.Log, tt.log)
			assert.Equal(t, tt.sourceOS, m.System.Source.OS)
			assert.Equal(t, tt.platform, m.Job.Info.Platform)
			require.Len(t, m.Job.Details, len(tt.rows))
			for i, want := range tt.rows {
				d := m.Job.Details[i]
				p := d.ProgressInfo
				assert.Equal(t, want.name, d.Name())
				assert.Equal(t, want.phase, p.Status.Phase(), "%s: %q", want.name, p.Status)

				pct, ok := p.PercentValue()
				assert.Equal(t, want.percent >= 0, ok, "%s: percent %q", want.name, p.Percent)
				if ok {
					assert.InDelta(t, want.percent, pct, 1e-9, "%s", want.name)
				}

				start, ok := p.StartTime()
				assert.Equal(t, !want.start.IsZero(), ok, "%s: start %q", want.name, p.Start)
				assert.True(t, want.start.Equal(start), "%s: start %q read as %v", want.name, p.Start, start)
				// Decoded times carry their offset (a zone-less one gets
				// the server's, UTC here: nothing tells another), so In
				// does not move them.
				inKST, _ := p.In(kst).StartTime()
				assert.True(t, start.Equal(inKST), "%s: %v", want.name, inKST)
				if tt.zoneless && ok {
					assert.True(t, strings.HasSuffix(p.Start, "Z"), "%s: zone-less %q stored with its offset", want.name, p.Start)
				}

				end, ok := p.EndTime()
				assert.Equal(t, !want.end.IsZero(), ok, "%s: end %q", want.name, p.End)
				assert.True(t, want.end.Equal(end), "%s: end %q read as %v", want.name, p.End, end)

				el, ok := p.ElapsedDuration()
				assert.Equal(t, want.elapsed >= 0, ok, "%s: elapsed %q", want.name, p.Elapsed)
				if ok {
					assert.Equal(t, want.elapsed, el, "%s", want.name)
				}

				assert.Equal(t, want.backupFile, d.BackupFile, "%s", want.name)
				assert.Equal(t, want.device, d.Device, "%s", want.name)
				assert.Equal(t, want.backupFileName, d.Backup.FileName, "%s", want.name)
			}
			if tt.jobPhase == zdm.PhaseUnknown {
				assert.Nil(t, m.Job.Progress)
			} else if assert.NotNil(t, m.Job.Progress) {
				// job.progress and job.timeInfo meet in Job.Progress.
				p := m.Job.Progress
				assert.Equal(t, tt.jobPhase, p.Status.Phase())
				start, ok := p.StartTime()
				assert.True(t, ok && tt.jobStart.Equal(start), "job start %q", p.Start)
				el, ok := p.ElapsedDuration()
				assert.True(t, ok)
				assert.Equal(t, tt.jobElapsed, el)
				_, ok = p.EndTime()
				assert.False(t, ok, "job end %q", p.End)
			}
			assert.False(t, m.Job.Done(), "every fixture is mid-way (3.0.0's: rebooting)")
		})
	}
}
