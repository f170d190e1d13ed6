package zdmtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Backup monitoring keeps the old per-job shape in every generation:
// GET {api}/backups/monitoring/job/:id answers data.system.name and
// data.job{info{name, partition|drive}, progressInfo, log};
// GET {api}/backups/monitoring/system/:server every job of a server.
// Each answer is a poll of the jobs it shows: their runs move one step.

// backupMonitorQuery is a backup monitoring request's filters.
type backupMonitorQuery struct {
	mode, status, jobName, server, center string
	parts                                 []string
	repoType, repoPath                    string
	detail                                bool
	page                                  pageReq
}

// readBackupMonitor reads the filters; 3.0.0 refuses status and sort on
// the job route and sort on the server route.
func (s *Server) readBackupMonitor(r *http.Request, system bool) (backupMonitorQuery, []famErr) {
	keys := []string{"mode", "partition", "drive", "server", "repositoryType", "repositoryPath", "jobName", "page", "limit", "detail", "center"}
	if system {
		keys = append(keys, "status")
	}
	qr := s.newQuery(r.URL.Query(), keys, "detail")
	q := backupMonitorQuery{mode: qr.enum("mode", "full", "increment", "smart"), jobName: qr.str("jobName"),
		server: qr.str("server"), center: qr.str("center"), repoType: qr.enum("repositoryType", "smb", "nfs"),
		repoPath: qr.str("repositoryPath"), detail: qr.boolean("detail"), page: qr.paging()}
	if s.cfg.dialect != DialectV3 || system {
		q.status = qr.statusFilter()
	}
	if s.cfg.dialect != DialectV3 {
		qr.sortDesc()
	}
	parts, drives := qr.partitionFilter()
	q.parts = append(parts, drives...)
	return q, qr.errs
}

// matches applies the filters to a job showing phase p. Guarded by
// srv.mu.
func (s *Server) backupMonitorMatches(q backupMonitorQuery, j *Job, p Phase) bool {
	repo := s.repoLocked(j.backup.repo)
	switch {
	case q.mode != "" && q.mode != j.backup.mode,
		len(q.parts) > 0 && !slices.Contains(q.parts, j.partOf()),
		q.jobName != "" && q.jobName != j.name,
		!s.cfg.statusMatches(p, q.status),
		q.repoType != "" && (repo == nil || string(repo.spec.Type) != q.repoType),
		q.repoPath != "" && (repo == nil || q.repoPath != repo.spec.LocalPath && q.repoPath != repo.spec.RemotePath):
		return false
	}
	return true
}

// backupJobShape is one job of a backup monitoring answer.
func (s *Server) backupJobShape(j *Job, states []rowState, withLog bool, now time.Time) obj {
	st := states[0]
	agg := j.overall(states)
	if j.run.idle {
		st = agg
	}
	st.phase = agg.phase
	key := "partition"
	if isDrive(j.partOf()) {
		key = "drive"
	}
	end := st.end
	if st.phase == PhaseRebooting {
		end = time.Time{}
	}
	o := obj{
		{"info", obj{{"name", j.name}, {key, j.partOf()}}},
		{"progressInfo", obj{
			{"status", s.cfg.spell(st.phase)}, {"percent", s.cfg.percent(st)}, {"message", s.cfg.describe(st, "Backup")},
			{"start", s.cfg.formatTime(st.start)}, {"elapsed", elapsed(st.start, end, now)}, {"end", s.cfg.formatTime(end)},
		}},
	}
	lines := []string{}
	if withLog {
		lines = logLines(j.log)
	}
	return append(o, field{"log", lines})
}

// handleBackupMonitor answers GET {api}/backups/monitoring/job/:id.
func (s *Server) handleBackupMonitor(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	q, errs := s.readBackupMonitor(r, false)
	if errs != nil {
		return s.errorReply(s.queryProblem(errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	notFound := func() reply {
		en, ko := identKind(id)
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
			en: "Backup job with " + en + " '" + id + "' not found.", ko: ko + " '" + id + "'인 조건에 맞는 Backup 작업을 찾을 수 없습니다."}}, now)
	}
	j := s.lookup(&s.backups, id, q.center)
	if j == nil || !s.matchesCenter(q.center, j.spec.Center) {
		return notFound()
	}
	if q.server != "" && s.cfg.dialect != DialectDraft {
		if sv := s.serverInLocked(j.spec.Center, q.server); sv == nil || sv.spec.Name != j.spec.Source.Name {
			return notFound()
		}
	}
	states := j.poll(now)
	if !s.backupMonitorMatches(q, j, j.overall(states).phase) {
		return notFound()
	}
	withLog := q.detail || s.cfg.dialect != DialectV3
	return s.success(http.StatusOK, obj{{"system", obj{{"name", j.spec.Source.Name}}},
		{"job", s.backupJobShape(j, states, withLog, now)}}, text{en: "Backup monitoring info"}, now)
}

