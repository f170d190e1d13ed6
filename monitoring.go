package zdm

import (
	"encoding/json"
	"slices"
)

// JobMonitoring is one snapshot of a recovery job, whatever server dialect
// sent it: the seed-era and 1.x/2.x shape (system + job.details), older
// drafts (system names as plain strings, a single job.progressInfo) and the
// 3.0.0 shape (job.info.source/target, job.progress.partitions,
// job.timeInfo) all decode into it.
//
// String fields hold the text as sent ("-" stays "-"; null and absent read
// as ""); the typed readings treat "" and "-" alike as "not given".
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
	// ID is the server's ID as text (recovery lists and gets only).
	ID string `json:"id,omitempty"`
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
// detail=true; ID only by 3.0.0 servers (as text, whether the server sent a
// number or a string).
type JobInfo struct {
	// ID is the job's numeric ID as text (3.0.0 only).
	ID string `json:"id,omitempty"`
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

// RepositoryInfo is where the backup is stored (detail=true). ID is text
// whether the server sent "1" or 1.
type RepositoryInfo struct {
	// ID is the repository's ID as text.
	ID string `json:"id,omitempty"`
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
