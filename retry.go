package zdm

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retrying builds the go-retryablehttp client for idempotent (GET) or
// other (POST) requests. Its defaults are replaced deliberately: it would
// retry POST, honour Retry-After without a cap, log to stderr and drop the
// last response when retries run out.
func (c *Client) retrying(idempotent bool) *retryablehttp.Client {
	hc := *c.httpClient // a copy: the caller's client is never modified
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	// retryablehttp closes the idle connections of its client whenever a
	// request fails; with many watches sharing one pool that would make
	// every failure cost everyone a reconnect.
	hc.Transport = keepIdle{rt}
	hc.CheckRedirect = dropAuthOffOrigin(hc.CheckRedirect)

	check := checkRetryPOST
	if idempotent {
		check = checkRetryGET
	}
	check = timingWaits(check)
	return &retryablehttp.Client{
		HTTPClient:      &hc,
		Logger:          nil, // logging goes through the hooks below, to slog
		RetryWaitMin:    c.retryWaitMin,
		RetryWaitMax:    c.retryWaitMax,
		RetryMax:        c.retryMax,
		CheckRetry:      check,
		Backoff:         c.backoff,
		ErrorHandler:    keepLastResponse,
		RequestLogHook:  c.logAttempt,
		ResponseLogHook: c.logResponse,
		PrepareRetry:    c.prepareRetry,
	}
}

// maxRedirects is net/http's default limit, kept with its error text.
const maxRedirects = 10

// dropAuthOffOrigin wraps a redirect policy (nil: net/http's default) so
// that Authorization does not follow a redirect to another origin: net/http
// drops it for another host name but keeps it for another port or scheme.
func dropAuthOffOrigin(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if next != nil {
			if err := next(req, via); err != nil {
				return err
			}
		} else if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
			req.Header.Del("Authorization")
		}
		return nil
	}
}

// keepIdle hides the transport's CloseIdleConnections from retryablehttp.
type keepIdle struct{ rt http.RoundTripper }

func (k keepIdle) RoundTrip(r *http.Request) (*http.Response, error) { return k.rt.RoundTrip(r) }

// timingWaits wraps a retry policy so that the call's meta learns when a
// wait between attempts starts; prepareRetry adds it up when it ends.
func timingWaits(check retryablehttp.CheckRetry) retryablehttp.CheckRetry {
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		retry, checkErr := check(ctx, resp, err)
		if m := metaOf(ctx); retry && m != nil {
			m.waitStart = time.Now()
		}
		return retry, checkErr
	}
}

// keepLastResponse hands the last response (or error) back when retries
// run out, so that the caller gets an *APIError with the status and body
// instead of retryablehttp's "giving up" with the response dropped.
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	return resp, err
}

// checkRetryGET retries idempotent requests on transport errors, 408, 429,
// 500 (unless the job's data is incomplete), 502, 503 and 504.
func checkRetryGET(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if permanentTransportError(err) {
			return false, err
		}
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, nil
	case http.StatusInternalServerError:
		return !jobDataIncomplete(resp), nil
	}
	return false, nil
}

// checkRetryPOST retries a non-idempotent request only when it provably
// never reached the server: the connection could not be made.
func checkRetryPOST(ctx context.Context, _ *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil && isDialError(err) {
		return true, nil
	}
	return false, nil
}

func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// The *url.Error texts net/http gives for failures no retry cures (the
// same tests go-retryablehttp makes by default).
var (
	redirectsErrorRe     = regexp.MustCompile(`stopped after \d+ redirects\z`)
	schemeErrorRe        = regexp.MustCompile(`unsupported protocol scheme`)
	invalidHeaderErrorRe = regexp.MustCompile(`invalid header`)
)

func permanentTransportError(err error) bool {
	var tooLarge *bodyTooLargeError
	if errors.As(err, &tooLarge) {
		return true
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		msg := ue.Error()
		if redirectsErrorRe.MatchString(msg) || schemeErrorRe.MatchString(msg) || invalidHeaderErrorRe.MatchString(msg) {
			return true
		}
	}
	var unknownAuthority x509.UnknownAuthorityError
	var certInvalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknownAuthority) || errors.As(err, &certInvalid) ||
		errors.As(err, &hostname) || errors.As(err, &verify)
}

