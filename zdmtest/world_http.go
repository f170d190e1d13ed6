package zdmtest

import (
	"net/http"
	"strconv"
	"strings"
)

// What the routes of every family answer about the world's references:
// the center, server and repository 404s, the 403 of another center,
// and the center parameter of deletes.

// identKind is "ID" for digits, "Name" otherwise, with the Korean
// subject form.
func identKind(id string) (en, ko string) {
	if isDigits(id) {
		return "ID", "ID가"
	}
	return "Name", "Name이"
}

// centerNotFound is the 404 for a center a request names (ZDM-ERROR-01).
// The draft API and 3.0.0 say it in English; 1.x/2.x in Korean, as the
// repository registration of 1.0.3 documents it.
func (s *Server) centerNotFound(id string) problem {
	en, ko := identKind(id)
	return problem{status: http.StatusNotFound, code: "ZDM-ERROR-01", msg: text{
		en: "Zdm with " + en + " '" + id + "' not found", ko: ko + " '" + id + "'인 Center를 찾을 수 없습니다"}}
}

// filterCenterNotFound is the 404 for an entry of a center filter that
// names no center (3.0.0).
func (s *Server) filterCenterNotFound(id string) problem {
	return problem{status: http.StatusNotFound, code: "ZDM-ERROR-01", msg: text{
		en: "Requested Center '" + id + "' not found", ko: "요청한 Center '" + id + "'을(를) 찾을 수 없습니다"}}
}

// centersExistLocked checks a center filter (a comma list of IDs and
// names) as 3.0.0 does: an entry naming no center is 404. Older servers
// filter by it and match nothing.
func (s *Server) centersExistLocked(list string) *problem {
	if list == "" || s.cfg.dialect != DialectV3 {
		return nil
	}
	for _, item := range strings.Split(list, ",") {
		if item = strings.TrimSpace(item); item != "" && s.centerByIdentLocked(item) == nil {
			p := s.filterCenterNotFound(item)
			return &p
		}
	}
	return nil
}

// serverNotFound is the 404 of the server routes for an identifier no
// server has (SERVER-ERROR-01).
func (s *Server) serverNotFound(id string) problem {
	en, ko := identKind(id)
	return s.missing("SERVER-ERROR-01", "SERVER_NOT_FOUND", "Server", "Server를", en, ko, id)
}

// missing is the 404 for an identifier (of kind "ID", "Name", "Key")
// no thing has: "<thing> with ID '9' not found" (1.x/2.x: "ID가 '9'인
// <koThing> 찾을 수 없습니다", koThing with its particle), with code, or
// seedCode on the draft API.
func (s *Server) missing(code, seedCode, thing, koThing, kind, koKind, id string) problem {
	if s.cfg.dialect == DialectDraft {
		code = seedCode
	}
	return problem{status: http.StatusNotFound, code: code, msg: text{
		en: thing + " with " + kind + " '" + id + "' not found", ko: koKind + " '" + id + "'인 " + koThing + " 찾을 수 없습니다"}}
}

// jobServerNotFound is the 404 of a job registration naming a server its
// center lacks (JOB-ERROR-02).
func (s *Server) jobServerNotFound(id, center string) problem {
	return problem{status: http.StatusNotFound, code: "JOB-ERROR-02", msg: text{
		en: "Server '" + id + "' not found in center '" + center + "'",
		ko: "작업 대상 서버를 찾을 수 없습니다: '" + id + "' (Center: " + center + ")"}}
}

// repositoryNotFound is the 404 for a repository ID a center lacks
// (ZDM-REPOSITORY-ERROR-01), with the IDs it has.
func (s *Server) repositoryNotFound(id, center string) problem {
	return s.repositoryMissing("ID '"+id+"'", "ID "+id, center)
}

// repositoryMissing is repositoryNotFound for a repository described by
// what (English) and ko (Korean).
func (s *Server) repositoryMissing(what, ko, center string) problem {
	ids := make([]string, 0, 4)
	for _, r := range s.reposOfLocked(center) {
		ids = append(ids, strconv.Itoa(r.spec.ID))
	}
	avail := strings.Join(ids, ", ")
	if avail == "" {
		avail = "none"
	}
	return problem{status: http.StatusNotFound, code: "ZDM-REPOSITORY-ERROR-01", msg: text{
		en: "Repository with " + what + " does not exist in this center. Available repository IDs: " + avail + ".",
		ko: "요청한 Repository " + ko + "를 찾을 수 없습니다 (사용 가능한 Repository ID: " + avail + ")"}}
}

// problemDigitsOnly is the 400 for a non-numeric identifier on routes
// that take an ID only.
func (s *Server) problemDigitsOnly(kind string) problem {
	return problem{status: http.StatusBadRequest, code: "DTO-VALIDATION-02", msg: text{
		en: "identifier must be a number (" + kind + " ID)", ko: "identifier는 숫자(" + kind + " ID)만 허용됩니다"}}
}

// oneCenter reads the center of a delete: 3.0.0 wants exactly one
// (400 DTO-VALIDATION-03 else) and refuses other query keys; 1.x/2.x
// take one at most; the draft API has none.
func (s *Server) oneCenter(r *http.Request, extra ...string) (string, *problem) {
	q := r.URL.Query()
	center := strings.TrimSpace(q.Get("center"))
	switch s.cfg.dialect {
	case DialectDraft:
		return "", nil
	case DialectV3:
		qr := s.newQuery(q, append([]string{"center"}, extra...), "")
		if center == "" || strings.Contains(center, ",") {
			qr.errs = append(qr.errs, famErr{field: "center", en: "exactly one center must be specified"})
		}
		if qr.errs != nil {
			p := s.queryProblem(qr.errs)
			return "", &p
		}
	}
	return center, nil
}

// ownedBy is nil when a thing of center owner may be acted on with the
// center parameter given (none given: any), else the 404 of an unknown
// center or the 403 of another one (CENTER-ERROR-01): "Schedule does
// not belong to center 'x'" (1.x/2.x), "Schedule '7' does not belong to
// center 'x'" (3.0.0).
func (s *Server) ownedBy(center, owner, kind, name string) *problem {
	if center == "" {
		return nil
	}
	c := s.centerByIdentLocked(center)
	if c == nil {
		p := s.centerNotFound(center)
		return &p
	}
	if c.spec.Name == owner {
		return nil
	}
	if s.cfg.dialect == DialectV3 {
		kind += " '" + name + "'"
	}
	return &problem{status: http.StatusForbidden, code: "CENTER-ERROR-01", msg: text{en: kind + " does not belong to center '" + center + "'"}}
}
