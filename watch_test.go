package zdm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// row is a shorthand for one detail of a snapshot.
type row struct{ name, status, percent, end string }

func snapshot(rows ...row) *JobMonitoring {
	m := &JobMonitoring{}
	m.Job.Info.Name = "nightly"
	for _, r := range rows {
		m.Job.Details = append(m.Job.Details, PartitionProgress{
			Partition:    r.name,
			ProgressInfo: ProgressInfo{Status: Status(r.status), Percent: r.percent, End: r.end, Message: r.status + " " + r.percent},
		})
	}
	return m
}

// fakeMonitor answers polls from a function of the poll number and the
// (fake) time since the first poll, and records when each poll came.
type fakeMonitor struct {
	mu     sync.Mutex
	answer func(poll int, since time.Duration) (*JobMonitoring, error)
	start  time.Time
	polls  []time.Time
}

func (f *fakeMonitor) MonitorJob(ctx context.Context, id string, opts *MonitorJobOptions) (*JobMonitoring, *Response, error) {
	f.mu.Lock()
	now := time.Now()
	if len(f.polls) == 0 {
		f.start = now
	}
	f.polls = append(f.polls, now)
	n, since := len(f.polls), now.Sub(f.start)
	f.mu.Unlock()
	m, err := f.answer(n, since)
	return m, nil, err
}

func (f *fakeMonitor) pollCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.polls)
}

func (f *fakeMonitor) gaps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(f.polls); i++ {
		out = append(out, f.polls[i].Sub(f.polls[i-1]))
	}
	return out
}

// sequence answers the n-th poll with answers[n-1], repeating the last.
func sequence(answers ...any) func(int, time.Duration) (*JobMonitoring, error) {
	return func(n int, _ time.Duration) (*JobMonitoring, error) {
		a := answers[min(n, len(answers))-1]
		if err, ok := a.(error); ok {
			return nil, err
		}
		return a.(*JobMonitoring), nil
	}
}

func TestWatchScheduleForTenMinuteJobWithStall(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// A job running 10 minutes: its percent moves for the first 2.5
		// minutes, stalls for the middle 5, moves again, and completes.
		f := &fakeMonitor{answer: func(_ int, since time.Duration) (*JobMonitoring, error) {
			switch {
			case since >= 10*time.Minute:
				return snapshot(row{"/", "Complete", "100%", "2026-11-26 10:10:00"}), nil
			case since >= 150*time.Second && since < 450*time.Second:
				return snapshot(row{"/", "Processing", "25%", "-"}), nil
			default:
				return snapshot(row{"/", "Processing", fmt.Sprintf("%.1f%%", since.Seconds()/6), "-"}), nil
			}
		}}
		start := time.Now()
		var updates int
		m, err := watch(context.Background(), f, "nightly", nil, &WatchOptions{OnUpdate: func(*JobMonitoring) { updates++ }})
		require.NoError(t, err)
		assert.True(t, m.Job.Done())
		returned := time.Since(start)

		gaps := f.gaps()
		t.Logf("%d requests; returned %v after start; gaps: %v", f.pollCount(), returned, gaps)

		var stall []time.Duration
		elapsed := time.Duration(0)
		for _, g := range gaps {
			from := elapsed
			elapsed += g
			switch {
			case from < 150*time.Second, from >= 450*time.Second && elapsed <= 600*time.Second && from > 455*time.Second:
				// Percent changes at every poll: the gap stays at Interval.
				assert.Equal(t, DefaultWatchInterval, g, "gap after a change, at %v", from)
			case from >= 150*time.Second && from < 450*time.Second:
				stall = append(stall, g)
			}
		}
		// During the stall the gaps grow by about half each (jitter takes
		// up to 10%), never below Interval nor above MaxInterval.
		require.NotEmpty(t, stall)
		want := DefaultWatchInterval
		for i, g := range stall {
			if i > 0 {
				want = min(time.Duration(float64(want)*watchGrowth), DefaultWatchMaxInterval)
			}
			assert.LessOrEqual(t, g, want, "stall gap %d", i)
			assert.GreaterOrEqual(t, g, max(DefaultWatchInterval, time.Duration(float64(want)*0.9)), "stall gap %d", i)
		}
		assert.GreaterOrEqual(t, stall[len(stall)-1], time.Duration(float64(DefaultWatchMaxInterval)*(1-watchJitter)), "the gap reaches MaxInterval in a long stall")
		// Watch returns at the first poll that sees completion: at most one
		// Interval after the job finished.
		assert.GreaterOrEqual(t, returned, 10*time.Minute)
		assert.LessOrEqual(t, returned, 10*time.Minute+DefaultWatchMaxInterval)
		assert.Equal(t, f.pollCount(), updates+(f.pollCount()-updates), "sanity")
		assert.Less(t, updates, f.pollCount(), "no update for unchanged polls")
	})
}

