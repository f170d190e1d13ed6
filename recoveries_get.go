package zdm

import (
	"context"
)

// GetRecoveryOptions narrows Get. The zero value (or nil) asks for the job
// without detail. Filters that remove every row make servers answer 404
// even though the job exists (the message says so).
type GetRecoveryOptions struct {
	// Center scopes the lookup to centers, by ID or name, or a comma list
	// of them (2.0.0 and later): it picks the job when names repeat
	// across centers, and a job outside them is not found.
	Center string `url:"center,omitempty"`
	// Detail asks for the job's settings (platform, kernel, script, ...),
	// each mapping's options, and the servers' agent, addresses and
	// licence.
	Detail bool `url:"detail,omitempty"`
	// Server is a server the job must have, by name or ID (digits), on
	// the side ServerType says.
	Server string `url:"server,omitempty"`
	// ServerType is the side Server must play, ServerTypeSource or
	// ServerTypeTarget.
	ServerType ServerType `url:"serverType,omitempty"`
	// Mode is a filter on the mappings' recovery mode, ModeFull or
	// ModeIncrement.
	Mode Mode `url:"mode,omitempty"`
	// Partition is a filter on the mappings' Linux partition ("/data").
	// It and Drive filter the same column: set at most one.
	Partition string `url:"partition,omitempty"`
	// Drive is a filter on the mappings' Windows drive ("C" or "C:"), like
	// Partition; set at most one of the two.
	Drive string `url:"drive,omitempty"`
	// Status is a filter on the job's status (StatusProcessing, ...). It
	// is sent lowercased.
	Status Status `url:"status,omitempty"`

	// RepositoryID is a filter on the mappings' repository, by its ID
	// (wire repositoryID); 0 is no filter.
	RepositoryID int64 `url:"repositoryID,omitempty"`
	// RepositoryType is a filter on the repository type, "smb" or "nfs".
	RepositoryType string `url:"repositoryType,omitempty"`
	// RepositoryPath is a filter on the repository's path.
	RepositoryPath string `url:"repositoryPath,omitempty"`
	// Platform is a filter on the target platform (PlatformVMware, ...;
	// sent lowercased).
	Platform Platform `url:"platform,omitempty"`
	// BackupName is a filter on the name of the backup job restored.
	BackupName string `url:"backupName,omitempty"`
}

func (o *GetRecoveryOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("GetRecoveryOptions", rules([]rule{
		{"Mode", oneOf(o.Mode, modes)},
		{"ServerType", oneOf(o.ServerType, serverTypes)},
		{"Status", statusFilter(o.Status)},
		{"RepositoryID", notNegative(o.RepositoryID, "a repository ID (0 for no filter)")},
	}, columnRules(o.Partition, o.Drive), textFilters("Center", o.Center, "Server", o.Server,
		"RepositoryType", o.RepositoryType, "RepositoryPath", o.RepositoryPath, "Platform", string(o.Platform),
		"BackupName", o.BackupName))...)
}

// Get reads one recovery job: GET {api}/recoveries/{identifier}, where
// identifier is the job ID (digits) or its name (path-escaped). opts may be
// nil. A missing job, or filters that leave nothing of it, is an *APIError
// matching ErrNotFound.
func (s *RecoveriesService) Get(ctx context.Context, identifier string, opts *GetRecoveryOptions) (*Recovery, *Response, error) {
	c, err := s.checked(checkRef("identifier", recoveryFamily.ref, identifier), opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, recoveryFamily.jobPath(identifier), opts, statusQuery[GetRecoveryOptions], (*wireRecovery).model)
}
