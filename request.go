package zdm

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The request path, top to bottom: Do (send, for the SDK's own calls;
// the token issue in auth.go) builds a call; sendUnderRoots tries it under
// each candidate API root (apiroot.go); do adds the Authorization and
// replays once after a 401; exchange runs the attempts through the
// client's one retrying client (hooks in retry.go) and reads the final
// body; decode (envelope.go) turns it into data or an *APIError; a write
// whose answer was lost becomes ErrOutcomeUnknown (outcome.go).

// NewRequest builds a request for path, relative to the API root
// ("recoveries/42", query included; a leading "/" is ignored). body, when
// not nil, is sent as JSON. Send it with [Client.Do], which adds what every
// call of the SDK gets: the API root (found by discovery when the client
// was given the server root), authentication, retries, envelope decoding
// and typed errors. A path with a ".." segment (raw or escaped) is an
// error wrapping ErrInvalidArgument: requests stay under the API root.
func (c *Client) NewRequest(method, path string, body any) (*http.Request, error) {
	if c == nil {
		return nil, invalidArg("NewRequest on a nil Client")
	}
	if method == "" || strings.ContainsAny(method, " \t\r\n") {
		return nil, invalidArg("NewRequest: method %q is not an HTTP method", method)
	}
	rel, err := relativePath(path)
	if err != nil {
		return nil, err
	}
	var rd io.Reader
	if body != nil {
		raw, err := jsonBody(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.root.url(rel), rd)
	if err != nil {
		return nil, invalidArg("NewRequest %s %s: %v", method, path, unwrapURLError(err))
	}
	if body != nil {
		req.Header["Content-Type"] = jsonContentType
	}
	return req, nil
}

var jsonContentType = []string{"application/json"}

// relativePath checks a path (and query) under the API root.
func relativePath(p string) (string, error) {
	p = strings.TrimLeft(p, "/")
	if p == "" {
		return "", invalidArg("path is empty: expected a path under the API root such as \"recoveries/42\"")
	}
	u, err := url.Parse(p)
	if err != nil {
		return "", invalidArg("path %q does not parse: %v", p, unwrapURLError(err))
	}
	if u.Scheme != "" || u.Host != "" {
		return "", invalidArg("path %q is absolute: expected a path under the API root such as \"recoveries/42\"", p)
	}
	if climbs(u.EscapedPath()) {
		return "", invalidArg("path %q has a \"..\" segment: expected a path under the API root such as \"recoveries/42\"", p)
	}
	return p, nil
}

// climbs reports whether an escaped path has a ".." segment, written raw
// or escaped ("%2e%2e"), between slashes or backslashes (which some
// servers take for slashes).
func climbs(escaped string) bool {
	if !strings.Contains(escaped, ".") && !strings.Contains(escaped, "%") {
		return false // the usual path: nothing to unescape
	}
	for seg := range strings.SplitSeq(escaped, "/") {
		if s, err := url.PathUnescape(seg); err == nil {
			seg = s
		}
		for part := range strings.FieldsFuncSeq(seg, func(r rune) bool { return r == '/' || r == '\\' }) {
			if part == ".." {
				return true
			}
		}
	}
	return false
}

// Do sends req and decodes the envelope's data into v (a pointer; nil to
// ignore the data). req is built by [Client.NewRequest], or by hand with a
// URL relative to the API root, or absolute on the client's own server;
// it is sent as it is when Do is called (a body replaced after NewRequest
// is the one sent) and left as it was. The call runs under ctx, with the
// client's authentication (a 401 re-issues a token from WithCredentials
// and replays once), its retry policy by method (GET on network errors,
// 408, 429 and 5xx; POST, PUT and DELETE only when the server provably
// did not act: see ErrOutcomeUnknown) and its redaction.
//
// Server answers that are not a success are *APIError values (matching
// ErrNotFound, ErrEndpointNotFound and the others); the *Response is
// returned whenever the server answered, errors included. A success
// without "data" is a success when v is nil, and an error matching
// ErrUnexpectedResponse when v expects data.
func (c *Client) Do(ctx context.Context, req *http.Request, v any) (*Response, error) {
	return c.send(ctx, req, v, "")
}

// send is Do for a request holding a secret only this call knows (a
// repository's password; "" for none), which is scrubbed from what the
// server sends back like the client's own secrets. It runs the call under
// the API root (sendUnderRoots, apiroot.go); when no root has the route,
// its error names every URL tried.
func (c *Client) send(ctx context.Context, req *http.Request, v any, secret string) (*Response, error) {
	switch {
	case c == nil:
		return nil, invalidArg("Do on a nil Client")
	case ctx == nil:
		return nil, invalidArg("nil context")
	case req == nil:
		return nil, invalidArg("Do: nil request")
	}
	cl, err := c.newCall(req, secret)
	if err != nil {
		return nil, err
	}
	resp, tried, err := c.sendUnderRoots(ctx, cl, v)
	if tried != nil {
		c.explainMissingRoute(err, tried)
	}
	return resp, lostAnswer(cl, err)
}

// call is one API call as Do (or the token issue) describes it: what to
// send, where, and what kind of call it is. It does not change once made.
type call struct {
	method string
	rel    string // path and query under the API root
	abs    string // an absolute URL used as given (rel is then "")
	body   []byte
	header http.Header // the caller's headers, copied onto each request
	kind   callKind
	secret string // a secret only this call holds (see send)
}

// callKind sets a call's retry policy and what its errors mean.
type callKind int

const (
	readCall  callKind = iota // GET, HEAD, OPTIONS: retried on any transient failure
	writeCall                 // POST, PUT, DELETE, ...: sent once unless provably not acted on
	issueCall                 // the token issue: a POST with no side effect, holding the password
)

// newCall takes what req says: its method, its path (under the API root,
// or an absolute URL on the client's own server), headers and body.
func (c *Client) newCall(req *http.Request, secret string) (*call, error) {
	cl := &call{method: req.Method, header: req.Header, kind: writeCall, secret: secret}
	switch cl.method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions:
		cl.kind = readCall
		cl.method = cmp.Or(cl.method, http.MethodGet)
	}
	var err error
	if cl.rel, cl.abs, err = c.callPath(req.URL); err != nil {
		return nil, err
	}
	if req.Body != nil && req.Body != http.NoBody {
		cl.body, err = io.ReadAll(io.LimitReader(req.Body, maxRequestBody+1))
		_ = req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(cl.body)) // leave req as it was
		if err != nil || len(cl.body) > maxRequestBody {
			return nil, invalidArg("Do: reading the request body (at most %d bytes): %v", maxRequestBody, err)
		}
	}
	return cl, nil
}

