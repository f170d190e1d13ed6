package zdm

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ListOptions is embedded in the options of every list. Servers paginate
// only when Page or Limit is set; otherwise they answer the whole list.
type ListOptions struct {
	// Page is the 1-based page to read (default 1 when Limit is set).
	Page int `url:"page,omitempty"`
	// Limit is the page size (servers default to 20 when Page is set).
	Limit int `url:"limit,omitempty"`
}

// Pagination is the page a list answer holds, wherever the server put it:
// beside data, inside data (server monitoring) or, on servers of the
// draft API, in the envelope's meta. Numbers are read from JSON numbers
// or text ("2", 2, 2.0), booleans from true/false, "true"/"false" in any
// case, 1/0 and "1"/"0".
type Pagination struct {
	// CurrentPage is this page's number, from 1.
	CurrentPage int `json:"currentPage"`
	// TotalPages is the number of pages (0 when the list is empty).
	TotalPages int `json:"totalPages"`
	// TotalItems is the number of items on all pages.
	TotalItems int `json:"totalItems"`
	// ItemsPerPage is the page size.
	ItemsPerPage int `json:"itemsPerPage"`
	// HasNextPage reports whether a page follows this one.
	HasNextPage bool `json:"hasNextPage"`
	// HasPreviousPage reports whether a page comes before this one.
	HasPreviousPage bool `json:"hasPreviousPage"`

	// invalid says what in the server's pagination could not be read
	// (a negative or fractional count, a word that is not a boolean);
	// "" when it all read.
	invalid string
	// nextUnsaid: the server sent no hasNextPage (HasNextPage is then
	// derived from the page numbers it sent).
	nextUnsaid bool
}

// wirePagination is a pagination object as servers send it: each value a
// JSON number, boolean or text, read by model.
type wirePagination struct {
	CurrentPage     json.RawMessage `json:"currentPage"`
	TotalPages      json.RawMessage `json:"totalPages"`
	TotalItems      json.RawMessage `json:"totalItems"`
	ItemsPerPage    json.RawMessage `json:"itemsPerPage"`
	HasNextPage     json.RawMessage `json:"hasNextPage"`
	HasPreviousPage json.RawMessage `json:"hasPreviousPage"`
}

// model is the pagination, or nil when w holds none of its keys.
func (w *wirePagination) model() *Pagination {
	if w == nil || (w.CurrentPage == nil && w.TotalPages == nil && w.TotalItems == nil &&
		w.ItemsPerPage == nil && w.HasNextPage == nil && w.HasPreviousPage == nil) {
		return nil
	}
	var bad []string
	count := func(name string, raw json.RawMessage) int {
		n, ok := readCount(raw)
		if !ok {
			bad = append(bad, fmt.Sprintf("%s %.20s", name, raw))
		}
		return n
	}
	flag := func(name string, raw json.RawMessage, otherwise bool) (bool, bool) {
		b, ok, given := readFlag(raw)
		if !ok {
			bad = append(bad, fmt.Sprintf("%s %.20s", name, raw))
		}
		if !given {
			return otherwise, false
		}
		return b, true
	}
	p := &Pagination{
		CurrentPage:  count("currentPage", w.CurrentPage),
		TotalPages:   count("totalPages", w.TotalPages),
		TotalItems:   count("totalItems", w.TotalItems),
		ItemsPerPage: count("itemsPerPage", w.ItemsPerPage),
	}
	var said bool
	p.HasNextPage, said = flag("hasNextPage", w.HasNextPage, p.CurrentPage > 0 && p.CurrentPage < p.TotalPages)
	p.nextUnsaid = !said
	p.HasPreviousPage, _ = flag("hasPreviousPage", w.HasPreviousPage, p.CurrentPage > 1)
	if bad != nil {
		p.invalid = strings.Join(bad, ", ")
	}
	return p
}

// scalarText is a JSON scalar as text: a string's value, a number or
// boolean as its literal; ok is false for an object or array.
func scalarText(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	switch raw[0] {
	case '{', '[':
		return "", false
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return strings.TrimSpace(s), true
	}
	return string(raw), true
}

