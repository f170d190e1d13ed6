package zdmtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// A simulated job follows the server's clock: here a Windows job whose C:
// drive completes after a reboot while D: fails part way.
func ExampleSimulation() {
	clock := zdmtest.NewClock(time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC))
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name: "fileserver-weekly",
		Partitions: []zdmtest.PartitionSpec{
			{Drive: "C:", Simulation: &zdmtest.Simulation{Prepare: time.Minute, Copy: 20 * time.Minute, Reboot: 5 * time.Minute}},
			{Drive: "D:", Simulation: &zdmtest.Simulation{Delay: 5 * time.Minute, Copy: 10 * time.Minute, Ending: zdmtest.FailAt(40, "disk D: went offline")}},
		},
	})
	c := srv.Client()
	for range 7 {
		m, _, err := c.Recoveries.MonitorJob(context.Background(), "fileserver-weekly", nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(clock.Now().In(srv.Location()).Format("15:04"))
		for _, d := range m.Job.Details {
			p := d.ProgressInfo
			fmt.Printf(" | %s %-10s %4s %s", d.Name(), p.Status, p.Percent, p.Elapsed)
		}
		fmt.Println()
		clock.Advance(5 * time.Minute)
	}
	// Output:
	// 15:00 | C: Preparing    0% 00:00:00 | D: Registered    - -
	// 15:05 | C: Processing  20% 00:05:00 | D: Processing   0% 00:00:00
	// 15:10 | C: Processing  45% 00:10:00 | D: Error       40% 00:04:00
	// 15:15 | C: Processing  70% 00:15:00 | D: Error       40% 00:04:00
	// 15:20 | C: Processing  95% 00:20:00 | D: Error       40% 00:04:00
	// 15:25 | C: Processing 100% 00:25:00 | D: Error       40% 00:04:00
	// 15:30 | C: Complete   100% 00:26:00 | D: Error       40% 00:04:00
}

// Faults on cue: the next requests fail in the ways real servers and
// proxies do, then answers are normal again.
func ExampleServer_Inject() {
	srv, err := zdmtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "daily-recovery"})
	c := srv.Client(zdm.WithRetryMax(1))
	ctx := context.Background()

	srv.Inject(2, zdmtest.NginxBadGateway())
	_, _, err = c.Recoveries.MonitorJob(ctx, "daily-recovery", nil)
	fmt.Println("502 twice:", errors.Is(err, zdm.ErrServer))

	srv.Inject(1, zdmtest.TruncatedJSON())
	_, _, err = c.Recoveries.MonitorJob(ctx, "daily-recovery", nil)
	fmt.Println("truncated:", errors.Is(err, zdm.ErrUnexpectedResponse))

	srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable).WithRetryAfter(time.Second))
	_, resp, err := c.Recoveries.MonitorJob(ctx, "daily-recovery", nil)
	fmt.Println("503 then success:", err, resp.Attempts)

	for _, r := range srv.Requests() {
		fmt.Printf("%d %q\n", r.Status, r.Fault)
	}
	// Output:
	// 502 twice: true
	// truncated: true
	// 503 then success: <nil> 2
	// 502 "nginx 502"
	// 502 "nginx 502"
	// 200 "truncated JSON"
	// 503 "status 503"
	// 200 ""
}

// Users of httpmock route the client's transport to the server without a
// socket. httpmock.Activate does not reach the SDK's retrying transport:
// hand the MockTransport to the client.
func ExampleServer_RegisterResponders() {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV3))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{ID: 42, Name: "db-cluster-recovery", Partitions: []zdmtest.PartitionSpec{
		{Partition: "/", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRebooting, Percent: 100}}},
	}})

	mt := httpmock.NewMockTransport()
	srv.RegisterResponders(mt)
	c := srv.Client(zdm.WithHTTPClient(&http.Client{Transport: mt}))
	m, _, err := c.Recoveries.MonitorJob(context.Background(), "42", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Job.Info.Name, m.Job.Details[0].ProgressInfo.Status, m.Job.Progress.Status, m.Job.Progress.Message, m.Job.Done())
	fmt.Println("calls through httpmock:", mt.GetTotalCallCount())
	// Output:
	// db-cluster-recovery Complete Processing Rebooting target server false
	// calls through httpmock: 1
}
