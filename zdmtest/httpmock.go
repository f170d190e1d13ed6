package zdmtest

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"

	"github.com/jarcoal/httpmock"
)

// Responder returns an httpmock.Responder that serves requests with the
// server in-process, as [Server.Transport] does.
func (s *Server) Responder() httpmock.Responder { return s.Transport().RoundTrip }

// mockMethods are the methods RegisterResponders routes.
var mockMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// RegisterResponders routes every request mt gets for the server's host
// (s.URL's scheme, host and port) to the server, in-process: no socket is
// used. Users of httpmock must hand mt to the client themselves, since
// httpmock.Activate does not reach the SDK's retrying transport:
//
//	mt := httpmock.NewMockTransport()
//	srv.RegisterResponders(mt)
//	c := srv.Client(zdm.WithHTTPClient(&http.Client{Transport: mt}))
func (s *Server) RegisterResponders(mt *httpmock.MockTransport) {
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		s.misuse("RegisterResponders: the server has no URL: %v", err)
		return
	}
	rx := regexp.MustCompile(`^` + regexp.QuoteMeta(u.Scheme+"://"+u.Host) + `([/?#]|$)`)
	for _, m := range mockMethods {
		mt.RegisterRegexpResponder(m, rx, s.Responder())
	}
}

// FixtureResponder returns an httpmock.Responder that answers every
// request with status and body (a saved response, such as one of the SDK's
// testdata files), under contentType ("" sends none), with its
// Content-Length.
func FixtureResponder(status int, body []byte, contentType string) httpmock.Responder {
	body = bytes.Clone(body)
	return func(req *http.Request) (*http.Response, error) {
		h := http.Header{}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		return response(req, status, h, bytes.NewReader(body), len(body)), nil
	}
}
