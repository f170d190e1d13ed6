package zdm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// exampleServer is a fake ZDM server with one recovery job of two
// partitions that move one step per poll.
func exampleServer() *zdmtest.Server {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1))
	if err != nil {
		log.Fatal(err)
	}
	srv.AddRecoveryJob(zdmtest.JobSpec{
		ID:     1,
		Name:   "daily-recovery",
		Source: zdmtest.Machine{Name: "web-prod-01"},
		Target: zdmtest.Machine{Name: "web-dr-01"},
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Steps: zdmtest.Ramp(45, 90)},
			{Partition: "/home", Steps: zdmtest.Ramp(0, 30, 60)},
		},
	})
	return srv
}

// The whole flow against zdmtest, the in-process fake server: read a
// job's progress, then wait for it to finish.
func Example() {
	srv := exampleServer() // a fake ZDM server; use zdm.NewClient(url, ...) for a real one
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	m, _, err := c.Recoveries.MonitorJob(ctx, "daily-recovery", &zdm.MonitorJobOptions{Partition: "/home"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Job.Details[0].Name(), m.Job.Details[0].ProgressInfo.Status.Phase())

	final, err := c.Recoveries.Watch(ctx, "daily-recovery", nil, &zdm.WatchOptions{Interval: time.Millisecond})
	var failed *zdm.JobFailedError
	switch {
	case errors.As(err, &failed):
		fmt.Println("failed:", failed.Failed)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("completed:", len(final.Job.Details), "partitions")
	}
	// Output:
	// /home Running
	// completed: 2 partitions
}

func ExampleNewClient() {
	// A token issued beforehand.
	c, err := zdm.NewClient("https://zdm.example.com", zdm.WithToken("eyJhbGciOi..."))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL())

	// Or credentials: the client issues and renews its own tokens.
	c, err = zdm.NewClient("https://zdm.example.com/api",
		zdm.WithCredentials("ops@example.com", "secret"),
		zdm.WithServerTimeZone(time.FixedZone("KST", 9*3600)),
		zdm.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c)

	// Bad input is refused before any request.
	_, err = zdm.NewClient("zdm.example.com")
	fmt.Println(errors.Is(err, zdm.ErrInvalidArgument))
	// Output:
	// https://zdm.example.com/api
	// zdm.Client{base: https://zdm.example.com/api, auth: credentials for ops@example.com (password [REDACTED]), retryMax: 4}
	// true
}

func ExampleRecoveriesService_MonitorJob() {
	srv := exampleServer()
	defer srv.Close()
	c := srv.Client()

	m, resp, err := c.Recoveries.MonitorJob(context.Background(), "daily-recovery", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s -> %s (attempts: %d)\n", m.Job.Info.Name, m.System.Source.Name, m.System.Target.Name, resp.Attempts)
	for _, d := range m.Job.Details {
		pct, _ := d.ProgressInfo.PercentValue()
		fmt.Printf("%-6s %-10s %-9s %3.0f%%\n", d.Name(), d.ProgressInfo.Status, d.ProgressInfo.Status.Phase(), pct)
	}

	_, _, err = c.Recoveries.MonitorJob(context.Background(), "no-such-job", nil)
	fmt.Println(errors.Is(err, zdm.ErrNotFound))
	// Output:
	// daily-recovery: web-prod-01 -> web-dr-01 (attempts: 1)
	// /      Processing Running    45%
	// /home  Processing Running     0%
	// true
}

func ExampleRecoveriesService_Watch() {
	srv := exampleServer()
	defer srv.Close()
	c := srv.Client()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	final, err := c.Recoveries.Watch(ctx, "daily-recovery", nil, &zdm.WatchOptions{
		Interval: time.Millisecond, // the vendor advises 5s (the default) on real servers
		OnUpdate: func(m *zdm.JobMonitoring) {
			var parts []string
			for _, d := range m.Job.Details {
				parts = append(parts, d.Name()+" "+d.ProgressInfo.Percent)
			}
			fmt.Println(strings.Join(parts, ", "))
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("done:", final.Job.Done())
	// Output:
	// / 45%, /home 0%
	// / 90%, /home 30%
	// / 100%, /home 60%
	// / 100%, /home 100%
	// done: true
}

// A watch stops early when OnUpdate cancels its context: Watch returns the
// last snapshot with an error matching context.Canceled.
func ExampleWatchOptions() {
	srv := exampleServer()
	defer srv.Close()
	c := srv.Client()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	last, err := c.Recoveries.Watch(ctx, "daily-recovery", nil, &zdm.WatchOptions{
		Interval: time.Millisecond,
		OnUpdate: func(m *zdm.JobMonitoring) {
			home := m.Job.Details[1].ProgressInfo
			fmt.Println("/home", home.Percent)
			if pct, _ := home.PercentValue(); pct >= 30 {
				cancel() // enough: no more polls
			}
		},
	})
	fmt.Println(errors.Is(err, context.Canceled), last.Job.Details[1].ProgressInfo.Percent)
	// Output:
	// /home 0%
	// /home 30%
	// true 30%
}

func ExampleStatus_Phase() {
	for _, s := range []zdm.Status{"run", "Processing", "PROCESSING", "complete", "Scheduled", "Canceling", "No Data"} {
		fmt.Printf("%-10s %s\n", s, s.Phase())
	}
	// Output:
	// run        Running
	// Processing Running
	// PROCESSING Running
	// complete   Completed
	// Scheduled  Scheduled
	// Canceling  Canceling
	// No Data    Unknown
}

// Given a server root, the client finds the API root itself: released
// servers serve "/api", the draft-API documents "/api/v1". A route the
// server does not have is ErrEndpointNotFound, never ErrNotFound.
func ExampleNewClient_serverRoot() {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1)) // a released server, under /api
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.AddRecoveryJob(zdmtest.JobSpec{ID: 1, Name: "daily-recovery",
		Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(45)}}})
	root := strings.TrimSuffix(srv.URL, "/api") // "http://127.0.0.1:port"

	c, err := zdm.NewClient(root, zdm.WithToken(srv.Token()), zdm.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	job, _, err := c.Recoveries.MonitorJob(context.Background(), "daily-recovery", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(job.Job.Details[0].ProgressInfo.Percent, strings.TrimPrefix(c.BaseURL(), root))

	_, _, err = c.Recoveries.MonitorJob(context.Background(), "no-such-job", nil)
	fmt.Println(errors.Is(err, zdm.ErrNotFound), errors.Is(err, zdm.ErrEndpointNotFound))

	req, _ := c.NewRequest(http.MethodGet, "no/such/route", nil)
	_, err = c.Do(context.Background(), req, nil)
	fmt.Println(errors.Is(err, zdm.ErrNotFound), errors.Is(err, zdm.ErrEndpointNotFound))
	// Output:
	// 45% /api
	// true false
	// false true
}
