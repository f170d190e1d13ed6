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

// settings are the command line (and the environment).
type settings struct {
	addr         string
	dialect      string
	prefix       string
	timeZone     string
	scenario     string
	grace        time.Duration
	quiet        bool
	requestLog   int
	tls          bool
	tlsCert      string
	tlsKey       string
	redirectAddr string
	given        map[string]bool // settings given by a flag or the environment
}

// setting is one flag, the environment variable that sets it when the
// flag is not given, and its line in -h.
type setting struct {
	name, arg, help string
	bind            func(fs *flag.FlagSet, s *settings)
}

// envPrefix starts the environment variables: ZDM_FAKE_ADDR for -addr.
const envPrefix = "ZDM_FAKE_"

// env is the environment variable of a flag.
func (st setting) env() string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(st.name, "-", "_"))
}

// settingsTable is every flag: the flag set, the environment and -h are
// made from it.
var settingsTable = []setting{
	{"addr", "host:port", "where to listen (default 127.0.0.1:8080; port 0 picks a free one, printed on the url line; in a container, 0.0.0.0:8080)",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.addr, "addr", "127.0.0.1:8080", "") }},
	{"dialect", "name", "the server generation: v1 (the default: released 1.x/2.x servers, /api, Korean messages), v3 (3.0.0, /api) or draft (the draft API, /api/v1)",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.dialect, "dialect", "v1", "") }},
	{"prefix", "path", "serve the API under path instead of the dialect's root",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.prefix, "prefix", "", "") }},
	{"time-zone", "zone", "zone of the server's local times: an IANA name (\"Asia/Seoul\", \"UTC\") or an offset (\"+09:00\") (default +09:00)",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.timeZone, "time-zone", "", "") }},
	{"scenario", "file", "load users, centers, servers, jobs, plans and faults from a JSON file (schema below)",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.scenario, "scenario", "", "") }},
	{"grace", "duration", "how long a stop waits for requests in flight (default 10s)",
		func(fs *flag.FlagSet, s *settings) { fs.DurationVar(&s.grace, "grace", 10*time.Second, "") }},
	{"quiet", "", "do not log requests",
		func(fs *flag.FlagSet, s *settings) { fs.BoolVar(&s.quiet, "quiet", false, "") }},
	{"request-log", "n", "how many requests GET /_fake/requests keeps: a ring of the last n (default 1000; 0 keeps every request, without bound)",
		func(fs *flag.FlagSet, s *settings) { fs.IntVar(&s.requestLog, "request-log", 1000, "") }},
	{"tls", "", "serve HTTPS with a self-signed certificate made at start (for 127.0.0.1, ::1, localhost and the -addr host); its PEM file and SHA-256 fingerprint are printed (cert, sha256 lines)",
		func(fs *flag.FlagSet, s *settings) { fs.BoolVar(&s.tls, "tls", false, "") }},
	{"tls-cert", "file", "serve HTTPS with this certificate (PEM) and -tls-key",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.tlsCert, "tls-cert", "", "") }},
	{"tls-key", "file", "the private key (PEM) of -tls-cert",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.tlsKey, "tls-key", "", "") }},
	{"redirect-addr", "host:port", "with HTTPS, also listen here in plain HTTP and answer every request with a 308 redirect to the same path on HTTPS (printed on the redirect line)",
		func(fs *flag.FlagSet, s *settings) { fs.StringVar(&s.redirectAddr, "redirect-addr", "", "") }},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// run is the program; it returns the exit code. It serves until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) (string, bool), stdout, stderr io.Writer) int {
	set, code := parseFlags(args, getenv, stdout, stderr)
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

