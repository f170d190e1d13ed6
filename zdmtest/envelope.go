package zdmtest

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"time"
)

// reply is one answer of the server, and how to deliver it: faults bend
// the delivery (a delay, a cut body, a dropped connection).
type reply struct {
	status int
	header http.Header
	body   []byte
	// A HugeBody's padding, streamed rather than held in memory: after
	// body come fill bytes of fillByte, then tail.
	fill     int
	fillByte byte
	tail     []byte

	declared int           // Content-Length to declare; -1 for len(body)
	cutAt    int           // >= 0: send body[:cutAt], then close the connection
	drop     bool          // close the connection without answering
	delay    time.Duration // wait this long before answering
	fault    string        // the fault that made the reply, "" for a normal one
}

// newReply is a plain answer.
func newReply(status int, contentType string, body []byte) reply {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return reply{status: status, header: h, body: body, declared: -1, cutAt: -1}
}

const contentTypeJSON = "application/json; charset=utf-8"

// jsonReply is a JSON answer as Express sends it; traceID also goes into
// X-Trace-Id on DialectV3.
func (s *Server) jsonReply(status int, body any, traceID string) reply {
	b, err := encodeJSON(body)
	if err != nil {
		// Only our own values are encoded here: this is a bug in zdmtest.
		s.misuse("encoding an answer: %v", err)
		return newReply(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("zdmtest: "+err.Error()))
	}
	r := newReply(status, contentTypeJSON, b)
	r.header.Set("X-Powered-By", "Express")
	if traceID != "" && s.cfg.dialect == DialectV3 {
		r.header.Set("X-Trace-Id", traceID)
	}
	return r
}

// idField is the envelope's request id under the dialect's name.
func (s *Server) idField(id string) field {
	if s.cfg.dialect == DialectV3 {
		return field{"traceId", id}
	}
	return field{"requestID", id}
}

// success is a success envelope around data.
func (s *Server) success(status int, data any, message text, now time.Time) reply {
	id := s.nextRequestID()
	return s.jsonReply(status, obj{
		{"success", true},
		s.idField(id),
		{"data", data},
		{"message", s.cfg.say(message)},
		{"timestamp", s.cfg.formatTime(now)},
	}, id)
}

// problem is an error answer, before the dialect shapes it.
type problem struct {
	status int
	code   string
	msg    text
	fields []fieldError // validation details
	bare   bool         // no request id or timestamp (the rate limiter's answers)
	object bool         // the object form whatever the dialect (a fault asked for a code)
}

// fieldError is one validation message about one field.
type fieldError struct{ field, msg string }

// details groups field errors as {field: [msg, ...]}, fields in order of
// first appearance.
func details(fe []fieldError) obj {
	var o obj
	idx := map[string]int{}
	for _, e := range fe {
		i, ok := idx[e.field]
		if !ok {
			i = len(o)
			idx[e.field] = i
			o = append(o, field{e.field, []string{}})
		}
		o[i].value = append(o[i].value.([]string), e.msg)
	}
	return o
}

// errorReply shapes p as the dialect does: the string form with
// detail.validationErrors (seed, v1), or the object form with
// error.details (v3, WithObjectErrors, or a fault with a code).
func (s *Server) errorReply(p problem, now time.Time) reply {
	if p.status == http.StatusUnauthorized && s.cfg.empty401 {
		return newReply(p.status, "", nil)
	}
	env := obj{{"success", false}}
	id := ""
	if !p.bare {
		id = s.nextRequestID()
		env = append(env, s.idField(id))
	}
	msg := s.cfg.say(p.msg)
	if p.object || s.cfg.objectErrors || s.cfg.dialect == DialectV3 {
		e := obj{{"code", p.code}, {"message", msg}}
		if len(p.fields) > 0 {
			e = append(e, field{"details", details(p.fields)})
		}
		env = append(env, field{"error", e})
	} else {
		env = append(env, field{"error", msg})
		if len(p.fields) > 0 {
			env = append(env, field{"detail", obj{{"validationErrors", details(p.fields)}}})
		}
	}
	if !p.bare {
		env = append(env, field{"timestamp", s.cfg.formatTime(now)})
	}
	return s.jsonReply(p.status, env, id)
}

// expressNotFound is what Express answers for a route it does not have.
func expressNotFound(r *http.Request) reply {
	body := "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot " +
		html.EscapeString(r.Method) + " " + html.EscapeString(r.URL.EscapedPath()) + "</pre>\n</body>\n</html>\n"
	rep := newReply(http.StatusNotFound, "text/html; charset=utf-8", []byte(body))
	rep.header.Set("X-Powered-By", "Express")
	rep.header.Set("Content-Security-Policy", "default-src 'none'")
	rep.header.Set("X-Content-Type-Options", "nosniff")
	return rep
}

// nextRequestID is a fresh request id in the dialect's style.
func (s *Server) nextRequestID() string {
	n := s.requestSeq.Add(1)
	switch s.cfg.dialect {
	case DialectV1:
		return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", s.salt>>32, s.salt>>16&0xffff, s.salt>>4&0xfff, n>>48&0xfff, n&0xffffffffffff)
	case DialectV3:
		return fmt.Sprintf("%08x%08x", uint32(s.salt), uint32(n))
	}
	return fmt.Sprintf("req-%02x%04x", s.salt&0xff, n)
}

// The problems the server answers with. Codes are the servers' where
// known (JOB-ERROR-01, USER-ERROR-01, DTO-VALIDATION-03, UNAUTHORIZED,
// RATE-LIMIT-01); the others are zdmtest's choice.
var (
	msgValidation = text{"Invalid request parameters", "요청 값이 올바르지 않습니다."}
	msgFiltered   = text{"No monitoring data matches the given filters", "조건에 맞는 복구 작업 모니터링 정보가 존재하지 않습니다."}
)

func problemRateLimited() problem {
	return problem{status: http.StatusTooManyRequests, code: "RATE-LIMIT-01",
		msg: text{en: "Too many requests, please try again later."}, bare: true, object: true}
}

func problemValidation(fe []fieldError) problem {
	return problem{status: http.StatusBadRequest, code: "DTO-VALIDATION-03", msg: msgValidation, fields: fe}
}

// problemStatus is a generic error for a status, as a fault answers it.
func problemStatus(status int) problem {
	if status == http.StatusTooManyRequests {
		return problemRateLimited()
	}
	code, ok := statusCodes[status]
	if !ok {
		code = "HTTP-" + strconv.Itoa(status)
	}
	msg := http.StatusText(status)
	if msg == "" {
		msg = "HTTP " + strconv.Itoa(status)
	}
	return problem{status: status, code: code, msg: text{en: msg, ko: statusKorean[status]}}
}

var statusCodes = map[int]string{
	400: "BAD-REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT-FOUND",
	405: "METHOD-NOT-ALLOWED", 408: "REQUEST-TIMEOUT", 409: "CONFLICT", 422: "DTO-VALIDATION-01",
	500: "INTERNAL-SERVER-ERROR", 501: "NOT-IMPLEMENTED", 502: "BAD-GATEWAY",
	503: "SERVICE-UNAVAILABLE", 504: "GATEWAY-TIMEOUT",
}

var statusKorean = map[int]string{
	403: "접근 권한이 없습니다.",
	500: "서버 내부 오류가 발생했습니다.",
	503: "서비스를 일시적으로 사용할 수 없습니다.",
}
