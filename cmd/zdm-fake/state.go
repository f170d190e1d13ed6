package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// serverOpts are the settings a reset keeps: they shape the URL, the
// wire format and the request log, so changing them takes a restart.
type serverOpts struct {
	dialect    zdmtest.Dialect
	prefix     string         // "" for the dialect's
	zone       *time.Location // nil for zdmtest's default (+09:00, KST)
	requestLog int            // requests the log keeps
}

// apiPrefix is the API root path.
func (o serverOpts) apiPrefix() string {
	if o.prefix != "" {
		return o.prefix
	}
	return o.dialect.Prefix()
}

// document is a JSON document, to place problems in.
type document struct {
	name string
	data []byte // nil: problems are named by field only
	// path turns a problem's path (in zdmtest.Scenario's JSON form) into
	// one in data, for a body that holds a part of a scenario (a job, a
	// fault); nil keeps it.
	path func(string) string
}

// mostProblems is how many problems an error lists.
const mostProblems = 20

// errorf places problems in the document: one line each, "name:line:col:
// field: problem", in the order of the document, or nil when there are
// none.
func (d document) errorf(problems []zdmtest.Problem) error {
	if len(problems) == 0 {
		return nil
	}
	type placed struct {
		path, msg string
		off       int
	}
	list := make([]placed, len(problems))
	for i, p := range problems {
		list[i] = placed{path: p.Path, msg: p.Message}
		if d.path != nil {
			list[i].path = d.path(p.Path)
		}
		if d.data != nil {
			list[i].off = pathOffset(d.data, list[i].path)
		}
	}
	slices.SortStableFunc(list, func(a, b placed) int { return a.off - b.off })
	var lines []string
	for i, p := range list {
		if i == mostProblems {
			lines = append(lines, fmt.Sprintf("... and %d more", len(list)-mostProblems))
			break
		}
		if d.data == nil {
			lines = append(lines, zdm.Printable(zdmtest.Problem{Path: p.path, Message: p.msg}.String()))
			continue
		}
		lines = append(lines, posError(d.name, d.data, p.off, p.path, p.msg).Error())
	}
	return errors.New(strings.Join(lines, "\n"))
}

// place places err in the document: a *zdmtest.ScenarioError's problems
// each where they are, another error as it is.
func (d document) place(err error) error {
	var se *zdmtest.ScenarioError
	if errors.As(err, &se) {
		return d.errorf(se.Problems)
	}
	return err
}

// state is one life of the fake server, from start or a reset to the
// next reset: a zdmtest server (with its world: the scenario's, or
// zdmtest's default one), its clock and a ready token.
type state struct {
	srv   *zdmtest.Server
	clock *fakeClock
	token string
}

// newState starts a zdmtest server in process and loads the scenario into
// it. Problems with the scenario are placed in doc.
func newState(o serverOpts, sc *scenario, doc document) (*state, error) {
	var problems []zdmtest.Problem
	bad := func(path, format string, args ...any) {
		problems = append(problems, zdmtest.Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	clock := newClock(time.Time{}, false)
	if c := sc.Clock; c != nil {
		var start time.Time
		if c.Start != "" {
			t, err := time.Parse(time.RFC3339, c.Start)
			switch {
			case err != nil:
				bad("clock.start", "%q is not an RFC 3339 time such as \"2026-01-17T06:00:00Z\"", c.Start)
			case !inClockRange(t):
				bad("clock.start", "%s is outside the clock's range: %s", c.Start, clockRange)
			default:
				start = t
			}
		}
		clock = newClock(start, c.Frozen)
	}
	opts := []zdmtest.Option{
		zdmtest.WithInProcess(), zdmtest.WithDialect(o.dialect), zdmtest.WithClock(clock.Now),
		zdmtest.WithRequestLog(o.requestLog),
	}
	if len(sc.Centers) > 0 {
		// A scenario that declares centers declares its whole world;
		// one that declares none adds to zdmtest's default world.
		opts = append(opts, zdmtest.WithWorld(zdmtest.World{}))
	}
	if o.prefix != "" {
		opts = append(opts, zdmtest.WithPrefix(o.prefix))
	}
	if o.zone != nil {
		opts = append(opts, zdmtest.WithServerTimeZone(o.zone))
	}
	if sc.TokenLifetime != "" {
		d, err := time.ParseDuration(sc.TokenLifetime)
		switch {
		case err != nil:
			bad("tokenLifetime", "%q is not a duration such as \"1h\"", sc.TokenLifetime)
		case d <= 0:
			bad("tokenLifetime", "%q is not positive", sc.TokenLifetime)
		default:
			opts = append(opts, zdmtest.WithTokenLifetime(d))
		}
	}
	srv, err := zdmtest.Start(opts...)
	if err != nil {
		return nil, err
	}
	err = srv.Load(sc.Scenario)
	var se *zdmtest.ScenarioError
	if errors.As(err, &se) {
		problems = append(problems, se.Problems...)
	} else if err != nil {
		problems = append(problems, zdmtest.Problem{Message: err.Error()})
	}
	if err := doc.errorf(problems); err != nil {
		srv.Close()
		return nil, err
	}
	return &state{srv: srv, clock: clock, token: srv.Token()}, nil
}

// load loads a part of a scenario (a job, faults, a plan) into the state,
// checked against the world; its problems are placed in doc.
func (st *state) load(part zdmtest.Scenario, doc document) error {
	return doc.place(st.srv.Load(part))
}

// close ends the state's server: answers waiting on a delay give up.
func (st *state) close() { st.srv.Close() }

// errResetOpts is the answer to a reset that tries to change what only a
// restart changes.
var errResetOpts = errors.New("dialect, prefix and timeZone cannot change at a reset: restart zdm-fake")
