package zdm

import (
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/google/go-querystring/query"
)

// Every options type goes through one path: its validate method, then
// go-querystring (only the fields set are sent), then the shaping for the
// server's generation. go-querystring re-reads the struct tags by
// reflection on every call; since polls repeat the same options, encoded
// queries are cached by value.

// queryKey is a cache key: an options value (a comparable struct) and the
// generation it was shaped for.
type queryKey struct {
	opts any
	gen  Generation
}

var (
	queryCache     sync.Map // queryKey -> string
	queryCacheSize atomic.Int32
)

// maxCachedQueries bounds the cache; past it, the cache starts over.
const maxCachedQueries = 1024

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
	var zero T
	if o == nil || *o == zero {
		return "", nil
	}
	key := queryKey{opts: *o, gen: c.queryGeneration()}
	if q, ok := queryCache.Load(key); ok {
		return q.(string), nil
	}
	v, err := shape(c, o)
	if err != nil {
		return "", err
	}
	q := ""
	if len(v) > 0 {
		q = "?" + v.Encode()
	}
	if c.queryGeneration() != key.gen {
		// The client learnt its generation while shaping: q may be
		// shaped for the new one, so it is not what key stands for.
		return q, nil
	}
	if queryCacheSize.Add(1) > maxCachedQueries {
		queryCache.Clear()
		queryCacheSize.Store(0)
	}
	queryCache.Store(key, q)
	return q, nil
}

// plainQuery is a shape that sends the options as they are encoded.
func plainQuery[T comparable](_ *Client, o *T) (url.Values, error) { return values(o) }
