package zdmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The backup-job routes: GET and POST {api}/backups, GET, PUT and DELETE
// {api}/backups/:id.

// backupFilter is the filters of the backup list and get.
type backupFilter struct {
	jobID, jobName, server, mode, status, center string
	parts                                        []string
	repoID, repoType, repoPath                   string
	detail                                       bool
}

var (
	backupGetKeys  = []string{"server", "mode", "partition", "drive", "status", "repositoryID", "repositoryType", "repositoryPath", "detail", "page", "limit", "center", "sort"}
	backupListKeys = append([]string{"jobId", "jobName"}, backupGetKeys...)
)

func (qr *queryReader) backupFilter() backupFilter {
	f := backupFilter{jobID: qr.str("jobId"), jobName: qr.str("jobName"), server: qr.str("server"),
		mode: qr.enum("mode", "full", "increment", "smart"), status: qr.statusFilter(), center: qr.str("center"),
		repoID: qr.str("repositoryID"), repoType: qr.enum("repositoryType", "smb", "nfs"), repoPath: qr.str("repositoryPath"),
		detail: qr.boolean("detail")}
	if qr.s.cfg.dialect == DialectDraft {
		f.server = qr.str("serverName")
	}
	parts, drives := qr.partitionFilter()
	f.parts = append(parts, drives...)
	if f.jobID != "" && !isDigits(f.jobID) {
		qr.fail("jobId", "jobId must be a number", "'jobId' 값은 숫자여야 합니다.")
	}
	return f
}

// backupMatches applies the filters to a backup job showing phase p.
// Guarded by srv.mu.
func (s *Server) backupMatches(f backupFilter, j *Job, p Phase) bool {
	repo := s.repoLocked(j.backup.repo)
	server := f.server
	if isDigits(server) {
		if sv := s.serverInLocked(j.spec.Center, server); sv != nil {
			server = sv.spec.Name
		}
	}
	switch {
	case f.jobID != "" && f.jobID != strconv.Itoa(j.id),
		f.jobName != "" && f.jobName != j.name,
		server != "" && server != j.spec.Source.Name,
		f.mode != "" && f.mode != j.backup.mode,
		len(f.parts) > 0 && !slices.Contains(f.parts, j.partOf()),
		!s.cfg.statusMatches(p, f.status),
		f.repoID != "" && f.repoID != strconv.Itoa(j.backup.repo),
		f.repoType != "" && (repo == nil || string(repo.spec.Type) != f.repoType),
		f.repoPath != "" && (repo == nil || f.repoPath != repo.spec.LocalPath && f.repoPath != repo.spec.RemotePath),
		!s.matchesCenter(f.center, j.spec.Center):
		return false
	}
	return true
}

// handleBackups answers GET {api}/backups.
func (s *Server) handleBackups(r *http.Request, _ []string, now time.Time) reply {
	qr := s.newQuery(r.URL.Query(), backupListKeys, "")
	f := qr.backupFilter()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobsPage(&s.backups, desc, pg, func(j *Job, p Phase) bool { return s.backupMatches(f, j, p) },
		func(j *Job, states []rowState) obj { return s.backupItem(j, states, f.detail, now) }, text{en: "Backup job list"}, now)
}

// backupNotFound is the 404 for a backup job identifier.
func (s *Server) backupNotFound(id string) problem {
	en, ko := identKind(id)
	return s.missing("JOB-ERROR-01", "BACKUP_NOT_FOUND", "Backup job", "Backup 작업을", en, ko, id)
}

// handleBackup answers GET {api}/backups/:id.
func (s *Server) handleBackup(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	qr := s.newQuery(r.URL.Query(), backupGetKeys, "")
	f := qr.backupFilter()
	qr.paging()
	qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.lookup(&s.backups, id, f.center)
	if j == nil || !s.matchesCenter(f.center, j.spec.Center) {
		return s.errorReply(s.backupNotFound(id), now)
	}
	states := j.peek(now)
	if !s.backupMatches(f, j, j.overall(states).phase) {
		en, ko := identKind(id)
		return s.errorReply(problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
			en: "Backup job with " + en + " '" + id + "' exists, but no results match the specified filter conditions.",
			ko: ko + " '" + id + "'인 Backup 작업은 존재하지만, 지정된 필터 조건과 일치하는 결과가 없습니다."}}, now)
	}
	return s.success(http.StatusOK, s.backupItem(j, states, f.detail, now), text{en: "Backup job retrieved"}, now)
}

