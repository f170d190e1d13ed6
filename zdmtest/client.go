package zdmtest

import (
	"net/http"
	"time"

	"github.com/zdmkit/go-zdm"
)

// Retry waits of the clients the server builds: short, so that tests of
// retries take milliseconds.
const (
	clientRetryWaitMin = time.Millisecond
	clientRetryWaitMax = 10 * time.Millisecond
)

// Poll gaps of the clients the server builds: Watch and Run with nil
// options poll every few milliseconds, so that code under test that waits
// for a job runs fast.
const (
	ClientPollInterval    = 5 * time.Millisecond
	ClientMaxPollInterval = 20 * time.Millisecond
)

// HTTPClient returns an *http.Client that reaches the server over its
// socket (or, for a [WithInProcess] server, through [Server.Transport]).
// It is closed with the server.
func (s *Server) HTTPClient() *http.Client {
	if s.ts == nil {
		return &http.Client{Transport: s.Transport()}
	}
	return s.ts.Client()
}

// ClientOptions are the options [Server.Client] starts from, with no
// authentication: zdm.WithHTTPClient(s.HTTPClient()),
// zdm.WithServerTimeZone(s.Location()),
// zdm.WithServerGeneration(s.Dialect().Generation()) (so that the client
// shapes its queries for the dialect from the first request, whatever the
// prefix), zdm.WithRetryWait(1ms, 10ms) (so that retries do not slow
// tests down) and zdm.WithPollInterval(ClientPollInterval,
// ClientMaxPollInterval) (so that Watch with nil options polls fast).
// Build clients with [Server.Client]; these are for a client of another
// URL than s.URL (a proxy in front of the server, a URL with a user in
// it): zdm.NewClient(otherURL, append(srv.ClientOptions(), ...)...).
func (s *Server) ClientOptions() []zdm.ClientOption {
	return []zdm.ClientOption{
		zdm.WithHTTPClient(s.HTTPClient()),
		zdm.WithServerTimeZone(s.cfg.loc),
		zdm.WithServerGeneration(s.cfg.dialect.Generation()),
		zdm.WithRetryWait(clientRetryWaitMin, clientRetryWaitMax),
		zdm.WithPollInterval(ClientPollInterval, ClientMaxPollInterval),
	}
}

// Client returns a client of the server, built from [Server.ClientOptions]
// and then opts, which may override them (a slower zdm.WithRetryWait,
// zdm.WithRetryMax(0), zdm.WithHTTPClient over httpmock, ...). It is
// authenticated with a fresh token of the default user, unless opts
// authenticate it their own way: zdm.WithToken(t) sends t instead, and
// zdm.WithCredentials(email, password) makes a client that issues its own
// tokens ([DefaultEmail] and [DefaultPassword] for the default user):
//
//	c := srv.Client()                      // a ready token
//	c := srv.Client(zdm.WithRetryMax(0))   // no retries
//	c := srv.Client(zdm.WithAuthScheme("")) // the bare token the draft API takes
//	c := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword))
//
// Options the SDK refuses are reported as misuse, and the client is built
// without them.
func (s *Server) Client(opts ...zdm.ClientOption) *zdm.Client {
	base := s.ClientOptions()
	// The SDK refuses a token together with credentials: options that
	// fail only once a token is added bring credentials of their own.
	if _, err := zdm.NewClient(s.URL, append(append(base, zdm.WithToken("probe")), opts...)...); err != nil {
		if c, err2 := zdm.NewClient(s.URL, append(base, opts...)...); err2 == nil {
			return c
		}
		s.misuse("Client: %v", err)
		opts = nil
	}
	base = append(base, zdm.WithToken(s.Token()))
	c, err := zdm.NewClient(s.URL, append(base, opts...)...)
	if err != nil {
		s.misuse("Client: %v", err)
		c, _ = zdm.NewClient(s.URL, base...) // no option of its can fail
	}
	return c
}
