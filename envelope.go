package zdm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Response is the HTTP response behind a call, with the envelope's fields.
// Its embedded *http.Response has its body already read and closed, and its
// Request carries no Authorization header.
type Response struct {
	*http.Response

	// RequestID is the envelope's "requestID", or "traceId" or the
	// X-Trace-Id header on newer servers: quote it to the vendor.
	RequestID string
	// Message is the envelope's message (a non-string message as its JSON
	// text).
	Message string
	// Timestamp is the envelope's timestamp, as sent.
	Timestamp string
	// Meta is the envelope's "meta", nil when absent.
	Meta json.RawMessage
	// Pagination is where the server put it: beside data, inside data
	// (server monitoring) or, on servers of the draft API, in meta. nil when the
	// answer was not paginated (servers paginate only when asked for a
	// page or a limit).
	Pagination *Pagination
	// NextPage is the page after this one, 0 on the last page or when the
	// answer was not paginated.
	NextPage int
	// Attempts is how many times the request was sent, retries included.
	Attempts int
	// Waited is the time spent waiting between attempts (backoff and
	// Retry-After), in all.
	Waited time.Duration

	gen  Generation      // what the envelope tells of the server's generation
	zone zone            // the zone of the answer's zone-less times
	scan json.RawMessage // the scan report beside a 3.0.0 image list's data
}

// envelope is the superset of the success and error envelopes. Data holds
// the caller's pointer, so that data is decoded in the same pass as the
// envelope.
type envelope struct {
	Success    *bool           `json:"success"`
	RequestID  text            `json:"requestID"`
	TraceID    text            `json:"traceId"`
	Data       any             `json:"data"`
	Message    rawText         `json:"message"`
	Timestamp  text            `json:"timestamp"`
	Meta       json.RawMessage `json:"meta"`
	Pagination *wirePagination `json:"pagination"`
	Error      wireError       `json:"error"`
	Detail     json.RawMessage `json:"detail"`
	Scan       json.RawMessage `json:"scan"` // 3.0.0 image lists: Response.scan
}

func (e *envelope) requestID() string {
	if e.RequestID != "" {
		return string(e.RequestID)
	}
	return string(e.TraceID)
}

// wireError is the envelope's "error": a string (1.0.3 to 2.0.x) or an
// object {code, message, details} (prototype, 3.0.0).
type wireError struct {
	Code    text            `json:"code"`
	Message rawText         `json:"message"`
	Details json.RawMessage `json:"details"`
	isText  bool            // sent as a plain string
}

// UnmarshalJSON implements [json.Unmarshaler].
func (w *wireError) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] == 'n' {
		return nil
	}
	if b[0] != '{' {
		if b[0] == '[' {
			// Not a documented form; keep it readable rather than failing.
			w.Message = rawText(b)
			return nil
		}
		w.isText = b[0] == '"'
		var t text
		err := t.UnmarshalJSON(b)
		w.Message = rawText(t)
		return err
	}
	type plain wireError
	return json.Unmarshal(b, (*plain)(w))
}

// noData is the data sink of a call that ignores the data.
type noData struct{}

func (*noData) UnmarshalJSON([]byte) error { return nil }

// snippetLen bounds the body excerpt quoted in an unexpected-response
// message; bodyKeep bounds the raw body kept on an APIError.
const (
	snippetLen = 200
	bodyKeep   = 64 << 10
)

var utf8BOM = []byte("\xef\xbb\xbf")

