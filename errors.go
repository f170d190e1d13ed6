package zdm

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors for errors.Is. An *APIError matches the one for its
// status (see [APIError] for which); ErrInvalidArgument is wrapped by input
// rejected before any request is sent; ErrJobFailed by Watch when a job
// ended in failure.
var (
	ErrInvalidArgument = errors.New("zdm: invalid argument")
	ErrBadRequest      = errors.New("zdm: bad request")
	ErrUnauthorized    = errors.New("zdm: unauthorized")
	ErrForbidden       = errors.New("zdm: forbidden")
	ErrNotFound        = errors.New("zdm: not found")
	ErrConflict        = errors.New("zdm: conflict")
	// ErrValidation is a 422: the server understood the request but
	// refused its content (a field out of range, a reference to nothing,
	// a value of the wrong type); APIError.Fields names the fields when
	// the server does. Correct the input before trying again.
	ErrValidation         = errors.New("zdm: validation failed")
	ErrRateLimited        = errors.New("zdm: rate limited")
	ErrServer             = errors.New("zdm: server error")
	ErrUnexpectedResponse = errors.New("zdm: unexpected response")
	ErrJobFailed          = errors.New("zdm: recovery job failed")
	// ErrJobCanceled is matched (beside ErrJobFailed) by a Watch or Run
	// error for a job whose details all finished and none failed: what did
	// not complete was canceled. A canceled run is not worth retrying.
	ErrJobCanceled = errors.New("zdm: recovery job canceled")
	// ErrEndpointNotFound is a 404 or 405 whose body is not a ZDM envelope:
	// the server has no such route (a wrong base URL, or a server version
	// without this endpoint). It never matches ErrNotFound, which means
	// "no such job, server or row": a provider must not treat it as "gone".
	ErrEndpointNotFound = errors.New("zdm: endpoint not found")
	// ErrPartialFailure is matched when the server accepted a write but
	// reports that some parts of it failed (Create's Summary.Failed > 0 or
	// state "fail"; Delete's state "fail"); the result is returned beside
	// the error.
	ErrPartialFailure = errors.New("zdm: partial failure")
)

// APIError is an answer from the server (or a proxy in front of it) that
// is not a success: an error status, a "success": false envelope, or a 2xx
// body that is not a success envelope at all.
//
// errors.Is matches it against one sentinel, by its status: 400
// ErrBadRequest, 401 ErrUnauthorized, 403 ErrForbidden, 404 ErrNotFound,
// 409 ErrConflict, 422 ErrValidation, 429 ErrRateLimited, 5xx ErrServer. A
// 404 or 405 whose body is not a ZDM envelope matches ErrEndpointNotFound
// instead (never ErrNotFound); a 2xx that was not a success envelope
// matches ErrUnexpectedResponse; credentials the server rejected when
// issuing a token match ErrUnauthorized (not ErrNotFound, even though
// servers answer them with 404 "User not found"). Other statuses (a 405
// with an envelope, 408, 410, a refused redirect, a "success": false
// with 200) match no sentinel: read StatusCode.
type APIError struct {
	// StatusCode is the HTTP status (200 for a "success": false answer).
	StatusCode int
	// RequestID is "requestID", or "traceId" / X-Trace-Id on newer servers.
	RequestID string
	// Code is the stable error code when the server sends one
	// ("JOB-ERROR-01"); match on it, never on Message.
	Code string
	// Message is "error" as a string, "error.message", else "message";
	// for a body that was not an envelope, what came back instead.
	Message string
	// Detail is the envelope's "detail" (or "error.details"), nil when
	// absent.
	Detail json.RawMessage
	// Timestamp is the envelope's timestamp, as sent.
	Timestamp string
	// Method is the request's method.
	Method string
	// URL is the request's URL, with no credentials in it.
	URL string
	// Body is the raw body (bounded, secrets removed) when it was not an
	// envelope.
	Body []byte

	// Fields are the validation errors of a 400 or 422, by the request
	// field they name ("jobName": ["must not be empty"]), from whichever
	// form the server used (detail.validationErrors, error.details); nil
	// when the server named no field.
	Fields map[string][]string

	// ContentType is the response's Content-Type header.
	ContentType string
	// Attempts is how many times the request was sent, retries included.
	Attempts int
	// Waited is the time spent waiting between attempts, in all.
	Waited time.Duration

	kind       error         // overrides the status mapping (credentials, unexpected bodies)
	retryAfter time.Duration // the answer's Retry-After, 0 without one
	envelope   bool          // the body was a ZDM error envelope
	err        error         // underlying cause (a JSON syntax error), for errors.Unwrap
}

