package zdmtest

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// The repository writes: POST {api}/zdms/repositories (register), PUT
// and DELETE {api}/zdms/repositories/:id, POST .../verify. A center
// that is disconnected does not confirm them: registration and
// verification then fail with 500, as the servers do after their 10 s
// wait.

// noData is a success envelope without data, as registration and
// verification answer from 1.0.3 on.
func (s *Server) noData(status int, message text, now time.Time) reply {
	id := s.nextRequestID()
	return s.jsonReply(status, obj{s.idField(id), {"message", s.cfg.say(message)}, {"success", true},
		{"timestamp", s.cfg.formatTime(now)}}, id)
}

// repositoryBody is POST {api}/zdms/repositories' body.
type repositoryBody struct {
	Center     json.RawMessage `json:"center"`
	Type       string          `json:"type"`
	RemotePath string          `json:"remotePath"`
	LocalPath  string          `json:"localPath"`
	IP         string          `json:"ip"`
	Port       json.RawMessage `json:"port"`
	Account    string          `json:"account"`
	Password   string          `json:"password"`
	User       json.RawMessage `json:"user"`
}

// fieldsProblem answers refused body fields: the draft's 400 with the
// first message (Korean, as its examples are), else 422.
func (s *Server) fieldsProblem(errs []famErr) problem {
	if s.cfg.dialect == DialectDraft {
		return problem{status: http.StatusBadRequest, code: "VALIDATION_ERROR", msg: text{en: or(errs[0].ko, errs[0].en)}}
	}
	return s.bodyProblem(errs)
}

// nfsPathProblem is the 400 for an NFS remote path not starting with
// "/" (REPOSITORY-ERROR-11).
func nfsPathProblem() problem {
	return problem{status: http.StatusBadRequest, code: "REPOSITORY-ERROR-11", msg: text{
		en: "NFS remotePath must start with '/'.", ko: "NFS 타입의 remotePath는 '/'로 시작해야 합니다"}}
}

// handleCreateRepository answers POST {api}/zdms/repositories: the
// draft API answers the repository, later servers no data at all.
func (s *Server) handleCreateRepository(r *http.Request, _ []string, now time.Time) reply {
	var b repositoryBody
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	center, hasCenter := identString(b.Center)
	port, _ := identString(b.Port)
	var errs []famErr
	req := func(field string, ok bool, ko string) {
		if !ok {
			errs = append(errs, famErr{field: field, en: field + " is required", ko: ko})
		}
	}
	req("center", hasCenter, "center가 누락되었습니다")
	typ := strings.ToLower(b.Type)
	if typ != "nfs" && typ != "smb" {
		errs = append(errs, famErr{field: "type", en: "type must be one of: smb, nfs", ko: "type은 smb, nfs중 하나여야 합니다"})
	}
	req("remotePath", b.RemotePath != "", "remotePath가 누락되었습니다")
	req("localPath", b.LocalPath != "", "localPath가 누락되었습니다")
	if a, err := netip.ParseAddr(b.IP); err != nil || !a.Is4() {
		errs = append(errs, famErr{field: "ip", en: "ip must be a valid IPv4 address", ko: "유효한 IPv4 주소 형식이 아닙니다"})
	}
	if n, err := strconv.Atoi(port); port != "" && (err != nil || n < 1 || n > 65535) {
		errs = append(errs, famErr{field: "port", en: "port must be a number from 1 to 65535"})
	}
	if typ == "smb" {
		req("account", b.Account != "", "SMB 타입일 경우 account는 필수입니다")
		req("password", b.Password != "", "SMB 타입일 경우 password는 필수입니다")
	}
	if errs != nil {
		return s.errorReply(s.fieldsProblem(errs), now)
	}
	if typ == "nfs" && !strings.HasPrefix(b.RemotePath, "/") {
		return s.errorReply(nfsPathProblem(), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, p := s.confirmingCenterLocked(center, "registration")
	if p != nil {
		return s.errorReply(*p, now)
	}
	n, _ := strconv.Atoi(port)
	var ps problems
	s.addRepositoryLocked(RepositorySpec{Center: c.spec.Name, Type: zdm.RepositoryType(typ), RemotePath: b.RemotePath,
		LocalPath: b.LocalPath, IPs: []string{b.IP}, Port: n, Account: b.Account}, b.Password, &ps, "", now)
	if err := ps.err(); err != nil {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "BAD_REQUEST", msg: text{en: err.Error()}}, now)
	}
	if s.cfg.dialect != DialectDraft {
		return s.noData(http.StatusOK, text{en: "Repository Registration Results"}, now)
	}
	rp := s.repos[len(s.repos)-1]
	return s.success(http.StatusCreated, obj{{"id", strconv.Itoa(rp.spec.ID)}, {"center", c.spec.Name}, {"type", typ},
		{"remotePath", b.RemotePath}, {"localPath", b.LocalPath}, {"ip", b.IP}}, text{en: "Repository registered successfully"}, now)
}

