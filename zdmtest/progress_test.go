package zdmtest_test

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// snapshot is one row as a test reads it: "status percent".
func snapshot(m *zdm.JobMonitoring) []string {
	var out []string
	for _, d := range m.Job.Details {
		out = append(out, string(d.ProgressInfo.Status)+" "+d.ProgressInfo.Percent)
	}
	return out
}

func TestScriptedStepsAdvanceOnePerPoll(t *testing.T) {
	tests := []struct {
		name    string
		spec    zdmtest.JobSpec
		between func(j *zdmtest.Job, poll int) // before poll number poll (1-based)
		want    [][]string
	}{
		{
			name: "one step per poll, the last repeats",
			spec: zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{
				{Partition: "/", Steps: zdmtest.Ramp(10, 60)},
				{Partition: "/home", Steps: []zdmtest.Step{{}, {Phase: zdmtest.PhasePreparing}, {Phase: zdmtest.PhaseRunning, Percent: 5}}},
			}},
			want: [][]string{
				{"Processing 10%", "Registered -"},
				{"Processing 60%", "Preparing 0%"},
				{"Complete 100%", "Processing 5%"},
				{"Complete 100%", "Processing 5%"},
			},
		},
		{
			name: "two polls per step",
			spec: zdmtest.JobSpec{PollsPerStep: 2, Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(10)}}},
			want: [][]string{{"Processing 10%"}, {"Processing 10%"}, {"Complete 100%"}},
		},
		{
			name: "Advance skips a step",
			spec: zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(10, 20, 30)}}},
			between: func(j *zdmtest.Job, poll int) {
				if poll == 2 {
					j.Advance()
				}
			},
			want: [][]string{{"Processing 10%"}, {"Processing 30%"}, {"Complete 100%"}},
		},
		{
			name: "Set pins a row",
			spec: zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(10, 20, 30)}, {Partition: "/home"}}},
			between: func(j *zdmtest.Job, poll int) {
				if poll == 2 {
					j.Set(1, zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 70})
					j.Set(0, zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 15, Message: "disk full"})
				}
			},
			want: [][]string{{"Processing 10%", "Registered -"}, {"Error 15%", "Processing 70%"}, {"Error 15%", "Processing 70%"}},
		},
		{
			name: "Complete finishes every row",
			spec: zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(10, 20)}, {Partition: "/home"}}},
			between: func(j *zdmtest.Job, poll int) {
				if poll == 2 {
					j.Complete()
				}
			},
			want: [][]string{{"Processing 10%", "Registered -"}, {"Complete 100%", "Complete 100%"}},
		},
		{
			name: "Fail keeps the percent and spares finished rows",
			spec: zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{
				{Partition: "/", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseCompleted, Percent: 100}}},
				{Partition: "/home", Steps: zdmtest.Ramp(35)},
			}},
			between: func(j *zdmtest.Job, poll int) {
				if poll == 2 {
					j.Fail("target disk is full")
				}
			},
			want: [][]string{{"Complete 100%", "Processing 35%"}, {"Complete 100%", "Error 35%"}},
		},
		{
			name: "Cancel shows Canceling once, then Canceled",
			spec: zdmtest.JobSpec{Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(40, 50)}}},
			between: func(j *zdmtest.Job, poll int) {
				if poll == 2 {
					j.Cancel()
				}
			},
			want: [][]string{{"Processing 40%"}, {"Canceling 40%"}, {"Canceled 40%"}, {"Canceled 40%"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
			tt.spec.Name = "j"
			j := srv.AddRecoveryJob(tt.spec)
			c := srv.Client()
			for i, want := range tt.want {
				if tt.between != nil {
					tt.between(j, i+1)
				}
				m, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
				require.NoError(t, err)
				assert.Equal(t, want, snapshot(m), "poll %d", i+1)
			}
			assert.Equal(t, len(tt.want), j.Polls())
		})
	}
}

func TestFailedAndCanceledJobsThroughSDK(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	failed := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "failed", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(20)}}})
	c := srv.Client()
	_, _, err := c.Recoveries.MonitorJob(testCtx(t), "failed", nil)
	require.NoError(t, err)
	failed.Fail("target disk is full")
	m, _, err := c.Recoveries.MonitorJob(testCtx(t), "failed", nil)
	require.NoError(t, err)
	assert.True(t, m.Job.Done())
	require.Len(t, m.Job.Failed(), 1)
	assert.Equal(t, "target disk is full", m.Job.Failed()[0].ProgressInfo.Message)
	assert.Equal(t, zdm.Status("Error"), m.Job.Progress.Status)
	assert.Equal(t, "target disk is full", m.Job.Progress.Message)
	_, ok := m.Job.Details[0].ProgressInfo.EndTime()
	assert.True(t, ok)

	failed.Remove()
	_, _, err = c.Recoveries.MonitorJob(testCtx(t), "failed", nil)
	require.ErrorIs(t, err, zdm.ErrNotFound)
	assert.Nil(t, srv.Job("failed"))
}