// jobDataIncomplete peeks at a 500's body for the code that says the job's
// data is incomplete, which no retry cures. The body stays readable. (The
// retry check runs again after the response handler has read the body;
// then it looks at what the handler read.)
func jobDataIncomplete(resp *http.Response) bool {
	var head []byte
	if m := respMeta(resp); m != nil && m.bodyRead {
		head = m.body
	} else if resp.Body != nil {
		var err error
		head, err = io.ReadAll(io.LimitReader(resp.Body, bodyKeep))
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
		if err != nil {
			return false
		}
	}
	if !bytes.Contains(head, []byte(codeJobDataIncomplete)) {
		return false
	}
	var env envelope
	if json.Unmarshal(head, &env) != nil {
		return false
	}
	return string(env.Error.Code) == codeJobDataIncomplete
}

// backoff waits what a Retry-After header says (seconds or an HTTP date),
// capped at max; otherwise an exponential wait from min, with jitter,
// capped at max.
func (c *Client) backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	wait, fromHeader := retryAfter(resp)
	if !fromHeader {
		wait = jitteredBackoff(min, max, attempt)
	}
	if wait > max {
		wait = max
	}
	if c.logger != nil && c.logger.Enabled(context.Background(), slog.LevelDebug) {
		attrs := []slog.Attr{slog.Duration("wait", wait), slog.Int("retry", attempt+1)}
		if resp != nil {
			attrs = append(attrs, slog.Int("status", resp.StatusCode))
		}
		if fromHeader {
			attrs = append(attrs, slog.Bool("retryAfter", true))
		}
		c.logger.LogAttrs(context.Background(), slog.LevelDebug, "zdm: retrying", attrs...)
	}
	return wait
}

// retryAfter reads the Retry-After header of resp, as seconds or an HTTP
// date.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := time.Until(t)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// jitteredBackoff is min·2^attempt capped at max, drawn uniformly from its
// upper half so that clients failing together do not retry together.
func jitteredBackoff(min, max time.Duration, attempt int) time.Duration {
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max || d <= 0 {
		d = max
	}
	if half := d / 2; half > 0 {
		d = half + rand.N(half+1)
	}
	return d
}

// prepareRetry accounts for the wait that just ended, and puts the current
// token on a retried request, in case another call re-issued it while this
// one waited.
func (c *Client) prepareRetry(req *http.Request) error {
	if m := metaOf(req.Context()); m != nil && !m.waitStart.IsZero() {
		m.waited += time.Since(m.waitStart)
		m.waitStart = time.Time{}
	}
	if c.auth == nil {
		return nil
	}
	h, ok := c.auth.cached()
	if !ok || req.Header.Get("Authorization") == h {
		return nil
	}
	req.Header = req.Header.Clone()
	req.Header.Set("Authorization", h)
	return nil
}

// logAttempt counts the attempt on the call's meta and logs it at Debug.
func (c *Client) logAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	m := metaOf(req.Context())
	if m != nil {
		m.attempts++
		m.body, m.bodyRead = nil, false
	}
	if c.logger == nil || !c.logger.Enabled(req.Context(), slog.LevelDebug) {
		return
	}
	u := ""
	if m != nil {
		u = m.url
	}
	c.logger.LogAttrs(req.Context(), slog.LevelDebug, "zdm: request",
		slog.String("method", req.Method), slog.String("url", u), slog.Int("attempt", retry+1))
}

// logResponse logs a response's status at Debug.
func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	if c.logger == nil || resp.Request == nil || !c.logger.Enabled(resp.Request.Context(), slog.LevelDebug) {
		return
	}
	c.logger.LogAttrs(resp.Request.Context(), slog.LevelDebug, "zdm: response",
		slog.String("method", resp.Request.Method), slog.Int("status", resp.StatusCode),
		slog.Int64("contentLength", resp.ContentLength))
}
