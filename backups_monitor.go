package zdm

import (
	"context"
	"net/url"
	"slices"
)

// BackupMonitoring is one snapshot of a backup job: a job backs up one
// partition or drive, so it has one progress and no list of details.
// Every server generation sends it in the same shape (job.progressInfo).
//
// Judge completion by ProgressInfo.Status.Phase() only: "100%" with
// Processing is legal (the copy is done, later steps are not).
type BackupMonitoring struct {
	// Server is the name of the server backed up.
	Server string `json:"server"`
	// JobName is the job's name.
	JobName string `json:"jobName"`
	// Partition is the Linux partition backed up ("/"); "" for a drive.
	Partition string `json:"partition,omitempty"`
	// Drive is the Windows drive backed up ("C:"); "" for a partition.
	Drive string `json:"drive,omitempty"`
	// ProgressInfo is the job's status, percent, message and times, with
	// their readings (Status.Phase, PercentValue, StartTime, ...).
	ProgressInfo ProgressInfo `json:"progressInfo"`
	// Log is the job's log lines, oldest first (3.0.0 servers fill it
	// only with Detail set).
	Log []string `json:"log"`
}

// Finished reports whether the job's run has reached an end, as
// [PartitionProgress.Finished] does for a row.
func (m *BackupMonitoring) Finished() bool { return m.ProgressInfo.finished() }

// AsJobMonitoring is the snapshot as the watch sees it, and as
// WatchOptions.OnUpdate and Resume take it for a backup job: a job whose
// Source server is Server and whose one detail is the partition or drive
// with its progress.
func (m *BackupMonitoring) AsJobMonitoring() *JobMonitoring {
	if m == nil {
		return nil
	}
	return &JobMonitoring{
		System: Systems{Source: ServerInfo{Name: m.Server}},
		Job: JobProgress{Info: JobInfo{Name: m.JobName}, Log: slices.Clone(m.Log),
			Details: []PartitionProgress{{Partition: m.Partition, Drive: m.Drive, ProgressInfo: m.ProgressInfo}}},
	}
}

// backupOf is the backup job a JobMonitoring view shows (see
// AsJobMonitoring); nil for nil.
func backupOf(j *JobMonitoring) *BackupMonitoring {
	if j == nil {
		return nil
	}
	m := &BackupMonitoring{Server: j.System.Source.Name, JobName: j.Job.Info.Name, Log: j.Job.Log}
	if len(j.Job.Details) > 0 {
		d := &j.Job.Details[0]
		m.Partition, m.Drive, m.ProgressInfo = d.Partition, d.Drive, d.ProgressInfo
	}
	return m
}

// BackupMonitorFilters are the filters of the backup monitoring calls.
// Only the fields set are sent.
type BackupMonitorFilters struct {
	// Mode keeps the jobs of this mode.
	Mode BackupMode `url:"mode,omitempty"`
	// Partition keeps the jobs of this Linux partition; set at most one
	// of Partition and Drive.
	Partition string `url:"partition,omitempty"`
	// Drive keeps the jobs of this Windows drive ("C" or "C:").
	Drive string `url:"drive,omitempty"`
	// JobName keeps the jobs of this name (1.0.3 and later).
	JobName string `url:"jobName,omitempty"`
	// RepositoryType keeps the jobs writing to a repository of this type.
	RepositoryType string `url:"repositoryType,omitempty"`
	// RepositoryPath keeps the jobs writing to the repository at this
	// path.
	RepositoryPath string `url:"repositoryPath,omitempty"`
	// Status keeps the jobs in this status (sent lowercased). 3.0.0
	// servers refuse it in MonitorJob: read ProgressInfo.Status instead.
	Status Status `url:"status,omitempty"`
	// Detail asks for the log lines (3.0.0 servers send them only then).
	Detail bool `url:"detail,omitempty"`
	// Center scopes the job or server to centers, by ID or name, or a
	// comma list of them (3.0.0).
	Center string `url:"center,omitempty"`
}

func (f *BackupMonitorFilters) rules(server string) []rule {
	b := backupFilter{server, f.Partition, f.Drive, f.RepositoryType, f.RepositoryPath, f.Center, f.Mode, f.Status, 0}
	return append(b.rules(), rule{"JobName", filter(f.JobName)})
}

