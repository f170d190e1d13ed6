package zdm

import (
	"context"
	"encoding/json"
	"iter"
	"strconv"
	"strings"
)

// ListHistoriesOptions narrows ListHistories and ListAllHistories. The
// zero value (or nil) asks for every history row.
type ListHistoriesOptions struct {
	ListOptions
	// JobID keeps the runs of the job with this ID (digits).
	JobID string `url:"jobId,omitempty"`
	// JobName keeps the runs of the job of this name: the way to list one
	// job's runs.
	JobName string `url:"jobName,omitempty"`
	// Server keeps the runs of the server of this name (a name, not an
	// ID), on the side ServerType says.
	Server string `url:"server,omitempty"`
	// ServerType says which side Server names, ServerTypeSource or
	// ServerTypeTarget; "" leaves it to the server, which takes target.
	ServerType ServerType `url:"serverType,omitempty"`
	// Partition keeps the runs that restored this partition or drive (an
	// exact match of one of them). 3.0.0 servers, and older ones when
	// Server names a Windows server, read "C" as "C:".
	Partition string `url:"partition,omitempty"`
	// Result keeps the runs that succeeded (HistoryResultSuccess) or
	// failed (HistoryResultFailed); "" keeps both.
	Result HistoryResult `url:"result,omitempty"`
	// Center scopes the runs to centers, by ID or name, or a comma list
	// of them (3.0.0 servers; older ones may ignore it).
	Center string `url:"center,omitempty"`
	// Sort orders the runs, SortAscending or SortDescending; "" leaves
	// the servers' default, descending. Servers do not say by which key.
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *ListHistoriesOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListHistoriesOptions", o.ListOptions, append([]rule{
		{"JobID", jobID(o.JobID)},
		{"Result", oneOf(o.Result, historyResults)},
		{"ServerType", oneOf(o.ServerType, serverTypes)},
		{"Sort", oneOf(o.Sort, sortOrders)},
	}, textFilters("JobName", o.JobName, "Server", o.Server, "Partition", o.Partition, "Center", o.Center)...)...)
}

// GetHistoryOptions narrows GetHistory: a row outside these filters (or
// another center's) is not found. Servers before 3.0.0 ignore them.
type GetHistoryOptions struct {
	// Center scopes the lookup to centers, by ID or name, or a comma list
	// of them: a row of another center is not found.
	Center string `url:"center,omitempty"`
	// JobName is the job the row must belong to.
	JobName string `url:"jobName,omitempty"`
	// Server is the name of a server the row must have, on the side
	// ServerType says.
	Server string `url:"server,omitempty"`
	// ServerType says which side Server names, ServerTypeSource or
	// ServerTypeTarget; "" leaves it to the server, which takes target.
	ServerType ServerType `url:"serverType,omitempty"`
	// Partition is a partition or drive the run must have restored.
	Partition string `url:"partition,omitempty"`
	// Result is the outcome the run must have had, HistoryResultSuccess
	// or HistoryResultFailed; "" accepts both.
	Result HistoryResult `url:"result,omitempty"`
}

func (o *GetHistoryOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("GetHistoryOptions", append([]rule{
		{"Result", oneOf(o.Result, historyResults)},
		{"ServerType", oneOf(o.ServerType, serverTypes)},
	}, textFilters("Center", o.Center, "JobName", o.JobName, "Server", o.Server, "Partition", o.Partition)...)...)
}

// RecoveryHistory is one finished run of a recovery job.
type RecoveryHistory struct {
	// ID is the history row's ID (not the job's), the one GetHistory
	// takes.
	ID int64 `json:"id"`
	// System names the run's source server.
	System HistorySystem `json:"system"`
	// Job is the job the run belongs to and where it restored.
	Job HistoryJob `json:"job"`
	// Result is how the run ended.
	Result HistoryOutcome `json:"result"`
	// Time is the run's start, end and elapsed time.
	Time TimeInfo `json:"time"`
}

// HistorySystem is the source server of a run.
type HistorySystem struct {
	// Name is the source server's name.
	Name string `json:"name"`
}

// HistoryJob is the job a run belongs to and where it restored.
type HistoryJob struct {
	// Name is the recovery job's name.
	Name string `json:"name"`
	// ID is the recovery job's ID; 0 when the server sent none.
	ID int64 `json:"id"`
	// RecoverySystemName is the name of the target server.
	RecoverySystemName string `json:"recoverySystemName"`
	// RecoverDrive lists the target partitions or drives the run restored
	// ("/", "C:"), whether the server sent a list or one comma-joined
	// text.
	RecoverDrive []string `json:"recoverDrive"`
}

