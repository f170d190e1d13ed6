package zdm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Response is the HTTP response behind a call, with the envelope's fields.
// Its embedded *http.Response has its body already read and closed, and its
// Request carries no Authorization header.
type Response struct {
	*http.Response

	RequestID string // "requestID", or "traceId" / the X-Trace-Id header
	Message   string
	Timestamp string
	Meta      json.RawMessage // envelope "meta", nil when absent
	// Pagination is the "pagination" object some list endpoints put beside
	// data, nil when absent.
	Pagination json.RawMessage
	// Attempts is how many times the request was sent, retries included.
	Attempts int
	// Waited is the time spent waiting between attempts (backoff and
	// Retry-After), in all.
	Waited time.Duration

	gen Generation // what the envelope tells of the server's generation
}

// envelope is the superset of the success and error envelopes. Data holds
// a pointer to the caller's wire type so that data is decoded in the same
// pass as the envelope.
type envelope struct {
	Success    *bool           `json:"success"`
	RequestID  text            `json:"requestID"`
	TraceID    text            `json:"traceId"`
	Data       any             `json:"data"`
	Message    text            `json:"message"`
	Timestamp  text            `json:"timestamp"`
	Meta       json.RawMessage `json:"meta"`
	Pagination json.RawMessage `json:"pagination"`
	Error      wireError       `json:"error"`
	Detail     json.RawMessage `json:"detail"`
}

func (e *envelope) requestID() string {
	if e.RequestID != "" {
		return string(e.RequestID)
	}
	return string(e.TraceID)
}

// decodeTarget is data with two ways to decode: a fast one for the shapes
// servers send, and a tolerant one tried after a type error; see
// monitoringData.
type decodeTarget interface {
	// target is what the envelope's data decodes into on the fast path.
	target() any
	// fallback decodes the whole body again the tolerant way.
	fallback(body []byte) error
}

// generation tells what an envelope shows of the server's generation:
// only 3.0.0 servers call the request id traceId; zone-less timestamps are
// 1.x/2.x's, RFC 3339 UTC ones ("...Z") the seed era's.
func (e *envelope) generation() Generation {
	return generationOfTimes(string(e.Timestamp), e.TraceID != "" && e.RequestID == "")
}

// wireError is the envelope's "error": a string (1.0.3 to 2.0.x) or an
// object {code, message, details} (prototype, 3.0.0).
type wireError struct {
	Code    text            `json:"code"`
	Message text            `json:"message"`
	Details json.RawMessage `json:"details"`
}

// UnmarshalJSON implements [json.Unmarshaler].
func (w *wireError) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] == 'n' {
		return nil
	}
	if b[0] != '{' {
		if b[0] == '[' {
			// Not a documented form; keep it readable rather than failing.
			w.Message = text(b)
			return nil
		}
		return w.Message.UnmarshalJSON(b)
	}
	type plain wireError
	return json.Unmarshal(b, (*plain)(w))
}

// snippetLen bounds the body excerpt quoted in an unexpected-response
// message; bodyKeep bounds the raw body kept on an APIError.
const (
	snippetLen = 200
	bodyKeep   = 64 << 10
)

