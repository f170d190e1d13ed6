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

var historyKeys = []string{"jobId", "jobName", "server", "serverType", "partition", "result", "page", "limit", "sort", "center"}

// historyFilter is the filters of the history routes.
type historyFilter struct {
	jobID, jobName, server, serverType, result, center string
	parts                                              []string
}

func (qr *queryReader) readHistoryFilter() historyFilter {
	f := historyFilter{
		jobID: qr.str("jobId"), jobName: qr.str("jobName"), server: qr.str("server"),
		serverType: qr.enum("serverType", "source", "target"), center: qr.str("center"),
	}
	if v := qr.str("result"); v != "" {
		if r := qr.enum("result", "success", "failed"); r != "" {
			f.result = r
		} else if qr.s.cfg.dialect != DialectV3 {
			qr.errs[len(qr.errs)-1].en = "Invalid enum value. Expected 'success' | 'failed', received '" + v + "'"
			qr.errs[len(qr.errs)-1].ko = ""
		}
	}
	f.parts, _ = qr.partitionFilter()
	return f
}

func (s *Server) historyMatches(f historyFilter, h *History) bool {
	side := h.Target
	if f.serverType == "source" {
		side = h.Source
	}
	switch {
	case f.jobID != "" && f.jobID != strconv.Itoa(h.JobID),
		f.jobName != "" && f.jobName != h.JobName,
		f.server != "" && f.server != side,
		f.result == "success" && h.Result != HistoryComplete,
		f.result == "failed" && h.Result != HistoryFail,
		!s.matchesCenter(f.center, h.Center):
		return false
	}
	if len(f.parts) > 0 {
		for _, d := range h.RecoverDrive {
			if slices.Contains(f.parts, normalizePartition(d)) {
				return true
			}
		}
		return false
	}
	return true
}

// historiesLocked are the rows passing f, sorted by ID.
func (s *Server) historiesLocked(f historyFilter, desc bool) []*History {
	var out []*History
	for _, h := range s.histories {
		if s.historyMatches(f, h) {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b *History) int {
		if desc {
			return b.ID - a.ID
		}
		return a.ID - b.ID
	})
	return out
}

// historyItem is one row as the history routes show it.
func (s *Server) historyItem(h *History) obj {
	return obj{
		{"id", h.ID},
		{"system", obj{{"name", h.Source}}},
		{"job", obj{{"name", h.JobName}, {"id", h.JobID}, {"recoverySystemName", h.Target}, {"recoverDrive", append([]string{}, h.RecoverDrive...)}}},
		{"result", obj{{"status", h.Result}, {"description", h.Description}}},
		{"time", obj{{"start", s.cfg.dataTime(h.Start)}, {"end", s.cfg.dataTime(h.End)}, {"elapsed", elapsed(h.Start, h.End, h.End)}}},
	}
}

func (s *Server) historyItems(hs []*History) []obj {
	out := make([]obj, 0, len(hs))
	for _, h := range hs {
		out = append(out, s.historyItem(h))
	}
	return out
}

var (
	msgHistoryList = text{en: "Recovery history list"}
	msgHistoryOne  = text{en: "Recovery history retrieved"}
)

// handleHistories answers GET {api}/recoveries/histories.
func (s *Server) handleHistories(r *http.Request, _ []string, now time.Time) reply {
	qr := s.newQuery(r.URL.Query(), historyKeys, "")
	f := qr.readHistoryFilter()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	s.settleAllLocked(now)
	items := s.historyItems(s.historiesLocked(f, desc))
	s.mu.Unlock()
	lo, hi, meta := pg.window(len(items))
	return s.list(items[lo:hi], meta, msgHistoryList, now)
}

// handleHistory answers GET {api}/recoveries/histories/:identifier: a
// number is a history row ID (one object), a name the job's rows (an
// array; 3.0.0 paginates it when page or limit is sent). 1.x/2.x apply no
// filter to a number and no pagination to a name.
func (s *Server) handleHistory(r *http.Request, args []string, now time.Time) reply {
	segment := args[0]
	id, ok := ident(segment)
	if !ok {
		return expressNotFound(r)
	}
	v3 := s.cfg.dialect == DialectV3
	qr := s.newQuery(r.URL.Query(), historyKeys, "")
	f := qr.readHistoryFilter()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	if isDigits(id) {
		if !v3 {
			f = historyFilter{}
		}
		for _, h := range s.histories {
			if strconv.Itoa(h.ID) == id && s.historyMatches(f, h) {
				return s.success(http.StatusOK, s.historyItem(h), msgHistoryOne, now)
			}
		}
		return s.errorReply(s.historyNotFound("ID", id), now)
	}
	f.jobName = id
	hs := s.historiesLocked(f, desc)
	if len(hs) == 0 {
		return s.errorReply(s.historyNotFound("JobName", id), now)
	}
	if !v3 {
		return s.list(s.historyItems(hs), nil, msgHistoryList, now)
	}
	lo, hi, meta := pg.window(len(hs))
	return s.list(s.historyItems(hs[lo:hi]), meta, msgHistoryOne, now)
}

func (s *Server) historyNotFound(kind, id string) problem {
	if s.cfg.dialect == DialectV3 {
		return problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{en: "Recovery history not found (" + kind + ": " + id + ")"}}
	}
	return problem{status: http.StatusNotFound, code: "NOT_FOUND", msg: text{en: "Recovery history not found for " + kind + " '" + id + "'"}}
}
