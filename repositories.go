package zdm

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// RepositoriesService holds the calls about the backup repositories of
// the centers (/zdms/repositories). Get it from [Client.Repositories].
type RepositoriesService service

func (s *RepositoriesService) checked(checks ...error) (*Client, error) {
	return (*service)(s).checked("RepositoriesService", checks...)
}

// ListRepositoriesOptions narrows List and ListAll. The zero value (or
// nil) asks for every repository of every center; only the fields set
// are sent.
type ListRepositoriesOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// Center keeps the repositories of these centers, by ID or name, or
	// a comma list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Type keeps the repositories of one type, RepositorySMB or
	// RepositoryNFS.
	Type RepositoryType `url:"type,omitempty"`
	// Path keeps the repositories at this path.
	Path string `url:"path,omitempty"`
	// OS keeps the repositories serving one OS family, OSWindows or
	// OSLinux.
	OS OSFamily `url:"os,omitempty"`
	// Sort orders the repositories, SortAscending or SortDescending
	// (1.0.3 and later).
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *ListRepositoriesOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListRepositoriesOptions", o.ListOptions, append([]rule{
		{"Type", oneOf(o.Type, repositoryTypes)},
		{"OS", oneOf(o.OS, osFamilies[:2])},
		{"Sort", oneOf(o.Sort, sortOrders)},
	}, textFilters("Center", o.Center, "Path", o.Path)...)...)
}

// List lists repositories: GET {api}/zdms/repositories. opts may be nil.
// Servers answer every repository unless Page or Limit is set; then
// Response.Pagination and Response.NextPage tell what follows. There is
// no call for one repository: filter a list.
//
// Invalid options (negative Page or Limit, an unknown Type, OS or Sort, a
// blank filter) are an error wrapping ErrInvalidArgument, and nothing is
// sent.
func (s *RepositoriesService) List(ctx context.Context, opts *ListRepositoriesOptions) ([]*Repository, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "zdms/repositories", opts, plainQuery[ListRepositoriesOptions], (*wireRepositoryItem).model)
}

// ListAll lists every repository matching opts, fetching pages lazily as
// the loop asks for them (see [RecoveriesService.ListAll]).
func (s *RepositoriesService) ListAll(ctx context.Context, opts *ListRepositoriesOptions) iter.Seq2[*Repository, error] {
	return allPages(opts, func(o *ListRepositoriesOptions) ([]*Repository, *Response, error) { return s.List(ctx, o) })
}

func (r *CreateRepositoryRequest) validate() error {
	const what = "CreateRepositoryRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	smb := r.Type == RepositorySMB
	return check(what,
		rule{"Center", requiredText(r.Center)},
		rule{"Type", requiredOneOf(r.Type, repositoryTypes)},
		rule{"RemotePath", requiredText(r.RemotePath)},
		rule{"RemotePath", nfsPath(r.Type, r.RemotePath)},
		rule{"LocalPath", requiredText(r.LocalPath)},
		rule{"IP", ipv4(r.IP, true)},
		rule{"Port", port(r.Port)},
		rule{"Account", requiredIf(smb, r.Account, "for SMB")},
		rule{"Password", requiredIf(smb, r.Password, "for SMB")},
		rule{"User", optional(r.User)},
	)
}

// nfsPath is the rule that an NFS export path is absolute.
func nfsPath(t RepositoryType, path string) string {
	if t == RepositoryNFS && path != "" && !strings.HasPrefix(path, "/") {
		return fmt.Sprintf("%q is not an NFS export path: expected a path starting with \"/\"", path)
	}
	return ""
}

// ipv4 is the rule of a storage server's address.
func ipv4(v string, required bool) string {
	if v == "" {
		if required {
			return "is required: expected the storage server's IPv4 address"
		}
		return ""
	}
	if a, err := netip.ParseAddr(v); err != nil || !a.Is4() {
		return fmt.Sprintf("%q is not an IPv4 address: expected one such as 192.168.1.200", v)
	}
	return ""
}

// port is the rule of an optional port.
func port(p int) string {
	if p < 0 || p > 65535 {
		return fmt.Sprintf("%d is not a port: expected 1 to 65535, or 0 for the default", p)
	}
	return ""
}

// requiredIf is a text required when cond holds (why says when).
func requiredIf(cond bool, v, why string) string {
	if cond && v == "" {
		return "is required " + why
	}
	return optional(v)
}

func (r *CreateRepositoryRequest) wire() *wireCreateRepository {
	w := &wireCreateRepository{Center: r.Center, Type: r.Type, RemotePath: r.RemotePath, LocalPath: r.LocalPath,
		IP: r.IP, Account: r.Account, Password: r.Password, User: r.User}
	if r.Port > 0 {
		w.Port = idPath(int64(r.Port))
	}
	return w
}