// MonitorBackupOptions narrows MonitorJob and Watch. The zero value (or
// nil) asks for the job without detail; a job outside the filters is not
// found.
type MonitorBackupOptions struct {
	// BackupMonitorFilters are conditions the job must meet.
	BackupMonitorFilters
	// Server is the server the job must back up, by name or ID (1.0.3
	// and later).
	Server string `url:"server,omitempty"`
}

func (o *MonitorBackupOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("MonitorBackupOptions", o.rules(o.Server)...)
}

// monitorBackupQuery shapes the filters for the server: 3.0.0 servers
// refuse a status filter on this path, which then fails here.
func monitorBackupQuery(c *Client, o *MonitorBackupOptions) (url.Values, error) {
	if o != nil && o.Status != "" && c.queryGeneration() == GenerationV3 {
		return nil, invalidArg("MonitorBackupOptions.Status: %s servers refuse this filter (400); read ProgressInfo.Status instead", GenerationV3)
	}
	return statusQuery(c, o)
}

// MonitorJob reads the monitoring snapshot of one backup job:
// GET {api}/backups/monitoring/job/{identifier}, where identifier is the
// job ID (digits) or its name (path-escaped). opts may be nil.
//
// Invalid input (a blank identifier, an unknown Mode or Status, both
// Partition and Drive, a Status for a 3.0.0 server) wraps
// ErrInvalidArgument, and nothing is sent. A missing job, or one the
// filters leave out, matches ErrNotFound; a job whose data is incomplete
// (JOB-ERROR-20) is a 400, ErrBadRequest.
func (s *BackupsService) MonitorJob(ctx context.Context, identifier string, opts *MonitorBackupOptions) (*BackupMonitoring, *Response, error) {
	j, resp, err := s.monitor(ctx, identifier, opts)
	return backupOf(j), resp, err
}

// monitor is MonitorJob as the watch sees it (see AsJobMonitoring): the
// answer is the per-job monitoring shape, which the recovery family's
// decoder reads too.
func (s *BackupsService) monitor(ctx context.Context, identifier string, opts *MonitorBackupOptions) (*JobMonitoring, *Response, error) {
	c, err := backupFamily.clientAbout((*service)(s), identifier, opts)
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, "backups/monitoring/job/"+url.PathEscape(identifier), opts, monitorBackupQuery,
		func(w *wireMonitoring, t *times) JobMonitoring { return w.model(t.z) })
}

// backupJobs runs backup jobs through the watch and run loops: their
// snapshots as JobMonitoring views, their start, their histories.
type backupJobs struct {
	s    *BackupsService
	opts *MonitorBackupOptions
}

// MonitorJob implements jobMonitor: the options are the watch's own; Run
// scopes its polls to the job's center.
func (b backupJobs) MonitorJob(ctx context.Context, identifier string, o *MonitorJobOptions) (*JobMonitoring, *Response, error) {
	opts := b.opts
	if o != nil && o.Center != "" {
		opts = &MonitorBackupOptions{BackupMonitorFilters: BackupMonitorFilters{Center: o.Center}}
	}
	return b.s.monitor(ctx, identifier, opts)
}

func (b backupJobs) startRun(ctx context.Context, identifier, center string) error {
	_, _, err := b.s.Start(ctx, identifier, center)
	return err
}

func (b backupJobs) newestRun(ctx context.Context, identifier, center string) (int64, int, error) {
	h := &ListBackupHistoriesOptions{Center: center, Sort: SortDescending, ListOptions: runProbe}
	h.JobID, h.JobName = jobRef(identifier)
	rows, resp, err := b.s.ListHistories(ctx, h)
	return newestRun(rows, resp, err, func(h *BackupHistory) int64 { return h.ID })
}

