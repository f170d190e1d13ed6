package zdmtest

import (
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// matchesCenter reports whether a job of center c is within the comma
// list of center IDs or names; a job of no center is within every list.
func (s *Server) matchesCenter(list, c string) bool {
	if list == "" || c == "" {
		return true
	}
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == c || isDigits(item) && strconv.Itoa(s.centerID(c)) == item {
			return true
		}
	}
	return false
}

// jobAttrs are the job settings registration and update manage.
type jobAttrs struct {
	platform, afterReboot, mailEvent string
	scriptPath, scriptRun, autoStart string
	networkLimit                     int
	sched                            *scheduleRow
}

func defaultAttrs(platform string) jobAttrs {
	return jobAttrs{platform: platform, afterReboot: "reboot", autoStart: "not use"}
}

// dataTime renders a time inside data: RFC 3339 UTC on the draft dialect,
// zone-less local time on the released ones (3.0.0 keeps it inside data).
func (c *Settings) dataTime(t time.Time) string {
	switch {
	case t.IsZero():
		return "-"
	case c.dialect == DialectDraft:
		return t.UTC().Format(layoutSeed)
	}
	return t.In(c.loc).Format(layoutZoneless)
}

// objectForm reports whether errors take the {code, message, details}
// form.
func (c *Settings) objectForm() bool { return c.objectErrors || c.dialect == DialectV3 }

// famErr is one refused input, with the 1.x/2.x wording when it differs.
type famErr struct{ field, en, ko string }

// queryProblem is the 400 for refused query parameters: the first
// message as a string, or DTO-VALIDATION-03 with every one in details.
func (s *Server) queryProblem(errs []famErr) problem {
	p := problem{status: http.StatusBadRequest, code: "DTO-VALIDATION-03"}
	if s.cfg.objectForm() {
		p.msg = text{en: "Query parameter validation failed."}
		for _, e := range errs {
			p.fields = append(p.fields, fieldError{e.field, e.en})
		}
		return p
	}
	p.msg = text{en: errs[0].en, ko: errs[0].ko}
	return p
}

// bodyProblem is the answer to a refused body: 400 with a string on the
// seed dialect, 422 DTO-VALIDATION-01 with detail.validationErrors (1.x/
// 2.x, as 2.0.2 does) or error.details (object errors).
func (s *Server) bodyProblem(errs []famErr) problem {
	p := problem{status: http.StatusUnprocessableEntity, code: "DTO-VALIDATION-01", msg: text{en: "Request body validation failed."}}
	if s.cfg.dialect == DialectDraft && !s.cfg.objectErrors {
		return problem{status: http.StatusBadRequest, code: "VALIDATION_ERROR", msg: text{en: errs[0].en}}
	}
	for _, e := range errs {
		p.fields = append(p.fields, fieldError{e.field, e.en})
	}
	return p
}

// queryReader reads and checks a family route's query the way the
// dialect does: 3.0.0 refuses unknown keys and empty values; enums are
// lowercase on 1.x/2.x and case-insensitive on 3.0.0.
type queryReader struct {
	s    *Server
	q    url.Values
	errs []famErr
}

// newQuery checks q's keys against allowed (3.0.0 only); bareOK names a
// key whose empty value means true.
func (s *Server) newQuery(q url.Values, allowed []string, bareOK string) *queryReader {
	qr := &queryReader{s: s, q: q}
	if s.cfg.dialect != DialectV3 {
		return qr
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		switch {
		case !slices.Contains(allowed, k):
			qr.fail(k, k+" is not a supported parameter. Check for a typo or a parameter that has been removed.", "")
		case q.Get(k) == "" && k != bareOK:
			msg := k + " must not be empty"
			if k == "center" {
				msg = "center must contain at least one identifier"
			}
			qr.fail(k, msg, "")
		}
	}
	return qr
}

func (qr *queryReader) fail(field, en, ko string) { qr.errs = append(qr.errs, famErr{field, en, ko}) }

// str is a parameter's value ("" when absent).
func (qr *queryReader) str(k string) string { return qr.q.Get(k) }

// enum reads k, which must be one of allowed.
func (qr *queryReader) enum(k string, allowed ...string) string {
	v := qr.q.Get(k)
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if v == a || qr.s.cfg.dialect == DialectV3 && strings.EqualFold(v, a) {
			return a
		}
	}
	list := strings.Join(allowed, ", ")
	qr.fail(k, k+" must be one of: "+list, "유효하지 않은 '"+k+"' 값입니다. 허용된 값: "+list)
	return ""
}

// boolean reads k; a bare key is true.
func (qr *queryReader) boolean(k string) bool {
	vs, ok := qr.q[k]
	if !ok {
		return false
	}
	switch v := strings.ToLower(vs[0]); v {
	case "true", "":
		return true
	case "false":
		return false
	}
	qr.fail(k, k+" must be a boolean value", "'"+k+"' 값은 true 또는 false여야 합니다.")
	return false
}

// positive reads k as an integer of at least 1; def when absent.
func (qr *queryReader) positive(k string, def int) int {
	v := qr.q.Get(k)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		qr.fail(k, k+" must be a positive integer", "'"+k+"' 값은 1 이상의 정수여야 합니다.")
		return def
	}
	return n
}