// Create registers a repository on a center: POST
// {api}/zdms/repositories, and returns it as the center lists it.
//
// Servers answer no ID (1.0.3 and later no data at all), so Create lists
// the center's repositories of that type before and after the
// registration and returns the new one: the repository with the
// request's RemotePath, LocalPath and IP that was not listed before (or,
// when the server registered nothing new, the only one that matches).
// When none or several match, the registration succeeded but the
// repository cannot be told: the error says so, names the IDs that
// match, and matches ErrUnexpectedResponse; do not register it again.
//
// Invalid input (a missing required field, an NFS RemotePath not starting
// with "/", an IP that is not IPv4) is an error wrapping
// ErrInvalidArgument, and nothing is sent. A registration whose answer
// was lost matches ErrOutcomeUnknown and is never resent: list the
// center's repositories before trying again. Servers from 1.0.3 on wait
// up to 10 s for the center and answer 500 when it did not confirm in
// time; the center may still mount it later. The Password never appears
// in an error, even when the server echoes it.
func (s *RepositoriesService) Create(ctx context.Context, req *CreateRepositoryRequest) (*Repository, *Response, error) {
	c, err := s.checked(req.validate())
	if err != nil {
		return nil, nil, err
	}
	before, resp, err := s.matching(ctx, c, req)
	if err != nil {
		return nil, resp, err
	}
	resp, err = request(ctx, c, http.MethodPost, "zdms/repositories", req.wire(), nil)
	if err != nil {
		return nil, resp, err
	}
	after, _, err := s.matching(ctx, c, req)
	if err != nil {
		return nil, resp, fmt.Errorf("zdm: the repository was registered, but listing it failed (do not register it again): %w", err)
	}
	found, err := newest(before, after)
	return found, resp, err
}

// matching lists the repositories of req's center and type that have
// req's paths and IP.
func (s *RepositoriesService) matching(ctx context.Context, c *Client, req *CreateRepositoryRequest) ([]*Repository, *Response, error) {
	path := "zdms/" + url.PathEscape(req.Center) + "/repositories"
	list, resp, err := readList(ctx, c, path, &ListRepositoriesOptions{Type: req.Type}, plainQuery[ListRepositoriesOptions], (*wireRepositoryItem).model)
	if err != nil {
		return nil, resp, err
	}
	var out []*Repository
	for _, r := range list {
		if r.matches(req) {
			out = append(out, r)
		}
	}
	return out, resp, nil
}

