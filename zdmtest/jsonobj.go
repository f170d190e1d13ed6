package zdmtest

import (
	"bytes"
	"encoding/json"
)

// obj is a JSON object that keeps its keys in the order they were added,
// so that answers read like the real server's (success first, data in the
// documented order).
type obj []field

// field is one key of an obj.
type field struct {
	key   string
	value any
}

// MarshalJSON implements [json.Marshaler].
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := encodeJSON(f.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := encodeJSON(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encodeJSON marshals v as Express does: no HTML escaping and no trailing
// newline.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// orNull is s, or JSON null when s is empty.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// orDash is s, or "-" (the servers' "not given") when s is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