// Error reports the method, URL, status, code, message and request id.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("zdm: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
	}
	if e.URL != "" {
		b.WriteString(e.URL)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Code != "" {
		b.WriteString(" (")
		b.WriteString(Printable(e.Code))
		b.WriteByte(')')
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(Printable(e.Message))
	}
	if len(e.Fields) > 0 {
		names := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			names = append(names, k)
		}
		sort.Strings(names)
		b.WriteString(" [")
		for i, k := range names {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(Printable(k))
			b.WriteString(": ")
			b.WriteString(Printable(strings.Join(e.Fields[k], ", ")))
		}
		b.WriteByte(']')
	}
	if e.RequestID != "" {
		b.WriteString(" [request ")
		b.WriteString(Printable(e.RequestID))
		b.WriteByte(']')
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Is matches the sentinel for the error's status (see [APIError]). A 404
// or 405 whose body is not a ZDM envelope matches ErrEndpointNotFound and
// never ErrNotFound: the server has no such route, which says nothing of
// the job.
func (e *APIError) Is(target error) bool {
	if e.kind != nil {
		return target == e.kind
	}
	return target == statusSentinel(e.StatusCode) && target != nil
}

// fieldErrors reads the validation errors of an error detail in the forms
// servers send: {"validationErrors": {field: [msg] or msg}} (2.0.2), or
// {field: [msg] or msg} (error.details on 3.0.0). Keys that hold neither
// text nor a list of text are not fields.
func fieldErrors(detail json.RawMessage) map[string][]string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(detail, &obj) != nil || len(obj) == 0 {
		return nil
	}
	if ve, ok := obj["validationErrors"]; ok {
		obj = nil
		if json.Unmarshal(ve, &obj) != nil {
			return nil
		}
	}
	var out map[string][]string
	for k, raw := range obj {
		if k == "cause" { // the prototype's free text, not a field
			continue
		}
		var msgs []string
		var one string
		switch {
		case json.Unmarshal(raw, &msgs) == nil:
		case json.Unmarshal(raw, &one) == nil:
			msgs = []string{one}
		default:
			continue
		}
		if out == nil {
			out = map[string][]string{}
		}
		out[k] = msgs
	}
	return out
}

// Unwrap returns the cause behind an unexpected body (such as a
// *json.SyntaxError), or nil.
func (e *APIError) Unwrap() error { return e.err }

// transient reports whether trying again later may succeed: network-level
// trouble the server signals with 408, 429 and 5xx (except a 500 saying the
// job's data is incomplete), and 2xx bodies that were not a success
// envelope (a proxy's page, a truncated body).
func (e *APIError) transient() bool {
	if e.kind == ErrUnexpectedResponse {
		return true
	}
	if e.kind != nil {
		return false
	}
	switch {
	case e.StatusCode == http.StatusRequestTimeout, e.StatusCode == http.StatusTooManyRequests:
		return true
	case e.StatusCode == http.StatusInternalServerError:
		return e.Code != codeJobDataIncomplete
	case e.StatusCode == http.StatusNotImplemented:
		return false
	case e.StatusCode >= 500:
		return true
	}
	return false
}

// codeJobDataIncomplete is the 500 no retry cures.
const codeJobDataIncomplete = "JOB-ERROR-16"

func statusSentinel(code int) error {
	switch {
	case code == http.StatusBadRequest:
		return ErrBadRequest
	case code == http.StatusUnauthorized:
		return ErrUnauthorized
	case code == http.StatusForbidden:
		return ErrForbidden
	case code == http.StatusNotFound:
		return ErrNotFound
	case code == http.StatusConflict:
		return ErrConflict
	case code == http.StatusUnprocessableEntity:
		return ErrValidation
	case code == http.StatusTooManyRequests:
		return ErrRateLimited
	case code >= 500 && code <= 599:
		return ErrServer
	}
	return nil
}

// invalidArg returns an error wrapping ErrInvalidArgument.
func invalidArg(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidArgument}, args...)...)
}
