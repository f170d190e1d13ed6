// Command dr recovers a server onto another from its newest backups:
// it plans the recovery (the newest backup image of each partition of the
// source, onto the target's partition of the same mount point or drive),
// shows the plan, creates the recovery job, runs it with live progress
// and prints the run's history row.
//
// With no settings it works on zdmtest, the SDK's in-process fake
// server, recovering web01 onto web01-dr of its default world:
//
//	go run ./examples/dr
//
// On a real server, name the center, the servers and the target's
// platform; without -yes it shows the plan and creates nothing:
//
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... go run ./examples/dr \
//	    -center zdm-a -source web01 -target web01-dr -platform vmware -yes
//
// -before picks, per partition, the newest image created at or before a
// time (RFC 3339) or a while ago ("24h"). On a terminal the progress is
// redrawn in place; otherwise (or with -plain) it is printed as lines.
// Output fits 80 columns.
//
// Exit codes (as examples/watch):
//
//	0    recovered (or, without -yes, the plan shown)
//	1    the recovery ran and failed, or was canceled
//	2    bad usage, or no plan: a partition without a backup image or
//	     without a partition on the target
//	3    could not find out: the server was unreachable, refused the
//	     credentials or the request, or -timeout passed
//	130  interrupted (Ctrl-C); the recovery goes on on the server
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/cmdline"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/interrupt"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/examples/internal/zdmenv"
)

const usageText = `usage: dr [flags]

Recovers a server onto another from its newest backups: plans the
recovery (the newest image of each partition of the source, onto the
target's partition of the same mount point or drive), shows the plan,
creates the recovery job, runs it with live progress and prints the
run's history row.

With no ZDM_URL it works on zdmtest, the SDK's in-process fake server,
recovering web01 onto web01-dr. With ZDM_URL it works on that server,
and creates nothing without -yes.

Environment:
  ZDM_URL       server root or API root, e.g. https://zdm.example.com
  ZDM_TOKEN     an API token (sent as "Authorization: Bearer <token>")
  ZDM_EMAIL     with ZDM_PASSWORD instead of ZDM_TOKEN: the client
  ZDM_PASSWORD  issues and renews its own tokens
  ZDM_CENTER, ZDM_SOURCE, ZDM_TARGET, ZDM_PLATFORM
                defaults of -center, -source, -target, -platform

Exit codes:
  0    recovered (or, without -yes, the plan shown)
  1    the recovery ran and failed, or was canceled
  2    bad usage, or no plan: a partition without a backup image or
       without a partition on the target
  3    could not find out: the server was unreachable, refused the
       credentials or the request, or -timeout passed
  130  interrupted (Ctrl-C); the recovery goes on on the server

Flags:
`

// settings are the command line and environment, read once.
type settings struct {
	env                              zdmenv.Env
	center, source, target, platform string
	name                             string
	before                           time.Time
	yes, plain                       bool
	interval, maxInterval, timeout   time.Duration
	demoFail                         bool
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	s, usage, err := parseSettings(args, time.Now())
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitcode.OK
	}
	if err != nil {
		say(stderr, err.Error())
		fmt.Fprintln(stderr, "Run 'dr -h' for usage.")
		return exitcode.Usage
	}
	ctx, stop := interrupt.Context(s.timeout)
	defer stop()
	c, where, cleanup, err := connect(s)
	if err != nil {
		say(stderr, err.Error())
		return exitcode.Usage
	}
	defer cleanup()
	return recoverServer(ctx, s, c, where, stdout, stderr)
}

// recoverServer plans, shows, creates and runs the recovery, and prints
// its history row; it returns the exit code.
func recoverServer(ctx context.Context, s settings, c *zdm.Client, where string, stdout, stderr io.Writer) int {
	plan, err := c.Recoveries.PlanFromBackups(ctx, &zdm.PlanRecoveryOptions{Center: s.center, Source: s.source,
		Target: s.target, Platform: s.platform, Before: s.before})
	if err != nil {
		return failure(ctx, s, stderr, fmt.Sprintf("planning the recovery of %s onto %s", s.source, s.target), where, err)
	}
	images := imagesOf(ctx, c, s, plan)
	printPlan(stdout, s, plan, images)
	if !s.yes {
		fmt.Fprintln(stdout, "\nNothing created: run again with -yes to create and run this recovery.")
		return exitcode.OK
	}

	plan.JobName = s.name
	created, _, err := c.Recoveries.Create(ctx, plan)
	if err != nil {
		return failure(ctx, s, stderr, "creating the recovery", where, err)
	}
	fmt.Fprintf(stdout, "\nCreated recovery %q; running it.\n", created.JobName)
	width, live := termtext.Terminal(stdout)
	p := newProgress(stdout, live && !s.plain, min(width(), termtext.LineWidth))
	_, err = c.Recoveries.Run(ctx, created.JobName, s.center, &zdm.WatchOptions{
		Interval: s.interval, MaxInterval: s.maxInterval, OnUpdate: p.update, OnPollError: p.pollFailed,
	})
	var failed *zdm.JobFailedError
	switch {
	case err == nil:
	case errors.As(err, &failed):
		what := "failed"
		if failed.Canceled() {
			what = "was canceled"
		}
		printHistory(ctx, stdout, c, s.center, created.JobName)
		say(stderr, fmt.Sprintf("recovery %q %s: %s", created.JobName, what, failedRows(failed)))
		return exitcode.JobFailed
	default:
		return failure(ctx, s, stderr, fmt.Sprintf("running recovery %q", created.JobName), where, err)
	}
	printHistory(ctx, stdout, c, s.center, created.JobName)
	return exitcode.OK
}

