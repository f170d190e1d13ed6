package zdm

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
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

// Token lifetimes: tokens live about an hour; a token is replaced a little
// before it expires, and one whose expiry is unknown (or already past by
// our clock, as a zone mix-up makes it) is kept until the server rejects it
// or defaultTokenLife passes.
const (
	defaultTokenLife  = 50 * time.Minute
	maxRefreshMargin  = time.Minute
	keptSecretsToScan = 4
)

// credentialAuth issues tokens from WithCredentials: on first use, again
// shortly before expiry, and once after a 401. Concurrent callers share one
// issue call.
type credentialAuth struct {
	c        *Client
	email    string
	password string
	route    atomic.Int32

	mu        sync.Mutex
	value     string    // Authorization value, "" when none is valid
	refreshAt time.Time // when to issue a new one
	flight    *issueFlight
	issued    []string // recent tokens, scrubbed from errors
}

// issueFlight is one issue call that concurrent callers wait on.
type issueFlight struct {
	done  chan struct{}
	value string
	err   error
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
	if a.value == failed {
		a.value = ""
	}
	a.mu.Unlock()
	return true
}

func (a *credentialAuth) secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string{a.password}, a.issued...)
}

func (a *credentialAuth) header(ctx context.Context) (string, error) {
	for {
		a.mu.Lock()
		if a.value != "" && time.Now().Before(a.refreshAt) {
			v := a.value
			a.mu.Unlock()
			return v, nil
		}
		if f := a.flight; f != nil {
			a.mu.Unlock()
			select {
			case <-f.done:
				if f.err == nil {
					return f.value, nil
				}
				if ctx.Err() == nil && isContextError(f.err) {
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
		a.mu.Lock()
		a.flight = nil
		if err == nil {
			f.value = a.c.authHeader(token)
			a.value = f.value
			a.refreshAt = refreshTime(time.Now(), expires)
			a.issued = append(a.issued, token)
			if len(a.issued) > keptSecretsToScan {
				a.issued = a.issued[len(a.issued)-keptSecretsToScan:]
			}
		}
		f.err = err
		a.mu.Unlock()
		close(f.done)
		return f.value, err
	}
}

// refreshTime is when a token that expires at expires (zero: unknown)
// should be replaced.
func refreshTime(now, expires time.Time) time.Time {
	life := expires.Sub(now)
	if expires.IsZero() || life <= 0 {
		return now.Add(defaultTokenLife)
	}
	margin := life / 5
	if margin > maxRefreshMargin {
		margin = maxRefreshMargin
	}
	return expires.Add(-margin)
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
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
	for i, route := range routes {
		var data issueData
		_, err := a.c.do(ctx, http.MethodPost, a.c.endpoint(issuePaths[route], nil), body, &data, false)
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			missingRoute := (apiErr.StatusCode == http.StatusNotFound || apiErr.StatusCode == http.StatusMethodNotAllowed) && !apiErr.envelope
			if missingRoute && i+1 < len(routes) {
				continue
			}
			if apiErr.StatusCode == http.StatusUnauthorized || (apiErr.StatusCode == http.StatusNotFound && apiErr.envelope) {
				apiErr.kind = ErrUnauthorized
				if apiErr.Message == "" {
					apiErr.Message = "credentials rejected"
				} else {
					apiErr.Message = "credentials rejected: " + apiErr.Message
				}
			}
		}
		if err != nil {
			return "", time.Time{}, err
		}
		if data.Token == "" {
			return "", time.Time{}, &APIError{
				StatusCode: http.StatusOK, Method: http.MethodPost, URL: a.c.redactURL(a.c.endpoint(issuePaths[route], nil)),
				Message: "token issue answered without data.token", kind: ErrUnexpectedResponse,
			}
		}
		a.route.Store(route)
		expires, _ := ParseTime(string(data.ExpiresAt), a.c.loc)
		if l := a.c.logger; l != nil && l.Enabled(ctx, slog.LevelDebug) {
			l.LogAttrs(ctx, slog.LevelDebug, "zdm: token issued",
				slog.String("route", issuePaths[route]), slog.Time("expiresAt", expires))
		}
		return string(data.Token), expires, nil
	}
	return "", time.Time{}, errors.New("zdm: no token issue route") // unreachable: routes is never empty
}
