package zdm

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"
)

// The wire types are a superset of every dialect of the monitoring
// response (WIRE.md): the client decodes the envelope's data straight into
// them in one pass, then model() maps them onto the public JobMonitoring.
// Keys match case-insensitively (encoding/json), so PascalCase keys read too.

// text is a string field that tolerates what servers put there: a string,
// null (read as ""), a number or a boolean (kept as its literal text, so an
// id sent as 7 reads as "7"). An object or array is a type error.
type text string

// UnmarshalJSON implements [json.Unmarshaler].
func (t *text) UnmarshalJSON(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		inner := b[1 : len(b)-1]
		if plainString(inner) {
			*t = text(inner)
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case 'n': // null
		*t = ""
	case '{', '[':
		return &json.UnmarshalTypeError{Value: kindOf(b[0]), Type: textType}
	default: // number, true, false
		*t = text(b)
	}
	return nil
}

var textType = reflect.TypeFor[string]()

// plainString reports whether the bytes between a JSON string's quotes can
// be used as they are: no escapes and valid UTF-8.
func plainString(b []byte) bool {
	for i, c := range b {
		if c == '\\' || c < 0x20 {
			return false
		}
		if c >= utf8.RuneSelf {
			return utf8.Valid(b[i:]) && noBackslash(b[i:])
		}
	}
	return true
}

func noBackslash(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c < 0x20 {
			return false
		}
	}
	return true
}

func kindOf(c byte) string {
	if c == '{' {
		return "object"
	}
	return "array"
}

type wireMonitoring struct {
	System wireSystems `json:"system"`
	Job    wireJob     `json:"job"`
}

// wireSystems holds the servers as objects, the shape of every released
// server. Older drafts sent plain names instead: decoding them into this
// type fails with a type error at data.system.*, and the decoder tries
// again with wireMonitoringDraft (see decodeFallback). Keeping the
// string-or-object case off the common path spares a nested decode per
// server on every poll.
type wireSystems struct {
	Source wireServer `json:"source"`
	Target wireServer `json:"target"`
}

type wireServer struct {
	Name  text   `json:"name"`
	OS    text   `json:"os"`
	Agent text   `json:"agent"`
	IP    wireIP `json:"ip"`
}

type wireIP struct {
	Public  text   `json:"public"`
	Private []text `json:"private"`
}

// wireMonitoringDraft is wireMonitoring for servers that may be plain
// names.
type wireMonitoringDraft struct {
	System struct {
		Source serverOrName `json:"source"`
		Target serverOrName `json:"target"`
	} `json:"system"`
	Job wireJob `json:"job"`
}

// serverOrName is a server as an object or as its name alone.
type serverOrName struct{ wireServer }

// UnmarshalJSON implements [json.Unmarshaler].
func (s *serverOrName) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		return s.Name.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, &s.wireServer)
}

// decodeFallback retries a monitoring answer that failed with a type
// error where older drafts differ (servers as plain names), and reports
// whether it handled the error; err is what the retry found.
func (w *wireMonitoring) decodeFallback(body []byte, typeErr *json.UnmarshalTypeError) (bool, error) {
	if !strings.HasPrefix(typeErr.Field, "data.system.") {
		return false, nil
	}
	var d wireMonitoringDraft
	env := envelope{Data: &d}
	if err := json.Unmarshal(body, &env); err != nil {
		return true, err
	}
	*w = d.strict()
	return true, nil
}

// strict is the draft as a wireMonitoring.
func (d *wireMonitoringDraft) strict() wireMonitoring {
	return wireMonitoring{
		System: wireSystems{Source: d.System.Source.wireServer, Target: d.System.Target.wireServer},
		Job:    d.Job,
	}
}

type wireJob struct {
	Info    wireJobInfo     `json:"info"`
	Log     []string        `json:"log"` // null entries read as ""
	Details []wirePartition `json:"details"`

	// 3.0.0: job.progress{status, percent, message, partitions[]} and
	// job.timeInfo{start, elapsed, end}.
	Progress *wireJobProgress `json:"progress"`
	TimeInfo *wireTimeInfo    `json:"timeInfo"`

	// Older drafts: one job.progressInfo for the partition in job.info.
	ProgressInfo *wireProgress `json:"progressInfo"`
}

type wireJobInfo struct {
	ID       text `json:"id"`
	Name     text `json:"name"`
	Platform text `json:"platform"`
	Mode     text `json:"mode"`

	// 3.0.0: the server names as plain strings.
	Source text `json:"source"`
	Target text `json:"target"`

	// Older drafts: the one partition the job.progressInfo is about.
	Partition text `json:"partition"`
	Drive     text `json:"drive"`
}

type wireJobProgress struct {
	wireProgress
	Partitions []wirePartition `json:"partitions"`
}

type wireProgress struct {
	Status  text `json:"status"`
	Percent text `json:"percent"`
	Message text `json:"message"`
	Start   text `json:"start"`
	Elapsed text `json:"elapsed"`
	End     text `json:"end"`
}

