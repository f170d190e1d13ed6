package zdmtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

var systemKeys = []string{"serverType", "jobName", "status", "mode", "partition", "drive", "detail", "center", "page", "limit"}

// systemQuery is the filters of server monitoring.
type systemQuery struct {
	serverType, jobName, status, mode, center string
	parts, drives                             []string
	detail                                    bool
	page                                      pageReq
}

// handleSystem answers GET {api}/recoveries/monitoring/system/:identifier
// (a server ID or name). Every job reached counts as a poll.
func (s *Server) handleSystem(r *http.Request, args []string, now time.Time) reply {
	segment := args[0]
	id, ok := ident(segment)
	if !ok {
		return expressNotFound(r)
	}
	qr := s.newQuery(r.URL.Query(), systemKeys, "detail")
	q := systemQuery{
		serverType: qr.enum("serverType", "source", "target"), jobName: qr.str("jobName"),
		status: qr.statusFilter(), mode: qr.enum("mode", "full", "increment"), center: qr.str("center"),
		detail: qr.boolean("detail"), page: qr.paging(),
	}
	q.parts, q.drives = qr.partitionFilter()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv := s.serverInLocked("", id)
	if s.cfg.dialect == DialectV3 && q.center != "" {
		sv = s.serverInLocked(q.center, id)
	}
	name, known := id, sv != nil
	if known {
		name = sv.spec.Name
	}
	if s.cfg.dialect == DialectV3 {
		if !known {
			kind := "Name"
			if isDigits(id) {
				kind = "ID"
			}
			return s.errorReply(problem{status: http.StatusNotFound, code: "SERVER-ERROR-01", msg: text{en: "Server with " + kind + " '" + id + "' not found"}}, now)
		}
		return s.systemV3(name, q, now)
	}
	return s.systemClassic(name, q, now)
}

// jobsOfLocked are the jobs where server plays the side asked for
// (both when side is ""), within the centers, named jobName if given.
func (s *Server) jobsOfLocked(server string, q systemQuery) []*Job {
	var out []*Job
	for _, j := range s.recoveries.sorted(true) {
		src := j.spec.Source.Name == server && q.serverType != "target"
		tgt := j.spec.Target.Name == server && q.serverType != "source"
		if (src || tgt) && (q.jobName == "" || q.jobName == j.name) && s.matchesCenter(q.center, j.spec.Center) {
			out = append(out, j)
		}
	}
	return out
}

// rowsOf are the indexes of j's rows passing the row filters.
func (q systemQuery) rowsOf(j *Job) []int {
	f := recoveryFilter{mode: q.mode, parts: q.parts, drives: q.drives}
	var out []int
	for i, r := range j.rows {
		if f.matchesRow(&r.spec) {
			out = append(out, i)
		}
	}
	return out
}

// systemClassic is the draft API's and 1.x/2.x's answer: the server's latest
// job only, 404 when there is none; summary buckets count rows (and
// Canceling/Canceled fall in none, as on those servers); pagination,
// inside data, cuts details[].
func (s *Server) systemClassic(server string, q systemQuery, now time.Time) reply {
	jobs := s.jobsOfLocked(server, q)
	if len(jobs) == 0 {
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-02", msg: text{
			en: "No recovery job is registered on server '" + server + "'",
			ko: "서버 '" + server + "'에 등록된 Recovery 작업을 찾을 수 없습니다.",
		}}, now)
	}
	slices.SortStableFunc(jobs, func(a, b *Job) int { return b.run.updated.Compare(a.run.updated) })
	j := jobs[0]
	states := j.poll(now)
	if !s.cfg.statusMatches(j.overall(states).phase, q.status) {
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-02", msg: msgFiltered}, now)
	}
	rows := q.rowsOf(j)
	if len(rows) == 0 {
		filter := q.mode
		if len(q.parts)+len(q.drives) > 0 {
			filter = append(q.parts, q.drives...)[0]
		}
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-02", msg: text{
			en: "No recovery job on server '" + server + "' matches '" + filter + "'",
			ko: "서버 '" + server + "'에 파티션 '" + filter + "'에 해당하는 Recovery 작업을 찾을 수 없습니다.",
		}}, now)
	}
	sum := summary{}
	pct, withPct := 0, 0
	details := make([]obj, 0, len(rows))
	for _, i := range rows {
		st := states[i]
		sum.add(st.phase, false)
		if st.phase != PhasePending && !(st.phase == PhaseScheduled && st.start.IsZero()) {
			pct += shownPercent(st)
			withPct++
		}
		details = append(details, s.classicRow(&j.rows[i].spec, st, q.detail, now))
	}
	lo, hi, meta := q.page.window(len(details))
	data := obj{
		{"system", obj{{"source", obj{{"name", j.spec.Source.Name}}}, {"target", obj{{"name", j.spec.Target.Name}}}}},
		{"summary", sum.render(false, overall(pct, withPct))},
		{"job", obj{{"info", obj{{"name", j.name}}}, {"log", logLines(j.log)}, {"details", details[lo:hi]}}},
	}
	if meta != nil {
		data = append(data, field{"pagination", meta})
	}
	return s.success(http.StatusOK, data, text{en: "Server recovery monitoring info"}, now)
}

