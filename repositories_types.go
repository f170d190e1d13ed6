package zdm

import (
	"fmt"
	"slices"
	"strings"
)

// RepositoryType is the kind of storage a repository is.
type RepositoryType string

// The repository types. Answers spell them in several ways ("NFS",
// "nfs", "cifs" for SMB); the model reads them all as these.
const (
	RepositorySMB RepositoryType = "smb"
	RepositoryNFS RepositoryType = "nfs"
)

var repositoryTypes = []RepositoryType{RepositorySMB, RepositoryNFS}

// repositoryTypeOf reads a type as sent: lowercased, "cifs" as SMB; a
// placeholder ("Unknown") reads "".
func repositoryTypeOf(k known) RepositoryType {
	t := strings.TrimSpace(string(k))
	switch {
	case strings.EqualFold(t, "nfs"):
		return RepositoryNFS
	case strings.EqualFold(t, "smb"), strings.EqualFold(t, "cifs"):
		return RepositorySMB
	}
	return RepositoryType(strings.ToLower(t))
}

// Repository is a backup repository registered on a center: an NFS export
// or an SMB share the center mounts. Lists of every generation read into
// it; servers also list the repositories they mount.
type Repository struct {
	// ID is the repository's ID, the one backups and recoveries name.
	ID int64 `json:"id"`
	// Center is the name of the center the repository belongs to (wire
	// center, or centerName); "" in a server's or center's own list.
	Center string `json:"center,omitempty"`
	// Type is RepositorySMB or RepositoryNFS (another value lowercased as
	// sent; "" when the server did not know it).
	Type RepositoryType `json:"type"`
	// RemotePath is the export path ("/backup", NFS) or the share name
	// ("backup", SMB) on the storage server.
	RemotePath string `json:"remotePath"`
	// LocalPath is where the center mounts it: a path ("/mnt/backup",
	// NFS) or a drive ("B:", SMB).
	LocalPath string `json:"localPath"`
	// IPs are the storage server's addresses (wire ipAddress), in the
	// order they were added.
	IPs []string `json:"ipAddress,omitempty"`
	// Port is the storage server's port ("2049" and "445" are the usual
	// ones); 0 when not given.
	Port int `json:"port,omitempty"`
	// Size is the repository's capacity.
	Size Size `json:"size"`
	// Used is the space in use.
	Used Size `json:"used"`
	// Free is the free space.
	Free Size `json:"free"`
	// Usage is the percent in use, 0 to 100.
	Usage int `json:"usage"`
	// RemoteUser is the account used to mount it, sent only in a server's
	// own list (never the password).
	RemoteUser string `json:"remoteUser,omitempty"`
	// OS is the operating-system family the repository serves, sent by
	// some servers in a server's own list.
	OS string `json:"os,omitempty"`
	// LastUpdated is when the repository was last reported.
	LastUpdated string `json:"lastUpdated"`
}

// CreateRepositoryRequest registers a repository on a center (POST
// {api}/zdms/repositories). Center, Type, RemotePath, LocalPath and IP
// are required; Account and Password too for SMB.
//
// Password is a secret: it prints as [REDACTED] with every fmt verb, is
// left out of the request's JSON, and is scrubbed from errors built from
// what the server sends back.
type CreateRepositoryRequest struct {
	// Center is the center to register it on, by ID or name.
	Center string
	// Type is RepositorySMB or RepositoryNFS.
	Type RepositoryType
	// RemotePath is the export path (NFS, starting with "/") or the share
	// name (SMB) on the storage server.
	RemotePath string
	// LocalPath is where the center mounts it: a path (NFS) or a drive
	// letter such as "B:" (SMB).
	LocalPath string
	// IP is the storage server's IPv4 address.
	IP string
	// Port is the storage server's port; 0 leaves the server's default.
	Port int
	// Account is the SMB user name. Required for SMB.
	Account string
	// Password is the SMB password. Required for SMB; a secret.
	Password string `json:"-"`
	// User is the ZDM user registering it, by ID or email; "" leaves it
	// to the server (the token's user).
	User string
}