func TestWatchCancelDuringSleepReturnsAtOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := &fakeMonitor{answer: sequence(snapshot(row{"/", "run", "10%", "-"}))}
		ctx, cancel := context.WithCancel(context.Background())
		var (
			m   *JobMonitoring
			err error
		)
		done := make(chan struct{})
		go func() {
			defer close(done)
			m, err = watch(ctx, f, "nightly", nil, &WatchOptions{Interval: time.Minute})
		}()
		time.Sleep(90 * time.Second) // inside the second sleep
		synctest.Wait()
		cancelledAt := time.Now()
		cancel()
		<-done
		assert.Equal(t, cancelledAt, time.Now(), "no time passes between cancel and return")
		assert.Equal(t, 2, f.pollCount())
		require.ErrorIs(t, err, context.Canceled)
		var we *WatchError
		require.ErrorAs(t, err, &we)
		assert.Same(t, m, we.LastState)
		require.NotNil(t, m)
		assert.Equal(t, "10%", m.Job.Details[0].ProgressInfo.Percent)
	})
}

func TestWatchDeadlineTrimsLastSleepAndKeepsLastError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		unavailable := &APIError{StatusCode: http.StatusServiceUnavailable, Message: "maintenance"}
		f := &fakeMonitor{answer: func(n int, _ time.Duration) (*JobMonitoring, error) {
			if n == 1 {
				return snapshot(row{"/", "run", "10%", "-"}), nil
			}
			return nil, unavailable
		}}
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		m, err := watch(ctx, f, "nightly", nil, &WatchOptions{Interval: 10 * time.Second, MaxInterval: 20 * time.Second, MaxErrors: 100})
		assert.Equal(t, time.Minute, time.Since(start), "returns at the deadline, not after")
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, ErrServer, "the last poll error is carried")
		var we *WatchError
		require.ErrorAs(t, err, &we)
		assert.Same(t, unavailable, we.LastError)
		require.NotNil(t, m)
		assert.Same(t, m, we.LastState)
		assert.Contains(t, err.Error(), "maintenance")
		// Polls at 0 and 10s, then gaps of about 15s and 20s (jittered): the
		// next 20s gap would pass the deadline, so the last sleep is trimmed
		// to poll one second before it.
		f.mu.Lock()
		lastPoll := f.polls[len(f.polls)-1].Sub(start)
		f.mu.Unlock()
		assert.Equal(t, 59*time.Second, lastPoll, "gaps %v", f.gaps())
		assert.Equal(t, 5, f.pollCount())
	})
}

func TestWatchMaxErrors(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		boom := &APIError{StatusCode: http.StatusBadGateway}
		ok := snapshot(row{"/", "run", "10%", "-"})
		// Two failures, a success (which resets the count), then failures.
		f := &fakeMonitor{answer: sequence(boom, boom, ok, boom, boom, boom, boom)}
		m, err := watch(context.Background(), f, "nightly", nil, &WatchOptions{MaxErrors: 3})
		require.ErrorIs(t, err, ErrServer)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Same(t, boom, apiErr)
		assert.Equal(t, 7, f.pollCount(), "3 failures tolerated in a row, the 4th ends")
		assert.Same(t, ok, m, "the last snapshot comes back with the error")
	})
}

