package zdm

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestStatusPhaseEverySpelling(t *testing.T) {
	t.Parallel()
	want := map[Phase][]string{
		PhasePending:   {"Registered", "waiting", "wait", "pending", "queued", "WAITING", " Pending "},
		PhaseRunning:   {"Processing", "Preparing", "run", "running", "start", "started", "PROCESSING", "RUN"},
		PhaseScheduled: {"Scheduled", "schedule", "SCHEDULED"},
		PhaseCompleted: {"Complete", "completed", "done", "success", "succeeded", "finished", "COMPLETE"},
		PhaseFailed:    {"Error", "fail", "failed", "errored", "ERROR", "FAIL"},
		PhaseCanceling: {"Canceling", "cancelling", "CANCELING"},
		PhaseCanceled:  {"Canceled", "cancel", "cancelled", "stopped", "CANCELED"},
		PhaseUnknown:   {"", "-", "Unknown", "No Data", "complete!", "runningg", "a-very-long-status-value", "\u00e9rror"},
	}
	for phase, spellings := range want {
		for _, s := range spellings {
			assert.Equal(t, phase, Status(s).Phase(), "%q", s)
		}
	}
}

func TestPhaseString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Running", PhaseRunning.String())
	assert.Equal(t, "Canceling", PhaseCanceling.String())
	assert.Equal(t, "Phase(42)", Phase(42).String())
	assert.Equal(t, "Phase(-1)", Phase(-1).String())
	assert.True(t, PhaseFailed.Terminal())
	assert.False(t, PhaseCanceling.Terminal())
}

func TestPercentValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"45%", 45, true}, {"0%", 0, true}, {"100%", 100, true}, {"60", 60, true},
		{"45.5 %", 45.5, true}, {" 12% ", 12, true}, {"100.0%", 100, true},
		{"-", 0, false}, {"", 0, false}, {"%", 0, false}, {"abc", 0, false}, {"-5%", 0, false},
		{"NaN", 0, false}, {"Inf%", 0, false}, {"45%%", 0, false}, {"1e400", 0, false},
	}
	for _, tt := range tests {
		got, ok := ProgressInfo{Percent: tt.in}.PercentValue()
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.InDelta(t, tt.want, got, 1e-9, "%q", tt.in)
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	kst := time.FixedZone("KST", 9*3600)
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
		ok   bool
	}{
		{"2025-01-15T10:00:00Z", nil, time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC), true},
		{"2026-03-02T09:10:00.000+09:00", nil, time.Date(2026, 3, 2, 0, 10, 0, 0, time.UTC), true},
		{"2026-03-02T09:10:00.123456789+09:00", nil, time.Date(2026, 3, 2, 0, 10, 0, 123456789, time.UTC), true},
		{"2026-01-17 15:02:40", nil, time.Date(2026, 1, 17, 15, 2, 40, 0, time.UTC), true},
		{"2026-01-17 15:02:40", kst, time.Date(2026, 1, 17, 6, 2, 40, 0, time.UTC), true},
		{"2026-01-17T15:02:40", kst, time.Date(2026, 1, 17, 6, 2, 40, 0, time.UTC), true},
		{"2026-01-17 15:02:40.5", nil, time.Date(2026, 1, 17, 15, 2, 40, 500000000, time.UTC), true},
		{"2025-01-15T10:00:00Z", kst, time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC), true},
		{" 2025-01-15T10:00:00Z ", nil, time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC), true},
		{"-", nil, time.Time{}, false},
		{"", nil, time.Time{}, false},
		{"2025-01-15", nil, time.Time{}, false},
		{"2025-13-15 10:00:00", nil, time.Time{}, false},
		{"yesterday at noon", nil, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in, tt.loc)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.True(t, tt.want.Equal(got), "%q: got %v want %v", tt.in, got, tt.want)
	}
}

func TestProgressInfoZone(t *testing.T) {
	t.Parallel()
	kst := time.FixedZone("KST", 9*3600)
	p := ProgressInfo{Start: "2026-01-17 15:02:40", End: "2026-01-17 16:00:00"}
	s, ok := p.StartTime()
	assert.True(t, ok)
	assert.Equal(t, time.UTC, s.Location())
	s, _ = p.In(kst).StartTime()
	assert.Equal(t, time.Date(2026, 1, 17, 6, 2, 40, 0, time.UTC), s.UTC())
	e, ok := p.In(kst).EndTime()
	assert.True(t, ok)
	assert.Equal(t, 7, e.UTC().Hour())
	assert.Equal(t, "2026-01-17T15:02:40+09:00", p.In(kst).Start, "zone-less times are rewritten with the offset")
}

func TestElapsedDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"00:15:00", 15 * time.Minute, true},
		{"26:03:10", 26*time.Hour + 3*time.Minute + 10*time.Second, true},
		{"123:00:01", 123*time.Hour + time.Second, true},
		{"00:00:01.5", 1500 * time.Millisecond, true},
		{"15:30", 15*time.Minute + 30*time.Second, true},
		{"1h 30m", 90 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"2d 3h", 51 * time.Hour, true},
		{"2d", 48 * time.Hour, true},
		{"45s", 45 * time.Second, true},
		{" 00:01:00 ", time.Minute, true},
		{"-", 0, false}, {"", 0, false}, {"00:60:00", 0, false}, {"00:00:60", 0, false},
		{"-00:01:00", 0, false}, {"1:2:3:4", 0, false}, {"ab:cd:ef", 0, false}, {"-1h", 0, false},
		{"99999999999999999999:00:00", 0, false}, {"00:00:-1", 0, false}, {"1x", 0, false},
		{"2562048:00:00", 0, false}, {"2562047:59:59", 0, false}, {"d", 0, false}, {"00:00:1e9", 0, false},
		{strings.Repeat("9", 100), 0, false},
	}
	for _, tt := range tests {
		got, ok := ProgressInfo{Elapsed: tt.in}.ElapsedDuration()
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
}

func TestPartitionName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "/home", PartitionProgress{Partition: "/home"}.Name())
	assert.Equal(t, "C:", PartitionProgress{Drive: "C:"}.Name())
	assert.Equal(t, "C:", PartitionProgress{Partition: "-", Drive: "C:"}.Name())
	assert.Equal(t, "", PartitionProgress{Partition: "-", Drive: ""}.Name())
}