// Watch polls MonitorJob until the job's run has finished and returns the
// final snapshot, as [RecoveriesService.Watch] does for a recovery job
// with one detail: completion is decided by the status alone (Complete,
// Error, Canceled, or Scheduled with 100% or an end time; "100%" with
// Processing is not done). Its outcomes are Watch's: (snapshot, nil);
// (snapshot, *JobFailedError matching ErrJobFailed, and ErrJobCanceled
// when the run was canceled); a *WatchError when ctx ends; permanent
// errors at once, transient ones up to MaxErrors in a row.
//
// wopts.OnUpdate, Done and Resume see the job as AsJobMonitoring shows
// it, and so does a WatchError's LastState.
func (s *BackupsService) Watch(ctx context.Context, identifier string, opts *MonitorBackupOptions, wopts *WatchOptions) (*BackupMonitoring, error) {
	c, err := backupFamily.clientAbout((*service)(s), identifier, opts)
	if err != nil {
		return nil, err
	}
	m, err := watchWith(ctx, c, backupJobs{s, opts}, backupFamily, identifier, nil, wopts)
	return backupOf(m), err
}

// Run starts a backup job (see [BackupsService.Start]) and waits for the
// run it started (see [BackupsService.Watch]), with the rules of
// [RecoveriesService.Run]: center, when given, scopes the start, every
// poll and every history lookup; a job that shows the previous run's
// finished state counts as finished again only once it shows the new
// run (other times, as the server's clock wrote them; a status that left
// the finished state; or a new history row).
//
// Nothing is started when the identifier or options are invalid, or when
// the first snapshot fails for any reason but ErrNotFound. An error from
// Start is returned as it is (ErrOutcomeUnknown when the start may have
// been taken; it is never resent).
func (s *BackupsService) Run(ctx context.Context, identifier, center string, wopts *WatchOptions) (*BackupMonitoring, error) {
	c, err := s.ready()
	if err != nil {
		return nil, err
	}
	m, err := runWith(ctx, c, backupJobs{s: s}, backupFamily, identifier, center, wopts)
	return backupOf(m), err
}

// MonitorBackupSystemOptions narrows MonitorSystem. The zero value (or
// nil) asks for every backup job of the server.
type MonitorBackupSystemOptions struct {
	// ListOptions pages the jobs (1.0.3 and later); the pagination is in
	// Response.Pagination.
	ListOptions
	// BackupMonitorFilters keep some of the jobs.
	BackupMonitorFilters
}

func (o *MonitorBackupSystemOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("MonitorBackupSystemOptions", o.ListOptions, o.rules("")...)
}

// BackupSystemMonitoring is the backup activity of one server.
type BackupSystemMonitoring struct {
	// Server is the server's name.
	Server string `json:"server"`
	// Summary counts the jobs by state (Canceled from 3.0.0 servers).
	Summary SystemSummary `json:"summary"`
	// Jobs are the server's jobs (this page of them when paginated): one
	// per partition on 1.x/2.x servers, every job on 3.0.0. Empty, not
	// nil, when there is none.
	Jobs []*BackupMonitoring `json:"jobs"`
}

// MonitorSystem reads the backup activity of one server:
// GET {api}/backups/monitoring/system/{server}, where server is its ID
// (digits) or name. opts may be nil. A server with no backup job: 3.0.0
// servers answer an empty Jobs; 1.x/2.x servers answer 404, returned as
// an *APIError matching ErrNotFound.
func (s *BackupsService) MonitorSystem(ctx context.Context, server string, opts *MonitorBackupSystemOptions) (*BackupSystemMonitoring, *Response, error) {
	c, err := backupFamily.clientForServer((*service)(s), server, opts)
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, "backups/monitoring/system/"+url.PathEscape(server), opts, statusQuery[MonitorBackupSystemOptions],
		(*wireSystemMonitoring).backups)
}

// backups is the system view of a server's backup jobs.
func (w *wireSystemMonitoring) backups(t *times) BackupSystemMonitoring {
	sm := w.model(t.z)
	out := BackupSystemMonitoring{Server: string(w.System.Name), Summary: sm.Summary, Jobs: make([]*BackupMonitoring, len(sm.Jobs))}
	for i := range sm.Jobs {
		out.Jobs[i] = backupOf(&JobMonitoring{System: Systems{Source: ServerInfo{Name: out.Server}}, Job: sm.Jobs[i]})
	}
	return out
}
