package main

import (
	"net/http"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// backupView is a backup job as the control API shows it: a jobView with
// its server, partition and images. Times are RFC 3339 in the server's
// zone.
type backupView struct {
	jobView
	Server    string              `json:"server"`
	Partition string              `json:"partition"`
	Images    []zdmtest.ImageSpec `json:"images,omitempty"`
}

// backupOf shows a backup job; full adds its log, histories and images.
func backupOf(st *state, j *zdmtest.Job, full bool) backupView {
	v := backupView{jobView: view(st, j, full), Server: j.Server(), Partition: j.Partitions()[0]}
	if full {
		for _, im := range st.srv.Images() {
			if im.Job == j.Name() && im.Center == j.Center() {
				im.CreatedAt = im.CreatedAt.In(st.srv.Location())
				v.Images = append(v.Images, im)
			}
		}
	}
	return v
}

// handleBackups lists the backup jobs.
func (f *fake) handleBackups(w http.ResponseWriter, r *http.Request) {
	st := f.current()
	out := []backupView{}
	for _, j := range st.srv.BackupJobs() {
		out = append(out, backupOf(st, j, false))
	}
	writeJSON(w, http.StatusOK, out)
}

// findBackup answers 404 when the backup job named in the path does
// not exist.
func (f *fake) findBackup(w http.ResponseWriter, r *http.Request) (*state, *zdmtest.Job, bool) {
	return f.find(w, r, "backup job", (*zdmtest.Server).BackupJob)
}

// handleBackup shows one backup job with its log, histories and images.
func (f *fake) handleBackup(w http.ResponseWriter, r *http.Request) {
	if st, j, ok := f.findBackup(w, r); ok {
		writeJSON(w, http.StatusOK, backupOf(st, j, true))
	}
}

// handleAddBackup adds a backup job (a scenario backup object).
func (f *fake) handleAddBackup(w http.ResponseWriter, r *http.Request) {
	var spec zdmtest.BackupJobSpec
	doc, ok := decodeBody(w, r, &spec, false)
	if !ok {
		return
	}
	st := f.current()
	had := map[int]bool{}
	for _, j := range st.srv.BackupJobs() {
		had[j.ID()] = true
	}
	doc.path = within("backups[0]")
	if err := st.load(zdmtest.Scenario{World: zdmtest.World{Backups: []zdmtest.BackupJobSpec{spec}}}, doc); err != nil {
		writeError(w, jobStatus(err), "%v", err)
		return
	}
	var j *zdmtest.Job
	for _, o := range st.srv.BackupJobs() {
		if !had[o.ID()] {
			j = o
		}
	}
	writeJSON(w, http.StatusCreated, backupOf(st, j, true))
}

// handleBackupAction runs or moves a backup job: start (a run, as "PUT
// /backups/:id" with "status": "start" does), stop, advance, complete,
// cancel, fail, set, plan or log, as for recovery jobs.
func (f *fake) handleBackupAction(w http.ResponseWriter, r *http.Request) {
	if st, j, ok := f.findBackup(w, r); ok {
		jobAction(w, r, st, j, func() any { return backupOf(st, j, true) })
	}
}
