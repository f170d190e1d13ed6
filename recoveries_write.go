package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// CreateRecoveryRequest registers a recovery job (POST {api}/recoveries).
// Center, Source, Target, Platform, Repository.ID (on servers of the draft
// API, Repository.Type and Path instead) and Mode are required.
type CreateRecoveryRequest struct {
	// Center is the center the job belongs to, by ID or name. Required.
	Center string
	// Source is the server the backups were taken from, by ID or name.
	// Required.
	Source string
	// Target is the server to restore to, by ID or name. Required.
	Target string
	// Platform is the target's platform (PlatformVMware, PlatformAWS,
	// ...; any case, sent lowercased). A platform the SDK has no constant
	// for is sent as given. Required.
	Platform Platform
	// Repository is where the backups are: its ID on 1.0.3 and later
	// servers, its Type and Path on servers of the draft API. Required.
	Repository RepositoryRef
	// Mode is the recovery mode of every partition that does not set its
	// own, ModeFull or ModeIncrement. Required.
	Mode Mode
	// JobName is the job's name; "" lets the server generate one. The
	// result's JobName is the name to look the job up by.
	JobName string
	// AutoStart starts the job once registered (wire autoStart "use";
	// false sends "not use"). A 3.0.0 server skips the start while
	// another recovery runs on the target, and says so in the result's
	// Notices.
	AutoStart bool
	// Partitions maps source partitions to target ones (wire "jobList");
	// without it, every partition is restored to the same-named one.
	Partitions []PartitionMapping
	// ListOnly restores only the listed Partitions (wire listOnly); it
	// needs at least one. False restores every partition.
	ListOnly bool
	// Overwrite, when not nil, says whether partitions are overwritten by
	// default (wire overwrite "allow" / "not allow"); nil leaves it to
	// the server.
	Overwrite *bool
	// ScheduleID links an existing schedule by its ID (wire schedule:
	// <id>); 0 links none. Set at most one of ScheduleID and Schedule.
	ScheduleID int64
	// Schedule is an inline schedule object sent as given (wire
	// schedule), e.g. {"type": 3, "basic": {"time": "03:00"}}. Recovery
	// jobs take basic schedules of types 0 to 6 only; 1.3.1 and later
	// servers also accept the type as a string. Nil sends none.
	Schedule json.RawMessage
	// AfterReboot is what the target does once recovered (AfterRebootReboot,
	// ...; sent lowercased, as given when the SDK has no constant for it);
	// "" leaves the server's default, reboot.
	AfterReboot AfterReboot
	// NetworkLimit caps the transfer rate in Mbps (wire networkLimit); 0
	// is unlimited.
	NetworkLimit int
	// ExcludePartitions are partitions or drives left out ("/boot", "D"),
	// sent comma-joined as excludePartition.
	ExcludePartitions []string
	// ScriptPath is the path of a script to run on the target around the
	// recovery; "" sets none.
	ScriptPath string
	// ScriptRun says when the script runs, ScriptTimingBefore or
	// ScriptTimingAfter the job (sent lowercased, as given when the SDK has
	// no constant for it).
	ScriptRun ScriptTiming
	// MailEvent is the mail notification setting (wire mailEvent), sent
	// as given; "" leaves it out.
	MailEvent string
	// User is the ZDM user the job is registered for, by user ID or
	// email; "" leaves it to the server.
	User string
	// CloudAuth is the cloud credentials the job uses, by the cloud
	// auth's ID or name; "" sends none.
	CloudAuth string
}

// RepositoryRef names a repository: by ID on 1.0.3 and later servers
// (Type and Path optional), by Type and Path on servers of the draft API.
type RepositoryRef struct {
	// ID is the ZDM repository's ID, required by 1.0.3 and later servers;
	// 0 leaves it out.
	ID int64 `json:"id,omitempty"`
	// Type is the repository type, "smb" or "nfs"; "" leaves it out.
	Type string `json:"type,omitempty"`
	// Path is the repository's path or share; "" leaves it out.
	Path string `json:"path,omitempty"`
}

// PartitionMapping restores one source partition or drive to a target one.
type PartitionMapping struct {
	// SourcePartition is the source partition ("/") or drive (Windows "C"
	// and "C:" alike). Required.
	SourcePartition string
	// TargetPartition is the partition or drive to restore to. Required.
	TargetPartition string
	// BackupJob is the backup job to restore from; "" takes the latest
	// successful one. 3.0.0 servers refuse a job whose last run failed.
	BackupJob string
	// BackupFile is the backup image to restore; "" takes the latest.
	BackupFile string
	// Mode is this partition's recovery mode; "" takes the request's Mode.
	Mode Mode
	// Overwrite, when not nil, says whether this partition is overwritten
	// (wire "allow" / "not allow"); nil takes the request's Overwrite.
	Overwrite *bool
	// RepositoryID is the repository of this partition's backups; 0 takes
	// the request's Repository.
	RepositoryID int64
}