// handleBackupSystem answers GET {api}/backups/monitoring/system/:server:
// 1.x/2.x show one job per partition (the latest registered) and 404
// when there is none; 3.0.0 shows every job, an empty list when there is
// none, and 404 only for a server it does not know.
func (s *Server) handleBackupSystem(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	q, errs := s.readBackupMonitor(r, true)
	if errs != nil {
		return s.errorReply(s.queryProblem(errs), now)
	}
	v3 := s.cfg.dialect == DialectV3
	s.mu.Lock()
	defer s.mu.Unlock()
	center := ""
	if v3 {
		center = q.center
	}
	sv := s.serverInLocked(center, id)
	name := id
	if sv != nil {
		name = sv.spec.Name
	}
	none := problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
		en: "No backup job is registered on server '" + name + "'", ko: "서버 '" + name + "'에 등록된 Backup 작업을 찾을 수 없습니다."}}
	if sv == nil {
		if v3 {
			return s.errorReply(s.serverNotFound(id), now)
		}
		return s.errorReply(none, now)
	}
	var jobs []*Job
	seen := map[string]bool{}
	for _, j := range s.backups.sorted(true) {
		if j.spec.Source.Name != sv.spec.Name || j.spec.Center != sv.spec.Center || !s.matchesCenter(q.center, j.spec.Center) {
			continue
		}
		if !v3 && seen[j.partOf()] {
			continue // one job per partition before 3.0.0
		}
		seen[j.partOf()] = true
		jobs = append(jobs, j)
	}
	if len(jobs) == 0 && !v3 {
		return s.errorReply(none, now)
	}
	sum := summary{}
	pct, withPct := 0, 0
	shown := make([]obj, 0, len(jobs))
	for _, j := range jobs {
		states := j.poll(now)
		agg := j.overall(states)
		if !s.backupMonitorMatches(q, j, agg.phase) {
			continue
		}
		sum.add(agg.phase, v3)
		if !agg.start.IsZero() {
			pct += shownPercent(agg)
			withPct++
		}
		shown = append(shown, s.backupJobShape(j, states, q.detail || !v3, now))
	}
	if len(shown) == 0 && !v3 {
		filter := q.mode
		if len(q.parts) > 0 {
			filter = q.parts[0]
		}
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
			en: "No backup job on server '" + name + "' matches '" + filter + "'",
			ko: "서버 '" + name + "'에 파티션 '" + filter + "'에 해당하는 Backup 작업을 찾을 수 없습니다."}}, now)
	}
	lo, hi, meta := q.page.window(len(shown))
	data := obj{{"system", obj{{"name", name}}}, {"summary", sum.render(v3, overall(pct, withPct))}, {"job", shown[lo:hi]}}
	if meta != nil {
		data = append(data, field{"pagination", meta})
	}
	return s.success(http.StatusOK, data, text{en: "Server backup monitoring info"}, now)
}

// The backup histories: GET {api}/backups/histories and
// /backups/histories/:id (1.1.0 and later).

var backupHistoryKeys = []string{"jobId", "jobName", "server", "partition", "drive", "result", "center", "page", "limit", "sort"}

type backupHistoryFilter struct {
	jobID, jobName, server, result, center string
	parts                                  []string
}

func (qr *queryReader) backupHistoryFilter() backupHistoryFilter {
	f := backupHistoryFilter{jobID: qr.str("jobId"), jobName: qr.str("jobName"), server: qr.str("server"), center: qr.str("center")}
	if v := qr.str("result"); v != "" {
		if r := qr.enum("result", "success", "failed"); r != "" {
			f.result = r
		} else if qr.s.cfg.dialect != DialectV3 {
			qr.errs[len(qr.errs)-1].en = "Invalid enum value. Expected 'success' | 'failed', received '" + v + "'"
			qr.errs[len(qr.errs)-1].ko = ""
		}
	}
	parts, drives := qr.partitionFilter()
	f.parts = append(parts, drives...)
	return f
}

