package zdmtest

import (
	"fmt"
	"strings"
)

// Phase is the state of one partition (or drive) of a fake job, in neutral
// terms; each dialect spells it its own way (see the table below, and
// WithStatusNames to change it). In JSON (zdm-fake's scenario files and
// control API) a phase is its name in lower case: "running".
//
//	phase           draft API  1.x/2.x and 3.0.0
//	PhasePending    pending    Registered
//	PhasePreparing  start      Preparing
//	PhaseRunning    run        Processing
//	PhaseRebooting  run        Processing (3.0.0: the row shows Complete, the job Processing)
//	PhaseCompleted  complete   Complete
//	PhaseScheduled  schedule   Scheduled
//	PhaseFailed     fail       Error
//	PhaseCanceling  run        Canceling  (the draft API has no word for it)
//	PhaseCanceled   cancel     Canceled
type Phase int

// The phases. The zero value is PhasePending.
const (
	// PhasePending has not started: percent "0%" on DialectDraft and "-"
	// on the released dialects, no times.
	PhasePending Phase = iota
	// PhasePreparing has started but copies nothing yet.
	PhasePreparing
	// PhaseRunning copies data; the percent rises.
	PhaseRunning
	// PhaseRebooting is the phase after the copy: still running at 100%.
	PhaseRebooting
	// PhaseCompleted finished well.
	PhaseCompleted
	// PhaseScheduled finished a run of a scheduled job and waits for the
	// next.
	PhaseScheduled
	// PhaseFailed ended in an error.
	PhaseFailed
	// PhaseCanceling is on its way to PhaseCanceled; it is not finished.
	PhaseCanceling
	// PhaseCanceled was stopped.
	PhaseCanceled

	phaseCount = iota
)

var phaseNames = [phaseCount]string{
	PhasePending: "Pending", PhasePreparing: "Preparing", PhaseRunning: "Running", PhaseRebooting: "Rebooting",
	PhaseCompleted: "Completed", PhaseScheduled: "Scheduled", PhaseFailed: "Failed",
	PhaseCanceling: "Canceling", PhaseCanceled: "Canceled",
}

// String returns the phase's name, such as "Running".
func (p Phase) String() string {
	if p.valid() {
		return phaseNames[p]
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// MarshalText returns the phase's JSON name, such as "running".
func (p Phase) MarshalText() ([]byte, error) {
	if !p.valid() {
		return nil, fmt.Errorf("unknown phase %v", p)
	}
	return []byte(strings.ToLower(phaseNames[p])), nil
}

// UnmarshalText reads a phase's name, in any case ("running", "Running").
func (p *Phase) UnmarshalText(b []byte) error {
	for i, name := range phaseNames {
		if strings.EqualFold(name, string(b)) {
			*p = Phase(i)
			return nil
		}
	}
	return fmt.Errorf("unknown phase %q (want one of %s)", b, phaseList)
}

// phaseList names the phases for messages.
var phaseList = func() string {
	names := make([]string, len(phaseNames))
	for i, n := range phaseNames {
		names[i] = strings.ToLower(n)
	}
	return strings.Join(names, ", ")
}()

func (p Phase) valid() bool { return p >= 0 && p < phaseCount }

// finished reports whether p is an ending.
func (p Phase) finished() bool {
	return p == PhaseCompleted || p == PhaseScheduled || p == PhaseFailed || p == PhaseCanceled
}

// defaultMessage is the message a row of a job of kind noun ("Recovery",
// "Backup") in phase p shows when its plan gives none.
func (c *Settings) defaultMessage(p Phase, noun string) string {
	switch p {
	case PhasePending:
		if c.dialect == DialectDraft {
			return "Waiting..."
		}
		return "-"
	case PhasePreparing:
		return "Preparing target"
	case PhaseRunning:
		return "Transferring data..."
	case PhaseRebooting:
		return "Rebooting target"
	case PhaseCompleted:
		return noun + " completed"
	case PhaseScheduled:
		return "Waiting for the next schedule"
	case PhaseFailed:
		return noun + " failed"
	case PhaseCanceling:
		return "Canceling..."
	case PhaseCanceled:
		return "Canceled by user"
	}
	return "-"
}
