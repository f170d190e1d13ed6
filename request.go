package zdm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// requestMeta is one call's state. It is also the context the call's
// requests carry, so that the retry hooks (which see only the request) can
// find it without a second allocation.
type requestMeta struct {
	context.Context
	client *Client
	method string
	url    string // redacted, for errors and logs

	attempts  int
	waited    time.Duration // between attempts, in all
	waitStart time.Time     // when the current wait began
	body      []byte        // the final response's body, read in the retry loop
	bodyRead  bool

	// secretReply says a 2xx body may hold a secret (the token issue
	// call's): it is neither kept nor quoted in errors.
	secretReply bool
	secrets     []string // the client's secrets, read once for redaction
}

type metaKey struct{}

// Value returns the meta itself for metaKey and defers to the parent
// context otherwise.
func (m *requestMeta) Value(key any) any {
	if key == (metaKey{}) {
		return m
	}
	return m.Context.Value(key)
}

// respMeta is the meta of the call a response answers, or nil.
func respMeta(resp *http.Response) *requestMeta {
	if resp == nil || resp.Request == nil {
		return nil
	}
	return metaOf(resp.Request.Context())
}

func metaOf(ctx context.Context) *requestMeta {
	m, _ := ctx.Value(metaKey{}).(*requestMeta)
	return m
}

// redactString is redact for a string.
func (m *requestMeta) redactString(s string) string {
	if s == "" {
		return s
	}
	return string(m.redact([]byte(s)))
}

// minSecretLen is the shortest secret scrubbed from text: shorter ones
// (which no server accepts as a password) would mangle every message.
const minSecretLen = 3

// redact removes the client's secrets (token, password) from b.
func (m *requestMeta) redact(b []byte) []byte {
	if m == nil || m.client == nil || m.client.auth == nil {
		return b
	}
	if m.secrets == nil { // every authenticator has at least one secret
		m.secrets = m.client.auth.secrets()
	}
	for _, s := range m.secrets {
		if len(s) >= minSecretLen && bytes.Contains(b, []byte(s)) {
			b = bytes.ReplaceAll(b, []byte(s), []byte("[REDACTED]"))
		}
	}
	return b
}

// bodyTooLargeError reports a body past the client's bound.
type bodyTooLargeError struct{ limit int64 }

func (e *bodyTooLargeError) Error() string {
	return "response body exceeds the limit of " + strconv.FormatInt(e.limit, 10) + " bytes"
}

// bodyReadError reports a body cut off in transit (a dropped connection,
// fewer bytes than Content-Length).
type bodyReadError struct{ err error }

func (e *bodyReadError) Error() string { return "reading response body: " + e.err.Error() }
func (e *bodyReadError) Unwrap() error { return e.err }

// readResponseBody is the response handler of every request: it reads the
// final response's body (bounded) inside the retry loop, so that a body cut
// off in transit is retried like any transport error.
func readResponseBody(resp *http.Response) error {
	m := respMeta(resp)
	if m == nil {
		return nil
	}
	return m.readBody(resp)
}

// readBody reads resp's body (bounded) into m.body and closes it.
func (m *requestMeta) readBody(resp *http.Response) error {
	b, err := readBounded(resp.Body, resp.ContentLength, m.client.maxResponseBytes)
	_ = resp.Body.Close()
	resp.Body = http.NoBody
	m.body, m.bodyRead = b, true
	return err
}

// trustedLength is the largest Content-Length read into one buffer of
// exactly that size; a larger claim is read growing, so that a server
// claiming more than it sends cannot make the client allocate it.
const trustedLength = 1 << 20

// readBounded reads all of r, up to limit bytes. With a known length (up
// to trustedLength) it reads into one buffer of exactly that size.
func readBounded(r io.Reader, length, limit int64) ([]byte, error) {
	if length > limit {
		return nil, &bodyTooLargeError{limit}
	}
	if length >= 0 && length <= trustedLength {
		buf := make([]byte, length)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, &bodyReadError{err}
		}
		return buf, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &bodyReadError{err}
	}
	if int64(len(b)) > limit {
		return nil, &bodyTooLargeError{limit}
	}
	return b, nil
}

