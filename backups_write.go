package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// CreateBackupRequest registers backup jobs (POST {api}/backups): one job
// per partition or drive of Server. Center, Server, Mode and Repository
// (its ID; on servers of the draft API its Type and Path) are required.
type CreateBackupRequest struct {
	// Center is the center the jobs belong to, by ID or name. Required.
	Center string
	// Server is the server to back up, by ID or name. Required.
	Server string
	// Mode is the jobs' mode (wire "type"), BackupModeFull,
	// BackupModeIncrement or BackupModeSmart. Required. Smart jobs need a
	// schedule with a basic and an advanced part.
	Mode BackupMode
	// Partitions are the partitions ("/", "/boot") or drives ("C:") to
	// back up, one job each (wire "partition"); empty backs up every one.
	Partitions []string
	// Repository is where the images go: its ID on 1.0.3 and later
	// servers, its Type and Path on servers of the draft API. Required.
	Repository RepositoryRef
	// JobName is the jobs' name; the server adds a partition suffix
	// ("nightly_ROOT", "nightly_boot_efi", "web01_C"), and generates one
	// when it is "". Use Individual to name a job verbatim.
	JobName string
	// AutoStart runs the jobs once registered (wire autoStart "use";
	// false sends "not use").
	AutoStart bool
	// ScheduleID copies an existing schedule by its ID (servers copy it
	// into a new schedule row); 0 sets none. Set at most one of
	// ScheduleID and Schedule.
	ScheduleID int64
	// Schedule is an inline schedule object sent as given (wire
	// schedule), e.g. {"type": 3, "basic": {"time": "02:00"}}: types 0 to
	// 6 (basic only) for full and increment jobs, 7 to 11 (basic and
	// advanced) for smart ones.
	Schedule json.RawMessage
	// Rotation is how many images are kept, 1 to 30; 0 leaves the
	// server's default (1).
	Rotation int
	// Compression, when not nil, says whether images are compressed
	// (wire "use" / "not use"); nil leaves the server's default.
	Compression *bool
	// Encryption, when not nil, says whether images are encrypted.
	Encryption *bool
	// ExcludeDirs are directories left out, sent comma-joined.
	ExcludeDirs []string
	// ExcludePartitions are partitions or drives left out when
	// Partitions is empty, sent comma-joined.
	ExcludePartitions []string
	// NetworkLimit caps the transfer rate in Mbps; 0 is unlimited.
	NetworkLimit int
	// ScriptPath is a script run on the server around the backup; ""
	// sets none.
	ScriptPath string
	// ScriptRun says when the script runs, ScriptTimingBefore or
	// ScriptTimingAfter.
	ScriptRun ScriptTiming
	// MailEvent is the mail notification setting, sent as given.
	MailEvent string
	// User is the ZDM user the jobs are registered for; "" leaves it to
	// the server.
	User string
	// Individual overrides settings of single partitions (wire
	// "individual"); a partition not listed takes the request's.
	Individual []BackupPartitionSettings
}

// BackupPartitionSettings overrides the settings of one partition's job.
type BackupPartitionSettings struct {
	// Partition is the partition or drive the settings are for.
	// Required.
	Partition string
	// JobName names this job verbatim (no suffix is added); a name that
	// exists already is a 409 (ErrConflict).
	JobName string
	// Mode is this job's mode; "" takes the request's.
	Mode BackupMode
	// Rotation is this job's rotation; 0 takes the request's.
	Rotation int
	// RepositoryID is this job's repository; 0 takes the request's.
	RepositoryID int64
}

// CreateBackupResult is what Create registered. Servers send no job IDs:
// look each job up by its JobName (List with JobName and Center).
type CreateBackupResult struct {
	// Jobs are the jobs registered or refused, one per partition.
	Jobs []CreatedBackupJob
	// Summary counts them.
	Summary CreateSummary
	// Notices are the server's remarks.
	Notices []string
}