func TestWatchPermanentErrorsEndAtOnce(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		err  error
		is   error
	}{
		{"400", &APIError{StatusCode: 400}, ErrBadRequest},
		{"401", &APIError{StatusCode: 401}, ErrUnauthorized},
		{"403", &APIError{StatusCode: 403}, ErrForbidden},
		{"404", &APIError{StatusCode: 404}, ErrNotFound},
		{"405", &APIError{StatusCode: 405}, nil},
		{"409", &APIError{StatusCode: 409}, ErrConflict},
		{"422", &APIError{StatusCode: 422}, nil},
		{"302 refused redirect", &APIError{StatusCode: 302}, nil},
		{"410", &APIError{StatusCode: 410}, nil},
		{"404 route missing", &APIError{StatusCode: 404, kind: ErrEndpointNotFound}, ErrEndpointNotFound},
		{"credentials refused", &APIError{StatusCode: 404, kind: ErrUnauthorized, envelope: true}, ErrUnauthorized},
		{"501", &APIError{StatusCode: 501}, ErrServer},
		{"500 job data incomplete", &APIError{StatusCode: 500, Code: codeJobDataIncomplete}, ErrServer},
		{"200 success false", &APIError{StatusCode: 200, envelope: true, Message: "no"}, nil},
		{"invalid argument", invalidArg("bad"), ErrInvalidArgument},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeMonitor{answer: sequence(snapshot(row{"/", "run", "1%", "-"}), tt.err)}
				start := time.Now()
				m, err := watch(context.Background(), f, "nightly", nil, nil)
				require.ErrorIs(t, err, tt.err)
				if tt.is != nil {
					require.ErrorIs(t, err, tt.is)
				}
				assert.Equal(t, 2, f.pollCount())
				assert.Equal(t, DefaultWatchInterval, time.Since(start), "no waiting after a permanent error")
				assert.NotNil(t, m)
			})
		})
	}
}

func TestWatchToleratesTransientErrors(t *testing.T) {
	t.Parallel()
	done := snapshot(row{"/", "Complete", "100%", "x"})
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"network", &transportError{method: "GET", url: "u", err: errors.New("connection reset by peer")}},
		{"408", &APIError{StatusCode: 408}},
		{"429", &APIError{StatusCode: 429}},
		{"500", &APIError{StatusCode: 500}},
		{"503", &APIError{StatusCode: 503}},
		{"504", &APIError{StatusCode: 504}},
		{"502 proxy page", &APIError{StatusCode: 502, Body: []byte("<html>")}},
		{"unexpected body", &APIError{StatusCode: 200, kind: ErrUnexpectedResponse}},
		{"fake's own error", errors.New("fake hiccup")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeMonitor{answer: sequence(tt.err, tt.err, done)}
				m, err := watch(context.Background(), f, "nightly", nil, nil)
				require.NoError(t, err)
				assert.Same(t, done, m)
				assert.Equal(t, 3, f.pollCount())
			})
		})
	}
}

func TestWatchFinishRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rows []row
		done bool
	}{
		{"no details", nil, false},
		{"completed", []row{{"/", "Complete", "100%", "-"}}, true},
		{"completed any spelling", []row{{"/", "done", "-", "-"}, {"/b", "SUCCESS", "", ""}}, true},
		{"failed", []row{{"/", "Error", "40%", "-"}}, true},
		{"canceled", []row{{"/", "Canceled", "40%", "-"}}, true},
		{"canceling", []row{{"/", "Canceling", "40%", "-"}}, false},
		{"processing at 100% (reboot)", []row{{"/", "Processing", "100%", "-"}}, false},
		{"scheduled at 100%", []row{{"/", "Scheduled", "100%", "-"}}, true},
		{"scheduled with end time", []row{{"/", "Scheduled", "-", "2026-01-17 15:15:11"}}, true},
		{"scheduled not yet run", []row{{"/", "Scheduled", "0%", "-"}}, false},
		{"one still running", []row{{"/", "complete", "100%", "-"}, {"/home", "run", "90%", "-"}}, false},
		{"unknown status", []row{{"/", "No Data", "-", "-"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snapshot(tt.rows...)
			assert.Equal(t, tt.done, s.Job.Done())
		})
	}
}