// backupItem is a backup job as the list and get show it. Guarded by
// srv.mu.
func (s *Server) backupItem(j *Job, states []rowState, detail bool, now time.Time) obj {
	b := j.backup
	sv := s.serverNamedLocked(j.spec.Center, j.spec.Source.Name)
	system := obj{{"id", "-"}, {"name", j.spec.Source.Name}, {"os", "Linux"}}
	if sv != nil {
		system[0].value = strconv.Itoa(sv.spec.ID)
		if sv.windows() {
			system[2].value = "Windows"
		}
		if detail {
			lic := "-"
			if sv.spec.License != 0 {
				lic = strconv.Itoa(sv.spec.License)
			}
			system = append(system, field{"agent", orDash(sv.spec.Agent)},
				field{"ip", obj{{"public", orDash(sv.spec.PublicIP)}, {"private", append([]string{}, sv.spec.PrivateIPs...)}}},
				field{"license", lic})
		}
	}
	agg := j.overall(states)
	end := agg.end
	if !agg.phase.finished() {
		end = time.Time{}
	}
	key := "partition"
	if isDrive(j.partOf()) {
		key = "drive"
	}
	info := obj{{"id", strconv.Itoa(j.id)}, {"name", j.name}, {"mode", b.mode}, {key, j.partOf()}}
	if sc := j.attrs.sched; sc != nil {
		var adv any = "-"
		if b.advanced != nil {
			adv = b.advanced.listShape()
		}
		info = append(info, field{"schedule", obj{{"basic", sc.listShape()}, {"advanced", adv}}})
	}
	info = append(info, field{"status", obj{
		{"current", s.cfg.spell(agg.phase)},
		{"time", obj{{"start", s.cfg.dataTime(agg.start)}, {"elapsed", elapsed(agg.start, end, now)}, {"end", s.cfg.dataTime(end)}}},
	}})
	if detail {
		info = append(info, field{"options", obj{{"compression", useWord(b.compression)}, {"encryption", useWord(b.encryption)},
			{"rotation", strconv.Itoa(b.rotation)}, {"excludeDir", orDash(b.excludeDir)}, {"networkSpeed", strconv.Itoa(j.attrs.networkLimit)},
			{"notification", obj{{"mail", orDash(j.attrs.mailEvent)}}}}})
	}
	repo := obj{{"id", strconv.Itoa(b.repo)}, {"type", "-"}, {"path", "-"}}
	if rp := s.repoLocked(b.repo); rp != nil {
		typ := string(rp.spec.Type)
		if typ == "smb" {
			typ = "cifs"
		}
		repo = obj{{"id", strconv.Itoa(b.repo)}, {"type", typ}, {"path", rp.spec.LocalPath}}
	}
	return obj{{"system", system}, {"job", obj{{"info", info}, {"lastUpdated", s.cfg.dataTime(j.run.updated)}}}, {"repository", repo}}
}

// useWord spells an option as the backup routes do.
func useWord(on bool) string {
	if on {
		return "use"
	}
	return "not use"
}

// backupBody is POST {api}/backups' body, every generation's keys.
type backupBody struct {
	Center       json.RawMessage  `json:"center"`
	Server       json.RawMessage  `json:"server"`
	Type         *string          `json:"type"`
	Partition    json.RawMessage  `json:"partition"`
	Repository   *repoBody        `json:"repository"`
	JobName      *string          `json:"jobName"`
	User         json.RawMessage  `json:"user"`
	Schedule     json.RawMessage  `json:"schedule"`
	Rotation     *int             `json:"rotation"`
	Compression  *string          `json:"compression"`
	Encryption   *string          `json:"encryption"`
	AutoStart    *string          `json:"autoStart"`
	ExcludeDir   json.RawMessage  `json:"excludeDir"`
	ExcludePart  json.RawMessage  `json:"excludePartition"`
	MailEvent    *string          `json:"mailEvent"`
	NetworkLimit *int             `json:"networkLimit"`
	ScriptPath   *string          `json:"scriptPath"`
	ScriptRun    *string          `json:"scriptRun"`
	Individual   []individualItem `json:"individual"`
}

