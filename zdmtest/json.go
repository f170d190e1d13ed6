package zdmtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm/internal/jsonkind"
)

// The JSON forms of the specs whose Go form is not plain data: a
// Machine may be given by its name, a Simulation's durations are Go
// duration strings and its ending is two fields. Their decoding is as
// strict as the rest of a scenario: unknown fields are refused.

// UnmarshalJSON reads a server given by its name ("web-01") or as an
// object ({"name": "web-01", "os": "Rocky Linux 9.3", ...}).
func (m *Machine) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		*m = Machine{}
		return json.Unmarshal(t, &m.Name)
	}
	type plain Machine
	var v plain
	if err := decodeObject(b, &v); err != nil {
		return err
	}
	*m = Machine(v)
	return nil
}

// simulationJSON is a Simulation's JSON form.
type simulationJSON struct {
	Delay       string `json:"delay,omitempty"`
	Prepare     string `json:"prepare,omitempty"`
	Copy        string `json:"copy,omitempty"`
	Reboot      string `json:"reboot,omitempty"`
	FailAt      *int   `json:"failAt,omitempty"`
	FailMessage string `json:"failMessage,omitempty"`
	CancelAt    *int   `json:"cancelAt,omitempty"`
	Canceling   string `json:"canceling,omitempty"`
}

// MarshalJSON writes the simulation's JSON form.
func (sm Simulation) MarshalJSON() ([]byte, error) {
	dur := func(d time.Duration) string {
		if d == 0 {
			return ""
		}
		return d.String()
	}
	v := simulationJSON{Delay: dur(sm.Delay), Prepare: dur(sm.Prepare), Copy: dur(sm.Copy), Reboot: dur(sm.Reboot)}
	switch pct := sm.Ending.percent; sm.Ending.kind {
	case endFail:
		v.FailAt, v.FailMessage = &pct, sm.Ending.message
	case endCancel:
		v.CancelAt, v.Canceling = &pct, dur(sm.Ending.canceling)
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads the simulation's JSON form.
func (sm *Simulation) UnmarshalJSON(b []byte) error {
	var v simulationJSON
	if err := decodeObject(b, &v); err != nil {
		return err
	}
	var p problems
	dur := p.duration
	out := Simulation{Delay: dur("delay", v.Delay), Prepare: dur("prepare", v.Prepare), Copy: dur("copy", v.Copy), Reboot: dur("reboot", v.Reboot)}
	canceling := dur("canceling", v.Canceling)
	switch {
	case v.FailAt != nil && v.CancelAt != nil:
		p.add("cancelAt", "set with failAt: a simulation fails or is canceled, not both")
	case v.FailAt != nil:
		out.Ending = FailAt(*v.FailAt, v.FailMessage)
	case v.CancelAt != nil:
		out.Ending = CancelAt(*v.CancelAt, canceling)
	}
	if v.FailMessage != "" && v.FailAt == nil {
		p.add("failMessage", "set without failAt")
	}
	if v.Canceling != "" && v.CancelAt == nil {
		p.add("canceling", "set without cancelAt")
	}
	if err := p.err(); err != nil {
		return err
	}
	*sm = out
	return nil
}

// duration reads a Go duration given as text ("" is zero).
func (p *problems) duration(path, s string) time.Duration {
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		p.add(path, "%q is not a duration such as \"90s\" or \"1m30s\"", s)
	}
	return d
}

// decodeObject decodes one JSON object into v strictly (no unknown
// field, nothing after it). Its errors are *ScenarioError, with paths
// relative to the object and messages without Go type names.
func decodeObject(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, err := dec.Token(); err != io.EOF {
			return problemAt("", "data after the object")
		}
		return nil
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		name, _, _ := strings.Cut(typ.Field, ".") // the member of this flat object
		if name != "" && strings.Trim(name, "0123456789") == "" {
			name = "" // an element of the value itself
		}
		return problemAt(name, "want %s, got %s", jsonkind.Of(typ.Type), typ.Value)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if key, ok := strings.CutPrefix(msg, "unknown field "); ok {
		if k, err := strconv.Unquote(key); err == nil {
			return problemAt(k, "unknown field")
		}
	}
	return problemAt("", "%s", msg)
}

// problemAt is a *ScenarioError of one problem.
func problemAt(path, format string, args ...any) error {
	return &ScenarioError{Problems: []Problem{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}
