package zdmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// updateBody is PUT {api}/recoveries/:identifier's body, every
// generation's keys (the draft's "state", later "status").
type updateBody struct {
	Center       json.RawMessage `json:"center"`
	ChangeName   *string         `json:"changeName"`
	Platform     *string         `json:"platform"`
	Schedule     json.RawMessage `json:"schedule"`
	Mode         *string         `json:"mode"`
	AfterReboot  *string         `json:"afterReboot"`
	MailEvent    *string         `json:"mailEvent"`
	NetworkLimit *int            `json:"networkLimit"`
	ScriptPath   *string         `json:"scriptPath"`
	ScriptRun    *string         `json:"scriptRun"`
	Status       *string         `json:"status"`
	State        *string         `json:"state"`
	JobList      []struct {
		Partition       string `json:"partition"`
		Drive           string `json:"drive"`
		BackupFile      string `json:"backupFile"`
		TargetPartition string `json:"targetPartition"`
		Mode            string `json:"mode"`
	} `json:"jobList"`
}

// change is one entry of commonUpdatedFields.
type change struct {
	field    string
	previous any
	new      any
}

func renderChanges(cs []change) []obj {
	out := make([]obj, 0, len(cs))
	for _, c := range cs {
		out = append(out, obj{{"field", c.field}, {"previous", c.previous}, {"new", c.new}})
	}
	return out
}

// label is a changed field's name: the draft's key, or the released
// servers' display label (the job name keeps its key, as in their
// first example).
func (s *Server) label(key, display string) string {
	if s.cfg.dialect == DialectDraft {
		return key
	}
	return display
}

