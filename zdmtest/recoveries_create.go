package zdmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// createBody is POST {api}/recoveries' body, every generation's keys.
type createBody struct {
	Center       json.RawMessage `json:"center"`
	Source       json.RawMessage `json:"source"`
	Target       json.RawMessage `json:"target"`
	Platform     *string         `json:"platform"`
	Mode         *string         `json:"mode"`
	JobName      *string         `json:"jobName"`
	Overwrite    *string         `json:"overwrite"`
	AfterReboot  *string         `json:"afterReboot"`
	AutoStart    *string         `json:"autoStart"`
	NetworkLimit *int            `json:"networkLimit"`
	MailEvent    *string         `json:"mailEvent"`
	ScriptPath   *string         `json:"scriptPath"`
	ScriptRun    *string         `json:"scriptRun"`
	Exclude      *string         `json:"excludePartition"`
	ListOnly     *bool           `json:"listOnly"`
	Schedule     json.RawMessage `json:"schedule"`
	Repository   *repoBody       `json:"repository"`
	JobList      []jobListItem   `json:"jobList"`
}

type repoBody struct {
	ID   *int   `json:"id"`
	Type string `json:"type"`
	Path string `json:"path"`
}

type jobListItem struct {
	SourcePartition string          `json:"sourcePartition"`
	TargetPartition string          `json:"targetPartition"`
	Overwrite       string          `json:"overwrite"`
	BackupJob       string          `json:"backupJob"`
	BackupFile      json.RawMessage `json:"backupFile"` // string, or 3.0.0's string[]
	Mode            string          `json:"mode"`
	Repository      *repoBody       `json:"repository"`
}

// readBody decodes a JSON request body into v, or returns the 400.
func (s *Server) readBody(r *http.Request, v any) *problem {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err == nil {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		return &problem{status: http.StatusBadRequest, code: "BAD-REQUEST", msg: msgBadBody}
	}
	return nil
}

