package zdm

import (
	"bytes"
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

// NewRequest builds a request for path, relative to the API root
// ("recoveries/42", query included; a leading "/" is ignored). body, when
// not nil, is sent as JSON. Send it with [Client.Do], which adds what every
// call of the SDK gets: the API root (found by discovery when the client
// was given the server root), authentication, retries, envelope decoding
// and typed errors.
func (c *Client) NewRequest(method, path string, body any) (req *http.Request, err error) {
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
	var raw []byte
	if body != nil {
		if raw, err = jsonBody(body); err != nil {
			return nil, err
		}
	}
	info := &requestInfo{rel: rel, body: raw}
	ctx := context.WithValue(context.Background(), requestInfoKey{}, info)
	defer func() {
		if req != nil {
			info.url = *req.URL
		}
	}()
	var rd io.Reader
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err = http.NewRequestWithContext(ctx, method, c.root.url(rel), rd)
	if err != nil {
		return nil, invalidArg("NewRequest %s %s: %v", method, path, unwrapURLError(err))
	}
	if raw != nil {
		req.Header["Content-Type"] = jsonContentType
	}
	return req, nil
}

var jsonContentType = []string{"application/json"}

// requestInfo is what NewRequest knows of a request that its URL does not
// say: the path under the API root (so that Do can send it under another
// root while discovering it) and the JSON body (so that a retry or a
// replay after a token re-issue sends it again).
type requestInfo struct {
	rel  string
	body []byte
	url  url.URL // the URL as built: a request whose URL was edited is taken as edited
}

type requestInfoKey struct{}

// relativePath checks a path under the API root.
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
	return p, nil
}

// Do sends req and decodes the envelope's data into v (a pointer; nil to
// ignore the data). req is built by [Client.NewRequest], or by hand with a
// URL relative to the API root, or absolute on the client's own server;
// Do leaves it as it is. The call runs under ctx, with the client's
// authentication (a 401 re-issues a token from WithCredentials and
// replays once), its retry policy by method (GET on network errors, 408,
// 429 and 5xx; POST, PUT and DELETE only when the server provably did not
// act: dial errors and 429) and its redaction.
//
// Server answers that are not a success are *APIError values (matching
// ErrNotFound, ErrEndpointNotFound and the others); the *Response is
// returned whenever the server answered, errors included.
func (c *Client) Do(ctx context.Context, req *http.Request, v any) (*Response, error) {
	if c == nil {
		return nil, invalidArg("Do on a nil Client")
	}
	if ctx == nil {
		return nil, invalidArg("nil context")
	}
	if req == nil {
		return nil, invalidArg("Do: nil request")
	}
	cl := &call{c: c, ctx: ctx, method: req.Method, header: req.Header, authenticate: true}
	if cl.method == "" {
		cl.method = http.MethodGet
	}
	if info, ok := req.Context().Value(requestInfoKey{}).(*requestInfo); ok && req.URL != nil && *req.URL == info.url {
		cl.rel, cl.body = info.rel, info.body
	} else if err := cl.adopt(req); err != nil {
		return nil, err
	}
	return c.discover(cl, v)
}

// adopt takes the path and body of a request not built by NewRequest.
func (cl *call) adopt(req *http.Request) error {
	if req.URL == nil {
		return invalidArg("Do: request has no URL")
	}
	if req.URL.Host == "" {
		rel, err := relativePath(req.URL.RequestURI())
		if err != nil {
			return err
		}
		cl.rel = rel
	} else {
		// An absolute URL goes only to the client's own server: the
		// client's credentials go with it.
		base := cl.c.base
		if req.URL.Scheme != base.Scheme || !strings.EqualFold(req.URL.Host, base.Host) {
			return invalidArg("Do: %s is not on the client's server %s: credentials go only there", req.URL.Redacted(), base.Redacted())
		}
		if req.URL.User != nil {
			return invalidArg("Do: %s holds credentials: give them with the client's options", req.URL.Redacted())
		}
		// Under an API root, it is a path under that root (discovered
		// like any other while the root is unknown); elsewhere, as given.
		if rel, ok := cl.c.root.relative(req.URL); ok {
			cl.rel = rel
		} else {
			cl.abs = req.URL.String()
		}
	}
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(io.LimitReader(req.Body, maxRequestBody+1))
		_ = req.Body.Close()
		if err != nil {
			return invalidArg("Do: reading the request body: %v", err)
		}
		if len(b) > maxRequestBody {
			return invalidArg("Do: request body over %d bytes", maxRequestBody)
		}
		cl.body = b
		req.Body = io.NopCloser(bytes.NewReader(b)) // leave req as it was
	}
	return nil
}

// maxRequestBody bounds a hand-built request's body, read to be resent.
const maxRequestBody = 16 << 20

// call is one API call's state, passed explicitly down the request path:
// what to send, how often it was sent and what came back.
type call struct {
	c            *Client
	ctx          context.Context
	method       string
	rel          string // path and query under the API root
	abs          string // an absolute URL used as given (rel is then "")
	body         []byte
	header       http.Header // the caller's headers, copied onto each request
	authenticate bool        // send the client's Authorization
	issue        bool        // the token issue call: its 2xx bodies hold a secret

	url       string // the URL being tried, redacted
	attempts  int
	waited    time.Duration // between attempts, in all
	waitStart time.Time     // when the current wait began
	respBody  []byte        // the final response's body, read in the retry loop
	bodyRead  bool

	rc retryablehttp.Client // the client's policy, with hooks bound to this call
}

