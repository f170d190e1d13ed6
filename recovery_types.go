package zdm

import (
	"encoding/json"
	"strings"
	"time"
)

// Recovery is one recovery job as List and Get return it, whatever server
// generation sent it (the seed draft's partition/drive rows, 1.x/2.x's and
// 3.0.0's from/to rows).
//
// String fields hold the text as sent ("-" stays "-"; null and absent read
// as ""), except zone-less times, stored as RFC 3339 with the server's
// offset (see WithServerTimeZone).
type Recovery struct {
	System Systems     `json:"system"`
	Job    RecoveryJob `json:"job"`
}

// RecoveryJob is a recovery job's settings and its partition mappings.
type RecoveryJob struct {
	Info   RecoveryInfo      `json:"info"`
	Detail []RecoveryMapping `json:"detail"`
}

// RecoveryInfo describes a recovery job. The fields after LastUpdated are
// sent only with Detail set in the options.
type RecoveryInfo struct {
	ID          string         `json:"id"` // text, whatever the server sent
	Name        string         `json:"name"`
	Status      RecoveryStatus `json:"status"`
	LastUpdated string         `json:"lastUpdated"`
	// Schedule is the job's schedule, nil when it has none.
	Schedule *ScheduleInfo `json:"schedule,omitempty"`

	// Detail extras.
	Platform     string `json:"platform,omitempty"`
	Kernel       string `json:"kernel,omitempty"`       // wire "kernal" (sic) or "kernel"
	NetworkSpeed string `json:"networkSpeed,omitempty"` // "0" is unlimited, as sent
	ScriptPath   string `json:"scriptPath,omitempty"`
	ScriptRun    string `json:"scriptRun,omitempty"` // "before", "after" or ""
	AfterReboot  string `json:"afterReboot,omitempty"`
	Mail         string `json:"mail,omitempty"` // notification.mail
}

// RecoveryStatus is a job's computed status and the times of its last run.
type RecoveryStatus struct {
	Current Status   `json:"current"`
	Time    TimeInfo `json:"time"`
}

// TimeInfo is the start, elapsed and end of a run, as sent ("-" when not
// given); zone-less times are stored as RFC 3339 with the server's offset.
type TimeInfo struct {
	Start   string `json:"start"`
	Elapsed string `json:"elapsed"` // "00:30:00"
	End     string `json:"end"`
}

// StartTime reads Start like [ProgressInfo.StartTime].
func (t TimeInfo) StartTime() (time.Time, bool) { return ParseTime(t.Start, nil) }

// EndTime reads End like [ProgressInfo.EndTime].
func (t TimeInfo) EndTime() (time.Time, bool) { return ParseTime(t.End, nil) }

// ElapsedDuration reads Elapsed like [ProgressInfo.ElapsedDuration].
func (t TimeInfo) ElapsedDuration() (time.Duration, bool) { return ParseElapsed(t.Elapsed) }

