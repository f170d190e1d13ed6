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
func (s *Server) handleCreate(r *http.Request, now time.Time) reply {
	if p := s.authenticate(r, now); p != nil {
		return s.errorReply(*p, now)
	}
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
		if s.cfg.dialect == DialectSeed {
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
	sched, bad := s.checkedSchedule(b.Schedule, errs, now)
	if bad != nil {
		return *bad
	}
	if b.ListOnly != nil && *b.ListOnly && len(b.JobList) == 0 && s.cfg.dialect == DialectV3 {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "JOB-ERROR-63", msg: text{en: "listOnly requires a non-empty jobList"}}, now)
	}

	rows := s.createRows(&b)
	if len(rows) == 0 {
		if s.cfg.dialect == DialectV3 {
			return s.errorReply(problem{status: http.StatusBadRequest, code: "JOB-ERROR-14", msg: text{en: "[Recovery registration] No partitions left to register — every candidate partition was excluded."}}, now)
		}
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{en: "No partitions left to register", ko: "등록할 파티션이 없습니다."}}, now)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if isDigits(center) {
		name, ok := s.centers.resolve(center)
		if !ok {
			return s.errorReply(problem{status: http.StatusNotFound, code: "ZDM-ERROR-01", msg: text{en: "Zdm with ID '" + center + "' not found"}}, now)
		}
		center = name
	}
	var machines [2]string
	for i, m := range []string{source, target} {
		name, ok := s.machines.resolve(m)
		if !ok && isDigits(m) {
			return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-02", msg: text{
				en: "Server with ID '" + m + "' not found", ko: "ID가 '" + m + "'인 서버를 찾을 수 없습니다.",
			}}, now)
		}
		machines[i] = or(name, m)
	}
	name := ""
	if b.JobName != nil {
		name = strings.TrimSpace(*b.JobName)
	}
	if name == "" {
		name = s.autoNameLocked(center, machines[0], rows[0].name())
	} else if s.nameTakenLocked(name, center, nil) != nil { // names are unique per center
		return s.errorReply(problem{status: http.StatusConflict, code: "JOB-ERROR-07", msg: text{
			en: "A job with the same name already exists: '" + name + "'", ko: "같은 이름의 작업이 이미 존재합니다: '" + name + "'",
		}}, now)
	}

	j := &Job{srv: s, t0: now, perStep: 1}
	j.spec = JobSpec{Name: name, Source: s.knownMachineLocked(machines[0]), Target: s.knownMachineLocked(machines[1]),
		Platform: *b.Platform, Mode: zdm.Mode(*b.Mode), Center: center, Scheduled: sched != nil, Idle: true}
	for _, p := range rows {
		j.rows = append(j.rows, &row{spec: p, logged: -1})
	}
	j.attrs = defaultAttrs(*b.Platform)
	setStr(&j.attrs.afterReboot, b.AfterReboot)
	setStr(&j.attrs.mailEvent, b.MailEvent)
	setStr(&j.attrs.scriptPath, b.ScriptPath)
	setStr(&j.attrs.scriptRun, b.ScriptRun)
	if b.NetworkLimit != nil {
		j.attrs.networkLimit = *b.NetworkLimit
	}
	j.attrs.sched = sched
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
	if s.cfg.dialect == DialectSeed {
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
	suffix := "_ROOT"
	switch {
	case isDrive(partition):
		suffix = "_" + partition[:1]
	case partition != "/":
		suffix = strings.ReplaceAll(strings.TrimRight(partition, "/"), "/", "_")
	}
	base := source + suffix
	name := base
	for n := 1; s.nameTakenLocked(name, center, nil) != nil; n++ {
		name = base + "-" + strconv.Itoa(n)
	}
	return name
}

// knownMachineLocked returns the details of a server jobs already use,
// or a bare server of that name.
func (s *Server) knownMachineLocked(name string) Machine {
	for _, j := range s.sortedJobsLocked(false) {
		for _, m := range []Machine{j.spec.Source, j.spec.Target} {
			if m.Name == name {
				m.PrivateIPs = slices.Clone(m.PrivateIPs)
				return m
			}
		}
	}
	return Machine{Name: name}
}

