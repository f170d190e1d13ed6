package zdmtest_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestWorld_IDsAreNeverReusedAfterADelete: as a database's auto-increment,
// the world never hands out an ID again once its row is deleted, so a
// stale ID (in a Terraform state, say) never names a new row.
func TestWorld_IDsAreNeverReusedAfterADelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := zdmtest.NewServer(t)
	c := srv.Client()

	newRepo := func() int64 {
		r, _, err := c.Repositories.Create(ctx, &zdm.CreateRepositoryRequest{Center: "zdm-a", Type: zdm.RepositoryNFS,
			RemotePath: "/export/ids", LocalPath: "/mnt/ids", IP: "192.168.10.9"})
		require.NoError(t, err)
		return r.ID
	}
	first := newRepo()
	_, err := c.Repositories.Delete(ctx, first, "zdm-a")
	require.NoError(t, err)
	assert.Greater(t, newRepo(), first, "a repository created after a delete gets a new ID")

	newSchedule := func() int64 {
		s, _, err := c.Schedules.Create(ctx, &zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleDaily,
			Basic: zdm.ScheduleTiming{Time: "04:00"}})
		require.NoError(t, err)
		return s.ID
	}
	sched := newSchedule()
	_, err = c.Schedules.Delete(ctx, sched)
	require.NoError(t, err)
	assert.Greater(t, newSchedule(), sched, "a schedule created after a delete gets a new ID")
}

// TestWorld_IdleScheduledJobsLogTheServersTime: a scheduled backup job of
// the default world that never ran logs its state at the server's time,
// never at the zero time.
func TestWorld_IdleScheduledJobsLogTheServersTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(d))
		c := srv.Client()
		jobs, _, err := c.Backups.List(ctx, nil)
		require.NoError(t, err)
		require.NotEmpty(t, jobs)
		for _, j := range jobs {
			m, _, err := c.Backups.MonitorJob(ctx, strconv.FormatInt(j.Job.Info.ID, 10),
				&zdm.MonitorBackupOptions{BackupMonitorFilters: zdm.BackupMonitorFilters{Detail: true}})
			require.NoError(t, err)
			for _, line := range m.Log {
				assert.NotContains(t, line, "0001-01-01", "%s on %s: %q", j.Job.Info.Name, d, line)
			}
		}
	}
}
