package main

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// jobView is a job as the control API shows it.
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
func view(j *zdmtest.Job, full bool) jobView {
	v := jobView{ID: j.ID(), Name: j.Name(), Status: strings.ToLower(j.Status().String()),
		Runs: j.Runs(), Polls: j.Polls(), Center: j.Center()}
	if full {
		v.Log, v.Histories = j.Log(), j.Histories()
	}
	return v
}

// handleJobs lists the jobs.
func (f *fake) handleJobs(w http.ResponseWriter, r *http.Request) {
	out := []jobView{}
	for _, j := range f.current().srv.Jobs() {
		out = append(out, view(j, false))
	}
	writeJSON(w, http.StatusOK, out)
}

// findJob answers 404 when the job named in the path does not exist.
func (f *fake) findJob(w http.ResponseWriter, r *http.Request) (*state, *zdmtest.Job, bool) {
	st := f.current()
	id := r.PathValue("job")
	j := st.srv.Job(id)
	if j == nil {
		writeError(w, http.StatusNotFound, "no job %q", id)
		return st, nil, false
	}
	return st, j, true
}

// handleJob shows one job with its log and histories.
func (f *fake) handleJob(w http.ResponseWriter, r *http.Request) {
	if _, j, ok := f.findJob(w, r); ok {
		writeJSON(w, http.StatusOK, view(j, true))
	}
}

// handleRemoveJob removes a job.
func (f *fake) handleRemoveJob(w http.ResponseWriter, r *http.Request) {
	if _, j, ok := f.findJob(w, r); ok {
		j.Remove()
		writeJSON(w, http.StatusOK, view(j, false))
	}
}

// decodeJob reads and checks a job document.
func decodeJob(w http.ResponseWriter, r *http.Request, st *state) (zdmtest.JobSpec, []zdmtest.Step, bool) {
	var d jobDoc
	doc, ok := decodeBody(w, r, &d, false)
	if !ok {
		return zdmtest.JobSpec{}, nil, false
	}
	var p problems
	env := st.env
	env.now = st.clock.Now()
	spec, plan := p.job("", d, env)
	if err := doc.errorf(&p); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return spec, nil, false
	}
	return spec, plan, true
}

// handleAddJob adds a job.
func (f *fake) handleAddJob(w http.ResponseWriter, r *http.Request) {
	st := f.current()
	spec, plan, ok := decodeJob(w, r, st)
	if !ok {
		return
	}
	if spec.ID != 0 && st.srv.Job(strconv.Itoa(spec.ID)) != nil {
		writeError(w, http.StatusConflict, "job ID %d is taken", spec.ID)
		return
	}
	if spec.Name != "" && st.srv.Job(spec.Name) != nil {
		writeError(w, http.StatusConflict, "job name %q is taken", spec.Name)
		return
	}
	f.addJob(w, st, spec, plan, http.StatusCreated)
}

// handleReplaceJob replaces a job by a new one with the same ID.
func (f *fake) handleReplaceJob(w http.ResponseWriter, r *http.Request) {
	st, old, ok := f.findJob(w, r)
	if !ok {
		return
	}
	spec, plan, ok := decodeJob(w, r, st)
	if !ok {
		return
	}
	if spec.ID != 0 && spec.ID != old.ID() {
		writeError(w, http.StatusBadRequest, "id: %d is not the replaced job's %d", spec.ID, old.ID())
		return
	}
	spec.ID = old.ID()
	if o := st.srv.Job(spec.Name); spec.Name != "" && o != nil && o != old {
		writeError(w, http.StatusConflict, "job name %q is taken", spec.Name)
		return
	}
	old.Remove()
	f.addJob(w, st, spec, plan, http.StatusOK)
}

// addJob adds a checked job and answers it.
func (f *fake) addJob(w http.ResponseWriter, st *state, spec zdmtest.JobSpec, plan []zdmtest.Step, status int) {
	var j *zdmtest.Job
	if err := misuse(st.srv, func() {
		j = st.srv.AddRecoveryJob(spec)
		if plan != nil {
			st.srv.SetPlan(j.Name(), plan...)
		}
	}); err != nil {
		writeError(w, http.StatusConflict, "%v", err)
		return
	}
	writeJSON(w, status, view(j, true))
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

// actionBody is the body of a job action; each action reads its fields.
type actionBody struct {
	Message   string    `json:"message,omitempty"`   // fail
	Partition *int      `json:"partition,omitempty"` // set, plan
	Step      *stepDoc  `json:"step,omitempty"`      // set
	Steps     []stepDoc `json:"steps,omitempty"`     // plan
	Lines     []string  `json:"lines,omitempty"`     // log
}

// handleJobAction moves a job: start, stop, advance, complete, cancel,
// fail, set, plan or log.
func (f *fake) handleJobAction(w http.ResponseWriter, r *http.Request) {
	st, j, ok := f.findJob(w, r)
	if !ok {
		return
	}
	var b actionBody
	doc, ok := decodeBody(w, r, &b, true)
	if !ok {
		return
	}
	var p problems
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
		if b.Partition == nil {
			p.add("partition", "missing: the index of the partition, from 0")
		}
		if b.Step == nil {
			p.add("step", "missing")
			break
		}
		steps := p.steps("steps", []stepDoc{*b.Step})
		do = func() { j.Set(*b.Partition, steps[0]) }
	case "plan":
		steps := p.steps("steps", b.Steps)
		do = func() { st.srv.SetPlan(j.Name(), steps...) }
	case "log":
		do = func() { j.AppendLog(b.Lines...) }
	default:
		writeError(w, http.StatusNotFound, "no job action %q (want start, stop, advance, complete, cancel, fail, set, plan or log)", action)
		return
	}
	if err := doc.errorf(&p); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if err := misuse(st.srv, do); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, view(j, true))
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
	all := f.current().srv.Requests()
	out := []requestView{}
	for i := since; i < len(all); i++ {
		q := all[i]
		out = append(out, requestView{Seq: i, Method: q.Method, Path: q.Path, RawPath: q.RawPath,
			Query: q.Query, Auth: q.Auth, Header: q.Header, Time: q.Time.UTC().Format(time.RFC3339Nano),
			Status: q.Status, Fault: q.Fault})
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(all), "requests": out})
}

// handleClearRequests forgets the request log.
func (f *fake) handleClearRequests(w http.ResponseWriter, r *http.Request) {
	f.current().srv.ClearRequests()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}
