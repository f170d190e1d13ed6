package zdm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// ErrOutcomeUnknown is matched by the error of a write (Create, Update,
// Start, Stop, Delete) that may or may not have taken effect: the request
// was sent, but its context ended or its connection broke before a
// readable answer came back (or a gateway answered 502/504 in the
// server's place, or a 2xx came back unreadable). The SDK never resends
// such a write; read the state back (Get, List with JobName) before trying
// again. The error is a *WriteOutcomeUnknownError, which also matches its
// cause (errors.Is(err, context.DeadlineExceeded) holds for a timeout).
var ErrOutcomeUnknown = errors.New("zdm: write outcome unknown")

// WriteOutcomeUnknownError is the error of a write that may have taken
// effect (see ErrOutcomeUnknown).
type WriteOutcomeUnknownError struct {
	Method string // "POST", "PUT", "DELETE"
	Path   string // under the API root, e.g. "recoveries/42"
	Err    error  // what broke: the context's error, a transport error, an *APIError
}

// Error says that the write may have taken effect and why the answer was lost.
func (e *WriteOutcomeUnknownError) Error() string {
	return fmt.Sprintf("zdm: %s %s was sent, but its outcome is unknown (it may have taken effect; it was not retried): %v", e.Method, e.Path, e.Err)
}

// Is matches ErrOutcomeUnknown.
func (e *WriteOutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause.
func (e *WriteOutcomeUnknownError) Unwrap() error { return e.Err }

// Temporary reports false: resending a write of unknown outcome may do it
// twice.
func (e *WriteOutcomeUnknownError) Temporary() bool { return false }

// doWrite sends a write through Client.Do and tells apart the failures
// after which the server may have acted (see ErrOutcomeUnknown). A client
// trace on the call's context sees each attempt: whether the request was
// written in full, and whether an answer began.
func (c *Client) doWrite(ctx context.Context, req *http.Request, v any) (*Response, error) {
	if ctx == nil {
		return c.Do(ctx, req, v)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("zdm: %s not sent: %w", req.Method, ctx.Err())
	}
	var written, answered atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { written.Store(false); answered.Store(false) }, // a new attempt
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				written.Store(true)
			}
		},
		GotFirstResponseByte: func() { answered.Store(true) },
	})
	resp, err := c.Do(ctx, req, v)
	if err != nil && outcomeUnknown(err, written.Load() && !answered.Load()) {
		path := req.URL.Path
		if info, ok := req.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			path = info.rel
		}
		err = &WriteOutcomeUnknownError{Method: req.Method, Path: path, Err: err}
	}
	return resp, err
}

// outcomeUnknown reports whether a write's error leaves open whether the
// server acted on it: the last attempt was written in full and no answer
// came (inFlight), the answer was cut, a 2xx was unreadable, or a gateway
// answered 502/504 in the server's place. It did not act when nothing was
// sent (invalid input, a dial error, a context that ended before sending
// or during a wait between attempts, which follow only dial errors and
// 429s), or when the server answered with an envelope or an error status
// of its own.
func outcomeUnknown(err error, inFlight bool) bool {
	if errors.Is(err, ErrInvalidArgument) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.StatusCode >= 200 && apiErr.StatusCode <= 299:
			return !apiErr.envelope // an answer lost in an unreadable body
		case apiErr.StatusCode == http.StatusBadGateway, apiErr.StatusCode == http.StatusGatewayTimeout:
			return !apiErr.envelope // a gateway that may have forwarded it
		}
		return false
	}
	var te *transportError
	if !errors.As(err, &te) {
		return false // an authentication failure before sending, and the like
	}
	var br *bodyReadError
	return inFlight || errors.As(te.err, &br)
}