// Format prints the request with Password hidden, for every verb.
func (r CreateRepositoryRequest) Format(f fmt.State, verb rune) {
	type plain CreateRepositoryRequest
	r.Password = masked(r.Password)
	formatMasked(f, verb, "CreateRepositoryRequest", plain(r))
}

// String is the request as %v prints it, Password hidden.
func (r CreateRepositoryRequest) String() string { return fmt.Sprint(r) }

// GoString is the request as %#v prints it, Password hidden.
func (r CreateRepositoryRequest) GoString() string { return fmt.Sprintf("%#v", r) }

// UpdateRepositoryRequest changes a repository (PUT
// {api}/zdms/repositories/{id}). Center is required, and at least one
// other field. Type, LocalPath and Port cannot be changed; an IP can only
// be added.
//
// Password is a secret, like CreateRepositoryRequest's.
type UpdateRepositoryRequest struct {
	// Center is the center the repository belongs to, by ID or name.
	// Required.
	Center string
	// RemotePath is the new export path (NFS, starting with "/") or share
	// name (SMB); "" keeps it.
	RemotePath string
	// Account is the new SMB user name (wire remoteUser); "" keeps it.
	Account string
	// Password is the new SMB password (wire remotePwd); "" keeps it.
	Password string `json:"-"`
	// IP is an IPv4 address to add to the repository's addresses (wire
	// ip). It is appended: the server keeps the others, refuses one it
	// already has, and offers no way to remove or replace one.
	IP string
}

// Format prints the request with Password hidden, for every verb.
func (r UpdateRepositoryRequest) Format(f fmt.State, verb rune) {
	type plain UpdateRepositoryRequest
	r.Password = masked(r.Password)
	formatMasked(f, verb, "UpdateRepositoryRequest", plain(r))
}

// String is the request as %v prints it, Password hidden.
func (r UpdateRepositoryRequest) String() string { return fmt.Sprint(r) }

// GoString is the request as %#v prints it, Password hidden.
func (r UpdateRepositoryRequest) GoString() string { return fmt.Sprintf("%#v", r) }

// UpdateRepositoryResult is what an update changed.
type UpdateRepositoryResult struct {
	// ID is the repository's ID.
	ID int64
	// Center is the name of the repository's center.
	Center string
	// State is "success" (or "fail") as sent.
	State string
	// Changes are the changed fields: "remotePath", "remoteUser",
	// "remotePwd" (values shown as "********"), "ipAddress" (the new
	// value holds every address, "|"-joined).
	Changes []FieldChange
}

// VerifyRepositoryRequest checks that a center can reach a repository
// (POST {api}/zdms/repositories/verify), without registering it. Center,
// Type and Path are required; Account and Password too for SMB.
//
// Password is a secret, like CreateRepositoryRequest's.
type VerifyRepositoryRequest struct {
	// Center is the center that would mount it, by ID or name.
	Center string
	// Type is RepositorySMB or RepositoryNFS.
	Type RepositoryType
	// Path is the repository's full path: a UNC path for SMB
	// (`\\192.168.1.200\share`), host:path for NFS
	// ("192.168.1.200:/backup").
	Path string
	// Account is the SMB user name. Required for SMB.
	Account string
	// Password is the SMB password. Required for SMB; a secret.
	Password string `json:"-"`
	// Domain is the SMB domain; "" sends none.
	Domain string
	// User is the ZDM user asking, by ID or email; "" leaves it to the
	// server.
	User string
}

// Format prints the request with Password hidden, for every verb.
func (r VerifyRepositoryRequest) Format(f fmt.State, verb rune) {
	type plain VerifyRepositoryRequest
	r.Password = masked(r.Password)
	formatMasked(f, verb, "VerifyRepositoryRequest", plain(r))
}

// String is the request as %v prints it, Password hidden.
func (r VerifyRepositoryRequest) String() string { return fmt.Sprint(r) }

// GoString is the request as %#v prints it, Password hidden.
func (r VerifyRepositoryRequest) GoString() string { return fmt.Sprintf("%#v", r) }

// Wire schema of repositories.

