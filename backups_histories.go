package zdm

import (
	"context"
	"iter"
)

// ListBackupHistoriesOptions narrows ListHistories and ListAllHistories.
// The zero value (or nil) asks for every history row.
type ListBackupHistoriesOptions struct {
	// ListOptions pages the rows.
	ListOptions
	// JobID keeps the runs of the job with this ID (digits).
	JobID string `url:"jobId,omitempty"`
	// JobName keeps the runs of the job of this name: the way to list one
	// job's runs.
	JobName string `url:"jobName,omitempty"`
	// Server keeps the runs of the server of this name (a name, not an
	// ID).
	Server string `url:"server,omitempty"`
	// Partition keeps the runs of this partition or drive (an exact
	// match; "C" reads "C:" for a Windows Server, and always on 3.0.0).
	Partition string `url:"partition,omitempty"`
	// Result keeps the runs that succeeded (HistoryResultSuccess) or
	// failed (HistoryResultFailed).
	Result HistoryResult `url:"result,omitempty"`
	// Center scopes the runs to centers, by ID or name, or a comma list
	// of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Sort orders the runs, SortAscending or SortDescending.
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *ListBackupHistoriesOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListBackupHistoriesOptions", o.ListOptions, append([]rule{
		{"JobID", jobID(o.JobID)}, {"Result", oneOf(o.Result, historyResults)}, {"Sort", oneOf(o.Sort, sortOrders)},
	}, textFilters("JobName", o.JobName, "Server", o.Server, "Partition", o.Partition, "Center", o.Center)...)...)
}

// GetBackupHistoryOptions narrows GetHistory: on 3.0.0 servers a row
// outside these filters (or another center's) is not found; older
// servers read only Center.
type GetBackupHistoryOptions struct {
	// Center scopes the lookup to centers, by ID or name.
	Center string `url:"center,omitempty"`
	// JobName is the job the row must belong to.
	JobName string `url:"jobName,omitempty"`
	// Server is the name of the server the row must be of.
	Server string `url:"server,omitempty"`
	// Partition is the partition or drive the run must have backed up.
	Partition string `url:"partition,omitempty"`
	// Result is the outcome the run must have had.
	Result HistoryResult `url:"result,omitempty"`
}

func (o *GetBackupHistoryOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("GetBackupHistoryOptions", append([]rule{{"Result", oneOf(o.Result, historyResults)}},
		textFilters("Center", o.Center, "JobName", o.JobName, "Server", o.Server, "Partition", o.Partition)...)...)
}

// BackupHistory is one finished run of a backup job.
type BackupHistory struct {
	// ID is the history row's ID (not the job's).
	ID int64 `json:"id"`
	// System names the server backed up.
	System HistorySystem `json:"system"`
	// Job is the job the run belongs to.
	Job BackupHistoryJob `json:"job"`
	// Result is how the run ended ("COMPLETE", "FAIL").
	Result HistoryOutcome `json:"result"`
	// Time is the run's start, end and elapsed time.
	Time TimeInfo `json:"time"`
}

// BackupHistoryJob is the job a backup run belongs to.
type BackupHistoryJob struct {
	// Name is the backup job's name.
	Name string `json:"name"`
	// ID is the backup job's ID.
	ID int64 `json:"id"`
	// BackupType is the run's mode as sent ("Full Backup", "Increment
	// Backup", "Smart Backup").
	BackupType string `json:"backupType"`
	// Partition is the partition ("/") or drive ("C:") backed up (wire
	// drive, for both).
	Partition string `json:"partition"`
	// RepositoryPath is the repository the image was written to.
	RepositoryPath string `json:"repositoryPath"`
}

// Succeeded reports whether the run completed ("COMPLETE", or any
// spelling of a completed status).
func (h BackupHistory) Succeeded() bool { return Status(h.Result.Status).Phase() == PhaseCompleted }

func (w *wireHistory) backup(t *times) BackupHistory {
	j := &w.Job
	return BackupHistory{
		ID: int64(w.ID), System: HistorySystem{Name: string(w.System.Name)}, Result: HistoryOutcome{Status: string(w.Result.Status), Description: emptied(string(w.Result.Description))}, Time: w.Time.known(t),
		Job: BackupHistoryJob{Name: string(j.Name), ID: int64(j.ID), BackupType: string(j.BackupType),
			Partition: string(j.Drive), RepositoryPath: string(j.RepositoryPath)},
	}
}

// ListHistories lists finished runs of backup jobs:
// GET {api}/backups/histories (servers 1.1.0 and later). Older servers
// and the draft API have no such route: they read "histories" as the
// name of a backup job (GET {api}/backups/{identifier}) and answer 404,
// an *APIError matching ErrNotFound, not ErrEndpointNotFound. opts may be
// nil; a job's runs are the ones with its JobName. A filter that matches
// nothing is an empty list.
func (s *BackupsService) ListHistories(ctx context.Context, opts *ListBackupHistoriesOptions) ([]*BackupHistory, *Response, error) {
	c, err := backupFamily.client((*service)(s), opts)
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "backups/histories", opts, plainQuery[ListBackupHistoriesOptions], (*wireHistory).backup)
}

// GetHistory reads one history row: GET {api}/backups/histories/{historyID}.
//
// historyID is what 3.0.0 servers mean by a number there: the history
// row's ID (the ID of a BackupHistory). Servers before 3.0.0 read the
// number as the backup job's ID and answer one row of that job, which
// need not be its latest: on those servers list the job's runs with
// ListHistories (JobName or JobID, Sort descending) instead. A row that
// does not exist, or fails opts' filters, matches ErrNotFound.
func (s *BackupsService) GetHistory(ctx context.Context, historyID int64, opts *GetBackupHistoryOptions) (*BackupHistory, *Response, error) {
	c, path, err := historyCall((*service)(s), backupFamily, historyID, opts)
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, path, opts, plainQuery[GetBackupHistoryOptions], (*wireHistory).backup)
}

// ListAllHistories is ListHistories over every page, fetched lazily as
// the loop asks (see [RecoveriesService.ListAll]).
func (s *BackupsService) ListAllHistories(ctx context.Context, opts *ListBackupHistoriesOptions) iter.Seq2[*BackupHistory, error] {
	return allPages(opts, func(o *ListBackupHistoriesOptions) ([]*BackupHistory, *Response, error) {
		return s.ListHistories(ctx, o)
	})
}
