package zdm_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// What Watch promises against every server dialect: the same end for the
// same job, whatever the wire says "done" with.

// Watch follows both watch jobs through the reboot phase to completion:
// every row completed at 100% with an end time, no poll after the job
// completed and none missed, OnUpdate on the first snapshot and every
// change only; rebooting is not done, though on 3.0.0 every row already
// shows Complete.
func TestDialects_WatchFollowsRebootPhaseToCompletion(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
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
	})
}

// A job whose second row fails ends the watch with ErrJobFailed, the final
// snapshot and a *JobFailedError naming the failed row and its message,
// not the completed one.
func TestDialects_WatchEndsWithTheFailedRow(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, _ *zdmtest.Server, c *zdm.Client) {
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
	})
}

// A job with a schedule shows Scheduled once its run finished: done (at
// 100%, with an end time) and not a failure.
func TestDialects_WatchTakesScheduledAsDone(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, _ *zdmtest.Server, c *zdm.Client) {
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
	})
}

// A job canceled after the first snapshot: Canceling is still moving (the
// draft API shows it as running), Canceled ends the watch as a failure of
// both rows.
func TestDialects_WatchEndsOnCanceledAfterCanceling(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
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
				// The draft API had no word for canceling: it shows "run".
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
	})
}

// A watch through a partition (or drive) filter ends when the watched row
// finished.
func TestDialects_WatchThroughPartitionFilterEndsWithTheWatchedRow(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, _ dialectCase, _ *zdmtest.Server, c *zdm.Client) {
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
		}
	})
}

// A watch through a partition (or drive) filter succeeds when the watched
// row completes, though another row of the job failed.
func TestDialects_WatchThroughPartitionFilterIgnoresOtherRowsFailure(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, _ dialectCase, _ *zdmtest.Server, c *zdm.Client) {
		for _, j := range dialectJobs {
			filter := func(p zdmtest.PartitionSpec) *zdm.MonitorJobOptions {
				return &zdm.MonitorJobOptions{Partition: p.Partition, Drive: p.Drive}
			}
			t.Run(j.os, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				m, err := c.Recoveries.Watch(ctx, dialectWatchName(dialectOnePartFailBase, j.os), filter(j.rows[0]), dialectWatchOptions(nil))
				require.NotNil(t, m)
				require.Equal(t, []string{dialectRowName(j.rows[0])}, dialectDetailNames(m))
				assert.Equal(t, zdm.PhaseCompleted, m.Job.Details[0].ProgressInfo.Status.Phase())
				assert.NoError(t, err, "the watched row completed")
			})
		}
	})
}
