package zdm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestRecoveries_LifecycleOnEveryGeneration drives create, get, start and
// Run, the history, a stopped run and delete through the SDK against the
// fake server of each generation, with the same code.
func TestRecoveries_LifecycleOnEveryGeneration(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			rs := srv.Client().Recoveries
			const center, name = "zdm-a", "e2e-nightly" // the default world's

			// Create: registered at once, visible to get and list.
			created, resp, err := rs.Create(ctx, &zdm.CreateRecoveryRequest{
				Center: center, Source: "web01", Target: "web01-dr", Platform: "openstack",
				Repository: zdm.RepositoryRef{ID: 9, Type: "nfs", Path: "/backup"}, Mode: zdm.ModeFull, JobName: name,
				Partitions: []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/"}},
			})
			require.NoError(t, err)
			assert.Equal(t, name, created.JobName)
			assert.NotEmpty(t, resp.RequestID)
			_, _, err = rs.Create(ctx, &zdm.CreateRecoveryRequest{
				Center: center, Source: "web01", Target: "db01-dr", Platform: "openstack",
				Repository: zdm.RepositoryRef{ID: 9, Type: "nfs", Path: "/backup"}, Mode: zdm.ModeFull, JobName: name,
				Partitions: []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/"}},
			})
			require.ErrorIs(t, err, zdm.ErrConflict, "a duplicate name")

			got, _, err := rs.Get(ctx, name, &zdm.GetRecoveryOptions{Center: center})
			require.NoError(t, err)
			assert.Equal(t, name, got.Job.Info.Name)
			assert.Equal(t, zdm.PhasePending, got.Job.Info.Status.Current.Phase(), "registered, not started: %q", got.Job.Info.Status.Current)
			list, _, err := rs.List(ctx, &zdm.ListRecoveriesOptions{JobName: name})
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, got.Job.Info.ID, list[0].Job.Info.ID)

			// Run: starts it and waits for the run it started.
			final, err := rs.Run(ctx, name, center, &zdm.WatchOptions{Interval: time.Millisecond})
			require.NoError(t, err)
			require.NotEmpty(t, final.Job.Details)
			for _, row := range final.Job.Details {
				assert.Equal(t, zdm.PhaseCompleted, row.ProgressInfo.Status.Phase())
			}
			hist, _, err := rs.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: name})
			require.NoError(t, err)
			require.Len(t, hist, 1)
			assert.True(t, hist[0].Succeeded(), "%+v", hist[0].Result)
			one, _, err := rs.GetHistory(ctx, hist[0].ID, nil)
			require.NoError(t, err)
			assert.Equal(t, hist[0].ID, one.ID)

			// A second Run does not take the first run's finish for its own.
			srv.SetPlan(name, zdmtest.Step{Phase: zdmtest.PhasePreparing}, zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 40},
				zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 40, Message: "disk full"})
			_, err = rs.Run(ctx, name, center, &zdm.WatchOptions{Interval: time.Millisecond})
			require.ErrorIs(t, err, zdm.ErrJobFailed, "the new run failed; the old Complete is not its outcome")
			assert.NotErrorIs(t, err, zdm.ErrJobCanceled)
			assert.Contains(t, err.Error(), "disk full")

			// Start then Stop: the run ends canceled, not failed.
			srv.SetPlan(name, zdmtest.Ramp(10, 20, 30, 40, 50, 60)...)
			_, _, err = rs.Start(ctx, name, center)
			require.NoError(t, err)
			_, _, err = rs.Stop(ctx, name, center)
			require.NoError(t, err)
			_, err = rs.Watch(ctx, name, nil, &zdm.WatchOptions{Interval: time.Millisecond})
			require.ErrorIs(t, err, zdm.ErrJobCanceled)
			hist, _, err = rs.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: name})
			require.NoError(t, err)
			assert.Len(t, hist, 3, "every finished run writes a row")

			// Delete: gone, with its histories.
			del, _, err := rs.Delete(ctx, name, &zdm.DeleteRecoveryOptions{Center: center})
			require.NoError(t, err)
			assert.Equal(t, "success", del.State)
			_, _, err = rs.Get(ctx, name, &zdm.GetRecoveryOptions{Center: center})
			require.ErrorIs(t, err, zdm.ErrNotFound)
			assert.NotErrorIs(t, err, zdm.ErrEndpointNotFound)
			hist, _, err = rs.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: name})
			if err == nil {
				assert.Empty(t, hist)
			} else {
				assert.True(t, errors.Is(err, zdm.ErrNotFound), "%v", err)
			}
		})
	}
}

// TestGet_ServerPlaceholdersReadAsZeroValues: what the servers write as
// "-" (a job without platform, a mapping without repository, a server
// without OS or agent) reads as the zero value on every generation, while
// statuses and times keep their text for the readings.
func TestGet_ServerPlaceholdersReadAsZeroValues(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "bare", Idle: true, Partitions: []zdmtest.PartitionSpec{{Partition: "/"}},
				Source: zdmtest.Machine{Name: "bare-source"}, Target: zdmtest.Machine{Name: "bare-target"}}) // servers the world lacks: added bare
			rs := srv.Client().Recoveries

			got, _, err := rs.Get(context.Background(), "bare", &zdm.GetRecoveryOptions{Detail: true})
			require.NoError(t, err)
			info := got.Job.Info
			assert.Empty(t, info.Platform, "platform \"-\"")
			assert.NotZero(t, info.ID)
			assert.Empty(t, got.System.Source.OS)
			assert.Empty(t, got.System.Source.Agent)
			require.Len(t, got.Job.Detail, 1)
			row := got.Job.Detail[0]
			assert.Equal(t, zdm.RepositoryInfo{}, row.Repository, "repository {id, type, path} all \"-\"")
			assert.Equal(t, zdm.MappingBackup{Latest: row.Backup.Latest}, row.Backup, "backup job and file \"-\"")
			assert.Empty(t, row.TargetDevice)
			_, started := info.Status.Time.StartTime()
			assert.False(t, started, "a time not given reads as not given")

			list, _, err := rs.List(context.Background(), &zdm.ListRecoveriesOptions{Detail: true})
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, got, list[0], "list and get read alike")
		})
	}
}
