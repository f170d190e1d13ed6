package zdmtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Backup jobs are Jobs too: one row (the partition or drive they back
// up), the same plans, polls, runs and Job methods as recovery jobs.
// What is theirs alone lives in backupAttrs.
type backupAttrs struct {
	mode        string // full, increment, smart
	repo        int
	advanced    *scheduleRow // a smart job's advanced schedule row (the basic one is attrs.sched)
	compression bool
	encryption  bool
	rotation    int
	excludeDir  string
	device      string
}

// AddBackupJob adds a backup job to the world and returns it, or nil
// (misuse reported) when the spec has a problem: a server, repository or
// schedule its center lacks, a partition its server lacks, a name the
// server's center has already for that server, a bad step. Its Job
// methods move it as they move recovery jobs (Start, Stop, Complete,
// Fail, ...); a run that completes writes an image, every run that ends
// a history row.
func (s *Server) AddBackupJob(spec BackupJobSpec) *Job {
	if !s.addWorld(fmt.Sprintf("AddBackupJob(%q)", spec.Name), World{Backups: []BackupJobSpec{spec}}) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastBackup
}

// BackupJob returns the backup job with that ID (digits) or name, or
// nil; a name several centers hold gives the most recently registered.
func (s *Server) BackupJob(identifier string) *Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lookup(&s.backups, identifier, "")
}

// BackupJobs returns the backup jobs in ID order.
func (s *Server) BackupJobs() []*Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.backups.sorted(false)
}

// Images returns the backup images, oldest first, with their names and
// times filled in.
func (s *Server) Images() []ImageSpec {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	out := make([]ImageSpec, 0, len(s.images))
	for _, im := range s.sortedImagesLocked() {
		out = append(out, im.spec)
	}
	return out
}

// BackupHistories returns copies of the history rows of backup runs,
// oldest first.
func (s *Server) BackupHistories() []History {
	return s.copyHistories(func() []*History { return s.backupRuns })
}

// sortedImagesLocked is every image, oldest first.
func (s *Server) sortedImagesLocked() []*imageRow {
	out := slices.Clone(s.images)
	slices.SortStableFunc(out, func(a, b *imageRow) int { return a.spec.CreatedAt.Compare(b.spec.CreatedAt) })
	return out
}

// partitionSuffix is the suffix servers give a job name for a partition:
// "_ROOT" for "/", "_boot_efi" for "/boot/efi", "_C" for "C:".
func partitionSuffix(partition string) string {
	switch {
	case isDrive(partition):
		return "_" + strings.ToUpper(partition[:1])
	case partition == "/":
		return "_ROOT"
	}
	return strings.ReplaceAll(strings.TrimRight(partition, "/"), "/", "_")
}

// backupMode reads a backup mode: full, increment or smart.
func backupMode(m string) (string, bool) {
	switch strings.ToLower(m) {
	case "", "full":
		return "full", true
	case "increment", "smart":
		return strings.ToLower(m), true
	}
	return m, false
}

// backupModeName is a mode as registration and histories show it.
func backupModeName(mode string) string {
	switch mode {
	case "increment":
		return "Increment Backup"
	case "smart":
		return "Smart Backup"
	}
	return "Full Backup"
}

