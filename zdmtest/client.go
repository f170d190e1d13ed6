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
// ClientMaxPollInterval) (so that Watch with nil options polls fast). Append your own, then call zdm.NewClient(s.URL, opts...):
//
//	c, err := zdm.NewClient(srv.URL, append(srv.ClientOptions(), zdm.WithAuthScheme(""), zdm.WithToken(srv.Token()))...)
func (s *Server) ClientOptions() []zdm.ClientOption {
	return []zdm.ClientOption{
		zdm.WithHTTPClient(s.HTTPClient()),
		zdm.WithServerTimeZone(s.cfg.loc),
		zdm.WithServerGeneration(s.cfg.dialect.Generation()),
		zdm.WithRetryWait(clientRetryWaitMin, clientRetryWaitMax),
		zdm.WithPollInterval(ClientPollInterval, ClientMaxPollInterval),
	}
}

// Client returns a client of the server authenticated with a fresh token
// of the default user (zdm.WithToken(s.Token())), built from
// [Server.ClientOptions] and then opts, which may override them (a slower
// zdm.WithRetryWait, zdm.WithRetryMax(0), ...). Since the SDK refuses
// WithToken together with WithCredentials, use
// [Server.ClientWithCredentials] for a client that issues its own tokens.
// Options the SDK refuses are reported as misuse, and the client is built
// without them.
func (s *Server) Client(opts ...zdm.ClientOption) *zdm.Client {
	return s.newClient("Client", append(s.ClientOptions(), zdm.WithToken(s.Token())), opts)
}

// ClientWithCredentials returns a client of the server that issues its own
// tokens with zdm.WithCredentials(email, password) (DefaultEmail and
// DefaultPassword for the default user), built like [Server.Client].
func (s *Server) ClientWithCredentials(email, password string, opts ...zdm.ClientOption) *zdm.Client {
	return s.newClient("ClientWithCredentials", append(s.ClientOptions(), zdm.WithCredentials(email, password)), opts)
}

func (s *Server) newClient(method string, base, opts []zdm.ClientOption) *zdm.Client {
	c, err := zdm.NewClient(s.URL, append(base, opts...)...)
	if err == nil {
		return c
	}
	s.misuse("%s: %v", method, err)
	if c, err = zdm.NewClient(s.URL, base...); err == nil {
		return c
	}
	s.misuse("%s: %v", method, err)
	c, _ = zdm.NewClient(s.URL, s.ClientOptions()...) // no option of its can fail
	return c
}
