package zdm_test

import (
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
// row of dialectCases is a zdmtest server configuration; every
// TestDialects_ test runs each row against a fresh server with the same
// jobs, and makes the same assertions. What differs between the
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
			{Phase: zdmtest.PhaseRunning, Percent: 20},
			{Phase: zdmtest.PhaseRunning, Percent: 60},
			{Phase: zdmtest.PhaseRebooting, Percent: 100},
			{Phase: zdmtest.PhaseRebooting, Percent: 100},
			{Phase: zdmtest.PhaseCompleted, Percent: 100},
		}},
		{steps: []zdmtest.Step{
			{Phase: zdmtest.PhasePending},
			{Phase: zdmtest.PhaseRunning, Percent: 50},
			{Phase: zdmtest.PhaseCompleted, Percent: 100},
		}},
	}
	dialectFailPlans = [2]dialectPlan{
		{steps: zdmtest.Ramp(50)},
		{steps: []zdmtest.Step{
			{Phase: zdmtest.PhaseRunning, Percent: 30},
			{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full on target"},
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

func (dc dialectCase) seedEra() bool { return dc.dialect == zdmtest.DialectDraft }

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
	case zdmtest.DialectDraft:
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
	dialectCLINames   = map[zdmtest.Phase]string{zdmtest.PhaseRunning: "running", zdmtest.PhaseRebooting: "running", zdmtest.PhaseCompleted: "completed"}
	dialectDraftNames = map[zdmtest.Phase]string{zdmtest.PhaseRunning: "PROCESSING", zdmtest.PhaseRebooting: "PROCESSING"}
	dialectUTCMinus3  = time.FixedZone("UTC-3", -3*3600)
)

var dialectCases = []dialectCase{
	{name: "seed", dialect: zdmtest.DialectDraft, running: "run", completed: "complete"},
	{name: "v1", dialect: zdmtest.DialectV1, running: "Processing", completed: "Complete"},
	{name: "v3", dialect: zdmtest.DialectV3, running: "Processing", completed: "Complete", errorCode: true},
	{name: "seed object errors", dialect: zdmtest.DialectDraft, opts: []zdmtest.Option{zdmtest.WithObjectErrors()},
		running: "run", completed: "complete", errorCode: true},
	{name: "v1 object errors", dialect: zdmtest.DialectV1, opts: []zdmtest.Option{zdmtest.WithObjectErrors()},
		running: "Processing", completed: "Complete", errorCode: true},
	{name: "seed CLI spellings", dialect: zdmtest.DialectDraft, opts: []zdmtest.Option{zdmtest.WithStatusNames(dialectCLINames)},
		running: "running", completed: "completed"},
	{name: "seed early draft PROCESSING", dialect: zdmtest.DialectDraft, opts: []zdmtest.Option{zdmtest.WithStatusNames(dialectDraftNames)},
		running: "PROCESSING", completed: "complete"},
	// Under /api an unpinned client first takes a server for 1.x/2.x: the
	// answers must correct that.
	{name: "seed under /api", dialect: zdmtest.DialectDraft, opts: []zdmtest.Option{zdmtest.WithPrefix("/api")}, prefix: "/api",
		running: "run", completed: "complete"},
	{name: "seed early draft PROCESSING under /api", dialect: zdmtest.DialectDraft, prefix: "/api",
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
		{steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 10}}},
		{steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 20}}},
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

// checkDialectRow asserts one progress against want: phase, percent, times.
func checkDialectRow(t *testing.T, dc dialectCase, name string, p zdm.ProgressInfo, want dialectWant) {
	t.Helper()
	assert.Equal(t, want.phase, p.Status.Phase(), "%s: status %q", name, p.Status)

	pct, ok := p.PercentValue()
	if want.phase == zdm.PhasePending {
		// Not started: "0%" on the draft dialect, "-" on released ones.
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

// dialectDetailNames are the names of the rows in m, in order.
func dialectDetailNames(m *zdm.JobMonitoring) []string {
	names := make([]string, 0, len(m.Job.Details))
	for _, d := range m.Job.Details {
		names = append(names, d.Name())
	}
	return names
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
func dialectWantInfo(dc dialectCase, j dialectJob, id int64, name string, detail bool) zdm.JobInfo {
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
		w.Repository = zdm.RepositoryInfo{ID: int64(p.Repository.ID), Type: p.Repository.Type, Path: p.Repository.Path}
	}
	return w
}

// dialectWatchOptions are fast polls, calling onUpdate.
func dialectWatchOptions(onUpdate func(*zdm.JobMonitoring)) *zdm.WatchOptions {
	return &zdm.WatchOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond, OnUpdate: onUpdate}
}

// forEachDialect runs test once per dialect case, all at once (see
// runConcurrently: the watches mostly wait between polls), each with a
// fresh server (dialectServer) and srv.Client(), which pins the dialect's
// generation.
func forEachDialect(t *testing.T, test func(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client)) {
	t.Helper()
	forDialects(t, dialectCases, test)
}

// forDialects is forEachDialect for some of the cases.
func forDialects(t *testing.T, cases []dialectCase, test func(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client)) {
	t.Helper()
	runConcurrently(t, cases, func(dc dialectCase) string { return dc.name }, func(t *testing.T, dc dialectCase) {
		srv := dialectServer(t, dc)
		c := srv.Client()
		require.Equal(t, dc.dialect.Generation(), c.ServerGeneration(), "srv.Client pins the generation")
		test(t, dc, srv, c)
	})
}

// dialectCasesV3 are the cases of 3.0.0 servers.
func dialectCasesV3() []dialectCase {
	var out []dialectCase
	for _, dc := range dialectCases {
		if dc.v3() {
			out = append(out, dc)
		}
	}
	return out
}

// dialectLastQuery is the query of the last request srv saw.
func dialectLastQuery(t *testing.T, srv *zdmtest.Server) map[string][]string {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1].Query
}

// dialectUnpinnedClient is a client of srv that is not told the server's
// generation and must learn it from the answers.
func dialectUnpinnedClient(t *testing.T, srv *zdmtest.Server) *zdm.Client {
	t.Helper()
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
