package zdmtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// JobSpec describes a recovery job for AddRecoveryJob. Only what a test
// cares about needs setting: an empty spec is a job named "recovery-<id>"
// from "source-server" to "target-server" with no partitions yet. Its
// JSON form (the jobs of a [Scenario], zdm-fake's scenario files) uses
// the names in the tags.
type JobSpec struct {
	// ID is the recovery ID; 0 assigns the next free one.
	ID int `json:"id,omitempty"`
	// Name is the recovery name ("" gives "recovery-<id>"). It may hold
	// spaces, "/", "%" or Hangul, as real names do.
	Name string `json:"name,omitempty"`
	// Source and Target are the two servers, by name: servers of the
	// world, in the job's center (see [Server.AddRecoveryJob]). Empty,
	// they are the center's first source and target servers. In JSON a
	// server may be given by its name alone: "source": "web-01".
	Source Machine `json:"source,omitzero"`
	Target Machine `json:"target,omitzero"`
	// Platform is shown with detail=true (job.info.platform), e.g.
	// "OpenStack" or "VMware".
	Platform string `json:"platform,omitempty"`
	// Mode is the job's mode (default zdm.ModeFull): shown with
	// detail=true, and the default of the partitions' Mode.
	Mode zdm.Mode `json:"mode,omitempty"`
	// Partitions are the rows of the job, in order.
	Partitions []PartitionSpec `json:"partitions,omitempty"`
	// Log is the job log's first lines; it grows as the job progresses.
	Log []string `json:"log,omitempty"`
	// Scheduled makes completed partitions show Scheduled, as released
	// servers do for a finished run of a job that has a schedule.
	Scheduled bool `json:"scheduled,omitempty"`
	// StartedAt is when simulated partitions start their clock; zero
	// means the server's clock at AddRecoveryJob. In JSON an RFC 3339
	// time.
	StartedAt time.Time `json:"startedAt,omitzero"`
	// Center is the center the job belongs to. A monitoring query with a
	// center filter of another center answers 403; "" ignores the filter.
	// Names are unique per center: two centers may each have a job of
	// the same Name (see [Server.JobIn]); a job of no center takes its
	// name in every center.
	Center string `json:"center,omitempty"`
	// PollsPerStep makes scripted partitions advance one step every
	// PollsPerStep polls (0 means every poll).
	PollsPerStep int `json:"pollsPerStep,omitempty"`
	// Idle makes the job wait to be started, as a job registered with
	// POST {api}/recoveries does: it shows Registered (Scheduled when
	// Scheduled is set) until a PUT with "status": "start" or
	// [Job.Start]; its partitions' Steps or Simulation are then the plan
	// of the run. Without Idle the job's first run starts when it is
	// added.
	Idle bool `json:"idle,omitempty"`
}

// Machine is one server of a recovery, or of a [Scenario]. Only Name is
// sent without detail=true.
type Machine struct {
	// Name is the server's name.
	Name string `json:"name"`
	// OS is e.g. "Rocky Linux 9.3".
	OS string `json:"os,omitempty"`
	// Agent is e.g. "ZDM Agent 2.0.1".
	Agent string `json:"agent,omitempty"`
	// PublicIP is the public address; "" is sent as null.
	PublicIP string `json:"publicIP,omitempty"`
	// PrivateIPs are the private addresses.
	PrivateIPs []string `json:"privateIPs,omitempty"`
}

// Repository is where a partition's backup is stored (detail=true). The
// ID is sent as a string, as the servers do.
type Repository struct {
	// ID is the repository's ID.
	ID int `json:"id,omitempty"`
	// Type is e.g. "SMB", "NFS".
	Type string `json:"type,omitempty"`
	// Path is the repository's path or share.
	Path string `json:"path,omitempty"`
}

