package zdmtest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestSeedUpdate_StatusIsNotTheDraftsKey: the seed draft starts a job with
// "state"; a later server's "status" is not its key, so a client that
// sends it to a draft-API server starts nothing (as the real one would).
func TestSeedUpdate_StatusIsNotTheDraftsKey(t *testing.T) {
	t.Parallel()
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectSeed), zdmtest.WithInProcess())
	register(t, srv, regBody(zdmtest.DialectSeed, "nightly"))
	status, env := call(t, srv, http.MethodPut, "/recoveries/nightly", map[string]any{"status": "start"})
	require.Less(t, status, 500, "%v", env)
	assert.Equal(t, 0, srv.Job("nightly").Runs(), "status is ignored by the draft")
	status, env = call(t, srv, http.MethodPut, "/recoveries/nightly", map[string]any{"state": "start"})
	require.Less(t, status, 300, "%v", env)
	assert.Equal(t, 1, srv.Job("nightly").Runs())
}

// TestCreate_ScheduleCopiedByID: {"type": 3, "basic": 15} is the documented
// form that copies schedule 15's basic part into a new schedule of the
// job's own: a new ID, the type given, a description that names the
// schedule copied, shown by the 201, by the job's GET and by its status.
func TestCreate_ScheduleCopiedByID(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			b := regBody(d, "nightly")
			b["schedule"] = map[string]any{"type": 3, "basic": 15}
			created := at(register(t, srv, b), "data", "common", "schedule", "basic")
			require.NotNil(t, created, "the 201 shows the schedule")
			id := at(created, "id")
			assert.NotEqual(t, float64(15), id, "a copy, not schedule 15 itself")
			assert.Equal(t, "Daily", at(created, "type"))
			assert.Equal(t, "[Basic] As schedule 15 (Daily).", at(created, "description"))

			other := regBody(d, "weekly")
			other["schedule"] = map[string]any{"type": "weekly", "basic": 15}
			second := at(register(t, srv, other), "data", "common", "schedule", "basic")
			assert.NotEqual(t, id, at(second, "id"), "each copy is a schedule of its own")
			assert.Equal(t, "[Basic] As schedule 15 (Weekly).", at(second, "description"))

			status, env := get(t, srv, "/recoveries/nightly")
			require.Equal(t, http.StatusOK, status, "%v", env)
			shown := at(env, "data", "job", "info", "schedule", "basic")
			require.NotNil(t, shown, "the job's GET shows its schedule: %v", env)
			assert.Equal(t, fmt.Sprint(id), at(shown, "id"), "the same copy, its ID as text")
			assert.Equal(t, "daily", at(shown, "type"))
			assert.Equal(t, "[Basic] As schedule 15 (Daily).", at(shown, "description"))
			assert.Equal(t, zdmtest.PhaseScheduled, srv.Job("nightly").Status(), "a scheduled job waits for its schedule")
		})
	}
}
