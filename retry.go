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
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// newRetryClient builds the client's one retrying client, shared by every
// call, over a copy of the caller's *http.Client (never modified). Its
// hooks are methods of the (immutable) Client; what they need of one call
// they find in the request's context (attempts).
func (c *Client) newRetryClient(hc *http.Client) *retryablehttp.Client {
	cp := *hc
	rt := cp.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	cp.Transport = oneSend{rt}
	cp.CheckRedirect = followOnOrigin(hc.CheckRedirect)
	return &retryablehttp.Client{
		HTTPClient:      &cp,
		RetryWaitMin:    c.retryWaitMin,
		RetryWaitMax:    c.retryWaitMax,
		RetryMax:        c.retryMax,
		CheckRetry:      c.checkRetry,
		Backoff:         c.backoff,
		ErrorHandler:    keepLastResponse,
		RequestLogHook:  c.logAttempt,
		ResponseLogHook: c.logResponse,
		PrepareRetry:    c.prepareRetry,
	}
}

// attempts is what the retrying client's hooks and the transport learn of
// one call's attempts. It travels in the context of the call's request
// (withAttempts), which lives no longer than the call.
type attempts struct {
	kind callKind

	n       int           // attempts made (RequestLogHook)
	waited  time.Duration // between attempts, in all
	retryAt time.Time     // when the current wait began (checkRetry)

	// mayHaveActed: the last hop's request may have reached the server
	// (a client trace saw its headers go out, or a transport that does
	// not trace said nothing), and no answer since proved that the
	// server did not act on it. Only writes track it.
	mayHaveActed atomic.Bool
}

type attemptsKey struct{}

// withAttempts puts a call's record in ctx, and for a write a client
// trace that notes whether its request went out: a connection obtained
// with nothing written yet, then its headers written.
func withAttempts(ctx context.Context, at *attempts) context.Context {
	ctx = context.WithValue(ctx, attemptsKey{}, at)
	if at.kind == writeCall {
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			GotConn:      func(httptrace.GotConnInfo) { at.mayHaveActed.Store(false) }, // nothing written on it yet
			WroteHeaders: func() { at.mayHaveActed.Store(true) },
		})
	}
	return ctx
}

// attemptsOf is the call's record; a request sent without one (never, in
// this package) reads as a GET's.
func attemptsOf(ctx context.Context) *attempts {
	if at, ok := ctx.Value(attemptsKey{}).(*attempts); ok {
		return at
	}
	return &attempts{}
}

// oneSend is the transport under the retrying client. The SDK decides
// alone when a write is sent again: a write reaches the transport without
// GetBody and never with a nil Body, so that Go's transports cannot
// resend it on their own (the HTTP/2 transport resends a request on
// REFUSED_STREAM, PROTOCOL_ERROR and GOAWAY when it can rewind its body,
// or when it has none). It also hides CloseIdleConnections, which
// retryablehttp calls after every failed request and which would cost
// every call sharing the pool a reconnect.
type oneSend struct{ rt http.RoundTripper }

func (o oneSend) RoundTrip(r *http.Request) (*http.Response, error) {
	if at := attemptsOf(r.Context()); at.kind == writeCall {
		if err := r.Context().Err(); err != nil {
			return nil, err // ended before anything was sent: not a write that may have acted
		}
		at.mayHaveActed.Store(true) // until the trace shows a connection with nothing written on it
		w := *r
		w.GetBody = nil
		if w.Body == nil || w.Body == http.NoBody {
			w.Body = emptyBody{}
		}
		r = &w
	}
	return o.rt.RoundTrip(r)
}

// emptyBody is the body of a write that has none: not http.NoBody, so
// that no transport takes the write for one it may resend. (HTTP/1.1
// sends a DELETE with it bodiless, a POST as an empty chunked body.)
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

// followOnOrigin wraps a redirect policy (nil: net/http's default) so that
// a redirect is followed only where it changes neither what a request
// does nor who sees it: on the origin (scheme, host and port) of the
// request's first hop, keeping its method (a 301, 302 or 303 turns a
// write into a GET: not followed). A redirect not followed comes back as
// the call's answer: an *APIError with the 3xx status and the Location.
func followOnOrigin(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if !sameOrigin(req.URL, first.URL) || req.Method != first.Method {
			return http.ErrUseLastResponse
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

// maxRedirects is net/http's default limit, kept with its error text.
const maxRedirects = 10

// keepLastResponse hands the last response (or error) back when retries
// run out, so that the caller gets an *APIError with the status and body
// instead of retryablehttp's "giving up" with the response dropped.
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	return resp, err
}

// checkRetry is the retry policy. A read (and the token issue, which has
// no side effect) is retried on transport errors, 408, 429 (not the
// issue: its rate limit is remembered instead), 500 (unless the job's
// data is incomplete), 502, 503 and 504. A write only where the server
// provably did not act on it (notActedOn), and on 429. A context that
// ended stops retrying and keeps what broke.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, nil
	}
	at := attemptsOf(ctx)
	var retry bool
	switch {
	case err != nil && at.kind == writeCall:
		retry = !permanentTransportError(err) && (!at.mayHaveActed.Load() || notActedOn(err))
	case err != nil:
		retry = !permanentTransportError(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		retry = at.kind != issueCall
	case at.kind != writeCall:
		retry = c.retryableStatus(resp)
	}
	if retry {
		at.retryAt = time.Now()
		at.mayHaveActed.Store(false)
	}
	return retry, nil
}

