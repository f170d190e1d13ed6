package zdm

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
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

// httpClients copies the caller's *http.Client (never modified) into the
// one the retrying layer sends through, and the one the token issue call
// sends through, which refuses to follow a redirect off the origin.
func httpClients(hc *http.Client) (calls, issue *http.Client) {
	cp := *hc
	rt := cp.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	// retryablehttp closes the idle connections of its client whenever a
	// request fails; with many watches sharing one pool that would make
	// every failure cost everyone a reconnect.
	cp.Transport = keepIdle{rt}
	is := cp
	cp.CheckRedirect = dropAuthOffOrigin(hc.CheckRedirect)
	is.CheckRedirect = refuseOffOrigin(hc.CheckRedirect)
	return &cp, &is
}

// refuseOffOrigin wraps a redirect policy so that a redirect to another
// origin (host, port or scheme) is refused: the token issue call's body
// holds the password, which net/http resends on a 307 or 308, and a token
// from another origin must not be taken for the server's.
func refuseOffOrigin(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
			return fmt.Errorf("%w: the token issue call was redirected to another origin (%s://%s); credentials are sent only to %s://%s",
				errOffOrigin, printable(req.URL.Scheme), printable(req.URL.Host), first.Scheme, first.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// errOffOrigin marks a refused redirect (permanent: no retry cures it).
var errOffOrigin = errors.New("redirect refused")

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

// checkRetry wraps a retry policy so that the call learns when a wait
// between attempts starts (prepareRetry adds it up when it ends), and so
// that a 500's code is read from the body the call already read.
func (cl *call) checkRetry(check func(*call, *http.Response, error) (bool, error)) retryablehttp.CheckRetry {
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		retry, checkErr := check(cl, resp, err)
		if retry {
			cl.waitStart = time.Now()
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
func checkRetryGET(cl *call, resp *http.Response, err error) (bool, error) {
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
		return !cl.jobDataIncomplete(resp), nil
	}
	return false, nil
}

// checkRetryWrite retries a request that changes state (POST, PUT,
// DELETE) only when the server provably did not act on it: the connection
// could not be made, or it answered 429.
func checkRetryWrite(_ *call, resp *http.Response, err error) (bool, error) {
	if err != nil {
		return isDialError(err) && !permanentTransportError(err), nil
	}
	return resp.StatusCode == http.StatusTooManyRequests, nil
}

// checkRetryDial retries only when the connection could not be made.
func checkRetryDial(_ *call, _ *http.Response, err error) (bool, error) {
	return err != nil && isDialError(err) && !permanentTransportError(err), nil
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
	if errors.Is(err, errOffOrigin) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return true // no such host: the name is wrong, not the network
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
func (cl *call) jobDataIncomplete(resp *http.Response) bool {
	var head []byte
	if cl.bodyRead {
		head = cl.respBody
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
	env.Data = &noData{}
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
	if min <= 0 {
		return 0 // no minimum wait: retry at once
	}
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
func (cl *call) prepareRetry(req *http.Request) error {
	if !cl.waitStart.IsZero() {
		cl.waited += time.Since(cl.waitStart)
		cl.waitStart = time.Time{}
	}
	a := cl.c.auth
	if a == nil || !cl.authenticate {
		return nil
	}
	h, ok := a.cached()
	if !ok || req.Header.Get("Authorization") == h {
		return nil
	}
	req.Header = req.Header.Clone()
	req.Header.Set("Authorization", h)
	return nil
}

// logAttempt counts the attempt and logs it at Debug.
func (cl *call) logAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	cl.attempts++
	cl.respBody, cl.bodyRead = nil, false
	l := cl.c.logger
	if l == nil || !l.Enabled(cl.ctx, slog.LevelDebug) {
		return
	}
	l.LogAttrs(cl.ctx, slog.LevelDebug, "zdm: request",
		slog.String("method", req.Method), slog.String("url", cl.url), slog.Int("attempt", retry+1))
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
