package harness

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// A job that progresses one step per poll and completes.
func TestWaitForRecoveryHappyPath(t *testing.T) {
	srv := zdmtest.NewServer(t)
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name: "daily-recovery",
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Steps: zdmtest.Ramp(20, 60)},
			{Partition: "/home", Steps: zdmtest.Ramp(50)},
		},
	})
	r, err := WaitForRecovery(context.Background(), srv.Client(), "daily-recovery", time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, Report{Job: "daily-recovery", Partitions: 2}, r)
}

// The server rate limits every request for a while: the client retries
// (honouring Retry-After) and Watch tolerates what is left over.
func TestWaitForRecoveryThrough429Storm(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	job := srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:       "nightly",
		Partitions: []zdmtest.PartitionSpec{{Drive: "C:", Steps: zdmtest.Ramp(50)}},
	})
	srv.Inject(8, zdmtest.Status(http.StatusTooManyRequests).WithRetryAfter(time.Millisecond))
	c := srv.Client(zdm.WithRetryMax(2))
	r, err := WaitForRecovery(context.Background(), c, "nightly", time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, 1, r.Partitions)
	assert.Zero(t, srv.PendingFaults(), "the storm was absorbed")
	assert.GreaterOrEqual(t, job.Polls(), 2)
}

// A partition fails: the report names it, with the server's message.
func TestWaitForRecoveryFailedJob(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name: "db-recovery",
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Steps: zdmtest.Ramp(50)},
			{Partition: "/var/lib/pgsql", Steps: []zdmtest.Step{
				{Phase: zdmtest.PhaseRunning, Percent: 30},
				{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full"},
			}},
		},
	})
	r, err := WaitForRecovery(context.Background(), srv.Client(), "db-recovery", time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, []string{"/var/lib/pgsql: disk full"}, r.Failed)
}

// A job that does not exist fails fast with a typed error.
func TestWaitForRecoveryUnknownJob(t *testing.T) {
	srv := zdmtest.NewServer(t)
	_, err := WaitForRecovery(context.Background(), srv.Client(), "nope", time.Millisecond)
	require.ErrorIs(t, err, zdm.ErrNotFound)
}
