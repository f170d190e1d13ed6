package main

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// jobView is a job as the control API shows it. Times are RFC 3339 in
// the server's zone, as everywhere in the control API.
type jobView struct {
	ID        int               `json:"id"`
	Name      string            `json:"name"`
	Status    string            `json:"status"` // the job-level phase: running, completed, failed, ...
	Runs      int               `json:"runs"`
	Polls     int               `json:"polls"`
	Center    string            `json:"center,omitempty"`
	Log       []string          `json:"log,omitempty"`
	Histories []zdmtest.History `json:"histories,omitempty"`
}

// view shows a job; full adds its log and histories.
func view(st *state, j *zdmtest.Job, full bool) jobView {
	status, _ := j.Status().MarshalText()
	v := jobView{ID: j.ID(), Name: j.Name(), Status: string(status), Runs: j.Runs(), Polls: j.Polls(), Center: j.Center()}
	if full {
		v.Log, v.Histories = j.Log(), inZone(j.Histories(), st.srv.Location())
	}
	return v
}

// inZone is hs with their times in loc.
func inZone(hs []zdmtest.History, loc *time.Location) []zdmtest.History {
	for i := range hs {
		hs[i].Start, hs[i].End = hs[i].Start.In(loc), hs[i].End.In(loc)
	}
	return hs
}

// handleJobs lists the jobs.
func (f *fake) handleJobs(w http.ResponseWriter, r *http.Request) {
	st := f.current()
	out := []jobView{}
	for _, j := range st.srv.Jobs() {
		out = append(out, view(st, j, false))
	}
	writeJSON(w, http.StatusOK, out)
}

// findJob answers 404 when the recovery job named in the path does not
// exist.
func (f *fake) findJob(w http.ResponseWriter, r *http.Request) (*state, *zdmtest.Job, bool) {
	return f.find(w, r, "job", (*zdmtest.Server).Job)
}

// find answers 404 when lookup finds no job by the path's ID or name.
func (f *fake) find(w http.ResponseWriter, r *http.Request, what string, lookup func(*zdmtest.Server, string) *zdmtest.Job) (*state, *zdmtest.Job, bool) {
	st := f.current()
	id := r.PathValue("job")
	j := lookup(st.srv, id)
	if j == nil {
		writeError(w, http.StatusNotFound, "no %s %q", what, id)
		return st, nil, false
	}
	return st, j, true
}

// handleJob shows one job with its log and histories.
func (f *fake) handleJob(w http.ResponseWriter, r *http.Request) {
	if st, j, ok := f.findJob(w, r); ok {
		writeJSON(w, http.StatusOK, view(st, j, true))
	}
}

// handleRemoveJob removes a job.
func (f *fake) handleRemoveJob(w http.ResponseWriter, r *http.Request) {
	if st, j, ok := f.findJob(w, r); ok {
		j.Remove()
		writeJSON(w, http.StatusOK, view(st, j, false))
	}
}

// jobStatus is 409 when every problem is a taken ID or name, else 400.
func jobStatus(err error) int {
	var se *zdmtest.ScenarioError
	if !errors.As(err, &se) {
		return http.StatusBadRequest
	}
	for _, p := range se.Problems {
		if !strings.Contains(p.Message, "is taken") {
			return http.StatusBadRequest
		}
	}
	return http.StatusConflict
}

// addJob loads a job into st; its problems are placed in doc, the body
// that held it. It answers the job, or the problems.
func (f *fake) addJob(w http.ResponseWriter, st *state, spec zdmtest.JobSpec, doc document, status int) {
	err := st.srv.Load(zdmtest.Scenario{Jobs: []zdmtest.JobSpec{spec}})
	if err != nil {
		doc.path = within("jobs[0]")
		writeError(w, jobStatus(err), "%v", doc.place(err))
		return
	}
	jobs := st.srv.Jobs() // in ID order: a new job without an ID takes the next, the highest
	j := jobs[len(jobs)-1]
	if spec.ID != 0 {
		j = st.srv.Job(strconv.Itoa(spec.ID))
	}
	writeJSON(w, status, view(st, j, true))
}

// handleAddJob adds a job.
func (f *fake) handleAddJob(w http.ResponseWriter, r *http.Request) {
	var spec zdmtest.JobSpec
	doc, ok := decodeBody(w, r, &spec, false)
	if !ok {
		return
	}
	f.addJob(w, f.current(), spec, doc, http.StatusCreated)
}

