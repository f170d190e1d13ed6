package zdmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// recoveryFilter is the filters of GET {api}/recoveries and
// GET {api}/recoveries/:identifier.
type recoveryFilter struct {
	jobID, jobName, server, serverType string
	mode, status, center               string
	parts, drives                      []string
	repoID, repoType, repoPath         string
	platform, backupName               string
	detail                             bool
}

// The query keys 3.0.0 accepts on the list and get routes.
var (
	getKeys  = []string{"server", "serverType", "mode", "partition", "drive", "status", "repositoryID", "repositoryType", "repositoryPath", "platform", "backupName", "detail", "center"}
	listKeys = append([]string{"jobId", "jobName", "page", "limit", "sort"}, getKeys...)
)

// readRecoveryFilter reads the filters common to list and get.
func (qr *queryReader) readRecoveryFilter() recoveryFilter {
	f := recoveryFilter{
		jobID: qr.str("jobId"), jobName: qr.str("jobName"), server: qr.str("server"),
		serverType: qr.enum("serverType", "source", "target"),
		mode:       qr.enum("mode", "full", "increment"),
		status:     qr.statusFilter(),
		center:     qr.str("center"),
		repoID:     qr.str("repositoryID"), repoPath: qr.str("repositoryPath"),
		repoType:   qr.enum("repositoryType", "smb", "nfs"),
		platform:   qr.enum("platform", platforms...),
		backupName: qr.str("backupName"),
		detail:     qr.boolean("detail"),
	}
	f.parts, f.drives = qr.partitionFilter()
	if f.jobID != "" && !isDigits(f.jobID) {
		qr.fail("jobId", "jobId must be a number", "'jobId' 값은 숫자여야 합니다.")
	}
	return f
}

// matches reports whether job j (showing job-level phase p) passes the
// filters: job-level ones, and row-level ones on at least one row (the
// rows are not trimmed). Guarded by srv.mu.
func (s *Server) matches(f recoveryFilter, j *Job, p Phase) bool {
	switch {
	case f.jobID != "" && f.jobID != strconv.Itoa(j.id),
		f.jobName != "" && f.jobName != j.name,
		!s.matchesCenter(f.center, j.spec.Center),
		!s.cfg.statusMatches(p, f.status),
		f.platform != "" && !strings.EqualFold(f.platform, j.attrs.platform):
		return false
	}
	if f.server != "" {
		name, ok := f.server, true
		if isDigits(f.server) {
			sv := s.serverInLocked(j.spec.Center, f.server)
			name, ok = "", sv != nil
			if ok {
				name = sv.spec.Name
			}
		}
		src := ok && j.spec.Source.Name == name && f.serverType != "target"
		tgt := ok && j.spec.Target.Name == name && f.serverType != "source"
		if !src && !tgt {
			return false
		}
	}
	if !f.rowFilters() {
		return true
	}
	return slices.ContainsFunc(j.rows, func(r *row) bool { return f.matchesRow(&r.spec) })
}

// rowFilters reports whether a row-level filter is set.
func (f recoveryFilter) rowFilters() bool {
	return f.mode != "" || len(f.parts)+len(f.drives) > 0 || f.repoID != "" || f.repoType != "" ||
		f.repoPath != "" || f.backupName != ""
}

// matchesRow applies the row-level filters to one row. 3.0.0 treats
// partition and drive as one filter.
func (f recoveryFilter) matchesRow(p *PartitionSpec) bool {
	wanted := append(slices.Clone(f.parts), f.drives...)
	name := normalizePartition(p.name())
	switch {
	case f.mode != "" && string(p.Mode) != f.mode,
		len(wanted) > 0 && !slices.Contains(wanted, name),
		f.repoID != "" && f.repoID != strconv.Itoa(p.Repository.ID),
		f.repoType != "" && !strings.EqualFold(f.repoType, p.Repository.Type),
		f.repoPath != "" && f.repoPath != p.Repository.Path,
		f.backupName != "" && f.backupName != p.BackupJob:
		return false
	}
	return true
}

