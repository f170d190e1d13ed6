package zdm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// How an answer decodes (read this before adding a family).
//
// Each answer has a wire schema and a model, as in hcloud-go. The wire
// schema is plain structs with JSON tags: the superset of what every server
// generation sends for that shape (keys match case-insensitively, so
// PascalCase keys read too). encoding/json does all the decoding; one
// model method per wire struct turns it into what users hold, which is
// plain Go values (string, int64, bool and the typed enums).
//
// A wire struct's scalar fields take one of four types, each of which reads
// whatever a server generation puts there, so that one pass reads every
// dialect:
//
//   - id: an ID. "1" and 1 read 1 (an int64); "", "-", "Unknown" and null
//     read 0. Anything else (text, a fraction, a negative number) is a
//     decode error naming the field, and the call returns an *APIError
//     matching ErrUnexpectedResponse.
//   - known: text where servers write "-", "Unknown" or null for "no
//     value"; those read "" (the zero value). Names, platforms, types,
//     paths, versions, addresses: every model field that is not one of
//     the next two.
//   - text: text kept as the server wrote it ("-" stays "-"; null reads
//     ""), for statuses, states, percents, elapsed times, messages,
//     descriptions and log lines: users show them as sent, and the typed
//     readings ([Status.Phase], [ProgressInfo.PercentValue],
//     [ProgressInfo.ElapsedDuration]) treat "" and "-" alike as not given.
//   - stamp: a time, kept like text, except that a zone-less
//     "2006-01-02 15:04:05" becomes RFC 3339 with the server's offset
//     (stamp.in, with the zone of the answer: Response.zone).
//
// text and stamp keep "-" for the recovery family, whose monitoring
// contract shows values as sent. The families of API.md rev. 3 (the
// inventory, backups) read "-", "Unknown" and null as the zero value in
// every model field: their wire schemas take known for text and
// knownStamp (a stamp whose placeholders read "") for times.
//
// known, text and stamp also take a number or a boolean where text was
// documented (as its literal: 7 reads "7"); an object or an array is a
// decode error. Counts are text read with atoi, yes/no words ("use",
// "allow", "Overwritten") text read with truthy. A family's method then
// reads one object, or a page of them, through calls.go:
//
//	return readOne(ctx, c, path, opts, plainQuery[GetThingOptions], (*wireThing).model)
//
// where model is func(*wireThing, *times) Thing, and times writes the
// answer's times in its zone (t.of(w.LastUpdated)); a list decodes into
// pageBuffer[wireThing](opts.Limit), a slice sized for the page asked for.

// text is text kept as sent: a string, or a number or boolean as its
// literal; null reads "".
type text string

// UnmarshalJSON implements [json.Unmarshaler].
func (t *text) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	*t = text(s)
	return err
}

// known is text in which the servers' placeholders for "no value" ("-",
// "Unknown", null) read "".
type known string

// UnmarshalJSON implements [json.Unmarshaler].
func (k *known) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	if placeholder(s) {
		s = ""
	}
	*k = known(s)
	return err
}

// placeholder reports whether s is how servers write "no value".
func placeholder(s string) bool {
	s = strings.TrimSpace(s)
	return s == "-" || strings.EqualFold(s, "unknown")
}

// emptied is s, or "" when s is a placeholder: for the families of API.md
// rev. 3 where a field the recovery family keeps as sent (a status, a
// time, a description) is shared with it.
func emptied(s string) string {
	if placeholder(s) {
		return ""
	}
	return s
}

// id is an ID sent as "1" or 1; placeholders read 0.
type id int64

var int64Type = reflect.TypeFor[int64]()

// UnmarshalJSON implements [json.Unmarshaler].
func (i *id) UnmarshalJSON(b []byte) error {
	if len(b) > 1 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 {
		b = b[1 : len(b)-1] // the usual "7": read the digits in place
	} else if len(b) > 0 && b[0] != 'n' {
		s, err := scalar(b)
		if err != nil {
			return &json.UnmarshalTypeError{Value: kindOf(b), Type: int64Type}
		}
		b = []byte(s)
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] == 'n' || placeholder(string(b)) {
		*i = 0
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || n < 0 {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf("%.40q (not an ID)", b), Type: int64Type}
	}
	*i = id(n)
	return nil
}

// stamp is a time as sent; see in. A zone-less time is read as a wall
// clock (in UTC) when it is decoded, and put in the answer's zone by in:
// the zone is known only once the whole answer is read (the envelope's
// timestamp comes after its data).
type stamp struct {
	raw      string    // the value as sent, when it is not zone-less
	wall     time.Time // the zone-less time, read in UTC
	zoneless bool
}

