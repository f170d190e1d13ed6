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

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/cmdline"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
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

// print writes the inventory in three tables of at most 80 columns. The
// server's text is made printable (zdm.Printable) before it is laid
// out, and cells are cut and padded by terminal columns.
func (inv *inventory) print(w io.Writer) {
	fmt.Fprintf(w, "CENTERS (%d)\n", len(inv.centers))
	row(w, "  ", pad("ID", 4), pad("NAME", 16), pad("HOST", 28), "STATUS")
	for _, c := range inv.centers {
		status := "connected"
		if !c.Connected() {
			status = "disconnected"
		}
		if !c.Activated() {
			status += ", not activated"
		}
		row(w, "  ", pad(id(c.ID.Center), 4), fit(c.Name.Center, 16), fit(c.Name.Host, 28), status)
	}

	fmt.Fprintf(w, "\nSERVERS (%d)\n", len(inv.servers))
	row(w, "  ", pad("ID", 4), pad("NAME", 20), pad("ROLE", 7), pad("AGENT", 13), pad("LICENCE", 7), "OS")
	for _, s := range inv.servers {
		agent := "connected"
		if !s.Connected() {
			agent = "disconnected"
		}
		role := string(s.Mode())
		if role == "" {
			role = or(s.Agent.Mode, "-")
		}
		row(w, "  ", pad(id(s.ID), 4), fit(s.Name, 20), fit(role, 7), pad(agent, 13), pad(id(s.License.ID), 7), fit(or(s.OS.Version, "-"), 21))
		for _, p := range s.Partitions {
			row(w, "       ", fit(p.Letter, 12), fit(p.Device, 24), fit(p.FileSystem, 6),
				termtext.PadLeft(zdm.Printable(p.Size.String()), 10), fmt.Sprintf(" %3d%% used", p.Usage))
		}
	}

	fmt.Fprintf(w, "\nREPOSITORIES (%d)\n", len(inv.repositories))
	row(w, "  ", pad("ID", 4), pad("CENTER", 10), pad("TYPE", 4), pad("REMOTE", 15), pad("LOCAL", 12), pad("ADDRESS", 15), termtext.PadLeft("SIZE", 9))
	for _, r := range inv.repositories {
		addr := "-"
		if len(r.IPs) > 0 {
			addr = r.IPs[0]
			if len(r.IPs) > 1 {
				addr += " +" + strconv.Itoa(len(r.IPs)-1)
			}
		}
		row(w, "  ", pad(id(r.ID), 4), fit(or(r.Center, "-"), 10), pad(strings.ToUpper(or(string(r.Type), "-")), 4),
			fit(r.RemotePath, 15), fit(r.LocalPath, 12), fit(addr, 15), termtext.PadLeft(zdm.Printable(r.Size.String()), 9))
	}
}

// row prints one line: lead, then the cells a space apart, its trailing
// blanks trimmed.
func row(w io.Writer, lead string, cells ...string) {
	fmt.Fprintln(w, strings.TrimRight(lead+strings.Join(cells, " "), " "))
}

// pad is the server's text s, made printable, filled to n columns.
func pad(s string, n int) string { return termtext.Pad(zdm.Printable(s), n) }

// fit is the server's text s, made printable, cut to n columns (ending
// with "…" when it was longer) and filled to n.
func fit(s string, n int) string {
	return termtext.Pad(termtext.Cut(zdm.Printable(s), n, termtext.End), n)
}

// id is an ID as printed, "-" for none.
func id(v int64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatInt(v, 10)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