// individualItem is one per-partition override of a registration.
type individualItem struct {
	Partition   string    `json:"partition"`
	JobName     *string   `json:"jobName"`
	Type        *string   `json:"type"`
	Repository  *repoBody `json:"repository"`
	Rotation    *int      `json:"rotation"`
	Compression *string   `json:"compression"`
	Encryption  *string   `json:"encryption"`
	AutoStart   *string   `json:"autoStart"`
}

// strings reads a string or a list of strings (comma lists split).
func stringList(raw json.RawMessage) ([]string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return list(one), true
	}
	var many []string
	if json.Unmarshal(raw, &many) != nil {
		return nil, false
	}
	var out []string
	for _, m := range many {
		out = append(out, list(m)...)
	}
	return out, true
}

// plannedJob is one job a registration makes, or the partition it could
// not make one for.
type plannedJob struct {
	part, name, mode string
	repo             int
	compression      bool
	encryption       bool
	rotation         int
	autoStart        bool
	fail             string
}

// handleCreateBackup answers POST {api}/backups: one job per partition
// (every partition of the server for an empty list), named jobName plus
// the partition's suffix ("nightly_ROOT"), or an individual item's
// jobName as given. A partition the server lacks fails on its own.
func (s *Server) handleCreateBackup(r *http.Request, _ []string, now time.Time) reply {
	var b backupBody
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	seed := s.cfg.dialect == DialectDraft
	center, hasCenter := identString(b.Center)
	server, hasServer := identString(b.Server)
	parts, partsOK := stringList(b.Partition)
	excluded, _ := stringList(b.ExcludePart)
	var errs []famErr
	required := func(name string, ok bool) {
		if !ok {
			errs = append(errs, famErr{field: name, en: name + " is required", ko: name + "가 누락되었습니다"})
		}
	}
	required("center", hasCenter)
	required("server", hasServer)
	required("type", b.Type != nil)
	required("partition", len(b.Partition) > 0 && partsOK)
	required("repository", b.Repository != nil)
	if b.Repository != nil {
		if seed {
			required("repository.type", b.Repository.Type != "")
			required("repository.path", b.Repository.Path != "")
		} else {
			required("repository.id", b.Repository.ID != nil)
		}
	}
	if b.Type != nil && !slices.Contains([]string{"full", "increment", "smart"}, *b.Type) {
		errs = append(errs, famErr{field: "type", en: "type must be one of: full, increment, smart", ko: "type은 full, increment, smart중 하나여야 합니다"})
	}
	for _, o := range []struct {
		name string
		v    *string
	}{{"compression", b.Compression}, {"encryption", b.Encryption}, {"autoStart", b.AutoStart}} {
		errs = checkEnum(errs, o.name, o.v, "use", "not use")
	}
	errs = checkEnum(errs, "scriptRun", b.ScriptRun, "before", "after")
	if b.Rotation != nil && (*b.Rotation < 1 || *b.Rotation > 30) {
		errs = append(errs, famErr{field: "rotation", en: "rotation must be between 1 and 30"})
	}
	if b.NetworkLimit != nil && *b.NetworkLimit < 0 {
		errs = append(errs, famErr{field: "networkLimit", en: "networkLimit must not be negative"})
	}
	for i, it := range b.Individual {
		if strings.TrimSpace(it.Partition) == "" {
			errs = append(errs, famErr{field: fmt.Sprintf("individual.%d.partition", i), en: "partition is required"})
		}
		if it.Type != nil && !slices.Contains([]string{"full", "increment", "smart"}, *it.Type) {
			errs = append(errs, famErr{field: fmt.Sprintf("individual.%d.type", i), en: "type must be one of: full, increment, smart"})
		}
	}
	if errs != nil && seed {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "VALIDATION_ERROR", msg: text{en: or(errs[0].ko, errs[0].en)}}, now)
	}
	sched, bad := s.checkedSchedule(b.Schedule, errs, true, now)
	if bad != nil {
		return *bad
	}
	mode := *b.Type
	if p := s.scheduleFitsMode(mode, sched); p != nil {
		return s.errorReply(*p, now)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.centerByIdentLocked(center)
	if c == nil {
		p := s.centerNotFound(center)
		if s.cfg.dialect == DialectV3 {
			p.code, p.msg.en = "JOB-ERROR-03", "Center '"+center+"' not found."
		}
		return s.errorReply(p, now)
	}
	sv := s.serverInLocked(c.spec.Name, server)
	if sv == nil {
		return s.errorReply(s.jobServerNotFound(server, c.spec.Name), now)
	}
	repoOf := func(r *repoBody, def int) (int, *problem) {
		switch {
		case r == nil:
			return def, nil
		case r.ID != nil:
			if rp := s.repoLocked(*r.ID); rp == nil || rp.spec.Center != c.spec.Name {
				p := s.repositoryNotFound(strconv.Itoa(*r.ID), c.spec.Name)
				return 0, &p
			}
			return *r.ID, nil
		}
		for _, rp := range s.reposOfLocked(c.spec.Name) {
			if (r.Path == rp.spec.RemotePath || r.Path == rp.spec.LocalPath) && (r.Type == "" || strings.EqualFold(r.Type, string(rp.spec.Type))) {
				return rp.spec.ID, nil
			}
		}
		p := s.repositoryMissing("path '"+r.Path+"'", "경로 '"+r.Path+"'", c.spec.Name)
		return 0, &p
	}
	repo, p := repoOf(b.Repository, 0)
	if p != nil {
		return s.errorReply(*p, now)
	}
	if len(parts) == 0 {
		for _, v := range sv.spec.Partitions {
			parts = append(parts, v.Letter)
		}
	}
	var plan []plannedJob
	for _, part := range parts {
		part = normalizePartition(part)
		if slices.Contains(excluded, part) || slices.ContainsFunc(plan, func(o plannedJob) bool { return o.part == part }) {
			continue
		}
		pj := plannedJob{part: part, mode: mode, repo: repo, rotation: 1, compression: deref(b.Compression) != "not use",
			encryption: deref(b.Encryption) == "use", autoStart: deref(b.AutoStart) == "use"}
		if b.Rotation != nil {
			pj.rotation = *b.Rotation
		}
		if sv.volume(part) == nil {
			pj.fail = "Partition '" + part + "' not found on server '" + sv.spec.Name + "'"
		}
		for _, it := range b.Individual {
			if normalizePartition(strings.TrimSpace(it.Partition)) != part {
				continue
			}
			if it.JobName != nil {
				pj.name = strings.TrimSpace(*it.JobName)
			}
			setStr(&pj.mode, it.Type)
			if pj.repo, p = repoOf(it.Repository, pj.repo); p != nil {
				return s.errorReply(*p, now)
			}
			if it.Rotation != nil {
				pj.rotation = *it.Rotation
			}
			if it.Compression != nil {
				pj.compression = *it.Compression == "use"
			}
			if it.Encryption != nil {
				pj.encryption = *it.Encryption == "use"
			}
			if it.AutoStart != nil {
				pj.autoStart = *it.AutoStart == "use"
			}
		}
		plan = append(plan, pj)
	}
	// Names: an individual jobName as given, else jobName with the
	// partition's suffix, else the server's name with it (and, from
	// 2.0.0 on, "_Backup_<n>"). A name the center holds is refused.
	var names []string
	for i := range plan {
		pj := &plan[i]
		if pj.fail != "" {
			continue
		}
		if pj.name == "" {
			base := sv.spec.Name + partitionSuffix(pj.part)
			if b.JobName != nil && strings.TrimSpace(*b.JobName) != "" {
				base = strings.TrimSpace(*b.JobName) + partitionSuffix(pj.part)
				pj.name = base
			} else if seed {
				pj.name = base
			} else {
				for n := 1; pj.name == "" || s.backups.nameTaken(pj.name, c.spec.Name, nil) != nil || slices.Contains(names, pj.name); n++ {
					pj.name = base + "_Backup_" + strconv.Itoa(n)
				}
			}
		}
		if s.backups.nameTaken(pj.name, c.spec.Name, nil) != nil || slices.Contains(names, pj.name) {
			return s.errorReply(problem{status: http.StatusConflict, code: "JOB-ERROR-07", msg: text{
				en: "Job name '" + pj.name + "' already exists.", ko: "JOB_NAME_ALREADY_EXISTS"}}, now)
		}
		names = append(names, pj.name)
	}
	switch {
	case len(plan) == 0:
		return s.errorReply(problem{status: http.StatusBadRequest, code: "JOB-ERROR-14", msg: text{
			en: "Nothing to register: every partition was excluded", ko: "등록할 파티션이 없습니다."}}, now)
	case len(names) == 0:
		return s.errorReply(partitionNotFound("Partition", plan[0].part, sv.spec.Name), now)
	}
	if sched != nil && sched.id != 0 {
		if sc := s.scheduleLocked(sched.id); sc != nil {
			if p := s.scheduleFitsMode(mode, &schedReq{typ: sc.spec.Type, hasAdv: true}); p != nil {
				return s.errorReply(*p, now)
			}
		}
	}
	results := make([]obj, 0, len(plan))
	ok := 0
	for _, pj := range plan {
		if pj.fail != "" {
			results = append(results, obj{{"state", "fail"}, {"jobName", "-"}, {"partition", pj.part}, {"errorMessage", pj.fail}})
			continue
		}
		basic, adv, sp := s.scheduleRowsLocked(sched, c.spec.Name, pj.name, false)
		if sp != nil {
			return s.errorReply(*sp, now)
		}
		spec := BackupJobSpec{Name: pj.name, Server: sv.spec.Name, Center: c.spec.Name, Partition: pj.part, Mode: pj.mode,
			Repository: pj.repo, Idle: true, Compression: pj.compression, Encryption: pj.encryption, Rotation: pj.rotation}
		if basic != nil {
			spec.Schedule = basic.spec.ID
		}
		var pr problems
		j := s.addBackupJobLocked(spec, &pr, "", now)
		if j == nil {
			s.misuse("registering backup %q: %v", pj.name, pr.err()) // cannot happen: checked above
			continue
		}
		j.backup.advanced, j.backup.excludeDir = adv, strings.Join(mustList(b.ExcludeDir), ",")
		setStr(&j.attrs.mailEvent, b.MailEvent)
		setStr(&j.attrs.scriptPath, b.ScriptPath)
		setStr(&j.attrs.scriptRun, b.ScriptRun)
		if b.NetworkLimit != nil {
			j.attrs.networkLimit = *b.NetworkLimit
		}
		if pj.autoStart {
			j.attrs.autoStart = "use"
			if basic == nil {
				j.startLocked(now) // no schedule: it runs once, now
			}
		}
		ok++
		results = append(results, s.createdBackup(j, pj, basic, adv))
	}
	data := obj{{"summary", obj{{"total", len(plan)}, {"successful", ok}, {"failed", len(plan) - ok}}}, {"results", results}}
	msg := text{en: "Backup job registration completed"}
	if seed {
		msg = text{en: "Backup jobs registered"}
	}
	return s.success(http.StatusCreated, data, msg, now)
}

