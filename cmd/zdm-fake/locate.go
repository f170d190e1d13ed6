package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/internal/jsonkind"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// Documents (scenario files, control bodies) are decoded by encoding/json
// into zdmtest's types. When that fails, or when zdmtest refuses a value,
// the error is placed in the document: "file:line:col: field: problem".
// Places come from the decoder's own offsets (json.Decoder.InputOffset,
// read between tokens), found by walking the document again only on the
// error path: linear in the document, and with memory bounded by its
// nesting, which maxDepth bounds.

// maxDepth bounds how deeply a document may nest. A scenario nests about
// eight levels; anything far deeper is refused before it is decoded.
const maxDepth = 32

// decodeStrict decodes one JSON value from data into v, refusing unknown
// fields, trailing data and nesting past maxDepth. Its errors say where:
// "name:line:col: field: problem".
func decodeStrict(name string, data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%s: empty document: want a JSON object", name)
	}
	if off, deep := tooDeep(data); deep {
		return posError(name, data, off, "", fmt.Sprintf("nested deeper than %d levels", maxDepth))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return locateDecodeError(name, data, reflect.TypeOf(v), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return posError(name, data, skipSpace(data, int(dec.InputOffset())), "", "data after the JSON value")
	}
	return nil
}

// tooDeep reports whether data nests past maxDepth, and where. A syntax
// error ends the scan: the decoder reports it.
func tooDeep(data []byte) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		off := skipSpace(data, int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return 0, false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if depth++; depth > maxDepth {
				return off, true
			}
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// skipSpace is the offset of the next token at or after off: past white
// space and the separators the decoder has not consumed yet.
func skipSpace(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

// located is a problem at a place in a document.
type located struct {
	path string
	off  int
	msg  string
}

// locateDecodeError places err, the decoder's error for data decoded into
// a value of type t, by walking data against t to the first value that
// does not decode. The walk reaches the same verdict as the decoder; when
// it finds nothing, the decoder's own offsets place the error.
func locateDecodeError(name string, data []byte, t reflect.Type, err error) error {
	w := &walker{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	if l := w.value(t, "", 0); l != nil {
		return posError(name, data, l.off, l.path, l.msg)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return posError(name, data, len(data), "", "unexpected end of JSON")
	case errors.As(err, &syn):
		return posError(name, data, int(syn.Offset), "", strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		return posError(name, data, int(typ.Offset), typ.Field, "want "+jsonkind.Of(typ.Type)+", got "+typ.Value)
	}
	return fmt.Errorf("%s: %s", name, zdm.Printable(strings.TrimPrefix(err.Error(), "json: ")))
}

// walker walks a document against a Go type, as encoding/json decodes.
type walker struct {
	dec  *json.Decoder
	data []byte
}

// next is the offset of the next token.
func (w *walker) next() int { return skipSpace(w.data, int(w.dec.InputOffset())) }

// syntax places a tokenizing error at off.
func (w *walker) syntax(err error, path string, off int) *located {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &located{path, len(w.data), "unexpected end of JSON"}
	}
	return &located{path, off, strings.TrimPrefix(err.Error(), "json: ")}
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType            = reflect.TypeFor[time.Time]()
)

// value walks one value of type t at path; at is the offset problems
// with it are placed at (its member's key, or the value itself). It
// returns the first problem, or nil.
func (w *walker) value(t reflect.Type, path string, at int) *located {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	start := w.next()
	if at == 0 {
		at = start
	}
	if p := reflect.PointerTo(t); p.Implements(unmarshalerType) || p.Implements(textUnmarshalerType) {
		var raw json.RawMessage
		if err := w.dec.Decode(&raw); err != nil {
			return w.syntax(err, path, start)
		}
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			var se *zdmtest.ScenarioError // problems inside the value, placed there
			if errors.As(err, &se) && len(se.Problems) > 0 {
				pr := se.Problems[0]
				return &located{joinPath(path, pr.Path), start + pathOffset(raw, pr.Path), strings.Join(problemMessages(se.Problems), "; ")}
			}
			return &located{path, at, opaqueMessage(t, err)}
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Slice:
	default:
		if err := w.dec.Decode(reflect.New(t).Interface()); err != nil {
			var typ *json.UnmarshalTypeError
			if errors.As(err, &typ) {
				return &located{path, at, "want " + jsonkind.Of(t) + ", got " + typ.Value}
			}
			return w.syntax(err, path, start)
		}
		return nil
	}
	tok, err := w.dec.Token()
	if err != nil {
		return w.syntax(err, path, start)
	}
	want := json.Delim('{')
	if t.Kind() == reflect.Slice {
		want = '['
	}
	if tok == nil {
		return nil // null leaves the value alone
	}
	if tok != want {
		if d, ok := tok.(json.Delim); ok { // a container of the wrong kind: skip it
			w.skipRest(d)
		}
		return &located{path, at, "want " + jsonkind.Of(t) + ", got " + tokenKind(tok)}
	}
	for i := 0; w.dec.More(); i++ {
		var l *located
		if t.Kind() == reflect.Slice {
			l = w.value(t.Elem(), path+"["+strconv.Itoa(i)+"]", 0)
		} else {
			l = w.member(t, path)
		}
		if l != nil {
			return l
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return w.syntax(err, path, w.next())
	}
	return nil
}

// member walks one member of an object of type t (a struct or a map).
func (w *walker) member(t reflect.Type, path string) *located {
	at := w.next()
	tok, err := w.dec.Token()
	if err != nil {
		return w.syntax(err, path, at)
	}
	key, _ := tok.(string)
	p := key
	if path != "" {
		p = path + "." + key
	}
	if t.Kind() == reflect.Map {
		return w.value(t.Elem(), p, at)
	}
	ft, ok := structField(t, key)
	if !ok {
		return &located{p, at, "unknown field (see the schema in zdm-fake -h)"}
	}
	return w.value(ft, p, at)
}

// joinPath is the path of sub (a path inside the value) under path.
func joinPath(path, sub string) string {
	switch {
	case sub == "":
		return path
	case path == "" || strings.HasPrefix(sub, "["):
		return path + sub
	}
	return path + "." + sub
}

// problemMessages are the messages of problems found inside one value:
// the first as it is, the others with their paths.
func problemMessages(ps []zdmtest.Problem) []string {
	out := []string{ps[0].Message}
	for _, p := range ps[1:] {
		out = append(out, p.String())
	}
	return out
}

// skipRest reads the rest of a container opened with d.
func (w *walker) skipRest(d json.Delim) {
	for depth := 1; depth > 0; {
		tok, err := w.dec.Token()
		if err != nil {
			return
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// structField is the type of the field a JSON key decodes into (exact tag
// first, then case-insensitively, as encoding/json does), looking into
// embedded structs.
func structField(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			if ft, ok := structField(f.Type, key); ok {
				return ft, true
			}
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
}

// opaqueMessage is the problem with a value of a type that decodes
// itself.
func opaqueMessage(t reflect.Type, err error) string {
	if t == timeType {
		return "want an RFC 3339 time such as \"2026-01-17T06:00:00Z\""
	}
	inner := err // the type's own error, which some versions of encoding/json wrap
	for u := errors.Unwrap(inner); u != nil; u = errors.Unwrap(inner) {
		inner = u
	}
	var typ *json.UnmarshalTypeError
	if errors.As(inner, &typ) {
		kind := jsonkind.Of(typ.Type)
		if reflect.PointerTo(typ.Type).Implements(textUnmarshalerType) {
			kind = "a string"
		}
		return "want " + kind + ", got " + typ.Value
	}
	return strings.ReplaceAll(strings.TrimPrefix(inner.Error(), "json: "), "\n", "; ")
}

// tokenKind names the JSON a token starts.
func tokenKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		if tok == json.Delim('[') {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

// pathOffset is where the value at path (such as
// "jobs[0].partitions[1].steps") starts in data: its member's key, or the
// element itself; where its nearest parent starts when it is not there.
// It walks only down path, skipping the rest.
func pathOffset(data []byte, path string) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	at := skipSpace(data, 0)
	for _, seg := range splitPath(path) {
		tok, err := dec.Token()
		if err != nil {
			return at
		}
		found := false
		switch tok {
		case json.Delim('{'):
			for dec.More() && !found {
				off := skipSpace(data, int(dec.InputOffset()))
				key, err := dec.Token()
				if err != nil {
					return at
				}
				if k, _ := key.(string); strings.EqualFold(k, seg) {
					at, found = off, true
				} else if dec.Decode(&json.RawMessage{}) != nil {
					return at
				}
			}
		case json.Delim('['):
			i, err := strconv.Atoi(strings.Trim(seg, "[]"))
			if err != nil || !strings.HasPrefix(seg, "[") {
				return at
			}
			for j := 0; dec.More() && !found; j++ {
				if j == i {
					at, found = skipSpace(data, int(dec.InputOffset())), true
				} else if dec.Decode(&json.RawMessage{}) != nil {
					return at
				}
			}
		}
		if !found {
			return at
		}
	}
	return at
}

// splitPath splits "jobs[0].partitions[1].steps" into "jobs", "[0]",
// "partitions", "[1]", "steps".
func splitPath(path string) []string {
	var segs []string
	for path != "" {
		switch i := strings.IndexAny(path[1:], ".["); {
		case path[0] == '.':
			path = path[1:]
		case i < 0:
			segs, path = append(segs, path), ""
		default:
			segs, path = append(segs, path[:i+1]), path[i+1:]
		}
	}
	return segs
}

// posError is a problem at byte offset off of data. The field (made of
// the document's keys) and the message (which may quote its values) are
// escaped as the SDK escapes server text, so that a key holding a line
// break or a terminal's escape sequence cannot break or forge the line.
func posError(name string, data []byte, off int, field, msg string) error {
	field, msg = zdm.Printable(field), zdm.Printable(msg)
	line, col := lineCol(data, off)
	if field != "" {
		return fmt.Errorf("%s:%d:%d: %s: %s", name, line, col, field, msg)
	}
	return fmt.Errorf("%s:%d:%d: %s", name, line, col, msg)
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return line, col
}