func TestScriptLogGrows(t *testing.T) {
	srv := zdmtest.NewServer(t)
	j := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Log: []string{"registered"}, Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: []zdmtest.Step{
		{Phase: zdmtest.PhasePreparing, Log: "target attached"},
		{Phase: zdmtest.PhaseRunning, Percent: 50},
		{Phase: zdmtest.PhaseRunning, Percent: 90, Log: "almost there"},
		{Phase: zdmtest.PhaseCompleted, Percent: 100, Log: "done"},
	}}}})
	c := srv.Client()
	var logs [][]string
	for i := range 4 {
		if i == 2 {
			j.AppendLog("operator note")
			j.Advance()
		}
		m, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
		require.NoError(t, err)
		logs = append(logs, m.Job.Log)
	}
	assert.Equal(t, [][]string{
		{"registered", "target attached"},
		{"registered", "target attached"},
		{"registered", "target attached", "operator note", "almost there", "done"},
		{"registered", "target attached", "operator note", "almost there", "done"},
	}, logs)
	assert.Equal(t, logs[3], j.Log())
}

func TestSimulationFollowsTheClock(t *testing.T) {
	sim := func(e zdmtest.Ending) *zdmtest.Simulation {
		return &zdmtest.Simulation{Delay: time.Minute, Prepare: time.Minute, Copy: 10 * time.Minute, Reboot: 2 * time.Minute, Ending: e}
	}
	type want struct {
		at                   time.Duration // since the job started
		status, pct, elapsed string
		start, end           time.Duration // since the job started; -1: "-"
	}
	tests := []struct {
		name   string
		ending zdmtest.Ending
		want   []want
	}{
		{"completes", zdmtest.Ending{}, []want{
			{0, "Registered", "-", "-", -1, -1},
			{time.Minute, "Preparing", "0%", "00:00:00", time.Minute, -1},
			{2*time.Minute + 30*time.Second, "Processing", "5%", "00:01:30", time.Minute, -1},
			{7 * time.Minute, "Processing", "50%", "00:06:00", time.Minute, -1},
			{12*time.Minute + time.Second, "Processing", "100%", "00:11:01", time.Minute, -1}, // rebooting
			{14 * time.Minute, "Complete", "100%", "00:13:00", time.Minute, 14 * time.Minute},
			{30 * time.Hour, "Complete", "100%", "00:13:00", time.Minute, 14 * time.Minute},
		}},
		{"fails at 30%", zdmtest.FailAt(30, "network unreachable"), []want{
			{4*time.Minute + 59*time.Second, "Processing", "29%", "00:03:59", time.Minute, -1},
			{5 * time.Minute, "Error", "30%", "00:04:00", time.Minute, 5 * time.Minute},
			{time.Hour, "Error", "30%", "00:04:00", time.Minute, 5 * time.Minute},
		}},
		{"canceled at 60%", zdmtest.CancelAt(60, 30*time.Second), []want{
			{8 * time.Minute, "Canceling", "60%", "00:07:00", time.Minute, -1},
			{8*time.Minute + 29*time.Second, "Canceling", "60%", "00:07:29", time.Minute, -1},
			{8*time.Minute + 30*time.Second, "Canceled", "60%", "00:07:30", time.Minute, 8*time.Minute + 30*time.Second},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := zdmtest.NewClock(t0)
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now),
				zdmtest.WithTokenLifetime(48*time.Hour))
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Simulation: sim(tt.ending)}}})
			c := srv.Client()
			for _, w := range tt.want {
				clock.Set(t0.Add(w.at))
				m, _, err := c.Recoveries.MonitorJob(testCtx(t), "sim", nil)
				require.NoError(t, err)
				p := m.Job.Details[0].ProgressInfo
				assert.Equal(t, []any{w.status, w.pct, w.elapsed}, []any{string(p.Status), p.Percent, p.Elapsed}, "at %v", w.at)
				for _, tc := range []struct {
					got  func() (time.Time, bool)
					want time.Duration
				}{{p.StartTime, w.start}, {p.EndTime, w.end}} {
					got, ok := tc.got()
					assert.Equal(t, tc.want >= 0, ok, "at %v", w.at)
					if ok {
						assert.True(t, got.Equal(t0.Add(tc.want)), "at %v: got %v", w.at, got)
					}
				}
			}
		})
	}
}