// CreateRecoveryResult is what the server registered. Servers send no job
// ID: look the job up by JobName.
type CreateRecoveryResult struct {
	// JobName is the registered job's name, generated by the server when
	// the request gave none.
	JobName string
	// State is "success" or "fail" as sent.
	State string
	// ErrorMessage is the server's reason when State is "fail"; "" otherwise.
	ErrorMessage string
	// AutoStart reports whether the job was started at once (a 3.0.0
	// server skips it when the target is busy, and says why in Notices).
	AutoStart bool
	// Platform is the target platform as registered ("vmware", "oci").
	Platform string
	// BootMode is what the target does once recovered, as sent ("reboot",
	// "Reboot"): the request's AfterReboot or the server's default.
	BootMode string
	// Schedule is the job's schedule, nil when it has none. Its ID is
	// sent by 2.0.2 and later servers; its Type is a display name
	// ("Daily").
	Schedule *ScheduleInfo
	// ScriptPath is the script registered; "" when none.
	ScriptPath string
	// ScriptRunTiming says when the script runs, "before job" or "after
	// job"; "" when no script is set.
	ScriptRunTiming string
	// Partitions are the partition mappings registered.
	Partitions []CreatedPartition
	// Summary counts what was registered and what failed.
	Summary CreateSummary
	// Notices are the server's remarks: partitions skipped for want of a
	// backup, an auto-start skipped on a busy target.
	Notices []string
}

// CreateSummary counts what Create registered (servers disagree on
// whether Total counts partitions or jobs).
type CreateSummary struct {
	// Total is how many partitions the server tried to register (some
	// servers count jobs instead).
	Total int
	// Successful counts those registered.
	Successful int
	// Failed counts those not registered; above 0, Create returns an
	// error matching ErrPartialFailure beside the result.
	Failed int
}

// CreatedPartition is one partition mapping as registered; values are as
// sent ("full" or "Full Recovery", "nfs" or "NFS").
type CreatedPartition struct {
	// SourcePartition is the source partition or drive (wire
	// sourcePartition, or partition on servers of the draft API).
	SourcePartition string
	// TargetPartition is the target partition or device ("/dev/sda1");
	// "" from servers of the draft API.
	TargetPartition string
	// Mode is the partition's recovery mode as sent (wire jobMode: "full",
	// "Full Recovery").
	Mode string
	// Overwrite reports whether the target is overwritten (wire
	// overwrite: "allow" or "Overwritten").
	Overwrite bool
	// FileSystem is the partition's file system ("ext4", "xfs").
	FileSystem string
	// UseLatest reports that the newest image is used (wire
	// backup.useLatest, or useLast on servers of the draft API: "true",
	// "yes").
	UseLatest bool
	// BackupFile is the backup image restored.
	BackupFile string
	// BackupJob is the backup job the image belongs to.
	BackupJob string
	// Repository is where the image is stored, values as sent.
	Repository RepositoryInfo
}

// UpdateRecoveryRequest changes a recovery job (PUT {api}/recoveries/{id}).
// Only the fields set are sent. The run state ("status": start / stop) is
// sent only by Start and Stop.
type UpdateRecoveryRequest struct {
	// Center is the job's center, required by 2.0.x and 3.0.0 servers.
	Center string
	// Name renames the job (wire "changeName"); "" keeps its name.
	Name string
	// Mode applies to every partition first; Partitions then override it.
	Mode Mode
	// Platform changes the target platform, like
	// CreateRecoveryRequest.Platform; "" keeps it.
	Platform Platform
	// AfterReboot changes what the target does once recovered, like
	// CreateRecoveryRequest.AfterReboot; "" keeps it.
	AfterReboot AfterReboot
	// MailEvent changes the mail notification setting (wire mailEvent);
	// "" keeps it.
	MailEvent string
	// NetworkLimit changes the transfer rate cap, in Mbps (0 is
	// unlimited); nil keeps it.
	NetworkLimit *int
	// ScriptPath changes the script's path; "" keeps it (an update cannot
	// clear it).
	ScriptPath string
	// ScriptRun changes when the script runs, like
	// CreateRecoveryRequest.ScriptRun; "" keeps it.
	ScriptRun ScriptTiming
	// ScheduleID links an existing schedule by its ID; 0 keeps the job's
	// schedule. Set at most one of ScheduleID and Schedule.
	ScheduleID int64
	// Schedule is an inline schedule object, sent as given like
	// CreateRecoveryRequest.Schedule; nil keeps the job's schedule.
	Schedule json.RawMessage
	// Partitions change one partition each (wire "jobList"), shaped for the
	// server: 3.0.0 names a row by BackupFile (and TargetPartition when the
	// image goes to several partitions), older servers by Partition (Linux)
	// or Drive (Windows).
	Partitions []PartitionUpdate
}

