package zdm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// authenticator supplies the Authorization header of a client's requests.
type authenticator interface {
	// header returns the Authorization value, issuing a token if needed.
	header(ctx context.Context) (string, error)
	// cached returns the current value without issuing.
	cached() (string, bool)
	// reissue drops the value a request got 401 with and reports whether
	// replaying the request with a new one may help.
	reissue(failed string) bool
	// accepted says a request with value was not rejected.
	accepted(value string)
	// heldUntil is when a new token will be issued again after the last
	// fresh one was rejected too; zero when not held back.
	heldUntil() time.Time
	// redactor scrubs the secrets from anything shown to the user.
	redactor() redactor
	String() string
}

// staticToken is WithToken's authenticator.
type staticToken struct {
	value string
	red   redactor
}

func newStaticToken(value, token string) *staticToken {
	return &staticToken{value: value, red: newRedactor(token)}
}

func (s *staticToken) header(context.Context) (string, error) { return s.value, nil }
func (s *staticToken) cached() (string, bool)                 { return s.value, true }
func (s *staticToken) reissue(string) bool                    { return false }
func (s *staticToken) accepted(string)                        {}
func (s *staticToken) heldUntil() time.Time                   { return time.Time{} }
func (s *staticToken) redactor() redactor                     { return s.red }
func (s *staticToken) String() string                         { return "token [REDACTED]" }

// Issue routes: the draft API (/api/v1) names auth/issue, released servers
// serve token/issue. The client tries the one its server's generation
// (known or guessed) serves first, then the other, and remembers the one
// that answered.
const (
	routeAuthIssue  = "auth/issue"
	routeTokenIssue = "token/issue"
)

// Token lifetimes and how hard the issue route is used: tokens live about
// an hour; a token is replaced a little before it expires. One whose expiry
// is unknown or implausibly near (a zone mix-up makes a zone-less expiresAt
// read hours off) is kept until the server rejects it or defaultTokenLife
// passes. A rejected or rate-limited issue call is remembered, so that
// callers do not hammer a rate-limited route; meanwhile a token that has
// not expired yet is still used. (Rejected credentials are remembered for
// issueFailureMemory; a 429 for the Retry-After the server sent, capped by
// the client's longest retry wait, else for its shortest retry wait.) A
// token rejected soon after it was issued to replace a rejected one is not
// replaced again before minReissueGap: an endpoint that rejects every
// token does not cost an issue per request. The issue call runs detached
// from its callers' contexts, bounded by issueTimeout.
const (
	defaultTokenLife   = 50 * time.Minute
	minTokenLife       = 2 * time.Minute
	maxRefreshMargin   = time.Minute
	issueFailureMemory = 10 * time.Second
	minReissueGap      = 10 * time.Second
	issueTimeout       = 30 * time.Second
	keptSecretsToScan  = 4
	maxTokenLen        = 8 << 10
)

// tokenState is where a credentialAuth stands; [credentialAuth.state]
// tells it, and each state decides what header does.
type tokenState int

const (
	// tokenNone: no token; the next call issues one.
	tokenNone tokenState = iota
	// tokenValid: a token in use, before its refresh time.
	tokenValid
	// tokenStale: past its refresh time; the next call renews it (the
	// old one may still be used until it expires, should renewal fail).
	tokenStale
	// tokenIssuing: an issue call is in flight; callers wait for it.
	tokenIssuing
	// tokenFailing: the last issue call was rejected or rate limited;
	// callers get its error (or the old token, while it lasts) until the
	// failure's memory ends.
	tokenFailing
)

var tokenStateNames = [...]string{"none", "valid", "stale", "issuing", "failing"}

func (s tokenState) String() string { return tokenStateNames[s] }

// credentialAuth issues tokens from WithCredentials: on first use, again
// shortly before expiry, and once after a 401. Concurrent callers share one
// issue call.
type credentialAuth struct {
	c        *Client
	email    string
	password string

	mu         sync.Mutex
	route      string    // the issue route that answered, "" until one did
	value      string    // Authorization value, "" when none
	issuedAt   time.Time // when value was issued
	refreshAt  time.Time // when to issue a new one
	expiresAt  time.Time // until when value may still be used
	afterWreck bool      // value was issued because the one before got 401
	flight     *issueFlight
	failErr    error     // the last issue call's failure...
	failUntil  time.Time // ...remembered until then
	issued     []string  // recent tokens, scrubbed from errors
	red        redactor  // scrubs the password and issued
}

// issueFlight is one issue call that concurrent callers wait on.
type issueFlight struct {
	done  chan struct{}
	value string
	err   error
	// panicked is what the issue call panicked with; the caller that
	// started it panics with it again, the others get an error.
	panicked any
}

