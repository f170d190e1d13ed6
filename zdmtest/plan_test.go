package zdmtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestSetPlan_NoStepsRestoresTheDefault: a job that ran a plan set with
// SetPlan runs the server's default plan again once SetPlan(name) with no
// steps unsets it, and a job with steps of its own runs those again: the
// plan leaves nothing of itself behind (the next run used to replay the
// failing plan).
func TestSetPlan_NoStepsRestoresTheDefault(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithInProcess())
	register(t, srv, regBody(srv.Dialect(), "nightly"))
	own := srv.AddRecoveryJob(zdmtest.JobSpec{Name: "own", Idle: true,
		Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(70)}}})
	fail := []zdmtest.Step{{Phase: zdmtest.PhaseFailed, Percent: 10, Message: "disk full"}}
	srv.SetPlan("nightly", fail...)
	srv.SetPlan("own", fail...)
	for _, name := range []string{"nightly", "own"} {
		j := srv.Job(name)
		j.Start()
		assert.Equal(t, "Error", monitorStatus(t, srv, name), "%s: the plan set", name)
	}

	srv.SetPlan("nightly")
	srv.SetPlan("own")
	nightly := srv.Job("nightly")
	nightly.Start()
	var seen []string
	for range 3 {
		seen = append(seen, monitorStatus(t, srv, "nightly"))
	}
	assert.Equal(t, []string{"Preparing", "Processing", "Complete"}, seen, "the default plan again")
	own.Start()
	assert.Equal(t, "Processing", monitorStatus(t, srv, "own"), "its own steps again: 70%")
	assert.Equal(t, "Complete", monitorStatus(t, srv, "own"))
	hs := nightly.Histories()
	require.Len(t, hs, 2)
	assert.Equal(t, zdmtest.HistoryComplete, hs[1].Result)
	require.NoError(t, srv.Err())
}
