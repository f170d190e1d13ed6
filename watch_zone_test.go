package zdm

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWatch_LearntZoneMovingIsNoChange: a server whose clock is about
// 7m30s off its Date header makes the zone the client learns move between
// +09:00 and +09:15 from one answer to the next, and with it the stored
// offset of every time, while the server sends the same text. That is no
// change of content: OnUpdate is not called again and the gap grows.
func TestWatch_LearntZoneMovingIsNoChange(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		answers := 0
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			answers++
			ahead := 9*time.Hour + 7*time.Minute + 29*time.Second
			if answers%2 == 0 {
				ahead += 2 * time.Second
			}
			now := time.Now()
			w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
			status, end := "Processing", "-"
			if answers > 6 {
				status, end = "Complete", "2025-01-15 10:30:00"
			}
			reply(w, http.StatusOK, "application/json", fmt.Appendf(nil, `{"success": true, "requestID": "r%d",
				"data": {"system": {"source": {"name": "a"}, "target": {"name": "b"}}, "job": {"info": {"name": "nightly"}, "log": [],
				"details": [{"partition": "/", "drive": null, "progressInfo": {"status": %q, "percent": "50%%", "message": "copying",
				"start": "2025-01-15 10:00:00", "elapsed": "-", "end": %q}}]}},
				"message": "ok", "timestamp": %q}`, answers, status, end, now.Add(ahead).Format("2006-01-02 15:04:05")))
		})
		c := newLocalClient(t, h, WithToken("tok"))
		var seen []string
		var at []time.Time
		_, err := c.Recoveries.Watch(context.Background(), "nightly", nil, &WatchOptions{
			Interval: time.Second, MaxInterval: time.Hour,
			OnUpdate: func(m *JobMonitoring) {
				seen = append(seen, m.Job.Details[0].ProgressInfo.Start)
				at = append(at, time.Now())
			},
		})
		require.NoError(t, err)
		assert.Equal(t, 7, answers)
		assert.Len(t, seen, 2, "the first snapshot and the completion, not every zone flip: %v", seen)
		require.Len(t, at, 2)
		// Five unchanged polls: gaps of about 1.5s, 2.25s, 3.4s, 5s, 7.6s
		// (jitter takes up to 10%), not five of 1s.
		assert.Greater(t, at[1].Sub(at[0]), 16*time.Second, "the gap grew while nothing changed")
	})
}
