package zdm

import (
	"encoding/json"
	"reflect"
	"unicode/utf8"
)

// The wire schema: plain structs with JSON tags for what servers send,
// kept apart from the public model (as hcloud-go does), with one small
// conversion per shape. Every text field is a [text], which takes what any
// server generation puts there (a string, null, a number or a boolean), so
// one decoding pass reads every dialect. Keys match case-insensitively
// (encoding/json), so PascalCase keys read too.

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
// be used as they are: no escapes, no control characters, valid UTF-8.
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

// stamp is a time field. A zone-less time in the usual form is kept as
// read, without a copy of its text, until the answer's zone is known (the
// envelope's timestamp comes after its data); anything else is kept as
// text. zone.stamp turns it into the model's text.
type stamp struct {
	text text
	wall wall // month 0 when text holds the value
}

// UnmarshalJSON implements [json.Unmarshaler].
func (s *stamp) UnmarshalJSON(b []byte) error {
	if len(b) >= 21 && b[0] == '"' && b[len(b)-1] == '"' {
		if w, ok := parseWall(b[1 : len(b)-1]); ok {
			*s = stamp{wall: w}
			return nil
		}
	}
	s.wall = wall{}
	return s.text.UnmarshalJSON(b)
}

// rawText is a field servers send as text or as a JSON object (a message
// object where a string was documented): a string reads as its value, any
// other JSON value as its JSON text.
type rawText string

// UnmarshalJSON implements [json.Unmarshaler].
func (t *rawText) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		*t = rawText(b)
		return nil
	}
	var s text
	err := s.UnmarshalJSON(b)
	*t = rawText(s)
	return err
}

// wireMonitoring is the data of a job monitoring answer: the superset of
// the seed-era and 1.x/2.x shape (system + job.details), older drafts
// (servers as plain names, one job.progressInfo) and 3.0.0's
// (job.info.source/target, job.progress.partitions, job.timeInfo).
type wireMonitoring struct {
	System struct {
		Source wireServer `json:"source"`
		Target wireServer `json:"target"`
	} `json:"system"`
	Job wireJob `json:"job"`
}

// wireServer is a server as an object or (older drafts) its name alone.
type wireServer struct {
	Name    text `json:"name"`
	ID      text `json:"id"`
	OS      text `json:"os"`
	Agent   text `json:"agent"`
	License text `json:"license"`
	IP      struct {
		Public  text   `json:"public"`
		Private []text `json:"private"`
	} `json:"ip"`
}

// UnmarshalJSON implements [json.Unmarshaler].
func (s *wireServer) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		return s.Name.UnmarshalJSON(b)
	}
	// Servers come twice in every job of a list: read the usual object
	// in place rather than through a second json.Unmarshal, and leave
	// anything unusual to it.
	before := *s
	if s.decodeObject(b) {
		return nil
	}
	*s = before
	type plain wireServer
	return json.Unmarshal(b, (*plain)(s))
}

var serverKeys = [...]string{"name", "id", "os", "agent", "license", "ip"}

// decodeObject reads a server object the way encoding/json would, and
// reports false, having maybe written some fields, for anything it leaves
// to encoding/json (see eachMember; also repeated keys, and values of the
// wrong type, whose errors encoding/json words).
func (s *wireServer) decodeObject(b []byte) bool {
	dst := [...]*text{&s.Name, &s.ID, &s.OS, &s.Agent, &s.License}
	var seen uint
	return eachMember(b, func(k, v []byte) bool {
		i := keyIndex(k, serverKeys[:])
		if i < 0 {
			return true
		}
		if seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		if i < len(dst) {
			return textValue(dst[i], v)
		}
		return s.decodeIP(v)
	})
}

var ipKeys = [...]string{"public", "private"}

func (s *wireServer) decodeIP(b []byte) bool {
	switch b[0] {
	case 'n': // null leaves the field as it is
		return true
	case '{':
	default:
		return false
	}
	var seen uint
	return eachMember(b, func(k, v []byte) bool {
		i := keyIndex(k, ipKeys[:])
		if i < 0 {
			return true
		}
		if seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		if i == 0 {
			return textValue(&s.IP.Public, v)
		}
		switch v[0] {
		case 'n':
			s.IP.Private = nil
			return true
		case '[':
		default:
			return false
		}
		list := s.IP.Private[:0]
		ok := eachElement(v, func(e []byte) bool {
			var t text
			if !textValue(&t, e) {
				return false
			}
			list = append(list, t)
			return true
		})
		if len(list) == 0 {
			list = []text{}
		}
		s.IP.Private = list
		return ok
	})
}

// textValue decodes a scalar into t; objects and arrays are left to
// encoding/json, which words the type error.
func textValue(t *text, v []byte) bool {
	if v[0] == '{' || v[0] == '[' {
		return false
	}
	return t.UnmarshalJSON(v) == nil
}