// PartitionUpdate changes the mode of partition rows of a job. Set
// exactly one of Partition, Drive (1.x/2.x servers) or BackupFile (3.0.0).
type PartitionUpdate struct {
	// Partition names the row by its Linux partition ("/"), on 1.x/2.x
	// servers and those of the draft API.
	Partition string
	// Drive names the row by its Windows drive ("C" or "C:"), on 1.x/2.x
	// servers.
	Drive string
	// BackupFile names the rows by the image they restore, on 3.0.0
	// servers: a mapping's Backup.FileName. Every row restoring it
	// changes.
	BackupFile string
	// TargetPartition narrows BackupFile to the one row restoring to this
	// partition or drive ("/data", "C:"), on 3.0.0 servers.
	TargetPartition string
	// Mode is the rows' new recovery mode, ModeFull or ModeIncrement.
	Mode Mode
}

// UpdateRecoveryResult is what an update changed.
type UpdateRecoveryResult struct {
	// ID is the job's ID, whether the server sent "1" or 1.
	ID int64
	// Name is the job's name, the new one after a rename.
	Name string
	// State is "success" or "fail" as sent.
	State string
	// ErrorMessage is the server's reason when State is "fail".
	ErrorMessage string
	// Changes are the job-level changes; the Field labels are as the
	// server wrote them ("jobName", "Recovery Mode", "Job Status").
	Changes []FieldChange
	// PartitionChanges are the changes of single partitions or drives.
	PartitionChanges []PartitionChange
}

// FieldChange is one changed field: its label and its values as sent
// (text, numbers, objects or null).
type FieldChange struct {
	// Field is the changed field's label as the server wrote it
	// ("jobName", "Recovery Mode", "Job Status", "Schedule(Basic)"): text
	// to show, not a name to match.
	Field string `json:"field"`
	// Previous is the value before the change, as sent: text, a number,
	// an object or null; it prints as its JSON text. For "Job Status",
	// 2.0.2 and later servers send the computed status ("Registered").
	Previous JSONValue `json:"previous"`
	// New is the value after the change, as sent (for "Job Status", the
	// "start" or "stop" asked for).
	New JSONValue `json:"new"`
}

// PartitionChange lists the changes of one partition or drive.
type PartitionChange struct {
	// Partition is the changed Linux partition ("/"); "" for a drive.
	Partition string
	// Drive is the changed Windows drive ("C:"); "" for a partition.
	Drive string
	// State is "success" or "fail" for this partition, as sent.
	State string
	// Changes are the partition's changed fields ("Recovery Mode").
	Changes []FieldChange
}

// DeleteRecoveryOptions scopes Delete.
type DeleteRecoveryOptions struct {
	// Center is the job's center (exactly one, ID or name); 3.0.0 servers
	// require it when the job is named rather than given by ID.
	Center string `url:"center,omitempty"`
}

// DeleteRecoveryResult is what RecoveriesService.Delete removed.
type DeleteRecoveryResult = DeleteResult

// DeleteResult is what a job delete removed: the answer of DELETE
// {api}/recoveries/{id} and DELETE {api}/backups/{id}, which servers
// shape alike.
type DeleteResult struct {
	// State is "success" or "fail" as sent ("not_found" from 3.0.0
	// servers when nothing was there); on "fail" (some parts could not be
	// removed) Delete returns an error matching ErrPartialFailure beside
	// the result, on "not_found" an *APIError matching ErrNotFound.
	State string
	// Jobs are the removed parts, one entry per partition.
	Jobs []DeletedJob
	// Affected counts the removed rows by component.
	Affected DeleteCounts
}

