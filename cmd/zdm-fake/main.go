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
	"syscall"
	"time"
	_ "time/tzdata" // -time-zone works on machines without a zone database

	"github.com/zdmkit/go-zdm/zdmtest"
)

// The exit codes, as -h documents them.
const (
	exitStopped = 0
	exitServe   = 1
	exitUsage   = 2
)

// settings are the command line.
type settings struct {
	addr     string
	dialect  string
	prefix   string
	timeZone string
	scenario string
	grace    time.Duration
	quiet    bool
	given    map[string]bool // flags set on the command line
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program; it returns the exit code. It serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	set, code := parseFlags(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	f, err := setUp(set)
	if err != nil {
		fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
		return exitUsage
	}
	if !set.quiet {
		f.log = newAccessLog(stdout)
	}
	return serve(ctx, f, set, stdout, stderr)
}

// parseFlags reads the command line; a code >= 0 means exit with it.
func parseFlags(args []string, stdout, stderr io.Writer) (settings, int) {
	var set settings
	fs := flag.NewFlagSet("zdm-fake", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&set.addr, "addr", "127.0.0.1:8080", "")
	fs.StringVar(&set.dialect, "dialect", "v1", "")
	fs.StringVar(&set.prefix, "prefix", "", "")
	fs.StringVar(&set.timeZone, "time-zone", "", "")
	fs.StringVar(&set.scenario, "scenario", "", "")
	fs.DurationVar(&set.grace, "grace", 10*time.Second, "")
	fs.BoolVar(&set.quiet, "quiet", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return set, exitStopped
		}
		fmt.Fprintf(stderr, "zdm-fake: %v\nRun zdm-fake -h for usage.\n", err)
		return set, exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zdm-fake: unexpected argument %q\nRun zdm-fake -h for usage.\n", fs.Arg(0))
		return set, exitUsage
	}
	if set.grace < 0 {
		fmt.Fprintf(stderr, "zdm-fake: -grace %v is negative\n", set.grace)
		return set, exitUsage
	}
	set.given = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set.given[fl.Name] = true })
	return set, -1
}

// setUp loads the scenario and builds the first state.
func setUp(set settings) (*fake, error) {
	sc := &scenario{}
	doc := document{name: "(no scenario)"}
	if set.scenario != "" {
		data, err := os.ReadFile(set.scenario)
		if err != nil {
			return nil, err
		}
		if err := decodeStrict(set.scenario, data, sc); err != nil {
			return nil, err
		}
		doc = document{name: set.scenario, data: data, idx: indexJSON(data)}
	}
	opts, err := resolveOpts(set, sc, doc)
	if err != nil {
		return nil, err
	}
	st, err := newState(opts, sc, doc)
	if err != nil {
		return nil, err
	}
	f := &fake{opts: opts, scenario: sc, doc: doc}
	f.cur.Store(st)
	return f, nil
}

// resolveOpts merges the flags with the scenario's settings; flags win.
func resolveOpts(set settings, sc *scenario, doc document) (serverOpts, error) {
	var p problems
	var o serverOpts
	pick := func(flagName, flagVal, field, scVal string) (string, string) {
		if set.given[flagName] || scVal == "" {
			return flagVal, "-" + flagName
		}
		return scVal, field
	}
	dialect, where := pick("dialect", set.dialect, "dialect", sc.Dialect)
	d, ok := parseDialect(dialect)
	if !ok {
		p.add(where, "unknown dialect %q (want seed, v1 or v3)", dialect)
	}
	o.dialect = d
	prefix, where := pick("prefix", set.prefix, "prefix", sc.Prefix)
	if prefix != "" {
		if probe, err := zdmtest.Start(zdmtest.WithInProcess(), zdmtest.WithPrefix(prefix)); err != nil {
			p.add(where, "%q is not an absolute path below the root, such as \"/api\"", prefix)
		} else if probe.Close(); prefix == "/_fake" || strings.HasPrefix(prefix, "/_fake/") {
			p.add(where, "%q is the control API's", prefix)
		}
		o.prefix = strings.TrimSuffix(prefix, "/")
	}
	zone, where := pick("time-zone", set.timeZone, "timeZone", sc.TimeZone)
	if zone != "" {
		loc, err := parseZone(zone)
		if err != nil {
			p.add(where, "%v", err)
		}
		o.zone = loc
	}
	if err := flagProblems(&p, doc); err != nil {
		return o, err
	}
	return o, nil
}

// flagProblems reports problems: those of flags by themselves, those of
// the scenario placed in it.
func flagProblems(p *problems, doc document) error {
	var lines []string
	var inDoc problems
	for _, fp := range p.list {
		if strings.HasPrefix(fp.path, "-") {
			lines = append(lines, fp.path+": "+fp.msg)
		} else {
			inDoc.list = append(inDoc.list, fp)
		}
	}
	if err := doc.errorf(&inDoc); err != nil {
		lines = append(lines, err.Error())
	}
	if len(lines) == 0 {
		return nil
	}
	return errors.New(strings.Join(lines, "\n"))
}

// parseDialect reads seed, v1 or v3.
func parseDialect(s string) (zdmtest.Dialect, bool) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectSeed, zdmtest.DialectV1, zdmtest.DialectV3} {
		if strings.EqualFold(s, d.String()) {
			return d, true
		}
	}
	return zdmtest.DialectV1, false
}

// parseZone reads an IANA zone name or a fixed offset such as "+09:00".
func parseZone(s string) (*time.Location, error) {
	if t, err := time.Parse("-07:00", s); err == nil {
		_, off := t.Zone()
		return time.FixedZone("UTC"+s, off), nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil || s == "" || strings.EqualFold(s, "Local") {
		return nil, fmt.Errorf("%q is not a zone name such as \"Asia/Seoul\" or an offset such as \"+09:00\"", s)
	}
	return loc, nil
}