// HistoryOutcome is how a run ended: Status "COMPLETE" or "FAIL" as sent.
type HistoryOutcome struct {
	// Status is "COMPLETE" or "FAIL" as sent; see
	// [RecoveryHistory.Succeeded].
	Status string `json:"status"`
	// Description is the server's text about the outcome ("Recovery
	// completed successfully", "Target server unreachable").
	Description string `json:"description"`
}

// Succeeded reports whether the run completed ("COMPLETE", or any
// spelling of a completed status).
func (h RecoveryHistory) Succeeded() bool {
	return Status(h.Result.Status).Phase() == PhaseCompleted
}

// wireHistory is a history row as servers send it, of either job family:
// ids as numbers (or text), recoverDrive as a list (or its stored
// comma-joined text).
type wireHistory struct {
	ID     id `json:"id"`
	System struct {
		Name known `json:"name"`
	} `json:"system"`
	Job struct {
		Name               known     `json:"name"`
		ID                 id        `json:"id"`
		RecoverySystemName known     `json:"recoverySystemName"`
		RecoverDrive       textOrSet `json:"recoverDrive"`
		// Backup rows: the mode, the partition or drive (both under
		// "drive"), and the repository written to.
		BackupType     known `json:"backupType"`
		Drive          known `json:"drive"`
		RepositoryPath known `json:"repositoryPath"`
	} `json:"job"`
	Result wireHistoryResult `json:"result"`
	Time   wireTimeInfo      `json:"time"`
}

type wireHistoryResult struct {
	Status      text `json:"status"`
	Description text `json:"description"`
}

// textOrSet is a list of text, or one comma-joined text; empty entries
// and placeholders are dropped.
type textOrSet []string

// UnmarshalJSON implements [json.Unmarshaler].
func (t *textOrSet) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '[' {
		var list []known
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*t = knowns(list)
		return nil
	}
	var s known
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*t = nil
	for part := range strings.SplitSeq(string(s), ",") {
		if part = strings.TrimSpace(part); part != "" {
			*t = append(*t, part)
		}
	}
	return nil
}

func (w *wireHistory) model(t *times) RecoveryHistory {
	return RecoveryHistory{
		ID: int64(w.ID), System: HistorySystem{Name: string(w.System.Name)}, Result: w.Result.model(), Time: w.Time.model(t.z),
		Job: HistoryJob{Name: string(w.Job.Name), ID: int64(w.Job.ID),
			RecoverySystemName: string(w.Job.RecoverySystemName), RecoverDrive: w.Job.RecoverDrive},
	}
}

func (r *wireHistoryResult) model() HistoryOutcome {
	return HistoryOutcome{Status: string(r.Status), Description: string(r.Description)}
}

// ListHistories lists finished runs of recovery jobs:
// GET {api}/recoveries/histories (servers 1.1.0 and later; older ones
// answer ErrEndpointNotFound). opts may be nil; a job's runs are the ones
// with its JobName. Servers paginate only when Page or Limit is set.
func (s *RecoveriesService) ListHistories(ctx context.Context, opts *ListHistoriesOptions) ([]*RecoveryHistory, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "recoveries/histories", opts, plainQuery[ListHistoriesOptions], (*wireHistory).model)
}

// ListAllHistories is ListHistories over every page, fetched lazily as
// the loop asks (see [RecoveriesService.ListAll]).
func (s *RecoveriesService) ListAllHistories(ctx context.Context, opts *ListHistoriesOptions) iter.Seq2[*RecoveryHistory, error] {
	return allPages(opts, func(o *ListHistoriesOptions) ([]*RecoveryHistory, *Response, error) { return s.ListHistories(ctx, o) })
}

// GetHistory reads one history row by its ID (the row's, not the job's):
// GET {api}/recoveries/histories/{historyID}. A row that does not exist,
// or fails opts' filters, matches ErrNotFound.
func (s *RecoveriesService) GetHistory(ctx context.Context, historyID int64, opts *GetHistoryOptions) (*RecoveryHistory, *Response, error) {
	c, path, err := historyCall((*service)(s), recoveryFamily, historyID, opts)
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, path, opts, plainQuery[GetHistoryOptions], (*wireHistory).model)
}

// historyCall is the client and path of a family's history row call
// with options opts.
func historyCall(s *service, f *family, historyID int64, opts checked) (*Client, string, error) {
	var id error
	if historyID <= 0 {
		id = invalidArg("historyID %d is not a history row ID: expected 1 or more", historyID)
	}
	c, err := s.checked(f.service, id, validated(opts))
	return c, f.path + "/histories/" + strconv.FormatInt(historyID, 10), err
}
