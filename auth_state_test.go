package zdm

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokenCache_EveryState walks a credentials client's token cache
// through each of its states and pins what a call does in each.
func TestTokenCache_EveryState(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newAuthServer(t, "token/issue", "auth/issue")
		s.gate = make(chan struct{})
		c := newLocalClient(t, s, WithCredentials(testEmail, testPassword))
		a := c.auth.(*credentialAuth)
		state := func() tokenState {
			a.mu.Lock()
			defer a.mu.Unlock()
			return a.state(time.Now())
		}

		// none: the first call issues.
		assert.Equal(t, tokenNone, state())
		done := make(chan error, 1)
		go func() { _, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil); done <- err }()
		synctest.Wait()

		// issuing: callers wait on the one issue call.
		assert.Equal(t, tokenIssuing, state())
		close(s.gate)
		require.NoError(t, <-done)

		// valid: calls use the cached token, no issue.
		assert.Equal(t, tokenValid, state())
		issued := len(s.issueCalls())
		_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.NoError(t, err)
		assert.Len(t, s.issueCalls(), issued)

		// stale: past the refresh time (the last minute of an hour's
		// token), the next call renews it.
		time.Sleep(59*time.Minute + 30*time.Second)
		assert.Equal(t, tokenStale, state())
		_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.NoError(t, err)
		assert.Len(t, s.issueCalls(), issued+1)
		assert.Equal(t, tokenValid, state())

		// failing: rejected credentials are remembered; calls get the
		// error without asking the route again.
		bad := newLocalClient(t, s, WithCredentials(testEmail, "wrong-password"))
		_, _, err = bad.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.ErrorIs(t, err, ErrUnauthorized)
		ba := bad.auth.(*credentialAuth)
		ba.mu.Lock()
		st := ba.state(time.Now())
		ba.mu.Unlock()
		assert.Equal(t, tokenFailing, st)
		before := len(s.issueCalls())
		_, _, err = bad.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.ErrorIs(t, err, ErrUnauthorized)
		assert.Len(t, s.issueCalls(), before, "remembered, not asked again")
		time.Sleep(issueFailureMemory)
		ba.mu.Lock()
		st = ba.state(time.Now())
		ba.mu.Unlock()
		assert.Equal(t, tokenNone, st, "the failure's memory ends")
		var apiErr *APIError
		require.True(t, errors.As(err, &apiErr))
		assert.NotEqual(t, http.StatusOK, apiErr.StatusCode)
		assert.Equal(t, "issuing", tokenIssuing.String())
	})
}
