package zdm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// API roots: a client given the server root (an empty path, or "/") finds
// the API root itself. It tries "/api" (every released server) first and,
// when that route does not exist (a 404 or 405 whose body is not a ZDM
// envelope), "/api/v1" (the draft API); it remembers the root
// that answered with an envelope, for the token routes too. A client given
// any other path uses it as given and never probes.
const (
	releasedAPIRoot = "/api"
	seedAPIRoot     = "/api/v1"
)

// apiRoot is where a client's calls go.
type apiRoot struct {
	// baseStr and baseRedacted are the base URL as given (normalized),
	// and with its password hidden, for redactURL.
	baseStr, baseRedacted string
	// roots are the fixed root alone, when the base URL named one, or
	// the candidates discovery tries, in order.
	roots [2]string
	fixed bool
	// paths are the roots' escaped paths, for relative.
	paths [2]string
	// learned is 1 + the index of the candidate that answered with an
	// envelope; 0 while unknown.
	learned atomic.Int32
}

func newAPIRoot(base *url.URL, discover bool) *apiRoot {
	r := &apiRoot{baseStr: base.String(), baseRedacted: base.Redacted()}
	if !discover {
		r.roots[0], r.paths[0], r.fixed = base.String(), base.EscapedPath(), true
		return r
	}
	for i, p := range [...]string{releasedAPIRoot, seedAPIRoot} {
		u := *base
		u.Path, u.RawPath = p, ""
		r.roots[i], r.paths[i] = u.String(), p
	}
	return r
}

// tries are the roots a call tries, in order: the fixed or learnt one,
// else every candidate.
func (r *apiRoot) tries() []string {
	switch i := r.learned.Load(); {
	case r.fixed:
		return r.roots[:1]
	case i > 0:
		return r.roots[i-1 : i]
	}
	return r.roots[:]
}

// current is the root calls go to now: the fixed or learnt one, else the
// first to try.
func (r *apiRoot) current() string { return r.tries()[0] }

// known reports whether the root is fixed or learnt.
func (r *apiRoot) known() bool { return r.fixed || r.learned.Load() > 0 }

// url is the URL of a path under the current root.
func (r *apiRoot) url(rel string) string { return r.current() + "/" + rel }

// learn remembers the root that answered with a ZDM envelope, when
// discovering; it returns the path of the root it learnt ("" when it
// learnt nothing new).
func (r *apiRoot) learn(root string) string {
	if r.known() {
		return ""
	}
	for i, p := range [...]string{releasedAPIRoot, seedAPIRoot} {
		if r.roots[i] == root && r.learned.CompareAndSwap(0, int32(i)+1) {
			return p
		}
	}
	return ""
}

// relative is the path (and query) of u under an API root: the known
// one, or either candidate while discovering; ok is false when u is under
// none.
func (r *apiRoot) relative(u *url.URL) (string, bool) {
	paths := r.paths[:len(r.tries())]
	if i := r.learned.Load(); i > 0 {
		paths = r.paths[i-1 : i]
	}
	p := u.EscapedPath()
	for i := range paths {
		root := paths[len(paths)-1-i] // the longer candidate, /api/v1, before /api
		if rest, ok := strings.CutPrefix(p, root+"/"); ok && rest != "" {
			if u.RawQuery != "" {
				rest += "?" + u.RawQuery
			}
			return rest, true
		}
	}
	return "", false
}

// seedEra reports whether the root in use is the draft API's, /api/v1.
func (r *apiRoot) seedEra() bool {
	return strings.HasSuffix(r.current(), seedAPIRoot)
}

// sendUnderRoots runs a call under the known API root, or under each
// candidate in turn while the previous one has no such route; tried lists
// the URLs that had none when none had it.
func (c *Client) sendUnderRoots(ctx context.Context, cl *call, v any) (resp *Response, tried []string, err error) {
	if cl.abs != "" {
		resp, err = c.do(ctx, cl, cl.abs, v)
		return resp, nil, err
	}
	for _, root := range c.root.tries() {
		resp, err = c.do(ctx, cl, root+"/"+cl.rel, v)
		// Only this call's own answer says the route is missing: an error
		// from the token issue (no response here) is the issue's, and was
		// discovered on its own routes already.
		if resp == nil || !routeMissing(err) {
			if resp != nil && answeredByZDM(err) && c.root.learn(root) == seedAPIRoot {
				c.learn(GenerationDraft, false) // only the draft API lives under /api/v1
			}
			return resp, nil, err
		}
		tried = append(tried, c.redactURL(root+"/"+cl.rel))
	}
	return resp, tried, err
}

// routeMissing reports whether err says the server has no such route.
func routeMissing(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.kind == ErrEndpointNotFound
}

// answeredByZDM reports whether a call's outcome came from a ZDM server
// (an envelope, success or error) rather than a proxy or a network.
func answeredByZDM(err error) bool {
	if err == nil {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.envelope
}

// routeSnippetLen bounds the part of a missing route's page quoted in its
// error: enough to recognise a framework's "Cannot GET" or a proxy's
// title, not the page.
const routeSnippetLen = 60

// explainMissingRoute says in err which URLs were tried (every one), what
// came back (its status and the start of the page) and which base URL to
// check.
func (c *Client) explainMissingRoute(err error, tried []string) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return
	}
	var b strings.Builder
	b.WriteString("the server has no route ")
	b.WriteString(strings.Join(tried, " nor "))
	fmt.Fprintf(&b, " (%d %s, not a ZDM answer", apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	if len(apiErr.Body) > 0 {
		fmt.Fprintf(&b, ": %q", snippet(apiErr.Body, routeSnippetLen))
	}
	b.WriteString("): check the base URL ")
	b.WriteString(c.base.Redacted())
	if !c.root.known() || len(tried) > 1 {
		b.WriteString(" (give the API root, such as https://host/api, to skip discovery)")
	} else {
		b.WriteString(", or whether this server version has the endpoint")
	}
	apiErr.Message = b.String()
}