// PartitionSpec is one row of a job: a Linux partition (Partition: "/",
// "/home") or a Windows drive (Drive: "C:"), set exactly one. Its
// progress follows Steps (one step per poll of the job, the last step
// repeating; Ramp is a shorthand for them), or Simulation (the server's
// clock), or neither (Pending until Job methods move it).
type PartitionSpec struct {
	// Partition is a Linux row's mount point ("/", "/home").
	Partition string `json:"partition,omitempty"`
	// Drive is a Windows row's drive ("C:").
	Drive string `json:"drive,omitempty"`

	// Steps script the row: one step per poll, the last repeating.
	Steps []Step `json:"steps,omitempty"`
	// Ramp, instead of Steps, scripts the row as Ramp(percents...) does:
	// running at each percent, then completed.
	Ramp []int `json:"ramp,omitempty"`
	// Simulation drives the row by the server's clock instead.
	Simulation *Simulation `json:"simulation,omitempty"`

	// Device is sent with detail=true ("/dev/vda1").
	Device string `json:"device,omitempty"`
	// Mode is sent with detail=true; default: the job's Mode.
	Mode zdm.Mode `json:"mode,omitempty"`
	// BackupJob is backup.jobName (detail=true).
	BackupJob string `json:"backupJob,omitempty"`
	// BackupFile is backup.fileName, and 3.0.0's backupFile.
	BackupFile string `json:"backupFile,omitempty"`
	// Repository is where the backup is stored (detail=true).
	Repository Repository `json:"repository,omitzero"`
	// TargetPartition is where the row is restored to (list "to"); ""
	// means the same as Partition or Drive.
	TargetPartition string `json:"targetPartition,omitempty"`
	// FileSystem is sent with detail=true on Linux rows (default "ext4").
	FileSystem string `json:"fileSystem,omitempty"`
	// TargetDisk is a 3.0.0 extra (detail=true).
	TargetDisk string `json:"targetDisk,omitempty"`
	// Size is a 3.0.0 extra (detail=true).
	Size string `json:"size,omitempty"`
	// DiskNumber is a 3.0.0 extra (detail=true).
	DiskNumber int `json:"diskNumber,omitempty"`
	// Overwrite is a 3.0.0 extra (detail=true).
	Overwrite bool `json:"overwrite,omitempty"`
}

// name is the row's partition or drive.
func (p *PartitionSpec) name() string {
	if p.Partition != "" {
		return p.Partition
	}
	return p.Drive
}

// target is where the row is restored to.
func (p *PartitionSpec) target() string {
	if p.TargetPartition != "" {
		return p.TargetPartition
	}
	return p.name()
}

// check adds what is wrong with the row at path.
func (ps *PartitionSpec) check(p *problems, path string) {
	switch {
	case ps.Partition == "" && ps.Drive == "":
		p.add(path, "sets neither partition nor drive: a row is a partition (\"/\", \"/home\") or a drive (\"C:\")")
	case ps.Partition != "" && ps.Drive != "":
		p.add(member(path, "drive"), "set with partition %q: a row is one or the other", ps.Partition)
	}
	plans := 0
	for _, set := range []bool{len(ps.Steps) > 0, len(ps.Ramp) > 0, ps.Simulation != nil} {
		if set {
			plans++
		}
	}
	if plans > 1 {
		p.add(path, "sets more than one of steps, ramp and simulation: choose one")
	}
	if !validMode(ps.Mode) {
		p.add(member(path, "mode"), "unknown mode %q (want full or increment)", ps.Mode)
	}
	p.steps(member(path, "steps"), ps.Steps)
	for i, v := range ps.Ramp {
		p.percent(elem(member(path, "ramp"), i), v)
	}
	if ps.Simulation != nil {
		ps.Simulation.check(p, member(path, "simulation"))
	}
}

func validMode(m zdm.Mode) bool { return m == "" || m == zdm.ModeFull || m == zdm.ModeIncrement }

