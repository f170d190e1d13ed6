package zdmtest

import (
	"slices"
	"strings"
)

// Scenario is a server's state as data: users, centers, servers,
// recovery jobs with their plans, and faults to serve. [Server.Load] adds
// one to a server at once; zdm-fake reads one from its scenario files
// (beside a few settings of its own) and its control API takes its parts.
// Its JSON form uses the names in the tags:
//
//	{"users": [{"email": "ops@example.com", "password": "secret"}],
//	 "centers": ["Seoul DC"],
//	 "servers": [{"name": "web-01", "os": "Rocky Linux 9.3"}],
//	 "jobs": [{"name": "daily-recovery", "source": "web-01", "center": "Seoul DC",
//	           "partitions": [{"partition": "/", "ramp": [10, 60]}]}],
//	 "plans": {"daily-recovery": [{"phase": "running", "percent": 50}]},
//	 "defaultPlan": [{"phase": "preparing"}, {"phase": "completed", "percent": 100}],
//	 "faults": [{"kind": "status", "status": 503, "count": 2}]}
//
// The zero Scenario is empty. What else a server holds joins it here.
type Scenario struct {
	// Users may issue tokens besides the default user.
	Users []User `json:"users,omitempty"`
	// Centers are registered in order (IDs 1, 2, ... on a new server).
	// When any are given, jobs may only name these.
	Centers []string `json:"centers,omitempty"`
	// Servers are registered in order, and a job that names one (by Name
	// alone) gets its details. When any are given, jobs may only name
	// these.
	Servers []Machine `json:"servers,omitempty"`
	// Jobs are added in order, as by [Server.AddRecoveryJob].
	Jobs []JobSpec `json:"jobs,omitempty"`
	// Plans are the plans of the jobs' later runs, by job name, as set by
	// [Server.SetPlan].
	Plans map[string][]Step `json:"plans,omitempty"`
	// DefaultPlan, when given, replaces the server's default plan (see
	// [WithDefaultPlan]).
	DefaultPlan []Step `json:"defaultPlan,omitempty"`
	// Faults are injected in order, as by [Server.Inject].
	Faults []Injection `json:"faults,omitempty"`
}

// User is a user who may issue tokens.
type User struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Load adds the scenario to the server: users, centers, servers, jobs,
// plans (and the default plan), faults, in that order. It checks the whole scenario first
// (against itself and the jobs the server has): when anything is wrong it
// loads nothing and returns a *[ScenarioError] naming each problem by its
// JSON path.
func (s *Server) Load(sc Scenario) error {
	jobs, err := s.checkScenario(sc)
	if err != nil {
		return err
	}
	for _, u := range sc.Users {
		s.AddUser(u.Email, u.Password)
	}
	for _, c := range sc.Centers {
		s.RegisterCenter(c)
	}
	for _, m := range sc.Servers {
		s.RegisterServer(m.Name)
	}
	var p problems
	for i, spec := range jobs {
		if _, err := s.addJob(spec); err != nil {
			p.add(elem("jobs", i), "%v", err) // only a race with another writer gets here
		}
	}
	for name, steps := range sc.Plans {
		s.SetPlan(name, steps...)
	}
	s.mu.Lock()
	if len(sc.DefaultPlan) > 0 {
		s.cfg.defaultPlan = slices.Clone(sc.DefaultPlan)
	}
	for _, in := range sc.Faults {
		s.faults = append(s.faults, &injection{fault: in.Fault, remaining: in.Count})
	}
	s.mu.Unlock()
	return p.err()
}

// checkScenario returns the scenario's jobs with the declared servers'
// details filled in, or what is wrong with it.
func (s *Server) checkScenario(sc Scenario) ([]JobSpec, error) {
	var p problems
	for i, u := range sc.Users {
		path := elem("users", i)
		if strings.TrimSpace(u.Email) == "" {
			p.add(member(path, "email"), "empty")
		}
		if u.Password == "" {
			p.add(member(path, "password"), "empty")
		}
	}
	centers := declared(&p, "centers", sc.Centers, func(c string) string { return c })
	servers := declared(&p, "servers", sc.Servers, func(m Machine) string { return m.Name })
	details := map[string]Machine{}
	for _, m := range sc.Servers {
		details[m.Name] = m
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	jobs := make([]JobSpec, len(sc.Jobs))
	ids := map[int]bool{}
	type nameIn struct{ name, center string }
	var names []nameIn
	for i, spec := range sc.Jobs {
		path := elem("jobs", i)
		spec.check(&p, path)
		for _, m := range []struct {
			field string
			v     *Machine
		}{{"source", &spec.Source}, {"target", &spec.Target}} {
			switch d, ok := details[m.v.Name]; {
			case m.v.Name == "" || servers == nil:
			case !ok:
				p.add(member(path, m.field), "%q is not among the declared servers", m.v.Name)
			case m.v.OS == "" && m.v.Agent == "" && m.v.PublicIP == "" && len(m.v.PrivateIPs) == 0:
				*m.v = d
			}
		}
		if spec.Center != "" && centers != nil && !centers[spec.Center] {
			p.add(member(path, "center"), "%q is not among the declared centers", spec.Center)
		}
		if spec.ID != 0 {
			if _, taken := s.jobsByID[spec.ID]; taken || ids[spec.ID] {
				p.add(member(path, "id"), "%d is taken by another job", spec.ID)
			}
			ids[spec.ID] = true
		}
		if spec.Name != "" {
			taken := s.nameTakenLocked(spec.Name, spec.Center, nil) != nil
			for _, o := range names {
				taken = taken || o.name == spec.Name && (o.center == spec.Center || o.center == "" || spec.Center == "")
			}
			if taken {
				p.add(member(path, "name"), "%q is taken by another job in the same center", spec.Name)
			}
			names = append(names, nameIn{spec.Name, spec.Center})
		}
		jobs[i] = spec
	}
	plans := make([]string, 0, len(sc.Plans))
	for name := range sc.Plans {
		plans = append(plans, name)
	}
	slices.Sort(plans)
	for _, name := range plans {
		p.steps(member("plans", name), sc.Plans[name])
	}
	p.steps("defaultPlan", sc.DefaultPlan)
	for i, in := range sc.Faults {
		in.check(&p, elem("faults", i))
	}
	return jobs, p.err()
}

// declared checks a list of declared names (none empty, none twice) and
// returns them as a set, or nil when the list is empty.
func declared[T any](p *problems, path string, list []T, name func(T) string) map[string]bool {
	if len(list) == 0 {
		return nil
	}
	set := map[string]bool{}
	for i, v := range list {
		n := name(v)
		switch {
		case strings.TrimSpace(n) == "":
			p.add(elem(path, i)+nameField(path), "empty name")
		case set[n]:
			p.add(elem(path, i)+nameField(path), "%q is declared twice", n)
		}
		set[n] = true
	}
	return set
}

// nameField is the path suffix of a declared entry's name: centers are
// names, servers are objects with one.
func nameField(path string) string {
	if path == "servers" {
		return ".name"
	}
	return ""
}
