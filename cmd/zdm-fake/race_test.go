//go:build race

package main

// raceEnabled makes buildFake build the program with -race too, so that
// the server's own goroutines are checked while the tests drive it.
const raceEnabled = true
