package zdmtest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServeHTTP answers one request. The Server is an http.Handler, so it can
// also be mounted in a mux of your own (faults that drop or cut the
// connection then need a ResponseWriter that can be hijacked).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := s.serve(r)
	if !s.wait(r.Context(), rep.delay) {
		// The request ended or the server closed while the answer
		// waited: break the connection rather than answer an empty 200.
		panic(http.ErrAbortHandler)
	}
	if rep.drop || rep.cutAt >= 0 {
		s.hijack(w, rep)
		return
	}
	h := w.Header()
	for k, v := range rep.header {
		h[k] = v
	}
	h.Set("Content-Length", strconv.Itoa(rep.contentLength()))
	w.WriteHeader(rep.status)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, rep.reader())
	}
}

func (rep *reply) contentLength() int {
	if rep.declared >= 0 {
		return rep.declared
	}
	return len(rep.body) + rep.fill + len(rep.tail)
}

// reader streams the whole body: a HugeBody's padding is made as it is
// read, so that a gigabyte answer costs no gigabyte of memory.
func (rep *reply) reader() io.Reader {
	if rep.fill == 0 && len(rep.tail) == 0 {
		return bytes.NewReader(rep.body)
	}
	return io.MultiReader(bytes.NewReader(rep.body), &filler{n: rep.fill, b: rep.fillByte}, bytes.NewReader(rep.tail))
}

// filler reads n copies of b.
type filler struct {
	n int
	b byte
}

// fillBlock is what a filler copies from, a block at a time (a byte at a
// time would cost dearly under the race detector).
func fillBlock(b byte) []byte {
	switch b {
	case 'x':
		return xBlock
	case ' ':
		return spaceBlock
	}
	return bytes.Repeat([]byte{b}, 32<<10)
}

var (
	xBlock     = bytes.Repeat([]byte("x"), 32<<10)
	spaceBlock = bytes.Repeat([]byte(" "), 32<<10)
)

func (f *filler) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, io.EOF
	}
	p = p[:min(len(p), f.n)]
	block := fillBlock(f.b)
	n := 0
	for n < len(p) {
		n += copy(p[n:], block)
	}
	f.n -= n
	return n, nil
}

// hijack drops the connection, after sending the start of the answer when
// the reply is cut mid-body.
func (s *Server) hijack(w http.ResponseWriter, rep reply) {
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		s.misuse("the fault %q needs a connection it can hijack: %v", rep.fault, err)
		http.Error(w, "zdmtest: cannot serve the fault "+rep.fault, http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	if rep.drop {
		return
	}
	writeCut(brw.Writer, rep)
}

// writeCut writes the status line, the headers with the full
// Content-Length and the first rep.cutAt bytes of the body.
func writeCut(w *bufio.Writer, rep reply) {
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\n", rep.status, http.StatusText(rep.status))
	h := rep.header.Clone()
	h.Set("Content-Length", strconv.Itoa(rep.contentLength()))
	h.Set("Connection", "close")
	_ = h.Write(w)
	_, _ = w.WriteString("\r\n")
	_, _ = w.Write(rep.body[:rep.cutAt])
	_ = w.Flush()
}

// wait sleeps for d unless ctx ends or the server closes first; it
// reports whether to answer.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

// serve makes the answer to r: an injected fault's or the normal one, and
// records the request.
func (s *Server) serve(r *http.Request) (rep reply) {
	var now time.Time
	rec := newRequest(r)
	defer func() {
		if v := recover(); v != nil {
			s.misuse("handler panicked on %s %s: %v", r.Method, r.URL.Path, v)
			rep = s.errorReply(problemStatus(http.StatusInternalServerError), now)
		}
		if !rep.drop {
			rec.Status = rep.status
		}
		rec.Time, rec.Fault = now, rep.fault
		s.record(rec)
	}()
	now = s.now()
	defer func() {
		if rep.header != nil && rep.header.Get("Date") == "" {
			rep.header.Set("Date", now.UTC().Format(http.TimeFormat)) // the server's clock, as real servers send theirs
		}
	}()
	if f, ok := s.takeFault(r); ok {
		return f.reply(s, r, now)
	}
	return s.route(r, now)
}

// servesIssue reports whether rel is a token issue route of the server.
func (s *Server) servesIssue(rel string) bool {
	if s.cfg.bothIssueRoutes {
		return rel == routeAuthIssue || rel == routeTokenIssue
	}
	return rel == s.cfg.dialect.issuePath()
}

// relPath is p relative to the API root, without the leading slash, and
// whether p is under the root at all.
func (s *Server) relPath(p string) (string, bool) {
	prefix := s.cfg.apiPrefix() + "/"
	if !strings.HasPrefix(p, prefix) {
		return "", false
	}
	return p[len(prefix):], true
}
