// Command watch follows a ZDM recovery job until every partition has
// finished, with live progress per partition, then prints a summary.
//
// With no settings it starts zdmtest, the SDK's in-process fake ZDM server,
// with a simulated Linux recovery of three partitions, and watches that:
//
//	go run ./examples/watch
//
// To watch a job on a real server, say where the server is and name the
// job (a recovery ID or name):
//
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... \
//	    go run ./examples/watch daily-recovery
//	ZDM_URL=https://zdm.example.com ZDM_EMAIL=ops@example.com ZDM_PASSWORD=... \
//	    go run ./examples/watch 42
//
// On a terminal the progress is redrawn in place and fits the window, even
// as it is resized; with -plain, or when the output is not a terminal, it
// is printed as lines. A failed poll is shown as it happens, with when the
// next one comes. Times are printed in the zone the server gave them in,
// labelled with its offset; -local converts them to the local zone.
//
// Exit codes:
//
//	0    every partition completed
//	1    the job finished and failed, or was canceled
//	2    bad usage
//	3    could not find out: the server was unreachable, refused the
//	     credentials or did not know the job, or -timeout passed
//	130  interrupted (Ctrl-C)
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
	"github.com/zdmkit/go-zdm/examples/internal/cmdline"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/interrupt"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/examples/internal/zdmenv"
)

