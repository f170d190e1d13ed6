// Command watch follows a recovery job until every partition has finished,
// with live progress per partition, then prints a summary.
//
// With no settings it starts zdmtest, the SDK's in-process fake ZDM server,
// with a simulated Linux recovery of three partitions, and watches that:
//
//	go run ./examples/watch
//
// To watch a job on a real server, name it and say where the server is:
//
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... go run ./examples/watch daily-recovery
//	ZDM_URL=https://zdm.example.com ZDM_EMAIL=ops@example.com ZDM_PASSWORD=... go run ./examples/watch 42
//
// It exits 0 when every partition completed, 1 when the job failed or the
// watch could not finish, and 2 on bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// settings are the command line and environment, read once.
type settings struct {
	url, token, email, password string
	job                         string
	interval, maxInterval       time.Duration
	timeout                     time.Duration
	detail                      bool
	plain                       bool
	zone                        *time.Location
	demoDuration                time.Duration
	demoFail                    bool
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usageText = `usage: watch [flags] [job]

Watches a ZDM recovery job until every partition has finished, showing live
progress per partition, then prints a summary.

With no ZDM_URL it watches a simulated recovery on zdmtest, the SDK's
in-process fake server. With ZDM_URL it watches the job named by the argument
(a recovery ID or name) on that server.

Environment:
  ZDM_URL        server root or API root, e.g. https://zdm.example.com
  ZDM_TOKEN      an API token (sent as "Authorization: Bearer <token>")
  ZDM_EMAIL      with ZDM_PASSWORD instead of ZDM_TOKEN: the client issues
  ZDM_PASSWORD   and renews its own tokens
  ZDM_TZ         the server's time zone for zone-less times, e.g. Asia/Seoul
                 (default UTC); the -tz flag overrides it

Flags:
`

func run(args []string, stdout, stderr io.Writer) int {
	s, err := parseSettings(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "watch:", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}

	client, job, cleanup, err := connect(s)
	if err != nil {
		fmt.Fprintln(stderr, "watch:", err)
		return 2
	}
	defer cleanup()

	live := newDisplay(stdout, s.plain || !isTerminal(stdout))
	start := time.Now()
	final, err := client.Recoveries.Watch(ctx, job, &zdm.MonitorJobOptions{Detail: s.detail}, &zdm.WatchOptions{
		Interval:    s.interval,
		MaxInterval: s.maxInterval,
		OnUpdate:    live.update,
	})

	if final != nil {
		printSummary(stdout, job, final, time.Since(start))
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, zdm.ErrJobFailed):
		fmt.Fprintln(stderr, "watch:", err)
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(stderr, "watch: gave up after %v (-timeout): %v\n", s.timeout, err)
	case errors.Is(err, zdm.ErrNotFound):
		fmt.Fprintf(stderr, "watch: no recovery job %q on %s: %v\n", job, client.BaseURL(), err)
	case errors.Is(err, zdm.ErrUnauthorized):
		fmt.Fprintf(stderr, "watch: the server refused the credentials (check ZDM_TOKEN or ZDM_EMAIL/ZDM_PASSWORD): %v\n", err)
	default:
		fmt.Fprintln(stderr, "watch:", err)
	}
	return 1
}

func parseSettings(args []string, stderr io.Writer) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	fs.DurationVar(&s.interval, "interval", 0, "first gap between polls (default 5s on a real server, the vendor's advice; 500ms on the demo)")
	fs.DurationVar(&s.maxInterval, "max-interval", 0, "longest gap between polls while nothing changes (default 30s; 2s on the demo)")
	fs.DurationVar(&s.timeout, "timeout", 0, "give up after this long (default: wait as long as it takes; Ctrl-C stops)")
	fs.BoolVar(&s.detail, "detail", false, "ask for detail=true (the vendor advises against it when polling)")
	fs.BoolVar(&s.plain, "plain", false, "print plain lines instead of live progress bars (automatic when stdout is not a terminal)")
	tz := fs.String("tz", os.Getenv("ZDM_TZ"), "the server's time zone for zone-less times, e.g. Asia/Seoul (default UTC)")
	fs.DurationVar(&s.demoDuration, "demo-duration", 17*time.Second, "demo only: how long the simulated recovery runs")
	fs.BoolVar(&s.demoFail, "demo-fail", false, "demo only: make the simulated recovery fail")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	s.url = strings.TrimSpace(os.Getenv("ZDM_URL"))
	s.token = os.Getenv("ZDM_TOKEN")
	s.email, s.password = os.Getenv("ZDM_EMAIL"), os.Getenv("ZDM_PASSWORD")

	switch {
	case fs.NArg() > 1:
		return s, fmt.Errorf("one job at a time, got %d arguments (see -h)", fs.NArg())
	case fs.NArg() == 1:
		s.job = fs.Arg(0)
	}
	if s.url != "" {
		switch {
		case s.job == "":
			return s, errors.New("ZDM_URL is set: name the job to watch (a recovery ID or name)")
		case s.token == "" && (s.email == "" || s.password == ""):
			return s, errors.New("ZDM_URL is set: set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD")
		case s.token != "" && s.email != "":
			return s, errors.New("set ZDM_TOKEN or ZDM_EMAIL/ZDM_PASSWORD, not both")
		}
	} else {
		if s.demoDuration < time.Second {
			return s, fmt.Errorf("-demo-duration %v is too short: at least 1s", s.demoDuration)
		}
		demoIntervals(&s)
	}
	if *tz != "" {
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			return s, fmt.Errorf("time zone %q: %v", *tz, err)
		}
		s.zone = loc
	}
	return s, nil
}

// connect builds the client: for ZDM_URL when set, else for a demo server
// started here (closed by cleanup).
func connect(s settings) (c *zdm.Client, job string, cleanup func(), err error) {
	if s.url == "" {
		return startDemo(s)
	}
	opts := []zdm.ClientOption{}
	if s.token != "" {
		opts = append(opts, zdm.WithToken(s.token))
	} else {
		opts = append(opts, zdm.WithCredentials(s.email, s.password))
	}
	if s.zone != nil {
		opts = append(opts, zdm.WithServerTimeZone(s.zone))
	}
	c, err = zdm.NewClient(s.url, opts...)
	return c, s.job, func() {}, err
}

// isTerminal reports whether w is a terminal that can redraw lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