// Job is a recovery job of a Server. Its methods move it from a test and
// are safe for concurrent use with the server's handlers.
type Job struct {
	srv     *Server
	id      int
	name    string
	spec    JobSpec // a deep copy; Partitions live in rows
	t0      time.Time
	perStep int

	// Guarded by srv.mu.
	rows     []*row
	log      []string
	polls    int
	advanced int
	run      runState
	attrs    jobAttrs
	backup   *backupAttrs // nil for a recovery job
}

// row is one partition's moving state.
type row struct {
	spec PartitionSpec
	// own and ownSim are the row's own plan (PartitionSpec's Steps or
	// Simulation), which a run follows when no plan is set.
	own      []Step
	ownSim   *Simulation
	override *rowState // set by Job methods; wins over the plan
	// cancelShown: an override Canceling has been polled once, so the
	// next poll shows Canceled.
	cancelShown bool

	// Times first seen, for plans that do not carry their own.
	started, rebooted, ended time.Time
	logged                   int   // highest script step whose Log is in the job log
	lastPhase                Phase // the phase the last poll showed
	seen                     bool  // a poll has shown the row
}

// AddRecoveryJob adds a job to the server and returns it. A spec that
// cannot be served (a duplicate ID or name, a row with both Partition and
// Drive, a step with a percent outside 0..100, ...) is reported as
// misuse; the returned Job then works but is not served.
//
// The job's center and servers are those of the world: a Source or
// Target given by name alone takes the world server's details, an empty
// one the first source (target) server of the job's center, and a center
// or server the world lacks is added to it bare (a [Scenario] refuses
// them instead: it declares its world).
func (s *Server) AddRecoveryJob(spec JobSpec) *Job {
	j := s.newJob(spec, s.now())
	var p problems
	spec.check(&p, "")
	if p.list == nil {
		s.mu.Lock()
		s.placeJobLocked(j, false, &p, "")
		s.mu.Unlock()
	}
	if err := p.err(); err != nil {
		s.misuse("AddRecoveryJob(%q): %v", spec.Name, err)
	}
	return j
}

