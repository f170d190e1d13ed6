package zdmtest

import (
	"slices"
	"time"
)

// runState is where a job stands in its runs. Guarded by srv.mu.
type runState struct {
	idle     bool      // registered, never started
	runs     int       // runs started so far (AddRecoveryJob's first included)
	base     int       // j.polls when the current run started
	recorded bool      // the current run's ending is in the histories
	updated  time.Time // last change: registration, start, stop, update, end
	plan     []Step    // steps every partition follows on its next runs
}

// DefaultPlan is the plan of a run when none was set (see
// [Server.SetPlan] and [WithDefaultPlan]) and the job's partitions have
// no Steps or Simulation of their own: each partition shows Preparing,
// then Running at 50%, then Completed, one step per poll.
func DefaultPlan() []Step {
	return []Step{{Phase: PhasePreparing}, {Phase: PhaseRunning, Percent: 50}, {Phase: PhaseCompleted, Percent: 100}}
}

// SetPlan is how a test sets the plan of a job's runs: the steps every
// partition of the jobs named name follows on their next runs (each
// started by a PUT with "status": "start", by autoStart, or by
// [Job.Start]), one step per poll, the last repeating. It applies to the
// jobs of that name there are (in every center) and to jobs registered
// later under that name, such as one the code under test creates. For
// example
//
//	srv.SetPlan("nightly", zdmtest.Step{Phase: zdmtest.PhasePreparing},
//		zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full"})
//
// makes the next run of "nightly" fail on its second poll. Without a plan
// a run follows the partitions' own Steps or Simulation (those of
// [JobSpec]), else the server's default ([WithDefaultPlan], else
// [DefaultPlan]). No steps restores that. A bad step is reported as
// misuse. To pin one partition during a run, use [Job.Set].
func (s *Server) SetPlan(name string, steps ...Step) {
	if err := checkSteps(steps); err != nil {
		s.misuse("SetPlan(%q): %v", name, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPlanLocked(name, steps)
}

// setPlanLocked is SetPlan of checked steps.
func (s *Server) setPlanLocked(name string, steps []Step) {
	if s.plans == nil {
		s.plans = map[string][]Step{}
	}
	if len(steps) == 0 {
		delete(s.plans, name)
	} else {
		s.plans[name] = slices.Clone(steps)
	}
	for _, t := range []*jobTable{&s.recoveries, &s.backups} {
		for _, j := range t.byName[name] {
			j.run.plan = slices.Clone(steps)
		}
	}
}

// Start starts a new run of the job, as a PUT with "status": "start"
// does: its partitions follow their plan from the first step, and the
// job shows a new start time. A job already running is left alone.
func (j *Job) Start() {
	now := j.srv.now()
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	j.startLocked(now)
}

// Stop cancels the job's run, as a PUT with "status": "stop" does: a
// running job shows Canceling for one poll, then Canceled; an idle or
// finished job is left alone.
func (j *Job) Stop() {
	now := j.srv.now()
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	j.stopLocked(now)
}

// busy reports whether the job's current run is moving.
func busy(p Phase) bool {
	return p == PhasePreparing || p == PhaseRunning || p == PhaseRebooting || p == PhaseCanceling
}

// startLocked begins a new run unless one is moving; it reports whether
// it did.
func (j *Job) startLocked(now time.Time) bool {
	if !j.run.idle && busy(j.overall(j.peek(now)).phase) {
		return false
	}
	j.run.idle = false
	j.run.runs++
	j.run.base, j.advanced, j.run.recorded, j.run.updated = j.polls, 0, false, now
	j.t0 = now
	def := j.srv.cfg.defaultPlan
	if def == nil {
		def = DefaultPlan()
	}
	for _, r := range j.rows {
		// Each run starts from the plan set for the job, else the row's
		// own, else the default: a plan set and then unset leaves
		// nothing of itself behind.
		switch {
		case j.run.plan != nil:
			r.spec.Steps, r.spec.Simulation = slices.Clone(j.run.plan), nil
		case len(r.own) > 0 || r.ownSim != nil:
			r.spec.Steps, r.spec.Simulation = slices.Clone(r.own), r.ownSim
		default:
			r.spec.Steps, r.spec.Simulation = slices.Clone(def), nil
		}
		*r = row{spec: r.spec, own: r.own, ownSim: r.ownSim, logged: -1}
	}
	j.log = append(j.log, "["+j.srv.cfg.logTime(now)+"] "+j.noun()+" started")
	return true
}

// stopLocked cancels a moving run; it reports whether it did.
func (j *Job) stopLocked(now time.Time) bool {
	if j.run.idle || !busy(j.overall(j.peek(now)).phase) {
		return false
	}
	shown := j.shown()
	for _, r := range j.rows {
		cur := j.state(r, now, shown)
		if cur.phase.finished() {
			continue
		}
		r.override = &rowState{phase: PhaseCanceling, percent: cur.percent, start: orTime(cur.start, now), step: -1}
		r.cancelShown = false
	}
	j.run.updated = now
	j.log = append(j.log, "["+j.srv.cfg.logTime(now)+"] Cancel requested")
	return true
}

// overall is the job-level state of the rows' states: Registered (or
// Scheduled) for a job never started.
func (j *Job) overall(states []rowState) rowState {
	if j.run.idle {
		st := rowState{phase: PhasePending, step: -1}
		if j.spec.Scheduled {
			st.phase = PhaseScheduled
		}
		return st
	}
	return aggregate(states)
}

// settle writes the history row of a run seen finished. Guarded by
// srv.mu.
func (j *Job) settle(states []rowState, now time.Time) {
	if j.run.idle {
		return
	}
	agg := aggregate(states)
	if !agg.phase.finished() {
		j.run.recorded = false
		return
	}
	if j.run.recorded || !j.table().has(j) {
		return
	}
	j.run.recorded = true
	j.run.updated = orTime(agg.end, now)
	if j.backup != nil {
		j.srv.endBackupRunLocked(j, agg, states)
		return
	}
	h := &History{
		JobID: j.id, JobName: j.name, Source: j.spec.Source.Name, Target: j.spec.Target.Name,
		Center: j.spec.Center, Start: orTime(agg.start, now), End: orTime(agg.end, now),
		Result: HistoryComplete, Description: "Recovery completed successfully",
	}
	for _, r := range j.rows {
		h.RecoverDrive = append(h.RecoverDrive, r.spec.target())
	}
	switch agg.phase {
	case PhaseFailed:
		h.Result, h.Description = HistoryFail, "Recovery failed"
		for _, st := range states {
			if st.phase == PhaseFailed && st.message != "" {
				h.Description = st.message
				break
			}
		}
	case PhaseCanceled:
		h.Result, h.Description = HistoryFail, "Recovery canceled by user"
	}
	j.srv.addHistoryLocked(h)
}

// Status is the job-level phase the job shows now (what a list or get
// answer would say), without counting a poll.
func (j *Job) Status() Phase {
	now := j.srv.now()
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	return j.overall(j.peek(now)).phase
}

// Runs is how many runs of the job have started: an idle job has none,
// one added without Idle has one, and each start adds one.
func (j *Job) Runs() int {
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	return j.run.runs
}

// Server is the server a backup job backs up, or a recovery job's
// source.
func (j *Job) Server() string { return j.spec.Source.Name }

// Partitions are the job's partitions or drives ("/", "C:"), in order:
// a backup job's one, a recovery job's rows.
func (j *Job) Partitions() []string {
	out := make([]string, len(j.rows))
	for i, r := range j.rows {
		out[i] = r.spec.name()
	}
	return out
}

// Center is the center the job belongs to ("" for none).
func (j *Job) Center() string { return j.spec.Center }

// Histories returns copies of the job's history rows, oldest first.
func (j *Job) Histories() []History {
	now := j.srv.now()
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	j.peek(now)
	var out []History
	for _, h := range j.historyList() {
		if h.JobID == j.id {
			out = append(out, h.clone())
		}
	}
	return out
}

// Jobs returns the server's recovery jobs in ID order.
func (s *Server) Jobs() []*Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recoveries.sorted(false)
}
