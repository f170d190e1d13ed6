package zdmtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The licences of the world: GET {api}/licenses, /licenses/:id,
// /licenses/key/:key, PUT /licenses/assign.

// licenseFilter is the filters of the licence list.
type licenseFilter struct {
	category, exp, created, id, name, center string
}

func (qr *queryReader) licenseFilter() licenseFilter {
	f := licenseFilter{category: strings.ToLower(qr.str("category")), exp: qr.str("exp"), created: qr.str("created"),
		id: qr.str("id"), name: qr.str("name"), center: qr.str("center")}
	switch f.category {
	case "", "zdm(backup)", "zdm(dr)", "zdm(migration)":
	default:
		qr.fail("category", "category must be one of: zdm(backup), zdm(dr), zdm(migration)", "유효하지 않은 'category' 값입니다.")
	}
	for _, d := range []struct{ key, v string }{{"exp", f.exp}, {"created", f.created}} {
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
			qr.fail(d.key, d.key+" must be a date (YYYY-MM-DD)", "'"+d.key+"' 값은 YYYY-MM-DD 형식이어야 합니다.")
		}
	}
	if f.id != "" && !isDigits(f.id) {
		qr.fail("id", "id must be a number", "'id' 값은 숫자여야 합니다.")
	}
	return f
}

// matches applies the filters; exact names on 3.0.0, partial before.
func (s *Server) licenseMatches(f licenseFilter, l *licenseRow) bool {
	name := strings.Contains(l.spec.Name, f.name)
	if s.cfg.dialect == DialectV3 {
		name = f.name == "" || l.spec.Name == f.name
	}
	switch {
	case f.category != "" && f.category != string(l.spec.Category),
		f.exp != "" && f.exp != l.spec.Expires.Format(time.DateOnly),
		f.created != "" && f.created != l.spec.Created.Format(time.DateOnly),
		f.id != "" && f.id != strconv.Itoa(l.spec.ID),
		!name, !s.matchesCenter(f.center, l.spec.Center):
		return false
	}
	return true
}

var licenseKeys = []string{"category", "exp", "created", "id", "name", "page", "limit", "sort", "center"}