// callPath is where u points: a path under the API root (rel), or an
// absolute URL on the client's own server outside it (abs). An absolute
// URL goes only to the client's own server (the client's credentials go
// with it), and no path climbs out of the API root.
func (c *Client) callPath(u *url.URL) (rel, abs string, err error) {
	switch {
	case u == nil:
		return "", "", invalidArg("Do: request has no URL")
	case u.Host == "":
		rel, err = relativePath(u.RequestURI())
		return rel, "", err
	case !sameOrigin(u, c.base):
		return "", "", invalidArg("Do: %s is not on the client's server %s: credentials go only there", u.Redacted(), c.base.Redacted())
	case u.User != nil && (c.base.User == nil || u.User.String() != c.base.User.String()):
		return "", "", invalidArg("Do: %s holds credentials: give them with the client's options", u.Redacted())
	case climbs(u.EscapedPath()):
		return "", "", invalidArg("Do: %s has a \"..\" segment", u.Redacted())
	}
	// Under an API root it is a path under that root (discovered like any
	// other while the root is unknown); elsewhere, as given.
	if rel, ok := c.root.relative(u); ok {
		return rel, "", nil
	}
	return "", u.String(), nil
}

// maxRequestBody bounds a request's body, read to be sent (and resent).
const maxRequestBody = 16 << 20

// sameOrigin reports whether two URLs share scheme, host and port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