// DeletedJob is one deleted entry (a job's partition, or all of them
// comma-joined on some servers).
type DeletedJob struct {
	// Name is the deleted job's name.
	Name string
	// Partition is the entry's partition or drive; servers that send one
	// entry for the job put them all here, comma-joined ("/, /boot").
	Partition string
	// ErrorMessage is why the entry could not be removed; "" when it was.
	ErrorMessage string
	// Components reports what of the entry was removed.
	Components DeletedComponents
}

// DeletedComponents reports what was removed of one entry.
type DeletedComponents struct {
	// BasicInfo reports that the job's basic record was removed.
	BasicInfo bool
	// AdditionalInfo reports that the job's additional settings were
	// removed.
	AdditionalInfo bool
	// DetailInfo reports that the partition rows were removed.
	DetailInfo bool
	// HistoryData reports that the job's run histories were removed.
	HistoryData bool
	// LogData reports that the job's logs were removed.
	LogData bool
}

// DeleteCounts counts the removed rows by component.
type DeleteCounts struct {
	// BasicInfo counts the basic records removed (wire basicInfoDeleted;
	// usually 1).
	BasicInfo int
	// AdditionalInfo counts the additional-settings rows removed (wire
	// additionalInfoDeleted).
	AdditionalInfo int
	// DetailInfo counts the partition rows removed (wire
	// detailInfoDeleted; one per partition).
	DetailInfo int
	// HistoryData counts the history rows removed (wire
	// historyDataDeleted).
	HistoryData int
	// LogData counts the log rows removed (wire logDataDeleted).
	LogData int
}

func allowWord(b bool) string {
	if b {
		return "allow"
	}
	return "not allow"
}

func useWord(b bool) string {
	if b {
		return "use"
	}
	return "not use"
}

// jobSettings are the settings Create and Update share, checked by one
// table.
type jobSettings struct {
	Mode         Mode
	Platform     Platform
	AfterReboot  AfterReboot
	ScriptRun    ScriptTiming
	NetworkLimit int
	ScheduleID   int64
	Schedule     json.RawMessage
}

// rules are the settings' table; Create requires a Mode and a Platform,
// which Update may leave unset.
func (s jobSettings) rules(create bool) []rule {
	mode, platform := oneOf(s.Mode, modes), optional(s.Platform)
	if create {
		mode, platform = requiredOneOf(s.Mode, modes), requiredText(string(s.Platform))
	}
	return append([]rule{
		{"Mode", mode},
		{"Platform", platform},
		{"AfterReboot", optional(s.AfterReboot)},
	}, commonRules(s.ScriptRun, s.NetworkLimit, s.ScheduleID, s.Schedule)...)
}

// repository is the rule of a create's Repository: an ID on 1.0.3 and
// later servers, Type and Path on servers of the draft API, either while
// the generation is unknown.
func repository(ref RepositoryRef, gen Generation) string {
	byPath := ref.Type != "" && ref.Path != ""
	switch {
	case ref.ID != 0:
		return ""
	case gen == GenerationDraft && !byPath:
		return "needs Type and Path on servers of the draft API"
	case gen == GenerationAuto && !byPath:
		return "needs an ID (servers of the draft API take Type and Path instead)"
	case gen != GenerationDraft && gen != GenerationAuto:
		return "needs an ID: the ZDM repository's ID (a number)"
	}
	return ""
}

func (r *CreateRecoveryRequest) validate(gen Generation) error {
	const what = "CreateRecoveryRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	settings := jobSettings{r.Mode, r.Platform, r.AfterReboot, r.ScriptRun, r.NetworkLimit, r.ScheduleID, r.Schedule}
	rules := append([]rule{
		{"Center", requiredText(r.Center)},
		{"Source", requiredText(r.Source)},
		{"Target", requiredText(r.Target)},
	}, settings.rules(true)...)
	rules = append(rules,
		rule{"JobName", optional(r.JobName)},
		rule{"Repository.ID", notNegative(r.Repository.ID, "the ZDM repository's ID")},
		rule{"Repository", repository(r.Repository, gen)},
	)
	if r.ListOnly && len(r.Partitions) == 0 {
		rules = append(rules, rule{"ListOnly", "is set without Partitions: nothing would be restored"})
	}
	for i, p := range r.Partitions {
		item := fmt.Sprintf("Partitions[%d].", i)
		rules = append(rules,
			rule{item + "SourcePartition", requiredText(p.SourcePartition)},
			rule{item + "TargetPartition", requiredText(p.TargetPartition)},
			rule{item + "Mode", oneOf(p.Mode, modes)},
			rule{item + "RepositoryID", notNegative(p.RepositoryID, "a repository ID, or 0 for the request's")},
		)
	}
	return check(what, rules...)
}