// CreatedBackupJob is one job Create registered (or could not).
type CreatedBackupJob struct {
	// JobName is the job's name, the partition suffix included.
	JobName string
	// Partition is the partition or drive the job backs up.
	Partition string
	// State is "success" or "fail" as sent.
	State string
	// ErrorMessage is the server's reason when State is "fail".
	ErrorMessage string
	// Mode is the job's mode as sent ("Full Backup", "Increment Backup").
	Mode string
	// AutoStart reports whether the job was started at once.
	AutoStart bool
	// Schedule is the job's basic schedule, nil when it has none (ID
	// from 2.0.2 on; Type a display name).
	Schedule *ScheduleInfo
	// AdvancedSchedule is a smart job's advanced schedule.
	AdvancedSchedule *ScheduleInfo
	// ScriptPath is the script registered; "" when none.
	ScriptPath string
	// ScriptRunTiming says when it runs, "before job" or "after job".
	ScriptRunTiming string
}

func (r *CreateBackupRequest) validate(gen Generation) error {
	const what = "CreateBackupRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	table := rules([]rule{
		{"Center", requiredText(r.Center)},
		{"Server", requiredText(r.Server)},
		{"Mode", requiredOneOf(r.Mode, backupModes)},
		{"Repository.ID", notNegative(r.Repository.ID, "the ZDM repository's ID")},
		{"Repository", repository(r.Repository, gen)},
		{"JobName", optional(r.JobName)},
		{"Rotation", rotation(r.Rotation)},
	}, commonRules(r.ScriptRun, r.NetworkLimit, r.ScheduleID, r.Schedule))
	for i, p := range r.Partitions {
		table = append(table, rule{fmt.Sprintf("Partitions[%d]", i), requiredText(p)})
	}
	for i, p := range r.Individual {
		item := fmt.Sprintf("Individual[%d].", i)
		table = append(table, rule{item + "Partition", requiredText(p.Partition)}, rule{item + "JobName", optional(p.JobName)},
			rule{item + "Mode", oneOf(p.Mode, backupModes)}, rule{item + "Rotation", rotation(p.Rotation)},
			rule{item + "RepositoryID", notNegative(p.RepositoryID, "a repository ID, or 0 for the request's")})
	}
	return check(what, table...)
}

// rotation is a number of images to keep: 1 to 30, or 0 for the default.
// newRotation checks the rotation an update sets (nil keeps the job's).
func newRotation(n *int) string {
	switch {
	case n == nil:
		return ""
	case *n == 0:
		return "0 is not a rotation: expected 1 to 30, or nil to keep the job's"
	}
	return rotation(*n)
}

func rotation(n int) string {
	if n < 0 || n > 30 {
		return fmt.Sprintf("%d is out of range: expected 1 to 30 (0 for the server's default)", n)
	}
	return ""
}

// wireCreateBackup is the body of POST /backups.
type wireCreateBackup struct {
	Center           string                 `json:"center"`
	Server           string                 `json:"server"`
	Type             BackupMode             `json:"type"`
	Partition        []string               `json:"partition"`
	Repository       RepositoryRef          `json:"repository"`
	JobName          string                 `json:"jobName,omitempty"`
	AutoStart        string                 `json:"autoStart"`
	Rotation         int                    `json:"rotation,omitempty"`
	Compression      string                 `json:"compression,omitempty"`
	Encryption       string                 `json:"encryption,omitempty"`
	ExcludeDir       string                 `json:"excludeDir,omitempty"`
	ExcludePartition string                 `json:"excludePartition,omitempty"`
	User             string                 `json:"user,omitempty"`
	Individual       []wireBackupIndividual `json:"individual,omitempty"`
	wireJobCommon
}

func (r *CreateBackupRequest) wire() *wireCreateBackup {
	w := &wireCreateBackup{
		Center: r.Center, Server: r.Server, Type: r.Mode, Partition: append([]string{}, r.Partitions...),
		Repository: r.Repository, JobName: r.JobName, AutoStart: useWord(r.AutoStart), Rotation: r.Rotation,
		Compression: optionalUse(r.Compression), Encryption: optionalUse(r.Encryption),
		ExcludeDir: strings.Join(r.ExcludeDirs, ","), ExcludePartition: strings.Join(r.ExcludePartitions, ","),
		User:          r.User,
		wireJobCommon: commonBody(r.ScheduleID, r.Schedule, r.MailEvent, r.ScriptPath, r.ScriptRun, r.NetworkLimit),
	}
	for _, p := range r.Individual {
		row := wireBackupIndividual{Partition: p.Partition, JobName: p.JobName, Type: p.Mode, Rotation: p.Rotation}
		if p.RepositoryID > 0 {
			row.Repository = &RepositoryRef{ID: p.RepositoryID}
		}
		w.Individual = append(w.Individual, row)
	}
	return w
}

