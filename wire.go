package zdm

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// known, text and stamp also take a number or a boolean where text was
// documented (as its literal: 7 reads "7"); an object or an array is a
// decode error. Counts are text read with atoi, yes/no words ("use",
// "allow", "Overwritten") text read with truthy. A family's method then
// reads:
//
//	var w wireThing
//	resp, err := c.Do(ctx, req, &w)
//	if err != nil {
//		return nil, resp, err
//	}
//	return w.model(resp.zone), resp, nil
//
// and a list decodes into pageBuffer[wireThing](opts.Limit), a slice sized
// for the page asked for.

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
		if bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
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
