package zdm

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// WithToken authenticates every request with a token issued beforehand:
// "Authorization: Bearer <token>" (see WithAuthScheme for other forms).
// It cannot be combined with WithCredentials.
func WithToken(token string) ClientOption {
	return func(c *Client) error {
		if strings.TrimSpace(token) == "" {
			return invalidArg("WithToken: token is empty")
		}
		if !headerSafe(token) || strings.ContainsAny(token, " \t") {
			return invalidArg("WithToken: token holds spaces or control characters: expected the token text alone")
		}
		c.token = token
		return nil
	}
}

// WithAuthScheme sets the word sent before the token in the Authorization
// header (default "Bearer"). An empty scheme sends the bare token, as the
// old prototype server expects.
func WithAuthScheme(scheme string) ClientOption {
	return func(c *Client) error {
		if strings.ContainsAny(scheme, " \t") || !headerSafe(scheme) {
			return invalidArg("WithAuthScheme: %q is not a single word: expected e.g. \"Bearer\" or \"\"", scheme)
		}
		c.scheme = scheme
		return nil
	}
}

// WithCredentials makes the client issue its own tokens with the user's
// e-mail and password (POST {api}/token/issue on released servers,
// {api}/auth/issue in the draft API (/api/v1); the client finds out which
// and remembers). A token is issued on first use, shared by concurrent
// callers, reused until shortly before it expires, and issued again once
// when a request gets 401 (the request is then replayed once).
//
// The issue route is rate limited (20 per 15 minutes on released
// servers), so the client guards it: the issue call runs detached from
// any one caller's context (with its own 30 s limit), so callers that give
// up do not waste it; a transient failure (5xx, network) is retried like
// a GET's, since issuing has no side effect; rejected credentials are
// remembered for 10 s and a 429 for its Retry-After; and when a token issued to replace a rejected
// one is rejected too, no new one is issued for 10 s (the 401's error
// says until when). The issue call never follows a redirect to another
// origin, and a token that is not a valid header value is refused as
// ErrUnexpectedResponse; Client.Close ends an issue call in flight. The
// password is never logged or shown. It cannot be combined with WithToken.
func WithCredentials(email, password string) ClientOption {
	return func(c *Client) error {
		if strings.TrimSpace(email) == "" {
			return invalidArg("WithCredentials: email is empty")
		}
		if password == "" {
			return invalidArg("WithCredentials: password is empty")
		}
		c.email = email
		c.password = password
		return nil
	}
}

// WithHTTPClient sets the *http.Client (transport, TLS, proxy, timeout)
// that requests go through under the retrying layer. The client is used as
// given and never modified. The default is an http.Client over a clone of
// http.DefaultTransport with a pool of DefaultMaxConnsPerHost connections,
// a DefaultResponseHeaderTimeout per attempt and idle connections kept
// DefaultIdleConnTimeout (give yours an IdleConnTimeout under your
// server's keep-alive too). Whatever the client, a write is sent once per
// attempt (see ErrOutcomeUnknown), and redirects are followed only on the
// client's own origin, never turning a write into a GET.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *Client) error {
		if hc == nil {
			return invalidArg("WithHTTPClient: client is nil")
		}
		c.userClient = hc
		return nil
	}
}

// WithRetryMax sets how many times a failed request is retried after the
// first attempt (default 4; 0 disables retries).
func WithRetryMax(n int) ClientOption {
	return func(c *Client) error {
		if n < 0 {
			return invalidArg("WithRetryMax: %d is negative: expected 0 (no retries) or more", n)
		}
		c.retryMax = n
		return nil
	}
}

// WithRetryWait sets the bounds of the backoff between retries (defaults
// 500ms and 30s). The wait grows exponentially from min, with jitter, up
// to max; a Retry-After the server sends is honoured up to max. A min of 0
// retries at once (a Retry-After is still honoured).
func WithRetryWait(min, max time.Duration) ClientOption {
	return func(c *Client) error {
		if min < 0 || max < 0 {
			return invalidArg("WithRetryWait: negative wait (min %v, max %v)", min, max)
		}
		if max < min {
			return invalidArg("WithRetryWait: max %v is below min %v", max, min)
		}
		c.retryWaitMin, c.retryWaitMax = min, max
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default "go-zdm/<version>").
func WithUserAgent(ua string) ClientOption {
	return func(c *Client) error {
		if strings.TrimSpace(ua) == "" || !headerSafe(ua) {
			return invalidArg("WithUserAgent: %q is empty or holds control characters", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger logs each request, retry and token issue at Debug level.
// Tokens, passwords and Authorization headers are never logged. A nil
// logger turns logging off (the default).
func WithLogger(l *slog.Logger) ClientOption {
	return func(c *Client) error {
		c.logger = l
		return nil
	}
}

// WithServerTimeZone sets the zone of the zone-less timestamps
// ("2006-01-02 15:04:05") that 1.x and 2.x servers (and 3.0.0's data)
// send, the token's expiresAt included. Without it the client learns the
// server's UTC offset from its answers (an offset in the envelope's
// timestamp, or a zone-less envelope timestamp against the HTTP Date
// header) and reads times in UTC until it knows. Either way the decoded
// values carry the offset in their text: a zone-less time is stored as RFC
// 3339 ("2025-01-15T10:00:00+09:00"), so a value saved as JSON and read
// back reads the same instant.
func WithServerTimeZone(loc *time.Location) ClientOption {
	return func(c *Client) error {
		if loc == nil {
			return invalidArg("WithServerTimeZone: location is nil: expected e.g. time.UTC or time.LoadLocation(\"Asia/Seoul\")")
		}
		c.loc = loc
		return nil
	}
}

// WithMaxResponseBytes bounds how much of a response body the client reads
// (default 32 MiB). A longer body is an error, so that a broken or hostile
// server cannot exhaust memory.
func WithMaxResponseBytes(n int64) ClientOption {
	return func(c *Client) error {
		if n < 1 {
			return invalidArg("WithMaxResponseBytes: %d is not positive", n)
		}
		c.maxResponseBytes = n
		return nil
	}
}

// headerSafe reports whether s can go into a header value as it is.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// WithPollInterval sets this client's defaults for WatchOptions.Interval
// and MaxInterval (5s and 30s otherwise), used by Watch, Updates and Run
// wherever the options leave them zero. Tests against a fake server use
// short ones, so that code calling Watch with nil options runs in
// milliseconds. max may be 0 (then it is max(interval, 30s)).
func WithPollInterval(interval, max time.Duration) ClientOption {
	return func(c *Client) error {
		if interval <= 0 {
			return invalidArg("WithPollInterval: interval %v is not positive", interval)
		}
		if max < 0 || (max > 0 && max < interval) {
			return invalidArg("WithPollInterval: max %v is negative or below interval %v", max, interval)
		}
		c.pollInterval, c.pollMax = interval, max
		return nil
	}
}
