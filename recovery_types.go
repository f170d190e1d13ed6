package zdm

import (
	"bytes"
	"encoding/json"
	"time"
)

// Recovery is one recovery job as List and Get return it, whatever server
// generation sent it (the draft API's partition/drive rows, 1.x/2.x's and
// 3.0.0's from/to rows).
//
// IDs are numbers whether the server sent "1" or 1 (0 when not given).
// Statuses and times hold the text as sent ("-" stays "-"; the readings
// of [TimeInfo] and [Status.Phase] treat it as not given), zone-less times
// stored as RFC 3339 with the server's offset (see WithServerTimeZone);
// every other field reads the servers' placeholders ("-", "Unknown",
// null) as empty.
type Recovery struct {
	// System names the job's source and target servers, with their IDs
	// and OS; with Detail set in the options, also their agent version,
	// addresses and licence.
	System Systems `json:"system"`
	// Job is the job's settings and its partition mappings.
	Job RecoveryJob `json:"job"`
}

// RecoveryJob is a recovery job's settings and its partition mappings.
type RecoveryJob struct {
	// Info is the job's identity, status and schedule, and with Detail
	// set in the options its settings (platform, script, ...).
	Info RecoveryInfo `json:"info"`
	// Detail is one row per source-to-target mapping of a partition or
	// drive (wire job.detail). On 3.0.0 servers one source partition may
	// be restored to several targets, one row each. Nil when the server
	// sent no row.
	Detail []RecoveryMapping `json:"detail"`
}

// RecoveryInfo describes a recovery job. The fields after Schedule are
// sent only with Detail set in the options ("" without it).
type RecoveryInfo struct {
	// ID is the job's ID, whether the server sent "1" or 1.
	ID int64 `json:"id"`
	// Name is the job's name. Names are unique only within a center.
	Name string `json:"name"`
	// Status is the job's status as the server computes it, and the times
	// of its last run.
	Status JobStatus `json:"status"`
	// LastUpdated is when the job last changed: RFC 3339, with the
	// server's offset for servers that send zone-less times; "" when not
	// sent.
	LastUpdated string `json:"lastUpdated"`
	// Schedule is the job's schedule, nil when it has none.
	Schedule *ScheduleInfo `json:"schedule,omitempty"`

	// Platform is the target platform as sent ("vmware", "aws", ...; see
	// [Platform]).
	Platform string `json:"platform,omitempty"`
	// Kernel is the kernel version the job restores ("5.15.0-generic"),
	// read from wire "kernal" (sic) or "kernel".
	Kernel string `json:"kernel,omitempty"`
	// NetworkSpeed is the transfer rate cap as sent, in Mbps (wire
	// networkSpeed); "0" is unlimited.
	NetworkSpeed string `json:"networkSpeed,omitempty"`
	// ScriptPath is the path of the script run on the target around the
	// recovery (wire script.path); "" when the job has none.
	ScriptPath string `json:"scriptPath,omitempty"`
	// ScriptRun says when the script runs (wire script.run): "before" or
	// "after" the job (see [ScriptTiming]); "" when the job has no script.
	ScriptRun string `json:"scriptRun,omitempty"`
	// AfterReboot is what the target does once recovered, as sent:
	// "reboot", "shutdown" or "maintain" (see [AfterReboot]).
	AfterReboot string `json:"afterReboot,omitempty"`
	// Mail is the address notified about the job (wire
	// notification.mail); "" when none.
	Mail string `json:"mail,omitempty"`
}

// RecoveryStatus is a recovery job's computed status and the times of its
// last run.
type RecoveryStatus = JobStatus

// JobStatus is a job's computed status and the times of its last run.
type JobStatus struct {
	// Current is the job's status as the server spells it: "Registered",
	// "Processing", "Complete", ... on 1.0.3 and later servers; "run",
	// "complete", ... on servers of the draft API. See [Status.Phase].
	Current Status `json:"current"`
	// Time is the start, elapsed and end of the job's last run; "-" for
	// what has not happened yet (3.0.0 servers send a "-" start until the
	// first run begins).
	Time TimeInfo `json:"time"`
}

// TimeInfo is the start, elapsed and end of a run, as sent ("-" when not
// given); zone-less times are stored as RFC 3339 with the server's offset.
// Its readings treat "" and "-" alike as not given.
type TimeInfo struct {
	// Start is when the run started: RFC 3339, with the server's offset
	// for servers that send zone-less times; "-" or "" when not given.
	// See [TimeInfo.StartTime].
	Start string `json:"start"`
	// Elapsed is the run's duration as sent, "hh:mm:ss" ("00:30:00"; the
	// hours may exceed 24); "-" or "" when not given. See
	// [TimeInfo.ElapsedDuration].
	Elapsed string `json:"elapsed"`
	// End is when the run ended, written like Start; "-" while it runs.
	// See [TimeInfo.EndTime].
	End string `json:"end"`
}

// StartTime reads Start like [ProgressInfo.StartTime].
func (t TimeInfo) StartTime() (time.Time, bool) { return parseTime(t.Start, nil) }

