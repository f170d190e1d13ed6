package zdmtest

import (
	"slices"
	"strings"
)

// Scenario is a server's state as data: users, the world (centers,
// servers, repositories, schedules, licences, backup jobs and images),
// recovery jobs with their plans, and faults to serve. [Server.Load]
// adds one to a server at once; zdm-fake reads one from its scenario
// files (beside a few settings of its own) and its control API takes its
// parts. Its JSON form uses the names in the tags:
//
//	{"users": [{"email": "ops@example.com", "password": "secret"}],
//	 "centers": ["Seoul DC"],
//	 "servers": [{"name": "web-01", "center": "Seoul DC", "os": "Rocky Linux 9.3",
//	              "partitions": [{"letter": "/"}, {"letter": "/home", "size": "200GB"}]},
//	             {"name": "web-01-dr", "center": "Seoul DC", "mode": "target",
//	              "partitions": [{"letter": "/"}, {"letter": "/home"}]}],
//	 "repositories": [{"id": 9, "center": "Seoul DC", "type": "nfs", "remotePath": "/backup"}],
//	 "backups": [{"server": "web-01", "partition": "/", "idle": true}],
//	 "images": [{"job": "web-01_ROOT", "createdAt": "2026-01-16T02:00:00Z"}],
//	 "jobs": [{"name": "daily-recovery", "source": "web-01", "target": "web-01-dr", "center": "Seoul DC",
//	           "partitions": [{"partition": "/", "ramp": [10, 60]}]}],
//	 "plans": {"daily-recovery": [{"phase": "running", "percent": 50}]},
//	 "defaultPlan": [{"phase": "preparing"}, {"phase": "completed", "percent": 100}],
//	 "faults": [{"kind": "status", "status": 503, "count": 2}]}
//
// The zero Scenario is empty. What else a server holds joins it here.
type Scenario struct {
	// Users may issue tokens besides the default user.
	Users []User `json:"users,omitempty"`
	// World is added to the server's world (see [World] for the order);
	// its JSON members sit beside the others: "centers", "servers", ...
	World
	// Jobs are recovery jobs, added in order as by [Server.AddRecoveryJob],
	// except that they must name centers and servers of the world (the
	// server's, or the scenario's).
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

// Load adds the scenario to the server: users, the world, jobs, plans
// (and the default plan), faults, in that order. It checks the whole
// scenario (against itself and what the server holds): when anything is
// wrong it loads nothing and returns a *[ScenarioError] naming each
// problem by its JSON path.
func (s *Server) Load(sc Scenario) error {
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
	var rest problems // of the parts after the jobs, which need no world
	plans := make([]string, 0, len(sc.Plans))
	for name := range sc.Plans {
		plans = append(plans, name)
	}
	slices.Sort(plans)
	for _, name := range plans {
		rest.steps(member("plans", name), sc.Plans[name])
	}
	rest.steps("defaultPlan", sc.DefaultPlan)
	for i, in := range sc.Faults {
		in.check(&rest, elem("faults", i))
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := s.snapshotLocked()
	s.addWorldLocked(sc.World, &p, now)
	for i, spec := range sc.Jobs {
		path := elem("jobs", i)
		n := len(p.list)
		spec.check(&p, path)
		s.placeJobIfLocked(s.newJob(spec, now), true, &p, path, n)
	}
	p.list = append(p.list, rest.list...)
	if err := p.err(); err != nil {
		s.restoreLocked(sn)
		return err
	}
	for _, u := range sc.Users {
		s.users[u.Email] = u.Password
	}
	for _, name := range plans {
		s.setPlanLocked(name, sc.Plans[name])
	}
	if len(sc.DefaultPlan) > 0 {
		s.cfg.defaultPlan = slices.Clone(sc.DefaultPlan)
	}
	for _, in := range sc.Faults {
		s.faults = append(s.faults, &injection{fault: in.Fault, remaining: in.Count})
	}
	return nil
}
