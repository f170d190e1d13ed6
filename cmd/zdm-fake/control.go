package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxControlBody bounds a control request's body.
const maxControlBody = 1 << 20

// control answers a request under /_fake/.
func (f *fake) control(w http.ResponseWriter, r *http.Request) {
	f.controlOnce.Do(f.buildControl)
	if _, pattern := f.controlMux.Handler(r); pattern == "" {
		f.noRoute(w, r)
		return
	}
	f.controlMux.ServeHTTP(w, r)
}

// buildControl registers the control routes.
func (f *fake) buildControl() {
	m := http.NewServeMux()
	m.HandleFunc("GET /_fake/{$}", f.handleIndex)
	m.HandleFunc("POST /_fake/reset", f.handleReset)
	m.HandleFunc("GET /_fake/jobs", f.handleJobs)
	m.HandleFunc("POST /_fake/jobs", f.handleAddJob)
	m.HandleFunc("GET /_fake/jobs/{job}", f.handleJob)
	m.HandleFunc("PUT /_fake/jobs/{job}", f.handleReplaceJob)
	m.HandleFunc("DELETE /_fake/jobs/{job}", f.handleRemoveJob)
	m.HandleFunc("POST /_fake/jobs/{job}/{action}", f.handleJobAction)
	m.HandleFunc("GET /_fake/faults", f.handleFaults)
	m.HandleFunc("POST /_fake/faults", f.handleInject)
	m.HandleFunc("GET /_fake/clock", f.handleClock)
	m.HandleFunc("POST /_fake/clock", f.handleSetClock)
	m.HandleFunc("POST /_fake/tokens", f.handleToken)
	m.HandleFunc("POST /_fake/tokens/expire", f.handleTokens)
	m.HandleFunc("POST /_fake/tokens/revoke", f.handleTokens)
	m.HandleFunc("POST /_fake/users", f.handleAddUser)
	m.HandleFunc("GET /_fake/requests", f.handleRequests)
	m.HandleFunc("DELETE /_fake/requests", f.handleClearRequests)
	f.controlMux = m
}

// controlRoutes are the routes GET /_fake/ lists.
var controlRoutes = []string{
	"GET /_fake/", "POST /_fake/reset",
	"GET /_fake/jobs", "POST /_fake/jobs", "GET /_fake/jobs/{job}", "PUT /_fake/jobs/{job}",
	"DELETE /_fake/jobs/{job}", "POST /_fake/jobs/{job}/{start|stop|advance|complete|cancel|fail|set|plan|log}",
	"GET /_fake/faults", "POST /_fake/faults", "GET /_fake/clock", "POST /_fake/clock",
	"POST /_fake/tokens", "POST /_fake/tokens/expire", "POST /_fake/tokens/revoke",
	"POST /_fake/users", "GET /_fake/requests?since=n", "DELETE /_fake/requests",
}

// noRoute answers 405 when the path has a route for another method, else
// 404.
func (f *fake) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := f.controlMux.Handler(probe); p != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, "%s %s: allowed: %s", r.Method, r.URL.Path, strings.Join(allow, ", "))
		return
	}
	writeError(w, http.StatusNotFound, "no control route %s %s (GET /_fake/ lists them)", r.Method, r.URL.Path)
}

// writeJSON answers v as indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error": "encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError answers {"error": message}.
func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, map[string]string{"error": fmt.Sprintf(format, args...)})
}

// readBody reads a control request's body, or fails with 400 or 413.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxControlBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, "body over %d bytes", maxControlBody)
		return nil, false
	case err != nil:
		writeError(w, http.StatusBadRequest, "reading the body: %v", err)
		return nil, false
	}
	return b, true
}

// decodeBody decodes a JSON body strictly into v; an empty body leaves v
// alone when optional. It answers 400 itself and reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, optional bool) (document, bool) {
	b, ok := readBody(w, r)
	if !ok {
		return document{}, false
	}
	doc := document{name: "body", data: b}
	if len(bytes.TrimSpace(b)) == 0 {
		if optional {
			return doc, true
		}
		writeError(w, http.StatusBadRequest, "body: want a JSON document")
		return doc, false
	}
	if err := decodeStrict("body", b, v); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return doc, false
	}
	doc.idx = indexJSON(b)
	return doc, true
}