// UnmarshalJSON implements [json.Unmarshaler].
func (s *stamp) UnmarshalJSON(b []byte) error {
	*s = stamp{}
	if len(b) > 2 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 {
		if t, ok := parseZoneless(string(b[1:len(b)-1]), time.UTC); ok {
			s.wall, s.zoneless = t, true
			return nil
		}
	}
	v, err := scalar(b)
	s.raw = v
	return err
}

// knownStamp is a stamp in which the servers' placeholders ("-",
// "Unknown", null) read as no time: the model's text is "". A model
// reads it as any stamp, t.of(w.LastUpdated.stamp).
type knownStamp struct{ stamp }

// UnmarshalJSON implements [json.Unmarshaler].
func (s *knownStamp) UnmarshalJSON(b []byte) error {
	err := s.stamp.UnmarshalJSON(b)
	if !s.zoneless && placeholder(s.raw) {
		s.stamp = stamp{}
	}
	return err
}

// in is the time as the model keeps it: a zone-less time as RFC 3339 in
// the zone z, anything else as sent.
func (s stamp) in(z zone) string {
	if !s.zoneless {
		return z.fix(text(s.raw))
	}
	w := s.wall
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), z.location()).
		Format(time.RFC3339Nano)
}

var stringType = reflect.TypeFor[string]()

// scalar reads a JSON scalar as text: a string's value, null as "", a
// number or a boolean as its literal. An object or an array is a type
// error.
func scalar(b []byte) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	switch b[0] {
	case '"':
		// The usual string has no escape to undo: take it as it is.
		if len(b) >= 2 && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			return string(b[1 : len(b)-1]), nil
		}
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	case 'n':
		return "", nil
	case '{', '[':
		return "", &json.UnmarshalTypeError{Value: kindOf(b), Type: stringType}
	}
	return string(b), nil
}

func kindOf(b []byte) string {
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "value"
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
	s, err := scalar(b)
	*t = rawText(s)
	return err
}

// knowns is a list of known text as strings, without the entries that
// read empty; nil when none is left.
func knowns(list []known) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, string(s))
		}
	}
	return out
}

// texts is a list of text as strings (nil stays nil).
func texts(list []text) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

