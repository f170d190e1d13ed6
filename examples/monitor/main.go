// Command monitor reads one recovery job's progress once and prints it as
// text, JSON or a table, the three formats of the official CLI.
//
// With no settings it asks zdmtest, the SDK's in-process fake server, about
// a recovery in progress:
//
//	go run ./examples/monitor
//	go run ./examples/monitor -output table -detail
//
// With ZDM_URL and ZDM_TOKEN (or ZDM_EMAIL and ZDM_PASSWORD) it asks that
// server about the job named by its argument, with every filter of the
// endpoint as a flag:
//
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... \
//	    go run ./examples/monitor -partition /home daily-recovery
//
// Statuses read as in examples/watch: the SDK's phase, then the server's
// own word when it differs ("Running (Processing)"). Times are printed in
// the zone the server gave them in, labelled with its offset; -local
// converts them to the local zone. Output fits 80 columns.
//
// Exit codes:
//
//	0  printed
//	2  bad usage
//	3  could not find out: the server was unreachable, refused the
//	   credentials or did not know the job, or -timeout passed
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/cmdline"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/examples/internal/zdmenv"
	"github.com/zdmkit/go-zdm/zdmtest"
)

const usageText = `usage: monitor [flags] [job]

Reads a ZDM recovery job's monitoring information once
(GET /recoveries/monitoring/job/:identifier) and prints it.

With no ZDM_URL it asks zdmtest, the SDK's in-process fake server, about a
simulated recovery in progress. With ZDM_URL it asks that server about the job
named by the argument (a recovery ID or name).

Environment:
  ZDM_URL        server root or API root, e.g. https://zdm.example.com
  ZDM_TOKEN      an API token (sent as "Authorization: Bearer <token>")
  ZDM_EMAIL      with ZDM_PASSWORD instead of ZDM_TOKEN: the client issues
  ZDM_PASSWORD   its own token
  ZDM_TZ         the server's time zone, for servers that send times
                 without one, e.g. Asia/Seoul; -tz overrides it

Times are printed in the zone the server gave them in, labelled with its
offset (e.g. "+09:00"); -local converts them to this machine's zone.

Exit codes:
  0  printed
  2  bad usage
  3  could not find out: the server was unreachable, refused the
     credentials or did not know the job, or -timeout passed

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run returns the exit code (never exitcode.JobFailed: a single look
// cannot tell that the job failed).
func run(args []string, stdout, stderr io.Writer) int {
	fs := cmdline.NewFlagSet("monitor") // its errors are reported once, below
	var opts zdm.MonitorJobOptions
	var mode, serverType string
	fs.StringVar(&mode, "mode", "", `job mode filter: "full" or "increment"`)
	fs.StringVar(&opts.Partition, "partition", "", "partition filter (Linux), e.g. /home")
	fs.StringVar(&opts.Drive, "drive", "", "drive filter (Windows), e.g. C:")
	fs.StringVar(&opts.ServerName, "server-name", "", "server name filter")
	fs.StringVar(&serverType, "server-type", "", `which server -server-name names: "source" or "target"`)
	fs.StringVar(&opts.JobName, "job-name", "", "job name filter")
	fs.StringVar(&opts.Center, "center", "", "center filter, on servers that have centers")
	fs.BoolVar(&opts.Detail, "detail", false, "include details: os, agent, ip, platform, device,\nbackup, repository")
	output := fs.String("output", "text", "output format: \"text\", \"table\" or \"json\"\n(the data object)")
	tz := fs.String("tz", os.Getenv("ZDM_TZ"), "the server's zone, for servers that send times\nwithout one, e.g. Asia/Seoul")
	local := fs.Bool("local", false, "print times in this machine's zone, not the server's")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	if code, done := cmdline.Parse(fs, args, usageText, stdout, stderr); done {
		return code
	}
	usageErr := func(msg string) int { return cmdline.UsageError(stderr, "monitor", msg) }
	opts.Mode, opts.ServerType = zdm.Mode(mode), zdm.ServerType(serverType)
	if *output != "text" && *output != "json" && *output != "table" {
		return usageErr(fmt.Sprintf("-output %q: expected text, json or table", *output))
	}
	if fs.NArg() > 1 {
		return usageErr(fmt.Sprintf("one job at a time, got %d arguments", fs.NArg()))
	}

	client, job, cleanup, err := connect(fs.Arg(0), *tz)
	if err != nil {
		return usageErr(err.Error())
	}
	defer cleanup()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	m, resp, err := client.Recoveries.MonitorJob(ctx, job, &opts)
	if err != nil {
		if errors.Is(err, zdm.ErrInvalidArgument) {
			return usageErr(err.Error())
		}
		cmdline.Say(stderr, "monitor", err.Error())
		return exitcode.Unknown
	}
	switch *output {
	case "json":
		if err := printJSON(stdout, m); err != nil {
			cmdline.Say(stderr, "monitor", err.Error())
			return exitcode.Unknown
		}
	case "table":
		printTable(stdout, m, *local)
	default:
		printText(stdout, m, resp, *local)
	}
	return exitcode.OK
}

// connect builds the client for ZDM_URL, or starts a demo server.
func connect(job, tz string) (*zdm.Client, string, func(), error) {
	var opts []zdm.ClientOption
	if tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return nil, "", nil, fmt.Errorf("time zone %q: %v", tz, err)
		}
		opts = append(opts, zdm.WithServerTimeZone(loc))
	}
	env := zdmenv.Read()
	switch {
	case env.URL == "" && job != "":
		return nil, "", nil, fmt.Errorf("job %q: a job name needs ZDM_URL (and ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD); name no job for the demo", job)
	case env.URL != "" && job == "":
		return nil, "", nil, errors.New("ZDM_URL is set: name the job (a recovery ID or name)")
	}
	if err := env.Check("for the demo"); err != nil {
		return nil, "", nil, err
	}
	if env.URL == "" {
		return startDemo()
	}
	c, err := env.NewClient(opts...)
	return c, job, func() {}, err
}

// startDemo serves a Linux recovery part way through on zdmtest.
func startDemo() (*zdm.Client, string, func(), error) {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1))
	if err != nil {
		return nil, "", nil, err
	}
	repo := zdmtest.Repository{ID: 1, Type: "NFS", Path: "/mnt/zdm-repo"}
	srv.AddRecoveryJob(zdmtest.JobSpec{
		ID:       1,
		Name:     "daily-recovery",
		Source:   zdmtest.Machine{Name: "web-prod-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1", PublicIP: "203.0.113.24", PrivateIPs: []string{"10.0.4.21"}},
		Target:   zdmtest.Machine{Name: "web-dr-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1", PrivateIPs: []string{"10.20.4.21"}},
		Platform: "OpenStack",
		Log:      []string{"Recovery job registered", "Target volumes attached"},
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Device: "/dev/vda1", BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_root.zdm", Repository: repo,
				Steps: []zdmtest.Step{{Phase: zdmtest.PhaseCompleted, Percent: 100}}},
			{Partition: "/home", Device: "/dev/vdb1", BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_home.zdm", Repository: repo,
				Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 45, Message: "Transferring data..."}}},
			{Partition: "/var", Device: "/dev/vdc1", BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_var.zdm", Repository: repo},
		},
	})
	return srv.Client(), "daily-recovery", srv.Close, nil
}

// printText prints the job, its servers and one block per partition,
// the server's text made printable (zdm.Printable).
func printText(w io.Writer, m *zdm.JobMonitoring, resp *zdm.Response, local bool) {
	p := zdm.Printable
	fmt.Fprintf(w, "Job:     %s\n", p(m.Job.Info.Name))
	fmt.Fprintf(w, "Source:  %s%s\n", p(m.System.Source.Name), serverExtras(m.System.Source))
	fmt.Fprintf(w, "Target:  %s%s\n", p(m.System.Target.Name), serverExtras(m.System.Target))
	if m.Job.Info.Platform != "" || m.Job.Info.Mode != "" {
		fmt.Fprintf(w, "Platform: %s  Mode: %s\n", p(string(m.Job.Info.Platform)), p(string(m.Job.Info.Mode)))
	}
	long := "2006-01-02 15:04:05 -07:00"
	for _, d := range m.Job.Details {
		pi := d.ProgressInfo
		fmt.Fprintf(w, "\n%s\n  status:  %s\n  percent: %s\n  message: %s\n  start:   %s\n  elapsed: %s\n  end:     %s\n",
			p(d.Name()), p(statusText(pi.Status)), p(orDash(pi.Percent)), p(orDash(pi.Message)),
			p(timeText(pi.StartTime, pi.Start, local, long)), p(orDash(pi.Elapsed)), p(timeText(pi.EndTime, pi.End, local, long)))
		if d.Device != "" {
			fmt.Fprintf(w, "  device:  %s\n  backup:  %s/%s\n  repository: %s %s (id %d)\n",
				p(d.Device), p(d.Backup.JobName), p(d.Backup.FileName), p(d.Repository.Type), p(d.Repository.Path), d.Repository.ID)
		}
	}
	if len(m.Job.Log) > 0 {
		fmt.Fprintln(w, "\nLog:")
		for _, l := range m.Job.Log {
			fmt.Fprintf(w, "  %s\n", p(l))
		}
	}
	fmt.Fprintf(w, "\n(request %s, %s)\n", p(orDash(resp.RequestID)), p(orDash(resp.Timestamp)))
}

func serverExtras(s zdm.ServerInfo) string {
	var parts []string
	for _, v := range []string{s.OS, s.Agent, s.IP.Public, strings.Join(s.IP.Private, ", ")} {
		if v != "" {
			parts = append(parts, zdm.Printable(v))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "\n         " + strings.Join(parts, "; ")
}

// printTable prints one row per partition in 80 columns: short times
// (month-day hour:minute, their zone in the title) and the messages
// under the table. The server's text is made printable, and columns are
// laid out by terminal columns (Hangul takes two).
func printTable(w io.Writer, m *zdm.JobMonitoring, local bool) {
	p := zdm.Printable
	zone := ""
	for _, d := range m.Job.Details {
		for _, read := range []func() (time.Time, bool){d.ProgressInfo.StartTime, d.ProgressInfo.EndTime} {
			if t, ok := read(); ok && zone == "" {
				if local {
					t = t.Local()
				}
				zone = t.Format("-07:00")
			}
		}
	}
	title := fmt.Sprintf("%s: %s -> %s", p(orDash(m.Job.Info.Name)), p(orDash(m.System.Source.Name)), p(orDash(m.System.Target.Name)))
	switch {
	case zone != "" && local:
		title += ", local times (" + zone + ")"
	case zone != "":
		title += ", times in " + zone
	}
	fmt.Fprintln(w, title)
	rows := [][]string{{"PARTITION", "STATUS", "PERCENT", "START", "ELAPSED", "END"}}
	short := "01-02 15:04"
	var notes []string
	for _, d := range m.Job.Details {
		pi := d.ProgressInfo
		rows = append(rows, []string{p(d.Name()), p(statusText(pi.Status)), p(orDash(pi.Percent)),
			p(timeText(pi.StartTime, pi.Start, local, short)), p(orDash(pi.Elapsed)), p(timeText(pi.EndTime, pi.End, local, short))})
		if msg := strings.TrimSpace(pi.Message); msg != "" && msg != "-" {
			notes = append(notes, p(d.Name())+": "+p(msg))
		}
	}
	printColumns(w, rows)
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintln(w, n)
		}
	}
}

// printColumns prints rows as columns two spaces apart, each as wide as
// its widest cell in terminal columns; the last column is not padded.
func printColumns(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], termtext.Width(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			if i == len(r)-1 {
				b.WriteString(cell)
				break
			}
			b.WriteString(termtext.Pad(cell, widths[i]+2))
		}
		fmt.Fprintln(w, b.String())
	}
}

// printJSON prints m as indented JSON with no rune a terminal would act
// on: encoding/json escapes the C0 controls, and the rest that Printable
// escapes (C1 controls, bidi overrides, zero-width characters) are
// written as \u escapes too, which decode to the same text.
func printJSON(w io.Writer, m *zdm.JobMonitoring) error {
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, r := range string(out) {
		if !termtext.Unsafe(r) || r == '\n' {
			b.WriteRune(r)
			continue
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			fmt.Fprintf(&b, "\\u%04x\\u%04x", r1, r2)
			continue
		}
		fmt.Fprintf(&b, "\\u%04x", r)
	}
	b.WriteByte('\n')
	_, err = io.WriteString(w, b.String())
	return err
}

// statusText is the SDK's phase, with the server's own word in brackets
// when it differs: "Completed (Complete)", "Running (Processing)", as
// examples/watch words it.
func statusText(s zdm.Status) string {
	phase := s.Phase().String()
	if raw := strings.TrimSpace(string(s)); raw != "" && !strings.EqualFold(raw, phase) {
		return phase + " (" + raw + ")"
	}
	return phase
}

// timeText is a time in its own zone (the server's), or the local one,
// in layout; the text as sent when it does not read as a time.
func timeText(read func() (time.Time, bool), raw string, local bool, layout string) string {
	t, ok := read()
	if !ok {
		return orDash(raw)
	}
	if local {
		t = t.Local()
	}
	return t.Format(layout)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
