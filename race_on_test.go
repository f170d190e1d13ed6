//go:build race

package zdm

// raceEnabled says the tests run under the race detector, which slows
// the fake server tenfold and inflates the heap: tests that measure heap
// bounds at scale run without it (.ci/run runs them so).
const raceEnabled = true