// ScheduleInfo is a schedule as servers describe it: {id, type,
// description} (id a string in lists, a number elsewhere; type "daily" or
// "Daily"), or, in an older draft, a cron-like string kept in Text.
type ScheduleInfo struct {
	ID          string `json:"id,omitempty"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	Text        string `json:"text,omitempty"`
}

// RecoveryMapping is one source partition or drive restored to a target
// one. Option fields are sent only with Detail set.
type RecoveryMapping struct {
	From         string         `json:"from"` // source partition or drive
	To           string         `json:"to"`   // target partition or drive
	TargetDevice string         `json:"targetDevice"`
	Mode         string         `json:"mode"`
	Backup       MappingBackup  `json:"backup"`
	Repository   RepositoryInfo `json:"repository"`
	LastUpdated  string         `json:"lastUpdated"`
	// Overwrite reports option.overwrite ("Overwritten", "allow": true).
	Overwrite  bool   `json:"overwrite,omitempty"`
	FileSystem string `json:"fileSystem,omitempty"` // Linux only
}

// MappingBackup names the backup a mapping restores.
type MappingBackup struct {
	JobName  string `json:"jobName"`
	FileName string `json:"fileName"`
	// Latest reports that the newest image is used ("use", "true", "yes").
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
	ID       text          `json:"id"`
	Name     text          `json:"name"`
	Schedule *wireSchedule `json:"schedule"`
	Status   struct {
		Current text         `json:"current"`
		Time    wireTimeInfo `json:"time"`
	} `json:"status"`
	LastUpdated  stamp `json:"lastUpdated"`
	Platform     text  `json:"platform"`
	Kernal       text  `json:"kernal"`
	Kernel       text  `json:"kernel"`
	NetworkSpeed text  `json:"networkSpeed"`
	Script       struct {
		Path text `json:"path"`
		Run  text `json:"run"`
	} `json:"script"`
	AfterReboot  text `json:"afterReboot"`
	Notification struct {
		Mail text `json:"mail"`
	} `json:"notification"`
}

// wireSchedule is {basic: {id, type, description} or "cron"}.
type wireSchedule struct {
	Basic wireScheduleBasic `json:"basic"`
}

type wireScheduleBasic struct {
	ID          text `json:"id"`
	Type        text `json:"type"`
	Description text `json:"description"`
	str         text
}

// UnmarshalJSON implements [json.Unmarshaler].
func (s *wireScheduleBasic) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		return s.str.UnmarshalJSON(b)
	}
	before := *s
	if s.decodeObject(b) {
		return nil
	}
	*s = before
	type plain wireScheduleBasic
	return json.Unmarshal(b, (*plain)(s))
}

var scheduleKeys = [...]string{"id", "type", "description"}

// decodeObject reads the object in place, like wireServer's.
func (s *wireScheduleBasic) decodeObject(b []byte) bool {
	dst := [...]*text{&s.ID, &s.Type, &s.Description}
	var seen uint
	return eachMember(b, func(k, v []byte) bool {
		i := keyIndex(k, scheduleKeys[:])
		if i < 0 {
			return true
		}
		if seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		return textValue(dst[i], v)
	})
}

func (s *wireSchedule) model() *ScheduleInfo {
	if s == nil {
		return nil
	}
	b := s.Basic
	if b == (wireScheduleBasic{}) {
		return nil
	}
	return &ScheduleInfo{ID: string(b.ID), Type: string(b.Type), Description: string(b.Description), Text: string(b.str)}
}

type wireMapping struct {
	From         text `json:"from"`
	To           text `json:"to"`
	Partition    text `json:"partition"` // seed draft
	Drive        text `json:"drive"`     // seed draft
	TargetDevice text `json:"targetDevice"`
	Device       text `json:"device"` // seed draft
	Mode         text `json:"mode"`
	Backup       struct {
		JobName  text `json:"jobName"`
		FileName text `json:"fileName"`
		Latest   text `json:"latest"`
	} `json:"backup"`
	Repository struct {
		ID   text `json:"id"`
		Type text `json:"type"`
		Path text `json:"path"`
	} `json:"repository"`
	LastUpdated stamp `json:"lastUpdated"`
	Option      struct {
		Overwrite  text `json:"overwrite"`
		FileSystem text `json:"fileSystem"`
	} `json:"option"`
}

func (w *wireRecovery) model(z zone) Recovery {
	var r Recovery
	w.modelInto(&r, z, nil)
	return r
}

// modelInto writes the model into r. rows, when long enough, holds the
// job's mappings (a list allocates them once for the page).
func (w *wireRecovery) modelInto(r *Recovery, z zone, rows []RecoveryMapping) {
	r.System.Source = w.System.Source.model()
	r.System.Target = w.System.Target.model()
	i := &w.Job.Info
	r.Job.Info = RecoveryInfo{
		ID:   string(i.ID),
		Name: string(i.Name),
		Status: RecoveryStatus{
			Current: Status(i.Status.Current),
			Time:    i.Status.Time.model(z),
		},
		LastUpdated:  z.stamp(i.LastUpdated),
		Schedule:     i.Schedule.model(),
		Platform:     string(i.Platform),
		Kernel:       string(firstText(i.Kernel, i.Kernal)),
		NetworkSpeed: string(i.NetworkSpeed),
		ScriptPath:   string(i.Script.Path),
		ScriptRun:    string(i.Script.Run),
		AfterReboot:  string(i.AfterReboot),
		Mail:         string(i.Notification.Mail),
	}
	if n := len(w.Job.Detail); n > 0 {
		if len(rows) >= n {
			r.Job.Detail = rows[:n:n]
		} else {
			r.Job.Detail = make([]RecoveryMapping, n)
		}
		for k := range w.Job.Detail {
			r.Job.Detail[k] = w.Job.Detail[k].model(z)
		}
	}
}

func (m *wireMapping) model(z zone) RecoveryMapping {
	from := firstText(m.From, m.Partition, m.Drive)
	return RecoveryMapping{
		From:         string(from),
		To:           string(m.To),
		TargetDevice: string(firstText(m.TargetDevice, m.Device)),
		Mode:         string(m.Mode),
		Backup: MappingBackup{
			JobName:  string(m.Backup.JobName),
			FileName: string(m.Backup.FileName),
			Latest:   truthy(m.Backup.Latest),
		},
		Repository: RepositoryInfo{
			ID:   string(m.Repository.ID),
			Type: string(m.Repository.Type),
			Path: string(m.Repository.Path),
		},
		LastUpdated: z.stamp(m.LastUpdated),
		Overwrite:   truthy(m.Option.Overwrite),
		FileSystem:  string(m.Option.FileSystem),
	}
}

func (t *wireTimeInfo) model(z zone) TimeInfo {
	return TimeInfo{Start: z.stamp(t.Start), Elapsed: string(t.Elapsed), End: z.stamp(t.End)}
}

// firstText is the first of ts that is not empty.
func firstText(ts ...text) text {
	for _, t := range ts {
		if t != "" {
			return t
		}
	}
	return ""
}

// truthy reads the yes/no words servers use for booleans: "use",
// "allow", "true", "yes", "Overwritten" (and their "not ..." forms, which
// read false).
func truthy(t text) bool {
	switch strings.ToLower(trimSpace(string(t))) {
	case "true", "use", "allow", "yes", "y", "1", "overwritten", "overwrite", "on":
		return true
	}
	return false
}
