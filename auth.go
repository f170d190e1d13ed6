package zdm

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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
	// secrets are the strings to scrub from anything shown to the user.
	secrets() []string
	String() string
}

// authorization is the Authorization value for a call, "" without auth.
func (c *Client) authorization(ctx context.Context) (string, error) {
	if c.auth == nil {
		return "", nil
	}
	return c.auth.header(ctx)
}

// staticToken is WithToken's authenticator.
type staticToken struct {
	value string
	token string
}

func (s *staticToken) header(context.Context) (string, error) { return s.value, nil }
func (s *staticToken) cached() (string, bool)                 { return s.value, true }
func (s *staticToken) reissue(string) bool                    { return false }
func (s *staticToken) accepted(string)                        {}
func (s *staticToken) secrets() []string                      { return []string{s.token} }
func (s *staticToken) String() string                         { return "token [REDACTED]" }

// Issue routes: the seed-era documents name auth/issue, released servers
// serve token/issue. The client tries the one its server's generation
// (known or guessed, see Generation) serves first, then the other, and
// remembers the one that answered.
const (
	routeUnknown int32 = iota
	routeAuthIssue
	routeTokenIssue
)

var issuePaths = [...]string{routeAuthIssue: "auth/issue", routeTokenIssue: "token/issue"}

// Token lifetimes and how hard the issue route is used: tokens live about
// an hour; a token is replaced a little before it expires. One whose expiry
// is unknown or implausibly near (a zone mix-up makes a zone-less expiresAt
// read hours off) is kept until the server rejects it or defaultTokenLife
// passes. A rejected or rate-limited issue call is remembered, so that
// callers do not hammer a rate-limited route; meanwhile a token that
// has not expired yet is still used. (Rejected credentials are
// remembered for issueFailureMemory; a 429 for the Retry-After the server
// sent, capped by the client's longest retry wait, else for its shortest
// retry wait.) A token rejected soon after it was
// issued for a rejection is not replaced again before minReissueGap: an
// endpoint that rejects every token does not cost an issue per request.
const (
	defaultTokenLife   = 50 * time.Minute
	minTokenLife       = 2 * time.Minute
	maxRefreshMargin   = time.Minute
	issueFailureMemory = 10 * time.Second
	minReissueGap      = 10 * time.Second
	keptSecretsToScan  = 4
)

// credentialAuth issues tokens from WithCredentials: on first use, again
// shortly before expiry, and once after a 401. Concurrent callers share one
// issue call.
type credentialAuth struct {
	c        *Client
	email    string
	password string
	route    atomic.Int32

	mu         sync.Mutex
	value      string    // Authorization value, "" when none
	issuedAt   time.Time // when value was issued
	refreshAt  time.Time // when to issue a new one
	expiresAt  time.Time // until when value may still be used
	afterWreck bool      // value was issued because the one before got 401
	flight     *issueFlight
	failErr    error     // the last issue call's failure...
	failUntil  time.Time // ...remembered until then
	issued     []string  // recent tokens, scrubbed from errors
}

// issueFlight is one issue call that concurrent callers wait on.
type issueFlight struct {
	done  chan struct{}
	value string
	err   error
	// issuerGone says the call failed because its caller's context ended:
	// the waiters, whose contexts live, try again.
	issuerGone bool
}

func newCredentialAuth(c *Client) *credentialAuth {
	return &credentialAuth{c: c, email: c.email, password: c.password}
}

func (a *credentialAuth) String() string {
	return "credentials for " + a.email + " (password [REDACTED])"
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

func (a *credentialAuth) accepted(value string) {
	a.mu.Lock()
	if a.value == value {
		a.afterWreck = false
	}
	a.mu.Unlock()
}

func (a *credentialAuth) secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string{a.password}, a.issued...)
}