// busyOnTargetLocked returns another job running on j's target, or nil.
func (s *Server) busyOnTargetLocked(j *Job, now time.Time) *Job {
	for _, o := range s.sortedJobsLocked(false) {
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
	seed := s.cfg.dialect == DialectSeed
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

// checkedSchedule parses a body's schedule and, when the body is wrong,
// the reply that says so: its field errors (errs) with the schedule's own
// in one validation answer, else the schedule's other problem.
func (s *Server) checkedSchedule(raw json.RawMessage, errs []famErr, now time.Time) (*schedule, *reply) {
	sched, sp := s.parseSchedule(raw)
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

// parseSchedule reads a schedule given as an ID (linked as is; the fake
// has no schedule table, so it shows as a failed lookup) or as
// {type: 0..6 or its name, basic: {...} or an ID}, which makes a new
// schedule.
func (s *Server) parseSchedule(raw json.RawMessage) (*schedule, *scheduleProblem) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var id int
	if json.Unmarshal(raw, &id) == nil {
		return &schedule{id: id, typ: -1}, nil
	}
	var body struct {
		Type  json.RawMessage `json:"type"`
		Basic json.RawMessage `json:"basic"`
	}
	bad := func(field, msg string) *scheduleProblem {
		return &scheduleProblem{problem: problem{status: http.StatusUnprocessableEntity}, fields: []famErr{{field: field, en: msg}}}
	}
	if json.Unmarshal(raw, &body) != nil {
		return nil, bad("schedule", "schedule must be a schedule object or an existing schedule ID (number)")
	}
	typ := -1
	var name string
	if json.Unmarshal(body.Type, &typ) != nil {
		typ = -1
		if json.Unmarshal(body.Type, &name) == nil {
			for i := range scheduleTypes {
				if strings.EqualFold(name, scheduleTypes[i]) || strings.EqualFold(name, scheduleAliases[i]) {
					typ = i
				}
			}
			if strings.HasPrefix(strings.ToLower(name), "smart") {
				typ = 7
			}
		}
	}
	switch {
	case typ < 0 || typ > 11:
		return nil, bad("schedule.type", "invalid schedule type (must be 0 ~ 11)")
	case typ > 6:
		return nil, &scheduleProblem{problem: problem{status: http.StatusBadRequest, code: "JOB-ERROR-101",
			msg: text{en: "For full/increment job types, schedule must contain only basic."}}}
	case len(body.Basic) == 0 || string(body.Basic) == "null":
		return nil, bad("schedule.basic", "basic/advanced must be a schedule object or an existing schedule ID (number)")
	}
	var basicID int
	if json.Unmarshal(body.Basic, &basicID) == nil {
		// {"type": 3, "basic": 15}: a copy of schedule 15's basic part.
		s.mu.Lock()
		s.scheduleID++
		sid := s.scheduleID
		s.mu.Unlock()
		return &schedule{id: sid, typ: typ, description: fmt.Sprintf("[Basic] As schedule %d (%s).", basicID, scheduleTypes[typ])}, nil
	}
	var basic map[string]json.RawMessage
	if json.Unmarshal(body.Basic, &basic) != nil {
		return nil, bad("schedule.basic", "basic/advanced must be a schedule object or an existing schedule ID (number)")
	}
	var at string
	_ = json.Unmarshal(basic["time"], &at)
	if at == "" {
		return nil, bad("schedule.basic", fmt.Sprintf("basic schedule validation failed (type: %d): time: time is required", typ))
	}
	s.mu.Lock()
	s.scheduleID++
	sid := s.scheduleID
	s.mu.Unlock()
	desc := "[Basic] Start working at " + at + " every day."
	if typ != 3 {
		desc = "[Basic] Start working at " + at + " (" + scheduleTypes[typ] + ")."
	}
	return &schedule{id: sid, typ: typ, description: desc}, nil
}
