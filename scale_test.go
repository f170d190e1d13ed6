package zdm_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestScaleThousandWatches has one Client watch 1,000 jobs at once on
// zdmtest over loopback TCP, and measures what that costs: connections
// opened (a counting dialer), peak goroutines, and heap per idle watch.
func TestScaleThousandWatches(t *testing.T) {
	if testing.Short() {
		t.Skip("scale test")
	}
	if raceEnabled {
		t.Skip("measures the heap and goroutines at scale: run without -race (.ci/run does)")
	}
	const (
		watches  = 1000
		poolSize = 32
	)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	srv, err := zdmtest.Start()
	require.NoError(t, err)
	defer srv.Close()
	jobs := make([]*zdmtest.Job, watches)
	for i := range jobs {
		// Running at 50% until the test completes it.
		jobs[i] = srv.AddRecoveryJob(zdmtest.JobSpec{
			Name:       fmt.Sprintf("job-%04d", i),
			Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 50}}}},
		})
	}

	var dials atomic.Int64
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		},
		MaxConnsPerHost:     poolSize,
		MaxIdleConnsPerHost: poolSize,
	}
	defer tr.CloseIdleConnections()
	c, err := zdm.NewClient(srv.URL, zdm.WithHTTPClient(&http.Client{Transport: tr}), zdm.WithToken(srv.Token()))
	require.NoError(t, err)

	heapBefore := heapInUse()
	goroutinesBefore := runtime.NumGoroutine()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, watches)
	for i := range watches {
		wg.Go(func() {
			_, errs[i] = c.Recoveries.Watch(ctx, fmt.Sprintf("job-%04d", i), nil, &zdm.WatchOptions{
				Interval: time.Second, MaxInterval: time.Second,
			})
		})
	}

	// Once every job was polled, the watches sleep between polls: idle.
	require.Eventually(t, func() bool {
		for _, j := range jobs {
			if j.Polls() == 0 {
				return false
			}
		}
		return true
	}, time.Minute, 5*time.Millisecond)
	srv.ClearRequests() // the fake's own record of requests is not the client's cost
	peakGoroutines := runtime.NumGoroutine()
	perWatch := (heapInUse() - heapBefore) / watches

	for _, j := range jobs {
		j.Complete()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "watch %d", i)
	}

	t.Logf("%d watches: %d connections opened (pool %d), goroutines %d -> %d, heap per idle watch %d B",
		watches, dials.Load(), poolSize, goroutinesBefore, peakGoroutines, perWatch)
	// The pool bounds connections open at once; a connection the server
	// closed while idle may be dialled again, hence a little slack.
	assert.LessOrEqual(t, dials.Load(), int64(poolSize+4), "connections stay within the pool")
	assert.LessOrEqual(t, perWatch, int64(16<<10), "heap per idle watch")
	// One goroutine per watch, plus two per pooled connection on the client
	// side and one on the (in-process) server side.
	assert.LessOrEqual(t, peakGoroutines-goroutinesBefore, watches+3*poolSize+32, "about one goroutine per watch")
}

// heapInUse is the live heap after a collection.
func heapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