// decode turns an answer into the caller's data (decoded into v) or an
// *APIError: it reads the envelope (readEnvelope), then tells what the
// answer is from its status and envelope.
func (c *Client) decode(cl *call, ans answer, v any) (*Response, error) {
	resp := ans.resp
	r := &Response{Response: resp, Attempts: ans.attempts, Waited: ans.waited}
	body := bytes.TrimPrefix(ans.body, utf8BOM)
	ok2xx := resp.StatusCode >= 200 && resp.StatusCode <= 299
	env, decErr := c.readEnvelope(cl, r, body, v)
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode <= 399 && resp.StatusCode != http.StatusNotModified:
		return r, c.redirectError(cl, ans, r)
	case len(body) == 0 && ok2xx && v == nil && !hasBody(resp):
		return r, nil // a HEAD, 204 or 304 answered without a body
	case decErr == nil && *env.Success && ok2xx:
		if v != nil && (env.Data == nil || !hasMember(body, "data")) {
			// The call expects data: JSON null replaced our pointer, or
			// there was none. (A call that expects none succeeds.)
			e := c.apiError(cl, ans, r, ErrUnexpectedResponse, errors.New("success envelope without data"))
			e.envelope = true
			return r, e
		}
		if p, ok := v.(paginated); ok && r.Pagination == nil {
			r.Pagination = p.pagination()
		}
		r.NextPage = r.Pagination.next(cl.page())
		return r, nil
	case decErr == nil:
		// An error envelope, or a success envelope on an error status.
		return r, c.envelopeError(cl, ans, r, env)
	case ok2xx:
		return r, c.apiError(cl, ans, r, ErrUnexpectedResponse, decErr)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed:
		// Not an envelope: a proxy's or a framework's "Cannot GET".
		return r, c.apiError(cl, ans, r, ErrEndpointNotFound, nil)
	}
	// An error status whose body is not an envelope: a proxy's HTML page,
	// an empty 401.
	return r, c.apiError(cl, ans, r, nil, nil)
}

// readEnvelope decodes body, an envelope whose data goes into v, and
// fills r from it (the message scrubbed of the call's secrets). An
// envelope whose data does not fit v is still read when it reports an
// error. The error says why body is not an envelope.
func (c *Client) readEnvelope(cl *call, r *Response, body []byte, v any) (*envelope, error) {
	env := &envelope{Data: v}
	if v == nil {
		env.Data = &noData{}
	}
	err := json.Unmarshal(body, env)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if e := errorEnvelope(body, r.StatusCode); e != nil {
			env, err = e, nil
		}
	}
	if err == nil && env.Success == nil {
		err = errors.New("no \"success\" field")
	}
	if err == nil || env.Success != nil {
		r.gen = env.generation()
		c.learn(r.gen, false)
	}
	if err == nil {
		r.RequestID = env.requestID()
		r.Message = c.redactorFor(cl).string(string(env.Message))
		r.Timestamp = string(env.Timestamp)
		r.Meta = env.Meta
		r.scan = env.Scan
		r.zone = c.zoneFor(r.Timestamp, r.Header)
		r.Pagination = env.Pagination.model()
		if r.Pagination == nil && len(env.Meta) > 0 {
			r.Pagination = paginationIn(env.Meta)
		}
	}
	if r.RequestID == "" {
		r.RequestID = r.Header.Get("X-Trace-Id")
	}
	return env, err
}

// errorEnvelope reads body, whose data did not fit the call's, without
// its data: an error envelope (or any envelope on an error status)
// carrying data of another shape is still an error envelope. nil when it
// is not one.
func errorEnvelope(body []byte, status int) *envelope {
	env := &envelope{Data: &noData{}}
	ok2xx := status >= 200 && status <= 299
	if json.Unmarshal(body, env) != nil || env.Success == nil || (*env.Success && ok2xx) {
		return nil
	}
	return env
}

// envelopeError is the *APIError of an error envelope (or of a success
// envelope on an error status). Servers echo what they were sent: its
// text is scrubbed like a raw body.
func (c *Client) envelopeError(cl *call, ans answer, r *Response, env *envelope) *APIError {
	e := newAPIError(cl, ans, r)
	e.envelope = true
	red := c.redactorFor(cl)
	e.Code = red.string(string(env.Error.Code))
	e.Message = red.string(string(env.Error.Message))
	if e.Message == "" {
		e.Message = red.string(string(env.Message))
	}
	detail := env.Detail
	if isAbsent(detail) {
		detail = env.Error.Details
	}
	if !isAbsent(detail) {
		e.Detail = json.RawMessage(red.bytes(detail))
		e.Fields = fieldErrors(e.Detail)
	}
	e.RequestID = red.string(e.RequestID)
	e.Timestamp = red.string(r.Timestamp)
	return e
}

// redirectError is the *APIError of a redirect the client did not follow
// (see followOnOrigin): one to another origin, or one that would turn a
// write into a GET. It names the Location, redacted.
func (c *Client) redirectError(cl *call, ans answer, r *Response) *APIError {
	e := c.apiError(cl, ans, r, nil, nil)
	loc := "no Location"
	why := "not followed"
	if u, err := ans.resp.Location(); err == nil {
		loc = c.redactorFor(cl).string(u.Redacted())
		switch {
		case !sameOrigin(u, ans.resp.Request.URL):
			why = "redirected to another origin: not followed (the client sends its requests and credentials only to " +
				ans.resp.Request.URL.Scheme + "://" + ans.resp.Request.URL.Host + ")"
		case cl.kind != readCall:
			why = "a " + strconv.Itoa(ans.resp.StatusCode) + " would turn the " + cl.method + " into a GET: not followed"
		}
	}
	e.Message = why + "; Location: " + loc
	return e
}

