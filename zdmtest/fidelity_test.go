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
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectDraft), zdmtest.WithInProcess())
	register(t, srv, regBody(zdmtest.DialectDraft, "nightly"))
	status, env := call(t, srv, http.MethodPut, "/recoveries/nightly", map[string]any{"status": "start"})
	require.Less(t, status, 500, "%v", env)
	assert.Equal(t, 0, srv.Job("nightly").Runs(), "status is ignored by the draft")
	status, env = call(t, srv, http.MethodPut, "/recoveries/nightly", map[string]any{"state": "start"})
	require.Less(t, status, 300, "%v", env)
	assert.Equal(t, 1, srv.Job("nightly").Runs())
}

// TestCreate_ScheduleCopiedByID: {"type": 3, "basic": 7} is the documented
// form that copies schedule 1's basic timing into a new schedule of the
// job's own: a new ID, the type given, schedule 1's timing, shown by the
// 201, by the job's GET and by its status. A schedule the world lacks is
// 404 SCHEDULE-ERROR-01; a schedule given by ID alone is linked as is,
// or 404 JOB-ERROR-100.
func TestCreate_ScheduleCopiedByID(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			b := regBody(d, "nightly")
			b["schedule"] = map[string]any{"type": 3, "basic": 7}
			created := at(register(t, srv, b), "data", "common", "schedule", "basic")
			require.NotNil(t, created, "the 201 shows the schedule")
			id := at(created, "id")
			assert.NotEqual(t, float64(7), id, "a copy, not schedule 7 itself")
			assert.Equal(t, "Daily", at(created, "type"))
			assert.Equal(t, "[Basic] Start working at 03:00 every day.", at(created, "description"), "schedule 7's timing")

			other := regBody(d, "weekly")
			other["schedule"] = map[string]any{"type": "weekly", "basic": 8}
			second := at(register(t, srv, other), "data", "common", "schedule", "basic")
			assert.NotEqual(t, id, at(second, "id"), "each copy is a schedule of its own")
			assert.Equal(t, "[Basic] Start working at 03:00 Saturday every week.", at(second, "description"))

			status, env := get(t, srv, "/recoveries/nightly")
			require.Equal(t, http.StatusOK, status, "%v", env)
			shown := at(env, "data", "job", "info", "schedule", "basic")
			require.NotNil(t, shown, "the job's GET shows its schedule: %v", env)
			assert.Equal(t, fmt.Sprint(id), at(shown, "id"), "the same copy, its ID as text")
			assert.Equal(t, "daily", at(shown, "type"))
			assert.Equal(t, zdmtest.PhaseScheduled, srv.Job("nightly").Status(), "a scheduled job waits for its schedule")

			missing := regBody(d, "missing")
			missing["schedule"] = map[string]any{"type": 3, "basic": 15}
			status, env = call(t, srv, http.MethodPost, "/recoveries", missing)
			assert.Equal(t, http.StatusNotFound, status)
			assert.Contains(t, fmt.Sprint(env["error"]), "Schedule ID '15' not found.")
			missing["schedule"] = 99
			status, env = call(t, srv, http.MethodPost, "/recoveries", missing)
			assert.Equal(t, http.StatusNotFound, status)
			assert.Contains(t, fmt.Sprint(env["error"]), "Schedule ID '99' not found")
			assert.Nil(t, srv.Job("missing"), "nothing registered")

			missing["schedule"] = 9 // zdm-b's
			status, _ = call(t, srv, http.MethodPost, "/recoveries", missing)
			assert.Equal(t, http.StatusNotFound, status, "a schedule of another center")
			missing["schedule"] = 7
			register(t, srv, missing)
			status, env = call(t, srv, http.MethodDelete, "/schedules/7?center=zdm-a", nil)
			assert.Equal(t, http.StatusConflict, status, "linked as is: in use by a backup and the recovery")
			assert.Contains(t, fmt.Sprint(env["error"]), "Schedule ID '7' is referenced by: backup(1), recovery(1)")
		})
	}
}
