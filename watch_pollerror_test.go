package zdm

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWatch_OnPollErrorSaysWhenTheNextPollComes: every tolerated failure
// reaches OnPollError as a *PollError with the failures in a row and the
// wait before the next poll, which then comes after exactly that wait.
func TestWatch_OnPollErrorSaysWhenTheNextPollComes(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		down := &APIError{StatusCode: 503}
		done := snapshot(row{"/", "complete", "100%", "-"})
		f := &fakeMonitor{answer: sequence(down, down, done)}
		var got []*PollError
		var at []time.Time
		_, err := watch(context.Background(), f, "n", nil, &WatchOptions{
			Interval: time.Second, MaxInterval: 10 * time.Second,
			OnPollError: func(err error) {
				var pe *PollError
				require.True(t, errors.As(err, &pe))
				assert.ErrorIs(t, err, ErrServer, "it unwraps to the poll's error")
				got = append(got, pe)
				at = append(at, time.Now())
			},
		})
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, []int{1, 2}, []int{got[0].Failures, got[1].Failures})
		assert.True(t, got[0].Next >= time.Second && got[0].Next <= 1500*time.Millisecond, "no change: the gap grows from Interval: %v", got[0].Next)
		for i, pe := range got {
			assert.Positive(t, pe.Next)
			polls := f.polls
			assert.Equal(t, at[i].Add(pe.Next), polls[i+1], "poll %d came after the wait it announced", i+2)
		}
	})
}
