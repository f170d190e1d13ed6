package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"sync"
	"time"
)

// accessLog prints one line per request: method, path, status, duration
// and the request id the answer carried ("-" for none).
type accessLog struct {
	mu sync.Mutex
	w  io.Writer
}

func newAccessLog(w io.Writer) *accessLog { return &accessLog{w: w} }

// line logs one request. A status of 0 means the connection was dropped
// or cut by a fault, or the request gave up.
func (l *accessLog) line(r *http.Request, status int, d time.Duration, id string) {
	if l == nil {
		return
	}
	st := "-"
	if status != 0 {
		st = fmt.Sprint(status)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s %s %.3fms %s\n", r.Method, r.URL.RequestURI(), st, float64(d)/float64(time.Millisecond), id)
}

// recorder remembers the status and the start of the body of an answer,
// to find its request id.
type recorder struct {
	http.ResponseWriter
	status int
	head   []byte // the first bytes of the body
}

const headBytes = 512

func (rw *recorder) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	if n := headBytes - len(rw.head); n > 0 {
		rw.head = append(rw.head, b[:min(n, len(b))]...)
	}
	return rw.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (faults that
// drop or cut it hijack it).
func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// Hijack is for callers that do not use http.ResponseController.
func (rw *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(rw.ResponseWriter).Hijack()
}

// idPattern finds the envelope's request id.
var idPattern = regexp.MustCompile(`"(?:requestID|traceId)"\s*:\s*"([^"]*)"`)

// requestID is the request id of the answer: the X-Trace-Id header, or
// the envelope's requestID or traceId; "-" for none.
func (rw *recorder) requestID() string {
	if id := rw.Header().Get("X-Trace-Id"); id != "" {
		return id
	}
	if m := idPattern.FindSubmatch(rw.head); m != nil {
		return string(m[1])
	}
	return "-"
}
