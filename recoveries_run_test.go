package zdm

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeRunner plays a job: snaps[0] is what MonitorJob shows before the
// start, the rest one per poll after it (the last repeats); histories
// are the rows ListHistories shows before the start, then after it.
type fakeRunner struct {
	mu             sync.Mutex
	snaps          []*JobMonitoring
	polls          int
	started        bool
	startErr       error
	histBefore     []*RecoveryHistory
	histAfter      []*RecoveryHistory
	historyErr     error
	afterStartPoll int // polls since the start
}

func (f *fakeRunner) MonitorJob(context.Context, string, *MonitorJobOptions) (*JobMonitoring, *Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.polls++
	if !f.started {
		return f.snaps[0].Clone(), &Response{}, nil
	}
	f.afterStartPoll++
	i := min(f.afterStartPoll, len(f.snaps)-1)
	return f.snaps[i].Clone(), &Response{}, nil
}

func (f *fakeRunner) Start(context.Context, string, string) (*UpdateRecoveryResult, *Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.startErr != nil {
		return nil, nil, f.startErr
	}
	f.started = true
	return &UpdateRecoveryResult{State: "success"}, &Response{}, nil
}

func (f *fakeRunner) ListHistories(context.Context, *ListHistoriesOptions) ([]*RecoveryHistory, *Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.historyErr != nil {
		return nil, nil, f.historyErr
	}
	if f.started && f.afterStartPoll >= len(f.snaps)-1 {
		return f.histAfter, &Response{}, nil
	}
	return f.histBefore, &Response{}, nil
}

// snap is a one-partition job in status st with start and end times.
func snap(st Status, start, end string) *JobMonitoring {
	return &JobMonitoring{Job: JobProgress{
		Info:    JobInfo{Name: "daily-recovery"},
		Details: []PartitionProgress{{Partition: "/", ProgressInfo: ProgressInfo{Status: st, Start: start, End: end, Percent: "100%"}}},
	}}
}

const (
	oldStart = "2025-01-14T10:00:00Z"
	oldEnd   = "2025-01-14T10:30:00Z"
	newStart = "2025-01-15T10:00:00Z"
	newEnd   = "2025-01-15T10:30:00Z"
)

func fastWatch() *WatchOptions {
	return &WatchOptions{Interval: time.Millisecond, MaxInterval: 2 * time.Millisecond}
}

func TestRun_WaitsForTheRunItStarted(t *testing.T) {
	old := snap(StatusComplete, oldStart, oldEnd)
	for _, tc := range []struct {
		name      string
		f         *fakeRunner
		wantEnd   string
		wantErr   error
		wantPolls int
	}{
		{
			name: "ignores the old Complete shown for a few polls",
			f: &fakeRunner{snaps: []*JobMonitoring{old, old, old,
				snap(StatusProcessing, newStart, "-"), snap(StatusComplete, newStart, newEnd)}},
			wantEnd: newEnd, wantPolls: 5,
		},
		{
			name:    "a new start time proves a run that began and ended between polls",
			f:       &fakeRunner{snaps: []*JobMonitoring{old, old, snap(StatusComplete, newStart, newEnd)}},
			wantEnd: newEnd, wantPolls: 3,
		},
		{
			name: "a status that left the finished state counts with the same times",
			f: &fakeRunner{snaps: []*JobMonitoring{old, snap(StatusPreparing, oldStart, oldEnd),
				snap(StatusComplete, oldStart, oldEnd)}},
			wantEnd: oldEnd, wantPolls: 3,
		},
		{
			name: "a new history row proves a run that left no other trace",
			f: &fakeRunner{snaps: []*JobMonitoring{snap(StatusComplete, "-", "-"), snap(StatusComplete, "-", "-"), snap(StatusComplete, "-", "-")},
				histBefore: []*RecoveryHistory{{ID: 4}}, histAfter: []*RecoveryHistory{{ID: 5}, {ID: 4}}},
			wantEnd: "-", wantPolls: 3,
		},
		{
			name: "a job never run before finishes on its first Complete",
			f: &fakeRunner{snaps: []*JobMonitoring{snap(StatusRegistered, "-", "-"), snap(StatusComplete, newStart, newEnd)},
				historyErr: ErrEndpointNotFound},
			wantEnd: newEnd, wantPolls: 2,
		},
		{
			name:    "a failed new run is Watch's failure",
			f:       &fakeRunner{snaps: []*JobMonitoring{old, old, snap(StatusError, newStart, newEnd)}},
			wantEnd: newEnd, wantErr: ErrJobFailed, wantPolls: 3,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			final, err := runJob(ctx, tc.f, "daily-recovery", "1", fastWatch())
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			require.NotNil(t, final)
			assert.Equal(t, tc.wantEnd, final.Job.Details[0].ProgressInfo.End)
			assert.Equal(t, tc.wantPolls, tc.f.polls, "the baseline poll and the polls after the start")
		})
	}
}