// ReplaceRecoveryJob replaces the recovery job with spec.ID by a new one
// of spec, which must name centers and servers of the world, as a
// [Scenario]'s jobs do. When spec has a problem (a name another job of
// its center holds, a server the world lacks, a bad step, ...) the old
// job stays and the error, a *[ScenarioError], names each problem by its
// JSON path within spec.
func (s *Server) ReplaceRecoveryJob(spec JobSpec) (*Job, error) {
	var p problems
	spec.check(&p, "")
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.recoveries.byID[spec.ID]
	if old == nil {
		p.add("id", "%d is not a recovery job of the server", spec.ID)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	sn := s.snapshotLocked()
	s.recoveries.remove(old)
	j := s.newJob(spec, now)
	s.placeJobLocked(j, true, &p, "")
	if err := p.err(); err != nil {
		s.restoreLocked(sn)
		return nil, err
	}
	return j, nil
}

// newJob makes a recovery job of spec, not yet served.
func (s *Server) newJob(spec JobSpec, now time.Time) *Job {
	j := &Job{srv: s, spec: spec, id: spec.ID, name: spec.Name, perStep: max(spec.PollsPerStep, 1)}
	j.spec.Log, j.spec.Partitions = nil, nil
	j.spec.Source.PrivateIPs = slices.Clone(spec.Source.PrivateIPs)
	j.spec.Target.PrivateIPs = slices.Clone(spec.Target.PrivateIPs)
	if j.spec.Mode == "" {
		j.spec.Mode = zdm.ModeFull
	}
	j.log = slices.Clone(spec.Log)
	for _, p := range spec.Partitions {
		p.Steps = slices.Clone(p.Steps)
		if len(p.Ramp) > 0 && len(p.Steps) == 0 {
			p.Steps, p.Ramp = Ramp(p.Ramp...), nil
		}
		if p.Simulation != nil {
			sim := *p.Simulation
			p.Simulation = &sim
		}
		if p.Mode == "" {
			p.Mode = j.spec.Mode
		}
		j.rows = append(j.rows, newRow(p))
	}
	j.t0 = spec.StartedAt
	if j.t0.IsZero() {
		j.t0 = now
	}
	j.run = runState{idle: spec.Idle, updated: j.t0}
	if !spec.Idle {
		j.run.runs = 1
	}
	j.attrs = defaultAttrs(j.spec.Platform)
	return j
}

// newRow is a row that follows p's own plan.
func newRow(p PartitionSpec) *row {
	return &row{spec: p, own: slices.Clone(p.Steps), ownSim: p.Simulation, logged: -1}
}

// placeJobLocked puts a recovery job in the world and serves it: its
// center and servers are the world's (strict: refused when the world
// lacks them, with problems at path; else added bare), then it takes its
// ID and name.
func (s *Server) placeJobLocked(j *Job, strict bool, p *problems, path string) {
	s.placeJobIfLocked(j, strict, p, path, len(p.list))
}

// placeJobIfLocked is placeJobLocked that adds the job only if p has no
// more problems than n: it checks a job already refused, to say what else
// is wrong with it.
func (s *Server) placeJobIfLocked(j *Job, strict bool, p *problems, path string, n int) {
	center := j.spec.Center
	if center != "" && s.centerNamedLocked(center) == nil {
		if strict {
			p.add(member(path, "center"), "%q is not a center of the world%s", center, s.centerNames())
			return
		}
		s.centers = append(s.centers, &centerRow{spec: s.bareCenter(center), updated: j.t0})
	}
	for _, side := range []struct {
		field string
		m     *Machine
		mode  zdm.ServerMode
	}{{"source", &j.spec.Source, zdm.ServerModeSource}, {"target", &j.spec.Target, zdm.ServerModeTarget}} {
		if side.m.Name == "" {
			side.m.Name = s.firstServerLocked(center, side.mode, "source-server")
			if side.mode == zdm.ServerModeTarget {
				side.m.Name = s.firstServerLocked(center, side.mode, "target-server")
			}
		}
		sv := s.serverNamedLocked(center, side.m.Name)
		switch {
		case sv == nil && strict:
			p.add(member(path, side.field), "%q is not a server of %s", side.m.Name, centerWords(center))
		case sv == nil:
			spec := ServerSpec{ID: 1 + maxOf(s.servers, func(r *serverRow) int { return r.spec.ID }), Name: side.m.Name,
				Center: center, Mode: side.mode, OS: side.m.OS, Agent: side.m.Agent,
				PublicIP: side.m.PublicIP, PrivateIPs: slices.Clone(side.m.PrivateIPs)}
			if center == "" && len(s.centers) > 0 {
				spec.Center = s.centers[0].spec.Name
			}
			spec.Partitions = normalizeVolumes(&problems{}, "", windows(spec.OS), nil)
			s.servers = append(s.servers, &serverRow{spec: spec, updated: j.t0})
		case side.m.OS == "" && side.m.Agent == "" && side.m.PublicIP == "" && len(side.m.PrivateIPs) == 0:
			*side.m = sv.machine()
		}
		if sv != nil && strict {
			for i, r := range j.rows {
				part, field := r.spec.name(), "partition"
				if r.spec.Partition == "" {
					field = "drive"
				}
				if side.mode == zdm.ServerModeTarget {
					part = r.spec.target()
					if r.spec.TargetPartition != "" {
						field = "targetPartition"
					}
				}
				if part != "" && !sv.hasTarget(part) {
					p.add(member(elem(member(path, "partitions"), i), field), "%q is not a partition of %s server %q (it has %s)",
						part, side.field, sv.spec.Name, volumeList(sv))
				}
			}
		}
	}
	if len(p.list) > n {
		// Say what else is wrong with it.
		if _, taken := s.recoveries.byID[j.spec.ID]; taken && j.spec.ID != 0 {
			p.add(member(path, "id"), "ID %d is taken", j.spec.ID)
		}
		if j.spec.Name != "" && s.recoveries.nameTaken(j.spec.Name, center, nil) != nil {
			p.add(member(path, "name"), "name %q is taken in %s", j.spec.Name, centerWords(center))
		}
		return
	}
	if err := s.addJobLocked(j); err != nil {
		field := "name"
		if strings.HasPrefix(err.Error(), "ID") {
			field = "id"
		}
		p.add(member(path, field), "%v", err)
	}
}

// bareCenter is a center added because a job named it.
func (s *Server) bareCenter(name string) CenterSpec {
	id := 1 + maxOf(s.centers, func(r *centerRow) int { return r.spec.ID })
	return CenterSpec{ID: id, Name: name, Host: name + "-host", OS: "Rocky Linux 9.3", PublicIP: fmt.Sprintf("10.%d.0.10", id%250)}
}

// firstServerLocked is the name of the center's first server of a
// mode (any center's for ""), or def.
func (s *Server) firstServerLocked(center string, mode zdm.ServerMode, def string) string {
	for _, sv := range s.servers {
		if sv.spec.Mode == mode && (center == "" || sv.spec.Center == center) {
			return sv.spec.Name
		}
	}
	return def
}

// centerWords names a center in a message (center "zdm-a"), or the
// world for none.
func centerWords(center string) string {
	if center == "" {
		return "the world"
	}
	return "center " + strconv.Quote(center)
}

// check adds what is wrong with the spec at path.
func (spec *JobSpec) check(p *problems, path string) {
	if spec.ID < 0 {
		p.add(member(path, "id"), "%d is negative", spec.ID)
	}
	if !validMode(spec.Mode) {
		p.add(member(path, "mode"), "unknown mode %q (want full or increment)", spec.Mode)
	}
	if spec.PollsPerStep < 0 {
		p.add(member(path, "pollsPerStep"), "%d is negative", spec.PollsPerStep)
	}
	for i := range spec.Partitions {
		spec.Partitions[i].check(p, elem(member(path, "partitions"), i))
	}
}

// addJobLocked assigns the ID and name and registers the job in its
// family's table; names are unique per center (see [Server.JobIn]).
func (s *Server) addJobLocked(j *Job) error {
	t := j.table()
	id := j.spec.ID
	if id == 0 {
		id = t.next()
	}
	if _, dup := t.byID[id]; dup {
		return fmt.Errorf("ID %d is taken", id)
	}
	name := j.spec.Name
	if name == "" {
		name = "recovery-" + strconv.Itoa(id)
	}
	if j.backup == nil && t.nameTaken(name, j.spec.Center, nil) != nil {
		if j.spec.Center == "" {
			return fmt.Errorf("name %q is taken", name)
		}
		return fmt.Errorf("name %q is taken in center %q", name, j.spec.Center)
	}
	j.id, j.name = id, name
	t.add(j)
	if plan, ok := s.plans[name]; ok {
		j.run.plan = slices.Clone(plan)
	}
	return nil
}

// table is the job's family's table.
func (j *Job) table() *jobTable {
	if j.backup != nil {
		return &j.srv.backups
	}
	return &j.srv.recoveries
}

// Job returns the server's recovery job with that ID (digits) or name,
// or nil. As names are unique per center only, a name held in several
// centers gives the job most recently registered under it (the one a GET
// by that name without a center answers); [Server.JobIn] picks one
// center's.
func (s *Server) Job(identifier string) *Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lookup(&s.recoveries, identifier, "")
}

