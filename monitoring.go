package zdm

import (
	"encoding/json"
	"slices"
)

// JobMonitoring is one snapshot of a recovery job, whatever server dialect
// sent it: the shape of the draft API (/api/v1) and 1.x/2.x (system +
// job.details), older drafts (system names as plain strings, a single
// job.progressInfo) and the 3.0.0 shape (job.info.source/target,
// job.progress.partitions, job.timeInfo) all decode into it.
//
// The progress text (statuses, percents, messages, times, elapsed times)
// and log lines hold the text as sent ("-" stays "-"; null and absent read
// as ""), and the typed readings treat "" and "-" alike as "not given";
// every other field reads the servers' placeholders ("-", "Unknown", null)
// as empty.
type JobMonitoring struct {
	// System names the source and target servers.
	System Systems `json:"system"`
	// Job is the job's identity, log and per-partition progress.
	Job JobProgress `json:"job"`
}

// Systems names the two servers of a recovery.
type Systems struct {
	// Source is the server the backup was taken from.
	Source ServerInfo `json:"source"`
	// Target is the server the recovery writes to.
	Target ServerInfo `json:"target"`
}

// ServerInfo describes one server of a recovery. OS, Agent and IP are sent
// only with detail=true.
type ServerInfo struct {
	// Name is the server's name as registered in ZDM.
	Name string `json:"name"`
	// ID is the server's ID (recovery lists and gets only); 0 when not
	// sent.
	ID int64 `json:"id,omitempty"`
	// License is the server's licence as sent (recovery lists and gets,
	// with detail=true).
	License string `json:"license,omitempty"`
	// OS is the operating system ("Ubuntu 22.04"), with detail=true.
	OS string `json:"os,omitempty"`
	// Agent is the ZDM agent's version, with detail=true.
	Agent string `json:"agent,omitempty"`
	// IP holds the server's addresses, with detail=true.
	IP IPAddresses `json:"ip,omitzero"`
}

// IPAddresses are a server's addresses (detail=true).
type IPAddresses struct {
	// Public is the public address, "" when the server has none.
	Public string `json:"public,omitempty"`
	// Private are the private addresses (empty entries dropped).
	Private []string `json:"private,omitempty"`
}

// JobProgress is the progress of a recovery job.
type JobProgress struct {
	// Info identifies the job.
	Info JobInfo `json:"info"`
	// Log is the job's log lines, oldest first (3.0.0 servers send them
	// only with detail=true).
	Log []string `json:"log"`
	// Details is one row per partition (Linux) or drive (Windows).
	Details []PartitionProgress `json:"details"`

	// Progress is the job-level progress that 3.0.0 servers send beside the
	// per-partition rows (job.progress with job.timeInfo). It is nil when
	// the server sent none. When it carries a status, that status decides
	// whether the job is done: it knows the reboot phase that follows the
	// last partition's copy.
	Progress *ProgressInfo `json:"progress,omitempty"`
}

// JobInfo identifies a recovery job. Platform and Mode are sent only with
// detail=true; ID only by 3.0.0 servers.
type JobInfo struct {
	// ID is the job's ID (3.0.0 only; 0 from older servers).
	ID int64 `json:"id,omitempty"`
	// Name is the job's name.
	Name string `json:"name"`
	// Platform is the target platform ("VMware", "AWS"), with detail=true.
	Platform string `json:"platform,omitempty"`
	// Mode is the recovery mode ("full", "increment"), with detail=true.
	Mode string `json:"mode,omitempty"`
}

// PartitionProgress is the progress of one partition (Linux) or drive
// (Windows) of a job. 3.0.0 servers may send the same partition twice, told
// apart by BackupFile; both rows are kept.
type PartitionProgress struct {
	// Partition is the mount point of a Linux row ("/", "/home").
	Partition string `json:"partition,omitempty"`
	// Drive is the drive of a Windows row ("C:").
	Drive string `json:"drive,omitempty"`
	// ProgressInfo is the row's status, percent, message and times.
	ProgressInfo ProgressInfo `json:"progressInfo"`

	// BackupFile is the backup image a 3.0.0 row restores from.
	BackupFile string `json:"backupFile,omitempty"`

	// Device is the target device ("/dev/vdb1"), with detail=true.
	Device string `json:"device,omitempty"`
	// Mode is the row's recovery mode, with detail=true.
	Mode string `json:"mode,omitempty"`
	// Backup names the backup restored, with detail=true.
	Backup BackupInfo `json:"backup,omitzero"`
	// Repository is where the backup is stored, with detail=true.
	Repository RepositoryInfo `json:"repository,omitzero"`
	// TargetDisk is the target disk (3.0.0, detail=true).
	TargetDisk string `json:"targetDisk,omitempty"`
	// Size is the partition's size as sent (3.0.0, detail=true).
	Size string `json:"size,omitempty"`
	// DiskNumber is the Windows disk number as text (3.0.0, detail=true).
	DiskNumber string `json:"diskNumber,omitempty"`
	// Overwrite is the overwrite setting as sent (3.0.0, detail=true).
	Overwrite string `json:"overwrite,omitempty"`
}