// EndTime reads End like [ProgressInfo.EndTime].
func (t TimeInfo) EndTime() (time.Time, bool) { return parseTime(t.End, nil) }

// ElapsedDuration reads Elapsed like [ProgressInfo.ElapsedDuration].
func (t TimeInfo) ElapsedDuration() (time.Duration, bool) { return parseElapsed(t.Elapsed) }

// ScheduleInfo is a schedule as servers describe it: {id, type,
// description} (id a string in lists, a number elsewhere; type "daily" or
// "Daily"), or, in an older draft, a cron-like string kept in Text.
type ScheduleInfo struct {
	// ID is the schedule's ID, whether sent as a string (lists and gets)
	// or a number (create answers from 2.0.2 on); 0 when the server sent
	// none.
	ID int64 `json:"id,omitempty"`
	// Type is the schedule's kind as sent: "daily" in lists and gets,
	// a display name such as "Daily" or "Weekly" in create answers; ""
	// when the server could not look the schedule up (it sends "Unknown"
	// and says why in Description).
	Type string `json:"type,omitempty"`
	// Description is the server's text for the schedule ("Every day at
	// 10:00", "[Basic] Start working at 03:00 every day.").
	Description string `json:"description,omitempty"`
	// Text is the schedule when a server sent it as one string (an older
	// draft's cron-like "0 3 * * 0"); "" otherwise.
	Text string `json:"text,omitempty"`
}

// RecoveryMapping is one source partition or drive restored to a target
// one. Option fields are sent only with Detail set.
type RecoveryMapping struct {
	// From is the source partition (Linux "/") or drive (Windows "C:"):
	// wire from, or partition or drive on servers of the draft API.
	From string `json:"from"`
	// To is the target partition or drive; "" from servers of the draft
	// API, which do not send it.
	To string `json:"to"`
	// TargetDevice is the target's device ("/dev/sda1", on Windows
	// "\Device\Harddisk0\Partition2"): wire targetDevice, or device on
	// servers of the draft API.
	TargetDevice string `json:"targetDevice"`
	// Mode is the mapping's recovery mode as sent ("full", "increment").
	Mode string `json:"mode"`
	// Backup names the backup job and image the mapping restores.
	Backup MappingBackup `json:"backup"`
	// Repository is where the backup image is stored; its Type is as sent
	// ("nfs", "cifs", "NFS").
	Repository RepositoryInfo `json:"repository"`
	// LastUpdated is when the mapping last changed, written like
	// [RecoveryInfo.LastUpdated].
	LastUpdated string `json:"lastUpdated"`
	// Overwrite reports whether the target partition is overwritten
	// (wire option.overwrite: "Overwritten", or "allow" on servers of the
	// draft API); false without Detail.
	Overwrite bool `json:"overwrite,omitempty"`
	// FileSystem is the target file system ("ext4"), with Detail set;
	// Linux only, "" for Windows drives.
	FileSystem string `json:"fileSystem,omitempty"`
}

// MappingBackup names the backup a mapping restores.
type MappingBackup struct {
	// JobName is the name of the backup job the image comes from.
	JobName string `json:"jobName"`
	// FileName is the backup image's file name. 3.0.0 servers name a
	// mapping by it in updates (see [PartitionUpdate]).
	FileName string `json:"fileName"`
	// Latest reports that the newest image of the backup job is used
	// (wire latest: "use", or "true" on servers of the draft API).
	Latest bool `json:"latest"`
}

// Wire schema of a recovery job (list and get).

type wireRecovery struct {
	System struct {
		Source wireServer `json:"source"`
		Target wireServer `json:"target"`
	} `json:"system"`
	Job struct {
		Info   wireRecoveryInfo `json:"info"`
		Detail []wireMapping    `json:"detail"`
	} `json:"job"`
}

type wireRecoveryInfo struct {
	ID       id            `json:"id"`
	Name     known         `json:"name"`
	Schedule *wireSchedule `json:"schedule"`
	Status   struct {
		Current text         `json:"current"`
		Time    wireTimeInfo `json:"time"`
	} `json:"status"`
	LastUpdated  stamp `json:"lastUpdated"`
	Platform     known `json:"platform"`
	Kernal       known `json:"kernal"`
	Kernel       known `json:"kernel"`
	NetworkSpeed known `json:"networkSpeed"`
	Script       struct {
		Path known `json:"path"`
		Run  known `json:"run"`
	} `json:"script"`
	AfterReboot  known `json:"afterReboot"`
	Notification struct {
		Mail known `json:"mail"`
	} `json:"notification"`
}

// wireSchedule is {basic: {id, type, description}, advanced: {...} or
// "-"}, or {basic: "cron"} in an older draft.
type wireSchedule struct {
	Basic    wireScheduleBasic `json:"basic"`
	Advanced wireScheduleBasic `json:"advanced"`
}

type wireScheduleBasic struct {
	ID          id    `json:"id"`
	Type        known `json:"type"`
	Description text  `json:"description"`
	str         known // {basic: "cron"}
}

