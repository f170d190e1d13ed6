package zdmtest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Request is a request the server was sent, as recorded. Secrets are not
// kept: the token is redacted, and bodies (which hold passwords) are not
// recorded.
type Request struct {
	// Seq is the request's number in the record, from 0 (the first after
	// the start, [Server.ClearRequests] or [Server.Reset]).
	Seq int
	// Method is the request's method.
	Method string
	// Path is unescaped, as r.URL.Path: "/api/v1/recoveries/monitoring/job/a/b".
	Path string
	// RawPath is as sent, escaped: "/api/v1/recoveries/monitoring/job/a%2Fb".
	RawPath string
	// Query is the parsed query.
	Query url.Values
	// Auth is the Authorization header with the token redacted:
	// "Bearer [REDACTED]", "[REDACTED]" for a bare token, or "".
	Auth string
	// Header holds the request headers, Authorization redacted as Auth.
	Header http.Header
	// Time is when it came, on the server's clock.
	Time time.Time
	// Status is the status answered; 0 when the connection was dropped
	// without an answer.
	Status int
	// Fault describes the injected fault that answered, such as
	// "status 503"; "" for a normal answer.
	Fault string
}

// newRequest records what r is.
func newRequest(r *http.Request) Request {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	auth := redactAuth(h.Get("Authorization"))
	if auth != "" {
		h.Set("Authorization", auth)
	}
	return Request{
		Method:  r.Method,
		Path:    r.URL.Path,
		RawPath: r.URL.EscapedPath(),
		Query:   r.URL.Query(),
		Auth:    auth,
		Header:  h,
	}
}

// redactAuth hides the credentials of an Authorization value but keeps
// its scheme.
func redactAuth(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if scheme, _, ok := strings.Cut(v, " "); ok {
		return scheme + " [REDACTED]"
	}
	return "[REDACTED]"
}

// Requests returns copies of the requests recorded so far, oldest first
// (with [WithRequestLog], the last ones kept).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests.all()
	for i := range out {
		out[i].Query = cloneValues(out[i].Query)
		out[i].Header = out[i].Header.Clone()
	}
	return out
}

// RequestCount is how many requests the server has recorded since the
// start, [Server.ClearRequests] or [Server.Reset], kept or not: with
// [WithRequestLog], the first RequestCount() - len(Requests()) were let go.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.seen
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// ClearRequests forgets the recorded requests; numbering starts again
// at 0.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.clear()
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.add(r)
}

// requestLog is the record of requests: every one, or a ring of the last
// limit ones. Guarded by srv.mu.
type requestLog struct {
	limit int       // 0: keep all
	buf   []Request // oldest at next once full
	next  int       // where the next request goes once full
	seen  int       // requests recorded since the last clear
}

func (l *requestLog) add(r Request) {
	r.Seq = l.seen
	l.seen++
	if l.limit == 0 || len(l.buf) < l.limit {
		l.buf = append(l.buf, r)
		return
	}
	l.buf[l.next] = r
	l.next = (l.next + 1) % l.limit
}

// all returns the kept requests, oldest first, in a new slice.
func (l *requestLog) all() []Request {
	return append(slices.Clone(l.buf[l.next:]), l.buf[:l.next]...)
}

func (l *requestLog) clear() { l.buf, l.next, l.seen = nil, 0, 0 }