// wireCreateRequest is the body of POST /recoveries.
type wireCreateRequest struct {
	Center           string          `json:"center"`
	Source           string          `json:"source"`
	Target           string          `json:"target"`
	Platform         string          `json:"platform"`
	Repository       RepositoryRef   `json:"repository"`
	Mode             Mode            `json:"mode"`
	JobName          string          `json:"jobName,omitempty"`
	AutoStart        string          `json:"autoStart"`
	Overwrite        string          `json:"overwrite,omitempty"`
	Schedule         json.RawMessage `json:"schedule,omitempty"`
	AfterReboot      string          `json:"afterReboot,omitempty"`
	NetworkLimit     int             `json:"networkLimit,omitempty"`
	ExcludePartition string          `json:"excludePartition,omitempty"`
	MailEvent        string          `json:"mailEvent,omitempty"`
	ScriptPath       string          `json:"scriptPath,omitempty"`
	ScriptRun        string          `json:"scriptRun,omitempty"`
	User             string          `json:"user,omitempty"`
	CloudAuth        string          `json:"cloudAuth,omitempty"`
	ListOnly         bool            `json:"listOnly,omitempty"`
	JobList          []wireCreateRow `json:"jobList,omitempty"`
}

type wireCreateRow struct {
	SourcePartition string         `json:"sourcePartition"`
	TargetPartition string         `json:"targetPartition"`
	BackupJob       string         `json:"backupJob,omitempty"`
	BackupFile      string         `json:"backupFile,omitempty"`
	Mode            Mode           `json:"mode,omitempty"`
	Overwrite       string         `json:"overwrite,omitempty"`
	Repository      *RepositoryRef `json:"repository,omitempty"`
}

func (r *CreateRecoveryRequest) wire() *wireCreateRequest {
	w := &wireCreateRequest{
		Center: r.Center, Source: r.Source, Target: r.Target,
		Platform: lower(r.Platform), Repository: r.Repository,
		Mode: r.Mode, JobName: r.JobName, AutoStart: useWord(r.AutoStart),
		Schedule: scheduleBody(r.ScheduleID, r.Schedule), AfterReboot: lower(r.AfterReboot),
		NetworkLimit: r.NetworkLimit, ExcludePartition: strings.Join(r.ExcludePartitions, ","),
		MailEvent: r.MailEvent, ScriptPath: r.ScriptPath, ScriptRun: lower(r.ScriptRun),
		User: r.User, CloudAuth: r.CloudAuth, ListOnly: r.ListOnly,
	}
	if r.Overwrite != nil {
		w.Overwrite = allowWord(*r.Overwrite)
	}
	for _, p := range r.Partitions {
		row := wireCreateRow{SourcePartition: p.SourcePartition, TargetPartition: p.TargetPartition,
			BackupJob: p.BackupJob, BackupFile: p.BackupFile, Mode: p.Mode}
		if p.Overwrite != nil {
			row.Overwrite = allowWord(*p.Overwrite)
		}
		if p.RepositoryID > 0 {
			row.Repository = &RepositoryRef{ID: p.RepositoryID}
		}
		w.JobList = append(w.JobList, row)
	}
	return w
}

// lower is an open enumeration's value as servers spell them: lowercased,
// without surrounding spaces.
func lower[T ~string](v T) string { return strings.ToLower(strings.TrimSpace(string(v))) }

func scheduleBody(id int64, raw json.RawMessage) json.RawMessage {
	if id > 0 {
		return json.RawMessage(fmt.Sprint(id))
	}
	return raw
}

// wireCreateResult is the data of a create answer, every generation.
type wireCreateResult struct {
	Common struct {
		State           text          `json:"state"`
		JobName         known         `json:"jobName"`
		ErrorMessage    text          `json:"errorMessage"`
		AutoStart       text          `json:"autoStart"`
		Platform        known         `json:"platform"`
		BootMode        known         `json:"bootMode"`
		Schedule        *wireSchedule `json:"schedule"`
		ScriptPath      known         `json:"scriptPath"`
		ScriptRunTiming known         `json:"scriptRunTiming"`
	} `json:"common"`
	Partitions []struct {
		Partition       known `json:"partition"` // the draft API
		SourcePartition known `json:"sourcePartition"`
		TargetPartition known `json:"targetPartition"`
		JobMode         known `json:"jobMode"`
		Overwrite       text  `json:"overwrite"`
		FileSystem      known `json:"fileSystem"`
		Backup          struct {
			UseLast    text  `json:"useLast"`
			UseLatest  text  `json:"useLatest"`
			BackupFile known `json:"backupFile"`
			BackupJob  known `json:"backupJob"`
		} `json:"backup"`
		Repository wireRepository `json:"repository"`
	} `json:"partitions"`
	Summary wireCreateSummary `json:"summary"`
	Notices []text            `json:"notices"`
}