func (a *credentialAuth) header(ctx context.Context) (string, error) {
	for {
		a.mu.Lock()
		now := time.Now()
		if a.value != "" && now.Before(a.refreshAt) {
			v := a.value
			a.mu.Unlock()
			return v, nil
		}
		if a.failErr != nil && now.Before(a.failUntil) {
			v, err := a.value, a.failErr
			a.mu.Unlock()
			if v != "" && now.Before(a.expiresAt) {
				return v, nil // renewal failed lately; the old token still works
			}
			return "", err
		}
		if f := a.flight; f != nil {
			a.mu.Unlock()
			select {
			case <-f.done:
				if f.err == nil {
					return f.value, nil
				}
				if f.issuerGone && ctx.Err() == nil {
					continue // the issuer's context ended, not ours: issue again
				}
				return "", f.err
			case <-ctx.Done():
				return "", &transportError{method: http.MethodPost, url: "token issue", err: ctx.Err()}
			}
		}
		f := &issueFlight{done: make(chan struct{})}
		a.flight = f
		a.mu.Unlock()

		token, expires, err := a.issue(ctx)
		a.land(f, token, expires, err, ctx.Err() != nil)
		close(f.done)
		return f.value, f.err
	}
}

// land records the outcome of an issue call on the auth and its flight.
func (a *credentialAuth) land(f *issueFlight, token string, expires time.Time, err error, issuerGone bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.flight = nil
	now := time.Now()
	if err == nil {
		a.value = a.c.authHeader(token)
		a.issuedAt = now
		a.refreshAt, a.expiresAt = tokenTimes(now, expires)
		a.failErr = nil
		a.issued = append(a.issued, token)
		if len(a.issued) > keptSecretsToScan {
			a.issued = a.issued[len(a.issued)-keptSecretsToScan:]
		}
		f.value = a.value
		return
	}
	f.issuerGone = issuerGone
	var apiErr *APIError
	if errors.As(err, &apiErr) && (errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrRateLimited)) {
		// Asking again at once would get the same answer, and count
		// against the route's rate limit.
		a.failErr, a.failUntil = err, now.Add(a.failureMemory(apiErr))
	}
	if a.value != "" && now.Before(a.expiresAt) && !issuerGone {
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

// issue asks the server for a token, trying auth/issue then token/issue
// until one answers, and remembers which did.
func (a *credentialAuth) issue(ctx context.Context) (string, time.Time, error) {
	body, err := json.Marshal(issueBody{Email: a.email, Password: a.password})
	if err != nil {
		return "", time.Time{}, err
	}
	// The seed-era route first for seed-era servers, the released one
	// first for the others (as far as the client knows or guesses).
	routes := []int32{routeTokenIssue, routeAuthIssue}
	if a.c.queryGeneration() == GenerationSeed {
		routes = []int32{routeAuthIssue, routeTokenIssue}
	}
	if r := a.route.Load(); r != routeUnknown {
		routes = []int32{r}
	}
	route := routes[0]
	data, err := a.issueAt(ctx, route, body)
	var apiErr *APIError
	if len(routes) > 1 && errors.As(err, &apiErr) && !apiErr.envelope &&
		(apiErr.StatusCode == http.StatusNotFound || apiErr.StatusCode == http.StatusMethodNotAllowed) {
		// Not a ZDM answer: the route does not exist here. Try the other.
		route = routes[1]
		data, err = a.issueAt(ctx, route, body)
	}
	if errors.As(err, &apiErr) &&
		(apiErr.StatusCode == http.StatusUnauthorized || (apiErr.StatusCode == http.StatusNotFound && apiErr.envelope)) {
		apiErr.kind = ErrUnauthorized
		apiErr.Message = strings.TrimSuffix("credentials rejected: "+apiErr.Message, ": ")
	}
	if err != nil {
		return "", time.Time{}, err
	}
	a.route.Store(route)
	expires, _ := ParseTime(string(data.ExpiresAt), a.c.loc)
	if l := a.c.logger; l != nil && l.Enabled(ctx, slog.LevelDebug) {
		l.LogAttrs(ctx, slog.LevelDebug, "zdm: token issued",
			slog.String("route", issuePaths[route]), slog.Time("expiresAt", expires))
	}
	return string(data.Token), expires, nil
}

// issueAt makes one issue call at route.
func (a *credentialAuth) issueAt(ctx context.Context, route int32, body []byte) (issueData, error) {
	var data issueData
	u := a.c.endpoint(issuePaths[route], nil)
	_, err := a.c.do(ctx, http.MethodPost, u, body, &data, false)
	if err == nil && data.Token == "" {
		err = &APIError{
			StatusCode: http.StatusOK, Method: http.MethodPost, URL: a.c.redactURL(u),
			Message: "token issue answered without data.token", kind: ErrUnexpectedResponse,
		}
	}
	return data, err
}
