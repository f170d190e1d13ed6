package zdmtest

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a way for the server to misbehave, injected with
// [Server.Inject]. Build one with a constructor (Status, NginxBadGateway,
// TruncatedJSON, DropConnection, ...) and refine it with the With methods
// and On; a Fault is a value, and its methods return changed copies. The
// zero Fault is invalid.
//
// Faults that bend the normal answer (TruncatedJSON, CloseMidBody,
// HugeBody, InvalidUTF8, Delay) run the normal handler first, so a poll
// they spoil still counts in Job.Polls; the others answer instead of it.
type Fault struct {
	kind        faultKind
	status      int
	code        string
	message     string
	retryAfter  string
	contentType string
	body        []byte
	size        int
	delay       time.Duration
	method      string
	path        string
}

type faultKind int

const (
	faultNone faultKind = iota
	faultStatus
	faultEmpty
	faultCanned
	faultNginx
	faultTruncated
	faultWrongTypes
	faultSuccessFalse
	faultHuge
	faultInvalidUTF8
	faultDeepNesting
	faultDrop
	faultCutBody
	faultDelay
)

// Status answers with an error envelope for code in the server's dialect
// (string or object error, request id, timestamp): 503
// SERVICE-UNAVAILABLE, 500 INTERNAL-SERVER-ERROR, ...; 429 is the rate
// limiter's bare {success:false, error:{code:RATE-LIMIT-01, ...}}. Use
// WithError for another code, such as JOB-ERROR-16.
func Status(code int) Fault { return Fault{kind: faultStatus, status: code} }

// EmptyBody answers status with no body and no content type (an empty
// 401 from an authenticating proxy, an empty 504 from a load balancer).
func EmptyBody(status int) Fault { return Fault{kind: faultEmpty, status: status} }

// Canned answers status with body as it is, under contentType ("" sends
// none). See also FixtureResponder for httpmock users.
func Canned(status int, contentType string, body []byte) Fault {
	return Fault{kind: faultCanned, status: status, contentType: contentType, body: bytes.Clone(body)}
}

// NginxBadGateway answers 502 with nginx's HTML page (text/html), as a
// proxy does when the server behind it is down.
func NginxBadGateway() Fault { return Fault{kind: faultNginx, status: http.StatusBadGateway} }

// TruncatedJSON answers with the first half of the normal answer, with a
// Content-Length that matches the cut body: the transfer succeeds and the
// JSON does not parse.
func TruncatedJSON() Fault { return Fault{kind: faultTruncated} }

// WrongTypes answers 200 with a success envelope whose data holds a value
// of the wrong JSON type (a monitoring answer's details, or 3.0.0's
// partitions, as a string; data itself as a string elsewhere).
func WrongTypes() Fault { return Fault{kind: faultWrongTypes, status: http.StatusOK} }

// SuccessFalse answers 200 with an envelope saying "success": false.
func SuccessFalse() Fault { return Fault{kind: faultSuccessFalse, status: http.StatusOK} }

// HugeBody pads the normal answer to size bytes (a "padding" field in the
// envelope) to test a client's bound on body size. The padding is made as
// it is sent, so the server holds none of it; size is at most
// MaxHugeBody.
func HugeBody(size int) Fault { return Fault{kind: faultHuge, size: size} }

// The largest HugeBody and DeepNesting faults: far past any client's
// bound on a body (go-zdm's default is 32 MiB, and JSON decoders stop at
// a nesting of about 10,000), yet bounded, so that a fault asked for by
// mistake or by a hostile control request cannot exhaust the server.
const (
	MaxHugeBody     = 1 << 30 // 1 GiB
	MaxNestingDepth = 1 << 20
)

// InvalidUTF8 puts two bytes that are not UTF-8 (0xff 0xfe) at the start
// of the normal answer's envelope message.
func InvalidUTF8() Fault { return Fault{kind: faultInvalidUTF8} }

// DeepNesting answers 200 with a success envelope nesting depth arrays,
// past what JSON decoders accept (Go's stops at 10000); depth is at most
// MaxNestingDepth.
func DeepNesting(depth int) Fault {
	return Fault{kind: faultDeepNesting, status: http.StatusOK, size: depth}
}

// DropConnection closes the connection without answering (the client sees
// EOF). Over a socket, Go's transport may replay an idempotent request on
// a fresh connection by itself, consuming another injected request.
func DropConnection() Fault { return Fault{kind: faultDrop} }

// CloseMidBody sends the normal answer's headers with its full
// Content-Length, then half of its body, then closes the connection.
func CloseMidBody() Fault { return Fault{kind: faultCutBody} }

// Delay answers normally after d, or not at all if the request's context
// ends (or the server closes) first. It is a real wait: keep d short, or
// cancel the request.
func Delay(d time.Duration) Fault { return Fault{kind: faultDelay, delay: d} }