// JobIn returns the recovery job with that ID (digits) or name in center
// (a center name or ID), or nil: a job of another center is not returned,
// a job of no center is within every center. An empty center is
// [Server.Job].
func (s *Server) JobIn(center, identifier string) *Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.lookup(&s.recoveries, identifier, center)
	if j == nil || !s.matchesCenter(center, j.spec.Center) {
		return nil
	}
	return j
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ID is the job's recovery ID.
func (j *Job) ID() int { return j.id }

// Name is the job's recovery name (a PUT with changeName changes it).
func (j *Job) Name() string {
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	return j.name
}

// Polls is how many monitoring requests (job or server monitoring)
// reached this job (after authentication, validation and the center
// check, whatever the other filters); answers made by an injected fault
// do not count, nor do list and get requests.
func (j *Job) Polls() int {
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	return j.polls
}

// Log returns a copy of the job log as it stands.
func (j *Job) Log() []string {
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	return slices.Clone(j.log)
}

// AppendLog adds lines to the job log.
func (j *Job) AppendLog(lines ...string) {
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	j.log = append(j.log, lines...)
}

// Advance moves every scripted partition one step forward without a poll
// (the next poll shows the step after the one it would have shown).
func (j *Job) Advance() {
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	j.advanced++
}

// noun is the job's kind, for messages: "Recovery" or "Backup".
func (j *Job) noun() string {
	if j.backup != nil {
		return "Backup"
	}
	return "Recovery"
}

