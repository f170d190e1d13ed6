package zdm

import (
	"context"
	"encoding/json"
	"net/url"
)

// MonitorSystemOptions narrows MonitorSystem. The zero value (or nil)
// asks for every job of the server. Page and Limit page the jobs (3.0.0)
// or the rows (1.x/2.x), and Response.Pagination says where the page is.
type MonitorSystemOptions struct {
	ListOptions
	// ServerType keeps the jobs where the server plays this side,
	// ServerTypeSource or ServerTypeTarget; "" keeps both sides.
	ServerType ServerType `url:"serverType,omitempty"`
	// JobName keeps the jobs of this name (an exact match).
	JobName string `url:"jobName,omitempty"`
	// Status keeps the jobs in this status (StatusProcessing, ...). It is
	// sent lowercased. 1.x/2.x servers, which report one job, answer 404
	// when that job's status does not match.
	Status Status `url:"status,omitempty"`
	// Mode keeps the partition rows of this recovery mode, ModeFull or
	// ModeIncrement.
	Mode Mode `url:"mode,omitempty"`
	// Partition keeps the rows of this Linux partition ("/data"). It and
	// Drive filter the same column: set at most one. On 3.0.0 servers a
	// job left without rows is dropped; 1.x/2.x servers answer 404 when
	// no row matches.
	Partition string `url:"partition,omitempty"`
	// Drive keeps the rows of this Windows drive ("C" or "C:"), like
	// Partition; set at most one of the two.
	Drive string `url:"drive,omitempty"`
	// Detail asks for each row's extras (3.0.0: target disk, size, mode,
	// overwrite). Some 2.0.2 servers send the rows and the log only with
	// it.
	Detail bool `url:"detail,omitempty"`
	// Center scopes the server to centers, by ID or name, or a comma
	// list of them (3.0.0 servers): a server outside them is not found.
	Center string `url:"center,omitempty"`
}

func (o *MonitorSystemOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("MonitorSystemOptions", o.ListOptions, rules([]rule{
		{"Mode", oneOf(o.Mode, modes)},
		{"ServerType", oneOf(o.ServerType, serverTypes)},
		{"Status", statusFilter(o.Status)},
	}, columnRules(o.Partition, o.Drive), textFilters("JobName", o.JobName, "Center", o.Center))...)
}

// SystemMonitoring is the recovery activity of one server: one job (the
// latest) on 1.x/2.x servers, every job where it is source or target on
// 3.0.0.
type SystemMonitoring struct {
	// Server is the queried server's name (3.0.0; "" before).
	Server string `json:"server,omitempty"`
	// System names the job's two servers on 1.x/2.x servers and those of
	// the draft API.
	System Systems `json:"system"`
	// Summary counts the jobs (3.0.0) or partition rows (1.x/2.x) by
	// state. On 3.0.0 servers it covers every page, not only this one.
	Summary SystemSummary `json:"summary"`
	// Jobs is the progress of each job: the latest job only on 1.x/2.x
	// servers; on 3.0.0, every job where the server is source or target
	// (this page of them when paginated), jobs with progress first, then
	// the most recently updated. Empty, not nil, when there is none.
	Jobs []JobProgress `json:"jobs"`
	// JobServers names, for each of Jobs (same index), its servers and the
	// side the queried server plays.
	JobServers []JobServers `json:"jobServers"`
}

// JobServers are one job's servers in a system view.
type JobServers struct {
	// Source is the name of the job's source server.
	Source string `json:"source"`
	// Target is the name of the job's target server.
	Target string `json:"target"`
	// Role is the side the queried server plays in the job,
	// ServerTypeSource or ServerTypeTarget (3.0.0); "" when the server did
	// not say.
	Role ServerType `json:"role,omitempty"`
}

// SystemSummary counts a server's recovery jobs (rows on 1.x/2.x) by
// state. OverallProgress is as sent ("45%", or "-" without progress).
type SystemSummary struct {
	// Total counts the jobs matching the filters on 3.0.0 servers (the
	// sum of the other counts there), the partition rows on 1.x/2.x.
	Total int `json:"total"`
	// Completed counts those Complete.
	Completed int `json:"completed"`
	// InProgress counts those Preparing or Processing.
	InProgress int `json:"inProgress"`
	// Failed counts those in Error.
	Failed int `json:"failed"`
	// Pending counts those Scheduled or Registered.
	Pending int `json:"pending"`
	// Canceled counts those Canceling or Canceled (3.0.0; 0 from older
	// servers, which count them nowhere).
	Canceled int `json:"canceled"`
	// OverallProgress is the mean progress as sent ("45%"): over the jobs
	// that have progress on 3.0.0 servers, over the progress rows on
	// 1.x/2.x; "-" when nothing has progress.
	OverallProgress string `json:"overallProgress"`
}

