package zdmtest_test

import (
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
// form that copies schedule 15's basic part.
func TestCreate_ScheduleCopiedByID(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			b := regBody(d, "nightly")
			b["schedule"] = map[string]any{"type": 3, "basic": 15}
			register(t, srv, b)
		})
	}
}
