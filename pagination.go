package zdm

import (
	"encoding/json"
	"strconv"
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
// beside data, inside data (server monitoring) or, on seed-era servers, in
// the envelope's meta.
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
}

// wirePagination is a pagination object as servers send it: numbers and
// booleans, or the same as strings.
type wirePagination struct {
	CurrentPage     text `json:"currentPage"`
	TotalPages      text `json:"totalPages"`
	TotalItems      text `json:"totalItems"`
	ItemsPerPage    text `json:"itemsPerPage"`
	HasNextPage     text `json:"hasNextPage"`
	HasPreviousPage text `json:"hasPreviousPage"`
}

// model is the pagination, or nil when w holds none of its keys.
func (w *wirePagination) model() *Pagination {
	if w == nil || *w == (wirePagination{}) {
		return nil
	}
	p := &Pagination{
		CurrentPage:     atoi(w.CurrentPage),
		TotalPages:      atoi(w.TotalPages),
		TotalItems:      atoi(w.TotalItems),
		ItemsPerPage:    atoi(w.ItemsPerPage),
		HasNextPage:     w.HasNextPage == "true",
		HasPreviousPage: w.HasPreviousPage == "true",
	}
	if w.HasNextPage == "" && p.CurrentPage > 0 {
		p.HasNextPage = p.CurrentPage < p.TotalPages
	}
	if w.HasPreviousPage == "" {
		p.HasPreviousPage = p.CurrentPage > 1
	}
	return p
}

// atoi reads a non-negative count; anything else reads as 0.
func atoi(t text) int {
	n, err := strconv.Atoi(string(t))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// paginationIn reads a pagination object from raw JSON (the seed era's
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