// do sends the call to rawURL (under the API root being tried) and decodes
// its envelope, data into v. A 401 re-issues a token from credentials once
// and replays the call once.
func (c *Client) do(ctx context.Context, cl *call, rawURL string, v any) (*Response, error) {
	var before answer // the attempts and waits before a replay
	for replayed := false; ; replayed = true {
		var authz string
		if cl.kind != issueCall && c.auth != nil {
			var err error
			if authz, err = c.auth.header(ctx); err != nil {
				return nil, err
			}
		}
		ans, err := c.exchange(ctx, cl, rawURL, authz)
		ans.attempts, ans.waited = ans.attempts+before.attempts, ans.waited+before.waited
		before = ans
		if err != nil {
			return ans.response(), err
		}
		if authz != "" && ans.resp.StatusCode != http.StatusUnauthorized {
			c.auth.accepted(authz)
		} else if authz != "" && !replayed && c.auth.reissue(authz) {
			continue
		}
		r, err := c.decode(cl, ans, v)
		if authz != "" && ans.resp.StatusCode == http.StatusUnauthorized {
			noteReissueHold(err, c.auth.heldUntil())
		}
		return r, err
	}
}

// noteReissueHold says in a 401's error when the next token re-issue is
// tried, when a fresh token was rejected too.
func noteReissueHold(err error, until time.Time) {
	var apiErr *APIError
	if !until.IsZero() && errors.As(err, &apiErr) {
		apiErr.Message = strings.TrimPrefix(apiErr.Message+"; ", "; ") +
			"a new token was rejected too: the next re-issue is tried after " + until.Format(time.RFC3339)
	}
}

// answer is what an exchange got back: the final response, its body
// (bounded, read in full), and how the attempts went.
type answer struct {
	resp     *http.Response
	body     []byte
	url      string // the URL tried, redacted
	attempts int
	waited   time.Duration
}

// response is the *Response of an answer whose body could not be decoded,
// nil when there was no response.
func (a answer) response() *Response {
	if a.resp == nil {
		return nil
	}
	return &Response{Response: a.resp, Attempts: a.attempts, Waited: a.waited}
}

// exchange runs one call's attempts at rawURL through the client's
// retrying client and reads the final body. The per-call record the hooks
// and the transport update (attempts, retry.go) travels in the request's
// context, which lives no longer than the call. The response it returns
// has its body read, closed and dropped (http.NoBody). A transport failure is a
// *transportError, or *WriteOutcomeUnknownError for a write the server may
// have acted on; a body past the bound, an *APIError.
func (c *Client) exchange(ctx context.Context, cl *call, rawURL, authz string) (answer, error) {
	ans := answer{url: c.redactURL(rawURL)}
	at := &attempts{kind: cl.kind}
	ctx = withAttempts(ctx, at)
	var body any
	if cl.body != nil {
		body = cl.body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, rawURL, body)
	if err != nil {
		return ans, invalidArg("building %s %s: %v", cl.method, ans.url, unwrapURLError(err))
	}
	c.setHeaders(req.Header, cl, authz)
	req.SetResponseHandler(func(resp *http.Response) error { return bufferBody(resp, c.maxResponseBytes) })

	resp, err := c.retry.Do(req)
	if err == nil {
		err = bufferBody(resp, c.maxResponseBytes) // retries ran out on a retryable status
	}
	ans.resp, ans.attempts, ans.waited = resp, at.n, at.waited
	if resp != nil {
		stripAuthorization(resp)
		if b, ok := resp.Body.(*bufferedBody); ok {
			ans.body = b.b
		}
		// The body is the answer's alone, scrubbed where it is shown
		// (decode): the *Response keeps none of it to read back.
		resp.Body = http.NoBody
	}
	err = c.failure(ctx, cl, at, &ans, err)
	return ans, err
}