// retryableStatus reports whether a read's status may clear on a retry:
// 408, 502, 503, 504, and a 500 unless it says the job's data is
// incomplete.
func (c *Client) retryableStatus(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusInternalServerError:
		if bufferBody(resp, c.maxResponseBytes) != nil {
			return true // cut off: retried like any transport failure
		}
		return !jobDataIncomplete(resp.Body.(*bufferedBody).b)
	}
	return false
}

// jobDataIncomplete reports whether a 500's body carries the code that
// says the job's data is incomplete, which no retry cures.
func jobDataIncomplete(body []byte) bool {
	if !bytes.Contains(body, []byte(codeJobDataIncomplete)) {
		return false
	}
	var env envelope
	env.Data = &noData{}
	return json.Unmarshal(body, &env) == nil && string(env.Error.Code) == codeJobDataIncomplete
}

// notActedOn reports whether a write's transport error proves that the
// server did not act on it although it was (partly) written: the
// connection could not be made; the server had closed the pooled
// connection before the request reached it (net/http's "server closed
// idle connection", which it retries for idempotent requests); HTTP/2's
// REFUSED_STREAM, or a GOAWAY naming an earlier stream as the last one
// processed. The HTTP/2 errors reach us inside net/http's "cannot retry"
// text, once the transport may not resend the write itself (oneSend).
func notActedOn(err error) bool {
	if isDialError(err) {
		return true
	}
	var se h2StreamError
	if errors.As(err, &se) {
		return se.Code == h2RefusedStream
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		if msg == errServerClosedIdleText || msg == h2GotGoAwayText || h2RefusedRe.MatchString(msg) {
			return true
		}
		if inner, ok := strings.CutPrefix(msg, h2CannotRetryPrefix); ok {
			inner, _, _ = strings.Cut(inner, "] after Request.Body was written")
			return inner == h2GotGoAwayText || h2RefusedRe.MatchString(inner)
		}
	}
	return false
}

// The texts of net/http's unexported errors that say a request was not
// processed (stable since Go 1.6; TestWrites_* pin them over real
// sockets), and the shape of an HTTP/2 stream error, which net/http's
// bundled copy converts to a struct of the same fields (errors.As).
const (
	errServerClosedIdleText = "http: server closed idle connection"
	h2GotGoAwayText         = "http2: Transport received Server's graceful shutdown GOAWAY"
	h2CannotRetryPrefix     = "http2: Transport: cannot retry err ["
	h2RefusedStream         = 0x7
)

var h2RefusedRe = regexp.MustCompile(`\Astream error: stream ID \d+; REFUSED_STREAM(; [^\]]*)?\z`)

// h2StreamError has the fields of golang.org/x/net/http2.StreamError (and
// of net/http's bundled copy), for errors.As.
type h2StreamError struct {
	StreamID uint32
	Code     uint32
	Cause    error
}

func (e h2StreamError) Error() string { return "stream error " + strconv.Itoa(int(e.Code)) }

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

// permanentTransportError reports whether no retry cures a transport
// error: a body past the bound, a redirect loop, an unknown host, a
// certificate that does not verify.
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

// backoff waits what a Retry-After header says (seconds or an HTTP date),
// capped at max; otherwise an exponential wait from min, with jitter,
// capped at max.
func (c *Client) backoff(least, most time.Duration, attempt int, resp *http.Response) time.Duration {
	wait, fromHeader := retryAfter(resp)
	if !fromHeader {
		wait = jitteredBackoff(least, most, attempt)
	}
	wait = min(wait, most)
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
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
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

// logAttempt counts the call's attempts, adds up the wait that just
// ended, and logs the attempt at Debug.
func (c *Client) logAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	at := attemptsOf(req.Context())
	at.n = retry + 1
	if retry > 0 {
		at.waited += time.Since(at.retryAt)
	}
	if c.logger != nil && c.logger.Enabled(req.Context(), slog.LevelDebug) {
		c.logger.LogAttrs(req.Context(), slog.LevelDebug, "zdm: request", slog.String("method", req.Method),
			slog.String("url", c.redactURL(req.URL.String())), slog.Int("attempt", at.n))
	}
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

// prepareRetry puts the current token on a retried request, in case
// another call re-issued it while this one waited.
func (c *Client) prepareRetry(req *http.Request) error {
	sent := req.Header.Get("Authorization") // set only by the client (setHeaders)
	if sent == "" {
		return nil
	}
	h, ok := c.auth.cached()
	if !ok || sent == h {
		return nil
	}
	req.Header = req.Header.Clone()
	req.Header.Set("Authorization", h)
	return nil
}