// confirmingCenterLocked is the center a repository registration or
// verification (what) names, or its 404, or the 500 of a disconnected
// center, which never confirms.
func (s *Server) confirmingCenterLocked(center, what string) (*centerRow, *problem) {
	c := s.centerByIdentLocked(center)
	switch {
	case c == nil:
		p := s.centerNotFound(center)
		return nil, &p
	case c.spec.Disconnected:
		return nil, &problem{status: http.StatusInternalServerError, code: "INTERNAL_SERVER_ERROR",
			msg: text{en: "Repository " + what + " failed (result: FAIL)"}}
	}
	return c, nil
}

// repoByIDLocked finds the repository of a write route (digits only)
// that belongs to center (any center when ""), or the answer to give.
func (s *Server) repoByIDLocked(id, center string) (*repoRow, *problem) {
	n, _ := strconv.Atoi(id)
	if rp := s.repoLocked(n); rp != nil {
		if p := s.ownedBy(center, rp.spec.Center, "Repository", id); p != nil {
			return nil, p
		}
		return rp, nil
	}
	var ids []string
	for _, rp := range s.repos {
		ids = append(ids, strconv.Itoa(rp.spec.ID))
	}
	return nil, &problem{status: http.StatusNotFound, code: "ZDM-REPOSITORY-ERROR-01", msg: text{
		en: "Requested Repository ID " + id + " not found (available: " + strings.Join(ids, ", ") + ")",
		ko: "ID가 '" + id + "'인 Repository를 찾을 수 없습니다"}}
}

