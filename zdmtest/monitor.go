package zdmtest

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// monitorQuery is a monitoring request's filters, as the dialect reads
// them.
type monitorQuery struct {
	mode, partition, drive string
	server, serverType     string
	jobName, center        string
	detail                 bool
}

// v3Params are the only query parameters 3.0.0 accepts.
var v3Params = []string{"mode", "partition", "drive", "detail", "center"}

// parseMonitorQuery reads the filters, or returns the validation errors
// the dialect answers 400 with.
func (s *Server) parseMonitorQuery(q url.Values) (monitorQuery, []fieldError) {
	var m monitorQuery
	var fe []fieldError
	v3 := s.cfg.dialect == DialectV3
	if v3 {
		for _, k := range slices.Sorted(maps.Keys(q)) {
			switch {
			case !slices.Contains(v3Params, k):
				fe = append(fe, fieldError{k, "property " + k + " should not exist"})
			case q.Get(k) == "":
				fe = append(fe, fieldError{k, k + " should not be empty"})
			}
		}
	}
	m.mode = q.Get("mode")
	m.partition = q.Get("partition")
	m.drive = q.Get("drive")
	m.serverType = q.Get("serverType")
	m.jobName = q.Get("jobName")
	m.center = q.Get("center")
	switch s.cfg.dialect {
	case DialectDraft:
		m.server = q.Get("serverName")
	case DialectV1:
		m.server = q.Get("server")
	}

	enum := func(name, value string, allowed ...string) {
		if value != "" && !slices.Contains(allowed, value) {
			msg := name + " must be one of: " + strings.Join(allowed, ", ")
			if v3 {
				msg = name + " must be one of the following values: " + strings.Join(allowed, ", ")
			}
			fe = append(fe, fieldError{name, msg})
		}
	}
	enum("mode", m.mode, "full", "increment")
	if !v3 {
		enum("serverType", m.serverType, "source", "target")
	}
	switch d := q.Get("detail"); {
	case strings.EqualFold(d, "true"):
		m.detail = true
	case v3 && d != "" && d != "false":
		fe = append(fe, fieldError{"detail", "detail must be a boolean value"})
	}
	if v3 && m.partition != "" && m.drive != "" {
		fe = append(fe, fieldError{"partition", "partition and drive cannot be used together"})
	}
	return m, fe
}

// handleMonitor answers GET {api}/recoveries/monitoring/job/{identifier};
// segment is the identifier as sent (escaped).
func (s *Server) handleMonitor(r *http.Request, args []string, now time.Time) reply {
	segment := args[0]
	ident, err := url.PathUnescape(segment)
	if err != nil {
		return s.errorReply(problemValidation([]fieldError{{"identifier", "identifier is not a valid path segment"}}), now)
	}
	q, fe := s.parseMonitorQuery(r.URL.Query())
	if fe != nil {
		return s.errorReply(problemValidation(fe), now)
	}

	s.mu.Lock()
	j := s.lookup(&s.recoveries, ident, q.center) // a name two centers hold: the center's
	if j == nil {
		s.mu.Unlock()
		return s.errorReply(problemJobNotFound(ident), now)
	}
	if !s.matchesCenter(q.center, j.spec.Center) { // a center by name or ID
		s.mu.Unlock()
		return s.errorReply(problem{status: http.StatusForbidden, code: "CENTER-ERROR-01", msg: msgOtherCenter}, now)
	}
	states := j.poll(now)
	rows, jobMatches := j.filter(q)
	var data any
	if jobMatches && (len(rows) > 0 || s.cfg.dialect == DialectV3 || !q.rowFilters()) {
		data = s.render(j, states, rows, q.detail, now)
	}
	s.mu.Unlock()
	if data == nil {
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-02", msg: msgFiltered}, now)
	}
	return s.success(http.StatusOK, data, text{en: "Recovery monitoring info"}, now)
}

// rowFilters reports whether the query narrows the rows.
func (q *monitorQuery) rowFilters() bool {
	return q.mode != "" || q.partition != "" || q.drive != ""
}

// filter returns the indexes of the rows the query selects, and whether
// the job-level filters (server name, job name) match. Guarded by srv.mu.
func (j *Job) filter(q monitorQuery) ([]int, bool) {
	if q.jobName != "" && q.jobName != j.name {
		return nil, false
	}
	if q.server != "" {
		src, tgt := j.spec.Source.Name == q.server, j.spec.Target.Name == q.server
		switch q.serverType {
		case "source":
			tgt = false
		case "target":
			src = false
		}
		if !src && !tgt {
			return nil, false
		}
	}
	var rows []int
	for i, r := range j.rows {
		switch {
		case q.mode != "" && string(r.spec.Mode) != q.mode:
		case q.partition != "" && r.spec.Partition != q.partition:
		case q.drive != "" && !strings.EqualFold(r.spec.Drive, q.drive):
		default:
			rows = append(rows, i)
		}
	}
	return rows, true
}

var msgOtherCenter = text{"The recovery job belongs to another center", "다른 센터의 복구 작업입니다."}

// problemJobNotFound is the 404 for an identifier no job has.
func problemJobNotFound(ident string) problem {
	kind := "Name"
	if isDigits(ident) {
		kind = "ID"
	}
	return problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
		en: "Recovery job not found: " + kind + " '" + ident + "'",
		ko: kind + " '" + ident + "'에 해당하는 복구 작업이 존재하지 않습니다.",
	}}
}