func TestWatchJobLevelStatusRules(t *testing.T) {
	t.Parallel()
	s := snapshot(row{"/", "Complete", "100%", "-"}, row{"/home", "Complete", "100%", "-"})
	s.Job.Progress = &ProgressInfo{Status: "Processing", Percent: "100%"}
	assert.False(t, s.Job.Done(), "3.0.0: every row complete, job still rebooting")
	s.Job.Progress.Status = "Complete"
	assert.True(t, s.Job.Done())
	s.Job.Progress.Status = "-"
	assert.True(t, s.Job.Done(), "no job-level status given: the rows decide")
}

func TestWatchOutcomes(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ok := snapshot(row{"/", "complete", "100%", "-"}, row{"/home", "Scheduled", "100%", "-"})
		m, err := watch(context.Background(), &fakeMonitor{answer: sequence(ok)}, "n", nil, nil)
		require.NoError(t, err)
		assert.Same(t, ok, m)

		bad := snapshot(row{"/", "complete", "100%", "-"}, row{"/home", "Error", "40%", "-"}, row{"/var", "Canceled", "10%", "-"})
		bad.Job.Details[1].ProgressInfo.Message = "disk full"
		m, err = watch(context.Background(), &fakeMonitor{answer: sequence(bad)}, "n", nil, nil)
		require.ErrorIs(t, err, ErrJobFailed)
		assert.Same(t, bad, m)
		var jf *JobFailedError
		require.ErrorAs(t, err, &jf)
		require.Len(t, jf.Failed, 2)
		assert.Equal(t, "/home", jf.Failed[0].Name())
		assert.Contains(t, err.Error(), `/home Error (disk full)`)
		assert.Contains(t, err.Error(), `/var Canceled`)
		assert.NotContains(t, err.Error(), "complete")

		v3 := snapshot(row{"/", "Complete", "100%", "-"})
		v3.Job.Progress = &ProgressInfo{Status: "Error", Message: "reboot failed"}
		_, err = watch(context.Background(), &fakeMonitor{answer: sequence(v3)}, "n", nil, nil)
		require.ErrorIs(t, err, ErrJobFailed)
		assert.Contains(t, err.Error(), "job Error (reboot failed)")
	})
}

func TestWatchDoneOverride(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := &fakeMonitor{answer: sequence(
			snapshot(row{"/", "Processing", "100%", "-"}),
			snapshot(row{"/", "Processing", "100%", "-"}),
		)}
		_, err := watch(context.Background(), f, "n", nil, &WatchOptions{
			Done: func(p PartitionProgress) bool { v, _ := p.ProgressInfo.PercentValue(); return v == 100 },
		})
		require.NoError(t, err)
		assert.Equal(t, 1, f.pollCount())
	})
}

func TestWatchOnUpdateOnlyOnChange(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		a := snapshot(row{"/", "run", "10%", "-"})
		a2 := snapshot(row{"/", "run", "10%", "-"}) // same content, new value
		b := snapshot(row{"/", "run", "10%", "-"})
		b.Job.Log = []string{"copying"} // log growth is a change
		c := snapshot(row{"/", "run", "10%", "-"})
		c.Job.Log = []string{"copying"}
		c.Job.Details[0].ProgressInfo.Message = "still copying" // message change
		d := snapshot(row{"/", "complete", "100%", "-"})
		f := &fakeMonitor{answer: sequence(a, a2, b, b, c, &APIError{StatusCode: 503}, c, d)}
		var seen []*JobMonitoring
		_, err := watch(context.Background(), f, "n", nil, &WatchOptions{OnUpdate: func(m *JobMonitoring) { seen = append(seen, m) }})
		require.NoError(t, err)
		assert.Equal(t, []*JobMonitoring{a, b, c, d}, seen)
	})
}

