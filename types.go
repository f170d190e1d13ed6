package zdm

import "fmt"

// Mode is the job mode a monitoring query can be narrowed to.
type Mode string

// The job modes the server accepts in the mode filter.
const (
	ModeFull      Mode = "full"
	ModeIncrement Mode = "increment"
)

// valid reports whether m is empty (no filter) or one of the known modes.
func (m Mode) valid() bool { return m == "" || m == ModeFull || m == ModeIncrement }

// ServerType says which side of a recovery a serverName filter names.
type ServerType string

// The server types the server accepts in the serverType filter.
const (
	ServerTypeSource ServerType = "source"
	ServerTypeTarget ServerType = "target"
)

// valid reports whether t is empty (no filter) or one of the known types.
func (t ServerType) valid() bool {
	return t == "" || t == ServerTypeSource || t == ServerTypeTarget
}

// Status is a progress status exactly as the server sent it ("run",
// "Processing", "Complete", ...). Servers of different versions spell the
// same state differently; use [Status.Phase] to classify it.
type Status string

// The statuses released servers (1.0.3 and later) send, as they spell
// them in answers. Servers of other generations spell them differently
// ("run", "complete"); compare phases ([Status.Phase]) rather than these
// values. Sent as a filter, a status is lowercased (servers up to 2.0.2
// refuse other cases).
const (
	StatusPreparing  Status = "Preparing"
	StatusProcessing Status = "Processing"
	StatusComplete   Status = "Complete"
	StatusScheduled  Status = "Scheduled"
	StatusRegistered Status = "Registered"
	StatusCanceling  Status = "Canceling"
	StatusCanceled   Status = "Canceled"
	StatusError      Status = "Error"
)

// SortOrder orders a list by time.
type SortOrder string

// The sort orders lists accept.
const (
	SortAscending  SortOrder = "asc"
	SortDescending SortOrder = "desc"
)

// HistoryResult filters recovery histories by outcome.
type HistoryResult string

// The history results the server filters by.
const (
	HistoryResultSuccess HistoryResult = "success"
	HistoryResultFailed  HistoryResult = "failed"
)

// Phase is the state a [Status] stands for, whatever its spelling.
type Phase int

// The phases a status is classified into. PhaseUnknown covers empty, "-",
// "Unknown", "No Data" and spellings no server is known to send.
const (
	PhaseUnknown   Phase = iota
	PhasePending         // "Registered", "waiting", "wait", "pending", "queued"
	PhaseRunning         // "Processing", "Preparing", "run", "running", "start", "started"
	PhaseScheduled       // "Scheduled", "schedule": finished one run, waits for the next
	PhaseCompleted       // "Complete", "completed", "done", "success", "succeeded", "finished"
	PhaseFailed          // "Error", "fail", "failed", "errored"
	PhaseCanceling       // "Canceling", "cancelling": on its way to Canceled, not finished
	PhaseCanceled        // "Canceled", "cancel", "cancelled", "stopped"
)

var phaseNames = [...]string{
	PhaseUnknown:   "Unknown",
	PhasePending:   "Pending",
	PhaseRunning:   "Running",
	PhaseScheduled: "Scheduled",
	PhaseCompleted: "Completed",
	PhaseFailed:    "Failed",
	PhaseCanceling: "Canceling",
	PhaseCanceled:  "Canceled",
}

// String returns the phase's name, such as "Running".
func (p Phase) String() string {
	if p >= 0 && int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// Terminal reports whether the phase is an ending: Completed, Failed or
// Canceled. Scheduled is not terminal on its own; see [PartitionProgress.Finished].
func (p Phase) Terminal() bool {
	return p == PhaseCompleted || p == PhaseFailed || p == PhaseCanceled
}

// statusPhases maps every lower-cased spelling seen on the wire (see
// the vendor's documents) to its phase.
var statusPhases = map[string]Phase{
	"registered": PhasePending, "waiting": PhasePending, "wait": PhasePending,
	"pending": PhasePending, "queued": PhasePending,

	"processing": PhaseRunning, "preparing": PhaseRunning, "run": PhaseRunning,
	"running": PhaseRunning, "start": PhaseRunning, "started": PhaseRunning,

	"scheduled": PhaseScheduled, "schedule": PhaseScheduled,

	"complete": PhaseCompleted, "completed": PhaseCompleted, "done": PhaseCompleted,
	"success": PhaseCompleted, "succeeded": PhaseCompleted, "finished": PhaseCompleted,

	"error": PhaseFailed, "fail": PhaseFailed, "failed": PhaseFailed, "errored": PhaseFailed,

	"canceling": PhaseCanceling, "cancelling": PhaseCanceling,

	"canceled": PhaseCanceled, "cancel": PhaseCanceled, "cancelled": PhaseCanceled,
	"stopped": PhaseCanceled,
}

// maxStatusLen is the longest spelling in statusPhases; longer values
// cannot match and skip the lookup.
const maxStatusLen = 16

// Phase classifies the status, ignoring case and surrounding spaces. A
// spelling no server is known to send reads as PhaseUnknown.
func (s Status) Phase() Phase {
	str := trimSpace(string(s))
	if len(str) == 0 || len(str) > maxStatusLen {
		return PhaseUnknown
	}
	var buf [maxStatusLen]byte
	for i := 0; i < len(str); i++ {
		c := str[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return statusPhases[string(buf[:len(str)])] // no allocation: map index by converted bytes
}

// trimSpace trims ASCII spaces and tabs without allocating.
func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// given reports whether a text field holds a value: not empty and not "-".
func given(s string) bool {
	s = trimSpace(s)
	return s != "" && s != "-"
}

func (o SortOrder) valid() bool { return o == "" || o == SortAscending || o == SortDescending }

func (r HistoryResult) valid() bool {
	return r == "" || r == HistoryResultSuccess || r == HistoryResultFailed
}