func newCredentialAuth(c *Client) *credentialAuth {
	return &credentialAuth{c: c, email: c.email, password: c.password, red: newRedactor(c.password)}
}

func (a *credentialAuth) String() string {
	return "credentials for " + a.email + " (password [REDACTED])"
}

// state is where the auth stands at now; a.mu is held.
func (a *credentialAuth) state(now time.Time) tokenState {
	switch {
	case a.flight != nil:
		return tokenIssuing
	case a.failErr != nil && now.Before(a.failUntil):
		return tokenFailing
	case a.value == "":
		return tokenNone
	case now.Before(a.refreshAt):
		return tokenValid
	}
	return tokenStale
}

func (a *credentialAuth) cached() (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.value, a.value != ""
}

func (a *credentialAuth) reissue(failed string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.value != failed {
		return true // replaced meanwhile: replay with the new one
	}
	if a.afterWreck && time.Since(a.issuedAt) < minReissueGap {
		return false // a fresh replacement was rejected too: another will be
	}
	a.value = ""
	a.afterWreck = true
	return true
}

func (a *credentialAuth) heldUntil() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.afterWreck && a.value != "" {
		if until := a.issuedAt.Add(minReissueGap); time.Now().Before(until) {
			return until
		}
	}
	return time.Time{}
}

func (a *credentialAuth) accepted(value string) {
	a.mu.Lock()
	if a.value == value {
		a.afterWreck = false
	}
	a.mu.Unlock()
}

func (a *credentialAuth) redactor() redactor {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.red
}

func (a *credentialAuth) header(ctx context.Context) (string, error) {
	for {
		a.mu.Lock()
		now := time.Now()
		var f *issueFlight
		switch a.state(now) {
		case tokenValid:
			v := a.value
			a.mu.Unlock()
			return v, nil
		case tokenFailing:
			v, err, until := a.value, a.failErr, a.expiresAt
			a.mu.Unlock()
			if v != "" && now.Before(until) {
				return v, nil // renewal failed lately; the old token still works
			}
			return "", ownCopy(err)
		case tokenIssuing:
			f = a.flight
			a.mu.Unlock()
		case tokenNone, tokenStale:
			f = &issueFlight{done: make(chan struct{})}
			a.flight = f
			a.mu.Unlock()
			// Detached from this caller: a caller that gives up does not
			// waste the rate-limited route for the others.
			go a.run(context.WithoutCancel(ctx), f)
			select {
			case <-f.done:
				if f.panicked != nil {
					panic(f.panicked)
				}
				return f.value, ownCopy(f.err)
			case <-ctx.Done():
				return "", &transportError{method: http.MethodPost, url: "token issue", err: ctx.Err()}
			}
		}
		select {
		case <-f.done:
			if f.panicked != nil {
				return "", fmt.Errorf("zdm: token issue failed: it panicked: %v", f.panicked)
			}
			return f.value, ownCopy(f.err)
		case <-ctx.Done():
			return "", &transportError{method: http.MethodPost, url: "token issue", err: ctx.Err()}
		}
	}
}

// run makes the issue call of flight f, bounded by issueTimeout, and lands
// its outcome whatever happens, a panic included.
func (a *credentialAuth) run(ctx context.Context, f *issueFlight) {
	var token string
	var expires time.Time
	err := errors.New("zdm: token issue did not finish")
	defer func() {
		if r := recover(); r != nil {
			f.panicked = r
		}
		a.land(f, token, expires, err)
		close(f.done)
	}()
	ctx, cancel := context.WithTimeout(ctx, issueTimeout)
	defer cancel()
	stop := context.AfterFunc(a.c.life, cancel) // Client.Close
	defer stop()
	token, expires, err = a.issue(ctx)
}

// land records the outcome of an issue call on the auth and its flight.
func (a *credentialAuth) land(f *issueFlight, token string, expires time.Time, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.flight = nil
	now := time.Now()
	if f.panicked == nil && err == nil {
		a.value = a.c.authHeader(token)
		a.issuedAt = now
		a.refreshAt, a.expiresAt = tokenTimes(now, expires)
		a.failErr = nil
		a.issued = append(a.issued, token)
		if len(a.issued) > keptSecretsToScan {
			a.issued = a.issued[len(a.issued)-keptSecretsToScan:]
		}
		a.red = newRedactor(append([]string{a.password}, a.issued...)...)
		f.value = a.value
		return
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && (errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrRateLimited)) {
		// Asking again at once would get the same answer, and count
		// against the route's rate limit.
		a.failErr, a.failUntil = err, now.Add(a.failureMemory(apiErr))
	}
	if a.value != "" && now.Before(a.expiresAt) {
		f.value = a.value // renewal failed; the old token still works
		return
	}
	f.err = err
}

