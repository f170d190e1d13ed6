package zdmtest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Server is a fake ZDM server: an httptest server answering the ZDM API
// in one dialect, with users, tokens, recovery jobs that move as they are
// polled or as its clock runs, faults on cue, and a record of the requests
// it was sent. It is safe for concurrent use.
type Server struct {
	// URL is the API root, such as "http://127.0.0.1:41234/api/v1": give
	// it to zdm.NewClient (or use [Server.Client]).
	URL string

	ts   *httptest.Server
	cfg  Settings
	tb   testing.TB // nil for Start
	salt uint64     // makes ids and tokens differ between servers

	requestSeq atomic.Uint64
	done       chan struct{} // closed by Close: delayed answers give up
	closed     atomic.Bool
	closeOnce  sync.Once

	problemsMu sync.Mutex
	problems   []error

	mu         sync.Mutex
	users      map[string]string // e-mail -> password
	tokens     map[string]*token
	tokenSeq   uint64
	recoveries jobTable
	backups    jobTable
	plans      map[string][]Step // SetPlan, by job name
	histories  []*History        // of recovery runs
	historySeq int
	backupRuns []*History // the histories of backup runs
	backupSeq  int
	lastBackup *Job // the backup job added last, for AddBackupJob
	worldState
	faults     []*injection
	requests   requestLog
	issueCount int
	rateStart  time.Time
	rateCount  int

	// highID is, per world table ("server", "repository", ...), the
	// highest ID handed out: IDs are never reused after a delete.
	highID map[string]int
}

// inProcessHost is the host of a WithInProcess server's URL: a name that
// cannot resolve, so that a client not using the server's transport fails
// at once.
const inProcessHost = "zdmtest.invalid"

// The default user, who exists on every server.
const (
	DefaultEmail    = "admin@zdm.test"
	DefaultPassword = "zdmtest-password"
)

// NewServer starts a fake ZDM server for a test and closes it when the
// test ends. Bad options are reported with tb.Errorf and the server starts
// with the defaults; other misuse (a duplicate job, a zero Fault, a
// handler panic) is reported with tb.Errorf from whatever goroutine sees
// it. Only a failure to listen on a local port stops the test (tb.Fatalf,
// as httptest.NewServer would panic).
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := start(tb, opts)
	if err != nil && s == nil {
		tb.Errorf("zdmtest.NewServer: %v", err)
		s, err = start(tb, nil)
	}
	if err != nil {
		tb.Fatalf("zdmtest.NewServer: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start starts a fake ZDM server for a program that has no testing.TB, such
// as a runnable example. The caller must Close it. Misuse after Start is
// collected and returned by [Server.Err].
func Start(opts ...Option) (*Server, error) {
	return start(nil, opts)
}

// start applies the options and starts listening. With bad options it
// returns no server.
func start(tb testing.TB, opts []Option) (*Server, error) {
	cfg := defaultConfig()
	var errs []error
	for i, opt := range opts {
		if opt == nil {
			errs = append(errs, fmt.Errorf("option %d is nil", i))
			continue
		}
		if err := opt(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s := newServer(tb, cfg)
	if err := s.seed(); err != nil {
		return nil, err
	}
	if cfg.inProcess {
		s.URL = "http://" + inProcessHost + cfg.apiPrefix()
		return s, nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		if l, err = net.Listen("tcp6", "[::1]:0"); err != nil {
			return nil, fmt.Errorf("zdmtest: cannot listen on a local port: %w", err)
		}
	}
	s.ts = &httptest.Server{Listener: l, Config: &http.Server{Handler: s}}
	s.ts.Start()
	s.URL = s.ts.URL + cfg.apiPrefix()
	return s, nil
}

func newServer(tb testing.TB, cfg Settings) *Server {
	return &Server{
		requests: requestLog{limit: cfg.requestLog},
		cfg:      cfg,
		tb:       tb,
		salt:     rand.Uint64(),
		done:     make(chan struct{}),
		users:    map[string]string{DefaultEmail: DefaultPassword},
		tokens:   map[string]*token{},
		highID:   map[string]int{},
	}
}

// seed puts the world in: WithWorld's, else DefaultWorld.
func (s *Server) seed() error {
	now := s.now()
	w := s.cfg.world
	if w == nil {
		d := DefaultWorld(now)
		w = &d
	}
	var p problems
	s.mu.Lock()
	s.addWorldLocked(*w, &p, now)
	s.mu.Unlock()
	if err := p.err(); err != nil {
		return fmt.Errorf("WithWorld: %w", err)
	}
	return nil
}

// Close shuts the server down: answers still waiting on a delay give up,
// and Close waits for the requests in flight. It may be called more than
// once; NewServer's servers are closed when the test ends.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		if s.ts != nil {
			s.ts.Close()
		}
		s.closed.Store(true)
	})
}

// Err returns the misuse the server has seen (bad options, refused jobs
// and faults, handler panics), joined, or nil. NewServer's servers also
// report each one with tb.Errorf as it happens.
func (s *Server) Err() error {
	s.problemsMu.Lock()
	defer s.problemsMu.Unlock()
	return errors.Join(s.problems...)
}

// misuse records a problem and reports it to the test, if it still runs.
func (s *Server) misuse(format string, args ...any) {
	err := fmt.Errorf("zdmtest: "+format, args...)
	s.problemsMu.Lock()
	s.problems = append(s.problems, err)
	s.problemsMu.Unlock()
	if s.tb != nil && !s.closed.Load() {
		s.tb.Errorf("%v", err)
	}
}

// now reads the server's clock.
func (s *Server) now() time.Time { return s.cfg.clock() }

// Dialect is the dialect the server speaks.
func (s *Server) Dialect() Dialect { return s.cfg.dialect }

// Location is the zone of the server's local times (see
// WithServerTimeZone).
func (s *Server) Location() *time.Location { return s.cfg.loc }

// Reset forgets the recorded requests, the pending faults, the issue
// count and the rate-limit window. Users, tokens and jobs stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.clear()
	s.faults = nil
	s.issueCount = 0
	s.rateStart, s.rateCount = time.Time{}, 0
}