// BackupInfo names the backup a partition is recovered from (detail=true).
type BackupInfo struct {
	// JobName is the backup job's name.
	JobName string `json:"jobName,omitempty"`
	// FileName is the backup image's file name.
	FileName string `json:"fileName,omitempty"`
}

// RepositoryInfo is where the backup is stored (detail=true).
type RepositoryInfo struct {
	// ID is the repository's ID, whether the server sent "1" or 1; 0 when
	// not given.
	ID int64 `json:"id,omitempty"`
	// Type is the repository's type ("NFS", "SMB", "local").
	Type string `json:"type,omitempty"`
	// Path is the repository's path or share.
	Path string `json:"path,omitempty"`
}

// ProgressInfo is the progress of one partition, drive or (3.0.0) job.
type ProgressInfo struct {
	// Status is the status as the server spells it; see [Status.Phase].
	Status Status `json:"status"`
	// Percent is the progress as sent ("45%", "60", "-"); see
	// [ProgressInfo.PercentValue].
	Percent string `json:"percent"`
	// Message is the server's message about the row.
	Message string `json:"message"`
	// Start is when the row started: RFC 3339, with the server's offset
	// for servers that send zone-less times; "-" before it starts.
	Start string `json:"start"`
	// Elapsed is the time spent as sent ("00:15:00"); see
	// [ProgressInfo.ElapsedDuration].
	Elapsed string `json:"elapsed"`
	// End is when the row ended, like Start; "-" until then.
	End string `json:"end"`
}

// Name is the partition for Linux rows, else the drive for Windows rows.
func (p PartitionProgress) Name() string {
	if given(p.Partition) {
		return p.Partition
	}
	if given(p.Drive) {
		return p.Drive
	}
	return ""
}

// Finished reports whether the row has reached an end: its phase is
// Completed, Failed or Canceled, or Scheduled (a finished run of a scheduled
// job) with 100% or an end time. Percent alone never finishes a row:
// "100%" with Processing is the reboot phase.
func (p PartitionProgress) Finished() bool { return p.ProgressInfo.finished() }

func (p ProgressInfo) finished() bool {
	switch p.Status.Phase() {
	case PhaseCompleted, PhaseFailed, PhaseCanceled:
		return true
	case PhaseScheduled:
		if pct, ok := p.PercentValue(); ok && pct >= 100 {
			return true
		}
		return given(p.End)
	}
	return false
}

// Done reports whether the job has finished: it has at least one detail
// and every detail is [PartitionProgress.Finished]. When a 3.0.0 server
// sends a job-level status (Progress), that status rules where it knows
// more than the rows: while it says the job is still running (the reboot
// after the last copy), pending or canceling, the job is not done whatever
// the rows say; once it says the job failed or was canceled, the job is
// done (and [JobProgress.Failed] or Progress tells why). A job-level
// status no phase is known for is ignored.
func (j JobProgress) Done() bool {
	return j.doneWith(PartitionProgress.Finished, false)
}

// doneWith is Done with a caller's rule for one detail (WatchOptions.Done).
// narrowed says the rows were filtered to one partition or drive: a
// job-level failure may then be another row's, and does not end the job.
func (j JobProgress) doneWith(finished func(PartitionProgress) bool, narrowed bool) bool {
	if len(j.Details) == 0 {
		return false
	}
	if p := j.Progress; p != nil {
		switch ph := p.Status.Phase(); {
		case isFailure(ph) && !narrowed:
			return true
		case ph == PhasePending, ph == PhaseRunning, ph == PhaseCanceling,
			ph == PhaseScheduled && !p.finished():
			return false
		}
	}
	for _, d := range j.Details {
		if !finished(d) {
			return false
		}
	}
	return true
}