// identString reads an ID-or-name field sent as a string or a number.
func identString(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		str = strings.TrimSpace(str)
		return str, str != ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// checkEnum adds an error when v is set and not one of allowed.
func checkEnum(errs []famErr, name string, v *string, allowed ...string) []famErr {
	if v != nil && !slices.Contains(allowed, *v) {
		errs = append(errs, famErr{field: name, en: name + " must be one of: " + strings.Join(allowed, ", ")})
	}
	return errs
}

// handleCreate answers POST {api}/recoveries: it registers one job with
// a row per jobList item (without jobList, one "/" row), Registered (or
// Scheduled) until started; autoStart "use" starts it at once (on 3.0.0
// only when no other recovery runs on the target).
func (s *Server) handleCreate(r *http.Request, _ []string, now time.Time) reply {
	var b createBody
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	center, hasCenter := identString(b.Center)
	source, hasSource := identString(b.Source)
	target, hasTarget := identString(b.Target)
	var errs []famErr
	required := func(name string, ok bool) {
		if !ok {
			errs = append(errs, famErr{field: name, en: name + " is required"})
		}
	}
	required("center", hasCenter)
	required("source", hasSource)
	required("target", hasTarget)
	required("platform", b.Platform != nil)
	required("mode", b.Mode != nil)
	required("repository", b.Repository != nil)
	if b.Repository != nil {
		if s.cfg.dialect == DialectDraft {
			required("repository.type", b.Repository.Type != "")
			required("repository.path", b.Repository.Path != "")
		} else {
			required("repository.id", b.Repository.ID != nil)
		}
	}
	errs = checkEnum(errs, "platform", b.Platform, platforms...)
	errs = checkEnum(errs, "mode", b.Mode, "full", "increment")
	errs = checkEnum(errs, "afterReboot", b.AfterReboot, "reboot", "shutdown", "maintain")
	errs = checkEnum(errs, "autoStart", b.AutoStart, "use", "not use")
	errs = checkEnum(errs, "overwrite", b.Overwrite, "allow", "not allow")
	errs = checkEnum(errs, "scriptRun", b.ScriptRun, "before", "after")
	if b.NetworkLimit != nil && *b.NetworkLimit < 0 {
		errs = append(errs, famErr{field: "networkLimit", en: "networkLimit must not be negative"})
	}
	for i, it := range b.JobList {
		if strings.TrimSpace(it.SourcePartition) == "" {
			errs = append(errs, famErr{field: fmt.Sprintf("jobList.%d.sourcePartition", i), en: "sourcePartition is required"})
		}
		if strings.TrimSpace(it.TargetPartition) == "" {
			errs = append(errs, famErr{field: fmt.Sprintf("jobList.%d.targetPartition", i), en: "targetPartition is required"})
		}
		errs = checkItemMode(errs, i, it.Mode)
	}
	sched, bad := s.checkedSchedule(b.Schedule, errs, false, now)
	if bad != nil {
		return *bad
	}
	if b.ListOnly != nil && *b.ListOnly && len(b.JobList) == 0 && s.cfg.dialect == DialectV3 {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "JOB-ERROR-63", msg: text{en: "listOnly requires a non-empty jobList"}}, now)
	}

	rows := s.createRows(&b)
	if len(rows) == 0 {
		return s.errorReply(s.nothingLeft(nil), now)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.centerByIdentLocked(center)
	if c == nil {
		return s.errorReply(s.centerNotFound(center), now)
	}
	center = c.spec.Name
	var machines [2]*serverRow
	for i, m := range []string{source, target} {
		if machines[i] = s.serverInLocked(center, m); machines[i] == nil {
			return s.errorReply(s.jobServerNotFound(m, center), now)
		}
	}
	if p := s.recoveryRepositoriesLocked(&b, center); p != nil {
		return s.errorReply(*p, now)
	}
	rows, skipped, p := s.recoveryRowsLocked(rows, machines[0], machines[1])
	if p != nil {
		return s.errorReply(*p, now)
	}
	if len(rows) == 0 {
		return s.errorReply(s.nothingLeft(skipped), now)
	}
	name := ""
	if b.JobName != nil {
		name = strings.TrimSpace(*b.JobName)
	}
	if name == "" {
		name = s.autoNameLocked(center, machines[0].spec.Name, rows[0].name())
	} else if s.recoveries.nameTaken(name, center, nil) != nil { // names are unique per center
		return s.errorReply(problem{status: http.StatusConflict, code: "JOB-ERROR-07", msg: text{
			en: "A job with the same name already exists: '" + name + "'", ko: "같은 이름의 작업이 이미 존재합니다: '" + name + "'",
		}}, now)
	}
	basic, _, sp := s.scheduleRowsLocked(sched, center, name, true)
	if sp != nil {
		return s.errorReply(*sp, now)
	}

	j := &Job{srv: s, t0: now, perStep: 1}
	j.spec = JobSpec{Name: name, Source: machines[0].machine(), Target: machines[1].machine(),
		Platform: *b.Platform, Mode: zdm.Mode(*b.Mode), Center: center, Scheduled: basic != nil, Idle: true}
	for _, p := range rows {
		j.rows = append(j.rows, newRow(p))
	}
	j.attrs = defaultAttrs(*b.Platform)
	setStr(&j.attrs.afterReboot, b.AfterReboot)
	setStr(&j.attrs.mailEvent, b.MailEvent)
	setStr(&j.attrs.scriptPath, b.ScriptPath)
	setStr(&j.attrs.scriptRun, b.ScriptRun)
	if b.NetworkLimit != nil {
		j.attrs.networkLimit = *b.NetworkLimit
	}
	j.attrs.sched = basic
	j.run = runState{idle: true, updated: now}
	if err := s.addJobLocked(j); err != nil {
		s.misuse("registering %q: %v", name, err) // cannot happen: the name was checked
	}
	j.log = []string{"[" + s.cfg.logTime(now) + "] Recovery job registered"}

	var notices []string
	autoStart := b.AutoStart != nil && *b.AutoStart == "use"
	if other := s.busyOnTargetLocked(j, now); other != nil && s.cfg.dialect == DialectV3 {
		if autoStart {
			notices = append(notices, "Recovery job '"+other.name+"' is currently in progress on target server '"+j.spec.Target.Name+"' — this job was registered but autoStart was skipped. Start it with a status update once the running job completes.")
			autoStart = false
		} else {
			notices = append(notices, "Recovery job '"+other.name+"' is currently in progress on target server '"+j.spec.Target.Name+"' — this job was registered but not started.")
		}
	}
	notices = append(notices, skipped...)
	if autoStart {
		j.attrs.autoStart = "use"
		j.startLocked(now)
	}
	return s.success(http.StatusCreated, s.createdData(j, notices), s.msgCreated(), now)
}