func mustList(raw json.RawMessage) []string {
	l, _ := stringList(raw)
	return l
}

// scheduleFitsMode is the 400 for a schedule that does not fit a backup
// mode: full and increment take basic types (0 to 6, JOB-ERROR-101),
// smart takes a smart type with both timings (JOB-ERROR-102) and needs
// one (JOB-ERROR-107).
func (s *Server) scheduleFitsMode(mode string, sched *schedReq) *problem {
	bad := func(code, en, ko string) *problem {
		return &problem{status: http.StatusBadRequest, code: code, msg: text{en: en, ko: ko}}
	}
	switch {
	case sched == nil && mode == "smart":
		return bad("JOB-ERROR-107", "Schedule is required for Smart Backup.", "")
	case sched == nil || sched.id != 0:
		return nil // a schedule by ID is checked once read
	case mode != "smart" && sched.typ.Smart():
		return bad("JOB-ERROR-101", "For full/increment job types, schedule must contain only basic.", "")
	case mode == "smart" && (!sched.typ.Smart() || !sched.hasAdv):
		return bad("JOB-ERROR-102", "Smart job mode requires both a basic and an advanced schedule.", "Smart 작업 모드에는 basic + advanced schedule이 모두 필요합니다.")
	}
	return nil
}

// createdBackup is one result of a registration.
func (s *Server) createdBackup(j *Job, pj plannedJob, basic, adv *scheduleRow) obj {
	seed := s.cfg.dialect == DialectDraft
	jobMode := backupModeName(pj.mode)
	if seed {
		jobMode = pj.mode
	}
	o := obj{{"state", "success"}, {"jobName", j.name}, {"partition", pj.part}, {"jobMode", jobMode}, {"autoStart", j.attrs.autoStart}}
	if basic != nil {
		sc := obj{{"basic", basic.display(!seed)}}
		if adv != nil {
			sc = append(sc, field{"advanced", adv.display(!seed)})
		}
		o = append(o, field{"schedule", sc})
	}
	if j.attrs.scriptPath != "" {
		o = append(o, field{"scriptPath", j.attrs.scriptPath})
	}
	if j.attrs.scriptRun != "" {
		o = append(o, field{"scriptRunTiming", j.attrs.scriptRun + " job"})
	}
	return o
}

