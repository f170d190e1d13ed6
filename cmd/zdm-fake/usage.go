package main

// usageText is what -h prints: the flags, the exit codes, the control
// API and the scenario schema. doc.go and README.md say the same.
const usageText = `usage: zdm-fake [flags]

Serves a fake ZDM API (zdmtest, the go-zdm SDK's fake server) for test
harnesses in any language: token issue, job monitoring and the whole
recovery-job family, jobs that move as they are polled or as the clock
runs, faults on cue, and a control API under /_fake/.

On start it prints the API's base URL, a ready token and the default
user's credentials, one "key value" per line:

  zdm-fake dialect v1
  url      http://127.0.0.1:8080/api
  token    zdmtest.1a2b3c4d5e6f7a8b.1
  email    admin@zdm.test
  password zdmtest-password
  control  http://127.0.0.1:8080/_fake/

then one line per request (method, path, status, duration, request id)
unless -quiet.

Flags:
  -addr host:port     where to listen (default 127.0.0.1:8080; port 0 picks one)
  -dialect name       seed (/api/v1, the seed-era documents), v1 (/api,
                      released 1.x/2.x servers) or v3 (/api, 3.0.0)
                      (default v1)
  -prefix path        serve the API under path instead of the dialect's root
  -time-zone zone     zone of the server's local times: an IANA name
                      ("Asia/Seoul", "UTC") or an offset ("+09:00")
                      (default +09:00)
  -scenario file      load users, centers, servers, jobs and faults from a
                      JSON file (schema below)
  -grace duration     how long a stop waits for requests in flight
                      (default 10s)
  -quiet              do not log requests

Exit codes:
  0  stopped by SIGINT or SIGTERM (requests in flight finished)
  1  could not listen, or serving failed
  2  bad usage or an invalid scenario (the error names line and field)

Control API (JSON in and out; errors are {"error": "..."} with 4xx):
  GET    /_fake/                      the server: dialect, url, prefix, routes
  POST   /_fake/reset                 back to the scenario (or to the scenario
                                      in the body): jobs, users, faults,
                                      clock; tokens and the log are forgotten;
                                      answers {"token": ...}
  GET    /_fake/jobs                  jobs: id, name, status, runs, polls
  POST   /_fake/jobs                  add a job (a scenario job object)
  GET    /_fake/jobs/{job}            one job (ID or name), with its log
  PUT    /_fake/jobs/{job}            replace a job (same ID)
  DELETE /_fake/jobs/{job}            remove a job
  POST   /_fake/jobs/{job}/{action}   start, stop, advance, complete, cancel,
                                      fail {"message"}, set {"partition": i,
                                      "step": {...}}, plan {"steps": [...],
                                      "partition": i (optional)},
                                      log {"lines": [...]}
  GET    /_fake/faults                {"pending": n}
  POST   /_fake/faults                inject a fault object, or an array
  GET    /_fake/clock                 {"now": ..., "frozen": ...}
  POST   /_fake/clock                 {"advance": "10m"}, {"set": time},
                                      {"freeze": true|false}, or together
                                      (a freeze first, a thaw last)
  POST   /_fake/tokens                a fresh token of the default user
  POST   /_fake/tokens/expire         every token so far expires (401)
  POST   /_fake/tokens/revoke         every token so far is forgotten (401)
  POST   /_fake/users                 add a user {"email", "password"}
  GET    /_fake/requests?since=n      the request log from entry n (0 first):
                                      {"total", "requests": [{"seq", "method",
                                      "path", "rawPath", "query", "auth",
                                      "time", "status", "fault"}]}
  DELETE /_fake/requests              forget the request log

Scenario file (every field optional; durations like "90s", times RFC 3339):
  {
    "dialect": "v1", "prefix": "/api", "timeZone": "Asia/Seoul",
                                        (used when the flag is not given)
    "tokenLifetime": "1h",
    "clock": {"start": "2026-01-17T06:00:00Z", "frozen": false},
    "defaultPlan": [step...],           runs of jobs with no plan
    "users": [{"email": "ops@example.com", "password": "secret"}],
    "centers": ["Seoul DC"],            IDs 1, 2, ... in order
    "servers": [{"name": "web-01", "os": "Rocky Linux 9.3",
                 "agent": "ZDM Agent 2.0.1", "publicIP": "203.0.113.7",
                 "privateIPs": ["10.0.0.7"]}],
                                        when centers or servers are given,
                                        jobs must name declared ones
    "jobs": [{
      "id": 1, "name": "daily-recovery", "source": "web-01",
      "target": "web-01-dr", "center": "Seoul DC", "platform": "OpenStack",
      "mode": "full|increment", "idle": false, "scheduled": false,
      "pollsPerStep": 1, "startedAt": "-30s" (or a time),
      "log": ["first line"],
      "plan": [step...],                later runs (after a start)
      "partitions": [{
        "partition": "/" or "drive": "C:",
        one of
        "steps": [step...],             one per poll, the last repeating
        "ramp": [10, 60],               running 10%, 60%, then completed
        "simulation": {"delay": "0s", "prepare": "5s", "copy": "1m",
                       "reboot": "10s", "failAt": 40, "failMessage": "...",
                       or "cancelAt": 40, "canceling": "5s"},
        "mode", "device", "fileSystem", "targetPartition", "backupJob",
        "backupFile"
      }]
    }],
    "faults": [fault...]                queued in order at start
  }
  step:  {"phase": "pending|preparing|running|rebooting|completed|
                    scheduled|failed|canceling|canceled",
          "percent": 0..100, "message": "...", "log": "job log line"}
  fault: {"kind": "status|empty|canned|nginx502|truncated|wrongTypes|
                   successFalse|huge|invalidUTF8|deepNesting|drop|cutBody|
                   delay",
          "count": 1, "status": 503, "code": "JOB-ERROR-16",
          "message": "...", "retryAfter": "2s", "delay": "1s",
          "size": 1048576, "body": "...", "contentType": "...",
          "method": "GET", "path": "recoveries/monitoring/job/"}
         A fault answers the next count requests whose method and path
         (relative to the API root) match; then answers are normal again.

Examples: cmd/zdm-fake/testdata/*.json in the go-zdm module.
`