func TestWatchRejectsBadOptions(t *testing.T) {
	t.Parallel()
	f := &fakeMonitor{answer: sequence(snapshot())}
	for _, tt := range []struct {
		name string
		id   string
		w    *WatchOptions
		o    *MonitorJobOptions
	}{
		{"negative interval", "n", &WatchOptions{Interval: -1}, nil},
		{"negative max errors", "n", &WatchOptions{MaxErrors: -1}, nil},
		{"max below interval", "n", &WatchOptions{Interval: time.Minute, MaxInterval: time.Second}, nil},
		{"max below default interval", "n", &WatchOptions{MaxInterval: time.Second}, nil},
		{"blank id", " ", nil, nil},
		{"bad filter", "n", nil, &MonitorJobOptions{Partition: "/", Drive: "C:"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := watch(context.Background(), f, tt.id, tt.o, tt.w)
			require.ErrorIs(t, err, ErrInvalidArgument)
		})
	}
	assert.Zero(t, f.pollCount())
	_, err := watch(context.Background(), nil, "n", nil, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestWatchThroughClient(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		polls := 0
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			polls++
			n := polls
			mu.Unlock()
			switch n {
			case 1:
				reply(w, 200, "application/json", fixture(t, "monitor_seed.json"))
			case 2, 3:
				reply(w, 503, "text/html", fixture(t, "nginx_502.html"))
			default:
				reply(w, 200, "application/json", fixture(t, "monitor_cli_detail.json"))
			}
		})
		c := newLocalClient(t, h, WithToken("tok"), WithRetryMax(1))
		var polled []*JobMonitoring
		m, err := c.Recoveries.Watch(context.Background(), "daily-recovery", nil, &WatchOptions{
			Done:     func(p PartitionProgress) bool { return p.Partition == "/data" || p.Finished() },
			OnUpdate: func(m *JobMonitoring) { polled = append(polled, m) },
		})
		require.NoError(t, err)
		assert.Equal(t, "web-prod-01-recovery", m.Job.Info.Name)
		assert.Len(t, polled, 2)
		assert.Equal(t, 4, polls, "one poll, one failed poll retried once by the client, then done")
	})
}

func TestWatchResume(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		saved := snapshot(row{"/", "run", "40%", "-"})
		// The snapshot survives a trip through JSON, as after a restart.
		b, err := json.Marshal(saved)
		require.NoError(t, err)
		var resumed JobMonitoring
		require.NoError(t, json.Unmarshal(b, &resumed))

		same := snapshot(row{"/", "run", "40%", "-"})
		done := snapshot(row{"/", "complete", "100%", "-"})
		f := &fakeMonitor{answer: sequence(same, same, done)}
		var seen []*JobMonitoring
		_, err = watch(context.Background(), f, "n", nil, &WatchOptions{
			Resume:   &resumed,
			OnUpdate: func(m *JobMonitoring) { seen = append(seen, m) },
		})
		require.NoError(t, err)
		assert.Equal(t, []*JobMonitoring{done}, seen, "nothing new until the change")
		gaps := f.gaps()
		require.Len(t, gaps, 2)
		assert.Greater(t, gaps[0], DefaultWatchInterval, "the gap grows at once: the first poll showed nothing new")
		assert.Greater(t, gaps[1], gaps[0])
	})
}

