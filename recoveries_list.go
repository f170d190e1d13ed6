package zdm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
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
	// their words ("run", "waiting", ...) to seed-era servers.
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
	// Platform keeps the jobs of this target platform ("vmware", "aws",
	// ...).
	Platform string `url:"platform,omitempty"`
	// BackupName keeps the jobs that restore from the backup job of this
	// name.
	BackupName string `url:"backupName,omitempty"`
}

func (o *ListRecoveriesOptions) validate() error {
	if o == nil {
		return nil
	}
	const what = "ListRecoveriesOptions"
	if err := o.ListOptions.validate(what); err != nil {
		return err
	}
	if o.JobID != "" && !allDigits(o.JobID) {
		return invalidArg("%s.JobID %q is not a job ID: expected digits", what, o.JobID)
	}
	if err := checkEnums(what, o.Mode, o.ServerType, o.Status, o.Sort); err != nil {
		return err
	}
	if err := checkPartitionOrDrive(what, o.Partition, o.Drive); err != nil {
		return err
	}
	return checkFilters(what, []filter{
		{"JobName", o.JobName}, {"Server", o.Server}, {"Partition", o.Partition},
		{"Drive", o.Drive}, {"Center", o.Center}, {"RepositoryType", o.RepositoryType},
		{"RepositoryPath", o.RepositoryPath}, {"Platform", o.Platform}, {"BackupName", o.BackupName},
	})
}

// checkEnums checks the enumerated filters options share.
func checkEnums(what string, m Mode, t ServerType, s Status, o SortOrder) error {
	if !m.valid() {
		return invalidArg("%s.Mode %q is unknown: expected %q or %q", what, m, ModeFull, ModeIncrement)
	}
	if !t.valid() {
		return invalidArg("%s.ServerType %q is unknown: expected %q or %q", what, t, ServerTypeSource, ServerTypeTarget)
	}
	if s != "" && s.Phase() == PhaseUnknown {
		return invalidArg("%s.Status %q is unknown: expected one of preparing, processing, complete, scheduled, registered, canceling, canceled, error", what, s)
	}
	if !o.valid() {
		return invalidArg("%s.Sort %q is unknown: expected %q or %q", what, o, SortAscending, SortDescending)
	}
	return nil
}

// checkPartitionOrDrive refuses a Partition and a Drive filter together:
// they filter the same column, and servers refuse the pair.
func checkPartitionOrDrive(what, partition, drive string) error {
	if partition != "" && drive != "" {
		return invalidArg("%s.Partition (%q) and Drive (%q) are both set: they filter the same column, set one", what, partition, drive)
	}
	return nil
}

// filter is a text filter of an options type, by its field name.
type filter struct{ name, value string }

// checkFilters rejects blank and invalid text filters, the first in the
// order given: servers treat an empty value as "no filter" (1.x/2.x) or
// refuse it (3.0.0).
func checkFilters(what string, fields []filter) error {
	for _, f := range fields {
		if f.value != "" && strings.TrimSpace(f.value) == "" {
			return invalidArg("%s.%s is blank: servers refuse an empty filter; leave it unset", what, f.name)
		}
		if !utf8.ValidString(f.value) {
			return invalidArg("%s.%s is not valid UTF-8", what, f.name)
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// seedStatuses are the seed draft's spellings of the released statuses.
var seedStatuses = map[string]string{
	"preparing": "start", "processing": "run", "complete": "complete",
	"scheduled": "schedule", "registered": "waiting", "canceled": "cancel",
}

// shapeStatus sends a status filter lowercased, in the seed draft's words
// on seed-era servers.
func shapeStatus(c *Client, q url.Values) {
	s, ok := q["status"]
	if !ok || len(s) == 0 {
		return
	}
	v := strings.ToLower(strings.TrimSpace(s[0]))
	if c.queryGeneration() == GenerationSeed {
		if seed, ok := seedStatuses[v]; ok {
			v = seed
		}
	}
	q.Set("status", v)
}

// statusQuery is the shape of options whose only generation-dependent
// filter is the status.
func statusQuery[T comparable](c *Client, o *T) (url.Values, error) {
	q, err := values(o)
	if err != nil || q == nil {
		return q, err
	}
	shapeStatus(c, q)
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
	if s == nil || s.client == nil {
		return nil, nil, errNoClient
	}
	if err := opts.validate(); err != nil {
		return nil, nil, err
	}
	c := s.client
	q, err := encodeQuery(c, opts, statusQuery[ListRecoveriesOptions])
	if err != nil {
		return nil, nil, err
	}
	req, err := c.NewRequest(http.MethodGet, "recoveries"+q, nil)
	if err != nil {
		return nil, nil, err
	}
	var w []wireRecovery
	if opts != nil {
		w = pageBuffer[wireRecovery](opts.Limit)
	}
	resp, err := c.Do(ctx, req, &w)
	if err != nil {
		return nil, resp, err
	}
	// One allocation each for the page's jobs and for their mappings.
	out := make([]*Recovery, len(w))
	models := make([]Recovery, len(w))
	n := 0
	for i := range w {
		n += len(w[i].Job.Detail)
	}
	rows := make([]RecoveryMapping, n)
	for i := range w {
		k := len(w[i].Job.Detail)
		w[i].modelInto(&models[i], resp.zone, rows[:k])
		rows = rows[k:]
		out[i] = &models[i]
	}
	return out, resp, nil
}

// maxPageBuffer bounds the room made for a page before it is read.
const maxPageBuffer = 500

// pageBuffer makes room for a page of limit rows (encoding/json fills a
// slice's capacity before it grows it), so that a page is decoded without
// growing and copying its rows; nil when the size is not known.
func pageBuffer[T any](limit int) []T {
	if limit <= 0 {
		return nil
	}
	return make([]T, 0, min(limit, maxPageBuffer))
}

// DefaultPageSize is the page size ListAll and ListAllHistories ask for
// when the options set no Limit.
const DefaultPageSize = 100

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
	var base ListRecoveriesOptions
	if opts != nil {
		base = *opts
	}
	return listAll(base, func(o *ListRecoveriesOptions) *ListOptions { return &o.ListOptions },
		func(o *ListRecoveriesOptions) ([]*Recovery, *Response, error) { return s.List(ctx, o) })
}

// listAll pages through a list: each range works on its own copy of base,
// whose ListOptions pageOf returns, and fetch reads one page of it.
func listAll[O, T any](base O, pageOf func(*O) *ListOptions, fetch func(*O) ([]T, *Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		o := base
		page := pageOf(&o)
		if err := page.validate("ListOptions"); err != nil {
			yield(zero, err)
			return
		}
		if page.Limit == 0 {
			page.Limit = DefaultPageSize
		}
		if page.Page == 0 {
			page.Page = 1
		}
		for pages := 1; ; pages++ {
			items, resp, err := fetch(&o)
			if err == nil {
				page.Page, err = nextListPage(page.Page, pages, len(items), resp)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if page.Page == 0 {
				return
			}
		}
	}
}
