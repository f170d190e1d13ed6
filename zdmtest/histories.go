package zdmtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// History is one finished run of a recovery job, as GET
// {api}/recoveries/histories answers it, or of a backup job (GET
// {api}/backups/histories). A run that completes writes
// HistoryComplete; one that fails, or is canceled (the servers have no
// third result), writes HistoryFail. Deleting the job deletes its rows.
// A backup run fills Source (its server), Drive, BackupType and
// RepositoryPath instead of Target and RecoverDrive. Its JSON form
// (zdm-fake's control API) uses the names in the tags.
type History struct {
	// ID is the history row ID.
	ID int `json:"id"`
	// JobID is the job's ID.
	JobID int `json:"jobId"`
	// JobName is the job's name at the time of the run.
	JobName string `json:"jobName"`
	// Source is the source server (system.name).
	Source string `json:"source"`
	// Target is the target server (job.recoverySystemName).
	Target string `json:"target"`
	// Center is the job's center, "" when it has none.
	Center string `json:"center,omitempty"`
	// RecoverDrive are the target partitions or drives of the run.
	RecoverDrive []string `json:"recoverDrive"`
	// Drive is a backup run's partition or drive ("/", "C:").
	Drive string `json:"drive,omitempty"`
	// BackupType is a backup run's type ("Full Backup", "Increment
	// Backup").
	BackupType string `json:"backupType,omitempty"`
	// RepositoryPath is where a backup run wrote its image.
	RepositoryPath string `json:"repositoryPath,omitempty"`
	// Result is HistoryComplete or HistoryFail.
	Result string `json:"result"`
	// Description is the result's text ("Recovery canceled by user").
	Description string `json:"description"`
	// Start and End bound the run, on the server's clock.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// The results of a History.
const (
	HistoryComplete = "COMPLETE"
	HistoryFail     = "FAIL"
)

func (h *History) clone() History {
	c := *h
	c.RecoverDrive = slices.Clone(h.RecoverDrive)
	return c
}

// AddHistory adds a history row to the server, as if a run had ended:
// for histories older than the test. ID 0 takes the next free one; Result
// "" is HistoryComplete. It returns the row as stored.
func (s *Server) AddHistory(h History) History {
	h.RecoverDrive = slices.Clone(h.RecoverDrive)
	if h.Result == "" {
		h.Result = HistoryComplete
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addHistoryLocked(&h)
	return h.clone()
}

func (s *Server) addHistoryLocked(h *History) {
	if h.ID == 0 {
		h.ID = s.historySeq + 1
	}
	s.historySeq = max(s.historySeq, h.ID)
	s.histories = append(s.histories, h)
}

// Histories returns copies of every history row, oldest first (runs
// that have ended by now included, polled or not).
func (s *Server) Histories() []History {
	return s.copyHistories(func() []*History { return s.histories })
}

// copyHistories copies the rows pick returns (under s.mu), once every
// run that has ended is recorded.
func (s *Server) copyHistories(pick func() []*History) []History {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	rows := pick()
	out := make([]History, 0, len(rows))
	for _, h := range rows {
		out = append(out, h.clone())
	}
	return out
}

// historyList is the history rows of the job's family. Guarded by
// srv.mu.
func (j *Job) historyList() []*History {
	if j.backup != nil {
		return j.srv.backupRuns
	}
	return j.srv.histories
}

// settleAllLocked lets every job record a run seen finished, so that
// history answers are current.
func (s *Server) settleAllLocked(now time.Time) {
	for _, t := range []*jobTable{&s.recoveries, &s.backups} {
		for _, j := range t.sorted(false) {
			j.peek(now)
		}
	}
}

// The history routes of both families: GET {api}/recoveries/histories
// and GET {api}/backups/histories (1.1.0 and later), and their /:id
// forms. Their rows are one type; what a family has of its own is in a
// historyFamily.

// historyFamily is what the history routes of a family have of their
// own.
type historyFamily struct {
	// backup: the backup family's rows (runs that wrote a partition or
	// drive of their server, the source); else the recovery family's
	// (runs restored onto a target).
	backup bool
	// name is the family's word in messages: "Recovery", "Backup".
	name string
	// keys are the query parameters 3.0.0 accepts.
	keys []string
}

var (
	recoveryHistories = historyFamily{name: "Recovery",
		keys: []string{"jobId", "jobName", "server", "serverType", "partition", "result", "page", "limit", "sort", "center"}}
	backupHistories = historyFamily{backup: true, name: "Backup",
		keys: []string{"jobId", "jobName", "server", "partition", "drive", "result", "center", "page", "limit", "sort"}}
)

// says is a success message of fam's routes: "Recovery history list".
func (fam historyFamily) says(what string) text { return text{en: fam.name + " history " + what} }

// historyFilter is the filters of a history route.
type historyFilter struct {
	jobID, jobName, server, serverType, result, center string
	parts                                              []string
}

// historyFilter reads fam's filters: a recovery run's server is its
// target (its source with serverType=source) and partition filters its
// target partitions; a backup run's server is its source, and partition
// and drive filter its partition or drive.
func (qr *queryReader) historyFilter(fam historyFamily) historyFilter {
	f := historyFilter{jobID: qr.str("jobId"), jobName: qr.str("jobName"), server: qr.str("server"), center: qr.str("center")}
	if !fam.backup {
		f.serverType = qr.enum("serverType", "source", "target")
	}
	if v := qr.str("result"); v != "" {
		if r := qr.enum("result", "success", "failed"); r != "" {
			f.result = r
		} else if qr.s.cfg.dialect != DialectV3 {
			qr.errs[len(qr.errs)-1].en = "Invalid enum value. Expected 'success' | 'failed', received '" + v + "'"
			qr.errs[len(qr.errs)-1].ko = ""
		}
	}
	parts, drives := qr.partitionFilter()
	f.parts = parts
	if fam.backup {
		f.parts = append(parts, drives...)
	}
	return f
}

// historyMatches reports whether a row of fam passes f.
func (s *Server) historyMatches(fam historyFamily, f historyFilter, h *History) bool {
	side, drives := h.Target, h.RecoverDrive
	switch {
	case fam.backup:
		side, drives = h.Source, []string{h.Drive}
	case f.serverType == "source":
		side = h.Source
	}
	switch {
	case f.jobID != "" && f.jobID != strconv.Itoa(h.JobID),
		f.jobName != "" && f.jobName != h.JobName,
		f.server != "" && f.server != side,
		f.result == "success" && h.Result != HistoryComplete,
		f.result == "failed" && h.Result != HistoryFail,
		len(f.parts) > 0 && !slices.ContainsFunc(drives, func(d string) bool { return slices.Contains(f.parts, normalizePartition(d)) }),
		!s.matchesCenter(f.center, h.Center):
		return false
	}
	return true
}

// historiesLocked are fam's rows passing f, sorted by ID.
func (s *Server) historiesLocked(fam historyFamily, f historyFilter, desc bool) []*History {
	rows := s.histories
	if fam.backup {
		rows = s.backupRuns
	}
	var out []*History
	for _, h := range rows {
		if s.historyMatches(fam, f, h) {
			out = append(out, h)
		}
	}
	sortByID(out, desc, func(h *History) int { return h.ID })
	return out
}

// historyItem is a row of fam as the history routes show it.
func (s *Server) historyItem(fam historyFamily, h *History) obj {
	job := obj{{"name", h.JobName}, {"id", h.JobID}, {"recoverySystemName", h.Target}, {"recoverDrive", append([]string{}, h.RecoverDrive...)}}
	if fam.backup {
		job = obj{{"name", h.JobName}, {"id", h.JobID}, {"backupType", h.BackupType}, {"drive", h.Drive}, {"repositoryPath", h.RepositoryPath}}
	}
	return obj{
		{"id", h.ID},
		{"system", obj{{"name", h.Source}}},
		{"job", job},
		{"result", obj{{"status", h.Result}, {"description", h.Description}}},
		{"time", obj{{"start", s.cfg.dataTime(h.Start)}, {"end", s.cfg.dataTime(h.End)}, {"elapsed", elapsed(h.Start, h.End, h.End)}}},
	}
}

func (s *Server) historyItems(fam historyFamily, hs []*History) []obj {
	out := make([]obj, 0, len(hs))
	for _, h := range hs {
		out = append(out, s.historyItem(fam, h))
	}
	return out
}

// historyQuery reads a history route's query: fam's filters, the page
// and the order; errs are what 3.0.0 refuses.
func (s *Server) historyQuery(r *http.Request, fam historyFamily) (f historyFilter, pg pageReq, desc bool, errs []famErr) {
	qr := s.newQuery(r.URL.Query(), fam.keys, "")
	f = qr.historyFilter(fam)
	pg, desc = qr.paging(), qr.sortDesc()
	return f, pg, desc, qr.errs
}

// historyNotFound is the 404 of fam's history routes for an identifier
// of kind "ID" or "JobName".
func (s *Server) historyNotFound(fam historyFamily, kind, id string) problem {
	if s.cfg.dialect == DialectV3 {
		return problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{en: fam.name + " history not found (" + kind + ": " + id + ")"}}
	}
	return problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{en: fam.name + " history not found for " + kind + " '" + id + "'"}}
}