// handleUpdateRepository answers PUT {api}/zdms/repositories/:id:
// remotePath, remoteUser and remotePwd replace, ip is appended (never
// replaced or removed).
func (s *Server) handleUpdateRepository(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	if !isDigits(id) {
		return s.errorReply(s.problemDigitsOnly("Repository"), now)
	}
	var b struct {
		Center     json.RawMessage `json:"center"`
		RemotePath *string         `json:"remotePath"`
		RemoteUser *string         `json:"remoteUser"`
		RemotePwd  *string         `json:"remotePwd"`
		IP         *string         `json:"ip"`
	}
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	center, hasCenter := identString(b.Center)
	var errs []famErr
	if !hasCenter {
		errs = append(errs, famErr{field: "center", en: "center is required"})
	}
	if b.RemotePath == nil && b.RemoteUser == nil && b.RemotePwd == nil && b.IP == nil {
		errs = append(errs, famErr{field: "remotePath", en: "at least one of remotePath, remoteUser, remotePwd and ip is required"})
	}
	if errs != nil {
		return s.errorReply(s.bodyProblem(errs), now)
	}
	bad := func(en, ko string) reply {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "BAD_REQUEST", msg: text{en: en, ko: ko}}, now)
	}
	if b.IP != nil {
		if a, err := netip.ParseAddr(*b.IP); err != nil || !a.Is4() {
			return bad("ip must be a valid IPv4 address", "유효한 IPv4 주소 형식이 아닙니다")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rp, p := s.repoByIDLocked(id, center)
	if p != nil {
		return s.errorReply(*p, now)
	}
	if b.RemotePath != nil && rp.spec.Type == zdm.RepositoryNFS && !strings.HasPrefix(*b.RemotePath, "/") {
		return bad("NFS remotePath must start with '/'.", "NFS 타입의 remotePath는 '/'로 시작해야 합니다")
	}
	if b.IP != nil && slices.Contains(rp.spec.IPs, *b.IP) {
		return bad("IP '"+*b.IP+"' is already registered", "IP '"+*b.IP+"'은(는) 이미 등록되어 있습니다")
	}
	var changes []change
	if b.RemotePath != nil && *b.RemotePath != rp.spec.RemotePath {
		changes = append(changes, change{"remotePath", rp.spec.RemotePath, *b.RemotePath})
		rp.spec.RemotePath = *b.RemotePath
	}
	if b.RemoteUser != nil && *b.RemoteUser != rp.spec.Account {
		changes = append(changes, change{"remoteUser", orDash(rp.spec.Account), *b.RemoteUser})
		rp.spec.Account = *b.RemoteUser
	}
	if b.RemotePwd != nil {
		changes = append(changes, change{"remotePwd", "********", "********"})
		rp.secret = *b.RemotePwd
	}
	if b.IP != nil {
		prev := strings.Join(rp.spec.IPs, "|")
		rp.spec.IPs = append(rp.spec.IPs, *b.IP)
		changes = append(changes, change{"ipAddress", prev, strings.Join(rp.spec.IPs, "|")})
	}
	rp.updated = now
	return s.success(http.StatusOK, obj{{"repositoryInfo", obj{{"id", rp.spec.ID}, {"centerName", rp.spec.Center}}},
		{"summary", obj{{"state", "success"}, {"updatedFields", renderChanges(changes)}}}},
		text{en: "Repository updated successfully", ko: "Repository가 성공적으로 수정되었습니다"}, now)
}

// handleDeleteRepository answers DELETE {api}/zdms/repositories/:id.
func (s *Server) handleDeleteRepository(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	if !isDigits(id) {
		return s.errorReply(s.problemDigitsOnly("Repository"), now)
	}
	center, p := s.oneCenter(r)
	if p != nil {
		return s.errorReply(*p, now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rp, p := s.repoByIDLocked(id, center)
	if p != nil {
		return s.errorReply(*p, now)
	}
	s.repos = slices.DeleteFunc(s.repos, func(o *repoRow) bool { return o == rp })
	return s.success(http.StatusOK, obj{{"id", rp.spec.ID}, {"centerName", rp.spec.Center}, {"remotePath", rp.spec.RemotePath},
		{"localPath", rp.spec.LocalPath}}, text{en: "Repository deleted successfully", ko: "Repository가 성공적으로 삭제되었습니다"}, now)
}

// handleVerifyRepository answers POST {api}/zdms/repositories/verify:
// the center mounts the path, unless it is disconnected. Its validation
// errors take the object form on every generation, as documented.
func (s *Server) handleVerifyRepository(r *http.Request, _ []string, now time.Time) reply {
	var b struct {
		Center   json.RawMessage `json:"center"`
		Type     string          `json:"type"`
		Path     string          `json:"path"`
		Account  string          `json:"account"`
		Password string          `json:"password"`
		Domain   string          `json:"domain"`
		User     json.RawMessage `json:"user"`
	}
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	center, hasCenter := identString(b.Center)
	var fe []fieldError
	if !hasCenter {
		fe = append(fe, fieldError{"center", "center is required"})
	}
	typ := strings.ToLower(b.Type)
	if typ != "smb" && typ != "nfs" {
		fe = append(fe, fieldError{"type", "type must be one of: smb, nfs"})
	}
	if b.Path == "" {
		fe = append(fe, fieldError{"path", "path is required"})
	}
	if typ == "smb" && b.Account == "" {
		fe = append(fe, fieldError{"account", "account is required for SMB"})
	}
	if typ == "smb" && b.Password == "" {
		fe = append(fe, fieldError{"password", "password is required for SMB"})
	}
	if fe != nil {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "DTO-VALIDATION-01",
			msg: text{en: "Request body validation failed"}, fields: fe, object: true}, now)
	}
	switch {
	case typ == "smb" && !strings.HasPrefix(b.Path, `\\`):
		return s.errorReply(problem{status: http.StatusBadRequest, code: "REPOSITORY-ERROR-10",
			msg: text{en: `SMB path format is invalid. Expected UNC path (e.g., \\server\share)`}}, now)
	case typ == "nfs" && !strings.Contains(b.Path, ":/"):
		return s.errorReply(problem{status: http.StatusBadRequest, code: "REPOSITORY-ERROR-11",
			msg: text{en: "NFS path format is invalid. Expected host:/path (e.g., 192.168.1.200:/backup)"}}, now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, p := s.confirmingCenterLocked(center, "verify"); p != nil {
		return s.errorReply(*p, now)
	}
	return s.noData(http.StatusOK, text{en: "Repository Verify Results"}, now)
}