// addBackupJobLocked checks and adds one backup job.
func (s *Server) addBackupJobLocked(b BackupJobSpec, p *problems, path string, now time.Time) *Job {
	n := len(p.list)
	var sv *serverRow
	switch {
	case strings.TrimSpace(b.Server) == "":
		p.add(member(path, "server"), "empty: a backup job backs up a server of the world")
	case b.Center != "" && s.centerNamedLocked(b.Center) == nil:
		p.add(member(path, "center"), "%q is not a center of the world%s", b.Center, s.centerNames())
	default:
		if sv = s.serverNamedLocked(b.Center, b.Server); sv == nil {
			p.add(member(path, "server"), "%q is not a server of %s", b.Server, centerWords(b.Center))
		}
	}
	if b.Partition != "" && b.Drive != "" {
		p.add(member(path, "drive"), "set with partition %q: a backup job backs up one or the other", b.Partition)
	}
	mode, ok := backupMode(b.Mode)
	if !ok {
		p.add(member(path, "mode"), "unknown mode %q (want full, increment or smart)", b.Mode)
	}
	ps := PartitionSpec{Steps: b.Steps, Ramp: b.Ramp, Simulation: b.Simulation, Partition: "/"}
	ps.check(p, path)
	if sv == nil || len(p.list) > n {
		return nil
	}
	b.Center = sv.spec.Center
	vol := &sv.spec.Partitions[0]
	if part := or(b.Partition, b.Drive); part != "" {
		if vol = sv.volume(part); vol == nil {
			field := "partition"
			if b.Drive != "" {
				field = "drive"
			}
			p.add(member(path, field), "%q is not a partition of server %q (it has %s)", part, sv.spec.Name, volumeList(sv))
			return nil
		}
	}
	var repo *repoRow
	switch repos := s.reposOfLocked(b.Center); {
	case b.Repository == 0 && len(repos) == 0:
		p.add(member(path, "repository"), "center %q has no repository: add one first", b.Center)
	case b.Repository == 0:
		repo = repos[0]
	default:
		if repo = s.repoLocked(b.Repository); repo == nil || repo.spec.Center != b.Center {
			p.add(member(path, "repository"), "%d is not a repository of center %q%s", b.Repository, b.Center, availableIDs(repos))
		}
	}
	var sched *scheduleRow
	if b.Schedule != 0 {
		if sched = s.scheduleLocked(b.Schedule); sched == nil || sched.spec.Center != b.Center {
			p.add(member(path, "schedule"), "%d is not a schedule of center %q", b.Schedule, b.Center)
		}
	}
	b.Name = or(strings.TrimSpace(b.Name), sv.spec.Name+partitionSuffix(vol.Letter))
	for _, o := range s.backups.byName[b.Name] {
		if o.spec.Center == b.Center && o.spec.Source.Name == sv.spec.Name {
			p.add(member(path, "name"), "%q is taken by backup job %d of the same server", b.Name, o.id)
		}
	}
	b.ID = s.checkID(p, path, "backup", b.ID, func(id int) bool { return s.backups.byID[id] != nil }, s.backups.next)
	if len(p.list) > n {
		return nil
	}
	rs := PartitionSpec{Steps: slices.Clone(b.Steps), Simulation: b.Simulation, Device: vol.Device, Mode: "full"}
	if len(b.Ramp) > 0 && len(b.Steps) == 0 {
		rs.Steps = Ramp(b.Ramp...)
	}
	if rs.Simulation != nil {
		sim := *rs.Simulation
		rs.Simulation = &sim
	}
	if isDrive(vol.Letter) {
		rs.Drive = vol.Letter
	} else {
		rs.Partition = vol.Letter
	}
	j := &Job{srv: s, id: b.ID, name: b.Name, perStep: 1, t0: now,
		spec: JobSpec{ID: b.ID, Name: b.Name, Center: b.Center, Source: sv.machine(), Scheduled: sched != nil, Idle: b.Idle},
		rows: []*row{newRow(rs)},
		run:  runState{idle: b.Idle, updated: now},
		backup: &backupAttrs{mode: mode, repo: repo.spec.ID, compression: b.Compression, encryption: b.Encryption,
			rotation: max(b.Rotation, 1), excludeDir: b.ExcludeDir, device: vol.Device},
	}
	j.attrs = jobAttrs{sched: sched, autoStart: "not use"}
	if !b.Idle {
		j.run.runs = 1
	}
	j.log = []string{"[" + s.cfg.logTime(now) + "] Backup job registered"}
	if err := s.addJobLocked(j); err != nil {
		p.add(member(path, "id"), "%v", err)
		return nil
	}
	s.lastBackup = j
	return j
}

// volumeList lists a server's partitions for a message.
func volumeList(sv *serverRow) string {
	names := make([]string, len(sv.spec.Partitions))
	for i, v := range sv.spec.Partitions {
		names[i] = strconv.Quote(v.Letter)
	}
	return strings.Join(names, ", ")
}

// availableIDs lists repository IDs for a message.
func availableIDs(repos []*repoRow) string {
	if len(repos) == 0 {
		return " (it has none)"
	}
	ids := make([]string, len(repos))
	for i, r := range repos {
		ids[i] = strconv.Itoa(r.spec.ID)
	}
	return " (it has " + strings.Join(ids, ", ") + ")"
}

// partOf is a backup job's partition or drive.
func (j *Job) partOf() string { return j.rows[0].spec.name() }

// addImageLocked checks and adds one image, with the history row of the
// run that wrote it.
func (s *Server) addImageLocked(im ImageSpec, p *problems, path string, now time.Time) {
	n := len(p.list)
	j := s.lookup(&s.backups, im.Job, im.Center)
	switch {
	case strings.TrimSpace(im.Job) == "":
		p.add(member(path, "job"), "empty: an image is written by a backup job of the world")
	case j == nil || !s.matchesCenter(im.Center, j.spec.Center):
		p.add(member(path, "job"), "%q is not a backup job of %s", im.Job, centerWords(im.Center))
		j = nil
	}
	switch strings.ToLower(im.Type) {
	case "":
		im.Type = "full"
	case "full", "increment":
		im.Type = strings.ToLower(im.Type)
	default:
		p.add(member(path, "type"), "unknown type %q (want full or increment)", im.Type)
	}
	if j == nil || len(p.list) > n {
		return
	}
	if im.CreatedAt.IsZero() {
		im.CreatedAt = now
	}
	if im.Name == "" {
		im.Name = s.imageNameLocked(j, im.CreatedAt)
	} else if s.imageNamedLocked(j.backup.repo, im.Name) != nil {
		p.add(member(path, "name"), "%q is taken in repository %d", im.Name, j.backup.repo)
		return
	}
	s.writeImageLocked(j, im, HistoryComplete, "Backup completed successfully")
}