type wireRepositoryItem struct {
	ID          id         `json:"id"`
	Center      known      `json:"center"`
	CenterName  known      `json:"centerName"` // the prototype
	Type        known      `json:"type"`
	RemotePath  known      `json:"remotePath"`
	LocalPath   known      `json:"localPath"`
	IPAddress   []known    `json:"ipAddress"`
	Port        text       `json:"port"`
	Size        size       `json:"size"`
	Used        size       `json:"used"`
	Free        size       `json:"free"`
	Usage       text       `json:"usage"`
	RemoteUser  known      `json:"remoteUser"`
	OS          known      `json:"os"`
	LastUpdated knownStamp `json:"lastUpdated"`
}

func (w *wireRepositoryItem) model(t *times) Repository {
	return Repository{
		ID: int64(w.ID), Center: string(firstOf(w.Center, w.CenterName)), Type: repositoryTypeOf(w.Type),
		RemotePath: string(w.RemotePath), LocalPath: string(w.LocalPath), IPs: addresses(w.IPAddress),
		Port: atoi(w.Port), Size: Size(w.Size), Used: Size(w.Used), Free: Size(w.Free),
		Usage: percentOf(w.Usage), RemoteUser: string(w.RemoteUser), OS: string(w.OS),
		LastUpdated: t.of(w.LastUpdated.stamp),
	}
}

// addresses are the addresses of a repository, which servers store
// "|"-joined (and some send so).
func addresses(list []known) []string {
	if !slices.ContainsFunc(list, func(a known) bool { return strings.Contains(string(a), "|") }) {
		return knowns(list)
	}
	var out []string
	for _, a := range list {
		for part := range strings.SplitSeq(string(a), "|") {
			if part = strings.TrimSpace(part); part != "" && !placeholder(part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// wireCreateRepository is the body of POST /zdms/repositories.
type wireCreateRepository struct {
	Center     string         `json:"center"`
	Type       RepositoryType `json:"type"`
	RemotePath string         `json:"remotePath"`
	LocalPath  string         `json:"localPath"`
	IP         string         `json:"ip"`
	Port       string         `json:"port,omitempty"`
	Account    string         `json:"account,omitempty"`
	Password   string         `json:"password,omitempty"`
	User       string         `json:"user,omitempty"`
}

// wireUpdateRepository is the body of PUT /zdms/repositories/{id}: the
// field names differ from the create's.
type wireUpdateRepository struct {
	Center     string `json:"center"`
	RemotePath string `json:"remotePath,omitempty"`
	RemoteUser string `json:"remoteUser,omitempty"`
	RemotePwd  string `json:"remotePwd,omitempty"`
	IP         string `json:"ip,omitempty"`
}

// The password each body holds (see secretHolder): servers echo request
// bodies in their errors.
func (w *wireCreateRepository) secret() string { return w.Password }
func (w *wireUpdateRepository) secret() string { return w.RemotePwd }
func (w *wireVerifyRepository) secret() string { return w.Password }

// wireVerifyRepository is the body of POST /zdms/repositories/verify.
type wireVerifyRepository struct {
	Center   string         `json:"center"`
	Type     RepositoryType `json:"type"`
	Path     string         `json:"path"`
	Account  string         `json:"account,omitempty"`
	Password string         `json:"password,omitempty"`
	Domain   string         `json:"domain,omitempty"`
	User     string         `json:"user,omitempty"`
}

type wireUpdateRepositoryResult struct {
	RepositoryInfo struct {
		ID         id    `json:"id"`
		CenterName known `json:"centerName"`
	} `json:"repositoryInfo"`
	Summary struct {
		State         known         `json:"state"`
		UpdatedFields []FieldChange `json:"updatedFields"`
	} `json:"summary"`
}

// model is the result, the password the update sent (scrubbed by red)
// hidden from the changes servers echo.
func (w *wireUpdateRepositoryResult) model(red redactor) *UpdateRepositoryResult {
	changes := w.Summary.UpdatedFields
	for i, ch := range changes {
		changes[i].Previous, changes[i].New = red.bytes(ch.Previous), red.bytes(ch.New)
	}
	return &UpdateRepositoryResult{ID: int64(w.RepositoryInfo.ID), Center: string(w.RepositoryInfo.CenterName),
		State: string(w.Summary.State), Changes: changes}
}
