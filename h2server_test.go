package zdm

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// h2Server is a raw HTTP/2 server over real TLS on loopback, built on
// golang.org/x/net/http2's Framer, so that a test can answer a request
// with what a hostile server or proxy sends: a stream reset or a GOAWAY
// after it has received (and acted on) the request.
type h2Server struct {
	ln    net.Listener
	pool  *x509.CertPool
	react func(n int, method, path string) h2Reaction // what to do with the n-th request (1-based)

	mu       sync.Mutex
	received []string // "METHOD path" of every request received in full
	wg       sync.WaitGroup
}

// h2Reaction is how the server answers one request it received in full.
type h2Reaction struct {
	reset     http2.ErrCode // RST_STREAM with this code (when not 0)...
	goAway    bool          // ...or GOAWAY (last stream: lastOK or this one) and close
	lastOK    bool          // the GOAWAY names the stream before this one: not processed
	status    int           // ...or this status (default 201)...
	body      string        // ...with this body
	noProcess bool          // the request does not count as processed (refused)
}

func newH2Server(t *testing.T, react func(n int, method, path string) h2Reaction) *h2Server {
	t.Helper()
	// Borrow httptest's certificate for 127.0.0.1.
	cert := httptest.NewUnstartedServer(nil)
	cert.StartTLS()
	tlsCert := cert.TLS.Certificates[0]
	pool := x509.NewCertPool()
	pool.AddCert(cert.Certificate())
	cert.Close()

	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{tlsCert}, NextProtos: []string{"h2"}})
	require.NoError(t, err)
	s := &h2Server{ln: ln, pool: pool, react: react}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(func() { _ = ln.Close(); s.wg.Wait() })
	return s
}

// URL is the server's base URL.
func (s *h2Server) URL() string { return "https://" + s.ln.Addr().String() }

// processed is how many requests the server received in full and took
// (not refused).
func (s *h2Server) processed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.received...)
}

// tlsConfig trusts the server's certificate.
func (s *h2Server) tlsConfig() *tls.Config { return &tls.Config{RootCAs: s.pool} }

func (s *h2Server) accept() {
	defer s.wg.Done()
	var conns sync.WaitGroup
	defer conns.Wait()
	n := 0
	var nmu sync.Mutex
	next := func() int { nmu.Lock(); defer nmu.Unlock(); n++; return n }
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		conns.Add(1)
		go func() {
			defer conns.Done()
			defer c.Close()
			s.serve(c, next)
		}()
	}
}

// h2Stream is a request being received.
type h2Stream struct {
	method, path string
}

func (s *h2Server) serve(c net.Conn, next func() int) {
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil {
		return
	}
	fr := http2.NewFramer(c, c)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if fr.WriteSettings() != nil {
		return
	}
	streams := map[uint32]*h2Stream{}
	var hbuf bytes.Buffer
	enc := hpack.NewEncoder(&hbuf)
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		var done *h2Stream
		var id uint32
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = fr.WritePing(true, f.Data)
			}
		case *http2.MetaHeadersFrame:
			st := &h2Stream{method: f.PseudoValue("method"), path: f.PseudoValue("path")}
			streams[f.StreamID] = st
			if f.StreamEnded() {
				done, id = st, f.StreamID
			}
		case *http2.DataFrame:
			if len(f.Data()) > 0 {
				_ = fr.WriteWindowUpdate(0, uint32(len(f.Data())))
			}
			if f.StreamEnded() {
				done, id = streams[f.StreamID], f.StreamID
			}
		}
		if done == nil {
			continue
		}
		r := s.react(next(), done.method, done.path)
		if !r.noProcess {
			s.mu.Lock()
			s.received = append(s.received, done.method+" "+done.path)
			s.mu.Unlock()
		}
		switch {
		case r.reset != 0:
			_ = fr.WriteRSTStream(id, r.reset)
		case r.goAway:
			last := id
			if r.lastOK {
				last = max(id, 2) - 2 // the stream before this one: this one was not processed
			}
			_ = fr.WriteGoAway(last, http2.ErrCodeNo, nil)
			return
		default:
			status := r.status
			if status == 0 {
				status = http.StatusCreated
			}
			hbuf.Reset()
			_ = enc.WriteField(hpack.HeaderField{Name: ":status", Value: strconv.Itoa(status)})
			_ = enc.WriteField(hpack.HeaderField{Name: "content-type", Value: "application/json"})
			_ = enc.WriteField(hpack.HeaderField{Name: "content-length", Value: strconv.Itoa(len(r.body))})
			_ = fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hbuf.Bytes(), EndHeaders: true, EndStream: r.body == ""})
			if r.body != "" {
				_ = fr.WriteData(id, true, []byte(r.body))
			}
		}
	}
}