// settings are the command line and environment, read once.
type settings struct {
	env                   zdmenv.Env
	job                   string
	interval, maxInterval time.Duration
	maxErrors             int
	timeout               time.Duration
	detail                bool
	plain                 bool
	local                 bool
	zone                  *time.Location
	demoDuration          time.Duration
	demoFail              bool
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usageText = `usage: watch [flags] [job]

Watches a ZDM recovery job until every partition has finished, showing
live progress per partition, then prints a summary.

With no ZDM_URL it watches a simulated recovery on zdmtest, the SDK's
in-process fake server. With ZDM_URL it watches the job named by the
argument (a recovery ID or name) on that server.

Times are printed in the zone the server gave them in, labelled with
its offset (e.g. "END (+09:00)"); -local converts them to this
machine's zone.

Environment:
  ZDM_URL       server root or API root, e.g. https://zdm.example.com
  ZDM_TOKEN     an API token (sent as "Authorization: Bearer <token>")
  ZDM_EMAIL     with ZDM_PASSWORD instead of ZDM_TOKEN: the client
  ZDM_PASSWORD  issues and renews its own tokens
  ZDM_TZ        the server's time zone, for servers that send times
                without one, e.g. Asia/Seoul; -tz overrides it

Exit codes:
  0    every partition completed
  1    the job finished and failed, or was canceled
  2    bad usage
  3    could not find out: the server was unreachable, refused the
       credentials or did not know the job, or -timeout passed
  130  interrupted (Ctrl-C)

Flags:
`

func run(args []string, stdout, stderr io.Writer) int {
	s, usage, err := parseSettings(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitcode.OK
	}
	if err != nil {
		say(stderr, err.Error())
		fmt.Fprintln(stderr, "Run 'watch -h' for usage.")
		return exitcode.Usage
	}

	ctx, stop := interrupt.Context(s.timeout)
	defer stop()

	client, job, where, cleanup, err := connect(s)
	if err != nil {
		say(stderr, err.Error())
		if errors.Is(err, zdm.ErrInvalidArgument) {
			return exitcode.Usage
		}
		return exitcode.Unknown
	}
	defer cleanup()

	return follow(ctx, s, client, job, where, stdout, stderr)
}

// follow watches job through client until it ends or ctx does, showing
// the progress on stdout, and prints the summary; it returns the exit
// code. ctx's cause tells an interrupt (interrupt.ErrInterrupted) from
// -timeout (interrupt.ErrTimedOut).
func follow(ctx context.Context, s settings, client *zdm.Client, job, where string, stdout, stderr io.Writer) int {
	width, live := termtext.Terminal(stdout)
	live = live && !s.plain
	d := newDisplay(stdout, live, width, job, where)
	d.giveUp, _ = ctx.Deadline()
	relayDone := make(chan struct{})
	if live {
		resizes := make(chan os.Signal, 1)
		notifyResize(resizes)
		defer signal.Stop(resizes)
		go func(done <-chan struct{}) {
			for {
				select {
				case <-resizes:
					d.resized()
				case <-done:
					return
				}
			}
		}(relayDone)
	}

	// Watch is the only retry loop here (the client's own retries are off,
	// see connect): each failed poll is shown at once, with when the next
	// one comes (the *zdm.PollError says).
	d.begin()
	start := time.Now()
	final, err := client.Recoveries.Watch(ctx, job, &zdm.MonitorJobOptions{Detail: s.detail}, &zdm.WatchOptions{
		Interval:    s.interval,
		MaxInterval: s.maxInterval,
		MaxErrors:   s.maxErrors,
		OnUpdate:    func(m *zdm.JobMonitoring) { d.update(cleanSnapshot(m)) },
		OnPollError: func(err error) {
			failures, next := 1, time.Duration(0)
			var pe *zdm.PollError
			if errors.As(err, &pe) {
				failures, next = pe.Failures, pe.Next
			}
			d.pollFailed(err, failures, next)
		},
	})
	took := time.Since(start)
	close(relayDone) // stops the resize relay before anything else is printed

	complain := func(msg string) {
		if live {
			fmt.Fprint(stdout, "\r\x1b[K") // over the terminal's "^C"
		}
		say(stderr, msg)
	}
	var failed *zdm.JobFailedError
	switch {
	case err == nil:
		printSummary(stdout, job, cleanSnapshot(final), took, s.local, width())
		return exitcode.OK
	case errors.As(err, &failed):
		printSummary(stdout, job, cleanSnapshot(final), took, s.local, width())
		what := "failed"
		if failed.Canceled() {
			what = "was canceled"
		}
		complain(fmt.Sprintf("recovery %q %s: %s", job, what, failedParts(failed)))
		return exitcode.JobFailed
	case errors.Is(err, interrupt.ErrInterrupted):
		complain(stopLine("interrupted", err))
		return exitcode.Interrupted
	case errors.Is(err, interrupt.ErrTimedOut):
		complain(stopLine(fmt.Sprintf("gave up (-timeout %v)", s.timeout), err))
	case errors.Is(err, zdm.ErrInvalidArgument):
		complain(err.Error())
		return exitcode.Usage
	case errors.Is(err, zdm.ErrNotFound):
		complain(fmt.Sprintf("no recovery job %q on %s (%s)", job, where, shortCause(err)))
	case errors.Is(err, zdm.ErrUnauthorized), errors.Is(err, zdm.ErrForbidden):
		complain(fmt.Sprintf("%s refused the credentials (%s): check ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD", where, shortCause(err)))
	default:
		complain(fmt.Sprintf("could not watch %q on %s: %s", job, where, strings.TrimPrefix(err.Error(), "zdm: ")))
	}
	return exitcode.Unknown
}

// say prints a message for people on stderr, as every example does
// (cmdline.Say: the server's text in it escaped, wrapped to 79 columns).
func say(w io.Writer, msg string) { cmdline.Say(w, "watch", msg) }

// failedParts names each detail that did not complete, with its status and
// message.
func failedParts(e *zdm.JobFailedError) string {
	var parts []string
	if e.Job != nil {
		parts = append(parts, "the job "+statusText(e.Job.Status)+withMessage(*e.Job))
	}
	for _, p := range e.Failed {
		parts = append(parts, rowName(p)+" "+statusText(p.ProgressInfo.Status)+withMessage(p.ProgressInfo))
	}
	if len(parts) == 0 {
		return "no partition named"
	}
	return strings.Join(parts, "; ")
}

func withMessage(p zdm.ProgressInfo) string {
	if m := message(p); m != "" {
		return ": " + m
	}
	return ""
}

func parseSettings(args []string) (settings, string, error) {
	var s settings
	fs := cmdline.NewFlagSet("watch") // its errors are reported once, by run
	fs.DurationVar(&s.interval, "interval", 0, "first gap between polls\n(default 5s, the vendor's advice; 500ms on the demo)")
	fs.DurationVar(&s.maxInterval, "max-interval", 0, "longest gap between polls while nothing changes\n(default 30s; 2s on the demo)")
	fs.IntVar(&s.maxErrors, "max-errors", zdm.DefaultWatchMaxErrors, "failed polls in a row tolerated before giving up")
	fs.DurationVar(&s.timeout, "timeout", 0, "give up after this long (default: as long as it takes)")
	fs.BoolVar(&s.detail, "detail", false, "ask for detail=true (the vendor advises against it\nwhen polling)")
	fs.BoolVar(&s.plain, "plain", false, "print lines instead of live progress bars\n(automatic when the output is not a terminal)")
	fs.BoolVar(&s.local, "local", false, "print times in this machine's zone, not the server's")
	tz := fs.String("tz", os.Getenv("ZDM_TZ"), "the server's zone, for servers that send times\nwithout one, e.g. Asia/Seoul")
	fs.DurationVar(&s.demoDuration, "demo-duration", 17*time.Second, "demo only: how long the simulated recovery runs")
	fs.BoolVar(&s.demoFail, "demo-fail", false, "demo only: make the simulated recovery fail")
	if err := fs.Parse(args); err != nil {
		return s, cmdline.Help(fs, usageText), err
	}
	s.env = zdmenv.Read()
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	switch {
	case fs.NArg() > 1:
		return s, "", fmt.Errorf("one job at a time, got %d arguments", fs.NArg())
	case fs.NArg() == 1:
		s.job = fs.Arg(0)
	}
	if s.maxErrors < 0 || s.interval < 0 || s.maxInterval < 0 || s.timeout < 0 {
		return s, "", errors.New("-interval, -max-interval, -max-errors and -timeout cannot be negative")
	}
	switch {
	case s.env.URL == "" && s.job != "":
		return s, "", fmt.Errorf("job %q: a job name needs ZDM_URL (and ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD); name no job to watch the demo", s.job)
	case s.env.URL != "" && (set["demo-duration"] || set["demo-fail"]):
		return s, "", errors.New("-demo-duration and -demo-fail are for the demo only: unset ZDM_URL")
	case s.env.URL != "" && s.job == "":
		return s, "", errors.New("ZDM_URL is set: name the job to watch (a recovery ID or name)")
	}
	if err := s.env.Check("to watch the demo"); err != nil {
		return s, "", err
	}
	if s.env.URL == "" {
		if s.demoDuration < time.Second {
			return s, "", fmt.Errorf("-demo-duration %v is too short: at least 1s", s.demoDuration)
		}
		if s.interval == 0 {
			s.interval = 500 * time.Millisecond
		}
		if s.maxInterval == 0 {
			s.maxInterval = max(2*time.Second, s.interval)
		}
		return s, "", nil
	}
	if s.interval == 0 {
		s.interval = zdm.DefaultWatchInterval
	}
	if s.maxInterval == 0 {
		s.maxInterval = max(zdm.DefaultWatchMaxInterval, s.interval)
	}
	if s.maxInterval < s.interval {
		return s, "", fmt.Errorf("-max-interval %v is below -interval %v", s.maxInterval, s.interval)
	}
	if *tz != "" {
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			return s, "", fmt.Errorf("time zone %q: %v", *tz, err)
		}
		s.zone = loc
	}
	return s, "", nil
}

// connect builds the client: for ZDM_URL when set, else for a demo server
// started here (closed by cleanup). where names the server for messages.
//
// The client's own retries are off: Watch polls again anyway, and shows
// each failure as it comes, where the client's retries would keep it
// quiet for up to a dozen seconds per poll.
func connect(s settings) (c *zdm.Client, job, where string, cleanup func(), err error) {
	if s.env.URL == "" {
		c, job, cleanup, err = startDemo(s)
		return c, job, "the demo server (zdmtest)", cleanup, err
	}
	opts := []zdm.ClientOption{zdm.WithRetryMax(0)}
	if s.zone != nil {
		opts = append(opts, zdm.WithServerTimeZone(s.zone))
	}
	c, err = s.env.NewClient(opts...)
	if err != nil {
		return nil, "", "", nil, err
	}
	return c, s.job, c.BaseURL(), func() {}, nil
}
