package zdm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// What every service method goes through, in every family. A method is a
// short function: it gets its client with its input checked
// (service.checked), then makes one of these calls:
//   - readList: a list page, into models (allPages for every page);
//   - readOne: one object, into a model;
//   - write: a write (one send; a lost answer matches ErrOutcomeUnknown),
//     its answer into a model, and what of it the server reports failed;
//   - request: any other call, its data into a wire value.
//
// Each builds its request with NewRequest and sends it through Do's path
// (Client.send).

// service is what each service holds, as in go-github.
type service struct{ client *Client }

// checked is the client of s, a service whose type is named name, for a
// call whose input passed its checks (each an error or nil: a
// reference's checkRef, the options' or request's validate): an error
// wrapping ErrInvalidArgument when s has no client, else the first check
// that failed. Each service has a checked method that names it.
func (s *service) checked(name string, checks ...error) (*Client, error) {
	if s == nil || s.client == nil {
		return nil, invalidArg("%s has no client: build the Client with NewClient", name)
	}
	for _, err := range checks {
		if err != nil {
			return nil, err
		}
	}
	return s.client, nil
}

// ready is checked with nothing to check (the backup family's calls).
func (s *service) ready(name string) (*Client, error) { return s.checked(name) }

// request sends method path (its query included) with body (nil for
// none) through Do's path, and decodes the answer's data into v (nil to
// ignore it). A body that holds a secret (secretHolder: a repository's
// password) has it scrubbed from the answer like the client's own
// secrets.
func request(ctx context.Context, c *Client, method, path string, body, v any) (*Response, error) {
	req, err := c.NewRequest(method, path, body)
	if err != nil {
		return nil, err
	}
	return c.send(ctx, req, v, secretOf(body))
}

// secretHolder is a request body that holds a secret (a password) the
// server may echo back in its answer.
type secretHolder interface{ secret() string }

// secretOf is the secret body holds, "" for none.
func secretOf(body any) string {
	if s, ok := body.(secretHolder); ok {
		return s.secret()
	}
	return ""
}

// shaper turns options into a query shaped for the client's server.
type shaper[O any] func(*Client, *O) (url.Values, error)

// getShaped sends GET path with opts' query (shaped by shape) and decodes
// the answer's data into w.
func getShaped[O comparable](ctx context.Context, c *Client, path string, opts *O, shape shaper[O], w any) (*Response, error) {
	q, err := encodeQuery(c, opts, shape)
	if err != nil {
		return nil, err
	}
	return request(ctx, c, http.MethodGet, path+q, nil, w)
}

// getList is getShaped with opts' query sent as encoded.
func getList[O comparable](ctx context.Context, c *Client, path string, opts *O, w any) (*Response, error) {
	return getShaped(ctx, c, path, opts, plainQuery[O], w)
}

// readList reads a list from path with opts' query (shaped by shape) into
// models, the page decoded into a buffer sized for the page asked for.
func readList[O comparable, W, M any](ctx context.Context, c *Client, path string, opts *O, shape shaper[O], model func(*W, *times) M) ([]*M, *Response, error) {
	w := pageBuffer[W](limitOf(opts))
	resp, err := getShaped(ctx, c, path, opts, shape, &w)
	if err != nil {
		return nil, resp, err
	}
	return modelsOf(w, resp.zone, model), resp, nil
}

// noOptions are the options of a call that takes none.
type noOptions struct{}

// readOne reads one object from path with opts' query into a model.
func readOne[O comparable, W, M any](ctx context.Context, c *Client, path string, opts *O, shape shaper[O], model func(*W, *times) M) (*M, *Response, error) {
	var w W
	resp, err := getShaped(ctx, c, path, opts, shape, &w)
	if err != nil {
		return nil, resp, err
	}
	out := model(&w, resp.zone.times())
	return &out, resp, nil
}

// write sends a write and reads its answer into a model: see writeIn,
// for a model without times.
func write[W, M any](ctx context.Context, c *Client, method, path string, body any, model func(*W) *M, judge func(*M, *Response) error) (*M, *Response, error) {
	return writeIn(ctx, c, method, path, body, func(w *W, _ *times) *M { return model(w) }, judge)
}

// writeIn sends a write (one send; an answer lost after sending matches
// ErrOutcomeUnknown) and reads its answer into a model, its times in the
// answer's zone. judge says what of an accepted write the server reports
// failed (an error beside the result); nil when nothing can fail so.
func writeIn[W, M any](ctx context.Context, c *Client, method, path string, body any, model func(*W, *times) *M, judge func(*M, *Response) error) (*M, *Response, error) {
	var w W
	resp, err := request(ctx, c, method, path, body, &w)
	if err != nil {
		return nil, resp, err
	}
	out := model(&w, resp.zone.times())
	if judge == nil {
		return out, resp, nil
	}
	return out, resp, judge(out, resp)
}

// modelsOf turns a wire list into models, all held in one allocation.
func modelsOf[W, M any](w []W, z zone, model func(*W, *times) M) []*M {
	items := make([]M, len(w))
	out := make([]*M, len(w))
	t := z.times()
	for i := range w {
		items[i] = model(&w[i], t)
		out[i] = &items[i]
	}
	return out
}

// maxPageBuffer bounds the room made for a page before it is read.
const maxPageBuffer = 500

// pageBuffer makes room for a page of limit rows, so that encoding/json,
// which fills a slice's capacity before it grows it, does not copy the
// rows decoded so far each time it grows (a third of the bytes a list
// page allocates: see BenchmarkDecodeList); nil when the size is not
// known.
func pageBuffer[T any](limit int) []T {
	if limit <= 0 {
		return nil
	}
	return make([]T, 0, min(limit, maxPageBuffer))
}

// listOptions returns the page of a list's options (every list's options
// embed ListOptions).
func (o *ListOptions) listOptions() *ListOptions { return o }

// pager is a list's options type.
type pager[O any] interface {
	*O
	listOptions() *ListOptions
}

// limitOf is the page size opts ask for, 0 when they set none.
func limitOf[O any](opts *O) int {
	if p, ok := any(opts).(interface{ listOptions() *ListOptions }); ok && opts != nil {
		return p.listOptions().Limit
	}
	return 0
}

// allPages pages through a list lazily (see [RecoveriesService.ListAll]):
// fetch reads one page of options. Each range works on its own copy of
// opts as they were when allPages was called.
func allPages[O any, P pager[O], T any](opts *O, fetch func(*O) ([]T, *Response, error)) iter.Seq2[T, error] {
	var base O
	if opts != nil {
		base = *opts
	}
	return func(yield func(T, error) bool) {
		var zero T
		o := base
		page := P(&o).listOptions()
		if err := page.validate("ListOptions"); err != nil {
			yield(zero, err)
			return
		}
		if page.Limit == 0 {
			page.Limit = DefaultPageSize
		}
		if page.Page == 0 {
			page.Page = 1
		}
		for pages := 1; ; pages++ {
			items, resp, err := fetch(&o)
			if err == nil {
				page.Page, err = nextListPage(page.Page, pages, len(items), resp)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if page.Page == 0 {
				return
			}
		}
	}
}
