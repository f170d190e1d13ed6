package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// decodeStrict decodes one JSON value from data into v, refusing unknown
// fields and trailing data. Its errors say where: "name:line:col: field:
// problem".
func decodeStrict(name string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return posError(name, data, int(dec.InputOffset()), "", "data after the JSON value")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: empty document: want a JSON object", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return posError(name, data, len(data), "", "unexpected end of JSON")
	case errors.As(err, &syn):
		return posError(name, data, int(syn.Offset), "", strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field, off := typ.Field, int(typ.Offset)
		if p, o, ok := indexJSON(data).before(off); ok {
			field, off = p, o // the full path, with indices, where the value starts
		}
		if field == "" {
			field = "(document)"
		}
		return posError(name, data, off, field, "want "+jsonKind(typ.Type)+", got "+typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		idx := indexJSON(data)
		if path, off, ok := idx.unknownField(reflect.TypeOf(v)); ok {
			return posError(name, data, off, path, "unknown field (see the schema in zdm-fake -h)")
		}
	}
	return fmt.Errorf("%s: %v", name, err)
}

// jsonKind names the JSON a Go type wants.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return t.String()
}

// posError is a problem at byte offset off of data.
func posError(name string, data []byte, off int, field, msg string) error {
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

// jsonIndex knows where each member and element of a JSON document
// starts, by path ("jobs[0].partitions[1].steps"), in document order.
type jsonIndex struct {
	at    map[string]int
	paths [][]string // each path's segments: a key, or "[i]"
	offs  []int
}

// indexJSON indexes a valid JSON document (an invalid one gives what was
// read before the problem).
func indexJSON(data []byte) *jsonIndex {
	idx := &jsonIndex{at: map[string]int{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	idx.value(dec, data, nil)
	return idx
}

// start is where the next token begins, past spaces and separators.
func start(dec *json.Decoder, data []byte) int {
	i := int(dec.InputOffset())
	for i < len(data) && strings.IndexByte(" \t\r\n,:", data[i]) >= 0 {
		i++
	}
	return i
}

func (idx *jsonIndex) add(path []string, off int) {
	p := append([]string(nil), path...)
	idx.at[joinPath(p)] = off
	idx.paths = append(idx.paths, p)
	idx.offs = append(idx.offs, off)
}

// value reads one value and indexes what is inside it.
func (idx *jsonIndex) value(dec *json.Decoder, data []byte, path []string) bool {
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			off := start(dec, data)
			key, err := dec.Token()
			if err != nil {
				return false
			}
			k, _ := key.(string)
			p := append(path, k)
			idx.add(p, off)
			if !idx.value(dec, data, p) {
				return false
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			p := append(path, "["+strconv.Itoa(i)+"]")
			idx.add(p, start(dec, data))
			if !idx.value(dec, data, p) {
				return false
			}
		}
		_, err = dec.Token()
	}
	return err == nil
}

// joinPath writes segments as "jobs[0].name".
func joinPath(segs []string) string {
	var b strings.Builder
	for _, s := range segs {
		if b.Len() > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// offset is where path starts, or where its nearest indexed parent does.
func (idx *jsonIndex) offset(path string) int {
	for {
		if off, ok := idx.at[path]; ok {
			return off
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return 0
		}
		path = path[:i]
	}
}

// before is the last member or element that starts before off: the
// value a type error at off is about.
func (idx *jsonIndex) before(off int) (string, int, bool) {
	for i := len(idx.offs) - 1; i >= 0; i-- {
		if idx.offs[i] < off {
			return joinPath(idx.paths[i]), idx.offs[i], true
		}
	}
	return "", 0, false
}

// unknownField finds the first member, in document order, that type t
// has no field for.
func (idx *jsonIndex) unknownField(t reflect.Type) (string, int, bool) {
	for i, p := range idx.paths {
		if _, ok := fieldType(t, p); !ok {
			return joinPath(p), idx.offs[i], true
		}
	}
	return "", 0, false
}

// fieldType is the Go type at path inside t, following json tags.
func fieldType(t reflect.Type, path []string) (reflect.Type, bool) {
	for _, seg := range path {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if strings.HasPrefix(seg, "[") {
			if t.Kind() != reflect.Slice {
				return nil, true // a type error, not an unknown field
			}
			t = t.Elem()
			continue
		}
		if t.Kind() == reflect.Map {
			t = t.Elem()
			continue
		}
		if t.Kind() != reflect.Struct {
			return nil, true
		}
		f, ok := structField(t, seg)
		if !ok {
			return nil, false
		}
		t = f
	}
	return t, true
}

// structField finds the field a JSON key decodes into (exact tag first,
// then case-insensitively, as encoding/json does).
func structField(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
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
