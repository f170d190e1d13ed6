package zdmtest

import (
	"net/http"
	"slices"
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
