// Command zdm-fake serves a fake ZDM API for test harnesses in any
// language: what zdmtest, the SDK's in-process fake server, gives Go
// tests, as a program a Python or Node suite, a shell script or a UI
// under development can start.
//
//	go run github.com/zdmkit/go-zdm/cmd/zdm-fake -addr 127.0.0.1:0 -scenario jobs.json
//	go install github.com/zdmkit/go-zdm/cmd/zdm-fake@latest
//
// It answers token issue, job monitoring and the whole recovery-job
// family in one dialect (-dialect seed, v1 or v3), with jobs that move
// one step per poll or as the server's clock runs, and faults on cue. It
// is built on zdmtest: the same server, mounted on a real listener.
//
// On start it prints, one "key value" per line, the API's base URL
// ("url"), a ready token ("token"), the default user's credentials
// ("email", "password") and the control API's root ("control"); then one
// line per request (method, path, status, duration, request id) unless
// -quiet.
//
// A scenario file (-scenario) declares users, centers, servers, jobs with
// their partitions and plans (scripted steps, a ramp, or a simulation
// with durations that completes, fails or is canceled at a percent) and
// faults queued at start. It is decoded strictly: an unknown field, a
// wrong type or a bad value stops the program with exit code 2 and an
// error naming the file, line, column and field, such as
//
//	jobs.json:14:13: jobs[0].partitions[0].steps[1].phase: unknown phase "runing" (...)
//
// The control API under /_fake/ (JSON in and out) adds, replaces, moves
// and removes jobs, injects faults, advances, sets or freezes the clock,
// issues, expires and revokes tokens, adds users, reads and clears the
// request log, and resets the server to its scenario.
//
// SIGINT or SIGTERM stops the server gracefully: it accepts no more
// connections and lets requests in flight finish (for up to -grace).
//
// Exit codes:
//
//	0  stopped by SIGINT or SIGTERM
//	1  could not listen, or serving failed
//	2  bad usage or an invalid scenario
//
// Run zdm-fake -h for the flags, the control routes and the scenario
// schema; README.md beside this file has them with examples, and
// testdata/ holds example scenarios.
package main