// handleUpdate answers PUT {api}/recoveries/:identifier: it changes the
// fields sent and answers the changes; "status": "start" starts a run
// (3.0.0: 409 JOB-ERROR-64 while another job runs on the target),
// "stop" cancels one.
func (s *Server) handleUpdate(r *http.Request, args []string, now time.Time) reply {
	segment := args[0]
	id, ok := ident(segment)
	if !ok {
		return s.errorReply(s.recoveryNotFound(segment, true), now)
	}
	var b updateBody
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	seed := s.cfg.dialect == DialectDraft
	command := b.Status
	if seed {
		// The draft knows "state" only; a later server's "status" is an
		// unknown key there, ignored as the draft's server ignores it.
		command = b.State
	}
	var errs []famErr
	center, hasCenter := identString(b.Center)
	if s.cfg.dialect == DialectV3 && !hasCenter {
		errs = append(errs, famErr{field: "center", en: "center is required"})
	}
	errs = checkEnum(errs, "platform", b.Platform, platforms...)
	errs = checkEnum(errs, "mode", b.Mode, "full", "increment")
	errs = checkEnum(errs, "afterReboot", b.AfterReboot, "reboot", "shutdown", "maintain")
	errs = checkEnum(errs, "scriptRun", b.ScriptRun, "before", "after")
	if b.NetworkLimit != nil && *b.NetworkLimit < 0 {
		errs = append(errs, famErr{field: "networkLimit", en: "networkLimit must not be negative"})
	}
	if b.ChangeName != nil && strings.TrimSpace(*b.ChangeName) == "" {
		errs = append(errs, famErr{field: "changeName", en: "changeName must not be empty"})
	}
	var cmd string
	if command != nil {
		cmd = strings.ToLower(*command)
		allowed := []string{"start", "stop"}
		if seed {
			allowed = []string{"start", "stop", "run", "complete", "waiting", "cancel", "schedule"}
		}
		key := "status"
		if seed {
			key = "state"
		}
		errs = checkEnum(errs, key, &cmd, allowed...)
	}
	for i, it := range b.JobList {
		switch {
		case s.cfg.dialect == DialectV3 && it.BackupFile == "":
			errs = append(errs, famErr{field: fmt.Sprintf("jobList.%d.backupFile", i), en: "backupFile is required"})
		case s.cfg.dialect != DialectV3 && (it.Partition == "") == (it.Drive == ""):
			errs = append(errs, famErr{field: fmt.Sprintf("jobList.%d.partition", i), en: "exactly one of partition and drive is required"})
		}
		errs = checkItemMode(errs, i, it.Mode)
	}
	sched, bad := s.checkedSchedule(b.Schedule, errs, false, now)
	if bad != nil {
		return *bad
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.lookup(&s.recoveries, id, center)
	if j == nil || hasCenter && !s.matchesCenter(center, j.spec.Center) {
		return s.errorReply(s.recoveryNotFound(id, true), now)
	}
	// Names are unique per center: a rename onto a name another center
	// holds is fine.
	if b.ChangeName != nil && *b.ChangeName != j.name && s.recoveries.nameTaken(*b.ChangeName, j.spec.Center, j) != nil {
		return s.errorReply(problem{status: http.StatusConflict, code: "JOB-ERROR-07", msg: text{
			en: "A job with the same name already exists: '" + *b.ChangeName + "'", ko: "같은 이름의 작업이 이미 존재합니다: '" + *b.ChangeName + "'",
		}}, now)
	}
	if cmd == "start" && s.cfg.dialect == DialectV3 {
		if other := s.busyOnTargetLocked(j, now); other != nil {
			return s.errorReply(problem{status: http.StatusConflict, code: "JOB-ERROR-64", msg: text{en: "[Recovery start] - Recovery job '" +
				other.name + "' is already in progress on target server '" + j.spec.Target.Name + "'. Wait for it to finish, then start this job again."}}, now)
		}
	}
	// Each row is matched before anything changes.
	rowIdx := make([][]int, len(b.JobList))
	for k, it := range b.JobList {
		for i, rw := range j.rows {
			p := &rw.spec
			switch {
			case s.cfg.dialect == DialectV3:
				if p.BackupFile == it.BackupFile && (it.TargetPartition == "" || normalizePartition(it.TargetPartition) == normalizePartition(p.target())) {
					rowIdx[k] = append(rowIdx[k], i)
				}
			case it.Partition != "" && p.Partition == it.Partition, it.Drive != "" && p.Drive == normalizePartition(it.Drive):
				rowIdx[k] = append(rowIdx[k], i)
			}
		}
		if len(rowIdx[k]) == 0 && s.cfg.dialect == DialectV3 {
			code, msg := "JOB-ERROR-01", "Backup image '"+it.BackupFile+"' is not used by recovery job '"+j.name+"'"
			if it.TargetPartition != "" {
				code, msg = "JOB-ERROR-13", "Target partition '"+it.TargetPartition+"' not found for backup image '"+it.BackupFile+"'"
			}
			return s.errorReply(problem{status: http.StatusNotFound, code: code, msg: text{en: msg}}, now)
		}
	}

	basic, _, sp := s.scheduleRowsLocked(sched, j.spec.Center, j.name, true)
	if sp != nil {
		return s.errorReply(*sp, now)
	}
	var common []change
	str := func(key, display string, dst *string, v *string) {
		if v != nil && *v != *dst {
			common = append(common, change{s.label(key, display), *dst, *v})
			*dst = *v
		}
	}
	if b.ChangeName != nil && *b.ChangeName != j.name {
		common = append(common, change{"jobName", j.name, *b.ChangeName})
		s.recoveries.dropName(j)
		j.name = *b.ChangeName
		s.recoveries.addName(j)
	}
	str("platform", "Platform", &j.attrs.platform, b.Platform)
	if b.Mode != nil && *b.Mode != string(j.spec.Mode) {
		common = append(common, change{s.label("mode", "Recovery Mode"), string(j.spec.Mode), *b.Mode})
	}
	if b.Mode != nil {
		j.spec.Mode = zdm.Mode(*b.Mode)
		for _, rw := range j.rows {
			rw.spec.Mode = j.spec.Mode
		}
	}
	str("afterReboot", "After Reboot", &j.attrs.afterReboot, b.AfterReboot)
	str("mailEvent", "Mail Event", &j.attrs.mailEvent, b.MailEvent)
	str("scriptPath", "Script Path", &j.attrs.scriptPath, b.ScriptPath)
	str("scriptRun", "Script Run", &j.attrs.scriptRun, b.ScriptRun)
	if b.NetworkLimit != nil && *b.NetworkLimit != j.attrs.networkLimit {
		common = append(common, change{s.label("networkLimit", "Network Limit"), j.attrs.networkLimit, *b.NetworkLimit})
		j.attrs.networkLimit = *b.NetworkLimit
	}
	if basic != nil {
		var prev any
		if j.attrs.sched != nil {
			prev = j.attrs.sched.display(true)
		}
		common = append(common, change{s.label("schedule", "Schedule(Basic)"), prev, basic.display(true)})
		j.attrs.sched, j.spec.Scheduled = basic, true
	}
	if command != nil {
		prev := s.cfg.spell(j.overall(j.peek(now)).phase)
		common = append(common, change{s.label("state", "Job Status"), prev, *command})
		switch cmd {
		case "start", "run":
			j.startLocked(now)
		case "stop", "cancel":
			j.stopLocked(now)
		}
	}
	each := []obj{}
	for k, it := range b.JobList {
		if it.Mode == "" {
			continue
		}
		for _, i := range rowIdx[k] {
			p := &j.rows[i].spec
			if string(p.Mode) == it.Mode {
				continue
			}
			key, name := "partition", p.Partition
			if p.Partition == "" {
				key, name = "drive", p.Drive
			}
			each = append(each, obj{{key, name}, {"summary", obj{
				{"state", "success"},
				{"commonUpdatedFields", renderChanges([]change{{s.label("mode", "Recovery Mode"), string(p.Mode), it.Mode}})},
				{"eachUpdatedFields", []obj{}},
			}}})
			p.Mode = zdm.Mode(it.Mode)
		}
	}
	if len(common) > 0 || len(each) > 0 {
		j.run.updated = now
	}
	msg := text{en: "Recovery job Update completed"}
	if seed {
		msg = text{en: "Recovery job updated"}
	}
	return s.success(http.StatusOK, obj{
		{"jobInfo", obj{{"id", fmt.Sprint(j.id)}, {"name", j.name}}},
		{"summary", obj{{"state", "success"}, {"commonUpdatedFields", renderChanges(common)}, {"eachUpdatedFields", each}}},
	}, msg, now)
}

// handleDelete answers DELETE {api}/recoveries/:identifier: the job goes
// with its rows, histories and log. 3.0.0 wants exactly one center, and
// one at all when deleting by name.
func (s *Server) handleDelete(r *http.Request, args []string, now time.Time) reply {
	segment := args[0]
	id, ok := ident(segment)
	if !ok {
		return s.errorReply(s.recoveryNotFound(segment, true), now)
	}
	q := r.URL.Query()
	center := q.Get("center")
	if s.cfg.dialect == DialectV3 {
		qr := s.newQuery(q, []string{"center"}, "")
		if _, has := q["center"]; has && (center == "" || strings.Contains(center, ",")) {
			qr.errs = []famErr{{field: "center", en: "exactly one center must be specified"}}
		}
		if qr.errs != nil {
			return s.errorReply(s.queryProblem(qr.errs), now)
		}
		if center == "" && !isDigits(id) {
			return s.errorReply(problem{status: http.StatusBadRequest, code: "CENTER-ERROR-02", msg: text{en: "Exactly one center must be specified to delete a job by name"}}, now)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The center picks among the jobs of a name that centers share; the
	// draft and 1.x/2.x accept it and otherwise ignore it (nothing says
	// their routes apply it), so only 3.0.0 refuses a job of another one.
	j := s.lookup(&s.recoveries, id, center)
	if s.cfg.dialect != DialectV3 {
		center = ""
	}
	if j == nil || !s.matchesCenter(center, j.spec.Center) {
		p := s.recoveryNotFound(id, true)
		if s.cfg.dialect == DialectV3 {
			p.msg = text{en: "Job info not found"}
		}
		return s.errorReply(p, now)
	}
	s.recoveries.remove(j)
	kept := s.histories[:0]
	removed := 0
	for _, h := range s.histories {
		if h.JobID == j.id {
			removed++
			continue
		}
		kept = append(kept, h)
	}
	s.histories = kept
	infos := make([]obj, 0, len(j.rows))
	for _, rw := range j.rows {
		key := "partition"
		if rw.spec.Partition == "" {
			key = "drive"
		}
		infos = append(infos, obj{{"name", j.name}, {key, rw.spec.name()}, {"deletedComponents", obj{
			{"basicInfo", true}, {"additionalInfo", true}, {"detailInfo", true}, {"historyData", true}, {"logData", true},
		}}})
	}
	return s.success(http.StatusOK, obj{
		{"jobInfo", infos},
		{"summary", obj{{"state", "success"}, {"affectedComponents", obj{
			{"basicInfoDeleted", 1}, {"additionalInfoDeleted", 1}, {"detailInfoDeleted", len(j.rows)},
			{"historyDataDeleted", removed}, {"logDataDeleted", len(j.log)},
		}}}},
	}, text{en: "Recovery job deleted"}, now)
}