// Complete makes every partition Completed at 100%, whatever its plan.
func (j *Job) Complete() {
	j.pin(j.noun()+" completed", func(r *row, cur rowState, now time.Time) *rowState {
		return &rowState{phase: PhaseCompleted, percent: 100, start: orTime(cur.start, now), end: now, step: -1}
	})
}

// Fail makes every unfinished partition Failed at its current percent
// with message ("" for the usual one).
func (j *Job) Fail(message string) {
	j.pin(j.noun()+" failed: "+orDash(message), func(r *row, cur rowState, now time.Time) *rowState {
		if cur.phase.finished() {
			return nil
		}
		return &rowState{phase: PhaseFailed, percent: cur.percent, message: message, start: orTime(cur.start, now), end: now, step: -1}
	})
}

// Cancel cancels every unfinished partition: the next poll shows
// Canceling, the one after Canceled.
func (j *Job) Cancel() {
	j.pin("Cancel requested", func(r *row, cur rowState, now time.Time) *rowState {
		if cur.phase.finished() {
			return nil
		}
		r.cancelShown = false
		return &rowState{phase: PhaseCanceling, percent: cur.percent, start: orTime(cur.start, now), step: -1}
	})
}

// Set pins partition i (in JobSpec.Partitions order) to step s until
// another Job method moves it. A bad index or step is reported as misuse.
func (j *Job) Set(i int, s Step) {
	var p problems
	p.step("step", s)
	if err := p.err(); err != nil {
		j.srv.misuse("Job(%q).Set(%d): %v", j.name, i, err)
		return
	}
	if i < 0 || i >= len(j.rows) { // rows never change length
		j.srv.misuse("Job(%q).Set(%d): the job has %d partitions", j.name, i, len(j.rows))
		return
	}
	j.srv.mu.Lock()
	defer j.srv.mu.Unlock()
	st := stepState(s, -1)
	r := j.rows[i]
	r.override, r.cancelShown = &st, false
	if s.Log != "" {
		j.log = append(j.log, s.Log)
	}
}

// Remove deletes the job from the server: later polls get 404. A backup
// job's histories go with it; its images stay in the repository.
func (j *Job) Remove() {
	s := j.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if j.backup != nil {
		s.removeBackupLocked(j)
		return
	}
	j.table().remove(j)
}

// pin overrides the rows for which f returns a state, given the state
// the row shows now, and logs line.
func (j *Job) pin(line string, f func(r *row, cur rowState, now time.Time) *rowState) {
	s := j.srv
	now := s.now() // not under s.mu: the clock is the caller's code
	s.mu.Lock()
	defer s.mu.Unlock()
	shown := j.shown()
	for _, r := range j.rows {
		if st := f(r, j.state(r, now, shown), now); st != nil {
			r.override = st
		}
	}
	j.log = append(j.log, "["+s.cfg.logTime(now)+"] "+line)
}

func orTime(t, alt time.Time) time.Time {
	if t.IsZero() {
		return alt
	}
	return t
}