// handleLicenses answers GET {api}/licenses. Servers before 3.0.0 ignore
// sort.
func (s *Server) handleLicenses(r *http.Request, _ []string, now time.Time) reply {
	qr := s.newQuery(r.URL.Query(), licenseKeys, "")
	f := qr.licenseFilter()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	if s.cfg.dialect != DialectV3 {
		desc = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.centersExistLocked(f.center); p != nil {
		return s.errorReply(*p, now)
	}
	items := s.licenseItemsLocked(f, desc, now)
	lo, hi, meta := pg.window(len(items))
	return s.list(items[lo:hi], meta, text{en: "License information list"}, now)
}

func (s *Server) licenseItemsLocked(f licenseFilter, desc bool, now time.Time) []obj {
	var rows []*licenseRow
	for _, l := range s.licenses {
		if s.licenseMatches(f, l) {
			rows = append(rows, l)
		}
	}
	sortByID(rows, desc, func(r *licenseRow) int { return r.spec.ID })
	items := make([]obj, 0, len(rows))
	for _, l := range rows {
		items = append(items, s.licenseItem(l, now))
	}
	return items
}

// licenseItem is a licence as the licence routes show it.
func (s *Server) licenseItem(l *licenseRow, now time.Time) obj {
	used := s.licenseUsedLocked(l.spec.ID)
	usage := 0
	if l.spec.Copies > 0 {
		usage = used * 100 / l.spec.Copies
	}
	days := max(int(l.spec.Expires.Sub(now).Hours()/24), 0)
	desc := any(l.spec.Description)
	if s.cfg.dialect != DialectV3 {
		desc = orDash(l.spec.Description)
	}
	return obj{{"id", l.spec.ID}, {"name", l.spec.Name}, {"key", l.spec.Key}, {"category", string(l.spec.Category)},
		{"copies", obj{{"total", l.spec.Copies}, {"used", used}, {"available", max(l.spec.Copies-used, 0)}, {"usage", usage}}},
		{"description", desc},
		{"dates", obj{{"created", l.spec.Created.Format(time.DateOnly)}, {"expires", l.spec.Expires.Format(time.DateOnly)}, {"daysRemaining", days}}}}
}

// licenseNotFound is the 404 for a licence identifier or key.
func (s *Server) licenseNotFound(kind, koKind, id string) problem {
	return s.missing("LICENSE-ERROR-01", "LICENSE_NOT_FOUND", "License", "License를", kind, koKind, id)
}

// handleLicense answers GET {api}/licenses/:id: one licence by ID or
// name on the draft API and 3.0.0 (exact name, filters applied); 1.x/2.x
// ignore the identifier and answer the whole list, as 2.0.x servers do.
func (s *Server) handleLicense(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	qr := s.newQuery(r.URL.Query(), licenseKeys, "")
	f := qr.licenseFilter()
	pg, _ := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.dialect == DialectV1 {
		items := s.licenseItemsLocked(f, true, now)
		lo, hi, meta := pg.window(len(items))
		return s.list(items[lo:hi], meta, text{en: "License information list"}, now)
	}
	f.center = ""
	for _, l := range s.licenses {
		if (strconv.Itoa(l.spec.ID) == id || !isDigits(id) && l.spec.Name == id) && s.licenseMatches(f, l) {
			return s.success(http.StatusOK, s.licenseItem(l, now), text{en: "License information retrieved"}, now)
		}
	}
	en, ko := identKind(id)
	return s.errorReply(s.licenseNotFound(en, ko, id), now)
}

// handleLicenseKey answers GET {api}/licenses/key/:key.
func (s *Server) handleLicenseKey(r *http.Request, args []string, now time.Time) reply {
	key, _ := ident(args[0])
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.licenses {
		if l.spec.Key == key {
			return s.success(http.StatusOK, s.licenseItem(l, now), text{en: "License information retrieved"}, now)
		}
	}
	return s.errorReply(s.licenseNotFound("Key", "Key가", key), now)
}

// handleAssignLicense answers PUT {api}/licenses/assign: once per
// server and center, never undone.
func (s *Server) handleAssignLicense(r *http.Request, _ []string, now time.Time) reply {
	var b struct {
		Server  json.RawMessage `json:"server"`
		License json.RawMessage `json:"license"`
		User    json.RawMessage `json:"user"`
		Center  json.RawMessage `json:"center"`
	}
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	server, hasServer := identString(b.Server)
	license, hasLicense := identString(b.License)
	center, _ := identString(b.Center)
	var errs []famErr
	if !hasServer {
		errs = append(errs, famErr{field: "server", en: "server is required", ko: "server가 누락되었습니다"})
	}
	if !hasLicense {
		errs = append(errs, famErr{field: "license", en: "license is required", ko: "license가 누락되었습니다"})
	}
	if errs != nil {
		return s.errorReply(s.fieldsProblem(errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if center != "" && s.centerByIdentLocked(center) == nil {
		return s.errorReply(s.centerNotFound(center), now)
	}
	sv := s.serverInLocked(center, server)
	if sv == nil {
		return s.errorReply(s.serverNotFound(server), now)
	}
	var l *licenseRow
	for _, o := range s.licenses {
		if strconv.Itoa(o.spec.ID) == license || !isDigits(license) && o.spec.Name == license {
			l = o
			break
		}
	}
	if l == nil {
		en, ko := identKind(license)
		return s.errorReply(s.licenseNotFound(en, ko, license), now)
	}
	lc, sc := s.centerID(l.spec.Center), s.centerID(sv.spec.Center)
	conflict := func(msg string) reply {
		return s.errorReply(problem{status: http.StatusConflict, code: "LICENSE-ERROR-02", msg: text{en: msg}}, now)
	}
	switch {
	case lc != sc:
		return s.errorReply(problem{status: http.StatusForbidden, code: "CENTER-ERROR-01", msg: text{en: "License (center " +
			strconv.Itoa(lc) + ") and Server '" + sv.spec.Name + "' (center " + strconv.Itoa(sc) + ") belong to different centers"}}, now)
	case sv.spec.License != 0:
		return conflict("Server '" + sv.spec.Name + "' already has a license assigned (nLicenseID: " + strconv.Itoa(sv.spec.License) + ")")
	case s.licensed[sv.spec.ID]:
		return conflict("License (id " + strconv.Itoa(l.spec.ID) + ") is already assigned to server '" + sv.spec.Name + "' in center " + strconv.Itoa(sc))
	}
	sv.spec.License = l.spec.ID
	sv.updated = now
	s.markLicensedLocked(sv.spec.ID)
	msg := text{en: "License Assignment Results"}
	if s.cfg.dialect == DialectDraft {
		msg = text{en: "License assigned successfully"}
	}
	return s.success(http.StatusOK, obj{
		{"server", obj{{"id", strconv.Itoa(sv.spec.ID)}, {"name", sv.spec.Name}}},
		{"license", obj{{"id", strconv.Itoa(l.spec.ID)}, {"name", l.spec.Name}, {"category", string(l.spec.Category)},
			{"created", l.spec.Created.Format(time.DateOnly)}, {"expiration", l.spec.Expires.Format(time.DateOnly)}}},
	}, msg, now)
}