type wireBackupIndividual struct {
	Partition  string         `json:"partition"`
	JobName    string         `json:"jobName,omitempty"`
	Type       BackupMode     `json:"type,omitempty"`
	Rotation   int            `json:"rotation,omitempty"`
	Repository *RepositoryRef `json:"repository,omitempty"`
}

// optionalUse is a use / not use setting, "" when not set.
func optionalUse(b *bool) string {
	if b == nil {
		return ""
	}
	return useWord(*b)
}

// wireCreateBackupResult is the data of a backup create answer.
type wireCreateBackupResult struct {
	Summary wireCreateSummary `json:"summary"`
	Results []struct {
		State           text          `json:"state"`
		JobName         known         `json:"jobName"`
		Partition       known         `json:"partition"`
		Drive           known         `json:"drive"`
		JobMode         known         `json:"jobMode"`
		AutoStart       text          `json:"autoStart"`
		Schedule        *wireSchedule `json:"schedule"`
		ScriptPath      known         `json:"scriptPath"`
		ScriptRunTiming known         `json:"scriptRunTiming"`
		ErrorMessage    text          `json:"errorMessage"`
	} `json:"results"`
	Notices []text `json:"notices"`
}

func (w *wireCreateBackupResult) model() *CreateBackupResult {
	out := &CreateBackupResult{Summary: w.Summary.model(), Notices: texts(w.Notices)}
	for _, r := range w.Results {
		out.Jobs = append(out.Jobs, CreatedBackupJob{
			JobName: string(r.JobName), Partition: string(firstOf(r.Partition, r.Drive)),
			State: string(r.State), ErrorMessage: string(r.ErrorMessage), Mode: string(r.JobMode),
			AutoStart: truthy(r.AutoStart), Schedule: r.Schedule.model(), AdvancedSchedule: r.Schedule.advanced(),
			ScriptPath: string(r.ScriptPath), ScriptRunTiming: string(r.ScriptRunTiming),
		})
	}
	return out
}

// outcome is the partial failure of a create: a failed count, or jobs
// in state "fail" (named with the server's reasons).
func (out *CreateBackupResult) outcome(*Response) error {
	var failed []string
	for _, j := range out.Jobs {
		if failedState(j.State) {
			failed = append(failed, fmt.Sprintf("%s (%s): %s", j.JobName, j.Partition, j.ErrorMessage))
		}
	}
	if len(failed) > 0 {
		return createOutcome("fail", strings.Join(failed, "; "), out.Summary)
	}
	return createOutcome("", "", out.Summary)
}

// Create registers backup jobs, one per partition: POST {api}/backups.
// The server answers the jobs' names, never their IDs.
//
// Invalid input (a missing required field, an unknown Mode, a Rotation
// out of 1 to 30) wraps ErrInvalidArgument, and nothing is sent. A job
// name that exists already is an *APIError matching ErrConflict. When
// some jobs were not registered (Summary.Failed > 0, or a job in state
// "fail"), the result is returned with an error matching
// ErrPartialFailure. A create whose answer was lost matches
// ErrOutcomeUnknown and is never resent: list by JobName before trying
// again.
func (s *BackupsService) Create(ctx context.Context, req *CreateBackupRequest) (*CreateBackupResult, *Response, error) {
	c, err := backupFamily.clientToCreate((*service)(s), req)
	if err != nil {
		return nil, nil, err
	}
	return write(ctx, c, http.MethodPost, "backups", req.wire(), (*wireCreateBackupResult).model, (*CreateBackupResult).outcome)
}

