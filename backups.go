package zdm

import (
	"context"
	"iter"
	"net/url"
)

// BackupsService holds the calls about backup jobs: a job backs up one
// partition (Linux) or drive (Windows) of a server, and each run writes a
// backup image and a history row. Get it from [Client.Backups].
type BackupsService service

func (s *BackupsService) ready() (*Client, error) { return (*service)(s).ready(backupFamily.service) }

// ListBackupsOptions narrows List and ListAll. The zero value (or nil)
// asks for every job without detail; only the fields set are sent.
type ListBackupsOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// Center keeps the jobs of these centers, by ID or name, or a comma
	// list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// JobName keeps the jobs of this name (names are unique only within
	// a center).
	JobName string `url:"jobName,omitempty"`
	// JobID keeps the job with this ID (digits).
	JobID string `url:"jobId,omitempty"`
	// Server keeps the jobs of this server, by name or ID (digits); sent
	// as serverName to servers of the draft API.
	Server string `url:"server,omitempty"`
	// Status keeps the jobs in this status (StatusScheduled, ...); sent
	// lowercased, in the draft API's words to its servers.
	Status Status `url:"status,omitempty"`
	// Mode keeps the jobs of this mode, BackupModeFull, BackupModeIncrement
	// or BackupModeSmart.
	Mode BackupMode `url:"mode,omitempty"`
	// Partition keeps the jobs of this Linux partition ("/"). Partition
	// and Drive filter the same column: set at most one (3.0.0 servers
	// read "C", "C:" and "/data" in either).
	Partition string `url:"partition,omitempty"`
	// Drive keeps the jobs of this Windows drive ("C" or "C:").
	Drive string `url:"drive,omitempty"`
	// RepositoryID keeps the jobs writing to this repository (wire
	// repositoryID); 0 is no filter.
	RepositoryID int64 `url:"repositoryID,omitempty"`
	// RepositoryType keeps the jobs writing to a repository of this type,
	// "smb" or "nfs".
	RepositoryType string `url:"repositoryType,omitempty"`
	// RepositoryPath keeps the jobs writing to the repository at this
	// path.
	RepositoryPath string `url:"repositoryPath,omitempty"`
	// Sort orders the jobs, SortAscending or SortDescending (1.0.3 and
	// later); "" leaves the servers' default, descending.
	Sort SortOrder `url:"sort,omitempty"`
	// Detail asks for each job's options (compression, rotation, ...) and
	// the server's agent, addresses and licence.
	Detail bool `url:"detail,omitempty"`
}

func (o *ListBackupsOptions) validate() error {
	if o == nil {
		return nil
	}
	f := backupFilter{o.Server, o.Partition, o.Drive, o.RepositoryType, o.RepositoryPath, o.Center, o.Mode, o.Status, o.RepositoryID}
	return checkList("ListBackupsOptions", o.ListOptions, rules(f.rules(),
		[]rule{{"JobID", jobID(o.JobID)}, {"Sort", oneOf(o.Sort, sortOrders)}, {"JobName", filter(o.JobName)}})...)
}

// backupFilter are the filters the backup job reads share, checked by
// one table.
type backupFilter struct {
	server, partition, drive, repoType, repoPath, center string
	mode                                                 BackupMode
	status                                               Status
	repoID                                               int64
}

func (f backupFilter) rules() []rule {
	return rules(columnRules(f.partition, f.drive),
		[]rule{
			{"Mode", oneOf(f.mode, backupModes)},
			{"Status", statusFilter(f.status)},
			{"RepositoryID", notNegative(f.repoID, "a repository ID (0 for no filter)")},
		},
		textFilters("Server", f.server, "RepositoryType", f.repoType, "RepositoryPath", f.repoPath, "Center", f.center))
}

// ListAll lists every backup job matching opts, fetching pages lazily as
// the loop asks for them (see [RecoveriesService.ListAll] for how paging
// works and ends).
func (s *BackupsService) ListAll(ctx context.Context, opts *ListBackupsOptions) iter.Seq2[*Backup, error] {
	return allPages(opts, func(o *ListBackupsOptions) ([]*Backup, *Response, error) { return s.List(ctx, o) })
}

// List lists backup jobs: GET {api}/backups. opts may be nil. Servers
// answer every job unless Page or Limit is set; then Response.Pagination
// and Response.NextPage tell what follows (see [BackupsService.ListAll]).
// A filter that matches nothing is an empty list.
//
// Invalid options (negative Page or Limit, an unknown Mode, Status or
// Sort, a JobID that is not digits, both Partition and Drive, a blank
// filter) are an error wrapping ErrInvalidArgument, and nothing is sent.
func (s *BackupsService) List(ctx context.Context, opts *ListBackupsOptions) ([]*Backup, *Response, error) {
	c, err := backupFamily.client((*service)(s), opts)
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "backups", opts, backupQuery[ListBackupsOptions], (*wireBackup).model)
}

// GetBackupOptions narrows Get. The zero value (or nil) asks for the job
// without detail.
type GetBackupOptions struct {
	// Center scopes the lookup to centers, by ID or name, or a comma list
	// of them (2.0.0 and later): it picks the job when names repeat
	// across centers, and a job outside them is not found.
	Center string `url:"center,omitempty"`
	// Detail asks for the job's options and the server's agent, addresses
	// and licence.
	Detail bool `url:"detail,omitempty"`
}

func (o *GetBackupOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("GetBackupOptions", textFilters("Center", o.Center)...)
}

// backupQuery shapes a backup filter for the server: the status as
// statusQuery does, and the server filter under the draft API's name.
func backupQuery[T comparable](c *Client, o *T) (url.Values, error) {
	q, err := statusQuery(c, o)
	if v, ok := q["server"]; ok && c.queryGeneration() == GenerationDraft {
		delete(q, "server")
		q["serverName"] = v
	}
	return q, err
}

// Get reads one backup job: GET {api}/backups/{identifier}, where
// identifier is the job ID (digits) or its name (path-escaped). opts may
// be nil. A missing job, or filters that leave nothing of it, is an
// *APIError matching ErrNotFound. Which job a name shared across centers
// reads is the server's choice: set opts.Center, or use the ID.
func (s *BackupsService) Get(ctx context.Context, identifier string, opts *GetBackupOptions) (*Backup, *Response, error) {
	c, err := backupFamily.clientAbout((*service)(s), identifier, opts)
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, backupFamily.jobPath(identifier), opts, backupQuery[GetBackupOptions], (*wireBackup).model)
}