func setStr(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func (s *Server) msgCreated() text {
	if s.cfg.dialect == DialectDraft {
		return text{en: "Recovery jobs registered"}
	}
	return text{en: "Recovery job registration completed"}
}

// createRows turns the body's partitions into rows: drives normalised to
// "C:", excludePartition applied; a 3.0.0 backupFile list gives a row
// per image.
func (s *Server) createRows(b *createBody) []PartitionSpec {
	repo := Repository{}
	if b.Repository != nil {
		repo = Repository{ID: deref(b.Repository.ID), Type: or(b.Repository.Type, "nfs"), Path: b.Repository.Path}
	}
	var excluded []string
	if b.Exclude != nil {
		for _, x := range strings.Split(*b.Exclude, ",") {
			if x = strings.TrimSpace(x); x != "" {
				excluded = append(excluded, normalizePartition(x))
			}
		}
	}
	items := b.JobList
	if len(items) == 0 {
		items = []jobListItem{{SourcePartition: "/", TargetPartition: "/"}}
	}
	var out []PartitionSpec
	for _, it := range items {
		src, tgt := normalizePartition(strings.TrimSpace(it.SourcePartition)), normalizePartition(strings.TrimSpace(it.TargetPartition))
		if slices.Contains(excluded, src) {
			continue
		}
		p := PartitionSpec{TargetPartition: tgt, Mode: zdm.Mode(or(it.Mode, *b.Mode)), BackupJob: it.BackupJob, Repository: repo}
		if isDrive(src) {
			p.Drive = src
		} else {
			p.Partition, p.FileSystem = src, "ext4"
		}
		p.Overwrite = or(it.Overwrite, deref(b.Overwrite)) == "allow"
		if it.Repository != nil {
			p.Repository = Repository{ID: deref(it.Repository.ID), Type: or(it.Repository.Type, repo.Type), Path: or(it.Repository.Path, repo.Path)}
		}
		files := backupFiles(it.BackupFile)
		if len(files) == 0 {
			files = []string{""}
		}
		for _, f := range files {
			p.BackupFile = f
			out = append(out, p)
		}
	}
	return out
}

// backupFiles reads a backupFile given as a string or a list.
func backupFiles(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil && one != "" {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// autoNameLocked names a job as the servers do: source server and first
// partition ("WIN-SRV01_C", "web01_ROOT", "web01_var_log"), suffixed
// "-1", "-2" when taken in the center.
func (s *Server) autoNameLocked(center, source, partition string) string {
	base := source + partitionSuffix(partition)
	name := base
	for n := 1; s.recoveries.nameTaken(name, center, nil) != nil; n++ {
		name = base + "-" + strconv.Itoa(n)
	}
	return name
}

// busyOnTargetLocked returns another job running on j's target, or nil.
func (s *Server) busyOnTargetLocked(j *Job, now time.Time) *Job {
	for _, o := range s.recoveries.sorted(false) {
		if o != j && o.spec.Target.Name == j.spec.Target.Name && !o.run.idle {
			if p := o.overall(o.peek(now)).phase; p == PhasePreparing || p == PhaseRunning || p == PhaseRebooting {
				return o
			}
		}
	}
	return nil
}

// createdData is the 201's data in the dialect's shape.
func (s *Server) createdData(j *Job, notices []string) obj {
	seed := s.cfg.dialect == DialectDraft
	common := obj{
		{"state", "success"}, {"jobName", j.name}, {"autoStart", j.attrs.autoStart},
		{"platform", j.attrs.platform}, {"bootMode", j.attrs.afterReboot},
	}
	if sc := j.attrs.sched; sc != nil {
		common = append(common, field{"schedule", obj{{"basic", sc.display(!seed)}}})
	}
	if j.attrs.scriptPath != "" {
		common = append(common, field{"scriptPath", j.attrs.scriptPath})
	}
	if j.attrs.scriptRun != "" {
		common = append(common, field{"scriptRunTiming", j.attrs.scriptRun + " job"})
	}
	parts := make([]obj, 0, len(j.rows))
	for _, r := range j.rows {
		p := &r.spec
		var o obj
		if seed {
			o = obj{{"partition", p.name()}}
		} else {
			o = obj{{"sourcePartition", p.name()}, {"targetPartition", p.target()}}
		}
		ow := "not allow"
		if p.Overwrite {
			ow = "allow"
		}
		o = append(o, field{"jobMode", string(p.Mode)}, field{"overwrite", ow})
		if p.Partition != "" {
			o = append(o, field{"fileSystem", or(p.FileSystem, "ext4")})
		}
		latestKey := "useLatest"
		if seed {
			latestKey = "useLast"
		}
		o = append(o,
			field{"backup", obj{{latestKey, strconv.FormatBool(p.BackupFile == "")}, {"backupFile", orDash(p.BackupFile)}, {"backupJob", orDash(p.BackupJob)}}},
			field{"repository", obj{{"id", repositoryID(p.Repository.ID)}, {"path", orDash(p.Repository.Path)}, {"type", orDash(p.Repository.Type)}}},
		)
		parts = append(parts, o)
	}
	data := obj{{"common", common}, {"partitions", parts},
		{"summary", obj{{"total", len(parts)}, {"successful", len(parts)}, {"failed", 0}}}}
	if len(notices) > 0 {
		data = append(data, field{"notices", notices})
	}
	return data
}

// scheduleProblem is a refused schedule: 422 field errors, or another
// answer (400 JOB-ERROR-101).
type scheduleProblem struct {
	problem
	fields []famErr
}

// schedReq is the schedule a job is registered or updated with: an
// existing row by ID (recoveries link it as is, backups copy it), or a
// new row made of a type and timings, each given inline or as the ID of
// a row to copy.
type schedReq struct {
	id         int // "schedule": <id>
	typ        zdm.ScheduleType
	basic      *Timing
	basicID    int
	advanced   *Timing
	advancedID int
	hasAdv     bool
}

// checkedSchedule parses a body's schedule and, when the body is wrong,
// the reply that says so: its field errors (errs) with the schedule's own
// in one validation answer, else the schedule's other problem. smart
// allows types 7 to 11 (backups); recoveries take 0 to 6 only.
func (s *Server) checkedSchedule(raw json.RawMessage, errs []famErr, smart bool, now time.Time) (*schedReq, *reply) {
	sched, sp := parseSchedule(raw, smart)
	if sp != nil && sp.status == http.StatusUnprocessableEntity {
		errs = append(errs, sp.fields...)
	}
	var r reply
	switch {
	case errs != nil:
		r = s.errorReply(s.bodyProblem(errs), now)
	case sp != nil:
		r = s.errorReply(sp.problem, now)
	default:
		return sched, nil
	}
	return nil, &r
}

// checkItemMode adds an error when the mode of jobList item i is neither
// full nor increment ("" takes the job's).
func checkItemMode(errs []famErr, i int, mode string) []famErr {
	if mode != "" && mode != "full" && mode != "increment" {
		errs = append(errs, famErr{field: fmt.Sprintf("jobList.%d.mode", i), en: "mode must be one of: full, increment"})
	}
	return errs
}

// parseSchedule reads a schedule given as an ID, or as {type: 0..11 or
// its name, basic: {...} or an ID, advanced: ... (smart types)}.
func parseSchedule(raw json.RawMessage, smart bool) (*schedReq, *scheduleProblem) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var id int
	if json.Unmarshal(raw, &id) == nil {
		return &schedReq{id: id}, nil
	}
	var body struct {
		Type     json.RawMessage `json:"type"`
		Basic    json.RawMessage `json:"basic"`
		Advanced json.RawMessage `json:"advanced"`
	}
	bad := func(field, msg string) *scheduleProblem {
		return &scheduleProblem{problem: problem{status: http.StatusUnprocessableEntity}, fields: []famErr{{field: field, en: msg}}}
	}
	const partMsg = "basic/advanced must be a schedule object or an existing schedule ID (number)"
	if json.Unmarshal(raw, &body) != nil {
		return nil, bad("schedule", "schedule must be a schedule object or an existing schedule ID (number)")
	}
	t, ok := scheduleType(body.Type)
	switch {
	case !ok:
		return nil, bad("schedule.type", "invalid schedule type (must be 0 ~ 11)")
	case t.Smart() && !smart:
		return nil, &scheduleProblem{problem: problem{status: http.StatusBadRequest, code: "JOB-ERROR-101",
			msg: text{en: "For full/increment job types, schedule must contain only basic."}}}
	}
	req := &schedReq{typ: t}
	part := func(name string, raw json.RawMessage, tm **Timing, id *int) *scheduleProblem {
		if len(raw) == 0 || string(raw) == "null" {
			return bad("schedule."+name, partMsg)
		}
		if json.Unmarshal(raw, id) == nil {
			return nil
		}
		var v Timing
		if json.Unmarshal(raw, &v) != nil {
			return bad("schedule."+name, partMsg)
		}
		if v.Time == "" {
			return bad("schedule."+name, fmt.Sprintf("%s schedule validation failed (type: %d): time: time is required", name, int(t)))
		}
		if sp := timingProblem(t, v); sp != nil {
			if sp.status == http.StatusUnprocessableEntity {
				return bad("schedule."+name, sp.en)
			}
			return &scheduleProblem{problem: problem{status: sp.status, code: sp.code, msg: text{en: sp.en}}}
		}
		*tm = &v
		return nil
	}
	if sp := part("basic", body.Basic, &req.basic, &req.basicID); sp != nil {
		return nil, sp
	}
	if len(body.Advanced) > 0 && string(body.Advanced) != "null" {
		req.hasAdv = true
		if sp := part("advanced", body.Advanced, &req.advanced, &req.advancedID); sp != nil {
			return nil, sp
		}
	}
	return req, nil
}

// scheduleRowsLocked makes the rows of a schedule request for a job of
// center: an existing row (linked as is when link, else copied), or new
// ones. It returns the 404 for a row that does not exist.
func (s *Server) scheduleRowsLocked(req *schedReq, center, jobName string, link bool) (basic, advanced *scheduleRow, p *problem) {
	if req == nil {
		return nil, nil, nil
	}
	find := func(id int, code, msg string) (*scheduleRow, *problem) {
		sc := s.scheduleLocked(id)
		if sc == nil || sc.spec.Center != center && center != "" {
			return nil, &problem{status: http.StatusNotFound, code: code, msg: text{en: fmt.Sprintf(msg, id)}}
		}
		return sc, nil
	}
	if req.id != 0 {
		sc, p := find(req.id, "JOB-ERROR-100", "Schedule ID '%d' not found")
		if p != nil || link {
			return sc, nil, p
		}
		basic = s.newScheduleLocked(center, sc.spec.Type, sc.spec.Timing, false, jobName)
		for _, o := range s.schedules {
			if o.spec.Advanced && o.spec.JobName == sc.spec.JobName && o.spec.JobName != "" && o.spec.Type == sc.spec.Type {
				advanced = s.newScheduleLocked(center, o.spec.Type, o.spec.Timing, true, jobName)
				break
			}
		}
		return basic, advanced, nil
	}
	timing := func(tm *Timing, id int) (Timing, *problem) {
		if tm != nil {
			return *tm, nil
		}
		sc, p := find(id, "SCHEDULE-ERROR-01", "Schedule ID '%d' not found.")
		if p != nil {
			return Timing{}, p
		}
		return sc.spec.Timing, nil
	}
	bt, p := timing(req.basic, req.basicID)
	if p != nil {
		return nil, nil, p
	}
	var at Timing
	if req.hasAdv {
		if at, p = timing(req.advanced, req.advancedID); p != nil {
			return nil, nil, p
		}
	}
	basic = s.newScheduleLocked(center, req.typ, bt, false, jobName)
	if req.hasAdv {
		advanced = s.newScheduleLocked(center, req.typ, at, true, jobName)
	}
	return basic, advanced, nil
}
