package zdm

import (
	"encoding/json"
	"reflect"
	"time"
	"unicode/utf8"
)

// The wire types are a superset of every dialect of the monitoring
// response (WIRE.md): the client decodes the envelope's data straight into
// them in one pass, then model() maps them onto the public JobMonitoring.
// Keys match case-insensitively (encoding/json), so PascalCase keys read too.
//
// They come in two instances. The fast one has plain string fields, which
// encoding/json fills itself (null reads as ""), and servers as objects:
// every released server's answer decodes with it. When an answer does not
// (a number where text was expected, an older draft's servers as plain
// names), the decoder goes again with the tolerant one, whose text fields
// take numbers and booleans as their literal text and whose servers may be
// names. Fields that hold numbers on some servers (ids, 3.0.0's diskNumber,
// size, overwrite) are text in both.

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

// str is the type of a wire struct's text fields: string on the fast
// path, text on the tolerant one.
type str interface{ ~string }

// wireServerModel is what a server field of either path turns into.
type wireServerModel interface{ model() ServerInfo }

type (
	// wireMonitoring is the fast path's data.
	wireMonitoring = wireMonitoringOf[string, wireServerOf[string]]
	// wireMonitoringTolerant is the tolerant path's data.
	wireMonitoringTolerant = wireMonitoringOf[text, serverOrName]
)

type wireMonitoringOf[T str, S wireServerModel] struct {
	System struct {
		Source S `json:"source"`
		Target S `json:"target"`
	} `json:"system"`
	Job wireJobOf[T] `json:"job"`
}

type wireServerOf[T str] struct {
	Name  T `json:"name"`
	OS    T `json:"os"`
	Agent T `json:"agent"`
	IP    struct {
		Public  T   `json:"public"`
		Private []T `json:"private"`
	} `json:"ip"`
}

// serverOrName is a server as an object or (older drafts) its name alone.
type serverOrName struct{ wireServerOf[text] }

// UnmarshalJSON implements [json.Unmarshaler].
func (s *serverOrName) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		return s.Name.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, &s.wireServerOf)
}

type wireJobOf[T str] struct {
	Info    wireJobInfoOf[T]     `json:"info"`
	Log     []T                  `json:"log"` // null entries read as ""
	Details []wirePartitionOf[T] `json:"details"`

	// 3.0.0: job.progress{status, percent, message, partitions[]} and
	// job.timeInfo{start, elapsed, end}.
	Progress *struct {
		wireProgressOf[T]
		Partitions []wirePartitionOf[T] `json:"partitions"`
	} `json:"progress"`
	TimeInfo *wireTimeInfoOf[T] `json:"timeInfo"`

	// Older drafts: one job.progressInfo for the partition in job.info.
	ProgressInfo *wireProgressOf[T] `json:"progressInfo"`
}

type wireJobInfoOf[T str] struct {
	ID       text `json:"id"` // a number on 3.0.0
	Name     T    `json:"name"`
	Platform T    `json:"platform"`
	Mode     T    `json:"mode"`

	// 3.0.0: the server names as plain strings.
	Source T `json:"source"`
	Target T `json:"target"`

	// Older drafts: the one partition the job.progressInfo is about.
	Partition T `json:"partition"`
	Drive     T `json:"drive"`
}

type wireProgressOf[T str] struct {
	Status  T `json:"status"`
	Percent T `json:"percent"`
	Message T `json:"message"`
	Start   T `json:"start"`
	Elapsed T `json:"elapsed"`
	End     T `json:"end"`
}

type wireTimeInfoOf[T str] struct {
	Start   T `json:"start"`
	Elapsed T `json:"elapsed"`
	End     T `json:"end"`
}

type wirePartitionOf[T str] struct {
	Partition T `json:"partition"`
	Drive     T `json:"drive"`
	// ProgressInfo is a value, not a pointer: one allocation less per row
	// on every poll. A row without it has its progress flat (3.0.0).
	ProgressInfo wireProgressOf[T] `json:"progressInfo"`

	// 3.0.0 rows carry their progress flat, with times in timeInfo.
	wireProgressOf[T]
	TimeInfo   *wireTimeInfoOf[T] `json:"timeInfo"`
	BackupFile T                  `json:"backupFile"`

	// detail=true extras.
	Device T `json:"device"`
	Mode   T `json:"mode"`
	Backup struct {
		JobName  T `json:"jobName"`
		FileName T `json:"fileName"`
	} `json:"backup"`
	Repository struct {
		ID   text `json:"id"` // "1" or 1
		Type T    `json:"type"`
		Path T    `json:"path"`
	} `json:"repository"`
	TargetDisk T    `json:"targetDisk"`
	Size       text `json:"size"`
	DiskNumber text `json:"diskNumber"`
	Overwrite  text `json:"overwrite"`
}

// monitoringData is the target a monitoring answer decodes into: the fast
// instance, and the tolerant one when the fast one met a type error.
type monitoringData struct {
	fast     wireMonitoring
	tolerant *wireMonitoringTolerant
}

func (d *monitoringData) target() any { return &d.fast }

// fallback decodes body again with the tolerant types.
func (d *monitoringData) fallback(body []byte) error {
	var t wireMonitoringTolerant
	env := envelope{Data: &t}
	if err := json.Unmarshal(body, &env); err != nil {
		return err
	}
	d.tolerant = &t
	return nil
}

// model is the decoded answer as the public model.
func (d *monitoringData) model(loc *time.Location) JobMonitoring {
	if d.tolerant != nil {
		return d.tolerant.model(loc)
	}
	return d.fast.model(loc)
}

// generation tells which server generation sent the answer.
func (d *monitoringData) generation(resp *Response) Generation {
	if d.tolerant != nil {
		return generationOf(&d.tolerant.Job, resp)
	}
	return generationOf(&d.fast.Job, resp)
}

// model maps the wire superset onto the public model; loc (nil for UTC) is
// the zone zone-less times are read in.
func (w *wireMonitoringOf[T, S]) model(loc *time.Location) JobMonitoring {
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
	m.Job.Log = stringsOf(j.Log)

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
		var p wireProgressOf[T]
		if j.Progress != nil {
			p = j.Progress.wireProgressOf
		}
		pi := p.model(j.TimeInfo, loc)
		m.Job.Progress = &pi
	}
	return m
}

// stringsOf is a list of wire text as strings; the fast path's []string is
// used as it is.
func stringsOf[T str](list []T) []string {
	if l, ok := any(list).([]string); ok {
		return l
	}
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

func (s wireServerOf[T]) model() ServerInfo {
	out := ServerInfo{
		Name:  string(s.Name),
		OS:    string(s.OS),
		Agent: string(s.Agent),
		IP:    IPAddresses{Public: string(s.IP.Public)},
	}
	for _, p := range s.IP.Private {
		if p != "" { // null and empty entries are not addresses
			out.IP.Private = append(out.IP.Private, string(p))
		}
	}
	return out
}

// model returns the progress, with times from ti where the flat fields are
// not given (3.0.0 keeps them in timeInfo).
func (p wireProgressOf[T]) model(ti *wireTimeInfoOf[T], loc *time.Location) ProgressInfo {
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

func (r *wirePartitionOf[T]) model(loc *time.Location) PartitionProgress {
	var pi ProgressInfo
	if r.ProgressInfo != (wireProgressOf[T]{}) || (r.wireProgressOf == wireProgressOf[T]{} && r.TimeInfo == nil) {
		pi = r.ProgressInfo.model(nil, loc)
	} else {
		pi = r.wireProgressOf.model(r.TimeInfo, loc)
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