// TestSimulationOfYearsStillRuns: a simulation whose copy takes years
// (up to the longest duration, about 292 years) runs through its
// percents as a short one does; a copy over about three years (where
// the copy time times 100 overflows) completed at once, and a running
// percent past that point came out negative.
func TestSimulationOfYearsStillRuns(t *testing.T) {
	const forever = time.Duration(math.MaxInt64)
	for _, tc := range []struct {
		sim     zdmtest.Simulation
		at      time.Duration
		status  string
		percent string
	}{
		{zdmtest.Simulation{Copy: 40000 * time.Hour}, 20000 * time.Hour, "Processing", "50%"},
		{zdmtest.Simulation{Copy: forever}, forever/4 + time.Hour, "Processing", "25%"},
		{zdmtest.Simulation{Copy: forever, Ending: zdmtest.FailAt(99, "late")}, forever/100*98 + time.Hour, "Processing", "98%"},
		{zdmtest.Simulation{Copy: forever, Ending: zdmtest.FailAt(99, "late")}, forever/100*99 + time.Hour, "Error", "99%"},
		{zdmtest.Simulation{Copy: time.Minute, Reboot: forever}, time.Hour, "Processing", "100%"}, // rebooting
		{zdmtest.Simulation{Copy: time.Minute, Ending: zdmtest.CancelAt(50, forever)}, time.Hour, "Canceling", "50%"},
	} {
		clock := zdmtest.NewClock(t0)
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now), zdmtest.WithTokenLifetime(forever))
		sim := tc.sim
		srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Simulation: &sim}}})
		c := srv.Client()
		clock.Set(t0.Add(tc.at))
		m, _, err := c.Recoveries.MonitorJob(testCtx(t), "sim", nil)
		require.NoError(t, err)
		p := m.Job.Details[0].ProgressInfo
		assert.Equal(t, []string{tc.status, tc.percent}, []string{string(p.Status), p.Percent}, "%+v, at %v", tc.sim, tc.at)
	}
}

func TestSimulationLogsPhaseChanges(t *testing.T) {
	clock := zdmtest.NewClock(t0)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now))
	j := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", Log: []string{"registered"}, Partitions: []zdmtest.PartitionSpec{
		{Drive: "C:", Simulation: &zdmtest.Simulation{Prepare: time.Minute, Copy: 10 * time.Minute}},
	}})
	c := srv.Client()
	for _, d := range []time.Duration{0, 2 * time.Minute, 3 * time.Minute, 20 * time.Minute, 21 * time.Minute} {
		clock.Set(t0.Add(d))
		_, _, err := c.Recoveries.MonitorJob(testCtx(t), "sim", nil)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{
		"registered",
		"[2026-01-17 15:00:00] C:: Preparing target",
		"[2026-01-17 15:02:00] C:: Transferring data...",
		"[2026-01-17 15:11:00] C:: Recovery completed",
	}, j.Log())
}

func TestSimulationJobLevelOnV3(t *testing.T) {
	clock := zdmtest.NewClock(t0)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithClock(clock.Now))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", StartedAt: t0.Add(-5 * time.Minute), Partitions: []zdmtest.PartitionSpec{
		{Partition: "/", Simulation: &zdmtest.Simulation{Copy: 10 * time.Minute, Reboot: 5 * time.Minute}},
		{Partition: "/", BackupFile: "inc.zdm", Simulation: &zdmtest.Simulation{Delay: 10 * time.Minute, Copy: 2 * time.Minute}},
	}})
	c := srv.Client()
	var got []string
	for _, d := range []time.Duration{0, 6 * time.Minute, 7*time.Minute + 30*time.Second, 10 * time.Minute} {
		clock.Set(t0.Add(d))
		m, _, err := c.Recoveries.MonitorJob(testCtx(t), "sim", nil)
		require.NoError(t, err)
		p := m.Job.Progress
		got = append(got, fmt.Sprintf("%s %s %s | %s", p.Status, p.Percent, p.Elapsed, strings.Join(snapshot(m), ", ")))
	}
	assert.Equal(t, []string{
		"Processing 25% 00:05:00 | Processing 50%, Registered -",
		"Processing 75% 00:11:00 | Complete 100%, Processing 50%", // "/" reboots: its row shows Complete
		"Processing 100% 00:12:30 | Complete 100%, Complete 100%", // every row copied, the target reboots
		"Complete 100% 00:15:00 | Complete 100%, Complete 100%",
	}, got)
}

func TestConcurrentUse(t *testing.T) {
	clock := zdmtest.NewClock(t0)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithClock(clock.Now))
	j := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Partitions: []zdmtest.PartitionSpec{
		{Partition: "/", Steps: zdmtest.Ramp(10, 20, 30, 40, 50)},
		{Partition: "/home", Simulation: &zdmtest.Simulation{Copy: time.Hour}},
	}})
	c := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword))
	srv.Inject(5, zdmtest.Status(503).On(http.MethodGet, "recoveries/"))

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if _, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			j.Advance()
			clock.Advance(time.Minute)
			_ = srv.Requests()
			_ = j.Log()
			_ = srv.PendingFaults()
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, 40, j.Polls())
	assert.Equal(t, 1, srv.IssueCount(), "concurrent callers share one token")
	assert.Equal(t, 0, srv.PendingFaults())
}