// hasMember reports whether a JSON object (one that decoded: the body is
// valid JSON) has a top-level member named key, matched case-insensitively
// as encoding/json matches keys. It walks the members up to that one,
// skipping their values, and allocates nothing: asking encoding/json
// (data decoded through a probe that notes it was there) costs a second
// pass over the data, 2.5 times the decoding time of a large monitoring
// answer (BenchmarkFastPaths, data).
func hasMember(body []byte, key string) bool {
	i := jsonSpaceEnd(body, 0)
	if i >= len(body) || body[i] != '{' {
		return false
	}
	for i = jsonSpaceEnd(body, i+1); i < len(body) && body[i] == '"'; {
		end := jsonStringEnd(body, i)
		if end < i+2 {
			return false
		}
		name := body[i+1 : end-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			var s string
			if json.Unmarshal(body[i:end], &s) == nil {
				name = []byte(s)
			}
		}
		if strings.EqualFold(string(name), key) {
			return true
		}
		i = jsonSpaceEnd(body, end)
		if i >= len(body) || body[i] != ':' {
			return false
		}
		i = jsonSpaceEnd(body, jsonValueEnd(body, jsonSpaceEnd(body, i+1)))
		if i >= len(body) || body[i] != ',' {
			return false
		}
		i = jsonSpaceEnd(body, i+1)
	}
	return false
}

// jsonSpaceEnd is the index of the first byte at or after i that is not
// JSON white space.
func jsonSpaceEnd(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonStringEnd is the index just past the JSON string starting at b[i].
func jsonStringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// jsonValueEnd is the index just past the JSON value starting at b[i].
func jsonValueEnd(b []byte, i int) int {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			j = jsonStringEnd(b, j) - 1
			if depth == 0 {
				return j + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return j + 1
			} else if depth < 0 {
				return j // a literal that ended the enclosing object
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j
			}
		}
	}
	return len(b)
}

// isAbsent reports whether a raw JSON value is missing or null.
func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(raw, []byte("null"))
}

// apiError builds an *APIError for a body that was not an envelope. kind
// is nil to match by status; cause says why the body did not decode.
func (c *Client) apiError(cl *call, ans answer, r *Response, kind, cause error) *APIError {
	e := newAPIError(cl, ans, r)
	e.kind = kind
	e.err = cause
	// The token issue's 2xx answers carry the new token: say what came
	// back, but neither keep nor quote it.
	quote := !(cl.kind == issueCall && ans.resp.StatusCode >= 200 && ans.resp.StatusCode <= 299)
	var redacted []byte
	if quote {
		redacted = c.redactorFor(cl).scrubbedPrefix(ans.body, bodyKeep)
		e.Body = redacted
	}
	e.Message = describeBody(e.ContentType, ans.body, redacted, cause, quote)
	return e
}

// newAPIError is an *APIError for the answer, its fields from the
// response.
func newAPIError(cl *call, ans answer, r *Response) *APIError {
	wait, _ := retryAfter(ans.resp)
	requestID := ""
	if r != nil {
		requestID = r.RequestID
	}
	return &APIError{
		retryAfter:  wait,
		StatusCode:  ans.resp.StatusCode,
		RequestID:   requestID,
		Method:      cl.method,
		URL:         ans.url,
		ContentType: ans.resp.Header.Get("Content-Type"),
		Attempts:    ans.attempts,
		Waited:      ans.waited,
	}
}

// describeBody says what came back instead of an envelope: how much of
// what type, why it did not decode, and the start of it (from redacted,
// the body with the client's secrets already removed).
func describeBody(contentType string, body, redacted []byte, cause error, quote bool) string {
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
	if len(redacted) > 0 && quote {
		fmt.Fprintf(&b, ": %q", snippet(redacted, snippetLen))
	}
	return b.String()
}

// snippet is the first n bytes of a body, cut at a rune boundary, with
// runs of white space folded so that an HTML page reads on one line.
func snippet(body []byte, n int) []byte {
	cut := bounded(body, n)
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