type wireTimeInfo struct {
	Start   text `json:"start"`
	Elapsed text `json:"elapsed"`
	End     text `json:"end"`
}

type wirePartition struct {
	Partition    text          `json:"partition"`
	Drive        text          `json:"drive"`
	ProgressInfo *wireProgress `json:"progressInfo"`

	// 3.0.0 rows carry their progress flat, with times in timeInfo.
	wireProgress
	TimeInfo   *wireTimeInfo `json:"timeInfo"`
	BackupFile text          `json:"backupFile"`

	// detail=true extras.
	Device     text           `json:"device"`
	Mode       text           `json:"mode"`
	Backup     wireBackup     `json:"backup"`
	Repository wireRepository `json:"repository"`
	TargetDisk text           `json:"targetDisk"`
	Size       text           `json:"size"`
	DiskNumber text           `json:"diskNumber"`
	Overwrite  text           `json:"overwrite"`
}

type wireBackup struct {
	JobName  text `json:"jobName"`
	FileName text `json:"fileName"`
}

type wireRepository struct {
	ID   text `json:"id"`
	Type text `json:"type"`
	Path text `json:"path"`
}

// model maps the wire superset onto the public model; loc (nil for UTC) is
// the zone zone-less times are read in.
func (w *wireMonitoring) model(loc *time.Location) JobMonitoring {
	var m JobMonitoring
	j := &w.Job
	m.System.Source = w.System.Source.model()
	m.System.Target = w.System.Target.model()
	if m.System.Source.Name == "" {
		m.System.Source.Name = string(j.Info.Source)
	}
	if m.System.Target.Name == "" {
		m.System.Target.Name = string(j.Info.Target)
	}
	m.Job.Info = JobInfo{
		ID:       string(j.Info.ID),
		Name:     string(j.Info.Name),
		Platform: string(j.Info.Platform),
		Mode:     string(j.Info.Mode),
	}
	m.Job.Log = j.Log

	rows := j.Details
	if len(rows) == 0 && j.Progress != nil {
		rows = j.Progress.Partitions
	}
	switch {
	case len(rows) > 0:
		m.Job.Details = make([]PartitionProgress, len(rows))
		for i := range rows {
			m.Job.Details[i] = rows[i].model(loc)
		}
	case j.ProgressInfo != nil:
		// Older draft: one progressInfo for the partition named in job.info.
		m.Job.Details = []PartitionProgress{{
			Partition:    string(j.Info.Partition),
			Drive:        string(j.Info.Drive),
			ProgressInfo: j.ProgressInfo.model(nil, loc),
		}}
	}

	if j.Progress != nil || j.TimeInfo != nil {
		var p wireProgress
		if j.Progress != nil {
			p = j.Progress.wireProgress
		}
		pi := p.model(j.TimeInfo, loc)
		m.Job.Progress = &pi
	}
	return m
}

func (s wireServer) model() ServerInfo {
	out := ServerInfo{
		Name:  string(s.Name),
		OS:    string(s.OS),
		Agent: string(s.Agent),
		IP:    IPAddresses{Public: string(s.IP.Public)},
	}
	if len(s.IP.Private) > 0 {
		out.IP.Private = make([]string, 0, len(s.IP.Private))
		for _, p := range s.IP.Private {
			if p != "" {
				out.IP.Private = append(out.IP.Private, string(p))
			}
		}
	}
	return out
}

// model returns the progress, with times from ti where the flat fields are
// not given (3.0.0 keeps them in timeInfo).
func (p wireProgress) model(ti *wireTimeInfo, loc *time.Location) ProgressInfo {
	out := ProgressInfo{
		Status:  Status(p.Status),
		Percent: string(p.Percent),
		Message: string(p.Message),
		Start:   string(p.Start),
		Elapsed: string(p.Elapsed),
		End:     string(p.End),
		loc:     loc,
	}
	if ti != nil {
		if out.Start == "" {
			out.Start = string(ti.Start)
		}
		if out.Elapsed == "" {
			out.Elapsed = string(ti.Elapsed)
		}
		if out.End == "" {
			out.End = string(ti.End)
		}
	}
	return out
}

func (r *wirePartition) model(loc *time.Location) PartitionProgress {
	var pi ProgressInfo
	if r.ProgressInfo != nil {
		pi = r.ProgressInfo.model(nil, loc)
	} else {
		pi = r.wireProgress.model(r.TimeInfo, loc)
	}
	return PartitionProgress{
		Partition:    string(r.Partition),
		Drive:        string(r.Drive),
		ProgressInfo: pi,
		BackupFile:   string(r.BackupFile),
		Device:       string(r.Device),
		Mode:         string(r.Mode),
		Backup:       BackupInfo{JobName: string(r.Backup.JobName), FileName: string(r.Backup.FileName)},
		Repository: RepositoryInfo{
			ID:   string(r.Repository.ID),
			Type: string(r.Repository.Type),
			Path: string(r.Repository.Path),
		},
		TargetDisk: string(r.TargetDisk),
		Size:       string(r.Size),
		DiskNumber: string(r.DiskNumber),
		Overwrite:  string(r.Overwrite),
	}
}