func TestZeroValueServiceDoesNotPanic(t *testing.T) {
	t.Parallel()
	var s *RecoveriesService
	_, _, err := s.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = (&RecoveriesService{}).Watch(context.Background(), "1", nil, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestWatchNarrowedJudgesItsRows(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// 3.0.0: the job failed because of /home; the watch asked about /.
		s := snapshot(row{"/", "Complete", "100%", "-"})
		s.Job.Progress = &ProgressInfo{Status: "Error", Message: "disk full on target"}
		_, err := watch(context.Background(), &fakeMonitor{answer: sequence(s)}, "n", &MonitorJobOptions{Partition: "/"}, nil)
		require.NoError(t, err)
		_, err = watch(context.Background(), &fakeMonitor{answer: sequence(s)}, "n", nil, nil)
		require.ErrorIs(t, err, ErrJobFailed, "unnarrowed, the job-level failure counts")
	})
}

func TestJobLevelStatusAsGuard(t *testing.T) {
	t.Parallel()
	withJob := func(status string, rows ...row) *JobMonitoring {
		s := snapshot(rows...)
		s.Job.Progress = &ProgressInfo{Status: Status(status), Percent: "100%"}
		return s
	}
	atHundred := func(p PartitionProgress) bool { v, _ := p.ProgressInfo.PercentValue(); return v == 100 }
	tests := []struct {
		name     string
		snap     *JobMonitoring
		rule     func(PartitionProgress) bool
		narrowed bool
		done     bool
	}{
		{"job rebooting, rows complete", withJob("Processing", row{"/", "Complete", "100%", "-"}), nil, false, false},
		{"job complete, a row still running", withJob("Complete", row{"/", "Processing", "40%", "-"}), nil, false, false},
		{"job complete, rows complete", withJob("Complete", row{"/", "Complete", "100%", "-"}), nil, false, true},
		{"job status unknown: rows decide", withJob("Unknown", row{"/", "Complete", "100%", "-"}), nil, false, true},
		{"job status new spelling: rows decide", withJob("Finalizing", row{"/", "Complete", "100%", "-"}), nil, false, true},
		{"job complete, no rows", withJob("Complete"), nil, false, false},
		{"job failed ends it", withJob("Error", row{"/", "Processing", "40%", "-"}), nil, false, true},
		{"narrowed: job failed, own row running", withJob("Error", row{"/home", "Processing", "40%", "-"}), nil, true, false},
		{"narrowed: job failed, own row complete", withJob("Error", row{"/home", "Complete", "100%", "-"}), nil, true, true},
		{"custom rule under a complete job", withJob("Complete", row{"/", "Processing", "100%", "-"}), atHundred, false, true},
		{"custom rule under a rebooting job", withJob("Processing", row{"/", "Processing", "100%", "-"}), atHundred, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := tt.rule
			if rule == nil {
				rule = PartitionProgress.Finished
			}
			assert.Equal(t, tt.done, tt.snap.Job.doneWith(rule, tt.narrowed))
			if tt.rule == nil && !tt.narrowed {
				assert.Equal(t, tt.done, tt.snap.Job.Done())
			}
		})
	}
}

func TestWatchNarrowedWaitsForItsRow(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		running := snapshot(row{"/home", "Processing", "40%", "-"})
		running.Job.Progress = &ProgressInfo{Status: "Error", Message: "/ failed"}
		complete := snapshot(row{"/home", "Complete", "100%", "-"})
		complete.Job.Progress = &ProgressInfo{Status: "Error", Message: "/ failed"}
		f := &fakeMonitor{answer: sequence(running, complete)}
		m, err := watch(context.Background(), f, "n", &MonitorJobOptions{Partition: "/home"}, nil)
		require.NoError(t, err, "/home completed; the job's failure was another partition's")
		assert.Same(t, complete, m)
		assert.Equal(t, 2, f.pollCount())
	})
}