// UpdateBackupRequest changes a backup job (PUT {api}/backups/{id}).
// Only the fields set are sent; the run state only by Start and Stop.
type UpdateBackupRequest struct {
	// Center is the job's center (ID or name). 3.0.0 servers check it
	// against the job's even when the job is given by ID (404 on a
	// mismatch); sent when set.
	Center string
	// Name renames the job (wire "changeName"); "" keeps its name.
	Name string
	// Mode changes the job's mode. Servers switch it themselves when a
	// schedule of the other kind is set: read the job back afterwards.
	Mode BackupMode
	// Rotation changes how many images are kept (1 to 30); nil keeps it.
	Rotation *int
	// Compression changes whether images are compressed; nil keeps it.
	Compression *bool
	// Encryption changes whether images are encrypted; nil keeps it.
	Encryption *bool
	// ExcludeDirs changes the directories left out; nil keeps them.
	ExcludeDirs []string
	// NetworkLimit changes the transfer rate cap, in Mbps (0 is
	// unlimited); nil keeps it.
	NetworkLimit *int
	// ScheduleID sets an existing schedule by its ID; 0 keeps the job's.
	// Set at most one of ScheduleID and Schedule.
	ScheduleID int64
	// Schedule is an inline schedule object sent as given; nil keeps the
	// job's.
	Schedule json.RawMessage
	// Repository, when not nil, moves the job to another repository (an
	// ID, or on 2.0.2 and later only a Path to keep the repository).
	Repository *RepositoryRef
	// ScriptPath changes the script's path; "" keeps it.
	ScriptPath string
	// ScriptRun changes when the script runs; "" keeps it.
	ScriptRun ScriptTiming
	// MailEvent changes the mail notification setting; "" keeps it.
	MailEvent string
}

// UpdateBackupResult is what an update (or a start or stop) changed.
type UpdateBackupResult struct {
	// Jobs are the jobs changed (one, unless a name is shared).
	Jobs []UpdatedBackupJob
	// State is "success" or "fail" as sent; on "fail" the result comes
	// with an error matching ErrPartialFailure.
	State string
	// Changes are the changed fields; labels as the server wrote them
	// ("jobName", "rotation", "Job Status", "Schedule(Basic)").
	Changes []FieldChange
	// Notices are the server's remarks (2.0.2: a schedule duplicated).
	Notices []string
}

// UpdatedBackupJob is one job an update changed.
type UpdatedBackupJob struct {
	// ID is the job's ID.
	ID int64
	// Name is the job's name, the new one after a rename.
	Name string
	// Partition is the job's partition or drive.
	Partition string
	// ErrorMessage is why the job could not be changed; "" when it was.
	ErrorMessage string
}

func (r *UpdateBackupRequest) validate() error {
	const what = "UpdateBackupRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	limit := 0
	if r.NetworkLimit != nil {
		limit = *r.NetworkLimit
	}
	return check(what, rules([]rule{
		{"Center", optional(r.Center)},
		{"Name", optional(r.Name)},
		{"Mode", oneOf(r.Mode, backupModes)},
		{"Rotation", newRotation(r.Rotation)},
	}, commonRules(r.ScriptRun, limit, r.ScheduleID, r.Schedule))...)
}

// wireUpdateBackup is the body of PUT /backups/{id}.
type wireUpdateBackup struct {
	Center      string         `json:"center,omitempty"`
	ChangeName  string         `json:"changeName,omitempty"`
	Mode        BackupMode     `json:"mode,omitempty"`
	Rotation    *int           `json:"rotation,omitempty"`
	Compression string         `json:"compression,omitempty"`
	Encryption  string         `json:"encryption,omitempty"`
	ExcludeDir  *string        `json:"excludeDir,omitempty"`
	Repository  *RepositoryRef `json:"repository,omitempty"`
	wireJobCommon
}

func (r *UpdateBackupRequest) wire() *wireUpdateBackup {
	w := &wireUpdateBackup{
		Center: r.Center, ChangeName: r.Name, Mode: r.Mode, Rotation: r.Rotation,
		Compression: optionalUse(r.Compression), Encryption: optionalUse(r.Encryption), Repository: r.Repository,
		wireJobCommon: commonBody(r.ScheduleID, r.Schedule, r.MailEvent, r.ScriptPath, r.ScriptRun, 0),
	}
	w.NetworkLimit = r.NetworkLimit
	if r.ExcludeDirs != nil {
		dirs := strings.Join(r.ExcludeDirs, ",")
		w.ExcludeDir = &dirs
	}
	return w
}

// wireUpdateBackupResult is the data of a backup update answer.
type wireUpdateBackupResult struct {
	JobInfo []struct {
		ID           id    `json:"id"`
		Name         known `json:"name"`
		Partition    known `json:"partition"`
		Drive        known `json:"drive"`
		ErrorMessage text  `json:"errorMessage"`
	} `json:"jobInfo"`
	Summary struct {
		State         text          `json:"state"`
		UpdatedFields []FieldChange `json:"updatedFields"`
	} `json:"summary"`
	Notices []text `json:"notices"`
}