// handleList answers GET {api}/recoveries.
func (s *Server) handleList(r *http.Request, _ []string, now time.Time) reply {
	qr := s.newQuery(r.URL.Query(), listKeys, "")
	f := qr.readRecoveryFilter()
	pg := qr.paging()
	desc := qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobsPage(&s.recoveries, desc, pg, func(j *Job, p Phase) bool { return s.matches(f, j, p) },
		func(j *Job, states []rowState) obj { return s.recoveryItem(j, states, f.detail, now) }, text{en: "Recovery job list"}, now)
}

// jobsPage is the list answer of a family's jobs (by ID) that keep
// shows as matching: filtered first, only the page rendered, so that a
// list of many jobs costs one page of rendering per request. Guarded by
// s.mu.
func (s *Server) jobsPage(t *jobTable, desc bool, pg pageReq, keep func(*Job, Phase) bool, item func(*Job, []rowState) obj, msg text, now time.Time) reply {
	type match struct {
		j      *Job
		states []rowState
	}
	var matched []match
	for _, j := range t.sorted(desc) {
		states := j.peek(now)
		if keep(j, j.overall(states).phase) {
			matched = append(matched, match{j, states})
		}
	}
	return listPage(s, matched, pg, func(m match) obj { return item(m.j, m.states) }, msg, now)
}

// handleGet answers GET {api}/recoveries/:identifier.
func (s *Server) handleGet(r *http.Request, args []string, now time.Time) reply {
	segment := args[0]
	id, ok := ident(segment)
	if !ok {
		return s.errorReply(s.recoveryNotFound(segment, false), now)
	}
	qr := s.newQuery(r.URL.Query(), getKeys, "")
	var f recoveryFilter
	if s.cfg.dialect == DialectDraft {
		f.detail = qr.boolean("detail") // the draft's only query
	} else {
		f = qr.readRecoveryFilter()
	}
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	// The center picks among the jobs of a name that centers share (the
	// draft, whose get reads detail only, uses it for that alone).
	pick := f.center
	if s.cfg.dialect == DialectDraft {
		pick = r.URL.Query().Get("center")
	}
	j := s.lookup(&s.recoveries, id, pick)
	if j == nil || !s.matchesCenter(f.center, j.spec.Center) {
		s.mu.Unlock()
		return s.errorReply(s.recoveryNotFound(id, false), now)
	}
	states := j.peek(now)
	var data obj
	if s.matches(f, j, j.overall(states).phase) {
		data = s.recoveryItem(j, states, f.detail, now)
	}
	s.mu.Unlock()
	if data == nil {
		return s.errorReply(problemFilterMismatch(id), now)
	}
	return s.success(http.StatusOK, data, text{en: "Recovery job retrieved"}, now)
}

// recoveryNotFound is the 404 for a job identifier: on update and delete
// (write) 1.x/2.x say "Recovery를" and 3.0.0's delete "Job info not
// found".
func (s *Server) recoveryNotFound(id string, write bool) problem {
	kind, koKind := "Name", "Name이"
	if isDigits(id) {
		kind, koKind = "ID", "ID가"
	}
	ko := koKind + " '" + id + "'인 Recovery 작업을 찾을 수 없습니다"
	if write {
		ko = koKind + " '" + id + "'인 Recovery를 찾을 수 없습니다"
	}
	code := "JOB-ERROR-01"
	if s.cfg.dialect == DialectDraft {
		code = "RECOVERY_NOT_FOUND"
	}
	return problem{status: http.StatusNotFound, code: code, msg: text{en: "Recovery job with " + kind + " '" + id + "' not found", ko: ko}}
}

// problemFilterMismatch is the 404 for a job the get filters remove.
func problemFilterMismatch(id string) problem {
	kind, koKind := "Name", "Name이"
	if isDigits(id) {
		kind, koKind = "ID", "ID가"
	}
	return problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
		en: "Recovery job with " + kind + " '" + id + "' exists, but no results match the specified filter conditions.",
		ko: koKind + " '" + id + "'인 Recovery 작업은 존재하지만, 지정된 필터 조건과 일치하는 결과가 없습니다.",
	}}
}

