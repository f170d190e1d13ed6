package zdmtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// A server made WithInProcess opens no socket, so it can live inside a
// testing/synctest bubble, where the server's clock, Delay faults and the
// client's retry waits all run in fake time. In a test:
//
//	func TestRecoveryTakesTenMinutes(t *testing.T) {
//		synctest.Test(t, func(t *testing.T) {
//			srv := zdmtest.NewServer(t, zdmtest.WithInProcess(), zdmtest.WithDialect(zdmtest.DialectV1))
//			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", Partitions: []zdmtest.PartitionSpec{
//				{Partition: "/", Simulation: &zdmtest.Simulation{Copy: 10 * time.Minute}},
//			}})
//			time.Sleep(5 * time.Minute) // returns at once
//			m, _, err := srv.Client().Recoveries.MonitorJob(t.Context(), "sim", nil)
//			// m.Job.Details[0].ProgressInfo.Percent == "50%"
//		})
//	}
//
// Outside a bubble the same server works too, as here.
func ExampleWithInProcess() {
	clock := zdmtest.NewClock(time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC))
	srv, err := zdmtest.Start(zdmtest.WithInProcess(), zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "sim", Partitions: []zdmtest.PartitionSpec{
		{Partition: "/", Simulation: &zdmtest.Simulation{Copy: 10 * time.Minute}},
	}})
	clock.Advance(5 * time.Minute)
	m, _, err := srv.Client().Recoveries.MonitorJob(context.Background(), "sim", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(srv.URL)
	fmt.Println(m.Job.Details[0].ProgressInfo.Status, m.Job.Details[0].ProgressInfo.Percent)
	// Output:
	// http://zdmtest.invalid/api
	// Processing 50%
}

// A registered job runs the plan the test chose when started: here its
// run fails on the second poll, and the failure is in the histories.
func ExampleServer_SetPlan() {
	srv, err := zdmtest.Start(zdmtest.WithInProcess(), zdmtest.WithDialect(zdmtest.DialectV3))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	srv.SetPlan("nightly", zdmtest.Step{Phase: zdmtest.PhasePreparing},
		zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full"})
	// POST {api}/recoveries would register it; AddRecoveryJob with Idle
	// is the shortcut.
	j := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Idle: true, Partitions: []zdmtest.PartitionSpec{{Partition: "/"}}})
	fmt.Println(j.Status())
	j.Start() // as PUT {api}/recoveries/nightly {"status":"start"} does
	c := srv.Client()
	for range 2 {
		m, _, err := c.Recoveries.MonitorJob(context.Background(), "nightly", nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(m.Job.Progress.Status)
	}
	h := j.Histories()[0]
	fmt.Println(h.Result, h.Description)
	// Output:
	// Pending
	// Preparing
	// Error
	// FAIL disk full
}
