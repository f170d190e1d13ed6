// Command zdm-fake serves a fake ZDM API for test harnesses in any
// language: what zdmtest, the SDK's in-process fake server, gives Go
// tests, as a program a Python or Node suite, a shell script or a UI
// under development can start.
//
//	go run github.com/zdmkit/go-zdm/cmd/zdm-fake -addr 127.0.0.1:0 -scenario jobs.json
//	go install github.com/zdmkit/go-zdm/cmd/zdm-fake@latest
//
// It answers token issue, the recovery and backup families, and the
// servers, centers, repositories, schedules and licences of one world
// that every route checks its references against, in one dialect: -dialect v1 (the default: the released 1.x/2.x
// servers, under /api, with their messages in Korean, such as "토큰이
// 만료되었습니다." for "Token has expired"), v3 (3.0.0) or draft (the draft
// API under /api/v1), with jobs that move one step per poll or as the
// server's clock runs, and faults on cue. It is built on zdmtest: the
// same server, mounted on a real listener, plain or HTTPS (-tls makes a
// self-signed certificate; -redirect-addr adds a plain listener that
// redirects to it). Every flag can also be set by an environment
// variable (ZDM_FAKE_ADDR for -addr, ...), for containers.
//
// On start it prints, one "key value" per line, the API's base URL
// ("url"), a ready token ("token"), the default user's credentials
// ("email", "password"), with HTTPS the certificate's PEM file and
// fingerprint ("cert", "sha256"), and last the control API's root
// ("control"); then one line per request (method, path, status,
// duration, request id) unless -quiet.
//
// A scenario file (-scenario) is zdmtest.Scenario in its JSON form:
// users, the world (centers, servers with their partitions,
// repositories, schedules, licences, backup jobs and images: a scenario
// that declares centers declares its whole world, one that declares none
// adds to zdmtest.DefaultWorld), recovery jobs with their partitions
// (scripted steps, a ramp, or a simulation with durations that
// completes, fails or is canceled at a percent), plans by job name and
// faults queued at start, beside the server's settings. It is decoded strictly: an unknown field,
// a wrong type or a bad value stops the program with exit code 2 and an
// error naming the file, line, column and field, such as
//
//	jobs.json:9:13: jobs[0].partitions[0].steps[1].phase: unknown phase "runing" (...)
//
// The control API under /_fake/ (JSON in and out) adds, replaces, moves
// and removes jobs, adds and runs backups, injects faults and lists those pending, advances,
// sets or freezes the clock, issues, expires and revokes tokens, adds
// users, reads and clears the request log (a ring of the last
// -request-log requests), answers a health check, and resets the server
// to its scenario. It refuses bodies that are not application/json and
// requests from web pages of another origin, so that a page open in a
// browser cannot drive it.
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
