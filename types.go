package zdm

import (
	"fmt"
	"strings"
)

// Mode is the job mode a monitoring query can be narrowed to.
type Mode string

// The job modes the server accepts in the mode filter.
const (
	ModeFull      Mode = "full"
	ModeIncrement Mode = "increment"
)

// ServerType says which side of a recovery a serverName filter names.
type ServerType string

// The server types the server accepts in the serverType filter.
const (
	ServerTypeSource ServerType = "source"
	ServerTypeTarget ServerType = "target"
)

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

// Phase classifies the status, ignoring case and surrounding spaces. A
// spelling no server is known to send reads as PhaseUnknown.
func (s Status) Phase() Phase {
	return statusPhases[strings.ToLower(strings.TrimSpace(string(s)))]
}

// given reports whether a text field holds a value: not empty and not "-".
func given(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && s != "-"
}

// Platform is the platform a recovery restores to. Servers add platforms
// over time: a value not among the constants is sent as given (as every
// platform, lowercased), so a new platform needs no SDK release.
type Platform string

// The platforms servers documented so far.
const (
	PlatformOCI        Platform = "oci"
	PlatformNCP        Platform = "ncp"
	PlatformGCP        Platform = "gcp"
	PlatformAWS        Platform = "aws"
	PlatformAzure      Platform = "azure"
	PlatformVMware     Platform = "vmware"
	PlatformSCP        Platform = "scp"
	PlatformOpenStack  Platform = "openstack"
	PlatformCloudStack Platform = "cloudstack"
	PlatformKT         Platform = "kt"
	PlatformNHN        Platform = "nhn"
	PlatformNutanix    Platform = "nutanix"
	PlatformProxmox    Platform = "proxmox"
	PlatformKVM        Platform = "kvm"
	PlatformHyperV     Platform = "hyperv"
	PlatformXenServer  Platform = "xenserver"
)

// AfterReboot is what the target does once recovered. A value not among
// the constants is sent as given (lowercased): servers have added values
// before.
type AfterReboot string

// The after-reboot actions servers documented so far.
const (
	AfterRebootReboot   AfterReboot = "reboot"
	AfterRebootShutdown AfterReboot = "shutdown"
	AfterRebootMaintain AfterReboot = "maintain"
)

// ScriptTiming says when a job's script runs. A value not among the
// constants is sent as given (lowercased).
type ScriptTiming string

// The script timings servers documented so far.
const (
	ScriptTimingBefore ScriptTiming = "before"
	ScriptTimingAfter  ScriptTiming = "after"
)

// The closed sets: protocol values servers check, and which the SDK
// checks before sending.
var (
	modes          = []Mode{ModeFull, ModeIncrement}
	serverTypes    = []ServerType{ServerTypeSource, ServerTypeTarget}
	sortOrders     = []SortOrder{SortAscending, SortDescending}
	historyResults = []HistoryResult{HistoryResultSuccess, HistoryResultFailed}
)
