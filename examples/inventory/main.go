// Command inventory prints what a ZDM server holds: its centers, its
// servers (their agents' role and connection, their licence and their
// partitions) and its repositories.
//
// With no settings it reads the world of zdmtest, the SDK's in-process
// fake server:
//
//	go run ./examples/inventory
//
// With ZDM_URL and ZDM_TOKEN (or ZDM_EMAIL and ZDM_PASSWORD) it reads that
// server; -center keeps one center's servers and repositories:
//
//	ZDM_URL=https://zdm.example.com ZDM_TOKEN=... go run ./examples/inventory -center zdm-a
//
// Output fits 80 columns: long names are cut with "…".
//
// Exit codes:
//
//	0  printed
//	2  bad usage
//	3  could not find out: the server was unreachable or refused the
//	   credentials, or -timeout passed
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/cmdline"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/zdmenv"
	"github.com/zdmkit/go-zdm/zdmtest"
)

const usageText = `usage: inventory [flags]

Prints a ZDM server's centers, servers (agent role and connection, licence,
partitions) and repositories.

With no ZDM_URL it reads the world of zdmtest, the SDK's in-process fake
server. With ZDM_URL it reads that server.

Environment:
  ZDM_URL        server root or API root, e.g. https://zdm.example.com
  ZDM_TOKEN      an API token (sent as "Authorization: Bearer <token>")
  ZDM_EMAIL      with ZDM_PASSWORD instead of ZDM_TOKEN: the client issues
  ZDM_PASSWORD   its own token

Exit codes:
  0  printed
  2  bad usage
  3  could not find out: the server was unreachable or refused the
     credentials, or -timeout passed

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := cmdline.NewFlagSet("inventory") // its errors are reported once, below
	center := fs.String("center", "", "only this center's servers and repositories (an ID or\nname; servers filter by center from 2.0.0 on)")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	if code, done := cmdline.Parse(fs, args, usageText, stdout, stderr); done {
		return code
	}
	usageErr := func(msg string) int { return cmdline.UsageError(stderr, "inventory", msg) }
	if fs.NArg() > 0 {
		return usageErr(fmt.Sprintf("no arguments expected, got %q", fs.Args()))
	}
	client, cleanup, err := connect()
	if err != nil {
		return usageErr(err.Error())
	}
	defer cleanup()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	inv, err := read(ctx, client, *center)
	if err != nil {
		if errors.Is(err, zdm.ErrInvalidArgument) {
			return usageErr(err.Error())
		}
		cmdline.Say(stderr, "inventory", err.Error())
		return exitcode.Unknown
	}
	inv.print(stdout)
	return exitcode.OK
}

// connect builds the client for ZDM_URL, or starts the fake.
func connect() (*zdm.Client, func(), error) {
	env := zdmenv.Read()
	if err := env.Check("to read the fake"); err != nil {
		return nil, nil, err
	}
	if env.URL == "" {
		srv, err := zdmtest.Start(zdmtest.WithInProcess())
		if err != nil {
			return nil, nil, err
		}
		return srv.Client(), srv.Close, nil
	}
	c, err := env.NewClient()
	if err != nil {
		return nil, nil, err
	}
	return c, c.CloseIdleConnections, nil
}

// inventory is what the server holds.
type inventory struct {
	centers      []*zdm.Center
	servers      []*zdm.Server
	repositories []*zdm.Repository
}

// read lists the centers, servers (with their partitions) and
// repositories, a page of 100 at a time.
func read(ctx context.Context, c *zdm.Client, center string) (*inventory, error) {
	var inv inventory
	page := zdm.ListOptions{Limit: 100}
	for cn, err := range c.Centers.ListAll(ctx, &zdm.ListCentersOptions{ListOptions: page, Sort: zdm.SortAscending}) {
		if err != nil {
			return nil, fmt.Errorf("listing centers: %w", err)
		}
		if center == "" || center == cn.Name.Center || center == strconv.FormatInt(cn.ID.Center, 10) {
			inv.centers = append(inv.centers, cn)
		}
	}
	sopts := &zdm.ListServersOptions{ListOptions: page, ServerIncludes: zdm.ServerIncludes{Partition: true},
		Center: center, Sort: zdm.SortAscending}
	for s, err := range c.Servers.ListAll(ctx, sopts) {
		if err != nil {
			return nil, fmt.Errorf("listing servers: %w", err)
		}
		inv.servers = append(inv.servers, s)
	}
	ropts := &zdm.ListRepositoriesOptions{ListOptions: page, Center: center, Sort: zdm.SortAscending}
	for r, err := range c.Repositories.ListAll(ctx, ropts) {
		if err != nil {
			return nil, fmt.Errorf("listing repositories: %w", err)
		}
		inv.repositories = append(inv.repositories, r)
	}
	return &inv, nil
}

// print writes the inventory in three tables of at most 80 columns.
func (inv *inventory) print(w io.Writer) {
	fmt.Fprintf(w, "CENTERS (%d)\n", len(inv.centers))
	row(w, "  %-4s %-16s %-28s %s", "ID", "NAME", "HOST", "STATUS")
	for _, c := range inv.centers {
		status := "connected"
		if !c.Connected() {
			status = "disconnected"
		}
		if !c.Activated() {
			status += ", not activated"
		}
		row(w, "  %-4s %-16s %-28s %s", id(c.ID.Center), cut(c.Name.Center, 16), cut(c.Name.Host, 28), status)
	}

	fmt.Fprintf(w, "\nSERVERS (%d)\n", len(inv.servers))
	row(w, "  %-4s %-20s %-7s %-13s %-7s %s", "ID", "NAME", "ROLE", "AGENT", "LICENCE", "OS")
	for _, s := range inv.servers {
		agent := "connected"
		if !s.Connected() {
			agent = "disconnected"
		}
		role := string(s.Mode())
		if role == "" {
			role = or(s.Agent.Mode, "-")
		}
		row(w, "  %-4s %-20s %-7s %-13s %-7s %s", id(s.ID), cut(s.Name, 20), cut(role, 7), agent, id(s.License.ID), cut(or(s.OS.Version, "-"), 21))
		for _, p := range s.Partitions {
			row(w, "       %-12s %-24s %-6s %10s  %3d%% used", cut(p.Letter, 12), cut(p.Device, 24), cut(p.FileSystem, 6), p.Size, p.Usage)
		}
	}

	fmt.Fprintf(w, "\nREPOSITORIES (%d)\n", len(inv.repositories))
	row(w, "  %-4s %-10s %-4s %-15s %-12s %-15s %9s", "ID", "CENTER", "TYPE", "REMOTE", "LOCAL", "ADDRESS", "SIZE")
	for _, r := range inv.repositories {
		addr := "-"
		if len(r.IPs) > 0 {
			addr = r.IPs[0]
			if len(r.IPs) > 1 {
				addr += " +" + strconv.Itoa(len(r.IPs)-1)
			}
		}
		row(w, "  %-4s %-10s %-4s %-15s %-12s %-15s %9s", id(r.ID), cut(or(r.Center, "-"), 10), strings.ToUpper(or(string(r.Type), "-")),
			cut(r.RemotePath, 15), cut(r.LocalPath, 12), cut(addr, 15), r.Size)
	}
}

// row prints one line, its trailing blanks trimmed.
func row(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf(format, args...), " "))
}

// id is an ID as printed, "-" for none.
func id(v int64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatInt(v, 10)
}

// cut shortens s to n columns, ending with "…" when it was longer.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