// Clone returns a deep copy of m: changing the copy's slices or pointers
// leaves m as it was.
func (m *JobMonitoring) Clone() *JobMonitoring {
	if m == nil {
		return nil
	}
	c := *m
	c.System.Source.IP.Private = slices.Clone(m.System.Source.IP.Private)
	c.System.Target.IP.Private = slices.Clone(m.System.Target.IP.Private)
	c.Job.Log = slices.Clone(m.Job.Log)
	c.Job.Details = slices.Clone(m.Job.Details)
	if m.Job.Progress != nil {
		p := *m.Job.Progress
		c.Job.Progress = &p
	}
	return &c
}

// Failed returns the details whose phase is Failed or Canceled.
func (j JobProgress) Failed() []PartitionProgress {
	var out []PartitionProgress
	for _, d := range j.Details {
		if ph := d.ProgressInfo.Status.Phase(); ph == PhaseFailed || ph == PhaseCanceled {
			out = append(out, d)
		}
	}
	return out
}

// UnmarshalJSON decodes a monitoring answer's data object in any server
// dialect (see [JobMonitoring]), or a snapshot saved with json.Marshal, so
// that a snapshot saved before a restart can be handed to
// WatchOptions.Resume. Zone-less times are read in UTC; use
// [ProgressInfo.In] to read them in another zone.
func (m *JobMonitoring) UnmarshalJSON(b []byte) error {
	var w wireMonitoring
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = w.model(zone{})
	return nil
}

// wireMonitoring is the data of a job monitoring answer: the superset of
// the shape of the draft API and 1.x/2.x (system + job.details), older
// drafts (servers as plain names, one job.progressInfo) and 3.0.0's
// (job.info.source/target, job.progress.partitions, job.timeInfo).
type wireMonitoring struct {
	System wireSystems `json:"system"`
	Job    wireJob     `json:"job"`
}

type wireSystems struct {
	Source wireServerOrName `json:"source"`
	Target wireServerOrName `json:"target"`
	// Name is the one server of a backup job's answer (system.name),
	// read as its source.
	Name known `json:"name"`
}

// wireServer is a server as lists, gets and monitoring send it.
type wireServer struct {
	ID      id    `json:"id"`
	Name    known `json:"name"`
	OS      known `json:"os"`
	Agent   known `json:"agent"`
	License known `json:"license"`
	IP      struct {
		Public  known   `json:"public"`
		Private []known `json:"private"`
	} `json:"ip"`
}

// wireServerOrName is a server object, or (an older draft's monitoring)
// the server's name alone.
type wireServerOrName struct{ wireServer }

// UnmarshalJSON implements [json.Unmarshaler].
func (s *wireServerOrName) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		return s.Name.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, &s.wireServer)
}

type wireJob struct {
	Info    wireJobInfo     `json:"info"`
	Log     []text          `json:"log"` // null entries read as ""
	Details []wirePartition `json:"details"`

	// 3.0.0: job.progress{status, percent, message, partitions[]} and
	// job.timeInfo{start, elapsed, end}.
	Progress *struct {
		wireProgress
		Partitions []wirePartition `json:"partitions"`
	} `json:"progress"`
	TimeInfo *wireTimeInfo `json:"timeInfo"`

	// Older drafts: one job.progressInfo for the partition in job.info.
	ProgressInfo *wireProgress `json:"progressInfo"`
}

type wireJobInfo struct {
	ID       id    `json:"id"` // 3.0.0
	Name     known `json:"name"`
	Platform known `json:"platform"`
	Mode     known `json:"mode"`

	// 3.0.0: the server names as plain strings, and in a system view the
	// side the queried server plays.
	Source known `json:"source"`
	Target known `json:"target"`
	Role   known `json:"role"`

	// Older drafts: the one partition the job.progressInfo is about.
	Partition known `json:"partition"`
	Drive     known `json:"drive"`
}

type wireProgress struct {
	Status  text  `json:"status"`
	Percent text  `json:"percent"`
	Message text  `json:"message"`
	Start   stamp `json:"start"`
	Elapsed text  `json:"elapsed"`
	End     stamp `json:"end"`
}

type wireTimeInfo struct {
	Start   stamp `json:"start"`
	Elapsed text  `json:"elapsed"`
	End     stamp `json:"end"`
}

type wirePartition struct {
	Partition known `json:"partition"`
	Drive     known `json:"drive"`
	// ProgressInfo is the row's progress; a row without it (3.0.0) has
	// its progress flat, with its times in timeInfo.
	ProgressInfo wireProgress `json:"progressInfo"`
	wireProgress
	TimeInfo   *wireTimeInfo `json:"timeInfo"`
	BackupFile known         `json:"backupFile"`

	// detail=true extras.
	Device known `json:"device"`
	Mode   known `json:"mode"`
	Backup struct {
		JobName  known `json:"jobName"`
		FileName known `json:"fileName"`
	} `json:"backup"`
	Repository wireRepository `json:"repository"`
	TargetDisk known          `json:"targetDisk"`
	Size       known          `json:"size"`
	DiskNumber known          `json:"diskNumber"`
	Overwrite  known          `json:"overwrite"`
}

