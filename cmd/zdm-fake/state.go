package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// serverOpts are the settings a reset keeps: they shape the URL and the
// wire format, so changing them takes a restart.
type serverOpts struct {
	dialect   zdmtest.Dialect
	prefix    string         // "" for the dialect's
	zone      *time.Location // nil for zdmtest's default (+09:00, KST)
	tokenLife time.Duration  // 0 for zdmtest's default (1h)
}

// apiPrefix is the API root path.
func (o serverOpts) apiPrefix() string {
	if o.prefix != "" {
		return o.prefix
	}
	return o.dialect.Prefix()
}

// document is a JSON document with what is needed to place its errors.
type document struct {
	name string
	data []byte
	idx  *jsonIndex
}

// errorf places problems in the document.
func (d document) errorf(p *problems) error { return p.err(d.name, d.data, d.idx) }

// state is one life of the fake server, from start or a reset to the
// next reset: a zdmtest server, its clock and a ready token.
type state struct {
	srv   *zdmtest.Server
	clock *fakeClock
	token string
	env   jobEnv // the declared servers and centers, for jobs added later
}

// newState starts a zdmtest server in process and fills it from the
// scenario. Problems with the scenario are placed in doc.
func newState(o serverOpts, sc *scenario, doc document) (*state, error) {
	var p problems
	clock := newClock(time.Time{}, false)
	if c := sc.Clock; c != nil {
		var start time.Time
		if c.Start != "" {
			t, err := time.Parse(time.RFC3339, c.Start)
			if err != nil {
				p.add("clock.start", "%q is not an RFC 3339 time such as \"2026-01-17T06:00:00Z\"", c.Start)
			}
			start = t
		}
		clock = newClock(start, c.Frozen)
	}
	opts := []zdmtest.Option{
		zdmtest.WithInProcess(), zdmtest.WithDialect(o.dialect), zdmtest.WithClock(clock.Now),
	}
	if o.prefix != "" {
		opts = append(opts, zdmtest.WithPrefix(o.prefix))
	}
	if o.zone != nil {
		opts = append(opts, zdmtest.WithServerTimeZone(o.zone))
	}
	if o.tokenLife > 0 {
		opts = append(opts, zdmtest.WithTokenLifetime(o.tokenLife))
	} else if d := p.duration("tokenLifetime", sc.TokenLifetime, false); d > 0 {
		opts = append(opts, zdmtest.WithTokenLifetime(d))
	}
	if len(sc.DefaultPlan) > 0 {
		opts = append(opts, zdmtest.WithDefaultPlan(p.steps("defaultPlan", sc.DefaultPlan)...))
	}
	env := p.declarations(sc)
	env.now = clock.Now()
	type jobPlan struct {
		spec zdmtest.JobSpec
		plan []zdmtest.Step
	}
	var jobs []jobPlan
	// Names are unique per center, as on the vendor's servers; a job
	// with no center holds its name in every center.
	ids, centersOf := map[int]bool{}, map[string][]string{}
	for i, d := range sc.Jobs {
		path := fmt.Sprintf("jobs[%d]", i)
		spec, plan := p.job(path, d, env)
		if d.ID != 0 && ids[d.ID] {
			p.add(path+".id", "%d is taken by an earlier job", d.ID)
		}
		if d.Name != "" {
			for _, c := range centersOf[d.Name] {
				if c == spec.Center || c == "" || spec.Center == "" {
					p.add(path+".name", "%q is taken by an earlier job in the same center", d.Name)
					break
				}
			}
			centersOf[d.Name] = append(centersOf[d.Name], spec.Center)
		}
		ids[d.ID] = true
		jobs = append(jobs, jobPlan{spec, plan})
	}
	type inject struct {
		n int
		f zdmtest.Fault
	}
	var faults []inject
	for i, d := range sc.Faults {
		n, f := p.fault(fmt.Sprintf("faults[%d]", i), d)
		faults = append(faults, inject{n, f})
	}
	for i, u := range sc.Users {
		if strings.TrimSpace(u.Email) == "" {
			p.add(fmt.Sprintf("users[%d].email", i), "empty")
		}
		if u.Password == "" {
			p.add(fmt.Sprintf("users[%d].password", i), "empty")
		}
	}
	if err := doc.errorf(&p); err != nil {
		return nil, err
	}

	srv, err := zdmtest.Start(opts...)
	if err != nil {
		return nil, err
	}
	for _, u := range sc.Users {
		srv.AddUser(u.Email, u.Password)
	}
	for _, c := range sc.Centers {
		srv.RegisterCenter(c)
	}
	for _, m := range sc.Servers {
		srv.RegisterServer(m.Name)
	}
	for _, j := range jobs {
		job := srv.AddRecoveryJob(j.spec)
		if j.plan != nil {
			srv.SetPlan(job.Name(), j.plan...)
		}
	}
	for _, in := range faults {
		srv.Inject(in.n, in.f)
	}
	if err := srv.Err(); err != nil {
		srv.Close()
		return nil, fmt.Errorf("%s: %w", doc.name, err)
	}
	env.now = time.Time{}
	return &state{srv: srv, clock: clock, token: srv.Token(), env: env}, nil
}

// declarations checks the declared centers and servers and returns them
// as the environment of the jobs.
func (p *problems) declarations(sc *scenario) jobEnv {
	var env jobEnv
	if len(sc.Centers) > 0 {
		env.centers = map[string]bool{}
	}
	for i, c := range sc.Centers {
		path := fmt.Sprintf("centers[%d]", i)
		switch {
		case strings.TrimSpace(c) == "":
			p.add(path, "empty center name")
		case env.centers[c]:
			p.add(path, "%q is declared twice", c)
		}
		env.centers[c] = true
	}
	if len(sc.Servers) > 0 {
		env.servers = map[string]zdmtest.Machine{}
	}
	for i, m := range sc.Servers {
		path := fmt.Sprintf("servers[%d].name", i)
		if strings.TrimSpace(m.Name) == "" {
			p.add(path, "empty server name")
		} else if _, dup := env.servers[m.Name]; dup {
			p.add(path, "%q is declared twice", m.Name)
		}
		env.servers[m.Name] = zdmtest.Machine{Name: m.Name, OS: m.OS, Agent: m.Agent, PublicIP: m.PublicIP, PrivateIPs: m.PrivateIPs}
	}
	return env
}

// close ends the state's server: answers waiting on a delay give up.
func (st *state) close() { st.srv.Close() }

// errResetOpts is the answer to a reset that tries to change what only a
// restart changes.
var errResetOpts = errors.New("dialect, prefix and timeZone cannot change at a reset: restart zdm-fake")