// firstOf is the first of vs that is not empty.
func firstOf[T ~string](vs ...T) T {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// truthy reads the yes/no words servers use for booleans: "use",
// "allow", "true", "yes", "Overwritten" (and their "not ..." forms, which
// read false).
func truthy[T ~string](t T) bool {
	switch strings.ToLower(strings.TrimSpace(string(t))) {
	case "true", "use", "allow", "yes", "y", "1", "overwritten", "overwrite", "on":
		return true
	}
	return false
}

// JSONValue is a JSON value as the server sent it: text, a number, an
// object or null. It prints as its JSON text (`"full"`, `3`, `null`) with
// %v and %s, and marshals as the value itself.
type JSONValue json.RawMessage

// String returns the value's JSON text; "null" when it is empty.
func (v JSONValue) String() string {
	if len(v) == 0 {
		return "null"
	}
	return string(v)
}

// MarshalJSON implements [json.Marshaler].
func (v JSONValue) MarshalJSON() ([]byte, error) {
	if len(v) == 0 {
		return []byte("null"), nil
	}
	return v, nil
}

// UnmarshalJSON implements [json.Unmarshaler].
func (v *JSONValue) UnmarshalJSON(b []byte) error {
	*v = append((*v)[:0], b...)
	return nil
}

// size is a size as servers send it: an object {raw, formatted} (raw the
// bytes as a number or its text; the usual form), text "<bytes>
// (<human>)" (the prototype), bytes alone as a number or text, or a
// human text alone ("500GB"). Placeholders ("Unknown", "-") and null read
// zero. A raw part that is not a whole non-negative number is a decode
// error naming the field.
type size Size

var sizeType = reflect.TypeFor[Size]()

// UnmarshalJSON implements [json.Unmarshaler].
func (s *size) UnmarshalJSON(b []byte) error {
	*s = size{}
	if len(b) > 0 && b[0] == '{' {
		return s.readObject(b)
	}
	t, err := scalar(b)
	if err != nil || placeholder(t) {
		return err
	}
	t = strings.TrimSpace(t)
	if n, human, ok := strings.Cut(t, " ("); ok && strings.HasSuffix(human, ")") {
		s.Formatted = strings.TrimSpace(strings.TrimSuffix(human, ")"))
		return s.setBytes(n)
	}
	if s.setBytes(t) != nil {
		s.Formatted = t // a human text alone ("500GB")
	}
	return nil
}

// readObject reads {raw, formatted}. Sizes come by the thousand in a
// list of servers with their partitions, so a flat object is read here
// member by member (flatMembers) without a second encoding/json pass,
// which costs six more allocations a size, more than a page of servers'
// other allocations together (see BenchmarkFastPaths, sizes); anything
// else goes through encoding/json (readJSON).
func (s *size) readObject(b []byte) error {
	var raw, formatted []byte
	m := flatMembers{b: b, i: 1}
	for key, val, ok := m.next(); ok; key, val, ok = m.next() {
		switch {
		case bytes.EqualFold(key, []byte("raw")):
			raw = val
		case bytes.EqualFold(key, []byte("formatted")):
			formatted = val
		}
	}
	if !m.flat {
		return s.readJSON(b)
	}
	var f known
	if err := f.UnmarshalJSON(formatted); err != nil {
		return err
	}
	s.Formatted = string(f)
	if inner := bytes.Trim(raw, `"`); len(inner) > 0 && len(inner) <= 18 && allDigitBytes(inner) {
		for _, c := range inner {
			s.Bytes = s.Bytes*10 + int64(c-'0') // 18 digits cannot overflow
		}
		return nil
	}
	t, err := scalar(raw)
	if err != nil {
		return &json.UnmarshalTypeError{Value: kindOf(raw), Type: sizeType}
	}
	return s.setBytes(t)
}

// readJSON reads {raw, formatted} with encoding/json.
func (s *size) readJSON(b []byte) error {
	var w struct {
		Raw       text  `json:"raw"`
		Formatted known `json:"formatted"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.Formatted = string(w.Formatted)
	return s.setBytes(string(w.Raw))
}

// flatMembers walks the members of a JSON object whose values are all
// scalars, from b[i]. b is valid JSON (encoding/json checks an answer
// before decoding it). flat is false, and next stops, at a nested value
// or an escaped key: the caller then decodes the object otherwise.
type flatMembers struct {
	b    []byte
	i    int
	flat bool
}

// next is the next member's key and value (a scalar as written).
func (m *flatMembers) next() (key, val []byte, ok bool) {
	b := m.b
	for m.i < len(b) && (b[m.i] == ' ' || b[m.i] == '\t' || b[m.i] == '\r' || b[m.i] == '\n' || b[m.i] == ',') {
		m.i++
	}
	if m.i >= len(b) || b[m.i] != '"' {
		m.flat = m.i < len(b) && b[m.i] == '}'
		return nil, nil, false
	}
	end := bytes.IndexByte(b[m.i+1:], '"')
	if end < 0 || bytes.IndexByte(b[m.i+1:m.i+1+end], '\\') >= 0 {
		return nil, nil, false
	}
	key = b[m.i+1 : m.i+1+end]
	m.i += end + 2
	for m.i < len(b) && b[m.i] != ':' {
		m.i++
	}
	m.i++
	for m.i < len(b) && (b[m.i] == ' ' || b[m.i] == '\t' || b[m.i] == '\r' || b[m.i] == '\n') {
		m.i++
	}
	start := m.i
	switch {
	case m.i >= len(b) || b[m.i] == '{' || b[m.i] == '[':
		return nil, nil, false
	case b[m.i] == '"':
		for m.i++; m.i < len(b) && b[m.i] != '"'; m.i++ {
			if b[m.i] == '\\' {
				m.i++
			}
		}
		m.i++
	default:
		for m.i < len(b) && b[m.i] != ',' && b[m.i] != '}' && b[m.i] != ' ' && b[m.i] != '\t' && b[m.i] != '\r' && b[m.i] != '\n' {
			m.i++
		}
	}
	return key, b[start:min(m.i, len(b))], true
}

func allDigitBytes(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// setBytes reads the bytes of a size: a whole non-negative number, as
// digits or in a float's notation ("5.12e+11"); "" and placeholders read 0.
func (s *size) setBytes(t string) error {
	t = strings.TrimSpace(t)
	if t == "" || placeholder(t) {
		return nil
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil && n >= 0 {
		s.Bytes = n
		return nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f >= math.MaxInt64 {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf("%.40q (not a size in bytes)", t), Type: sizeType}
	}
	s.Bytes = int64(f)
	return nil
}