// transportError is a request that got no usable response: the connection
// failed, timed out or was cut, or the context ended.
type transportError struct {
	method, url string
	attempts    int
	err         error
}

func (e *transportError) Error() string {
	msg := fmt.Sprintf("zdm: %s %s: %v", e.method, e.url, unwrapURLError(e.err))
	if e.attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.attempts)
	}
	return msg
}

func (e *transportError) Unwrap() error { return e.err }

// do sends one API call and decodes its envelope, data into out. With
// authenticate, the call carries the client's Authorization; with
// credentials, a 401 re-issues the token once and replays the call once.
func (c *Client) do(ctx context.Context, method, rawURL string, body []byte, out any, authenticate bool) (*Response, error) {
	if ctx == nil {
		return nil, invalidArg("nil context")
	}
	m := &requestMeta{Context: ctx, client: c, method: method, url: c.redactURL(rawURL), secretReply: !authenticate}
	replayed := false
	for {
		var authz string
		if authenticate {
			var err error
			if authz, err = c.authorization(m); err != nil {
				return nil, err
			}
		}
		resp, err := c.send(m, method, rawURL, body, authz)
		if err != nil {
			return nil, err
		}
		if authenticate && c.auth != nil {
			if resp.StatusCode != http.StatusUnauthorized {
				c.auth.accepted(authz)
			} else if !replayed && c.auth.reissue(authz) {
				replayed = true
				continue
			}
		}
		// Every hop of a redirect chain keeps its request: none keeps the
		// credentials.
		for r := resp.Request; r != nil; {
			r.Header.Del("Authorization")
			if r.Response == nil {
				break
			}
			r = r.Response.Request
		}
		r, err := decodeResponse(resp, m.body, out, m)
		m.body = nil // the returned Response keeps m as its request's context
		c.learn(r.gen, false)
		return r, err
	}
}

// send runs one request through the retrying client and leaves the final
// body in m.body.
func (c *Client) send(m *requestMeta, method, rawURL string, body []byte, authz string) (*http.Response, error) {
	var raw any
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(m, method, rawURL, raw)
	if err != nil {
		return nil, invalidArg("building %s %s: %v", method, m.url, unwrapURLError(err))
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	req.SetResponseHandler(readResponseBody)

	rc := c.get
	if method != http.MethodGet {
		rc = c.post
	}
	resp, err := rc.Do(req)
	if err == nil && !m.bodyRead {
		// Retries ran out on a retryable status: the handler did not run.
		err = m.readBody(resp)
	}
	if err != nil {
		var tooLarge *bodyTooLargeError
		if resp != nil && errors.As(err, &tooLarge) {
			return nil, m.tooLargeError(resp, err)
		}
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		return nil, &transportError{method: method, url: m.url, attempts: m.attempts, err: err}
	}
	return resp, nil
}

// tooLargeError is the *APIError for a response whose body passed the
// bound: unexpected for a 2xx, matched by its status otherwise.
func (m *requestMeta) tooLargeError(resp *http.Response, err error) *APIError {
	e := m.newAPIError(resp, &Response{Response: resp, Attempts: m.attempts})
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		e.kind = ErrUnexpectedResponse
	}
	e.err, e.Message = err, err.Error()
	return e
}

// redactURL is rawURL (a URL under the base) with the base's password
// hidden.
func (c *Client) redactURL(rawURL string) string {
	if c.baseRedacted == c.baseStr || len(rawURL) < len(c.baseStr) {
		return rawURL
	}
	return c.baseRedacted + rawURL[len(c.baseStr):]
}

// endpoint is the URL of an API path under the base, with path already
// escaped and the query encoded.
func (c *Client) endpoint(escapedPath string, q url.Values) string {
	s := c.baseStr + "/" + escapedPath
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}
