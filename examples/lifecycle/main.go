// Command lifecycle walks a recovery job through its life: create it, run
// it with live progress, print the history row of the run, and delete it.
// Every step prints the request id the server gave it.
//
// With no settings it runs on zdmtest, the SDK's in-process fake server
// (it needs zdmtest's recovery routes: POST/PUT/DELETE /recoveries,
// /recoveries/histories):
//
//	go run ./examples/lifecycle
//
// On a real server, say where it is (ZDM_URL, with ZDM_TOKEN or ZDM_EMAIL
// and ZDM_PASSWORD) and what to recover:
//
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... ZDM_CENTER=1 ZDM_SOURCE=web-01 \
//	ZDM_TARGET=web-dr-01 ZDM_PLATFORM=openstack ZDM_REPOSITORY=9 go run ./examples/lifecycle
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/cmdline"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/examples/internal/zdmenv"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func main() { os.Exit(run(os.Stdout, os.Stderr)) }

func run(stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	say := func(msg string) { cmdline.Say(stderr, "lifecycle", msg) }
	p := zdm.Printable // every piece of the server's text goes through it
	client, spec, cleanup, err := connect()
	if err != nil {
		say(err.Error())
		return 2
	}
	defer cleanup()
	rs := client.Recoveries

	created, resp, err := rs.Create(ctx, spec)
	if err != nil && !errors.Is(err, zdm.ErrPartialFailure) {
		say("create: " + err.Error())
		return 1
	}
	fmt.Fprintf(stdout, "created %q (%s)\n  request %s\n", created.JobName, partitions(len(created.Partitions)), p(resp.RequestID))
	for _, n := range created.Notices {
		fmt.Fprintln(stdout, "  notice:", p(n))
	}

	final, err := rs.Run(ctx, created.JobName, spec.Center, &zdm.WatchOptions{
		Interval: time.Second,
		OnUpdate: func(m *zdm.JobMonitoring) {
			for _, d := range m.Job.Details {
				pi := d.ProgressInfo
				line := "  " + termtext.Pad(p(d.Name()), 12) + " " + termtext.Pad(p(string(pi.Status)), 10) + " " +
					termtext.PadLeft(p(pi.Percent), 5) + " " + p(pi.Message)
				fmt.Fprintln(stdout, line)
			}
		},
		OnPollError: func(err error) { fmt.Fprintln(stdout, "  (retrying:", p(err.Error()), ")") },
	})
	switch {
	case err == nil:
		fmt.Fprintf(stdout, "run complete: %s\n", partitions(len(final.Job.Details)))
	case errors.Is(err, zdm.ErrJobCanceled):
		fmt.Fprintln(stdout, "run canceled:", p(err.Error()))
	default:
		say("run: " + err.Error())
	}

	hist, resp, herr := rs.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: created.JobName, Sort: zdm.SortDescending, ListOptions: zdm.ListOptions{Limit: 1}})
	if herr != nil {
		say("histories: " + herr.Error())
	} else if len(hist) > 0 {
		h := hist[0]
		took, _ := h.Time.ElapsedDuration()
		fmt.Fprintf(stdout, "history #%d: %s %s in %v\n  request %s\n", h.ID, p(h.Result.Status), p(h.Result.Description), took, p(resp.RequestID))
	}

	deleted, resp, derr := rs.Delete(ctx, created.JobName, &zdm.DeleteRecoveryOptions{Center: spec.Center})
	if derr != nil {
		say("delete: " + derr.Error())
		return 1
	}
	fmt.Fprintf(stdout, "deleted: %s (%d history row(s))\n  request %s\n", p(string(deleted.State)), deleted.Affected.HistoryData, p(resp.RequestID))
	if err != nil {
		return 1
	}
	return 0
}

// connect is a client and a job to create: on the server ZDM_URL names,
// or on an in-process zdmtest server.
func connect() (*zdm.Client, *zdm.CreateRecoveryRequest, func(), error) {
	spec := &zdm.CreateRecoveryRequest{
		Center: env("ZDM_CENTER", "zdm-a"), Source: env("ZDM_SOURCE", "web01"), Target: env("ZDM_TARGET", "web01-dr"),
		Platform: zdm.Platform(env("ZDM_PLATFORM", "openstack")), Mode: zdm.ModeFull, JobName: env("ZDM_JOB", "lifecycle-demo"),
	}
	repo, err := strconv.ParseInt(env("ZDM_REPOSITORY", "9"), 10, 64)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("ZDM_REPOSITORY: %w", err)
	}
	spec.Repository = zdm.RepositoryRef{ID: repo}
	env := zdmenv.Read()
	if err := env.Check("to run on the fake"); err != nil {
		return nil, nil, nil, err
	}
	if env.URL != "" {
		c, err := env.NewClient()
		return c, spec, func() {}, err
	}
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV3))
	if err != nil {
		return nil, nil, nil, err
	}
	return srv.Client(), spec, srv.Close, nil // the defaults name the fake's world
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// partitions is "1 partition", "2 partitions".
func partitions(n int) string {
	if n == 1 {
		return "1 partition"
	}
	return fmt.Sprintf("%d partitions", n)
}