// failure says why doing what on where failed, and returns the exit
// code for it. ctx's cause tells Ctrl-C from -timeout.
func failure(ctx context.Context, s settings, stderr io.Writer, what, where string, err error) int {
	var gaps *zdm.PlanError
	msg := shortCause(err)
	code := exitcode.Unknown
	if ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	switch {
	case errors.Is(err, interrupt.ErrInterrupted):
		msg, code = what+": interrupted", exitcode.Interrupted
		if strings.HasPrefix(what, "running") {
			msg += "; the recovery goes on on the server"
		}
	case errors.Is(err, interrupt.ErrTimedOut):
		msg = fmt.Sprintf("%s on %s: gave up (-timeout %v)", what, where, s.timeout)
	case errors.As(err, &gaps):
		msg, code = planGaps(gaps), exitcode.Usage
	case errors.Is(err, zdm.ErrInvalidArgument):
		code = exitcode.Usage
	case errors.Is(err, zdm.ErrEndpointNotFound):
		msg = fmt.Sprintf("%s: %s has no such route (%s): check ZDM_URL, or whether the server lists backup images (1.0.3 and later; the draft API does not)",
			what, where, msg)
	case errors.Is(err, zdm.ErrUnauthorized), errors.Is(err, zdm.ErrForbidden):
		msg = fmt.Sprintf("%s refused the credentials: check ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD (%s)", where, msg)
	case errors.Is(err, zdm.ErrPartialFailure):
		msg = what + " on " + where + ": some repositories could not be scanned, so the newest image is unknown: " + msg
	default:
		msg = what + " on " + where + ": " + msg
	}
	say(stderr, msg)
	return code
}

// shortCause is err without the request's URL: the status, code and
// message of a server's answer, or the cause of a transport failure.
func shortCause(err error) string {
	var apiErr *zdm.APIError
	var sysErr *os.SyscallError
	switch {
	case errors.As(err, &apiErr):
		s := strconv.Itoa(apiErr.StatusCode) + " " + http.StatusText(apiErr.StatusCode)
		if apiErr.Code != "" {
			s += " (" + apiErr.Code + ")"
		}
		if errors.Is(err, zdm.ErrEndpointNotFound) {
			return s + ", not a ZDM answer"
		}
		if apiErr.Message != "" {
			s += ": " + apiErr.Message
		}
		return s
	case errors.As(err, &sysErr):
		return sysErr.Err.Error()
	}
	return strings.TrimPrefix(err.Error(), "zdm: ")
}

// planGaps says, per partition, why the plan cannot restore it.
func planGaps(e *zdm.PlanError) string {
	before := ""
	if !e.Before.IsZero() {
		before = " at or before " + e.Before.Format(time.RFC3339)
	}
	var why []string
	for _, p := range e.NoImage {
		why = append(why, p+" has no backup image"+before)
	}
	for _, p := range e.NoTarget {
		why = append(why, p+" has no partition on "+e.Target)
	}
	return fmt.Sprintf("cannot recover %s onto %s: %s", e.Source, e.Target, strings.Join(why, "; "))
}

// failedRows names each row that did not complete, with its status and
// message.
func failedRows(e *zdm.JobFailedError) string {
	var parts []string
	for _, p := range e.Failed {
		row := p.Name() + " " + string(p.ProgressInfo.Status)
		if m := message(p.ProgressInfo); m != "" {
			row += ": " + m
		}
		parts = append(parts, row)
	}
	if len(parts) == 0 {
		return "no partition named"
	}
	return strings.Join(parts, "; ")
}