type wireRepository struct {
	ID   id    `json:"id"`
	Type known `json:"type"`
	Path known `json:"path"`
}

func (r *wireRepository) model() RepositoryInfo {
	return RepositoryInfo{ID: int64(r.ID), Type: string(r.Type), Path: string(r.Path)}
}

// model maps the wire superset onto the public model; z writes zone-less
// times as RFC 3339 in the server's zone.
func (w *wireMonitoring) model(z zone) JobMonitoring {
	j := &w.Job
	m := JobMonitoring{
		System: Systems{Source: w.System.Source.model(), Target: w.System.Target.model()},
		Job: JobProgress{
			Info: JobInfo{
				ID: int64(j.Info.ID), Name: string(j.Info.Name),
				Platform: string(j.Info.Platform), Mode: string(j.Info.Mode),
			},
			Log: texts(j.Log),
		},
	}
	m.System.Source.Name = firstOf(m.System.Source.Name, string(j.Info.Source), string(w.System.Name))
	m.System.Target.Name = firstOf(m.System.Target.Name, string(j.Info.Target))

	rows := j.Details
	if len(rows) == 0 && j.Progress != nil {
		rows = j.Progress.Partitions
	}
	switch {
	case len(rows) > 0:
		m.Job.Details = make([]PartitionProgress, len(rows))
		for i := range rows {
			m.Job.Details[i] = rows[i].model(z)
		}
	case j.ProgressInfo != nil:
		// Older draft: one progressInfo for the partition named in job.info.
		m.Job.Details = []PartitionProgress{{
			Partition:    string(j.Info.Partition),
			Drive:        string(j.Info.Drive),
			ProgressInfo: j.ProgressInfo.model(nil, z),
		}}
	}

	if j.Progress != nil || j.TimeInfo != nil {
		var p wireProgress
		if j.Progress != nil {
			p = j.Progress.wireProgress
		}
		pi := p.model(j.TimeInfo, z)
		m.Job.Progress = &pi
	}
	return m
}

func (s *wireServer) model() ServerInfo {
	return ServerInfo{
		ID:      int64(s.ID),
		Name:    string(s.Name),
		License: string(s.License),
		OS:      string(s.OS),
		Agent:   string(s.Agent),
		IP:      IPAddresses{Public: string(s.IP.Public), Private: knowns(s.IP.Private)},
	}
}

// model returns the progress, with times from ti where the flat fields are
// not given (3.0.0 keeps them in timeInfo).
func (p *wireProgress) model(ti *wireTimeInfo, z zone) ProgressInfo {
	out := ProgressInfo{
		Status:  Status(p.Status),
		Percent: string(p.Percent),
		Message: string(p.Message),
		Start:   p.Start.in(z),
		Elapsed: string(p.Elapsed),
		End:     p.End.in(z),
	}
	if ti != nil {
		out.Start = firstOf(out.Start, ti.Start.in(z))
		out.Elapsed = firstOf(out.Elapsed, string(ti.Elapsed))
		out.End = firstOf(out.End, ti.End.in(z))
	}
	return out
}

func (r *wirePartition) model(z zone) PartitionProgress {
	// A row carries its progress in progressInfo, or (3.0.0) flat with
	// its times in timeInfo.
	var pi ProgressInfo
	if r.ProgressInfo == (wireProgress{}) && (r.wireProgress != wireProgress{} || r.TimeInfo != nil) {
		pi = r.wireProgress.model(r.TimeInfo, z)
	} else {
		pi = r.ProgressInfo.model(nil, z)
	}
	return PartitionProgress{
		Partition:    string(r.Partition),
		Drive:        string(r.Drive),
		ProgressInfo: pi,
		BackupFile:   string(r.BackupFile),
		Device:       string(r.Device),
		Mode:         string(r.Mode),
		Backup:       BackupInfo{JobName: string(r.Backup.JobName), FileName: string(r.Backup.FileName)},
		Repository:   r.Repository.model(),
		TargetDisk:   string(r.TargetDisk),
		Size:         string(r.Size),
		DiskNumber:   string(r.DiskNumber),
		Overwrite:    string(r.Overwrite),
	}
}
