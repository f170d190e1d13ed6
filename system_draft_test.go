package zdm

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMonitorSystem_OlderDraftJobsListDoesNotFailTheAnswer: a draft's
// "jobs" entries with a text "progress" are dropped, the summary kept.
func TestMonitorSystem_OlderDraftJobsListDoesNotFailTheAnswer(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"requestID":"r","data":{"server":{"name":"web-01"},"summary":{"total":1,"inProgress":1,"overallProgress":"60%"},"jobs":[{"name":"nightly","status":"run","progress":"60%"}]}}`))
	})
	m, _, err := newLocalClient(t, h).Recoveries.MonitorSystem(context.Background(), "web-01", nil)
	require.NoError(t, err)
	assert.Equal(t, 1, m.Summary.Total)
	assert.Equal(t, "60%", m.Summary.OverallProgress)
	assert.Empty(t, m.Jobs)
}
