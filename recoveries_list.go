package zdm

import (
	"context"
	"iter"
	"net/url"
	"strings"
)

// ListRecoveriesOptions narrows List and ListAll. The zero value (or nil)
// asks for every job without detail; only the fields set are sent.
type ListRecoveriesOptions struct {
	ListOptions
	// JobID keeps the job with this ID (digits).
	JobID string `url:"jobId,omitempty"`
	// JobName keeps the jobs of this name (names are unique only within
	// a center).
	JobName string `url:"jobName,omitempty"`
	// Server keeps the jobs of this server, by name or ID (digits), on
	// the side ServerType says.
	Server string `url:"server,omitempty"`
	// ServerType keeps the jobs where Server plays this side,
	// ServerTypeSource or ServerTypeTarget.
	ServerType ServerType `url:"serverType,omitempty"`
	// Mode keeps the jobs with a mapping of this recovery mode, ModeFull
	// or ModeIncrement.
	Mode Mode `url:"mode,omitempty"`
	// Partition keeps the jobs with a mapping of this Linux partition, or
	// of any in a comma list ("/,/boot"). Partition (Linux) and Drive
	// (Windows) filter the same column: set at most one.
	Partition string `url:"partition,omitempty"`
	// Drive keeps the jobs with a mapping of this Windows drive ("C" or
	// "C:"), or of any in a comma list ("C,D"); set at most one of
	// Partition and Drive.
	Drive string `url:"drive,omitempty"`
	// Status keeps the jobs in this status (StatusProcessing, ...). It is
	// sent lowercased (servers up to 2.0.2 refuse other cases), and in
	// their words ("run", "waiting", ...) to servers of the draft API.
	Status Status `url:"status,omitempty"`
	// Center keeps the jobs of these centers, by ID or name, or a comma
	// list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Sort orders the jobs, SortAscending or SortDescending (1.0.3 and
	// later); "" leaves the servers' default, descending.
	Sort SortOrder `url:"sort,omitempty"`
	// Detail asks for each job's settings (platform, kernel, script,
	// ...), each mapping's options, and the servers' agent, addresses and
	// licence.
	Detail bool `url:"detail,omitempty"`

	// RepositoryID keeps the jobs with a mapping from this repository, by
	// its ID (wire repositoryID); 0 is no filter.
	RepositoryID int64 `url:"repositoryID,omitempty"`
	// RepositoryType keeps the jobs with a mapping from a repository of
	// this type, "smb" or "nfs".
	RepositoryType string `url:"repositoryType,omitempty"`
	// RepositoryPath keeps the jobs with a mapping from the repository at
	// this path.
	RepositoryPath string `url:"repositoryPath,omitempty"`
	// Platform keeps the jobs of this target platform (PlatformVMware,
	// ...; sent lowercased).
	Platform Platform `url:"platform,omitempty"`
	// BackupName keeps the jobs that restore from the backup job of this
	// name.
	BackupName string `url:"backupName,omitempty"`
}

func (o *ListRecoveriesOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListRecoveriesOptions", o.ListOptions, rules([]rule{
		{"JobID", jobID(o.JobID)},
		{"Mode", oneOf(o.Mode, modes)},
		{"ServerType", oneOf(o.ServerType, serverTypes)},
		{"Status", statusFilter(o.Status)},
		{"Sort", oneOf(o.Sort, sortOrders)},
		{"RepositoryID", notNegative(o.RepositoryID, "a repository ID (0 for no filter)")},
	}, columnRules(o.Partition, o.Drive), textFilters("JobName", o.JobName, "Server", o.Server, "Center", o.Center,
		"RepositoryType", o.RepositoryType, "RepositoryPath", o.RepositoryPath, "Platform", string(o.Platform),
		"BackupName", o.BackupName))...)
}

// seedStatuses are the draft API's spellings of the released statuses.
var seedStatuses = map[string]string{
	"preparing": "start", "processing": "run", "complete": "complete",
	"scheduled": "schedule", "registered": "waiting", "canceled": "cancel",
}

// shapeStatus sends a status filter lowercased, in the draft API's words
// to its servers.
func shapeStatus(c *Client, q url.Values) {
	s, ok := q["status"]
	if !ok || len(s) == 0 {
		return
	}
	v := strings.ToLower(strings.TrimSpace(s[0]))
	if c.queryGeneration() == GenerationDraft {
		if seed, ok := seedStatuses[v]; ok {
			v = seed
		}
	}
	q.Set("status", v)
}

// statusQuery is the shape of options whose only generation-dependent
// filter is the status. A platform filter is sent lowercased, as servers
// spell platforms.
func statusQuery[T comparable](c *Client, o *T) (url.Values, error) {
	q, err := values(o)
	if err != nil || q == nil {
		return q, err
	}
	shapeStatus(c, q)
	if p := q.Get("platform"); p != "" {
		q.Set("platform", strings.ToLower(strings.TrimSpace(p)))
	}
	return q, nil
}

// List lists recovery jobs: GET {api}/recoveries. opts may be nil. Servers
// answer every job unless Page or Limit is set; then Response.Pagination
// and Response.NextPage tell what follows (see [RecoveriesService.ListAll]).
// A filter that matches nothing is an empty list.
//
// Invalid options (negative Page or Limit, an unknown Mode, ServerType,
// Status or Sort, a JobID that is not digits, both Partition and Drive, a
// blank filter) are an error wrapping ErrInvalidArgument, and nothing is
// sent.
func (s *RecoveriesService) List(ctx context.Context, opts *ListRecoveriesOptions) ([]*Recovery, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "recoveries", opts, statusQuery[ListRecoveriesOptions], (*wireRecovery).model)
}

// ListAll lists every recovery job matching opts, fetching pages lazily
// as the loop asks for them (Limit is the page size, DefaultPageSize when
// unset; Page, when set, is the first page read). Breaking out of the loop
// stops fetching; an error is yielded once, and then the sequence ends.
// Only one page is held in memory at a time. The sequence may be ranged
// over more than once (each range starts again from the first page), and
// from several goroutines at once.
//
// Paging ends on an empty page, on the last page the server reports
// (hasNextPage false, or totalPages reached), or with an error matching
// ErrUnexpectedResponse when the server answers another page than the one
// asked for (a server that ignores the page would otherwise repeat it
// forever).
func (s *RecoveriesService) ListAll(ctx context.Context, opts *ListRecoveriesOptions) iter.Seq2[*Recovery, error] {
	return allPages(opts, func(o *ListRecoveriesOptions) ([]*Recovery, *Response, error) { return s.List(ctx, o) })
}