func (w *wireCreateResult) model() *CreateRecoveryResult {
	c := &w.Common
	out := &CreateRecoveryResult{
		JobName: string(c.JobName), State: string(c.State), ErrorMessage: string(c.ErrorMessage),
		AutoStart: truthy(c.AutoStart), Platform: string(c.Platform), BootMode: string(c.BootMode),
		Schedule: c.Schedule.model(), ScriptPath: string(c.ScriptPath), ScriptRunTiming: string(c.ScriptRunTiming),
		Summary: w.Summary.model(),
		Notices: texts(w.Notices),
	}
	for _, p := range w.Partitions {
		out.Partitions = append(out.Partitions, CreatedPartition{
			SourcePartition: string(firstOf(p.SourcePartition, p.Partition)),
			TargetPartition: string(p.TargetPartition),
			Mode:            string(p.JobMode),
			Overwrite:       truthy(p.Overwrite),
			FileSystem:      string(p.FileSystem),
			UseLatest:       truthy(firstOf(p.Backup.UseLatest, p.Backup.UseLast)),
			BackupFile:      string(p.Backup.BackupFile),
			BackupJob:       string(p.Backup.BackupJob),
			Repository:      p.Repository.model(),
		})
	}
	return out
}

// Create registers a recovery job: POST {api}/recoveries. The body is
// shaped for the server's generation. Servers answer no job ID: look the
// job up with the result's JobName.
//
// Invalid input (a missing required field, an unknown Mode) is an error
// wrapping ErrInvalidArgument, and nothing is sent; a Platform,
// AfterReboot or ScriptRun the SDK has no constant for is sent as given. When the server registered the job but reports some
// partitions failed (Summary.Failed > 0, or State "fail"), the result is
// returned with an error matching ErrPartialFailure. A create whose answer
// was lost (a timeout after sending) matches ErrOutcomeUnknown and is never
// resent: list by JobName before trying again.
func (s *RecoveriesService) Create(ctx context.Context, req *CreateRecoveryRequest) (*CreateRecoveryResult, *Response, error) {
	// The body is the same for every generation; what is required is
	// not (the draft API takes a repository's Type and Path instead of
	// its ID), and while the generation is unknown either is accepted.
	c, err := recoveryFamily.clientToCreate((*service)(s), req)
	if err != nil {
		return nil, nil, err
	}
	return write(ctx, c, http.MethodPost, "recoveries", req.wire(), (*wireCreateResult).model,
		func(out *CreateRecoveryResult, _ *Response) error {
			return createOutcome(out.State, out.ErrorMessage, out.Summary)
		})
}

func (r *UpdateRecoveryRequest) validate() error {
	const what = "UpdateRecoveryRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	limit := 0
	if r.NetworkLimit != nil {
		limit = *r.NetworkLimit
	}
	settings := jobSettings{r.Mode, r.Platform, r.AfterReboot, r.ScriptRun, limit, r.ScheduleID, r.Schedule}
	rules := append([]rule{
		{"Center", optional(r.Center)},
		{"Name", optional(r.Name)},
		{"MailEvent", optional(r.MailEvent)},
		{"ScriptPath", optional(r.ScriptPath)},
	}, settings.rules(false)...)
	for i, p := range r.Partitions {
		item := fmt.Sprintf("Partitions[%d]", i)
		rules = append(rules,
			rule{item + ".Mode", oneOf(p.Mode, modes)},
			rule{item, p.naming()},
			rule{item + ".TargetPartition", p.narrowing()},
		)
	}
	return check(what, rules...)
}

// naming is the rule that a row is named one way.
func (p PartitionUpdate) naming() string {
	named := 0
	for _, v := range []string{p.Partition, p.Drive, p.BackupFile} {
		if strings.TrimSpace(v) != "" {
			named++
		}
	}
	if named != 1 {
		return "names its row by none or several of Partition, Drive and BackupFile: set exactly one of Partition, Drive (1.x/2.x servers) or BackupFile (3.0.0)"
	}
	return ""
}

// narrowing is the rule that TargetPartition narrows a BackupFile.
func (p PartitionUpdate) narrowing() string {
	if p.TargetPartition != "" && p.BackupFile == "" {
		return "narrows a BackupFile: set BackupFile too"
	}
	return ""
}

