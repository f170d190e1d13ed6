package zdm

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is the SDK's version, sent in the default User-Agent.
const Version = "0.1.0"

// Defaults for the client's options.
const (
	DefaultRetryMax         = 4
	DefaultRetryWaitMin     = 500 * time.Millisecond
	DefaultRetryWaitMax     = 30 * time.Second
	DefaultMaxResponseBytes = 32 << 20
)

// Client talks to one ZDM server. Build it with [NewClient]; it is
// immutable afterwards and safe for concurrent use by many goroutines.
type Client struct {
	// Recoveries holds the calls about recovery jobs: List, Get,
	// Create, Update, Start, Stop, Delete, Run, MonitorJob, Watch,
	// MonitorSystem and the histories.
	Recoveries *RecoveriesService
	// Backups holds the calls about backup jobs: List, Get, Create,
	// Update, Start, Stop, Delete, Run, MonitorJob, Watch, MonitorSystem,
	// the histories and the backup images.
	Backups *BackupsService
	// Servers holds the calls about the servers agents registered.
	Servers *ServersService
	// Centers holds the calls about the centers (the ZDM servers, /zdms).
	Centers *CentersService
	// Repositories holds the calls about the centers' backup
	// repositories (/zdms/repositories).
	Repositories *RepositoriesService
	// Schedules holds the calls about schedules.
	Schedules *SchedulesService
	// Licenses holds the calls about licences.
	Licenses *LicensesService

	base *url.URL // the base URL as given, normalized
	root *apiRoot // where calls go (discovered when base is the server root)

	userClient      *http.Client          // the caller's, or a default; never mutated
	retry           *retryablehttp.Client // the one retrying client every call goes through
	userAgentHeader []string

	auth     authenticator
	token    string // WithToken, held until NewClient builds auth
	scheme   string
	email    string // WithCredentials, held until NewClient builds auth
	password string

	retryMax         int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	userAgent        string
	logger           *slog.Logger
	loc              *time.Location // WithServerTimeZone; nil: learnt
	learnedZone      *atomic.Pointer[time.Location]
	maxResponseBytes int64
	pollInterval     time.Duration // WithPollInterval; 0 means the Watch defaults
	pollMax          time.Duration

	life  context.Context    // ends with Close: background work (a token issue) stops
	close context.CancelFunc // ends life

	fixedGeneration   Generation    // WithServerGeneration
	learnedGeneration *atomic.Int32 // a Generation, learnt from answers
}

// ClientOption configures a Client. Options check their input: a bad value
// makes NewClient return an error wrapping ErrInvalidArgument.
type ClientOption func(*Client) error

// NewClient returns a client for the ZDM server at baseURL, which is the
// server root or the API root; trailing slashes are ignored. It does no
// I/O.
//
// Given the server root ("https://zdm.example.com"), the client finds the
// API root itself on its first call: it tries "/api" (every released
// server) and, when the server has no such route (a 404 or 405 that is not
// a ZDM answer), "/api/v1" (the draft API), and remembers the one
// that answered. Any other path ("https://zdm.example.com/api",
// "https://gw.example.com/zdm/api") is used as given and never probed.
func NewClient(baseURL string, opts ...ClientOption) (*Client, error) {
	base, discover, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:              base,
		scheme:            "Bearer",
		retryMax:          DefaultRetryMax,
		retryWaitMin:      DefaultRetryWaitMin,
		retryWaitMax:      DefaultRetryWaitMax,
		userAgent:         "go-zdm/" + Version,
		maxResponseBytes:  DefaultMaxResponseBytes,
		learnedGeneration: new(atomic.Int32),
		root:              newAPIRoot(base, discover),
		learnedZone:       new(atomic.Pointer[time.Location]),
	}
	c.life, c.close = context.WithCancel(context.Background())
	for i, opt := range opts {
		if opt == nil {
			return nil, invalidArg("option %d is nil", i)
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	switch {
	case c.token != "" && c.email != "":
		return nil, invalidArg("WithToken and WithCredentials both given: use one")
	case c.token != "":
		c.auth = newStaticToken(c.authHeader(c.token), c.token)
	case c.email != "":
		c.auth = newCredentialAuth(c)
	}
	c.token = ""
	c.password = ""
	if c.userClient == nil {
		c.userClient = defaultHTTPClient()
	}
	c.retry = c.newRetryClient(c.userClient)
	c.userAgentHeader = []string{c.userAgent}
	c.Recoveries = &RecoveriesService{client: c}
	c.Backups = &BackupsService{client: c}
	c.Servers = &ServersService{client: c}
	c.Centers = &CentersService{client: c}
	c.Repositories = &RepositoriesService{client: c}
	c.Schedules = &SchedulesService{client: c}
	c.Licenses = &LicensesService{client: c}
	return c, nil
}

// DefaultMaxConnsPerHost is the connection pool of the client NewClient
// builds when WithHTTPClient is not given: at most this many connections to
// the server, all kept for reuse, however many goroutines share the client.
const DefaultMaxConnsPerHost = 32

// DefaultResponseHeaderTimeout bounds how long the default client waits
// for a response's headers on one attempt.
const DefaultResponseHeaderTimeout = 60 * time.Second

// DefaultIdleConnTimeout is how long the default client keeps an idle
// connection: under the keep-alive of the servers' frameworks (Node's
// default is 5 s), so that the client, not the server, closes an idle
// connection. A write sent on a connection the server is closing can be
// cut in a way no client can tell from a lost answer (ErrOutcomeUnknown);
// give your own *http.Client an IdleConnTimeout under your server's
// keep-alive too.
const DefaultIdleConnTimeout = 4 * time.Second

// defaultHTTPClient is a client with its own pool, sized so that many
// watches sharing one Client reuse connections instead of opening and
// closing them (http.DefaultTransport keeps only 2 idle per host), and
// closing idle ones before servers do (DefaultIdleConnTimeout). Its
// time limit is on the transport (dial, TLS handshake, response headers)
// rather than http.Client.Timeout, which makes net/http build a timer and
// a context per request; the caller's context bounds the rest.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxConnsPerHost = DefaultMaxConnsPerHost
	t.MaxIdleConnsPerHost = DefaultMaxConnsPerHost
	t.ResponseHeaderTimeout = DefaultResponseHeaderTimeout
	t.IdleConnTimeout = DefaultIdleConnTimeout
	return &http.Client{Transport: t}
}

