package zdm

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// ServersService holds the calls about servers: the machines ZDM agents
// registered, the sources of backups and the targets of recoveries.
// Agents register them; the API only reads and deletes them. Get it from
// [Client.Servers].
type ServersService service

func (s *ServersService) checked(checks ...error) (*Client, error) {
	return (*service)(s).checked("ServersService", checks...)
}

// serverRef is what a parameter naming a server takes.
const serverRef = "a server ID (digits) or name"

// ServerIncludes are the include flags of the server calls: each asks for
// one more part of every server. Only the flags set are sent.
type ServerIncludes struct {
	// Detail asks for the agent's version and the hardware (Resources).
	Detail bool `url:"detail,omitempty"`
	// Disk asks for the disks.
	Disk bool `url:"disk,omitempty"`
	// Network asks for the network interfaces.
	Network bool `url:"network,omitempty"`
	// Partition asks for the partitions or drives.
	Partition bool `url:"partition,omitempty"`
	// Repository asks for the mounted repositories.
	Repository bool `url:"repository,omitempty"`
}

// ListServersOptions narrows List and ListAll. The zero value (or nil)
// asks for every server, without the included parts; only the fields set
// are sent.
type ListServersOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// ServerIncludes ask for parts of every server.
	ServerIncludes
	// Mode keeps the servers of one role, ServerModeSource or
	// ServerModeTarget.
	Mode ServerMode `url:"mode,omitempty"`
	// OS keeps the servers of one family, OSWindows, OSLinux or OSCloud.
	OS OSFamily `url:"os,omitempty"`
	// Connection keeps the servers whose agent is connected
	// (ConnectionConnected) or not (ConnectionDisconnected).
	Connection ConnectionState `url:"connection,omitempty"`
	// License keeps the servers with a licence (LicenseAssigned) or
	// without (LicenseUnassigned).
	License LicenseAssignment `url:"license,omitempty"`
	// Center keeps the servers of these centers, by ID or name, or a
	// comma list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Sort orders the servers, SortAscending or SortDescending (1.0.3
	// and later); "" leaves the servers' default, descending.
	Sort SortOrder `url:"sort,omitempty"`
}

// LicenseAssignment is whether a server has a licence, as the license
// filter takes it.
type LicenseAssignment string

// The licence assignments servers filter by.
const (
	LicenseAssigned   LicenseAssignment = "assign"
	LicenseUnassigned LicenseAssignment = "unassign"
)

var licenseAssignments = []LicenseAssignment{LicenseAssigned, LicenseUnassigned}

func (o *ListServersOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListServersOptions", o.ListOptions, append([]rule{
		{"Mode", oneOf(o.Mode, serverModes)},
		{"OS", oneOf(o.OS, osFamilies)},
		{"Connection", oneOf(o.Connection, connectionStates)},
		{"License", oneOf(o.License, licenseAssignments)},
		{"Sort", oneOf(o.Sort, sortOrders)},
	}, textFilters("Center", o.Center)...)...)
}

// GetServerOptions narrows Get. The zero value (or nil) asks for the
// server without the included parts.
type GetServerOptions struct {
	// ServerIncludes ask for parts of the server.
	ServerIncludes
	// Center looks the server up within these centers, by ID or name, or
	// a comma list of them (2.0.0 and later): it picks the server when
	// names repeat across centers, and a server outside them is not
	// found.
	Center string `url:"center,omitempty"`
	// Sort orders the included lists, SortAscending or SortDescending
	// (2.0.0 and later).
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *GetServerOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("GetServerOptions", append([]rule{{"Sort", oneOf(o.Sort, sortOrders)}}, textFilters("Center", o.Center)...)...)
}

// ListPartitionsOptions narrows ListPartitions. The zero value (or nil)
// asks for every partition; only the fields set are sent.
type ListPartitionsOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// Partition keeps the Linux partition with this mount point ("/").
	// Partition and Drive filter the same column: set at most one.
	Partition string `url:"partition,omitempty"`
	// Drive keeps the Windows drive with this letter ("C" or "C:"); set
	// at most one of Partition and Drive.
	Drive string `url:"drive,omitempty"`
	// Device keeps the partition on this device ("/dev/sda1").
	Device string `url:"device,omitempty"`
	// FileSystem keeps the partitions of this file system ("xfs").
	FileSystem string `url:"fileSystem,omitempty"`
	// Center looks the server up within these centers, by ID or name, or
	// a comma list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Sort orders the partitions, SortAscending or SortDescending (2.0.0
	// and later).
	Sort SortOrder `url:"sort,omitempty"`
	// Detail asks for the partitions' details.
	Detail bool `url:"detail,omitempty"`
}

func (o *ListPartitionsOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListPartitionsOptions", o.ListOptions, rules([]rule{{"Sort", oneOf(o.Sort, sortOrders)}},
		columnRules(o.Partition, o.Drive), textFilters("Device", o.Device, "FileSystem", o.FileSystem, "Center", o.Center))...)
}

