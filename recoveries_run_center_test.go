package zdm_test

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestRun_CenterScopesEveryPollAndHistoryLookup: job names are unique per
// center only, so two centers may each have a "nightly". Run(ctx,
// "nightly", "zdm-a", ...) starts zdm-a's job, and must watch that job,
// not zdm-b's: every poll and every history lookup carries the center. On
// every generation zdm-b's job is the one a lookup by name without a
// center reaches (it was registered last); it never runs.
func TestRun_CenterScopesEveryPollAndHistoryLookup(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
				rows := []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(30, 60)}}
				a := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Center: "zdm-a", Partitions: rows})
				b := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Center: "zdm-b", Idle: true,
					Target: zdmtest.Machine{Name: "other-target"}, Partitions: rows})
				c := srv.Client()
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()

				// zdm-a's job has a finished run already: Run must tell the
				// run it starts from that one, through zdm-a's histories.
				_, err := c.Recoveries.Watch(ctx, "nightly", &zdm.MonitorJobOptions{Center: "zdm-a"}, nil)
				require.NoError(t, err)
				srv.ClearRequests()
				pollsB := b.Polls()

				final, err := c.Recoveries.Run(ctx, "nightly", "zdm-a", nil)
				require.NoError(t, err)
				assert.Equal(t, 2, a.Runs(), "zdm-a's job ran again")
				assert.Equal(t, 0, b.Runs(), "zdm-b's job was never started")
				assert.Equal(t, pollsB, b.Polls(), "zdm-b's job was never polled")
				require.Len(t, final.Job.Details, 1)
				assert.Equal(t, zdm.PhaseCompleted, final.Job.Details[0].ProgressInfo.Status.Phase())

				var monitors, histories int
				for _, r := range srv.Requests() {
					switch {
					case r.Method == "GET" && strings.Contains(r.Path, "/recoveries/monitoring/job/"):
						monitors++
					case r.Method == "GET" && strings.Contains(r.Path, "/recoveries/histories"):
						histories++
					default:
						continue
					}
					assert.Equal(t, []string{"zdm-a"}, r.Query["center"], "%s %s carries the center", r.Method, r.Path)
				}
				assert.Positive(t, monitors)
				if d != zdmtest.DialectDraft {
					assert.Positive(t, histories, "the job showed a finished run: its histories were read")
				}
			})
		})
	}
}
