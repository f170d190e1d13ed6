package zdmtest

import (
	"math/bits"
	"time"
)

// Step is one state of a scripted partition (see PartitionSpec.Steps).
// In JSON: {"phase": "running", "percent": 40, "message": "...", "log": "..."}.
type Step struct {
	// Phase is the row's state at this step.
	Phase Phase `json:"phase"`
	// Percent is 0 to 100.
	Percent int `json:"percent,omitempty"`
	// Message is the row's message; "" shows the phase's usual one.
	Message string `json:"message,omitempty"`
	// Log, when not empty, is appended to the job log when the partition
	// reaches this step (steps skipped with Job.Advance log too).
	Log string `json:"log,omitempty"`
}

// Ramp is a script that runs through the given percents and then
// completes: one Running step per percent, then a Completed step at 100%.
// Ramp(0, 50) shows "0%", "50%", then "100%" complete, one per poll.
func Ramp(percents ...int) []Step {
	steps := make([]Step, 0, len(percents)+1)
	for _, p := range percents {
		steps = append(steps, Step{Phase: PhaseRunning, Percent: p})
	}
	return append(steps, Step{Phase: PhaseCompleted, Percent: 100})
}

// Simulation is a partition whose progress follows the server's clock
// from the moment the job starts (JobSpec.StartedAt): Pending for Delay,
// Preparing for Prepare, Running for Copy with the percent rising
// linearly from 0 to 100, Rebooting (running at 100%) for Reboot, then
// Completed; or, with an Ending, Failed or Canceling then Canceled part
// way through the copy. Each phase change adds a line to the job log.
//
// In JSON durations are Go durations, and the ending is failAt (with
// failMessage) or cancelAt (with canceling): {"delay": "0s", "prepare":
// "5s", "copy": "1m", "reboot": "10s", "failAt": 40, "failMessage":
// "disk full"}.
type Simulation struct {
	// Delay is how long the row stays Pending.
	Delay time.Duration
	// Prepare is how long it stays Preparing.
	Prepare time.Duration
	// Copy is how long the copy takes, 0% to 100%.
	Copy time.Duration
	// Reboot is how long it shows Running at 100% after the copy.
	Reboot time.Duration
	// Ending is how it ends; the zero value completes.
	Ending Ending
}

// Ending is how a Simulation ends; the zero value completes. Build one
// with FailAt or CancelAt.
type Ending struct {
	kind      endingKind
	percent   int
	message   string
	canceling time.Duration
}

type endingKind int

const (
	endComplete endingKind = iota
	endFail
	endCancel
)

// FailAt ends a simulation in failure when the copy reaches percent: the
// partition shows Failed (Error, fail) with message ("" for the usual
// one) at that percent.
func FailAt(percent int, message string) Ending {
	return Ending{kind: endFail, percent: percent, message: message}
}

// CancelAt cancels a simulation when the copy reaches percent: the
// partition shows Canceling for the canceling duration, then Canceled.
func CancelAt(percent int, canceling time.Duration) Ending {
	return Ending{kind: endCancel, percent: percent, canceling: canceling}
}

// check adds what is wrong with the simulation at path.
func (sm *Simulation) check(p *problems, path string) {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"delay", sm.Delay}, {"prepare", sm.Prepare}, {"copy", sm.Copy}, {"reboot", sm.Reboot}, {"canceling", sm.Ending.canceling}} {
		if d.v < 0 {
			p.add(member(path, d.name), "%v is negative", d.v)
		}
	}
	switch sm.Ending.kind {
	case endFail:
		p.percent(member(path, "failAt"), sm.Ending.percent)
	case endCancel:
		p.percent(member(path, "cancelAt"), sm.Ending.percent)
	}
}

// rowState is what one partition shows at one moment. Zero times are not
// given ("-"); for Rebooting, end is when the copy ended.
type rowState struct {
	phase   Phase
	percent int
	message string
	start   time.Time
	end     time.Time
	step    int // the script step shown, -1 for other plans
}

// at is the simulation's state at now, for a job that started at t0.
func (sm *Simulation) at(t0, now time.Time) rowState {
	elapsed := now.Sub(t0)
	if elapsed < sm.Delay {
		return rowState{phase: PhasePending, step: -1}
	}
	start := t0.Add(sm.Delay)
	st := rowState{phase: PhasePreparing, start: start, step: -1}
	e := elapsed - sm.Delay
	if e < sm.Prepare {
		return st
	}
	e -= sm.Prepare
	copyStart := start.Add(sm.Prepare)

	stop := 100
	if sm.Ending.kind != endComplete {
		stop = sm.Ending.percent
	}
	copyStop := scaled(sm.Copy, stop)
	if e < copyStop {
		st.phase = PhaseRunning
		st.percent = percentOf(e, sm.Copy)
		return st
	}
	stopAt := copyStart.Add(copyStop)
	st.percent = stop
	switch sm.Ending.kind {
	case endFail:
		st.phase, st.message, st.end = PhaseFailed, sm.Ending.message, stopAt
	case endCancel:
		if e-copyStop < sm.Ending.canceling {
			st.phase = PhaseCanceling
		} else {
			st.phase, st.end = PhaseCanceled, stopAt.Add(sm.Ending.canceling)
		}
	default:
		st.end = stopAt
		if e-sm.Copy < sm.Reboot {
			st.phase = PhaseRebooting
		} else {
			st.phase, st.end = PhaseCompleted, stopAt.Add(sm.Reboot)
		}
	}
	return st
}

// scaled is d * percent / 100 (percent from 0 to 100), without the
// overflow of d * percent for a d of years.
func scaled(d time.Duration, percent int) time.Duration {
	p := time.Duration(percent)
	return d/100*p + d%100*p/100
}

// percentOf is part as a whole percent of whole, rounded down (0 <=
// part < whole), without the overflow of part * 100.
func percentOf(part, whole time.Duration) int {
	hi, lo := bits.Mul64(uint64(part), 100)
	q, _ := bits.Div64(hi, lo, uint64(whole)) // hi < whole: part < whole
	return int(q)
}

// stepState is a script step as a state, without times.
func stepState(s Step, i int) rowState {
	return rowState{phase: s.Phase, percent: s.Percent, message: s.Message, step: i}
}

// step adds what is wrong with a step at path.
func (p *problems) step(path string, s Step) {
	if !s.Phase.valid() {
		p.add(member(path, "phase"), "unknown phase %v (want one of %s)", s.Phase, phaseList)
	}
	p.percent(member(path, "percent"), s.Percent)
}

// steps adds what is wrong with the steps at path.
func (p *problems) steps(path string, steps []Step) {
	for i, s := range steps {
		p.step(elem(path, i), s)
	}
}

// checkSteps reports what is wrong with steps (paths from "steps"), or
// nil.
func checkSteps(steps []Step) error {
	var p problems
	p.steps("steps", steps)
	return p.err()
}
