package zdmtest

import "time"

// cursor is the script step the next poll shows. Guarded by srv.mu.
func (j *Job) cursor() int { return (j.polls-j.run.base)/j.perStep + j.advanced }

// shown is the script step the last poll showed (the first step before
// any poll of the run). Guarded by srv.mu.
func (j *Job) shown() int { return max(j.polls-j.run.base-1, 0)/j.perStep + j.advanced }

// state is what row r shows at now with the script at cursor, times
// filled in from what was seen before, without recording anything.
func (j *Job) state(r *row, now time.Time, cursor int) rowState {
	var st rowState
	switch {
	case j.run.idle:
		st = rowState{phase: PhasePending, step: -1}
		if j.spec.Scheduled {
			st.phase = PhaseScheduled // waits for its schedule; never started
		}
		return st
	case r.override != nil:
		st = *r.override
		if st.phase == PhaseCanceling && r.cancelShown {
			st.phase, st.end = PhaseCanceled, now
		}
	case len(r.spec.Steps) > 0:
		i := min(cursor, len(r.spec.Steps)-1)
		st = stepState(r.spec.Steps[i], i)
	case r.spec.Simulation != nil:
		st = r.spec.Simulation.at(j.t0, now)
	default:
		st = rowState{phase: PhasePending, step: -1}
	}
	if j.spec.Scheduled && st.phase == PhaseCompleted {
		st.phase = PhaseScheduled
	}
	// Plans without times of their own take them from when the phase
	// was first seen.
	if st.phase != PhasePending && st.start.IsZero() {
		st.start = orTime(r.started, now)
	}
	if st.end.IsZero() {
		switch {
		case st.phase == PhaseRebooting:
			st.end = orTime(r.rebooted, now)
		case st.phase.finished():
			st.end = orTime(r.ended, now)
		}
	}
	return st
}

// poll is one monitoring request reaching the job: it returns every row's
// state and records what was seen (first-seen times, log lines, a cancel
// on its way). Guarded by srv.mu.
func (j *Job) poll(now time.Time) []rowState {
	cursor := j.cursor()
	j.polls++
	states := make([]rowState, len(j.rows))
	for i, r := range j.rows {
		st := j.state(r, now, cursor)
		j.observe(r, st, now)
		states[i] = st
	}
	j.settle(states, now)
	return states
}

// peek is what every row shows now, as of the last poll, without
// counting a poll; a run seen finished is recorded. Guarded by srv.mu.
func (j *Job) peek(now time.Time) []rowState {
	shown := j.shown()
	states := make([]rowState, len(j.rows))
	for i, r := range j.rows {
		states[i] = j.state(r, now, shown)
	}
	j.settle(states, now)
	return states
}

// observe records that row r was shown in state st.
func (j *Job) observe(r *row, st rowState, now time.Time) {
	if st.phase == PhasePending {
		r.started = time.Time{}
	} else if r.started.IsZero() {
		r.started = st.start
	}
	if st.phase == PhaseRebooting && r.rebooted.IsZero() {
		r.rebooted = st.end
	}
	if st.phase.finished() {
		if r.ended.IsZero() {
			r.ended = st.end
		}
	} else {
		r.ended = time.Time{}
		if st.phase != PhaseRebooting {
			r.rebooted = time.Time{}
		}
	}
	if r.override != nil && r.override.phase == PhaseCanceling {
		if r.cancelShown {
			*r.override = st // Canceled, with its end time
		}
		r.cancelShown = true
	}

	// The job log grows: script steps add their lines; other plans log
	// each phase change.
	if st.step >= 0 {
		for k := r.logged + 1; k <= st.step; k++ {
			if l := r.spec.Steps[k].Log; l != "" {
				j.log = append(j.log, l)
			}
		}
		r.logged = max(r.logged, st.step)
	} else if r.override == nil && (!r.seen || r.lastPhase != st.phase) && (r.seen || st.phase != PhasePending) {
		at := now
		switch {
		case st.phase.finished():
			at = st.end
		case st.phase == PhasePreparing:
			at = st.start
		}
		if at.IsZero() {
			at = now // a state with no time of its own (a schedule never run)
		}
		j.log = append(j.log, "["+j.srv.cfg.logTime(at)+"] "+r.spec.name()+": "+j.srv.cfg.describe(st, j.noun()))
	}
	r.lastPhase, r.seen = st.phase, true
}

// describe is the message a row of a job of kind noun in state st shows.
func (c *Settings) describe(st rowState, noun string) string {
	if st.message != "" {
		return st.message
	}
	return c.defaultMessage(st.phase, noun)
}