// keyIndex is the index of the key in keys (lower-case ASCII names),
// matched ASCII case-insensitively as encoding/json does; -1 when none.
func keyIndex(k []byte, keys []string) int {
	for i, name := range keys {
		if len(k) != len(name) {
			continue
		}
		j := 0
		for ; j < len(k); j++ {
			c := k[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != name[j] {
				break
			}
		}
		if j == len(k) {
			return i
		}
	}
	return -1
}

// eachMember calls fn with each key and raw value of a JSON object that
// encoding/json has already checked is valid (UnmarshalJSON is handed
// only valid values). It reports false when fn does, or when a key is
// escaped or not ASCII: such keys match fields by Unicode case folding,
// which is encoding/json's business.
func eachMember(b []byte, fn func(k, v []byte) bool) bool {
	i := skipSpace(b, 1)
	if b[i] == '}' {
		return true
	}
	for {
		// A key: b[i] is its opening quote.
		j := i + 1
		for ; b[j] != '"'; j++ {
			if b[j] == '\\' || b[j] >= utf8.RuneSelf {
				return false
			}
		}
		k := b[i+1 : j]
		i = skipSpace(b, j+1) + 1 // the colon
		i = skipSpace(b, i)
		end := valueEnd(b, i)
		if !fn(k, b[i:end]) {
			return false
		}
		i = skipSpace(b, end)
		if b[i] == '}' {
			return true
		}
		i = skipSpace(b, i+1) // after the comma
	}
}

// eachElement calls fn with each raw element of a valid JSON array.
func eachElement(b []byte, fn func(v []byte) bool) bool {
	i := skipSpace(b, 1)
	if b[i] == ']' {
		return true
	}
	for {
		end := valueEnd(b, i)
		if !fn(b[i:end]) {
			return false
		}
		i = skipSpace(b, end)
		if b[i] == ']' {
			return true
		}
		i = skipSpace(b, i+1)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd is the end of the valid JSON value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// stringEnd is the end of the JSON string whose opening quote is b[i].
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
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
	ID       text `json:"id"` // a number on 3.0.0
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
	Partition text `json:"partition"`
	Drive     text `json:"drive"`
	// ProgressInfo is a value, not a pointer: one allocation less per row
	// on every poll. A row without it has its progress flat (3.0.0).
	ProgressInfo wireProgress `json:"progressInfo"`

	// 3.0.0 rows carry their progress flat, with times in timeInfo.
	wireProgress
	TimeInfo   *wireTimeInfo `json:"timeInfo"`
	BackupFile text          `json:"backupFile"`

	// detail=true extras.
	Device text `json:"device"`
	Mode   text `json:"mode"`
	Backup struct {
		JobName  text `json:"jobName"`
		FileName text `json:"fileName"`
	} `json:"backup"`
	Repository struct {
		ID   text `json:"id"` // "1" or 1
		Type text `json:"type"`
		Path text `json:"path"`
	} `json:"repository"`
	TargetDisk text `json:"targetDisk"`
	Size       text `json:"size"`
	DiskNumber text `json:"diskNumber"`
	Overwrite  text `json:"overwrite"`
}

// model maps the wire superset onto the public model; z writes zone-less
// times as RFC 3339 in the server's zone.
func (w *wireMonitoring) model(z zone) JobMonitoring {
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

// stringsOf is a list of wire text as strings (nil stays nil).
func stringsOf(list []text) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

func (s *wireServer) model() ServerInfo {
	out := ServerInfo{
		Name:    string(s.Name),
		ID:      string(s.ID),
		License: string(s.License),
		OS:      string(s.OS),
		Agent:   string(s.Agent),
		IP:      IPAddresses{Public: string(s.IP.Public)},
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
func (p *wireProgress) model(ti *wireTimeInfo, z zone) ProgressInfo {
	out := ProgressInfo{
		Status:  Status(p.Status),
		Percent: string(p.Percent),
		Message: string(p.Message),
		Start:   z.stamp(p.Start),
		Elapsed: string(p.Elapsed),
		End:     z.stamp(p.End),
	}
	if ti != nil {
		if out.Start == "" {
			out.Start = z.stamp(ti.Start)
		}
		if out.Elapsed == "" {
			out.Elapsed = string(ti.Elapsed)
		}
		if out.End == "" {
			out.End = z.stamp(ti.End)
		}
	}
	return out
}

func (r *wirePartition) model(z zone) PartitionProgress {
	var pi ProgressInfo
	if r.ProgressInfo != (wireProgress{}) || (r.wireProgress == wireProgress{} && r.TimeInfo == nil) {
		pi = r.ProgressInfo.model(nil, z)
	} else {
		pi = r.wireProgress.model(r.TimeInfo, z)
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