// handleUpdateBackup answers PUT {api}/backups/:id: the fields sent
// change; "status": "start" starts a run, "stop" cancels one. A smart
// schedule turns a full or increment job smart, a basic one a smart job
// full, unless mode is sent.
func (s *Server) handleUpdateBackup(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	var b struct {
		Center       json.RawMessage `json:"center"`
		ChangeName   *string         `json:"changeName"`
		Mode         *string         `json:"mode"`
		Status       *string         `json:"status"`
		Rotation     *int            `json:"rotation"`
		Compression  *string         `json:"compression"`
		Encryption   *string         `json:"encryption"`
		ExcludeDir   *string         `json:"excludeDir"`
		MailEvent    *string         `json:"mailEvent"`
		NetworkLimit *int            `json:"networkLimit"`
		Schedule     json.RawMessage `json:"schedule"`
		Repository   *repoBody       `json:"repository"`
		ScriptPath   *string         `json:"scriptPath"`
		ScriptRun    *string         `json:"scriptRun"`
	}
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	seed := s.cfg.dialect == DialectDraft
	center, _ := identString(b.Center)
	var errs []famErr
	errs = checkEnum(errs, "mode", b.Mode, "full", "increment", "smart")
	statuses := []string{"start", "stop"}
	if seed {
		statuses = append(statuses, "run", "complete", "waiting", "cancel", "schedule")
	}
	errs = checkEnum(errs, "status", b.Status, statuses...)
	errs = checkEnum(errs, "compression", b.Compression, "use", "not use")
	errs = checkEnum(errs, "encryption", b.Encryption, "use", "not use")
	errs = checkEnum(errs, "scriptRun", b.ScriptRun, "before", "after")
	if b.Rotation != nil && (*b.Rotation < 1 || *b.Rotation > 30) {
		errs = append(errs, famErr{field: "rotation", en: "rotation must be between 1 and 30"})
	}
	if b.NetworkLimit != nil && *b.NetworkLimit < 0 {
		errs = append(errs, famErr{field: "networkLimit", en: "networkLimit must not be negative"})
	}
	if b.ChangeName != nil && strings.TrimSpace(*b.ChangeName) == "" {
		errs = append(errs, famErr{field: "changeName", en: "changeName must not be empty"})
	}
	sched, bad := s.checkedSchedule(b.Schedule, errs, true, now)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.lookup(&s.backups, id, center)
	if j == nil || center != "" && !s.matchesCenter(center, j.spec.Center) {
		p := s.backupNotFound(id)
		p.msg.ko = strings.Replace(p.msg.ko, "Backup 작업을", "Backup을", 1)
		return s.errorReply(p, now)
	}
	if b.ChangeName != nil && *b.ChangeName != j.name && s.backups.nameTaken(*b.ChangeName, j.spec.Center, j) != nil {
		return s.errorReply(problem{status: http.StatusConflict, code: "JOB-ERROR-07", msg: text{
			en: "Job name '" + *b.ChangeName + "' already exists.", ko: "JOB_NAME_ALREADY_EXISTS"}}, now)
	}
	repo := j.backup.repo
	if b.Repository != nil && b.Repository.ID != nil {
		if rp := s.repoLocked(*b.Repository.ID); rp == nil || rp.spec.Center != j.spec.Center {
			return s.errorReply(s.repositoryNotFound(strconv.Itoa(*b.Repository.ID), j.spec.Center), now)
		}
		repo = *b.Repository.ID
	}
	mode := j.backup.mode
	if sched != nil && b.Mode == nil {
		switch {
		case sched.typ.Smart() && mode != "smart":
			mode = "smart"
		case !sched.typ.Smart() && sched.id == 0 && mode == "smart":
			mode = "full"
		}
	}
	setStr(&mode, b.Mode)
	if sched != nil {
		if p := s.scheduleFitsMode(mode, sched); p != nil {
			return s.errorReply(*p, now)
		}
	}
	basic, adv, sp := s.scheduleRowsLocked(sched, j.spec.Center, j.name, false)
	if sp != nil {
		return s.errorReply(*sp, now)
	}
	var changes []change
	label := func(key, display string) string { return s.label(key, display) }
	if b.ChangeName != nil && *b.ChangeName != j.name {
		changes = append(changes, change{"jobName", j.name, *b.ChangeName})
		j.table().dropName(j)
		j.name, j.spec.Name = *b.ChangeName, *b.ChangeName
		j.table().addName(j)
	}
	if mode != j.backup.mode {
		changes = append(changes, change{"mode", j.backup.mode, mode})
		j.backup.mode = mode
	}
	if b.Rotation != nil && *b.Rotation != j.backup.rotation {
		changes = append(changes, change{"rotation", j.backup.rotation, *b.Rotation})
		j.backup.rotation = *b.Rotation
	}
	flag := func(name string, dst *bool, v *string) {
		if v != nil && (*v == "use") != *dst {
			changes = append(changes, change{name, useWord(*dst), *v})
			*dst = *v == "use"
		}
	}
	flag("compression", &j.backup.compression, b.Compression)
	flag("encryption", &j.backup.encryption, b.Encryption)
	str := func(key, display string, dst *string, v *string) {
		if v != nil && *v != *dst {
			changes = append(changes, change{label(key, display), *dst, *v})
			*dst = *v
		}
	}
	str("excludeDir", "excludeDir", &j.backup.excludeDir, b.ExcludeDir)
	str("mailEvent", "mailEvent", &j.attrs.mailEvent, b.MailEvent)
	str("scriptPath", "scriptPath", &j.attrs.scriptPath, b.ScriptPath)
	str("scriptRun", "scriptRun", &j.attrs.scriptRun, b.ScriptRun)
	if b.NetworkLimit != nil && *b.NetworkLimit != j.attrs.networkLimit {
		changes = append(changes, change{"networkLimit", j.attrs.networkLimit, *b.NetworkLimit})
		j.attrs.networkLimit = *b.NetworkLimit
	}
	if repo != j.backup.repo {
		changes = append(changes, change{"repository", j.backup.repo, repo})
		j.backup.repo = repo
	}
	if basic != nil {
		var prev any
		if j.attrs.sched != nil {
			prev = j.attrs.sched.display(true)
		}
		changes = append(changes, change{label("schedule", "Schedule(Basic)"), prev, basic.display(true)})
		j.attrs.sched, j.backup.advanced, j.spec.Scheduled = basic, adv, true
	}
	if b.Status != nil {
		changes = append(changes, change{label("status", "Job Status"), s.cfg.spell(j.overall(j.peek(now)).phase), *b.Status})
		switch *b.Status {
		case "start", "run":
			j.startLocked(now)
		case "stop", "cancel":
			j.stopLocked(now)
		}
	}
	if len(changes) > 0 {
		j.run.updated = now
	}
	msg := text{en: "Backup job Update completed"}
	if seed {
		msg = text{en: "Backup job updated"}
	}
	return s.success(http.StatusOK, obj{
		{"jobInfo", []obj{{{"id", strconv.Itoa(j.id)}, {"name", j.name}, {"partition", j.partOf()}}}},
		{"summary", obj{{"state", "success"}, {"updatedFields", renderChanges(changes)}}},
	}, msg, now)
}