// WithRetryAfter adds a Retry-After header in seconds (d rounded up).
func (f Fault) WithRetryAfter(d time.Duration) Fault {
	f.retryAfter = strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
	return f
}

// WithRetryAfterDate adds a Retry-After header holding the HTTP date t.
func (f Fault) WithRetryAfterDate(t time.Time) Fault {
	f.retryAfter = t.UTC().Format(http.TimeFormat)
	return f
}

// WithError sets the code and message of a Status or SuccessFalse
// fault's error envelope. With a code, the error takes the object form
// {code, message} whatever the dialect (a string error cannot carry one).
func (f Fault) WithError(code, message string) Fault {
	f.code, f.message = code, message
	return f
}

// WithDelay makes the fault wait d before answering (see Delay).
func (f Fault) WithDelay(d time.Duration) Fault {
	f.delay = d
	return f
}

// On restricts the fault to requests with that method ("" for any) whose
// path, relative to the API root and unescaped, starts with path (""
// for any): On(http.MethodGet, "recoveries/monitoring/job/"),
// On(http.MethodPost, "") for the token issue calls. Other requests pass
// by and leave it pending.
func (f Fault) On(method, path string) Fault {
	f.method, f.path = method, strings.TrimPrefix(path, "/")
	return f
}

// String describes the fault, as Request.Fault records it.
func (f Fault) String() string {
	var s string
	switch f.kind {
	case faultStatus:
		s = "status " + strconv.Itoa(f.status)
	case faultEmpty:
		s = "empty " + strconv.Itoa(f.status)
	case faultCanned:
		s = "canned " + strconv.Itoa(f.status)
	case faultNginx:
		s = "nginx 502"
	case faultTruncated:
		s = "truncated JSON"
	case faultWrongTypes:
		s = "wrong JSON types"
	case faultSuccessFalse:
		s = "success false"
	case faultHuge:
		s = fmt.Sprintf("huge body (%d bytes)", f.size)
	case faultInvalidUTF8:
		s = "invalid UTF-8"
	case faultDeepNesting:
		s = fmt.Sprintf("deep nesting (%d)", f.size)
	case faultDrop:
		s = "dropped connection"
	case faultCutBody:
		s = "connection closed mid-body"
	case faultDelay:
		return "delay " + f.delay.String()
	default:
		return "zero Fault"
	}
	if f.delay > 0 {
		s += " after " + f.delay.String()
	}
	return s
}

// check adds why the fault cannot be served, at path (fields by their
// JSON names).
func (f Fault) check(p *problems, path string) {
	switch f.kind {
	case faultNone:
		p.add(member(path, "kind"), "zero Fault: build one with Status, DropConnection, TruncatedJSON or another constructor")
		return
	case faultStatus, faultEmpty, faultCanned:
		if f.status < 200 || f.status > 599 {
			p.add(member(path, "status"), "%d is outside 200..599", f.status)
		}
	case faultHuge, faultDeepNesting:
		limit, unit := MaxHugeBody, "bytes"
		if f.kind == faultDeepNesting {
			limit, unit = MaxNestingDepth, "levels"
		}
		if f.size < 1 {
			p.add(member(path, "size"), "%v: size must be positive", f)
		} else if f.size > limit {
			p.add(member(path, "size"), "%v: size is over the limit of %d %s", f, limit, unit)
		}
	}
	if f.delay < 0 {
		p.add(member(path, "delay"), "%v: negative delay", f)
	}
	if f.kind == faultDelay && f.delay == 0 {
		p.add(member(path, "delay"), "a delay fault needs a positive delay such as 2s")
	}
	if (f.code != "" || f.message != "") && f.kind != faultStatus && f.kind != faultSuccessFalse {
		p.add(member(path, "code"), "%v: code and message go with Status and SuccessFalse faults", f)
	}
}

// injection is a fault waiting for its requests.
type injection struct {
	fault     Fault
	remaining int
}

// Inject makes the next n requests that match f (see Fault.On) answer
// with f; later ones are answered normally again. Injections queue: a
// request takes the oldest pending one it matches. A bad n or fault is
// reported as misuse.
func (s *Server) Inject(n int, f Fault) {
	if n < 1 {
		s.misuse("Inject(%d, %v): n must be at least 1", n, f)
		return
	}
	var p problems
	f.check(&p, "")
	if err := p.err(); err != nil {
		s.misuse("Inject(%d, ...): %v", n, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &injection{fault: f, remaining: n})
}

// Faults returns the injected faults still pending, oldest first (the
// order requests take them in), each with the number of answers it has
// left.
func (s *Server) Faults() []Injection {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Injection, len(s.faults))
	for i, in := range s.faults {
		out[i] = Injection{Count: in.remaining, Fault: in.fault}
	}
	return out
}

// PendingFaults is how many injected fault answers are still to be
// served: the sum of the counts of [Server.Faults].
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, in := range s.faults {
		n += in.remaining
	}
	return n
}