// systemV3 is the 3.0.0 answer: every job of the server with its role,
// jobs without a matching row dropped, summary buckets counting jobs,
// pagination (inside data) cutting job[].
func (s *Server) systemV3(server string, q systemQuery, now time.Time) reply {
	type entry struct {
		j      *Job
		states []rowState
		rows   []int
		agg    rowState
	}
	var entries []entry
	for _, j := range s.jobsOfLocked(server, q) {
		states := j.poll(now)
		rows := q.rowsOf(j)
		agg := j.overall(states)
		if len(rows) == 0 && len(j.rows) > 0 || !s.cfg.statusMatches(agg.phase, q.status) {
			continue
		}
		entries = append(entries, entry{j, states, rows, agg})
	}
	// Jobs with progress first, then the most recently updated, then the
	// most recently registered.
	slices.SortStableFunc(entries, func(a, b entry) int {
		ap, bp := !a.agg.start.IsZero(), !b.agg.start.IsZero()
		if ap != bp {
			if ap {
				return -1
			}
			return 1
		}
		if c := b.j.run.updated.Compare(a.j.run.updated); c != 0 {
			return c
		}
		return b.j.id - a.j.id
	})
	sum := summary{}
	pct, withPct := 0, 0
	jobs := make([]obj, 0, len(entries))
	for _, e := range entries {
		sum.add(e.agg.phase, true)
		if !e.agg.start.IsZero() || e.agg.phase == PhaseCompleted {
			pct += shownPercent(e.agg)
			withPct++
		}
		job := s.v3Job(e.j, e.states, e.rows, q.detail, now)
		job = slices.DeleteFunc(job, func(f field) bool { return f.key == "log" }) // never here
		info := job[0].value.(obj)
		role := "target"
		if e.j.spec.Target.Name != server {
			role = "source"
		}
		job[0].value = append(info, field{"role", role})
		jobs = append(jobs, job)
	}
	lo, hi, meta := q.page.window(len(jobs))
	data := obj{
		{"server", obj{{"name", server}}},
		{"summary", sum.render(true, overall(pct, withPct))},
		{"job", jobs[lo:hi]},
	}
	if meta != nil {
		data = append(data, field{"pagination", meta})
	}
	return s.success(http.StatusOK, data, text{en: "Recovery information retrieved"}, now)
}

// shownPercent is the percent a state shows, 100 for finished copies.
func shownPercent(st rowState) int {
	if st.phase == PhaseRebooting || st.phase == PhaseCompleted || st.phase == PhaseScheduled && !st.start.IsZero() {
		return 100
	}
	return st.percent
}

// overall is the mean percent, "-" over nothing.
func overall(sum, n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(sum/n) + "%"
}

// summary counts phases into the monitoring buckets.
type summary struct{ total, completed, inProgress, failed, canceled, pending int }

// add counts p; withCanceled (3.0.0) has a canceled bucket, older
// servers count Canceling and Canceled in no bucket.
func (sm *summary) add(p Phase, withCanceled bool) {
	sm.total++
	switch p {
	case PhaseCompleted:
		sm.completed++
	case PhasePreparing, PhaseRunning, PhaseRebooting:
		sm.inProgress++
	case PhaseFailed:
		sm.failed++
	case PhaseScheduled, PhasePending:
		sm.pending++
	case PhaseCanceling, PhaseCanceled:
		if withCanceled {
			sm.canceled++
		}
	}
}

func (sm *summary) render(withCanceled bool, progress string) obj {
	o := obj{{"total", sm.total}, {"completed", sm.completed}, {"inProgress", sm.inProgress}, {"failed", sm.failed}}
	if withCanceled {
		o = append(o, field{"canceled", sm.canceled})
	}
	return append(o, field{"pending", sm.pending}, field{"overallProgress", progress})
}
