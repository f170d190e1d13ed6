package zdm

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zoneShiftServer is a 1.x/2.x server whose clock runs 9h07m29s ahead of
// its Date header on the first answer and 9h07m31s on the later ones, so
// that the zone the client learns moves from +09:00 to +09:15 between the
// poll before the start and the polls after it. Its row shows the previous
// run (the same zone-less start and end on the wire) for stalePolls polls
// after the start, then the new run's.
type zoneShiftServer struct {
	mu         sync.Mutex
	stalePolls int
	answers    int
	started    bool
	afterStart int // monitoring polls since the start
}

const (
	wireOldStart, wireOldEnd = "2025-01-14 10:00:00", "2025-01-14 10:30:00"
	wireNewStart, wireNewEnd = "2025-01-15 10:00:00", "2025-01-15 10:30:00"
)

func (z *zoneShiftServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.answers++
	ahead := 9*time.Hour + 7*time.Minute + 31*time.Second
	if z.answers == 1 {
		ahead = 9*time.Hour + 7*time.Minute + 29*time.Second
	}
	now := time.Now()
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	stamp := now.Add(ahead).Format("2006-01-02 15:04:05")
	var data string
	switch {
	case r.Method == http.MethodPut:
		z.started = true
		data = `{"jobInfo": {"id": "7", "name": "nightly"}, "summary": {"state": "success", "commonUpdatedFields": [], "eachUpdatedFields": []}}`
	case strings.Contains(r.URL.Path, "/recoveries/histories"):
		data = `[]`
	default:
		start, end := wireOldStart, wireOldEnd
		if z.started {
			z.afterStart++
			if z.afterStart > z.stalePolls {
				start, end = wireNewStart, wireNewEnd
			}
		}
		data = fmt.Sprintf(`{"system": {"source": {"name": "web-prod-01"}, "target": {"name": "web-dr-01"}},
			"job": {"info": {"name": "nightly"}, "log": [], "details": [{"partition": "/", "drive": null,
			"progressInfo": {"status": "Complete", "percent": "100%%", "message": "Recovery completed",
			"start": %q, "elapsed": "00:30:00", "end": %q}}]}}`, start, end)
	}
	reply(w, http.StatusOK, "application/json", fmt.Appendf(nil,
		`{"success": true, "requestID": "req-%d", "data": %s, "message": "ok", "timestamp": %q}`, z.answers, data, stamp))
}

// TestRun_LearntZoneMovingDoesNotMakeTheOldRunNew: the previous run's
// times, the same on the wire, are stored with +09:00 before the start
// and +09:15 after it (the client learnt the zone again). Run compares
// them as the server's clock wrote them: the old row is not the new run,
// and Run ends with the new run's row.
func TestRun_LearntZoneMovingDoesNotMakeTheOldRunNew(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		z := &zoneShiftServer{stalePolls: 3}
		c := newLocalClient(t, z, WithToken("tok"))
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()

		final, err := c.Recoveries.Run(ctx, "nightly", "", &WatchOptions{Interval: time.Second})
		require.NoError(t, err)
		require.Len(t, final.Job.Details, 1)
		p := final.Job.Details[0].ProgressInfo
		assert.Equal(t, "2025-01-15T10:30:00+09:15", p.End, "the new run's end, not the previous run's")
		assert.Equal(t, z.stalePolls+1, z.afterStart, "the old row shown three times was not taken")

		// The server never shows the new run: Run waits until ctx ends.
		z = &zoneShiftServer{stalePolls: 1 << 30}
		c = newLocalClient(t, z, WithToken("tok"))
		ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		last, err := c.Recoveries.Run(ctx, "nightly", "", &WatchOptions{Interval: time.Second})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.NotNil(t, last)
		assert.Equal(t, "2025-01-14T10:30:00+09:15", last.Job.Details[0].ProgressInfo.End)
		assert.Equal(t, "+09:15", time.Date(2025, 1, 1, 0, 0, 0, 0, c.ServerTimeZone()).Format("-07:00"),
			"the zone did move during the run")
	})
}

// TestRun_FlapBackToThePreviousRunIsNotTheNewRun: after the start the
// row shows the new run (Processing with a new start), then flaps back to
// the previous run's Complete with its very start and end. That row is
// the previous run's, whatever the status did in between: Run waits for
// the new run's own end.
func TestRun_FlapBackToThePreviousRunIsNotTheNewRun(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		old := snap(StatusComplete, oldStart, oldEnd)
		f := &fakeRunner{snaps: []*JobMonitoring{old,
			snap(StatusProcessing, newStart, "-"), old, old,
			snap(StatusComplete, newStart, newEnd)}}
		final, err := runJob(context.Background(), f, "daily-recovery", "1", fastWatch())
		require.NoError(t, err)
		assert.Equal(t, newEnd, final.Job.Details[0].ProgressInfo.End)
		assert.Equal(t, 4, f.afterStartPoll, "the flapped-back rows were not taken")

		// The same flap on the 3.0.0 job-level progress.
		v3 := func(st Status, start, end string) *JobMonitoring {
			m := snap(StatusComplete, "-", "-")
			m.Job.Progress = &ProgressInfo{Status: st, Percent: "100%", Start: start, End: end}
			return m
		}
		f = &fakeRunner{snaps: []*JobMonitoring{v3(StatusComplete, oldStart, oldEnd),
			v3(StatusProcessing, newStart, "-"), v3(StatusComplete, oldStart, oldEnd),
			v3(StatusComplete, newStart, newEnd)}, historyErr: ErrEndpointNotFound}
		final, err = runJob(context.Background(), f, "daily-recovery", "1", fastWatch())
		require.NoError(t, err)
		assert.Equal(t, newEnd, final.Job.Progress.End)
		assert.Equal(t, 3, f.afterStartPoll)
	})
}