// failure is the error of an exchange that ended with err (nil for a
// complete answer): an *APIError for a body past the bound, else a
// *transportError, or a *WriteOutcomeUnknownError for a write the server
// may have acted on.
func (c *Client) failure(ctx context.Context, cl *call, at *attempts, ans *answer, err error) error {
	var tooLarge *bodyTooLargeError
	switch {
	case err == nil:
		return nil
	case ans.resp != nil && errors.As(err, &tooLarge):
		return c.tooLargeError(cl, *ans, err)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		// The caller gave up; what broke then says how far it got.
		err = fmt.Errorf("%w (%w)", ctxErr, unwrapURLError(err))
	}
	ans.resp = nil
	err = &transportError{method: cl.method, url: ans.url, attempts: at.n, err: err}
	if cl.kind == writeCall && at.mayHaveActed.Load() {
		return &WriteOutcomeUnknownError{Method: cl.method, Path: cl.path(), Err: err}
	}
	return err
}

// setHeaders puts the caller's headers and the client's on a request.
func (c *Client) setHeaders(h http.Header, cl *call, authz string) {
	for k, vs := range cl.header {
		if k != "Authorization" {
			h[k] = vs
		}
	}
	h["Accept"] = acceptJSON
	// Identity encoding: the size bound then holds for the bytes on the
	// wire, and a compressed bomb cannot expand in memory.
	h["Accept-Encoding"] = acceptIdentity
	h["User-Agent"] = c.userAgentHeader
	if cl.body != nil && h.Get("Content-Type") == "" {
		h["Content-Type"] = jsonContentType
	}
	if authz != "" {
		h["Authorization"] = []string{authz}
	}
}

var (
	acceptJSON     = []string{"application/json"}
	acceptIdentity = []string{"identity"}
)

// path is what the call names under the API root, or its absolute URL.
func (cl *call) path() string {
	if cl.rel != "" {
		return cl.rel
	}
	return cl.abs
}

// stripAuthorization removes the credentials from every hop of a
// response's redirect chain: each hop keeps its request, none keeps them.
func stripAuthorization(resp *http.Response) {
	for r := resp.Request; r != nil; r = r.Response.Request {
		r.Header.Del("Authorization")
		if r.Response == nil {
			return
		}
	}
}

// bufferedBody is a response body read into memory, bounded, inside the
// retry loop: a body cut off in transit is then retried like any
// transport failure.
type bufferedBody struct {
	*bytes.Reader
	b []byte
}

func (*bufferedBody) Close() error { return nil }

// bufferBody reads resp's body into memory (once), up to limit bytes.
func bufferBody(resp *http.Response, limit int64) error {
	if _, ok := resp.Body.(*bufferedBody); ok {
		return nil
	}
	var b []byte
	var err error
	if hasBody(resp) {
		b, err = readBounded(resp.Body, resp.ContentLength, limit)
	}
	_ = resp.Body.Close()
	resp.Body = &bufferedBody{Reader: bytes.NewReader(b), b: b}
	return err
}

// hasBody reports whether a response may carry a body: not one to HEAD,
// nor a 204 or 304.
func hasBody(resp *http.Response) bool {
	return !(resp.Request != nil && resp.Request.Method == http.MethodHead) &&
		resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusNotModified
}

// tooLargeError is the *APIError for a response whose body passed the
// bound: unexpected for a 2xx, matched by its status otherwise.
func (c *Client) tooLargeError(cl *call, ans answer, err error) *APIError {
	e := newAPIError(cl, ans, ans.response())
	if ans.resp.StatusCode >= 200 && ans.resp.StatusCode <= 299 {
		e.kind = ErrUnexpectedResponse
	}
	e.err, e.Message = err, err.Error()
	return e
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
	msg := fmt.Sprintf("zdm: %s %s: %s", e.method, e.url, Printable(unwrapURLError(e.err).Error()))
	if e.attempts > 1 {
		msg += fmt.Sprintf(" after %d attempts", e.attempts)
	}
	return msg
}

func (e *transportError) Unwrap() error { return e.err }

// redactURL is rawURL (a URL under the base) with the base's password
// hidden.
func (c *Client) redactURL(rawURL string) string {
	r := c.root
	if r.baseRedacted == r.baseStr || !strings.HasPrefix(rawURL, r.baseStr) {
		return rawURL
	}
	return r.baseRedacted + rawURL[len(r.baseStr):]
}

// jsonBody encodes a request body as JSON, without the HTML escaping
// json.Marshal does (servers read "<" as sent).
func jsonBody(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, invalidArg("encoding the request body as JSON: %v", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
