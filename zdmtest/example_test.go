package zdmtest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// waitForRecovery is the code under test: it polls a recovery job until
// it is done and says how it ended.
func waitForRecovery(ctx context.Context, c *zdm.Client, job string) (string, error) {
	for {
		m, _, err := c.Recoveries.MonitorJob(ctx, job, nil)
		if err != nil {
			return "", err
		}
		if !m.Job.Done() {
			continue // a real program would wait between polls
		}
		if failed := m.Job.Failed(); len(failed) > 0 {
			return "failed on " + failed[0].Name() + ": " + failed[0].ProgressInfo.Message, nil
		}
		return "completed", nil
	}
}

// A test of code that watches a recovery: the fake server runs a scripted
// job (one step per poll) and answers the first two requests with 503, which
// the client retries. In a test, zdmtest.NewServer(t, ...) starts the server
// and closes it when the test ends, reporting misuse with t.Errorf.
func Example() {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name: "daily-recovery",
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Steps: zdmtest.Ramp(10, 60)}, // 10%, 60%, then complete
			{Partition: "/home", Steps: []zdmtest.Step{
				{Phase: zdmtest.PhaseRunning, Percent: 30},
				{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "target disk is full"},
			}},
		},
	})
	srv.Inject(2, zdmtest.Status(http.StatusServiceUnavailable))

	got, err := waitForRecovery(context.Background(), srv.Client(), "daily-recovery")
	fmt.Println(got, err)
	fmt.Println("polls:", srv.Job("daily-recovery").Polls(), "requests:", len(srv.Requests()))
	// Output:
	// failed on /home: target disk is full <nil>
	// polls: 3 requests: 5
}