// takeFault returns the fault that answers r, if one is pending.
func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	rel, inAPI := s.relPath(r.URL.Path)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, in := range s.faults {
		f := in.fault
		if f.method != "" && !strings.EqualFold(f.method, r.Method) {
			continue
		}
		if f.path != "" && (!inAPI || !strings.HasPrefix(rel, f.path)) {
			continue
		}
		if in.remaining--; in.remaining == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f, true
	}
	return Fault{}, false
}

// reply is the fault's answer to r.
func (f Fault) reply(s *Server, r *http.Request, now time.Time) reply {
	var rep reply
	switch f.kind {
	case faultStatus, faultSuccessFalse:
		p := problemStatus(f.status)
		if f.kind == faultSuccessFalse {
			p = problem{status: http.StatusOK, code: "UNKNOWN-ERROR", msg: text{"Could not read the recovery job", "복구 작업 정보를 조회할 수 없습니다."}}
		}
		if f.code != "" {
			p.code, p.object = f.code, true
		}
		if f.message != "" {
			p.msg = text{en: f.message}
		}
		rep = s.errorReply(p, now)
	case faultEmpty:
		rep = newReply(f.status, "", nil)
	case faultCanned:
		rep = newReply(f.status, f.contentType, f.body)
	case faultNginx:
		rep = newReply(http.StatusBadGateway, "text/html", []byte(nginx502))
		rep.header.Set("Server", "nginx/1.24.0")
	case faultWrongTypes:
		rep = s.wrongTypes(r, now)
	case faultDeepNesting:
		var b bytes.Buffer
		b.WriteString(`{"success":true,"data":{"job":{"log":`)
		b.Write(bytes.Repeat([]byte("["), f.size))
		b.Write(bytes.Repeat([]byte("]"), f.size))
		b.WriteString(`}}}`)
		rep = newReply(http.StatusOK, contentTypeJSON, b.Bytes())
	case faultDrop:
		rep = reply{drop: true, header: http.Header{}, declared: -1, cutAt: -1}
	default: // faults that bend the normal answer
		rep = s.route(r, now)
		switch f.kind {
		case faultTruncated:
			rep.body = rep.body[:len(rep.body)/2]
		case faultCutBody:
			rep.cutAt = len(rep.body) / 2
		case faultHuge:
			rep.pad(f.size)
		case faultInvalidUTF8:
			rep.body = breakUTF8(rep.body)
		}
	}
	if f.retryAfter != "" {
		rep.header.Set("Retry-After", f.retryAfter)
	}
	rep.delay = f.delay
	rep.fault = f.String()
	return rep
}

// nginx502 is the page nginx answers when its upstream is down.
const nginx502 = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx/1.24.0</center>\n</body>\n</html>\n"

// wrongTypes is a success envelope with a value of the wrong type in it.
func (s *Server) wrongTypes(r *http.Request, now time.Time) reply {
	rel, _ := s.relPath(r.URL.Path)
	var data any = "none"
	switch {
	case !strings.HasPrefix(rel, routeMonitorJob):
	case s.cfg.dialect == DialectV3:
		data = obj{{"job", obj{
			{"info", obj{{"id", 1}, {"name", "x"}, {"source", "a"}, {"target", "b"}}},
			{"progress", obj{{"status", "Processing"}, {"percent", "-"}, {"message", "-"}, {"partitions", "none"}}},
		}}}
	default:
		data = obj{
			{"system", obj{{"source", obj{{"name", "a"}}}, {"target", obj{{"name", "b"}}}}},
			{"job", obj{{"info", obj{{"name", "x"}}}, {"log", []string{}}, {"details", "none"}}},
		}
	}
	return s.success(http.StatusOK, data, text{en: "Recovery monitoring info"}, now)
}

// pad grows the answer to size bytes with a "padding" field in its JSON
// object (or, for other bodies, trailing spaces), made as the body is
// sent.
func (rep *reply) pad(size int) {
	const open = `,"padding":"`
	body := rep.body
	need := size - len(body)
	if need <= 0 {
		return
	}
	if n := len(body); n > 1 && body[n-1] == '}' && need >= len(open)+1 {
		rep.body = append(body[:n-1:n-1], open...)
		rep.fill, rep.fillByte, rep.tail = need-len(open)-1, 'x', []byte(`"}`)
		return
	}
	rep.fill, rep.fillByte = need, ' '
}

// breakUTF8 puts two bytes that are not UTF-8 at the start of the body's
// last message string (the envelope's), or of its first string value.
func breakUTF8(body []byte) []byte {
	i := bytes.LastIndex(body, []byte(`"message":"`))
	if i >= 0 {
		i += len(`"message":"`)
	} else if i = bytes.Index(body, []byte(`":"`)); i >= 0 {
		i += len(`":"`)
	} else {
		i = len(body)
	}
	out := make([]byte, 0, len(body)+2)
	out = append(out, body[:i]...)
	out = append(out, 0xff, 0xfe)
	return append(out, body[i:]...)
}