// matches reports whether r is what req registers: the same type, paths
// (SMB's in any case, trailing separators aside) and IP.
func (r *Repository) matches(req *CreateRepositoryRequest) bool {
	same := func(a, b string) bool {
		a, b = strings.TrimRight(strings.TrimSpace(a), `/\`), strings.TrimRight(strings.TrimSpace(b), `/\`)
		return a == b || req.Type == RepositorySMB && strings.EqualFold(a, b)
	}
	return (r.Type == "" || r.Type == req.Type) && same(r.RemotePath, req.RemotePath) &&
		same(r.LocalPath, req.LocalPath) && (len(r.IPs) == 0 || slices.Contains(r.IPs, req.IP))
}

// newest picks the registered repository among those that match after the
// registration: the one that was not there before, else the only one.
func newest(before, after []*Repository) (*Repository, error) {
	old := map[int64]bool{}
	for _, r := range before {
		old[r.ID] = true
	}
	var fresh []*Repository
	for _, r := range after {
		if !old[r.ID] {
			fresh = append(fresh, r)
		}
	}
	switch {
	case len(fresh) == 1:
		return fresh[0], nil
	case len(fresh) == 0 && len(after) == 1:
		return after[0], nil
	case len(after) == 0:
		return nil, fmt.Errorf("%w: the server accepted the repository, but the center lists none with its paths and IP (do not register it again)", ErrUnexpectedResponse)
	}
	ids := make([]string, len(after))
	for i, r := range after {
		ids[i] = idPath(r.ID)
	}
	return nil, fmt.Errorf("%w: the server accepted the repository, but %d repositories of the center have its paths and IP (IDs %s): pick one by ID (do not register it again)",
		ErrUnexpectedResponse, len(after), strings.Join(ids, ", "))
}

func (r *UpdateRepositoryRequest) validate() error {
	const what = "UpdateRepositoryRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	nothing := ""
	if r.RemotePath == "" && r.Account == "" && r.Password == "" && r.IP == "" {
		nothing = "and nothing else is set: set RemotePath, Account, Password or IP"
	}
	return check(what,
		rule{"Center", requiredText(r.Center)},
		rule{"Center", nothing},
		rule{"RemotePath", optional(r.RemotePath)},
		rule{"Account", optional(r.Account)},
		rule{"IP", ipv4(r.IP, false)},
	)
}

// Update changes a repository: PUT {api}/zdms/repositories/{id} (servers
// from 1.0.3 of 2026-02 on). Only the fields set are sent, under the
// update's wire names (remoteUser, remotePwd). An IP is only ever
// appended to the repository's addresses: servers keep the others and
// offer no way to remove or replace one. Type, LocalPath and Port cannot
// be changed.
//
// Invalid input is an error wrapping ErrInvalidArgument, and nothing is
// sent. A repository of another center matches ErrForbidden (ErrBadRequest
// on servers before 2.0.0); a duplicate IP ErrBadRequest (ErrConflict
// before 2.0.0); a missing repository ErrNotFound. The Password never
// appears in an error or in the result.
func (s *RepositoriesService) Update(ctx context.Context, id int64, req *UpdateRepositoryRequest) (*UpdateRepositoryResult, *Response, error) {
	c, err := s.checked(positiveID("id", id), req.validate())
	if err != nil {
		return nil, nil, err
	}
	body := &wireUpdateRepository{Center: req.Center, RemotePath: req.RemotePath, RemoteUser: req.Account,
		RemotePwd: req.Password, IP: req.IP}
	return write(ctx, c, http.MethodPut, "zdms/repositories/"+idPath(id), body,
		func(w *wireUpdateRepositoryResult) *UpdateRepositoryResult { return w.model(newRedactor(req.Password)) },
		(*UpdateRepositoryResult).outcome)
}

// outcome is an update's partial failure: a "fail" state.
func (r *UpdateRepositoryResult) outcome(*Response) error {
	if failedState(r.State) {
		return partialFailure("update", fmt.Sprintf("state %q", r.State))
	}
	return nil
}

// Delete removes a repository: DELETE {api}/zdms/repositories/{id}
// ?center={center} (servers from 1.0.3 of 2026-01 on). center is the one
// center it belongs to, by ID or name ("" sends none; 3.0.0 servers
// require it). A repository of another center matches ErrForbidden; a
// missing one ErrNotFound; a lost answer ErrOutcomeUnknown.
func (s *RepositoriesService) Delete(ctx context.Context, id int64, center string) (*Response, error) {
	c, err := s.checked(positiveID("id", id))
	if err != nil {
		return nil, err
	}
	q, err := deleteCenter(c, center)
	if err != nil {
		return nil, err
	}
	return request(ctx, c, http.MethodDelete, "zdms/repositories/"+idPath(id)+q, nil, nil)
}

func (r *VerifyRepositoryRequest) validate() error {
	const what = "VerifyRepositoryRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	smb := r.Type == RepositorySMB
	path := ""
	switch {
	case smb && r.Path != "" && !strings.HasPrefix(r.Path, `\\`):
		path = fmt.Sprintf(`%q is not a UNC path: expected one such as \\192.168.1.200\share`, r.Path)
	case r.Type == RepositoryNFS && r.Path != "" && !strings.Contains(r.Path, ":/"):
		path = fmt.Sprintf("%q is not an NFS path: expected host:/path such as 192.168.1.200:/backup", r.Path)
	}
	return check(what,
		rule{"Center", requiredText(r.Center)},
		rule{"Type", requiredOneOf(r.Type, repositoryTypes)},
		rule{"Path", requiredText(r.Path)},
		rule{"Path", path},
		rule{"Account", requiredIf(smb, r.Account, "for SMB")},
		rule{"Password", requiredIf(smb, r.Password, "for SMB")},
		rule{"Domain", optional(r.Domain)},
		rule{"User", optional(r.User)},
	)
}

// Verify checks that a center can reach and mount a repository, without
// registering it: POST {api}/zdms/repositories/verify (1.0.3 and later).
// The server answers with no data; a nil error means the center mounted
// it. A failed check is an *APIError (500 "Repository verify failed", or
// a 400 naming the field); the Password never appears in it.
func (s *RepositoriesService) Verify(ctx context.Context, req *VerifyRepositoryRequest) (*Response, error) {
	c, err := s.checked(req.validate())
	if err != nil {
		return nil, err
	}
	body := &wireVerifyRepository{Center: req.Center, Type: req.Type, Path: req.Path, Account: req.Account,
		Password: req.Password, Domain: req.Domain, User: req.User}
	return request(ctx, c, http.MethodPost, "zdms/repositories/verify", body, nil)
}
