package main

import (
	"fmt"
	"strings"
)

// usageText is what -h prints: the flags and their environment
// variables (from settingsTable), the exit codes, the control API (from
// controlRoutes) and the scenario schema. doc.go and README.md say the
// same.
func usageText() string {
	var b strings.Builder
	b.WriteString(usageHead)
	for _, st := range settingsTable {
		arg := "-" + st.name
		if st.arg != "" {
			arg += " " + st.arg
		}
		lines := wrap(st.help, 51)
		env := "(environment: " + st.env() + ")"
		if last := lines[len(lines)-1]; len([]rune(last))+1+len(env) <= 51 {
			lines[len(lines)-1] = last + " " + env
		} else {
			lines = append(lines, env)
		}
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(&b, "  %-24s %s\n", arg, l)
			} else {
				fmt.Fprintf(&b, "  %-24s %s\n", "", l)
			}
		}
	}
	b.WriteString(usageExit)
	b.WriteString(routeHelp())
	b.WriteString(usageScenario)
	return b.String()
}

const usageHead = `usage: zdm-fake [flags]

Serves a fake ZDM API (zdmtest, the go-zdm SDK's fake server) for test
harnesses in any language: token issue, the recovery and backup
families, servers, centers, repositories, schedules and licences of one
world that every route checks its references against, jobs that move as
they are polled or as the clock runs, faults on cue, and a control API
under /_fake/. It answers as the
released 1.x/2.x servers do unless -dialect says otherwise, messages in
Korean included: "토큰이 만료되었습니다." ("Token has expired").

On start it prints the API's base URL, a ready token and the default
user's credentials, one "key value" per line:

  zdm-fake dialect v1
  url      http://127.0.0.1:8080/api
  token    zdmtest.1a2b3c4d5e6f7a8b.1
  email    admin@zdm.test
  password zdmtest-password
  control  http://127.0.0.1:8080/_fake/

(with HTTPS also "cert <PEM file>" and "sha256 <fingerprint>", and with
-redirect-addr "redirect <URL>", before "control"), then one line per
request (method, path, status, duration, request id) unless -quiet.

Flags (each also set by its environment variable when not given; a flag
or variable wins over the scenario's dialect, prefix and timeZone):
`

const usageExit = `
Exit codes:
  0  stopped by SIGINT or SIGTERM (requests in flight finished)
  1  could not listen, or serving failed
  2  bad usage or an invalid scenario (the error names line and field)

Control API (JSON in and out; errors are {"error": "..."} with 4xx).
Requests with a body must send it as Content-Type: application/json, and
requests from a web page of another origin (an Origin or Sec-Fetch-Site
header that is not this server's) are refused with 403, so that a page
open in a browser cannot drive the fake. Times are RFC 3339 in the
server's zone.
`

const usageScenario = `
Scenario file (every field optional; durations like "90s", times RFC 3339):
  {
    "dialect": "v1", "prefix": "/api", "timeZone": "Asia/Seoul",
                                        (used when the flag is not given)
    "tokenLifetime": "1h",
    "clock": {"start": "2026-01-17T06:00:00Z", "frozen": false},
    "users": [{"email": "ops@example.com", "password": "secret"}],
                                        the world: "centers" declares a
                                        whole one; without them the parts
                                        add to zdmtest's default world
                                        (zdm-a, zdm-b: zdmtest.DefaultWorld)
    "centers": ["Seoul DC"] or [{"id": 1, "name": "Seoul DC", "host",
                "os", "publicIP", "privateIPs", "disconnected": false,
                "inactive": false}],
    "servers": [{"id": 1, "name": "web-01", "center": "Seoul DC",
                 "mode": "source|target", "os": "Rocky Linux 9.3",
                 "agent": "3.2.1", "publicIP", "privateIPs",
                 "disconnected": false, "license": 1,
                 "partitions": [{"letter": "/" or "C:", "device",
                                 "fileSystem", "size": "50GB",
                                 "used": "10GB"}]}],
                                        names unique per center; a
                                        Windows os makes drives
    "repositories": [{"id": 9, "center", "type": "nfs|smb", "remotePath",
                      "localPath", "ips": ["192.168.1.200"], "port",
                      "account", "size", "used", "unreachable": false}],
    "schedules": [{"id", "center", "type": 0..11 or "Daily",
                   "time": "02:00", "day", "week", "month", "year",
                   "interval": {"minute", "hour"}, "advanced": false,
                   "jobName", "disabled": false}],
    "licenses": [{"id", "name", "key", "center", "category": "zdm(dr)",
                  "copies": 10, "description", "created", "expires"}],
    "backups": [{"id", "name", "server": "web-01", "center",
                 "partition": "/" or "drive": "C:",
                 "mode": "full|increment|smart", "repository": 9,
                 "schedule": 1, "idle": false, "steps"|"ramp"|
                 "simulation", "compression", "encryption", "rotation",
                 "excludeDir"}],            a run that completes writes an
                                        image and a history row
    "images": [{"name", "job": "web-01_ROOT", "center",
                "type": "full|increment", "createdAt": time,
                "size": "12GB", "compressed": "5GB"}],
    "jobs": [{
      "id": 1, "name": "daily-recovery", "source": "web-01",
      "target": "web-01-dr", "center": "Seoul DC", "platform": "OpenStack",
                                        servers and center of the world
      "mode": "full|increment", "idle": false, "scheduled": false,
      "pollsPerStep": 1, "startedAt": time, "log": ["first line"],
      "partitions": [{
        "partition": "/" or "drive": "C:",
        one of
        "steps": [step...],             one per poll, the last repeating
        "ramp": [10, 60],               running 10%, 60%, then completed
        "simulation": {"delay": "0s", "prepare": "5s", "copy": "1m",
                       "reboot": "10s", "failAt": 40, "failMessage": "...",
                       or "cancelAt": 40, "canceling": "5s"},
        "mode", "device", "fileSystem", "targetPartition", "backupJob",
        "backupFile", "repository": {"id", "type", "path"}
      }]
    }],
    "plans": {"daily-recovery": [step...]},
                                        later runs (after a start), by name
    "defaultPlan": [step...],           runs of jobs with no plan
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
          "size": 1048576 (huge: at most 1 GiB, streamed), "body": "...",
          "contentType": "...", "method": "GET",
          "path": "recoveries/monitoring/job/"}
         A fault answers the next count requests whose method and path
         (relative to the API root) match; then answers are normal again.

Examples: cmd/zdm-fake/testdata/*.json in the go-zdm module.
`