// handleHistories answers GET {api}/recoveries/histories.
func (s *Server) handleHistories(r *http.Request, _ []string, now time.Time) reply {
	return s.listHistories(r, recoveryHistories, now)
}

// handleBackupHistories answers GET {api}/backups/histories.
func (s *Server) handleBackupHistories(r *http.Request, _ []string, now time.Time) reply {
	return s.listHistories(r, backupHistories, now)
}

// listHistories answers the list route of fam, every run that has ended
// recorded.
func (s *Server) listHistories(r *http.Request, fam historyFamily, now time.Time) reply {
	f, pg, desc, errs := s.historyQuery(r, fam)
	if errs != nil {
		return s.errorReply(s.queryProblem(errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	return listPage(s, s.historiesLocked(fam, f, desc), pg, func(h *History) obj { return s.historyItem(fam, h) },
		fam.says("list"), now)
}

// handleHistory answers GET {api}/recoveries/histories/:identifier: a
// number is a history row ID (one object), a name the job's rows (an
// array; 3.0.0 paginates it when page or limit is sent). 1.x/2.x apply no
// filter to a number and no pagination to a name.
func (s *Server) handleHistory(r *http.Request, args []string, now time.Time) reply {
	fam := recoveryHistories
	segment := args[0]
	id, ok := ident(segment)
	if !ok {
		return expressNotFound(r)
	}
	v3 := s.cfg.dialect == DialectV3
	f, pg, desc, errs := s.historyQuery(r, fam)
	if errs != nil {
		return s.errorReply(s.queryProblem(errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	if isDigits(id) {
		if !v3 {
			f = historyFilter{}
		}
		for _, h := range s.histories {
			if strconv.Itoa(h.ID) == id && s.historyMatches(fam, f, h) {
				return s.success(http.StatusOK, s.historyItem(fam, h), fam.says("retrieved"), now)
			}
		}
		return s.errorReply(s.historyNotFound(fam, "ID", id), now)
	}
	f.jobName = id
	return s.jobHistoriesLocked(fam, f, pg, desc, now)
}

// handleBackupHistory answers GET {api}/backups/histories/:id. On
// 1.x/2.x a number is a backup job's ID (its latest row, filters
// ignored) and a name its rows; on 3.0.0 a number is a history row's ID
// (filters and the center applied), and page or limit paginate a name's
// rows.
func (s *Server) handleBackupHistory(r *http.Request, args []string, now time.Time) reply {
	fam := backupHistories
	id, _ := ident(args[0])
	v3 := s.cfg.dialect == DialectV3
	f, pg, desc, errs := s.historyQuery(r, fam)
	if errs != nil {
		return s.errorReply(s.queryProblem(errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
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
			return s.errorReply(s.historyNotFound(fam, "ID", id), now)
		}
		if v3 && !s.matchesCenter(f.center, found.Center) {
			return s.errorReply(problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{
				en: "Backup history ID '" + id + "' does not belong to Center '" + f.center + "'"}}, now)
		}
		if v3 && !s.historyMatches(fam, f, found) {
			return s.errorReply(s.historyNotFound(fam, "ID", id), now)
		}
		return s.success(http.StatusOK, s.historyItem(fam, found), fam.says("retrieved"), now)
	}
	if !v3 {
		f = historyFilter{}
	}
	f.jobName = id
	return s.jobHistoriesLocked(fam, f, pg, desc, now)
}

// jobHistoriesLocked answers a history route's identifier that names a
// job (f.jobName): its rows passing f, all of them on 1.x/2.x, the page
// asked for on 3.0.0.
func (s *Server) jobHistoriesLocked(fam historyFamily, f historyFilter, pg pageReq, desc bool, now time.Time) reply {
	hs := s.historiesLocked(fam, f, desc)
	if len(hs) == 0 {
		return s.errorReply(s.historyNotFound(fam, "JobName", f.jobName), now)
	}
	if s.cfg.dialect != DialectV3 {
		return s.list(s.historyItems(fam, hs), nil, fam.says("list"), now)
	}
	lo, hi, meta := pg.window(len(hs))
	return s.list(s.historyItems(fam, hs[lo:hi]), meta, fam.says("retrieved"), now)
}