// imageNameLocked names an image as the servers do,
// "<job>_[2026-01-07_08_44].ZIA" (seconds added when a run of the same
// minute took that name).
func (s *Server) imageNameLocked(j *Job, at time.Time) string {
	t := at.In(s.cfg.loc)
	name := j.name + "_[" + t.Format("2006-01-02_15_04") + "].ZIA"
	for k := 0; s.imageNamedLocked(j.backup.repo, name) != nil; k++ {
		name = j.name + "_[" + t.Format("2006-01-02_15_04_05") + "].ZIA"
		if k > 0 {
			name = j.name + "_[" + t.Format("2006-01-02_15_04_05") + "]_" + strconv.Itoa(k) + ".ZIA"
		}
	}
	return name
}

// imageNamedLocked is the image of that name in a repository, or nil.
func (s *Server) imageNamedLocked(repo int, name string) *imageRow {
	for _, im := range s.images {
		if im.repo == repo && im.spec.Name == name {
			return im
		}
	}
	return nil
}

// writeImageLocked adds an image of job j (named, created) and the
// history row of its run.
func (s *Server) writeImageLocked(j *Job, im ImageSpec, result, description string) {
	sv := s.serverNamedLocked(j.spec.Center, j.spec.Source.Name)
	part := j.partOf()
	if im.Size == 0 && sv != nil {
		if v := sv.volume(part); v != nil {
			im.Size = v.Used
		}
	}
	if im.Compressed == 0 {
		im.Compressed = im.Size * 2 / 5
	}
	im.Job, im.Center = j.name, j.spec.Center
	s.images = append(s.images, &imageRow{spec: im, job: j, repo: j.backup.repo, server: j.spec.Source.Name,
		center: j.spec.Center, part: part, device: j.backup.device})
	typ := "Full Backup"
	if im.Type == "increment" {
		typ = "Increment Backup"
	}
	s.addBackupRunLocked(j, im.CreatedAt.Add(-10*time.Minute), im.CreatedAt, typ, result, description)
}

// addBackupRunLocked adds the history row of a backup run.
func (s *Server) addBackupRunLocked(j *Job, start, end time.Time, typ, result, description string) {
	path := "-"
	if r := s.repoLocked(j.backup.repo); r != nil {
		path = r.spec.LocalPath
	}
	s.backupSeq++
	s.backupRuns = append(s.backupRuns, &History{ID: s.backupSeq, JobID: j.id, JobName: j.name, Source: j.spec.Source.Name,
		Center: j.spec.Center, Drive: j.partOf(), BackupType: typ, RepositoryPath: path,
		Result: result, Description: description, Start: start, End: end})
}

// endBackupRunLocked records the end of a backup run: its history row,
// and, when it completed, its image.
func (s *Server) endBackupRunLocked(j *Job, agg rowState, states []rowState) {
	if sc := j.attrs.sched; sc != nil {
		sc.lastRun = agg.start
	}
	typ := "full"
	if j.backup.mode == "increment" {
		typ = "increment"
	}
	switch agg.phase {
	case PhaseCompleted, PhaseScheduled:
		s.writeImageLocked(j, ImageSpec{Name: s.imageNameLocked(j, agg.end), Type: typ, CreatedAt: agg.end},
			HistoryComplete, "Backup completed successfully")
		s.images[len(s.images)-1].spec.CreatedAt = agg.end
		s.backupRuns[len(s.backupRuns)-1].Start = agg.start
	case PhaseCanceled:
		s.addBackupRunLocked(j, agg.start, agg.end, backupModeName(j.backup.mode), HistoryFail, "Backup canceled by user")
	default:
		msg := "Backup failed"
		for _, st := range states {
			if st.message != "" {
				msg = st.message
			}
		}
		s.addBackupRunLocked(j, agg.start, agg.end, backupModeName(j.backup.mode), HistoryFail, msg)
	}
}

// lastRunLocked is the backup job's latest history row, or nil when it
// never ran.
func (s *Server) lastRunLocked(j *Job) *History {
	var last *History
	for _, h := range s.backupRuns {
		if h.JobID == j.id && (last == nil || !h.End.Before(last.End)) {
			last = h
		}
	}
	return last
}

// removeBackupLocked deletes a backup job with its histories; it returns
// how many histories went. Its images stay: they are files in the
// repository, which the servers' delete does not touch (its
// deletedComponents are basicInfo, detailInfo, historyData and logData,
// WIRE-OTHERS 2.5) and whose scans list them still, by the job name they
// carry, as orphans once their server is gone too (WIRE-OTHERS 2.9).
func (s *Server) removeBackupLocked(j *Job) int {
	s.backups.remove(j)
	before := len(s.backupRuns)
	s.backupRuns = slices.DeleteFunc(s.backupRuns, func(h *History) bool { return h.JobID == j.id })
	return before - len(s.backupRuns)
}