// failureMemory is how long a rejected or rate-limited issue call's
// answer stands.
func (a *credentialAuth) failureMemory(e *APIError) time.Duration {
	switch {
	case errors.Is(e, ErrUnauthorized):
		return issueFailureMemory
	case e.retryAfter > 0:
		return min(e.retryAfter, a.c.retryWaitMax)
	}
	return a.c.retryWaitMin
}

// tokenTimes are when a token issued at now that expires at expires (zero:
// unknown) should be replaced, and until when it may be used.
func tokenTimes(now, expires time.Time) (refresh, until time.Time) {
	life := expires.Sub(now)
	if expires.IsZero() || life < minTokenLife {
		return now.Add(defaultTokenLife), now.Add(defaultTokenLife)
	}
	return expires.Add(-min(life/5, maxRefreshMargin)), expires
}

// issueBody and issueData are the issue call's request and reply.
type issueBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type issueData struct {
	Token     text `json:"token"`
	ExpiresAt text `json:"expiresAt"`
}

// issue asks the server for a token, trying the route its generation
// serves first, then the other, and remembers which answered. When no
// route exists, the error names every URL tried.
func (a *credentialAuth) issue(ctx context.Context) (string, time.Time, error) {
	a.mu.Lock()
	known := a.route
	a.mu.Unlock()
	routes := []string{routeTokenIssue, routeAuthIssue}
	switch {
	case known != "":
		routes = []string{known}
	case a.c.guessGeneration() == GenerationDraft:
		routes = []string{routeAuthIssue, routeTokenIssue}
	}
	var (
		data     issueData
		resp     *Response
		err      error
		route    string
		allTried []string
	)
	for _, route = range routes {
		var tried []string
		data, resp, tried, err = a.issueAt(ctx, route)
		allTried = append(allTried, tried...)
		if tried == nil {
			break
		}
	}
	if allTried != nil && routeMissing(err) {
		a.c.explainMissingRoute(err, allTried)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.envelope &&
		(apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusNotFound) {
		apiErr.kind = ErrUnauthorized
		apiErr.Message = strings.TrimSuffix("credentials rejected: "+apiErr.Message, ": ")
	} else if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized {
		apiErr.kind = ErrUnauthorized
		apiErr.Message = "credentials rejected: " + apiErr.Message
	}
	if err != nil {
		return "", time.Time{}, err
	}
	a.mu.Lock()
	a.route = route
	a.mu.Unlock()
	expires, _ := time.Parse(time.RFC3339, resp.zone.fix(data.ExpiresAt))
	if l := a.c.logger; l != nil && l.Enabled(ctx, slog.LevelDebug) {
		l.LogAttrs(ctx, slog.LevelDebug, "zdm: token issued",
			slog.String("route", route), slog.Time("expiresAt", expires))
	}
	return string(data.Token), expires, nil
}

// issueAt makes one issue call at route, through the path every call
// takes (under the API root, discovered like any call's), as a call of
// its own kind: retried like a GET (issuing has no side effect), its
// answers never quoted. tried lists the URLs that had no such route, when
// none had it.
func (a *credentialAuth) issueAt(ctx context.Context, route string) (issueData, *Response, []string, error) {
	var data issueData
	body, err := jsonBody(issueBody{Email: a.email, Password: a.password})
	if err != nil {
		return data, nil, nil, err
	}
	cl := &call{method: http.MethodPost, rel: route, body: body, kind: issueCall}
	resp, tried, err := a.c.sendUnderRoots(ctx, cl, &data)
	if err == nil {
		if problem := badToken(string(data.Token)); problem != "" {
			err = &APIError{
				StatusCode: resp.StatusCode, Method: http.MethodPost, URL: a.c.redactURL(resp.Request.URL.String()),
				RequestID: resp.RequestID, Message: "token issue answered " + problem, kind: ErrUnexpectedResponse,
			}
		}
	}
	return data, resp, tried, err
}

// badToken says what is wrong with an issued token, "" when nothing: it
// goes into a header on every request, so it must be a valid header value
// (no control characters, no spaces) of a sane length.
func badToken(t string) string {
	switch {
	case t == "":
		return "without data.token"
	case len(t) > maxTokenLen:
		return fmt.Sprintf("a token of %d bytes (more than %d)", len(t), maxTokenLen)
	case !headerSafe(t) || strings.ContainsAny(t, " \t"):
		return "a token that is not a valid header value (it holds spaces or control characters)"
	}
	return ""
}

// ownCopy is err for one of the callers sharing an issue call's outcome:
// an *APIError is copied, so that what one caller does with it (adding
// to its message) is not seen by the others.
func ownCopy(err error) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr != err {
		return err
	}
	cp := *apiErr
	return &cp
}
