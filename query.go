package zdm

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/google/go-querystring/query"
)

// Every options type goes through one path: its validate method, then
// go-querystring (only the fields set are sent), then the shaping for the
// server's generation. Queries are encoded on every call: nothing is
// shared between clients, and a query is always shaped for what the
// client knows of its server at that moment.

// values encodes options (a pointer to a struct with url tags; nil or
// zero encodes to nothing).
func values[T comparable](o *T) (url.Values, error) {
	var zero T
	if o == nil || *o == zero {
		return nil, nil
	}
	v, err := query.Values(o)
	if err != nil {
		return nil, invalidArg("encoding %T: %v", o, err)
	}
	return v, nil
}

// encodeQuery is "?" and the encoded query of o shaped by shape for the
// client's generation, or "" when there is nothing to send.
func encodeQuery[T comparable](c *Client, o *T, shape func(*Client, *T) (url.Values, error)) (string, error) {
	v, err := shape(c, o)
	if err != nil || len(v) == 0 {
		return "", err
	}
	return "?" + v.Encode(), nil
}

// plainQuery is a shape that sends the options as they are encoded.
func plainQuery[T comparable](_ *Client, o *T) (url.Values, error) { return values(o) }

// centerQuery is the query of a call scoped to exactly one center, by ID
// or name ("" sends none), or what is wrong with center: required says
// why the call must name one ("" when it need not).
func centerQuery(center, required string) (query, problem string) {
	switch {
	case center == "":
		return "", required
	case optional(center) != "":
		return "", optional(center)
	case strings.Contains(center, ","):
		return "", fmt.Sprintf("%q names several centers: expected exactly one", center)
	}
	return "?center=" + url.QueryEscape(center), ""
}