// wireSystemMonitoring is the data of a server monitoring answer, every
// generation: 3.0.0's {server, summary, job: [...], pagination} and the
// older {system, summary, job: {...}, pagination}.
type wireSystemMonitoring struct {
	Server struct {
		Name known `json:"name"`
	} `json:"server"`
	System  wireSystems `json:"system"`
	Summary struct {
		Total           text `json:"total"`
		Completed       text `json:"completed"`
		InProgress      text `json:"inProgress"`
		Failed          text `json:"failed"`
		Pending         text `json:"pending"`
		Canceled        text `json:"canceled"`
		OverallProgress text `json:"overallProgress"`
	} `json:"summary"`
	Job        wireSystemJobs  `json:"job"`
	Jobs       draftSystemJobs `json:"jobs"` // an older draft
	Pagination *wirePagination `json:"pagination"`
}

// pagination implements paginated: servers put it inside data here.
func (w *wireSystemMonitoring) pagination() *Pagination { return w.Pagination.model() }

// wireSystemJobs is one job object (1.x/2.x) or a list of them (3.0.0).
type wireSystemJobs []wireJob

// UnmarshalJSON implements [json.Unmarshaler].
func (j *wireSystemJobs) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0 || b[0] == 'n':
		return nil
	case b[0] == '{':
		*j = make(wireSystemJobs, 1)
		return json.Unmarshal(b, &(*j)[0])
	}
	return json.Unmarshal(b, (*[]wireJob)(j))
}

// draftSystemJobs is an older draft's "jobs" list, read when it has the
// job shape; a draft whose entries differ (a "progress" of "60%") is
// dropped rather than failing the whole answer.
type draftSystemJobs struct{ wireSystemJobs }

// UnmarshalJSON implements [json.Unmarshaler].
func (j *draftSystemJobs) UnmarshalJSON(b []byte) error {
	if err := j.wireSystemJobs.UnmarshalJSON(b); err != nil {
		j.wireSystemJobs = nil
	}
	return nil
}

func (w *wireSystemMonitoring) model(z zone) *SystemMonitoring {
	s := &w.Summary
	out := &SystemMonitoring{
		Server: string(w.Server.Name),
		System: Systems{Source: w.System.Source.model(), Target: w.System.Target.model()},
		Summary: SystemSummary{
			Total: atoi(s.Total), Completed: atoi(s.Completed), InProgress: atoi(s.InProgress),
			Failed: atoi(s.Failed), Pending: atoi(s.Pending), Canceled: atoi(s.Canceled),
			OverallProgress: string(s.OverallProgress),
		},
	}
	jobs := w.Job
	if len(jobs) == 0 {
		jobs = w.Jobs.wireSystemJobs
	}
	out.Jobs = make([]JobProgress, 0, len(jobs))
	out.JobServers = make([]JobServers, 0, len(jobs))
	for i := range jobs {
		one := wireMonitoring{System: w.System, Job: jobs[i]}
		m := one.model(z)
		out.Jobs = append(out.Jobs, m.Job)
		out.JobServers = append(out.JobServers, JobServers{
			Source: m.System.Source.Name, Target: m.System.Target.Name, Role: ServerType(jobs[i].Info.Role),
		})
	}
	return out
}

// MonitorSystem reads the recovery activity of one server:
// GET {api}/recoveries/monitoring/system/{server}, where server is the
// server's ID (digits) or name. opts may be nil.
//
// A server with no recovery job: 3.0.0 servers answer an empty Jobs (nil
// error); 1.x/2.x servers answer 404, returned as an *APIError matching
// ErrNotFound (they do not say whether the server or its jobs are
// missing). A paginated answer's pagination, which servers put inside the
// data, is in Response.Pagination.
func (s *RecoveriesService) MonitorSystem(ctx context.Context, server string, opts *MonitorSystemOptions) (*SystemMonitoring, *Response, error) {
	c, err := s.checked(checkRef("server", serverRef, server), opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, "recoveries/monitoring/system/"+url.PathEscape(server), opts, statusQuery[MonitorSystemOptions],
		func(w *wireSystemMonitoring, t *times) SystemMonitoring { return *w.model(t.z) })
}