// UnmarshalJSON implements [json.Unmarshaler]. A flat object, the usual
// form, is read member by member (flatMembers): encoding/json (readJSON)
// costs four more allocations a schedule, a quarter of a backup list
// page's (see BenchmarkFastPaths, schedules).
func (s *wireScheduleBasic) UnmarshalJSON(b []byte) error {
	*s = wireScheduleBasic{}
	if len(b) > 0 && b[0] != '{' {
		return s.str.UnmarshalJSON(b)
	}
	m := flatMembers{b: b, i: 1}
	for key, val, ok := m.next(); ok; key, val, ok = m.next() {
		var err error
		switch {
		case bytes.EqualFold(key, []byte("id")):
			err = s.ID.UnmarshalJSON(val)
		case bytes.EqualFold(key, []byte("type")):
			err = s.Type.UnmarshalJSON(val)
		case bytes.EqualFold(key, []byte("description")):
			err = s.Description.UnmarshalJSON(val)
		}
		if err != nil {
			return err
		}
	}
	if m.flat {
		return nil
	}
	return s.readJSON(b)
}

// readJSON reads a schedule object with encoding/json.
func (s *wireScheduleBasic) readJSON(b []byte) error {
	*s = wireScheduleBasic{}
	type plain wireScheduleBasic
	return json.Unmarshal(b, (*plain)(s))
}

func (s *wireSchedule) model() *ScheduleInfo {
	if s == nil {
		return nil
	}
	return s.Basic.model()
}

// advanced is a smart schedule's advanced part, nil when there is none.
func (s *wireSchedule) advanced() *ScheduleInfo {
	if s == nil {
		return nil
	}
	return s.Advanced.model()
}

func (b *wireScheduleBasic) model() *ScheduleInfo {
	if *b == (wireScheduleBasic{}) {
		return nil
	}
	return &ScheduleInfo{ID: int64(b.ID), Type: string(b.Type), Description: string(b.Description), Text: string(b.str)}
}

type wireMapping struct {
	From         known `json:"from"`
	To           known `json:"to"`
	Partition    known `json:"partition"` // the draft API
	Drive        known `json:"drive"`     // the draft API
	TargetDevice known `json:"targetDevice"`
	Device       known `json:"device"` // the draft API
	Mode         known `json:"mode"`
	Backup       struct {
		JobName  known `json:"jobName"`
		FileName known `json:"fileName"`
		Latest   text  `json:"latest"`
	} `json:"backup"`
	Repository  wireRepository `json:"repository"`
	LastUpdated stamp          `json:"lastUpdated"`
	Option      struct {
		Overwrite  text  `json:"overwrite"`
		FileSystem known `json:"fileSystem"`
	} `json:"option"`
}

func (w *wireRecovery) model(t *times) Recovery {
	z := t.z
	i := &w.Job.Info
	r := Recovery{
		System: Systems{Source: w.System.Source.model(), Target: w.System.Target.model()},
		Job: RecoveryJob{Info: RecoveryInfo{
			ID:   int64(i.ID),
			Name: string(i.Name),
			Status: JobStatus{
				Current: Status(i.Status.Current),
				Time:    i.Status.Time.model(z),
			},
			LastUpdated:  t.of(i.LastUpdated),
			Schedule:     i.Schedule.model(),
			Platform:     string(i.Platform),
			Kernel:       string(firstOf(i.Kernel, i.Kernal)),
			NetworkSpeed: string(i.NetworkSpeed),
			ScriptPath:   string(i.Script.Path),
			ScriptRun:    string(i.Script.Run),
			AfterReboot:  string(i.AfterReboot),
			Mail:         string(i.Notification.Mail),
		}},
	}
	if len(w.Job.Detail) > 0 {
		r.Job.Detail = make([]RecoveryMapping, len(w.Job.Detail))
		for k := range w.Job.Detail {
			r.Job.Detail[k] = w.Job.Detail[k].model(z)
		}
	}
	return r
}

func (m *wireMapping) model(z zone) RecoveryMapping {
	return RecoveryMapping{
		From:         string(firstOf(m.From, m.Partition, m.Drive)),
		To:           string(m.To),
		TargetDevice: string(firstOf(m.TargetDevice, m.Device)),
		Mode:         string(m.Mode),
		Backup: MappingBackup{
			JobName:  string(m.Backup.JobName),
			FileName: string(m.Backup.FileName),
			Latest:   truthy(m.Backup.Latest),
		},
		Repository:  m.Repository.model(),
		LastUpdated: m.LastUpdated.in(z),
		Overwrite:   truthy(m.Option.Overwrite),
		FileSystem:  string(m.Option.FileSystem),
	}
}

func (t *wireTimeInfo) model(z zone) TimeInfo {
	return TimeInfo{Start: t.Start.in(z), Elapsed: string(t.Elapsed), End: t.End.in(z)}
}

// known is model through the answer's time writer, with the placeholders
// read as "" (see emptied).
func (t *wireTimeInfo) known(w *times) TimeInfo {
	return TimeInfo{Start: emptied(w.of(t.Start)), Elapsed: emptied(string(t.Elapsed)), End: emptied(w.of(t.End))}
}
