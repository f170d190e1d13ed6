package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// maxControlBody bounds a control request's body.
const maxControlBody = 1 << 20

// control answers a request under /_fake/.
func (f *fake) control(w http.ResponseWriter, r *http.Request) {
	if status, msg := guard(r); status != 0 {
		writeError(w, status, "%s", msg)
		return
	}
	f.controlOnce.Do(func() { f.controlMux = controlMux(f) })
	if _, pattern := f.controlMux.Handler(r); pattern == "" {
		f.noRoute(w, r)
		return
	}
	f.controlMux.ServeHTTP(w, r)
}

// guard keeps web pages from driving the control API: a page open in a
// browser on the developer's machine can send requests to localhost, but
// not with a JSON content type without the server's leave (a CORS
// preflight, which the fake never grants), and not without saying whose
// page it is (Origin, Sec-Fetch-Site). So a request that changes state
// must carry its body as application/json (an empty body may carry no
// type), and any request from another origin is refused. Programs (curl,
// test harnesses) send no Origin. It returns 0 when r may pass, else the
// status and message to refuse it with.
func guard(r *http.Request) (int, string) {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return http.StatusForbidden, fmt.Sprintf("Origin %q is not this server's: the control API answers programs and its own pages, not other web pages", o)
		}
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return http.StatusForbidden, fmt.Sprintf("Sec-Fetch-Site %q: the control API answers programs and its own pages, not other web pages", site)
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return 0, ""
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength == 0 {
		return 0, ""
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: send the body as application/json (curl: -H 'Content-Type: application/json')", ct)
	}
	return 0, ""
}

// noRoute answers 405 when the path has a route for another method, else
// 404. The path is escaped as the SDK escapes server text (it may hold
// any decoded byte).
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
		writeError(w, http.StatusMethodNotAllowed, "%s %s: allowed: %s", r.Method, zdm.Printable(r.URL.Path), strings.Join(allow, ", "))
		return
	}
	writeError(w, http.StatusNotFound, "no control route %s %s (GET /_fake/ lists them)", r.Method, zdm.Printable(r.URL.Path))
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

// readBody reads a control request's body, or answers 400 or 413.
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
// alone when optional (doc.data is then nil). It answers 400 itself and
// reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, optional bool) (document, bool) {
	b, ok := readBody(w, r)
	if !ok {
		return document{}, false
	}
	if len(bytes.TrimSpace(b)) == 0 {
		if optional {
			return document{name: "body"}, true
		}
		writeError(w, http.StatusBadRequest, "body: want a JSON document")
		return document{}, false
	}
	if err := decodeStrict("body", b, v); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return document{}, false
	}
	return document{name: "body", data: b}, true
}

// within maps the problems of a part of a scenario (under prefix, such as
// "jobs[0]") to the body that held the part alone.
func within(prefix string) func(string) string {
	return func(p string) string {
		if p == prefix {
			return ""
		}
		return strings.TrimPrefix(strings.TrimPrefix(p, prefix), ".")
	}
}

// handleIndex describes the server.
func (f *fake) handleIndex(w http.ResponseWriter, r *http.Request) {
	st := f.current()
	writeJSON(w, http.StatusOK, map[string]any{
		"dialect": f.opts.dialect.String(), "url": f.apiURL(), "prefix": f.opts.apiPrefix(),
		"control": f.host + controlRoot + "/", "token": st.token,
		"email": defaultEmail, "password": defaultPassword, "routes": routeList(),
	})
}

// handleHealth says the server serves.
func (f *fake) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "dialect": f.opts.dialect.String(), "url": f.apiURL()})
}

// handleReset goes back to the scenario, or to the one in the body.
func (f *fake) handleReset(w http.ResponseWriter, r *http.Request) {
	sc := &scenario{}
	doc, ok := decodeBody(w, r, sc, true)
	if !ok {
		return
	}
	if doc.data == nil {
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

// faultsView is the pending faults: the answers left in all, and each
// fault with its own.
func faultsView(st *state) map[string]any {
	faults := st.srv.Faults()
	if faults == nil {
		faults = []zdmtest.Injection{}
	}
	return map[string]any{"pending": st.srv.PendingFaults(), "faults": faults}
}

// handleFaults lists the pending faults.
func (f *fake) handleFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, faultsView(f.current()))
}

// handleInject injects one fault, or an array of them in order.
func (f *fake) handleInject(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	var faults []zdmtest.Injection
	var err error
	doc := document{name: "body", data: b, path: within("faults")}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		err = decodeStrict("body", b, &faults)
	} else {
		faults = make([]zdmtest.Injection, 1)
		err = decodeStrict("body", b, &faults[0])
		doc.path = within("faults[0]")
	}
	if err == nil {
		err = f.current().load(zdmtest.Scenario{Faults: faults}, doc)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	view := faultsView(f.current())
	view["injected"] = faults
	writeJSON(w, http.StatusCreated, view)
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
		Set     *time.Time `json:"set,omitempty"` // nil: not given (the zero time is a time, refused)
		Advance string     `json:"advance,omitempty"`
		Freeze  *bool      `json:"freeze,omitempty"`
	}
	doc, ok := decodeBody(w, r, &body, false)
	if !ok {
		return
	}
	d, err := time.ParseDuration(body.Advance)
	if body.Advance == "" {
		d, err = 0, nil
	}
	refuse := func(path, format string, args ...any) {
		writeError(w, http.StatusBadRequest, "%v", doc.errorf([]zdmtest.Problem{{Path: path, Message: fmt.Sprintf(format, args...)}}))
	}
	switch {
	case err != nil:
		refuse("advance", "%q is not a duration such as \"10m\" or \"-90s\"", body.Advance)
		return
	case body.Set != nil && !inClockRange(*body.Set):
		refuse("set", "%s is outside the clock's range: %s", body.Set.Format(time.RFC3339Nano), clockRange)
		return
	}
	var set time.Time
	if body.Set != nil {
		set = *body.Set
	}
	st := f.current()
	if to, ok := st.clock.change(set, d, body.Freeze); !ok {
		refuse("advance", "%s moved by %v is %s, outside the clock's range: %s",
			to.Add(-d).Format(time.RFC3339Nano), d, to.Format(time.RFC3339Nano), clockRange)
		return
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
	var u zdmtest.User
	doc, ok := decodeBody(w, r, &u, false)
	if !ok {
		return
	}
	doc.path = within("users[0]")
	if err := f.current().load(zdmtest.Scenario{Users: []zdmtest.User{u}}, doc); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"email": u.Email})
}
