package zdm_test

import (
	"testing"

	"go.uber.org/goleak"
)

// checkNoGoroutineLeak fails t if goroutines started during t (and its
// subtests) are still running when it ends, once goleak has given them
// time to wind down. It must be called first in the test, so that its
// check runs after every other cleanup (servers closing, idle
// connections dropped). The package's one leak checker is goleak.
func checkNoGoroutineLeak(t *testing.T) {
	t.Helper()
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
}