// CloseIdleConnections closes the idle connections of the client's
// transport (the one given with WithHTTPClient, or the client's own).
// Requests may still be made afterwards.
func (c *Client) CloseIdleConnections() { c.userClient.CloseIdleConnections() }

// Close ends the client: it stops its background work (a token issue in
// flight for WithCredentials, which runs detached from the callers that
// wait for it) and closes its idle connections. Tests that check for
// leaked goroutines (go.uber.org/goleak) close their clients. Calls made
// after Close still run, but a token issue they need fails at once.
func (c *Client) Close() {
	c.close()
	c.CloseIdleConnections()
}

// parseBaseURL checks and normalizes the base URL (see NewClient), and
// reports whether it is the server root, under which the client discovers
// the API root.
func parseBaseURL(raw string) (*url.URL, bool, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, false, invalidArg("base URL is empty: expected an http or https URL such as https://zdm.example.com")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, false, invalidArg("base URL %q does not parse: %v", redactRawURL(raw), unwrapURLError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, false, invalidArg("base URL %q has scheme %q: expected http or https", u.Redacted(), u.Scheme)
	}
	if u.Host == "" {
		return nil, false, invalidArg("base URL %q has no host", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, false, invalidArg("base URL %q has a query or fragment: expected only scheme, host and path", u.Redacted())
	}
	path := strings.TrimRight(u.Path, "/")
	if u.RawPath != "" {
		u.RawPath = strings.TrimRight(u.RawPath, "/")
	}
	u.Path = path
	u.ForceQuery = false
	return u, path == "", nil
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL
// (credentials included).
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// redactRawURL hides the userinfo of a URL that does not parse.
func redactRawURL(raw string) string {
	if i := strings.Index(raw, "@"); i >= 0 {
		if j := strings.Index(raw, "://"); j >= 0 && j < i {
			return raw[:j+3] + "xxxxx@" + raw[i+1:]
		}
		return "xxxxx@" + raw[i+1:]
	}
	return raw
}

// BaseURL returns the API root the client sends requests under (while it
// is still discovering it, the first one it will try), with any password
// in it redacted.
func (c *Client) BaseURL() string {
	u, err := url.Parse(c.root.current())
	if err != nil {
		return c.base.Redacted()
	}
	return u.Redacted()
}

// String describes the client without its secrets. (The client keeps
// them behind pointers, so that printing a Client with any verb shows
// none either.)
func (c *Client) String() string {
	if c == nil {
		return "zdm.Client(nil)"
	}
	a := "none"
	if c.auth != nil {
		a = c.auth.String()
	}
	return fmt.Sprintf("zdm.Client{base: %s, auth: %s, retryMax: %d}", c.BaseURL(), a, c.retryMax)
}

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// authHeader is the Authorization value for a token.
func (c *Client) authHeader(token string) string {
	if c.scheme == "" {
		return token
	}
	return c.scheme + " " + token
}
