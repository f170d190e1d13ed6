package zdm_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestInventory_ARecoveryOfWhatTheInventoryHolds drives the inventory
// and a recovery through the SDK against the fake of each generation,
// with the same code: register a repository and find it, create a
// schedule, read the servers and their partitions, then register a
// recovery that names what was read; a misspelt center and an unknown
// server fail as the real servers fail.
func TestInventory_ARecoveryOfWhatTheInventoryHolds(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			c := srv.Client()

			// A repository, registered and found again.
			repo, _, err := c.Repositories.Create(ctx, &zdm.CreateRepositoryRequest{Center: "zdm-a", Type: zdm.RepositoryNFS,
				RemotePath: "/export/e2e", LocalPath: "/mnt/e2e", IP: "192.168.10.5"})
			require.NoError(t, err)
			require.NotZero(t, repo.ID)
			var found *zdm.Repository
			for r, err := range c.Repositories.ListAll(ctx, &zdm.ListRepositoriesOptions{Type: zdm.RepositoryNFS}) {
				require.NoError(t, err)
				if r.ID == repo.ID {
					found = r
				}
			}
			require.NotNil(t, found, "the registered repository is listed")
			assert.Equal(t, "/mnt/e2e", found.LocalPath)

			// A schedule.
			sched, _, err := c.Schedules.Create(ctx, &zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleDaily,
				Basic: zdm.ScheduleTiming{Time: "04:00"}})
			require.NoError(t, err)
			require.NotZero(t, sched.ID)

			// The servers and their partitions.
			sources, _, err := c.Servers.List(ctx, &zdm.ListServersOptions{Mode: zdm.ServerModeSource,
				ServerIncludes: zdm.ServerIncludes{Partition: true}})
			require.NoError(t, err)
			var source *zdm.Server
			for _, s := range sources {
				if s.Name == "web01" {
					source = s
				}
			}
			require.NotNil(t, source, "web01 is a source of the world")
			require.True(t, source.Connected())
			require.NotEmpty(t, source.Partitions)
			target, _, err := c.Servers.Get(ctx, "web01-dr", nil)
			require.NoError(t, err)
			targetParts, _, err := c.Servers.ListPartitions(ctx, target.Name, nil)
			require.NoError(t, err)

			// A recovery of what was read: each source partition onto the
			// target's partition of the same mount point.
			var mappings []zdm.PartitionMapping
			for _, p := range source.Partitions {
				for _, tp := range targetParts {
					if tp.MountPoint() == p.MountPoint() {
						mappings = append(mappings, zdm.PartitionMapping{SourcePartition: p.MountPoint(), TargetPartition: tp.MountPoint()})
					}
				}
			}
			require.Len(t, mappings, len(source.Partitions))
			req := &zdm.CreateRecoveryRequest{Center: "zdm-a", Source: source.Name, Target: target.Name, Platform: "vmware",
				Repository: zdm.RepositoryRef{ID: repo.ID, Type: "nfs", Path: repo.RemotePath}, Mode: zdm.ModeFull,
				JobName: "e2e-restore", ScheduleID: sched.ID, Partitions: mappings}
			created, _, err := c.Recoveries.Create(ctx, req)
			require.NoError(t, err)
			assert.Equal(t, "e2e-restore", created.JobName)
			assert.Len(t, created.Partitions, len(mappings))
			got, _, err := c.Recoveries.Get(ctx, "e2e-restore", &zdm.GetRecoveryOptions{Center: "zdm-a"})
			require.NoError(t, err)
			assert.Equal(t, source.Name, got.System.Source.Name)
			assert.Equal(t, source.ID, got.System.Source.ID, "the inventory's server")
			assert.Equal(t, target.Name, got.System.Target.Name)
			require.NotNil(t, got.Job.Info.Schedule)
			assert.Equal(t, sched.ID, got.Job.Info.Schedule.ID, "the schedule created, linked as is")
			_, err = c.Schedules.Delete(ctx, sched.ID)
			if d != zdmtest.DialectDraft {
				require.ErrorIs(t, err, zdm.ErrConflict, "the recovery uses it")
			}

			// A misspelt center: 404 as the servers answer it.
			misspelt := *req
			misspelt.Center, misspelt.JobName = "zdm-aa", "e2e-misspelt"
			_, _, err = c.Recoveries.Create(ctx, &misspelt)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			var ae *zdm.APIError
			require.ErrorAs(t, err, &ae)
			switch d {
			case zdmtest.DialectV3:
				assert.Equal(t, "ZDM-ERROR-01", ae.Code)
				assert.Equal(t, "Zdm with Name 'zdm-aa' not found", ae.Message)
			case zdmtest.DialectV1:
				assert.Equal(t, "Name이 'zdm-aa'인 Center를 찾을 수 없습니다", ae.Message)
			default:
				assert.Equal(t, "Zdm with Name 'zdm-aa' not found", ae.Message)
			}
			unknown := *req
			unknown.Source, unknown.JobName = "no-such-server", "e2e-unknown"
			_, _, err = c.Recoveries.Create(ctx, &unknown)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			if d == zdmtest.DialectV3 {
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, "JOB-ERROR-02", ae.Code)
			}
			jobs, _, err := c.Recoveries.List(ctx, nil)
			require.NoError(t, err)
			assert.Len(t, jobs, 1, "only the recovery of the world's names")
		})
	}
}