// recoveryItem is one job as list and get show it. Guarded by srv.mu.
func (s *Server) recoveryItem(j *Job, states []rowState, detail bool, now time.Time) obj {
	agg := j.overall(states)
	info := obj{{"id", strconv.Itoa(j.id)}, {"name", j.name}}
	if sc := j.attrs.sched; sc != nil {
		info = append(info, field{"schedule", obj{{"basic", sc.listShape()}}})
	}
	end := agg.end
	if !agg.phase.finished() {
		end = time.Time{}
	}
	info = append(info,
		field{"status", obj{
			{"current", s.cfg.spell(agg.phase)},
			{"time", obj{{"start", s.cfg.dataTime(agg.start)}, {"elapsed", elapsed(agg.start, end, now)}, {"end", s.cfg.dataTime(end)}}},
		}},
		field{"lastUpdated", s.cfg.dataTime(j.run.updated)},
	)
	if detail {
		a := j.attrs
		info = append(info,
			field{"platform", orDash(a.platform)},
			field{"kernal", "-"},
			field{"networkSpeed", strconv.Itoa(a.networkLimit)},
			field{"script", obj{{"path", a.scriptPath}, {"run", a.scriptRun}}},
			field{"afterReboot", a.afterReboot},
			field{"notification", obj{{"mail", a.mailEvent}}},
		)
	}
	rows := make([]obj, 0, len(j.rows))
	for _, r := range j.rows {
		rows = append(rows, s.mappingRow(j, &r.spec, detail))
	}
	return obj{
		{"system", obj{{"source", s.machineInfo(j.spec.Center, j.spec.Source, detail)}, {"target", s.machineInfo(j.spec.Center, j.spec.Target, detail)}}},
		{"job", obj{{"info", info}, {"detail", rows}}},
	}
}

// machineInfo is a server as list and get show it (id as a string).
func (s *Server) machineInfo(center string, m Machine, detail bool) obj {
	id := "-"
	if sv := s.serverNamedLocked(center, m.Name); sv != nil {
		id = strconv.Itoa(sv.spec.ID)
	}
	o := obj{{"id", id}, {"name", m.Name}, {"os", orDash(m.OS)}}
	if detail {
		o = append(o,
			field{"agent", orDash(m.Agent)},
			field{"ip", obj{{"public", orDash(m.PublicIP)}, {"private", append([]string{}, m.PrivateIPs...)}}},
			field{"license", "100"},
		)
	}
	return o
}

// mappingRow is one of job.detail: the draft's partition|drive/device
// row, or the released from/to/targetDevice row.
func (s *Server) mappingRow(j *Job, p *PartitionSpec, detail bool) obj {
	var o obj
	latest := "use"
	if s.cfg.dialect == DialectDraft {
		latest = "true"
		if p.Partition != "" {
			o = obj{{"partition", p.Partition}}
		} else {
			o = obj{{"drive", p.Drive}}
		}
		o = append(o, field{"device", orDash(p.Device)})
	} else {
		o = obj{{"from", p.name()}, {"to", p.target()}, {"targetDevice", orDash(p.Device)}}
	}
	o = append(o,
		field{"mode", string(p.Mode)},
		field{"backup", obj{{"jobName", orDash(p.BackupJob)}, {"fileName", orDash(p.BackupFile)}, {"latest", latest}}},
		field{"repository", obj{{"id", repositoryID(p.Repository.ID)}, {"path", orDash(p.Repository.Path)}, {"type", orDash(p.Repository.Type)}}},
		field{"lastUpdated", s.cfg.dataTime(j.run.updated)},
	)
	if detail {
		ow := "Not overwritten"
		switch {
		case s.cfg.dialect == DialectDraft && p.Overwrite:
			ow = "allow"
		case s.cfg.dialect == DialectDraft:
			ow = "not allow"
		case p.Overwrite:
			ow = "Overwritten"
		}
		opt := obj{{"overwrite", ow}}
		if p.Partition != "" {
			opt = append(opt, field{"fileSystem", or(p.FileSystem, "ext4")})
		}
		o = append(o, field{"option", opt})
	}
	return o
}

// or is s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