// List lists servers: GET {api}/servers. opts may be nil. Servers answer
// every server unless Page or Limit is set; then Response.Pagination and
// Response.NextPage tell what follows (see [ServersService.ListAll]). A
// filter that matches nothing is an empty list.
//
// Invalid options (negative Page or Limit, an unknown Mode, OS,
// Connection, License or Sort, a blank filter) are an error wrapping
// ErrInvalidArgument, and nothing is sent.
func (s *ServersService) List(ctx context.Context, opts *ListServersOptions) ([]*Server, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "servers", opts, plainQuery[ListServersOptions], (*wireServerItem).model)
}

// ListAll lists every server matching opts, fetching pages lazily as the
// loop asks for them (Limit is the page size, DefaultPageSize when unset);
// see [RecoveriesService.ListAll] for how paging ends.
func (s *ServersService) ListAll(ctx context.Context, opts *ListServersOptions) iter.Seq2[*Server, error] {
	return allPages(opts, func(o *ListServersOptions) ([]*Server, *Response, error) { return s.List(ctx, o) })
}

// Get reads one server: GET {api}/servers/{identifier}, where identifier
// is the server's ID (digits) or its name (path-escaped). opts may be
// nil. A missing server is an *APIError matching ErrNotFound.
func (s *ServersService) Get(ctx context.Context, identifier string, opts *GetServerOptions) (*Server, *Response, error) {
	c, err := s.checked(checkRef("identifier", serverRef, identifier), opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, "servers/"+url.PathEscape(identifier), opts, plainQuery[GetServerOptions], (*wireServerItem).model)
}

// ListPartitions lists the partitions (Linux) or drives (Windows) of a
// server: GET {api}/servers/{server}/partitions, where server is its ID
// (digits) or name; "" lists those of every server (GET
// {api}/servers/partitions). opts may be nil; Page or Limit make servers
// paginate (1.0.3 and later). Servers from 2.0.1 on leave out partitions
// with no free space (swap, CD-ROMs). A missing server matches
// ErrNotFound.
func (s *ServersService) ListPartitions(ctx context.Context, server string, opts *ListPartitionsOptions) ([]*ServerPartition, *Response, error) {
	path, ref := "servers/partitions", error(nil)
	if server != "" {
		path, ref = "servers/"+url.PathEscape(server)+"/partitions", checkRef("server", serverRef, server)
	}
	c, err := s.checked(ref, opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, path, opts, plainQuery[ListPartitionsOptions], (*wireServerPartition).model)
}

// ListAllPartitions is ListPartitions over every page, fetched lazily as
// the loop asks (see [ServersService.ListAll]).
func (s *ServersService) ListAllPartitions(ctx context.Context, server string, opts *ListPartitionsOptions) iter.Seq2[*ServerPartition, error] {
	return allPages(opts, func(o *ListPartitionsOptions) ([]*ServerPartition, *Response, error) {
		return s.ListPartitions(ctx, server, o)
	})
}

// Delete removes a server and what the ZDM holds about it (disks,
// networks, partitions, repositories): DELETE {api}/servers/{identifier}
// ?center={center}. identifier is the server's ID (digits) or name;
// center is the one center it belongs to, by ID or name ("" sends none;
// 3.0.0 servers require it). 3.0.0 servers also delete the server's
// backup and recovery jobs (the result's Message counts them).
//
// A server of another center is an *APIError matching ErrForbidden; a
// missing one ErrNotFound; a "fail" result returns the result with an
// error matching ErrPartialFailure; a lost answer matches
// ErrOutcomeUnknown.
func (s *ServersService) Delete(ctx context.Context, identifier, center string) (*DeleteServerResult, *Response, error) {
	c, err := s.checked(checkRef("identifier", serverRef, identifier))
	if err != nil {
		return nil, nil, err
	}
	q, err := deleteCenter(c, center)
	if err != nil {
		return nil, nil, err
	}
	return write(ctx, c, http.MethodDelete, "servers/"+url.PathEscape(identifier)+q, nil, (*wireDeleteServer).model,
		(*DeleteServerResult).outcome)
}

// outcome is a delete's partial failure: a "fail" result.
func (r *DeleteServerResult) outcome(*Response) error {
	if failedState(r.Result) {
		return partialFailure("delete", fmt.Sprintf("result %q: %s", r.Result, r.Message))
	}
	return nil
}

// deleteCenter is the query of an inventory delete scoped to center: the
// one center (by ID or name) the row belongs to, which 3.0.0 servers
// require; "" for none.
func deleteCenter(c *Client, center string) (string, error) {
	required := ""
	if c.queryGeneration() == GenerationV3 {
		required = "is required by 3.0.0 servers: expected the one center (ID or name) it belongs to"
	}
	q, problem := centerQuery(center, required)
	if problem != "" {
		return "", invalidArg("center %s", problem)
	}
	return q, nil
}