// paging reads page, limit and whether either was sent.
func (qr *queryReader) paging() pageReq {
	_, hasPage := qr.q["page"]
	_, hasLimit := qr.q["limit"]
	return pageReq{on: hasPage || hasLimit, page: qr.positive("page", 1), limit: qr.positive("limit", 20)}
}

// sortDesc reads sort (default desc).
func (qr *queryReader) sortDesc() bool { return qr.enum("sort", "asc", "desc") != "asc" }

// partitionFilter reads partition and drive: comma lists, drives
// normalised to "C:"; 3.0.0 refuses both together and treats them as
// one filter.
func (qr *queryReader) partitionFilter() (parts, drives []string) {
	p, d := qr.q.Get("partition"), qr.q.Get("drive")
	if qr.s.cfg.dialect == DialectV3 && p != "" && d != "" {
		qr.fail("partition", "partition and drive filter the same column and cannot be used together. Use one of them — 'C', 'C:' and '/data' are all accepted.", "")
	}
	split := func(v string) []string {
		var out []string
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, normalizePartition(x))
			}
		}
		return out
	}
	return split(p), split(d)
}

// normalizePartition spells a drive letter as "C:"; Linux paths stay.
func normalizePartition(p string) string {
	if isDrive(p) {
		return strings.ToUpper(p[:1]) + ":"
	}
	return p
}

// isDrive reports whether p names a Windows drive: "c", "C", "c:", "C:".
func isDrive(p string) bool {
	if len(p) == 0 || len(p) > 2 || len(p) == 2 && p[1] != ':' {
		return false
	}
	c := p[0] | 0x20
	return c >= 'a' && c <= 'z'
}

// pageReq is a request's pagination.
type pageReq struct {
	on          bool
	page, limit int
}

// window cuts n items to the page and returns the bounds and the
// pagination object (nil when the request asked for none).
func (p pageReq) window(n int) (lo, hi int, meta obj) {
	if !p.on {
		return 0, n, nil
	}
	pages := int(math.Ceil(float64(n) / float64(p.limit)))
	// page and limit may be as large as an int holds: their product, and
	// lo plus the limit, must not overflow.
	lo = n
	if p.page-1 <= n/p.limit {
		lo = min((p.page-1)*p.limit, n)
	}
	hi = lo + min(p.limit, n-lo)
	return lo, hi, obj{
		{"currentPage", p.page},
		{"totalPages", pages},
		{"totalItems", n},
		{"itemsPerPage", p.limit},
		{"hasNextPage", p.page < pages},
		{"hasPreviousPage", p.page > 1},
	}
}

// listPage is the list answer of rows: the page asked for (all of them
// when none was), each rendered by item.
func listPage[T any](s *Server, rows []T, pg pageReq, item func(T) obj, message text, now time.Time) reply {
	lo, hi, meta := pg.window(len(rows))
	items := make([]obj, 0, hi-lo)
	for _, r := range rows[lo:hi] {
		items = append(items, item(r))
	}
	return s.list(items, meta, message, now)
}

// sortByID sorts rows by their IDs.
func sortByID[T any](rows []T, desc bool, id func(T) int) {
	slices.SortStableFunc(rows, func(a, b T) int {
		if desc {
			return id(b) - id(a)
		}
		return id(a) - id(b)
	})
}

// list is a success envelope around a list, with pagination beside data
// when meta is not nil.
func (s *Server) list(data any, meta obj, message text, now time.Time) reply {
	id := s.nextRequestID()
	env := obj{{"success", true}, s.idField(id), {"data", data}}
	if meta != nil {
		env = append(env, field{"pagination", meta})
	}
	env = append(env, field{"message", s.cfg.say(message)}, field{"timestamp", s.cfg.formatTime(now)})
	return s.jsonReply(http.StatusOK, env, id)
}

// The enumerations of the recovery family.
var (
	platforms = []string{"oci", "ncp", "gcp", "aws", "azure", "vmware", "scp", "openstack", "cloudstack",
		"kt", "nhn", "nutanix", "proxmox", "kvm", "hyperv", "xenserver"}
	releasedStatuses = []string{"preparing", "processing", "complete", "scheduled", "registered", "canceling", "canceled", "error"}
	seedStatuses     = []string{"run", "complete", "start", "waiting", "cancel", "schedule", "pending", "fail"}
)

// statusFilter reads status: the dialect's values, lowercase (any case
// on 3.0.0).
func (qr *queryReader) statusFilter() string {
	if qr.s.cfg.dialect == DialectDraft {
		return qr.enum("status", seedStatuses...)
	}
	return qr.enum("status", releasedStatuses...)
}

// statusMatches reports whether a job-level phase matches a status
// filter read by statusFilter.
func (c *Settings) statusMatches(p Phase, filter string) bool {
	if filter == "" {
		return true
	}
	if filter == "waiting" {
		filter = "pending"
	}
	return strings.EqualFold(c.spell(p), filter)
}

// ident unescapes a path segment.
func ident(segment string) (string, bool) {
	v, err := url.PathUnescape(segment)
	return v, err == nil && v != ""
}