// handleIndex describes the server.
func (f *fake) handleIndex(w http.ResponseWriter, r *http.Request) {
	st := f.current()
	writeJSON(w, http.StatusOK, map[string]any{
		"dialect": f.opts.dialect.String(), "url": f.apiURL(), "prefix": f.opts.apiPrefix(),
		"control": f.host + controlRoot + "/", "token": st.token,
		"email": defaultEmail, "password": defaultPassword, "routes": controlRoutes,
	})
}

// handleReset goes back to the scenario, or to the one in the body.
func (f *fake) handleReset(w http.ResponseWriter, r *http.Request) {
	sc := &scenario{}
	doc, ok := decodeBody(w, r, sc, true)
	if !ok {
		return
	}
	if doc.idx == nil {
		sc = nil // no body: the stored scenario
	} else if sc.Dialect != "" || sc.Prefix != "" || sc.TimeZone != "" {
		writeError(w, http.StatusBadRequest, "%v", errResetOpts)
		return
	}
	st, err := f.reset(sc, doc)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": st.token, "url": f.apiURL()})
}

// handleFaults counts the pending fault answers.
func (f *fake) handleFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]int{"pending": f.current().srv.PendingFaults()})
}

// handleInject injects one fault, or an array of them in order.
func (f *fake) handleInject(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	var docs []faultDoc
	var err error
	path := "faults"
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		err = decodeStrict("body", b, &docs)
	} else {
		docs = make([]faultDoc, 1)
		err = decodeStrict("body", b, &docs[0])
		path = ""
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	var p problems
	st := f.current()
	injects := make([]func(), len(docs))
	for i, d := range docs {
		fp := path
		if path != "" {
			fp = fmt.Sprintf("[%d]", i)
		}
		n, fault := p.fault(fp, d)
		injects[i] = func() { st.srv.Inject(n, fault) }
	}
	if err := (document{name: "body", data: b, idx: indexJSON(b)}).errorf(&p); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	for _, inject := range injects {
		inject()
	}
	writeJSON(w, http.StatusCreated, map[string]int{"pending": st.srv.PendingFaults()})
}

// clockView is the clock as the control API shows it.
func clockView(st *state) map[string]any {
	return map[string]any{"now": st.clock.Now().In(st.srv.Location()).Format(time.RFC3339Nano), "frozen": st.clock.Frozen()}
}

// handleClock reads the clock.
func (f *fake) handleClock(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, clockView(f.current()))
}

// handleSetClock sets, advances, freezes or thaws the clock: a freeze
// comes first (so that a set time stays exact), a thaw last.
func (f *fake) handleSetClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Set     string `json:"set,omitempty"`
		Advance string `json:"advance,omitempty"`
		Freeze  *bool  `json:"freeze,omitempty"`
	}
	doc, ok := decodeBody(w, r, &body, false)
	if !ok {
		return
	}
	var p problems
	var at time.Time
	if body.Set != "" {
		t, err := time.Parse(time.RFC3339, body.Set)
		if err != nil {
			p.add("set", "%q is not an RFC 3339 time", body.Set)
		}
		at = t
	}
	d := p.duration("advance", body.Advance, true)
	if err := doc.errorf(&p); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	st := f.current()
	if body.Freeze != nil && *body.Freeze {
		st.clock.Freeze(true)
	}
	if !at.IsZero() {
		st.clock.Set(at)
	}
	st.clock.Advance(d)
	if body.Freeze != nil && !*body.Freeze {
		st.clock.Freeze(false)
	}
	writeJSON(w, http.StatusOK, clockView(st))
}

// handleToken issues a fresh token of the default user.
func (f *fake) handleToken(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusCreated, map[string]string{"token": f.current().srv.Token()})
}

// handleTokens expires or revokes every token issued so far.
func (f *fake) handleTokens(w http.ResponseWriter, r *http.Request) {
	st := f.current()
	if strings.HasSuffix(r.URL.Path, "/expire") {
		st.srv.ExpireTokens()
	} else {
		st.srv.RevokeTokens()
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// handleAddUser adds a user (or changes a password).
func (f *fake) handleAddUser(w http.ResponseWriter, r *http.Request) {
	var u userDoc
	doc, ok := decodeBody(w, r, &u, false)
	if !ok {
		return
	}
	var p problems
	if strings.TrimSpace(u.Email) == "" {
		p.add("email", "empty")
	}
	if u.Password == "" {
		p.add("password", "empty")
	}
	if err := doc.errorf(&p); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	f.current().srv.AddUser(u.Email, u.Password)
	writeJSON(w, http.StatusCreated, map[string]string{"email": u.Email})
}
