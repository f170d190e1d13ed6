//go:build !race

package zdm

// raceEnabled says the tests run under the race detector (see
// race_on_test.go, race_on_ext_test.go).
const raceEnabled = false
