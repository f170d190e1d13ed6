package zdm_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestListAll_LazyPagesBoundedMemory lists 10,000 jobs of the fake server
// in pages of 100: pages are fetched only as the loop asks, breaking out
// stops fetching, and the heap holds about one page whatever the total.
func TestListAll_LazyPagesBoundedMemory(t *testing.T) {
	// Not parallel: it measures the heap.
	if raceEnabled {
		t.Skip("measures the heap at scale: run without -race (.ci/run does)")
	}
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithInProcess())
	for i := 1; i <= 10000; i++ {
		srv.AddRecoveryJob(zdmtest.JobSpec{ID: i, Name: fmt.Sprintf("job-%05d", i), Center: "dc-seoul",
			Partitions: []zdmtest.PartitionSpec{{Partition: "/"}}})
	}
	rs := srv.Client().Recoveries
	ctx := context.Background()
	pages := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Method == "GET" && strings.HasSuffix(r.Path, "/recoveries") {
				n++
			}
		}
		return n
	}

	// Early stop: 150 items take two pages, no more.
	n := 0
	for job, err := range rs.ListAll(ctx, &zdm.ListRecoveriesOptions{ListOptions: zdm.ListOptions{Limit: 100}}) {
		require.NoError(t, err)
		require.NotNil(t, job)
		if n++; n == 150 {
			break
		}
	}
	assert.Equal(t, 2, pages())

	// All of them: 100 pages, every name once, the heap flat.
	seen := make(map[string]bool, 10000)
	var atPage2, atPage90 int64
	for job, err := range rs.ListAll(ctx, &zdm.ListRecoveriesOptions{ListOptions: zdm.ListOptions{Limit: 100}}) {
		require.NoError(t, err)
		seen[job.Job.Info.Name] = true
		switch len(seen) {
		case 150:
			atPage2 = heapInUse()
		case 8950:
			atPage90 = heapInUse()
		}
	}
	assert.Len(t, seen, 10000)
	assert.Equal(t, 2+100, pages())
	grew := atPage90 - atPage2
	t.Logf("heap at page 2: %d KiB, at page 90: %d KiB", atPage2>>10, atPage90>>10)
	// 88 more pages of jobs, had they been kept, would be several MiB; the
	// seen map grows by about 8,800 short names.
	assert.Less(t, grew, int64(2<<20), "memory bounded by one page")
}
