package zdm

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kstServer answers the v1 fixture (zone-less times) with a zone-less
// envelope timestamp and a Date header 9 hours behind it.
func kstAnswer(t *testing.T) http.Handler {
	body := fixture(t, "monitor_v1_windows.json") // timestamp 2026-01-17 15:43:47
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Sat, 17 Jan 2026 06:43:52 GMT")
		reply(w, 200, "application/json", body)
	})
}

func TestTimeZone_LearntFromTheServerAndKeptInTheText(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, kstAnswer(t))
	assert.Equal(t, time.UTC, c.ServerTimeZone(), "UTC until the server tells")
	m, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	_, off := time.Now().In(c.ServerTimeZone()).Zone()
	assert.Equal(t, 9*3600, off, "zone-less envelope timestamp against Date: +09:00")
	p := m.Job.Details[0].ProgressInfo
	assert.Equal(t, "2026-01-17T15:02:40+09:00", p.Start)
	start, ok := p.StartTime()
	require.True(t, ok)
	assert.True(t, start.Equal(time.Date(2026, 1, 17, 6, 2, 40, 0, time.UTC)))

	// Two decodes of the same answer are equal, and a JSON round trip
	// keeps the instants: no hidden zone in the value.
	m2, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.True(t, reflect.DeepEqual(m, m2))
	saved, err := json.Marshal(m)
	require.NoError(t, err)
	var back JobMonitoring
	require.NoError(t, json.Unmarshal(saved, &back))
	assert.Equal(t, *m, back)

	// An explicit zone wins over what the server tells.
	utc := newLocalClient(t, kstAnswer(t), WithServerTimeZone(time.UTC))
	m, _, err = utc.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, "2026-01-17T15:02:40Z", m.Job.Details[0].ProgressInfo.Start)
}

func TestTimeZone_FromAnEnvelopeOffsetAndImplausibleDates(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ts, date string
		want     int // offset in seconds; -1: not learnt
	}{
		{"2025-01-15T10:30:00.000+09:00", "", 9 * 3600},
		{"2025-01-15T10:30:00.000-03:30", "", -(3*3600 + 1800)},
		{"2025-01-15 10:30:00", "Wed, 15 Jan 2025 01:30:04 GMT", 9 * 3600},
		{"2025-01-15 10:30:00", "Wed, 15 Jan 2025 14:01:00 GMT", -3*3600 - 1800},
		{"2025-01-15 10:30:00", "Tue, 14 Jan 2025 01:30:04 GMT", -1}, // 33 hours: a clock, not a zone
		{"2025-01-15 10:30:00", "", -1},
		{"-", "", -1},
	} {
		h := http.Header{}
		if tt.date != "" {
			h.Set("Date", tt.date)
		}
		loc := zoneOf(tt.ts, h)
		if tt.want == -1 {
			assert.Nil(t, loc, "%q / %q", tt.ts, tt.date)
			continue
		}
		require.NotNil(t, loc, "%q / %q", tt.ts, tt.date)
		_, off := time.Now().In(loc).Zone()
		assert.Equal(t, tt.want, off, "%q / %q", tt.ts, tt.date)
	}
}