// handleDeleteBackup answers DELETE {api}/backups/:id: the job goes with
// its histories and log (its images stay in the repository). 3.0.0 wants exactly one center and
// refuses a name several jobs of it hold (409); 1.x/2.x take a partition
// filter, and answer summary.state "not_found" when it leaves nothing.
func (s *Server) handleDeleteBackup(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	center, p := s.oneCenter(r)
	if p != nil {
		return s.errorReply(*p, now)
	}
	part := ""
	if s.cfg.dialect == DialectV1 {
		part = normalizePartition(strings.TrimSpace(r.URL.Query().Get("partition")))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var jobs []*Job
	if j, ok := s.backups.byID[atoi(id)]; ok && isDigits(id) {
		jobs = []*Job{j}
	} else {
		for _, j := range s.backups.byName[id] {
			if s.matchesCenter(center, j.spec.Center) {
				jobs = append(jobs, j)
			}
		}
	}
	if center != "" {
		jobs = slices.DeleteFunc(jobs, func(j *Job) bool { return !s.matchesCenter(center, j.spec.Center) })
	}
	if len(jobs) == 0 {
		p := s.backupNotFound(id)
		if s.cfg.dialect == DialectV3 {
			p.msg.en = "Job information not found"
		}
		return s.errorReply(p, now)
	}
	if len(jobs) > 1 && s.cfg.dialect == DialectV3 {
		ids := make([]string, len(jobs))
		for i, j := range jobs {
			ids[i] = strconv.Itoa(j.id)
		}
		return s.errorReply(problem{status: http.StatusConflict, code: "CONFLICT", msg: text{en: "Multiple backup jobs named '" + id +
			"' exist (ids: " + strings.Join(ids, ", ") + "). Delete by job id instead."}}, now)
	}
	if part != "" {
		jobs = slices.DeleteFunc(jobs, func(j *Job) bool { return j.partOf() != part })
	}
	infos := make([]obj, 0, len(jobs))
	var histories, logs int
	for _, j := range jobs {
		key := "partition"
		if isDrive(j.partOf()) {
			key = "drive"
		}
		logs += len(j.log)
		histories += s.removeBackupLocked(j)
		infos = append(infos, obj{{"name", j.name}, {key, j.partOf()}, {"deletedComponents", obj{
			{"basicInfo", true}, {"detailInfo", true}, {"historyData", true}, {"logData", true}}}})
	}
	state := "success"
	if len(jobs) == 0 {
		state = "not_found"
	}
	return s.success(http.StatusOK, obj{
		{"jobInfo", infos},
		{"summary", obj{{"state", state}, {"affectedComponents", obj{
			{"basicInfoDeleted", len(jobs)}, {"detailInfoDeleted", len(jobs)}, {"historyDataDeleted", histories}, {"logDataDeleted", logs}}}}},
	}, text{en: "Backup job deleted"}, now)
}

// atoi reads digits, 0 for anything else.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