// parseFlags reads the command line, and the environment for the flags
// not on it; a code >= 0 means exit with it.
func parseFlags(args []string, getenv func(string) (string, bool), stdout, stderr io.Writer) (settings, int) {
	var set settings
	fs := flag.NewFlagSet("zdm-fake", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, st := range settingsTable {
		st.bind(fs, &set)
	}
	usageErr := func(format string, args ...any) (settings, int) {
		fmt.Fprintf(stderr, "zdm-fake: "+format+"\nRun zdm-fake -h for usage.\n", args...)
		return set, exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText())
			return set, exitStopped
		}
		return usageErr("%v", err)
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	set.given = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set.given[fl.Name] = true })
	for _, st := range settingsTable {
		v, ok := getenv(st.env())
		if !ok || set.given[st.name] {
			continue
		}
		if err := fs.Set(st.name, v); err != nil {
			return usageErr("%s=%q: %v", st.env(), v, err)
		}
		set.given[st.name] = true
	}
	switch {
	case set.grace < 0:
		return usageErr("-grace %v is negative", set.grace)
	case set.requestLog < 0:
		return usageErr("-request-log %d is negative: want how many requests to keep, or 0 for all", set.requestLog)
	case (set.tlsCert == "") != (set.tlsKey == ""):
		return usageErr("-tls-cert and -tls-key go together")
	case set.tls && set.tlsCert != "":
		return usageErr("-tls makes a certificate: give it or -tls-cert and -tls-key, not both")
	case set.redirectAddr != "" && !set.tls && set.tlsCert == "":
		return usageErr("-redirect-addr redirects to HTTPS: give -tls or -tls-cert and -tls-key too")
	}
	return set, -1
}

// setUp loads the scenario and builds the first state.
func setUp(set settings) (*fake, error) {
	if set.scenario == "" {
		return setUpFrom(set, document{name: "(no scenario)"})
	}
	data, err := os.ReadFile(set.scenario)
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = []byte{} // an empty file is an empty document, not no scenario
	}
	return setUpFrom(set, document{name: set.scenario, data: data})
}

// setUpFrom builds the first state from a scenario document (none when
// doc.data is nil).
func setUpFrom(set settings, doc document) (*fake, error) {
	sc := &scenario{}
	if doc.data != nil {
		if err := decodeStrict(doc.name, doc.data, sc); err != nil {
			return nil, err
		}
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

// resolveOpts merges the flags with the scenario's settings; flags (and
// the environment) win.
func resolveOpts(set settings, sc *scenario, doc document) (serverOpts, error) {
	var flagErrs []string
	var inDoc []zdmtest.Problem
	bad := func(where, format string, args ...any) {
		if strings.HasPrefix(where, "-") {
			flagErrs = append(flagErrs, where+": "+fmt.Sprintf(format, args...))
		} else {
			inDoc = append(inDoc, zdmtest.Problem{Path: where, Message: fmt.Sprintf(format, args...)})
		}
	}
	o := serverOpts{requestLog: set.requestLog}
	pick := func(flagName, flagVal, field, scVal string) (string, string) {
		if set.given[flagName] || scVal == "" {
			return flagVal, "-" + flagName
		}
		return scVal, field
	}
	dialect, where := pick("dialect", set.dialect, "dialect", sc.Dialect)
	d, ok := parseDialect(dialect)
	if !ok {
		bad(where, "unknown dialect %q (want v1, v3 or draft)", dialect)
	}
	o.dialect = d
	prefix, where := pick("prefix", set.prefix, "prefix", sc.Prefix)
	if prefix != "" {
		if probe, err := zdmtest.Start(zdmtest.WithInProcess(), zdmtest.WithPrefix(prefix)); err != nil {
			bad(where, "%q is not an absolute path below the root, such as \"/api\"", prefix)
		} else if probe.Close(); prefix == controlRoot || strings.HasPrefix(prefix, controlRoot+"/") {
			bad(where, "%q is the control API's", prefix)
		}
		o.prefix = strings.TrimSuffix(prefix, "/")
	}
	zone, where := pick("time-zone", set.timeZone, "timeZone", sc.TimeZone)
	if zone != "" {
		loc, err := parseZone(zone)
		if err != nil {
			bad(where, "%v", err)
		}
		o.zone = loc
	}
	if err := doc.errorf(inDoc); err != nil {
		flagErrs = append(flagErrs, err.Error())
	}
	if len(flagErrs) > 0 {
		return o, errors.New(strings.Join(flagErrs, "\n"))
	}
	return o, nil
}

// parseDialect reads v1, v3 or draft ("seed", its name before, is read as
// draft).
func parseDialect(s string) (zdmtest.Dialect, bool) {
	if strings.EqualFold(s, "seed") {
		return zdmtest.DialectDraft, true
	}
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3} {
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
