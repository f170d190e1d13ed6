package zdmtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Injection is a fault with the number of requests it answers: an entry
// of [Scenario.Faults], what [Server.Faults] lists, and the JSON that
// zdm-fake's POST /_fake/faults takes. Its JSON form is the fault's
// fields beside "count":
//
//	{"kind": "status", "status": 503, "count": 2, "retryAfter": "2s",
//	 "method": "GET", "path": "recoveries/monitoring/job/"}
//
// Kinds and their fields: status (status, default 503; code, message),
// empty (status, default 401), canned (status, default 200; contentType,
// body), nginx502, truncated, wrongTypes, successFalse (code, message),
// huge (size in bytes, default 1 MiB), invalidUTF8, deepNesting (size in
// levels, default 20000), drop, cutBody, delay (delay). Every kind takes
// retryAfter (a duration) or retryAfterDate (an RFC 3339 time), delay,
// method and path (see [Fault.On]).
type Injection struct {
	// Count is how many matching requests the fault answers (in JSON
	// default 1).
	Count int
	// Fault is the fault.
	Fault Fault

	kind string // the JSON kind, when it names no fault
}

// faultKinds are the kinds' JSON names.
var faultKinds = []struct {
	kind faultKind
	name string
}{
	{faultStatus, "status"}, {faultEmpty, "empty"}, {faultCanned, "canned"}, {faultNginx, "nginx502"},
	{faultTruncated, "truncated"}, {faultWrongTypes, "wrongTypes"}, {faultSuccessFalse, "successFalse"},
	{faultHuge, "huge"}, {faultInvalidUTF8, "invalidUTF8"}, {faultDeepNesting, "deepNesting"},
	{faultDrop, "drop"}, {faultCutBody, "cutBody"}, {faultDelay, "delay"},
}

// faultKindNames lists the kinds' JSON names, for messages.
func faultKindNames() string {
	names := make([]string, len(faultKinds))
	for i, k := range faultKinds {
		names[i] = k.name
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// injectionJSON is an Injection's JSON form.
type injectionJSON struct {
	Kind           string    `json:"kind"`
	Count          int       `json:"count,omitempty"`
	Status         int       `json:"status,omitempty"`
	Code           string    `json:"code,omitempty"`
	Message        string    `json:"message,omitempty"`
	RetryAfter     string    `json:"retryAfter,omitempty"`
	RetryAfterDate time.Time `json:"retryAfterDate,omitzero"`
	Delay          string    `json:"delay,omitempty"`
	Size           int       `json:"size,omitempty"`
	Body           string    `json:"body,omitempty"`
	ContentType    string    `json:"contentType,omitempty"`
	Method         string    `json:"method,omitempty"`
	Path           string    `json:"path,omitempty"`
}

// MarshalJSON writes the injection's JSON form.
func (in Injection) MarshalJSON() ([]byte, error) {
	f := in.Fault
	v := injectionJSON{Count: in.Count, Status: f.status, Code: f.code, Message: f.message, Size: f.size,
		Body: string(f.body), ContentType: f.contentType, Method: f.method, Path: f.path}
	for _, k := range faultKinds {
		if k.kind == f.kind {
			v.Kind = k.name
		}
	}
	if f.kind == faultNginx {
		v.Status = 0 // implied
	}
	if f.delay > 0 {
		v.Delay = f.delay.String()
	}
	if secs, err := strconv.Atoi(f.retryAfter); err == nil {
		v.RetryAfter = (time.Duration(secs) * time.Second).String()
	} else if t, err := http.ParseTime(f.retryAfter); err == nil {
		v.RetryAfterDate = t
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads the injection's JSON form. Values that decode but
// cannot be served (a status outside 200..599, a negative count) are
// left for [Server.Load] and [Server.Inject] to refuse.
func (in *Injection) UnmarshalJSON(b []byte) error {
	var v injectionJSON
	if err := decodeObject(b, &v); err != nil {
		return err
	}
	var p problems
	dur := p.duration
	or := func(v, def int) int {
		if v == 0 {
			return def
		}
		return v
	}
	delay := dur("delay", v.Delay)
	var f Fault
	switch v.Kind {
	case "status":
		f = Status(or(v.Status, http.StatusServiceUnavailable))
	case "empty":
		f = EmptyBody(or(v.Status, http.StatusUnauthorized))
	case "canned":
		f = Canned(or(v.Status, http.StatusOK), v.ContentType, []byte(v.Body))
	case "nginx502":
		f = NginxBadGateway()
	case "truncated":
		f = TruncatedJSON()
	case "wrongTypes":
		f = WrongTypes()
	case "successFalse":
		f = SuccessFalse()
	case "huge":
		f = HugeBody(or(v.Size, 1<<20))
	case "invalidUTF8":
		f = InvalidUTF8()
	case "deepNesting":
		f = DeepNesting(or(v.Size, 20000))
	case "drop":
		f = DropConnection()
	case "cutBody":
		f = CloseMidBody()
	case "delay":
		f = Delay(delay)
	}
	if v.Kind != "delay" && delay != 0 {
		f = f.WithDelay(delay)
	}
	if v.Code != "" || v.Message != "" {
		f = f.WithError(v.Code, v.Message)
	}
	switch {
	case v.RetryAfter != "" && !v.RetryAfterDate.IsZero():
		p.add("retryAfterDate", "set with retryAfter: choose one")
	case v.RetryAfter != "":
		f = f.WithRetryAfter(dur("retryAfter", v.RetryAfter))
	case !v.RetryAfterDate.IsZero():
		f = f.WithRetryAfterDate(v.RetryAfterDate)
	}
	if v.Method != "" || v.Path != "" {
		f = f.On(strings.ToUpper(v.Method), v.Path)
	}
	if err := p.err(); err != nil {
		return err
	}
	*in = Injection{Count: or(v.Count, 1), Fault: f}
	if f.kind == faultNone {
		in.kind = v.Kind
	}
	return nil
}

// check adds why the injection cannot be served, at path.
func (in Injection) check(p *problems, path string) {
	if in.Fault.kind == faultNone {
		if in.kind != "" {
			p.add(member(path, "kind"), "unknown kind %q (want one of %s)", in.kind, faultKindNames())
		} else {
			p.add(member(path, "kind"), "missing (want one of %s)", faultKindNames())
		}
		return
	}
	if in.Count < 1 {
		p.add(member(path, "count"), "%d: a fault answers at least 1 request", in.Count)
	}
	in.Fault.check(p, path)
}