// handleReplaceJob replaces a job by a new one with the same ID; a
// refused replacement leaves the old job as it was.
func (f *fake) handleReplaceJob(w http.ResponseWriter, r *http.Request) {
	st, old, ok := f.findJob(w, r)
	if !ok {
		return
	}
	var spec zdmtest.JobSpec
	doc, ok := decodeBody(w, r, &spec, false)
	if !ok {
		return
	}
	if spec.ID != 0 && spec.ID != old.ID() {
		writeError(w, http.StatusBadRequest, "id: %d is not the replaced job's %d", spec.ID, old.ID())
		return
	}
	spec.ID = old.ID()
	j, err := st.srv.ReplaceRecoveryJob(spec)
	if err != nil {
		writeError(w, jobStatus(err), "%v", doc.place(err))
		return
	}
	writeJSON(w, http.StatusOK, view(st, j, true))
}

// actionBody is the body of a job action; each action reads its fields.
type actionBody struct {
	Message   string         `json:"message,omitempty"`   // fail
	Partition *int           `json:"partition,omitempty"` // set
	Step      *zdmtest.Step  `json:"step,omitempty"`      // set
	Steps     []zdmtest.Step `json:"steps,omitempty"`     // plan
	Lines     []string       `json:"lines,omitempty"`     // log
}

// handleJobAction moves a recovery job: start, stop, advance, complete,
// cancel, fail, set, plan or log.
func (f *fake) handleJobAction(w http.ResponseWriter, r *http.Request) {
	if st, j, ok := f.findJob(w, r); ok {
		jobAction(w, r, st, j, func() any { return view(st, j, true) })
	}
}

// jobAction moves a recovery or backup job and answers shown().
func jobAction(w http.ResponseWriter, r *http.Request, st *state, j *zdmtest.Job, shown func() any) {
	var b actionBody
	doc, ok := decodeBody(w, r, &b, true)
	if !ok {
		return
	}
	var do func()
	switch action := r.PathValue("action"); action {
	case "start":
		do = j.Start
	case "stop":
		do = j.Stop
	case "advance":
		do = j.Advance
	case "complete":
		do = j.Complete
	case "cancel":
		do = j.Cancel
	case "fail":
		do = func() { j.Fail(b.Message) }
	case "set":
		switch {
		case b.Partition == nil:
			writeError(w, http.StatusBadRequest, "partition: missing: the index of the partition, from 0")
			return
		case b.Step == nil:
			writeError(w, http.StatusBadRequest, "step: missing")
			return
		}
		do = func() { j.Set(*b.Partition, *b.Step) }
	case "plan":
		doc.path = func(p string) string { return "steps" + strings.TrimPrefix(p, "plans."+j.Name()) }
		if err := st.load(zdmtest.Scenario{Plans: map[string][]zdmtest.Step{j.Name(): b.Steps}}, doc); err != nil {
			writeError(w, http.StatusBadRequest, "%v", err)
			return
		}
		do = func() {}
	case "log":
		do = func() { j.AppendLog(b.Lines...) }
	default:
		writeError(w, http.StatusNotFound, "no job action %q (want start, stop, advance, complete, cancel, fail, set, plan or log)", action)
		return
	}
	if err := misuse(st.srv, do); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, shown())
}

// misuse runs do and returns the misuse zdmtest reported meanwhile.
func misuse(srv *zdmtest.Server, do func()) error {
	before := len(problemList(srv.Err()))
	do()
	if after := problemList(srv.Err()); len(after) > before {
		return errors.Join(after[before:]...)
	}
	return nil
}

// problemList splits a joined error.
func problemList(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// requestView is one entry of the request log.
type requestView struct {
	Seq     int                 `json:"seq"`
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	RawPath string              `json:"rawPath"`
	Query   map[string][]string `json:"query,omitempty"`
	Auth    string              `json:"auth,omitempty"`
	Header  http.Header         `json:"header,omitempty"`
	Time    string              `json:"time"`
	Status  int                 `json:"status"` // 0: the connection was dropped
	Fault   string              `json:"fault,omitempty"`
}

// handleRequests reads the request log from entry since.
func (f *fake) handleRequests(w http.ResponseWriter, r *http.Request) {
	since := 0
	if s := r.URL.Query().Get("since"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "since: %q is not a count", s)
			return
		}
		since = n
	}
	st := f.current()
	all, total := st.srv.Requests(), st.srv.RequestCount()
	loc := st.srv.Location()
	out := []requestView{}
	for _, q := range all {
		if q.Seq < since {
			continue
		}
		out = append(out, requestView{Seq: q.Seq, Method: q.Method, Path: q.Path, RawPath: q.RawPath,
			Query: q.Query, Auth: q.Auth, Header: q.Header, Time: q.Time.In(loc).Format(time.RFC3339Nano),
			Status: q.Status, Fault: q.Fault})
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "kept": len(all), "requests": out})
}

// handleClearRequests forgets the request log.
func (f *fake) handleClearRequests(w http.ResponseWriter, r *http.Request) {
	f.current().srv.ClearRequests()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}