// wireUpdateRequest is the body of PUT /recoveries/{id}.
type wireUpdateRequest struct {
	Center       string          `json:"center,omitempty"`
	ChangeName   string          `json:"changeName,omitempty"`
	Platform     string          `json:"platform,omitempty"`
	Schedule     json.RawMessage `json:"schedule,omitempty"`
	Mode         Mode            `json:"mode,omitempty"`
	AfterReboot  string          `json:"afterReboot,omitempty"`
	MailEvent    string          `json:"mailEvent,omitempty"`
	NetworkLimit *int            `json:"networkLimit,omitempty"`
	ScriptPath   string          `json:"scriptPath,omitempty"`
	ScriptRun    string          `json:"scriptRun,omitempty"`
	JobList      []wireUpdateRow `json:"jobList,omitempty"`
}

type wireUpdateRow struct {
	Partition       string `json:"partition,omitempty"`
	Drive           string `json:"drive,omitempty"`
	BackupFile      string `json:"backupFile,omitempty"`
	TargetPartition string `json:"targetPartition,omitempty"`
	Mode            Mode   `json:"mode,omitempty"`
}

// wire shapes the body for gen: 3.0.0 names rows by backupFile, older
// servers by partition or drive. Rows named the other way are refused.
func (r *UpdateRecoveryRequest) wire(gen Generation) (*wireUpdateRequest, error) {
	w := &wireUpdateRequest{
		Center: r.Center, ChangeName: r.Name, Platform: lower(r.Platform),
		Schedule: scheduleBody(r.ScheduleID, r.Schedule), Mode: r.Mode,
		AfterReboot: lower(r.AfterReboot), MailEvent: r.MailEvent, NetworkLimit: r.NetworkLimit,
		ScriptPath: r.ScriptPath, ScriptRun: lower(r.ScriptRun),
	}
	for i, p := range r.Partitions {
		switch {
		case gen == GenerationV3 && p.BackupFile == "":
			return nil, invalidArg("UpdateRecoveryRequest.Partitions[%d]: 3.0.0 servers name a row by BackupFile (the image in Recovery.Job.Detail[].Backup.FileName), not by Partition or Drive", i)
		case (gen == GenerationV1 || gen == GenerationDraft) && p.BackupFile != "":
			return nil, invalidArg("UpdateRecoveryRequest.Partitions[%d]: %s servers name a row by Partition or Drive, not by BackupFile", i, gen)
		}
		w.JobList = append(w.JobList, wireUpdateRow(p))
	}
	return w, nil
}

// wireUpdateResult is the data of an update answer.
type wireUpdateResult struct {
	JobInfo struct {
		ID           id    `json:"id"`
		Name         known `json:"name"`
		ErrorMessage text  `json:"errorMessage"`
	} `json:"jobInfo"`
	Summary wireUpdateSummary `json:"summary"`
}

type wireUpdateSummary struct {
	State               text          `json:"state"`
	CommonUpdatedFields []FieldChange `json:"commonUpdatedFields"`
	EachUpdatedFields   []struct {
		Partition known             `json:"partition"`
		Drive     known             `json:"drive"`
		Summary   wireUpdateSummary `json:"summary"`
	} `json:"eachUpdatedFields"`
}

func (w *wireUpdateResult) model() *UpdateRecoveryResult {
	out := &UpdateRecoveryResult{
		ID: int64(w.JobInfo.ID), Name: string(w.JobInfo.Name), State: string(w.Summary.State),
		ErrorMessage: string(w.JobInfo.ErrorMessage), Changes: w.Summary.CommonUpdatedFields,
	}
	for _, e := range w.Summary.EachUpdatedFields {
		out.PartitionChanges = append(out.PartitionChanges, PartitionChange{
			Partition: string(e.Partition), Drive: string(e.Drive),
			State: string(e.Summary.State), Changes: e.Summary.CommonUpdatedFields,
		})
	}
	return out
}