// decodeResponse turns a read response into the caller's data (decoded
// into out) or an *APIError. body is the whole body, already bounded.
func decodeResponse(resp *http.Response, body []byte, out any, meta *requestMeta) (*Response, error) {
	r := &Response{Response: resp, Attempts: meta.attempts, Waited: meta.waited}
	ok2xx := resp.StatusCode >= 200 && resp.StatusCode <= 299

	var env envelope
	target, twoPaths := out.(decodeTarget)
	env.Data = out
	if twoPaths {
		env.Data = target.target()
	}
	decErr := json.Unmarshal(body, &env)
	if decErr != nil && twoPaths {
		var typeErr *json.UnmarshalTypeError
		if errors.As(decErr, &typeErr) {
			decErr = target.fallback(body)
		}
	}
	if decErr == nil && env.Success == nil {
		decErr = errors.New("no \"success\" field")
	}
	if decErr == nil || env.Success != nil {
		r.gen = env.generation()
	}
	if decErr == nil {
		r.RequestID = env.requestID()
		r.Message = string(env.Message)
		r.Timestamp = string(env.Timestamp)
		r.Meta = env.Meta
		r.Pagination = env.Pagination
	}
	if r.RequestID == "" {
		r.RequestID = resp.Header.Get("X-Trace-Id")
	}

	switch {
	case decErr == nil && *env.Success && ok2xx:
		if out != nil && env.Data == nil {
			// A JSON null data replaced our pointer.
			return r, meta.apiError(resp, body, r, ErrUnexpectedResponse, errors.New("success envelope without data"))
		}
		return r, nil
	case decErr == nil:
		// An error envelope, or a success envelope on an error status.
		// Servers echo what they were sent; scrub it like a raw body.
		e := meta.newAPIError(resp, r)
		e.envelope = true
		e.Code = meta.redactString(string(env.Error.Code))
		e.Message = meta.redactString(string(env.Error.Message))
		if e.Message == "" {
			e.Message = meta.redactString(string(env.Message))
		}
		detail := env.Detail
		if isAbsent(detail) {
			detail = env.Error.Details
		}
		if !isAbsent(detail) {
			e.Detail = json.RawMessage(meta.redact(detail))
		}
		e.RequestID = meta.redactString(e.RequestID)
		e.Timestamp = meta.redactString(r.Timestamp)
		return r, e
	case ok2xx:
		return r, meta.apiError(resp, body, r, ErrUnexpectedResponse, decErr)
	default:
		// An error status whose body is not an envelope: a proxy's HTML
		// page, an empty 401, a framework's "Cannot POST".
		return r, meta.apiError(resp, body, r, nil, nil)
	}
}

// isAbsent reports whether a raw JSON value is missing or null.
func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(raw, []byte("null"))
}

// apiError builds an *APIError for a body that was not an envelope. kind
// is nil to match by status; cause says why the body did not decode.
func (m *requestMeta) apiError(resp *http.Response, body []byte, r *Response, kind, cause error) *APIError {
	e := m.newAPIError(resp, r)
	e.kind = kind
	e.err = cause
	// The token issue call's 2xx answers carry the new token: say what
	// came back, but neither keep nor quote it.
	quote := !(m.secretReply && resp.StatusCode >= 200 && resp.StatusCode <= 299)
	if quote {
		e.Body = m.redact(bounded(body, bodyKeep))
	}
	e.Message = describeBody(e.ContentType, body, cause, m, quote)
	return e
}

func (m *requestMeta) newAPIError(resp *http.Response, r *Response) *APIError {
	wait, _ := retryAfter(resp)
	return &APIError{
		retryAfter:  wait,
		StatusCode:  resp.StatusCode,
		RequestID:   r.RequestID,
		Method:      m.method,
		URL:         m.url,
		ContentType: resp.Header.Get("Content-Type"),
		Attempts:    m.attempts,
		Waited:      m.waited,
	}
}

// describeBody says what came back instead of an envelope: how much of
// what type, why it did not decode, and the start of it.
func describeBody(contentType string, body []byte, cause error, m *requestMeta, quote bool) string {
	var b strings.Builder
	if cause != nil {
		b.WriteString("expected a JSON success envelope, got ")
	}
	mt := "no content type"
	if contentType != "" {
		if parsed, _, err := mime.ParseMediaType(contentType); err == nil {
			mt = parsed
		} else {
			mt = "content type " + fmt.Sprintf("%q", bounded([]byte(contentType), 64))
		}
	}
	if len(body) == 0 {
		fmt.Fprintf(&b, "an empty body (%s)", mt)
	} else {
		fmt.Fprintf(&b, "%d bytes of %s", len(body), mt)
	}
	if cause != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(cause, &syn):
			fmt.Fprintf(&b, " (invalid JSON at byte %d: %v)", syn.Offset, syn)
		case errors.As(cause, &typ):
			fmt.Fprintf(&b, " (wrong JSON type: %v)", typ)
		case len(body) > 0:
			fmt.Fprintf(&b, " (%v)", cause)
		}
	}
	if len(body) > 0 && quote {
		fmt.Fprintf(&b, ": %q", m.redact(snippet(body)))
	}
	return b.String()
}

// snippet is the start of a body, cut at a rune boundary, with runs of
// white space folded so that an HTML page reads on one line.
func snippet(body []byte) []byte {
	cut := bounded(body, snippetLen)
	for len(cut) > 0 && !utf8.Valid(cut) && len(body) > len(cut) {
		cut = cut[:len(cut)-1]
	}
	out := make([]byte, 0, len(cut)+3)
	space := false
	for _, c := range cut {
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			if !space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		out = append(out, c)
	}
	if len(body) > len(cut) {
		out = append(out, "..."...)
	}
	return out
}

func bounded(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
