package zdmtest

import "fmt"

// Phase is the state of one partition (or drive) of a fake job, in neutral
// terms; each dialect spells it its own way (see the table below, and
// WithStatusNames to change it).
//
//	phase      seed        v1 and v3
//	Pending    pending     Registered
//	Preparing  start       Preparing
//	Running    run         Processing
//	Rebooting  run         Processing (v3: the row shows Complete, the job Processing)
//	Completed  complete    Complete
//	Scheduled  schedule    Scheduled
//	Failed     fail        Error
//	Canceling  run         Canceling  (the draft API has no word for it)
//	Canceled   cancel      Canceled
type Phase int

// The phases. The zero value is Pending.
const (
	// Pending has not started: percent "0%" on DialectSeed and "-" on
	// the released dialects, no times.
	Pending Phase = iota
	// Preparing has started but copies nothing yet.
	Preparing
	// Running copies data; the percent rises.
	Running
	// Rebooting is the phase after the copy: still running at 100%.
	Rebooting
	// Completed finished well.
	Completed
	// Scheduled finished a run of a scheduled job and waits for the next.
	Scheduled
	// Failed ended in an error.
	Failed
	// Canceling is on its way to Canceled; it is not finished.
	Canceling
	// Canceled was stopped.
	Canceled

	phaseCount = iota
)

var phaseNames = [phaseCount]string{
	Pending: "Pending", Preparing: "Preparing", Running: "Running", Rebooting: "Rebooting",
	Completed: "Completed", Scheduled: "Scheduled", Failed: "Failed",
	Canceling: "Canceling", Canceled: "Canceled",
}

// String returns the phase's name, such as "Running".
func (p Phase) String() string {
	if p.valid() {
		return phaseNames[p]
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

func (p Phase) valid() bool { return p >= 0 && p < phaseCount }

// finished reports whether p is an ending.
func (p Phase) finished() bool {
	return p == Completed || p == Scheduled || p == Failed || p == Canceled
}

// defaultMessage is the message a row in phase p shows when its plan gives
// none.
func (c *Settings) defaultMessage(p Phase) string {
	switch p {
	case Pending:
		if c.dialect == DialectSeed {
			return "Waiting..."
		}
		return "-"
	case Preparing:
		return "Preparing target"
	case Running:
		return "Transferring data..."
	case Rebooting:
		return "Rebooting target"
	case Completed:
		return "Recovery completed"
	case Scheduled:
		return "Waiting for the next schedule"
	case Failed:
		return "Recovery failed"
	case Canceling:
		return "Canceling..."
	case Canceled:
		return "Canceled by user"
	}
	return "-"
}
