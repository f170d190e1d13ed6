package zdmtest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
)

// Transport returns an http.RoundTripper that serves requests in-process,
// without a socket: give it to zdm.WithHTTPClient(&http.Client{Transport:
// srv.Transport()}). It answers whatever the request's host; faults behave
// as over a socket (a dropped connection is an EOF error, a body closed
// mid-way fails with io.ErrUnexpectedEOF). Once the server is closed,
// requests fail like a refused connection.
func (s *Server) Transport() http.RoundTripper { return inProcess{s} }

// inProcess is the Transport.
type inProcess struct{ s *Server }

// RoundTrip implements [http.RoundTripper].
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	s := t.s
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(req.Body, maxRequestBody))
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.closed.Load() {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	sreq := req.Clone(ctx)
	sreq.Body = io.NopCloser(bytes.NewReader(body))
	rep := s.serve(sreq)
	if !s.wait(ctx, rep.delay) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, errServerClosed
	}
	if rep.drop {
		return nil, io.EOF
	}
	rd := rep.reader()
	switch {
	case req.Method == http.MethodHead:
		rd = http.NoBody
	case rep.cutAt >= 0:
		rd = io.MultiReader(bytes.NewReader(rep.body[:rep.cutAt]), errReader{io.ErrUnexpectedEOF})
	}
	return response(req, rep.status, rep.header.Clone(), rd, rep.contentLength()), nil
}

// response is an in-process answer to req, with its Content-Length.
func response(req *http.Request, status int, h http.Header, body io.Reader, length int) *http.Response {
	h.Set("Content-Length", strconv.Itoa(length))
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(body),
		ContentLength: int64(length),
		Request:       req,
	}
}

// errServerClosed is what an in-process request waiting on a delay gets
// when the server closes.
var errServerClosed = errors.New("zdmtest: server closed")

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
