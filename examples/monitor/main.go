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
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... go run ./examples/monitor -partition /home daily-recovery
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zdmkit/go-zdm"
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
  ZDM_TZ         the server's time zone for zone-less times (default UTC)

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("monitor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	var opts zdm.MonitorJobOptions
	var mode, serverType string
	fs.StringVar(&mode, "mode", "", `job mode filter: "full" or "increment"`)
	fs.StringVar(&opts.Partition, "partition", "", "partition filter (Linux), e.g. /home")
	fs.StringVar(&opts.Drive, "drive", "", "drive filter (Windows), e.g. C:")
	fs.StringVar(&opts.ServerName, "server-name", "", "server name filter")
	fs.StringVar(&serverType, "server-type", "", `which server -server-name names: "source" or "target"`)
	fs.StringVar(&opts.JobName, "job-name", "", "job name filter")
	fs.StringVar(&opts.Center, "center", "", "center filter, on servers that have centers")
	fs.BoolVar(&opts.Detail, "detail", false, "include details: os, agent, ip, platform, device, backup, repository")
	output := fs.String("output", "text", `output format: "text", "json" (the data object) or "table"`)
	tz := fs.String("tz", os.Getenv("ZDM_TZ"), "the server's time zone for zone-less times, e.g. Asia/Seoul")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	opts.Mode, opts.ServerType = zdm.Mode(mode), zdm.ServerType(serverType)
	if *output != "text" && *output != "json" && *output != "table" {
		fmt.Fprintf(stderr, "monitor: -output %q: expected text, json or table\n", *output)
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "monitor: one job at a time, got %d arguments\n", fs.NArg())
		return 2
	}

	client, job, cleanup, err := connect(fs.Arg(0), *tz)
	if err != nil {
		fmt.Fprintln(stderr, "monitor:", err)
		return 2
	}
	defer cleanup()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	m, resp, err := client.Recoveries.MonitorJob(ctx, job, &opts)
	if err != nil {
		fmt.Fprintln(stderr, "monitor:", err)
		if errors.Is(err, zdm.ErrInvalidArgument) {
			return 2
		}
		return 1
	}
	switch *output {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			fmt.Fprintln(stderr, "monitor:", err)
			return 1
		}
	case "table":
		printTable(stdout, m)
	default:
		printText(stdout, m, resp)
	}
	return 0
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
	url := strings.TrimSpace(os.Getenv("ZDM_URL"))
	if url == "" {
		return startDemo(job)
	}
	if job == "" {
		return nil, "", nil, errors.New("ZDM_URL is set: name the job (a recovery ID or name)")
	}
	token, email, password := os.Getenv("ZDM_TOKEN"), os.Getenv("ZDM_EMAIL"), os.Getenv("ZDM_PASSWORD")
	switch {
	case token != "" && email != "":
		return nil, "", nil, errors.New("set ZDM_TOKEN or ZDM_EMAIL/ZDM_PASSWORD, not both")
	case token != "":
		opts = append(opts, zdm.WithToken(token))
	case email != "" && password != "":
		opts = append(opts, zdm.WithCredentials(email, password))
	default:
		return nil, "", nil, errors.New("ZDM_URL is set: set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD")
	}
	c, err := zdm.NewClient(url, opts...)
	return c, job, func() {}, err
}

// startDemo serves a Linux recovery part way through on zdmtest.
func startDemo(job string) (*zdm.Client, string, func(), error) {
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
				Steps: []zdmtest.Step{{Phase: zdmtest.Completed, Percent: 100}}},
			{Partition: "/home", Device: "/dev/vdb1", BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_home.zdm", Repository: repo,
				Steps: []zdmtest.Step{{Phase: zdmtest.Running, Percent: 45, Message: "Transferring data..."}}},
			{Partition: "/var", Device: "/dev/vdc1", BackupJob: "web-prod-01-backup", BackupFile: "web-prod-01_var.zdm", Repository: repo},
		},
	})
	if job == "" {
		job = "daily-recovery"
	}
	return srv.Client(), job, srv.Close, nil
}

func printText(w io.Writer, m *zdm.JobMonitoring, resp *zdm.Response) {
	fmt.Fprintf(w, "Job:     %s\n", m.Job.Info.Name)
	fmt.Fprintf(w, "Source:  %s%s\n", m.System.Source.Name, serverExtras(m.System.Source))
	fmt.Fprintf(w, "Target:  %s%s\n", m.System.Target.Name, serverExtras(m.System.Target))
	if m.Job.Info.Platform != "" || m.Job.Info.Mode != "" {
		fmt.Fprintf(w, "Platform: %s  Mode: %s\n", m.Job.Info.Platform, m.Job.Info.Mode)
	}
	for _, d := range m.Job.Details {
		p := d.ProgressInfo
		fmt.Fprintf(w, "\n%s\n  status:  %s (%s)\n  percent: %s\n  message: %s\n  start:   %s\n  elapsed: %s\n  end:     %s\n",
			d.Name(), p.Status, p.Status.Phase(), p.Percent, p.Message, p.Start, p.Elapsed, p.End)
		if d.Device != "" {
			fmt.Fprintf(w, "  device:  %s  backup: %s/%s  repository: %s %s (id %s)\n",
				d.Device, d.Backup.JobName, d.Backup.FileName, d.Repository.Type, d.Repository.Path, d.Repository.ID)
		}
	}
	if len(m.Job.Log) > 0 {
		fmt.Fprintln(w, "\nLog:")
		for _, l := range m.Job.Log {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprintf(w, "\n(request %s, %s)\n", resp.RequestID, resp.Timestamp)
}

func serverExtras(s zdm.ServerInfo) string {
	var parts []string
	for _, v := range []string{s.OS, s.Agent, s.IP.Public, strings.Join(s.IP.Private, ", ")} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func printTable(w io.Writer, m *zdm.JobMonitoring) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTITION\tSTATUS\tPERCENT\tSTART\tELAPSED\tEND\tMESSAGE")
	for _, d := range m.Job.Details {
		p := d.ProgressInfo
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Name(), p.Status, p.Percent, p.Start, p.Elapsed, p.End, p.Message)
	}
	_ = tw.Flush()
}