func parseSettings(args []string, now time.Time) (settings, string, error) {
	var s settings
	fs := cmdline.NewFlagSet("dr") // its errors are reported once, by run
	fs.StringVar(&s.center, "center", os.Getenv("ZDM_CENTER"), "the center of the backups and the recovery, ID or name")
	fs.StringVar(&s.source, "source", os.Getenv("ZDM_SOURCE"), "the server the backups are of, by name")
	fs.StringVar(&s.target, "target", os.Getenv("ZDM_TARGET"), "the server to recover onto, ID or name")
	fs.StringVar(&s.platform, "platform", os.Getenv("ZDM_PLATFORM"), "the target's platform (vmware, aws, openstack, ...)")
	before := fs.String("before", "", "use the newest images created at or before this time\n(RFC 3339) or this long ago (e.g. 24h)")
	fs.StringVar(&s.name, "name", "", "the recovery job's name (default <source>-dr-<date>-<time>)")
	fs.BoolVar(&s.yes, "yes", false, "create and run the recovery on a real server (the fake\nneeds no -yes)")
	fs.BoolVar(&s.plain, "plain", false, "print progress as lines (automatic when the output is not\na terminal)")
	fs.DurationVar(&s.interval, "interval", 0, "first gap between polls (default 5s; 150ms on the fake)")
	fs.DurationVar(&s.timeout, "timeout", 0, "give up after this long (default: as long as it takes)")
	fs.BoolVar(&s.demoFail, "demo-fail", false, "fake only: make the recovery fail")
	if err := fs.Parse(args); err != nil {
		return s, cmdline.Help(fs, usageText), err
	}
	if fs.NArg() > 0 {
		return s, "", fmt.Errorf("no arguments expected, got %q", fs.Args())
	}
	if s.interval < 0 || s.timeout < 0 {
		return s, "", errors.New("-interval and -timeout cannot be negative")
	}
	if *before != "" {
		t, err := parseBefore(*before, now)
		if err != nil {
			return s, "", err
		}
		s.before = t
	}
	s.env = zdmenv.Read()
	if s.env.URL != "" {
		var missing []string
		for _, f := range []struct{ flag, value string }{{"-center", s.center}, {"-source", s.source}, {"-target", s.target}, {"-platform", s.platform}} {
			if strings.TrimSpace(f.value) == "" {
				missing = append(missing, f.flag)
			}
		}
		switch {
		case s.demoFail:
			return s, "", errors.New("-demo-fail is for the fake only: unset ZDM_URL")
		case len(missing) > 0:
			return s, "", fmt.Errorf("ZDM_URL is set: name %s (or set ZDM_CENTER, ZDM_SOURCE, ZDM_TARGET, ZDM_PLATFORM)", strings.Join(missing, ", "))
		}
	}
	if err := s.env.Check("to work on the fake"); err != nil {
		return s, "", err
	}
	if s.env.URL == "" {
		s.yes = true // nothing real at stake
		s.center, s.source = or(s.center, "zdm-a"), or(s.source, "web01")
		s.target, s.platform = or(s.target, "web01-dr"), or(s.platform, "vmware")
		s.interval = or(s.interval, 150*time.Millisecond)
		s.maxInterval = s.interval // the fake's runs move one step per poll
		s.name = or(s.name, s.source+"-dr-"+now.Format("20060102-150405"))
		return s, "", nil
	}
	s.interval = or(s.interval, zdm.DefaultWatchInterval)
	s.maxInterval = max(s.interval, zdm.DefaultWatchMaxInterval)
	s.name = or(s.name, s.source+"-dr-"+now.Format("20060102-150405"))
	return s, "", nil
}

// parseBefore reads -before: an RFC 3339 time, or a duration ago.
func parseBefore(v string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("-before %q: expected an RFC 3339 time (2026-01-07T09:00:00+09:00) or how long ago (24h)", v)
}

func or[T comparable](v, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}

// connect builds the client for ZDM_URL, or starts the fake (stopped by
// cleanup); where names the server for messages.
func connect(s settings) (c *zdm.Client, where string, cleanup func(), err error) {
	if s.env.URL == "" {
		c, cleanup, err = startFake(s.demoFail)
		return c, "the fake server (zdmtest)", cleanup, err
	}
	c, err = s.env.NewClient()
	if err != nil {
		return nil, "", nil, err
	}
	return c, c.BaseURL(), func() {}, nil
}

// say prints a message for people on stderr, as every example does
// (cmdline.Say: the server's text in it escaped, wrapped to 79 columns).
func say(w io.Writer, msg string) { cmdline.Say(w, "dr", msg) }