func (w *wireUpdateBackupResult) model() *UpdateBackupResult {
	out := &UpdateBackupResult{State: string(w.Summary.State), Changes: w.Summary.UpdatedFields, Notices: texts(w.Notices)}
	for _, j := range w.JobInfo {
		out.Jobs = append(out.Jobs, UpdatedBackupJob{ID: int64(j.ID), Name: string(j.Name),
			Partition: string(firstOf(j.Partition, j.Drive)), ErrorMessage: string(j.ErrorMessage)})
	}
	return out
}

func (out *UpdateBackupResult) outcome(*Response) error {
	reason := ""
	for _, j := range out.Jobs {
		if j.ErrorMessage != "" {
			reason += j.Name + ": " + j.ErrorMessage + "; "
		}
	}
	return updateOutcome(out.State, strings.TrimSuffix(reason, "; "))
}

// Update changes a backup job: PUT {api}/backups/{identifier}, where
// identifier is the job ID (digits) or its name. Only the fields set are
// sent, with Center when given (3.0.0 servers check it even for an ID).
//
// Invalid input (a blank identifier, an unknown Mode, a Rotation out of
// 1 to 30, a request that changes nothing but Center) wraps
// ErrInvalidArgument, and nothing is sent. A missing job matches
// ErrNotFound; a "fail" state returns the result with an error matching
// ErrPartialFailure; a lost answer matches ErrOutcomeUnknown.
func (s *BackupsService) Update(ctx context.Context, identifier string, req *UpdateBackupRequest) (*UpdateBackupResult, *Response, error) {
	c, err := backupFamily.clientAbout((*service)(s), identifier, req)
	if err != nil {
		return nil, nil, err
	}
	body := req.wire()
	if changesNothing(body) {
		return nil, nil, invalidArg("UpdateBackupRequest changes nothing: set a field to change besides Center (Start and Stop change the run state)")
	}
	return s.put(ctx, c, identifier, body)
}

func (s *BackupsService) put(ctx context.Context, c *Client, identifier string, body any) (*UpdateBackupResult, *Response, error) {
	return write(ctx, c, http.MethodPut, backupFamily.jobPath(identifier), body, (*wireUpdateBackupResult).model, (*UpdateBackupResult).outcome)
}

// Start runs a backup job now: PUT {api}/backups/{identifier} with status
// "start". center is the job's center (ID or name), sent when given; ""
// sends none. A start whose answer was lost matches ErrOutcomeUnknown and
// is not resent.
func (s *BackupsService) Start(ctx context.Context, identifier, center string) (*UpdateBackupResult, *Response, error) {
	return runState(ctx, backupFamily, (*service)(s), identifier, center, "start", s.put)
}

// Stop stops a running backup job: PUT {api}/backups/{identifier} with
// status "stop" ("cancel" on the draft API). center is as for Start.
func (s *BackupsService) Stop(ctx context.Context, identifier, center string) (*UpdateBackupResult, *Response, error) {
	return runState(ctx, backupFamily, (*service)(s), identifier, center, "stop", s.put)
}

// DeleteBackupOptions scopes Delete.
type DeleteBackupOptions struct {
	// Center is the job's center: exactly one, by ID or name. With a
	// name shared by several jobs of the center, 3.0.0 servers refuse
	// the delete (409, ErrConflict): delete by ID.
	Center string `url:"center,omitempty"`
}

// DeleteBackupResult is what BackupsService.Delete removed.
type DeleteBackupResult = DeleteResult

// Delete removes a backup job with its histories and logs (its images
// stay in the repository): DELETE {api}/backups/{identifier}. opts may be
// nil.
//
// A name that several jobs of the center share is an *APIError matching
// ErrConflict (3.0.0 servers; nothing is deleted: delete by ID). A
// missing job, or a server reporting state "not_found", matches
// ErrNotFound; a "fail" state returns the result with an error matching
// ErrPartialFailure; a lost answer matches ErrOutcomeUnknown.
func (s *BackupsService) Delete(ctx context.Context, identifier string, opts *DeleteBackupOptions) (*DeleteBackupResult, *Response, error) {
	return backupFamily.delete(ctx, (*service)(s), identifier, centerOf((*DeleteRecoveryOptions)(opts)))
}
