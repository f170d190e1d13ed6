package zdm

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrOutcomeUnknown is matched by the error of a write (Create, Update,
// Start, Stop, Delete, or a POST, PUT or DELETE through Do) that may or
// may not have taken effect: some of the request was written, and no
// complete answer came back. The connection broke or a stream was reset
// after the request went out, the caller's deadline or cancel ended the
// call after that (while the answer's headers or body were arriving
// too), a gateway answered 502/504 in the server's place, or a 2xx came
// back unreadable. The SDK never resends such a write, and lets nothing
// under it (Go's HTTP/2 transport) resend it; read the state back (Get,
// List with JobName) before trying again. The error is a
// *WriteOutcomeUnknownError, which also matches its cause
// (errors.Is(err, context.DeadlineExceeded) holds for a timeout).
//
// A write is retried only where the server provably did not act: the
// connection could not be made, the server had closed the pooled
// connection before the request reached it, HTTP/2 refused the stream
// (REFUSED_STREAM, or a GOAWAY naming an earlier stream), or a 429.
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
	return fmt.Sprintf("zdm: %s %s was sent, but its outcome is unknown (it may have taken effect; it was not retried): %v",
		e.Method, Printable(e.Path), e.Err)
}

// Is matches ErrOutcomeUnknown.
func (e *WriteOutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause.
func (e *WriteOutcomeUnknownError) Unwrap() error { return e.Err }

// lostAnswer wraps the error of a write whose server answered but whose
// answer does not tell what happened: a 2xx that was not a readable
// envelope, or a 502/504 that is not the server's own envelope (a
// gateway that may have forwarded the write). Transport failures after
// the request went out are wrapped where they happen (exchange).
func lostAnswer(cl *call, err error) error {
	var apiErr *APIError
	if cl.kind != writeCall || !errors.As(err, &apiErr) || apiErr.envelope {
		return err
	}
	switch s := apiErr.StatusCode; {
	case s >= 200 && s <= 299, s == http.StatusBadGateway, s == http.StatusGatewayTimeout:
		return &WriteOutcomeUnknownError{Method: cl.method, Path: cl.path(), Err: err}
	}
	return err
}