func (s *Server) backupHistoryMatches(f backupHistoryFilter, h *History) bool {
	switch {
	case f.jobID != "" && f.jobID != strconv.Itoa(h.JobID),
		f.jobName != "" && f.jobName != h.JobName,
		f.server != "" && f.server != h.Source,
		f.result == "success" && h.Result != HistoryComplete,
		f.result == "failed" && h.Result != HistoryFail,
		len(f.parts) > 0 && !slices.Contains(f.parts, normalizePartition(h.Drive)),
		!s.matchesCenter(f.center, h.Center):
		return false
	}
	return true
}

func (s *Server) backupHistoryItem(h *History) obj {
	return obj{
		{"id", h.ID},
		{"system", obj{{"name", h.Source}}},
		{"job", obj{{"name", h.JobName}, {"id", h.JobID}, {"backupType", h.BackupType}, {"drive", h.Drive}, {"repositoryPath", h.RepositoryPath}}},
		{"result", obj{{"status", h.Result}, {"description", h.Description}}},
		{"time", obj{{"start", s.cfg.dataTime(h.Start)}, {"end", s.cfg.dataTime(h.End)}, {"elapsed", elapsed(h.Start, h.End, h.End)}}},
	}
}

// backupHistoriesLocked are the rows passing f, by ID.
func (s *Server) backupHistoriesLocked(f backupHistoryFilter, desc bool) []obj {
	var rows []*History
	for _, h := range s.backupRuns {
		if s.backupHistoryMatches(f, h) {
			rows = append(rows, h)
		}
	}
	sortByID(rows, desc, func(h *History) int { return h.ID })
	out := make([]obj, 0, len(rows))
	for _, h := range rows {
		out = append(out, s.backupHistoryItem(h))
	}
	return out
}

// handleBackupHistories answers GET {api}/backups/histories.
func (s *Server) handleBackupHistories(r *http.Request, _ []string, now time.Time) reply {
	qr := s.newQuery(r.URL.Query(), backupHistoryKeys, "")
	f := qr.backupHistoryFilter()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	items := s.backupHistoriesLocked(f, desc)
	lo, hi, meta := pg.window(len(items))
	return s.list(items[lo:hi], meta, text{en: "Backup history list"}, now)
}

// handleBackupHistory answers GET {api}/backups/histories/:id. On
// 1.x/2.x a number is a backup job's ID (its latest row, filters
// ignored) and a name its rows; on 3.0.0 a number is a history row's ID
// (filters and the center applied), and page or limit paginate a name's
// rows.
func (s *Server) handleBackupHistory(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	v3 := s.cfg.dialect == DialectV3
	qr := s.newQuery(r.URL.Query(), backupHistoryKeys, "")
	f := qr.backupHistoryFilter()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	notFound := func(kind string) reply {
		if v3 {
			return s.errorReply(problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{en: "Backup history not found (" + kind + ": " + id + ")"}}, now)
		}
		return s.errorReply(problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{en: "Backup history not found for " + kind + " '" + id + "'"}}, now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	msgOne := text{en: "Backup history retrieved"}
	if isDigits(id) {
		var found *History
		for _, h := range s.backupRuns {
			switch {
			case v3 && strconv.Itoa(h.ID) == id:
				found = h
			case !v3 && strconv.Itoa(h.JobID) == id && (found == nil || !h.End.Before(found.End)):
				found = h
			}
		}
		if found == nil {
			return notFound("ID")
		}
		if v3 && !s.matchesCenter(f.center, found.Center) {
			return s.errorReply(problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{
				en: "Backup history ID '" + id + "' does not belong to Center '" + f.center + "'"}}, now)
		}
		if v3 && !s.backupHistoryMatches(f, found) {
			return notFound("ID")
		}
		return s.success(http.StatusOK, s.backupHistoryItem(found), msgOne, now)
	}
	f.jobName = id
	if !v3 {
		f = backupHistoryFilter{jobName: id}
	}
	items := s.backupHistoriesLocked(f, desc)
	if len(items) == 0 {
		return notFound("JobName")
	}
	if !v3 {
		return s.list(items, nil, text{en: "Backup history list"}, now)
	}
	lo, hi, meta := pg.window(len(items))
	return s.list(items[lo:hi], meta, msgOne, now)
}
