package main

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// The default user's credentials, printed on start.
const (
	defaultEmail    = zdmtest.DefaultEmail
	defaultPassword = zdmtest.DefaultPassword
)

// controlRoot is where the control API lives; the ZDM API may not.
const controlRoot = "/_fake"

// fake is the program's HTTP handler: the ZDM API of the current state's
// zdmtest server, and the control API under /_fake/.
type fake struct {
	opts serverOpts
	host string // "http://127.0.0.1:8080", set once listening
	log  *accessLog

	cur     atomic.Pointer[state]
	resetMu sync.Mutex // serializes resets
	// The scenario resets go back to, guarded by resetMu.
	scenario *scenario
	doc      document

	controlOnce sync.Once
	controlMux  *http.ServeMux
}

// current is the state requests are served from.
func (f *fake) current() *state { return f.cur.Load() }

// apiURL is the API's base URL, for zdm.NewClient and curl.
func (f *fake) apiURL() string { return f.host + f.opts.apiPrefix() }

// ServeHTTP answers one request and logs it.
func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &recorder{ResponseWriter: w}
	id := "-"
	defer func() { f.log.line(r, rw.status, time.Since(start), id) }()
	if r.URL.Path == controlRoot || strings.HasPrefix(r.URL.Path, controlRoot+"/") {
		f.control(rw, r)
		return
	}
	f.current().srv.ServeHTTP(rw, r)
	id = rw.requestID()
}

// reset replaces the state with a fresh one built from sc (the stored
// scenario when sc is nil), which later resets go back to.
func (f *fake) reset(sc *scenario, doc document) (*state, error) {
	f.resetMu.Lock()
	defer f.resetMu.Unlock()
	if sc == nil {
		sc, doc = f.scenario, f.doc
	}
	st, err := newState(f.opts, sc, doc)
	if err != nil {
		return nil, err
	}
	f.scenario, f.doc = sc, doc
	f.cur.Swap(st).close()
	return st, nil
}
