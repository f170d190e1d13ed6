package zdm

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagingServer answers GET recoveries with one job per page; answer
// decides the pagination object for the page asked.
func pagingServer(t *testing.T, answer func(page int) string) (*Client, *atomic.Int32) {
	var calls atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		body := fmt.Sprintf(`{"success":true,"data":[{"job":{"info":{"id":"%d","name":"job-%d"}}}],"pagination":%s}`, page, page, answer(page))
		reply(w, 200, "application/json", []byte(body))
	})
	return newLocalClient(t, h), &calls
}

func TestListAll_TrustsTotalPagesOverAStuckHasNextPage(t *testing.T) {
	t.Parallel()
	c, calls := pagingServer(t, func(page int) string {
		return fmt.Sprintf(`{"currentPage":%d,"totalPages":3,"totalItems":3,"itemsPerPage":1,"hasNextPage":true}`, page)
	})
	n := 0
	for _, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		if n++; n > 10 {
			break
		}
	}
	assert.Equal(t, 3, n)
	assert.Equal(t, int32(3), calls.Load())
}

func TestListAll_ServerIgnoringThePageIsAnErrorNotALoop(t *testing.T) {
	t.Parallel()
	c, _ := pagingServer(t, func(int) string {
		return `{"currentPage":1,"hasNextPage":true}`
	})
	var errs []error
	n := 0
	for _, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 1}}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n > 10 {
			break
		}
	}
	assert.Equal(t, 1, n)
	require.Len(t, errs, 1, "one error, then the end")
	assert.ErrorIs(t, errs[0], ErrUnexpectedResponse)
	assert.Contains(t, errs[0].Error(), "asked for page 2, the server answered page 1")
}

func TestListAll_RangesAgainFromTheStartAndConcurrently(t *testing.T) {
	t.Parallel()
	c, _ := pagingServer(t, func(page int) string {
		return fmt.Sprintf(`{"currentPage":%d,"totalPages":3,"hasNextPage":%t}`, page, page < 3)
	})
	seq := c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 1}})
	names := func() []string {
		var out []string
		for r, err := range seq {
			require.NoError(t, err)
			out = append(out, r.Job.Info.Name)
		}
		return out
	}
	want := []string{"job-1", "job-2", "job-3"}
	assert.Equal(t, want, names())
	assert.Equal(t, want, names(), "a second range starts again")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { assert.Equal(t, want, names()) })
	}
	wg.Wait()

	hseq := c.Recoveries.ListAllHistories(context.Background(), &ListHistoriesOptions{ListOptions: ListOptions{Limit: 1}})
	count := func() (n int) {
		for _, err := range hseq {
			if err != nil {
				return -1
			}
			n++
		}
		return n
	}
	assert.Equal(t, 3, count())
	assert.Equal(t, 3, count(), "histories too start again")
}