// do sends the call to rawURL (under the API root being tried) and decodes
// its envelope, data into v. A 401 re-issues a token from credentials once
// and replays the call once.
func (c *Client) do(cl *call, rawURL string, v any) (*Response, error) {
	cl.url = c.redactURL(rawURL)
	replayed := false
	for {
		var authz string
		if cl.authenticate && c.auth != nil {
			var err error
			if authz, err = c.auth.header(cl.ctx); err != nil {
				return nil, err
			}
		}
		resp, err := c.send(cl, rawURL, authz)
		if resp == nil {
			return nil, err
		}
		if authz != "" {
			if resp.StatusCode != http.StatusUnauthorized {
				c.auth.accepted(authz)
			} else if !replayed && err == nil {
				if c.auth.reissue(authz) {
					replayed = true
					continue
				}
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
		if err != nil { // the body was over the limit
			return &Response{Response: resp, Attempts: cl.attempts, Waited: cl.waited}, err
		}
		r, err := c.decode(cl, resp, v)
		cl.respBody = nil
		if authz != "" && resp.StatusCode == http.StatusUnauthorized {
			if until := c.auth.heldUntil(); !until.IsZero() {
				var apiErr *APIError
				if errors.As(err, &apiErr) {
					apiErr.Message = strings.TrimPrefix(apiErr.Message+"; ", "; ") +
						"a new token was rejected too: the next re-issue is tried after " + until.Format(time.RFC3339)
				}
			}
		}
		return r, err
	}
}

// send runs one request through the retrying client and leaves the final
// body in cl.respBody. A response whose body passed the bound comes back
// with an *APIError.
func (c *Client) send(cl *call, rawURL, authz string) (*http.Response, error) {
	var raw any
	if cl.body != nil {
		raw = cl.body
	}
	req, err := retryablehttp.NewRequestWithContext(cl.ctx, cl.method, rawURL, raw)
	if err != nil {
		return nil, invalidArg("building %s %s: %v", cl.method, cl.url, unwrapURLError(err))
	}
	h := req.Header
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
	req.SetResponseHandler(cl.readBody)

	hc, check := c.httpClient, checkRetryGET
	switch {
	case cl.issue:
		// Not on 429: the failure is remembered, and the route's limit
		// window is longer than any retry wait.
		hc, check = c.issueHTTPClient, checkRetryDial
	case cl.method != http.MethodGet && cl.method != http.MethodHead:
		check = checkRetryWrite
	}
	cl.rc = retryablehttp.Client{
		HTTPClient:      hc,
		RetryWaitMin:    c.retryWaitMin,
		RetryWaitMax:    c.retryWaitMax,
		RetryMax:        c.retryMax,
		CheckRetry:      cl.checkRetry(check),
		Backoff:         c.backoff,
		ErrorHandler:    keepLastResponse,
		RequestLogHook:  cl.logAttempt,
		ResponseLogHook: c.logResponse,
		PrepareRetry:    cl.prepareRetry,
	}
	resp, err := cl.rc.Do(req)
	if err == nil && !cl.bodyRead {
		// Retries ran out on a retryable status: the handler did not run.
		err = cl.readBody(resp)
	}
	if err != nil {
		var tooLarge *bodyTooLargeError
		if resp != nil && errors.As(err, &tooLarge) {
			return resp, cl.tooLargeError(resp, err)
		}
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		return nil, &transportError{method: cl.method, url: cl.url, attempts: cl.attempts, err: err}
	}
	return resp, nil
}

var (
	acceptJSON     = []string{"application/json"}
	acceptIdentity = []string{"identity"}
)

// readBody is the response handler of every request: it reads the final
// response's body (bounded) inside the retry loop, so that a body cut off
// in transit is retried like any transport error.
func (cl *call) readBody(resp *http.Response) error {
	if !hasBody(resp) {
		_ = resp.Body.Close()
		resp.Body = http.NoBody
		cl.respBody, cl.bodyRead = nil, true
		return nil
	}
	b, err := readBounded(resp.Body, resp.ContentLength, cl.c.maxResponseBytes)
	_ = resp.Body.Close()
	resp.Body = http.NoBody
	cl.respBody, cl.bodyRead = b, true
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
func (cl *call) tooLargeError(resp *http.Response, err error) *APIError {
	e := cl.newAPIError(resp, &Response{Response: resp, Attempts: cl.attempts})
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
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
	msg := fmt.Sprintf("zdm: %s %s: %s", e.method, e.url, printable(unwrapURLError(e.err).Error()))
	if e.attempts > 1 {
		msg += fmt.Sprintf(" after %d attempts", e.attempts)
	}
	return msg
}

func (e *transportError) Unwrap() error { return e.err }

// redactURL is rawURL (a URL under the base) with the base's password
// hidden.
func (c *Client) redactURL(rawURL string) string {
	if c.baseRedacted == c.baseStr || !strings.HasPrefix(rawURL, c.baseStr) {
		return rawURL
	}
	return c.baseRedacted + rawURL[len(c.baseStr):]
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