func TestRun_StaleFailureDoesNotEndTheNewRun(t *testing.T) {
	failed := snap(StatusError, oldStart, oldEnd)
	failed.Job.Progress = &ProgressInfo{Status: StatusError, Start: oldStart, End: oldEnd}
	done := snap(StatusComplete, newStart, newEnd)
	done.Job.Progress = &ProgressInfo{Status: StatusComplete, Start: newStart, End: newEnd}
	f := &fakeRunner{snaps: []*JobMonitoring{failed, failed, failed, done}}
	final, err := runJob(context.Background(), f, "7", "1", fastWatch())
	require.NoError(t, err)
	assert.Equal(t, StatusComplete, final.Job.Progress.Status)
}

// TestRun_CanceledRunMatchesErrJobCanceled: a run stopped on purpose is
// told from a failed one by errors.Is, and by the error's Canceled.
func TestRun_CanceledRunMatchesErrJobCanceled(t *testing.T) {
	f := &fakeRunner{snaps: []*JobMonitoring{snap(StatusRegistered, "-", "-"), snap(StatusCanceled, newStart, newEnd)}}
	_, err := runJob(context.Background(), f, "7", "1", fastWatch())
	require.ErrorIs(t, err, ErrJobCanceled)
	require.ErrorIs(t, err, ErrJobFailed)
	var jf *JobFailedError
	require.ErrorAs(t, err, &jf)
	assert.True(t, jf.Canceled())
}

func TestRun_StartErrorsEndAtOnce(t *testing.T) {
	for _, startErr := range []error{
		&APIError{StatusCode: 409, Code: "JOB-ERROR-64"},
		&WriteOutcomeUnknownError{Method: "PUT", Path: "recoveries/7", Err: context.DeadlineExceeded},
	} {
		f := &fakeRunner{snaps: []*JobMonitoring{snap(StatusComplete, oldStart, oldEnd)}, startErr: startErr}
		_, err := runJob(context.Background(), f, "7", "1", fastWatch())
		require.ErrorIs(t, err, startErr)
		assert.Equal(t, 1, f.polls, "only the baseline poll")
	}
}

func TestRun_ContextEndWhileOldRunShows(t *testing.T) {
	// In fake time: the deadline comes after the baseline poll however
	// busy the machine is.
	synctest.Test(t, func(t *testing.T) {
		old := snap(StatusComplete, oldStart, oldEnd)
		f := &fakeRunner{snaps: []*JobMonitoring{old, old}, historyErr: ErrEndpointNotFound}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		last, err := runJob(ctx, f, "7", "1", fastWatch())
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var we *WatchError
		require.ErrorAs(t, err, &we)
		assert.NotNil(t, last)
	})
}

func TestRun_InvalidInputStartsNothing(t *testing.T) {
	f := &fakeRunner{snaps: []*JobMonitoring{snap(StatusComplete, oldStart, oldEnd)}}
	_, err := runJob(context.Background(), f, " ", "1", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = runJob(context.Background(), f, "7", "1", &WatchOptions{Interval: -1})
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = runJob(context.Background(), f, "7", " ", nil)
	require.ErrorIs(t, err, ErrInvalidArgument, "a blank center")
	assert.False(t, f.started)
	assert.Zero(t, f.polls)
}

// TestRun_JobLevelTimesProveTheNewRun: on 3.0.0 the rows of a cleaned-up
// job show Complete with no times ("-"), before and after the start; the
// job-level progress's new times prove the new run, even when the
// histories cannot be read.
func TestRun_JobLevelTimesProveTheNewRun(t *testing.T) {
	t.Parallel()
	v3 := func(start, end string) *JobMonitoring {
		m := snap(StatusComplete, "-", "-")
		m.Job.Progress = &ProgressInfo{Status: StatusComplete, Percent: "100%", Start: start, End: end}
		return m
	}
	f := &fakeRunner{
		snaps:      []*JobMonitoring{v3(oldStart, oldEnd), v3(oldStart, oldEnd), v3(newStart, newEnd)},
		historyErr: &APIError{StatusCode: 403},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	final, err := runJob(ctx, f, "daily-recovery", "1", fastWatch())
	require.NoError(t, err)
	assert.Equal(t, newStart, final.Job.Progress.Start)
	assert.Equal(t, 2, f.afterStartPoll, "the old finish shown after the start is not taken; the new one is")
}