// Update changes a recovery job: PUT {api}/recoveries/{identifier}, where
// identifier is the job ID (digits) or its name. Only the fields set are
// sent, shaped for the server's generation (see [PartitionUpdate]).
//
// Invalid input (a blank identifier, an unknown Mode, a request that
// changes nothing but Center, a partition named both ways or for the
// wrong generation) wraps ErrInvalidArgument, and nothing is sent. A "fail" state
// returns the result with an error matching ErrPartialFailure; a lost
// answer matches ErrOutcomeUnknown.
func (s *RecoveriesService) Update(ctx context.Context, identifier string, req *UpdateRecoveryRequest) (*UpdateRecoveryResult, *Response, error) {
	c, err := s.checked(checkRef("identifier", recoveryFamily.ref, identifier), req.validate())
	if err != nil {
		return nil, nil, err
	}
	gen := c.queryGeneration()
	if len(req.Partitions) > 0 {
		// Partition lists are keyed by partition or drive on 1.x/2.x and
		// by backup file on 3.0.0: find out which before shaping one.
		gen = c.writeGeneration(ctx)
	}
	w, err := req.wire(gen)
	if err != nil {
		return nil, nil, err
	}
	if changesNothing(w) {
		return nil, nil, invalidArg("UpdateRecoveryRequest changes nothing: set a field to change besides Center (Start and Stop change the run state)")
	}
	return s.put(ctx, c, identifier, w)
}

// put sends an update body and reads its answer.
func (s *RecoveriesService) put(ctx context.Context, c *Client, identifier string, body any) (*UpdateRecoveryResult, *Response, error) {
	return write(ctx, c, http.MethodPut, recoveryFamily.jobPath(identifier), body, (*wireUpdateResult).model,
		func(out *UpdateRecoveryResult, _ *Response) error { return updateOutcome(out.State, out.ErrorMessage) })
}

// updateOutcome is an update's partial failure: a "fail" state.
func updateOutcome(state, reason string) error {
	if failedState(state) {
		return partialFailure("update", fmt.Sprintf("state %q: %s", state, reason))
	}
	return nil
}

// wireDeleteResult is the data of a delete answer.
type wireDeleteResult struct {
	JobInfo []struct {
		Name              known `json:"name"`
		Partition         known `json:"partition"`
		ErrorMessage      text  `json:"errorMessage"`
		DeletedComponents struct {
			BasicInfo      text `json:"basicInfo"`
			AdditionalInfo text `json:"additionalInfo"`
			DetailInfo     text `json:"detailInfo"`
			HistoryData    text `json:"historyData"`
			LogData        text `json:"logData"`
		} `json:"deletedComponents"`
	} `json:"jobInfo"`
	Summary struct {
		State              text `json:"state"`
		AffectedComponents struct {
			BasicInfoDeleted      text `json:"basicInfoDeleted"`
			AdditionalInfoDeleted text `json:"additionalInfoDeleted"`
			DetailInfoDeleted     text `json:"detailInfoDeleted"`
			HistoryDataDeleted    text `json:"historyDataDeleted"`
			LogDataDeleted        text `json:"logDataDeleted"`
		} `json:"affectedComponents"`
	} `json:"summary"`
}

func (w *wireDeleteResult) model() *DeleteResult {
	a := &w.Summary.AffectedComponents
	out := &DeleteResult{
		State: string(w.Summary.State),
		Affected: DeleteCounts{BasicInfo: atoi(a.BasicInfoDeleted), AdditionalInfo: atoi(a.AdditionalInfoDeleted),
			DetailInfo: atoi(a.DetailInfoDeleted), HistoryData: atoi(a.HistoryDataDeleted), LogData: atoi(a.LogDataDeleted)},
	}
	for _, j := range w.JobInfo {
		d := &j.DeletedComponents
		out.Jobs = append(out.Jobs, DeletedJob{
			Name: string(j.Name), Partition: string(j.Partition), ErrorMessage: string(j.ErrorMessage),
			Components: DeletedComponents{BasicInfo: truthy(d.BasicInfo), AdditionalInfo: truthy(d.AdditionalInfo),
				DetailInfo: truthy(d.DetailInfo), HistoryData: truthy(d.HistoryData), LogData: truthy(d.LogData)},
		})
	}
	return out
}

// Delete removes a recovery job with its partitions, histories and logs:
// DELETE {api}/recoveries/{identifier}. opts may be nil; 3.0.0 servers
// need opts.Center to delete by name.
//
// A "fail" state (some parts could not be removed) returns the result with
// an error matching ErrPartialFailure; a missing job matches ErrNotFound;
// a lost answer matches ErrOutcomeUnknown.
func (s *RecoveriesService) Delete(ctx context.Context, identifier string, opts *DeleteRecoveryOptions) (*DeleteRecoveryResult, *Response, error) {
	return recoveryFamily.delete(ctx, (*service)(s), identifier, centerOf(opts))
}

// centerOf is the center a delete's options name, "" for none.
func centerOf(opts *DeleteRecoveryOptions) string {
	if opts == nil {
		return ""
	}
	return opts.Center
}