// readCount reads a non-negative whole number ("2", 2, 2.0); absent or
// empty reads 0. ok is false for anything else (-1, 1.5, "abc").
func readCount(raw json.RawMessage) (int, bool) {
	s, ok := scalarText(raw)
	if !ok {
		return 0, false
	}
	if s == "" {
		return 0, true
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// readFlag reads a boolean: true/false, the words in any case, 1/0 and
// "1"/"0". given is false when absent or empty; ok is false for anything
// else.
func readFlag(raw json.RawMessage) (b, ok, given bool) {
	s, ok := scalarText(raw)
	if !ok {
		return false, false, true
	}
	switch strings.ToLower(s) {
	case "":
		return false, true, false
	case "true", "1":
		return true, true, true
	case "false", "0":
		return false, true, true
	}
	return false, false, true
}

// next is the page after p, 0 when p is the last (or unreadable, or
// nil). A pagination that does not say which page it is (no
// currentPage) is the page asked for; one that does not say whether a
// page follows has one while totalPages says so.
func (p *Pagination) next(asked int) int {
	if p == nil || p.invalid != "" {
		return 0
	}
	current := cmp.Or(p.CurrentPage, asked)
	if !p.HasNextPage && !(p.nextUnsaid && current < p.TotalPages) {
		return 0
	}
	return current + 1
}

// page is the page a call asks for (its "page" parameter), 1 when it asks
// for none.
func (cl *call) page() int {
	_, query, _ := strings.Cut(cl.path(), "?")
	for param := range strings.SplitSeq(query, "&") {
		if v, ok := strings.CutPrefix(param, "page="); ok {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				return n
			}
		}
	}
	return 1
}

// paginationIn reads a pagination object from raw JSON (the draft API's
// meta), nil when it holds none.
func paginationIn(raw json.RawMessage) *Pagination {
	var w wirePagination
	if json.Unmarshal(raw, &w) != nil {
		return nil
	}
	return w.model()
}

// paginated is data that carries its own pagination (server monitoring
// puts it inside data).
type paginated interface{ pagination() *Pagination }

// validate checks the page and limit of a list's options.
func (o ListOptions) validate(what string) error {
	if o.Page < 0 {
		return invalidArg("%s.Page %d is negative: expected 1 or more (0 for the first)", what, o.Page)
	}
	if o.Limit < 0 {
		return invalidArg("%s.Limit %d is negative: expected 1 or more (0 for the server's default)", what, o.Limit)
	}
	return nil
}

// DefaultPageSize is the page size ListAll and ListAllHistories ask for
// when the options set no Limit.
const DefaultPageSize = 100

// MaxListPages bounds how many pages one range over a ListAll iterator
// reads. A server whose pagination never ends (hasNextPage true on every
// page, and no totalPages to stop at) would otherwise be read forever;
// with the default page size it is a million items.
const MaxListPages = 10000

// nextListPage is where a ListAll loop goes after page (the pages-th page
// of this range), which held items items and came with resp: the next
// page, 0 to stop, or an error for a pagination that cannot be followed
// (unreadable, another page than asked, or past MaxListPages). The loop
// asks before it yields the page's items.
func nextListPage(page, pages, items int, resp *Response) (int, error) {
	var p *Pagination
	if resp != nil {
		p = resp.Pagination
	}
	next := p.next(page)
	switch {
	case p == nil || items == 0:
		return 0, nil // not paginated (the whole list), or past the end
	case p.invalid != "":
		return 0, fmt.Errorf("%w: page %d's pagination cannot be read (%s)", ErrUnexpectedResponse, page, Printable(p.invalid))
	case p.CurrentPage > 0 && p.CurrentPage != page:
		return 0, fmt.Errorf("%w: asked for page %d, the server answered page %d", ErrUnexpectedResponse, page, p.CurrentPage)
	case next <= page || (p.TotalPages > 0 && page >= p.TotalPages):
		return 0, nil // the last page
	case pages >= MaxListPages:
		return 0, fmt.Errorf("%w: read %d pages and the server still reports a next page: stopped at MaxListPages", ErrUnexpectedResponse, pages)
	}
	return next, nil
}

// atoi reads a non-negative count; anything else reads as 0.
func atoi(t text) int {
	n, err := strconv.Atoi(string(t))
	if err != nil || n < 0 {
		return 0
	}
	return n
}
