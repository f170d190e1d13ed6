package zdm

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// MonitorSystemOptions narrows MonitorSystem. The zero value (or nil)
// asks for every job of the server. Page and Limit page the jobs (3.0.0)
// or the rows (1.x/2.x), and Response.Pagination says where the page is.
type MonitorSystemOptions struct {
	ListOptions
	ServerType ServerType `url:"serverType,omitempty"` // the side the server plays
	JobName    string     `url:"jobName,omitempty"`
	Status     Status     `url:"status,omitempty"` // sent lowercased
	Mode       Mode       `url:"mode,omitempty"`
	// Partition and Drive filter the same column: set at most one.
	Partition string `url:"partition,omitempty"`
	Drive     string `url:"drive,omitempty"`
	Detail    bool   `url:"detail,omitempty"`
	Center    string `url:"center,omitempty"`
}

func (o *MonitorSystemOptions) validate() error {
	if o == nil {
		return nil
	}
	const what = "MonitorSystemOptions"
	if err := o.ListOptions.validate(what); err != nil {
		return err
	}
	if err := checkEnums(what, o.Mode, o.ServerType, o.Status, ""); err != nil {
		return err
	}
	if o.Partition != "" && o.Drive != "" {
		return invalidArg("%s.Partition (%q) and Drive (%q) are both set: they filter the same column, set one", what, o.Partition, o.Drive)
	}
	return checkFilters(what, map[string]string{
		"JobName": o.JobName, "Partition": o.Partition, "Drive": o.Drive, "Center": o.Center,
	})
}

// SystemMonitoring is the recovery activity of one server: one job (the
// latest) on 1.x/2.x servers, every job where it is source or target on
// 3.0.0.
type SystemMonitoring struct {
	// Server is the queried server's name (3.0.0; "" before).
	Server string `json:"server,omitempty"`
	// System names the job's two servers on 1.x/2.x and seed-era servers.
	System  Systems       `json:"system"`
	Summary SystemSummary `json:"summary"`
	Jobs    []JobProgress `json:"jobs"`
	// JobServers names, for each of Jobs (same index), its servers and the
	// side the queried server plays.
	JobServers []JobServers `json:"jobServers"`
}

// JobServers are one job's servers in a system view.
type JobServers struct {
	Source string     `json:"source"`
	Target string     `json:"target"`
	Role   ServerType `json:"role,omitempty"` // "" when the server did not say
}

// SystemSummary counts a server's recovery jobs (rows on 1.x/2.x) by
// state. OverallProgress is as sent ("45%", or "-" without progress).
type SystemSummary struct {
	Total           int    `json:"total"`
	Completed       int    `json:"completed"`
	InProgress      int    `json:"inProgress"`
	Failed          int    `json:"failed"`
	Pending         int    `json:"pending"`
	Canceled        int    `json:"canceled"` // 3.0.0
	OverallProgress string `json:"overallProgress"`
}

// wireSystemMonitoring is the data of a server monitoring answer, every
// generation: 3.0.0's {server, summary, job: [...], pagination} and the
// older {system, summary, job: {...}, pagination}.
type wireSystemMonitoring struct {
	Server struct {
		Name text `json:"name"`
	} `json:"server"`
	System struct {
		Source wireServer `json:"source"`
		Target wireServer `json:"target"`
	} `json:"system"`
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
	Jobs       wireSystemJobs  `json:"jobs"` // an older draft
	Pagination *wirePagination `json:"pagination"`
}

// pagination implements paginated: servers put it inside data here.
func (w *wireSystemMonitoring) pagination() *Pagination { return w.Pagination.model() }

// wireSystemJobs is one job object (1.x/2.x) or a list of them (3.0.0).
type wireSystemJobs []wireSystemJob

// UnmarshalJSON implements [json.Unmarshaler].
func (j *wireSystemJobs) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0 || b[0] == 'n':
		return nil
	case b[0] == '{':
		*j = make(wireSystemJobs, 1)
		return json.Unmarshal(b, &(*j)[0])
	}
	return json.Unmarshal(b, (*[]wireSystemJob)(j))
}

// wireSystemJob is a job of the system view: the job monitoring shape plus
// the side the queried server plays.
type wireSystemJob struct {
	wireJob
	role text
}

// UnmarshalJSON implements [json.Unmarshaler].
func (j *wireSystemJob) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &j.wireJob); err != nil {
		return err
	}
	var r struct {
		Info struct {
			Role text `json:"role"`
		} `json:"info"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	j.role = r.Info.Role
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
		jobs = w.Jobs
	}
	out.Jobs = make([]JobProgress, 0, len(jobs))
	out.JobServers = make([]JobServers, 0, len(jobs))
	for i := range jobs {
		one := wireMonitoring{Job: jobs[i].wireJob}
		one.System.Source, one.System.Target = w.System.Source, w.System.Target
		m := one.model(z)
		out.Jobs = append(out.Jobs, m.Job)
		out.JobServers = append(out.JobServers, JobServers{
			Source: m.System.Source.Name, Target: m.System.Target.Name, Role: ServerType(jobs[i].role),
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
	if s == nil || s.client == nil {
		return nil, nil, errNoClient
	}
	if err := checkIdentifier(server); err != nil {
		return nil, nil, err
	}
	if err := opts.validate(); err != nil {
		return nil, nil, err
	}
	c := s.client
	q, err := encodeQuery(c, opts, statusQuery[MonitorSystemOptions])
	if err != nil {
		return nil, nil, err
	}
	req, err := c.NewRequest(http.MethodGet, "recoveries/monitoring/system/"+url.PathEscape(server)+q, nil)
	if err != nil {
		return nil, nil, err
	}
	var w wireSystemMonitoring
	resp, err := c.Do(ctx, req, &w)
	if err != nil {
		return nil, resp, err
	}
	return w.model(resp.zone), resp, nil
}
