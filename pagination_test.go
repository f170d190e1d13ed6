package zdm

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPagination_ReadWhereverTheServerPutIt(t *testing.T) {
	t.Parallel()
	want := &Pagination{CurrentPage: 1, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasNextPage: true}
	for _, tt := range []struct {
		name, body string
	}{
		{"beside data", `{"success":true,"data":[],"pagination":{"currentPage":1,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true,"hasPreviousPage":false}}`},
		{"draft-API meta", `{"success":true,"data":[],"meta":{"currentPage":1,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true,"hasPreviousPage":false}}`},
		{"numbers as strings", `{"success":true,"data":[],"pagination":{"currentPage":"1","totalPages":"3","totalItems":"25","itemsPerPage":"10","hasNextPage":"true"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v []string
			r, err := decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}}, []byte(tt.body), &v)
			require.NoError(t, err)
			assert.Equal(t, want, r.Pagination)
			assert.Equal(t, 2, r.NextPage)
		})
	}
	var d pagedData
	r, err := decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}},
		[]byte(`{"success":true,"data":{"items":[],"pagination":{"currentPage":3,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":false,"hasPreviousPage":true}}}`), &d)
	require.NoError(t, err)
	assert.Equal(t, &Pagination{CurrentPage: 3, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasPreviousPage: true}, r.Pagination, "inside data")
	assert.Zero(t, r.NextPage, "the last page")

	r, err = decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}}, []byte(`{"success":true,"data":[]}`), &[]string{})
	require.NoError(t, err)
	assert.Nil(t, r.Pagination, "not paginated")
}

// pagedData carries its pagination inside data, as server monitoring does.
type pagedData struct {
	Items      []string        `json:"items"`
	Pagination *wirePagination `json:"pagination"`
}

func (d *pagedData) pagination() *Pagination { return d.Pagination.model() }

// TestListAll_ReadsEveryPaginationSpelling: ListAll follows a pagination
// written with the spellings servers use (hasNextPage as "True", 1 or
// "1"; page numbers as 1.0 or "1"; no currentPage, which is then the
// page asked for): 30 items on 3 pages, none dropped.
func TestListAll_ReadsEveryPaginationSpelling(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]func(page int) string{
		`hasNextPage "True"`: func(p int) string {
			return fmt.Sprintf(`{"currentPage":%d,"hasNextPage":"%s"}`, p, map[bool]string{true: "True", false: "False"}[p < 3])
		},
		"hasNextPage 1": func(p int) string {
			return fmt.Sprintf(`{"currentPage":%d,"hasNextPage":%d}`, p, map[bool]int{true: 1, false: 0}[p < 3])
		},
		`hasNextPage "1"`: func(p int) string {
			return fmt.Sprintf(`{"currentPage":%d,"hasNextPage":"%d"}`, p, map[bool]int{true: 1, false: 0}[p < 3])
		},
		"page numbers as 1.0": func(p int) string {
			return fmt.Sprintf(`{"currentPage":%d.0,"totalPages":3.0,"totalItems":30.0,"itemsPerPage":10.0,"hasNextPage":%t}`, p, p < 3)
		},
		`page numbers as "1"`: func(p int) string {
			return fmt.Sprintf(`{"currentPage":"%d","totalPages":"3","hasNextPage":"%t"}`, p, p < 3)
		},
		"no currentPage (the page asked for)": func(p int) string {
			return fmt.Sprintf(`{"totalPages":3,"totalItems":30,"hasNextPage":%t}`, p < 3)
		},
		"no currentPage nor hasNextPage": func(int) string { return `{"totalPages":3,"totalItems":30}` },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, calls := pagesOfTen(t, answer)
			n := 0
			for _, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 10}}) {
				require.NoError(t, err)
				if n++; n > 100 {
					break
				}
			}
			assert.Equal(t, 30, n, "every item")
			assert.Equal(t, int32(3), calls.Load())
		})
	}
}

// TestListAll_EndlessOrUnreadablePaginationIsAnError: a pagination that
// cannot be followed (a negative totalPages with hasNextPage true, a
// fractional page) is an error at once, and one that never ends (always
// a next page, no total) is an error after MaxListPages pages: never an
// endless loop, never a silent cut.
func TestListAll_EndlessOrUnreadablePaginationIsAnError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		answer func(page int) string
		pages  int32
	}{
		{"negative totalPages", func(p int) string {
			return fmt.Sprintf(`{"currentPage":%d,"totalPages":-1,"hasNextPage":true}`, p)
		}, 1},
		{"fractional page", func(p int) string { return fmt.Sprintf(`{"currentPage":%d.5,"hasNextPage":true}`, p) }, 1},
		{"hasNextPage \"maybe\"", func(p int) string { return fmt.Sprintf(`{"currentPage":%d,"hasNextPage":"maybe"}`, p) }, 1},
		{"never ends", func(p int) string { return fmt.Sprintf(`{"currentPage":%d,"hasNextPage":true}`, p) }, MaxListPages},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, calls := pagesOfTen(t, tc.answer)
			var last error
			n := 0
			for _, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 10}}) {
				if err != nil {
					last = err
					continue
				}
				n++
			}
			require.ErrorIs(t, last, ErrUnexpectedResponse)
			assert.Equal(t, tc.pages, calls.Load(), "pages read")
			assert.Equal(t, 10*(int(tc.pages)-1), n, "the items of the pages before the error")
		})
	}
}

// pagesOfTen answers GET recoveries with ten jobs per page; answer
// decides the pagination object for the page asked.
func pagesOfTen(t *testing.T, answer func(page int) string) (*Client, *atomic.Int32) {
	var calls atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var jobs []string
		for i := range 10 {
			id := page*10 + i
			jobs = append(jobs, fmt.Sprintf(`{"job":{"info":{"id":"%d","name":"job-%d"}}}`, id, id))
		}
		body := fmt.Sprintf(`{"success":true,"data":[%s],"pagination":%s}`, strings.Join(jobs, ","), answer(page))
		reply(w, 200, "application/json", []byte(body))
	})
	return newLocalClient(t, h), &calls
}

// TestPagination_WithoutCurrentPageTheNextPageFollowsThePageAsked: a
// pagination that does not say which page it is (no currentPage) is the
// page asked for: Response.NextPage is the one after it, and every
// ListAll reads every page (issue 17.11: Repositories.ListAll read 10 of
// 30 items, with no error).
func TestPagination_WithoutCurrentPageTheNextPageFollowsThePageAsked(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var items []string
		for i := range 10 {
			items = append(items, fmt.Sprintf(`{"id":"%d","name":"r%d"}`, page*100+i, i))
		}
		reply(w, 200, "application/json", []byte(fmt.Sprintf(`{"success":true,"requestID":"x","data":[%s],`+
			`"pagination":{"totalPages":3,"totalItems":30,"hasNextPage":%t}}`, strings.Join(items, ","), page < 3)))
	})
	c := fixtureClient(t, ts)
	ctx := context.Background()
	_, resp, err := c.Repositories.List(ctx, &ListRepositoriesOptions{ListOptions: ListOptions{Page: 2, Limit: 10}})
	require.NoError(t, err)
	assert.Equal(t, 3, resp.NextPage, "the page after the one asked for")
	_, resp, err = c.Repositories.List(ctx, &ListRepositoriesOptions{ListOptions: ListOptions{Limit: 10}})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.NextPage, "no page asked: the first")

	n := 0
	for _, err := range c.Repositories.ListAll(ctx, &ListRepositoriesOptions{ListOptions: ListOptions{Limit: 10}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 30, n, "every item of the 3 pages")
}