func TestWatch_ResumeFromJSONOnAPlus9Server(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, kstAnswer(t))
	first, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	saved, err := json.Marshal(first)
	require.NoError(t, err)

	// After a restart: a new client, the snapshot read back from JSON.
	restarted := newLocalClient(t, kstAnswer(t))
	var resume JobMonitoring
	require.NoError(t, json.Unmarshal(saved, &resume))
	updates := 0
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = restarted.Recoveries.Watch(ctx, "1", nil, &WatchOptions{Interval: time.Millisecond, Resume: &resume, OnUpdate: func(*JobMonitoring) { updates++ }})
	require.ErrorIs(t, err, context.DeadlineExceeded, "the job never finishes here")
	assert.Zero(t, updates, "the same answer after a restart is no change: the saved instants read the same")
	s1, _ := resume.Job.Details[0].ProgressInfo.StartTime()
	s2, _ := first.Job.Details[0].ProgressInfo.StartTime()
	assert.True(t, s1.Equal(s2))
}

func TestWithPollInterval_IsTheWatchDefault(t *testing.T) {
	t.Parallel()
	_, err := NewClient("http://zdm.test", WithPollInterval(0, 0))
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = NewClient("http://zdm.test", WithPollInterval(time.Second, time.Millisecond))
	require.ErrorIs(t, err, ErrInvalidArgument)
	synctest.Test(t, func(t *testing.T) {
		polls := 0
		var mu sync.Mutex
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			polls++
			n := polls
			mu.Unlock()
			status := "run"
			if n == 4 {
				status = "complete"
			}
			reply(w, 200, "application/json", []byte(`{"success":true,"data":{"job":{"details":[{"partition":"/","progressInfo":{"status":"`+status+`","percent":"50%"}}]}}}`))
		})
		c := newLocalClient(t, h, WithPollInterval(10*time.Millisecond, 20*time.Millisecond))
		start := time.Now()
		_, err := c.Recoveries.Watch(context.Background(), "1", nil, nil)
		require.NoError(t, err)
		elapsed := time.Since(start)
		assert.GreaterOrEqual(t, elapsed, 10*time.Millisecond+15*time.Millisecond)
		assert.LessOrEqual(t, elapsed, 60*time.Millisecond, "nil options take the client's short interval, not 5 s")
	})
}

func TestWatch_JudgesOnItsOwnCopy(t *testing.T) {
	t.Parallel()
	a := snapshot(row{"/", "run", "10%", "-"}, row{"/home", "run", "10%", "-"})
	b := snapshot(row{"/", "complete", "100%", "-"}, row{"/home", "run", "50%", "-"})
	c := snapshot(row{"/", "complete", "100%", "-"}, row{"/home", "complete", "100%", "-"})
	f := &fakeMonitor{answer: fresh(a, b, b, c)}
	updates := 0
	_, err := watch(context.Background(), f, "n", nil, &WatchOptions{Interval: time.Millisecond, OnUpdate: func(m *JobMonitoring) {
		updates++
		m.Job.Details = nil // a careless callback
	}})
	require.NoError(t, err)
	assert.Equal(t, 4, f.pollCount(), "the cleared rows did not stall the watch")
	assert.Equal(t, 3, updates)

	f = &fakeMonitor{answer: fresh(a, a, a, c)}
	updates = 0
	_, err = watch(context.Background(), f, "n", nil, &WatchOptions{Interval: time.Millisecond, OnUpdate: func(m *JobMonitoring) {
		updates++
		d := m.Job.Details
		d[0], d[1] = d[1], d[0] // sorting in place
	}})
	require.NoError(t, err)
	assert.Equal(t, 2, updates, "re-ordering the rows handed out is no change")
}

// fresh is sequence answering a new copy on every poll, as MonitorJob does.
func fresh(snaps ...*JobMonitoring) func(int, time.Duration) (*JobMonitoring, error) {
	return func(n int, _ time.Duration) (*JobMonitoring, error) {
		return snaps[min(n, len(snaps))-1].Clone(), nil
	}
}
