package zdmtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// scenarioSeeds are real scenario documents: zdm-fake's examples (valid
// and invalid), the one Scenario's documentation shows, and the default
// world written out (whose IDs and names are all taken on a server that
// holds it).
func scenarioSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, pattern := range []string{"../cmd/zdm-fake/testdata/*.json", "../cmd/zdm-fake/testdata/invalid/*.json"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	out = append(out, []byte(`{"users": [{"email": "ops@example.com", "password": "secret"}],
 "centers": ["Seoul DC"],
 "servers": [{"name": "web-01", "center": "Seoul DC", "os": "Rocky Linux 9.3",
              "partitions": [{"letter": "/"}, {"letter": "/home", "size": "200GB"}]},
             {"name": "web-01-dr", "center": "Seoul DC", "mode": "target",
              "partitions": [{"letter": "/"}, {"letter": "/home"}]}],
 "repositories": [{"id": 90, "center": "Seoul DC", "type": "nfs", "remotePath": "/backup"}],
 "schedules": [{"center": "Seoul DC", "type": "Weekly", "day": "mon,wed", "time": "02:30", "jobName": "web-01_ROOT"},
               {"center": "Seoul DC", "type": 7, "time": "01:00"}, {"center": "Seoul DC", "type": 7, "advanced": true, "interval": {"hour": "2"}}],
 "licenses": [{"center": "Seoul DC", "key": "ABC123", "category": "backup", "copies": 3, "expires": "2027-01-01T00:00:00Z"}],
 "backups": [{"server": "web-01", "center": "Seoul DC", "partition": "/", "idle": true, "ramp": [10, 90]}],
 "images": [{"job": "web-01_ROOT", "center": "Seoul DC", "createdAt": "2026-01-16T02:00:00Z", "size": 1073741824}],
 "jobs": [{"name": "daily-recovery", "source": "web-01", "target": "web-01-dr", "center": "Seoul DC",
           "startedAt": "2026-01-17T05:59:00Z", "pollsPerStep": 2,
           "partitions": [{"partition": "/", "ramp": [10, 60]},
                          {"partition": "/home", "simulation": {"delay": "1s", "prepare": "5s", "copy": "1m", "reboot": "10s", "cancelAt": 50, "canceling": "3s"}}]}],
 "plans": {"daily-recovery": [{"phase": "running", "percent": 50, "log": "half"}]},
 "defaultPlan": [{"phase": "preparing"}, {"phase": "completed", "percent": 100}],
 "faults": [{"kind": "status", "status": 503, "count": 2}, {"kind": "delay", "delay": "10ms"}, {"kind": "cutBody", "at": 10}]}`))
	w, err := json.Marshal(zdmtest.Scenario{World: zdmtest.DefaultWorld(t0)})
	if err != nil {
		tb.Fatal(err)
	}
	return append(out, w, []byte(`{"jobs": [{"partitions": [{"partition": "/", "simulation": {"copy": "2562047h", "failAt": 99}}], "startedAt": "0001-01-01T00:00:00Z"}]}`))
}

// FuzzScenarioLoad decodes any document into a Scenario, as zdm-fake
// does (strictly), and loads it: a document that decodes either loads or
// is refused with a *ScenarioError whose every problem says what is
// wrong, and a refused one leaves the server as it was (every list
// answers the same). Nothing panics or hangs, and a loaded scenario's
// world still lists and its jobs still monitor, as the SDK decodes them.
func FuzzScenarioLoad(f *testing.F) {
	for _, b := range scenarioSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(checkScenarioLoads)
}

// scenarioTemplates are scenarios with holes, for FuzzScenarioValues: $S
// takes a string, $N a number, $R any JSON value. Together they reach
// every field of every spec.
var scenarioTemplates = []string{
	`{"users": [{"email": "$S", "password": "$S"}]}`,
	`{"centers": [$S, {"id": $N, "name": "c2", "host": "$S", "os": "$S", "publicIP": "$S", "privateIPs": [$S], "disconnected": $R, "inactive": $R}]}`,
	`{"servers": [{"id": $N, "name": "$S", "center": "zdm-a", "mode": "$S", "os": "$S", "agent": "$S", "publicIP": "$S", "privateIPs": ["$S"], "license": $N,
	  "partitions": [{"letter": "$S", "device": "$S", "fileSystem": "$S", "size": $R, "used": $R}]}]}`,
	`{"servers": [{"name": "s", "os": "Windows Server 2022", "partitions": [{"letter": "$S", "size": "$S", "used": $N}]}], "backups": [{"server": "s", "drive": "$S"}]}`,
	`{"repositories": [{"id": $N, "center": "$S", "type": "$S", "remotePath": "$S", "localPath": "$S", "ips": [$S], "port": $N, "account": "$S", "size": $R, "used": $R, "unreachable": $R}]}`,
	`{"schedules": [{"id": $N, "center": "zdm-a", "type": $R, "year": "$S", "month": "$S", "week": "$S", "day": "$S", "time": "$S", "interval": {"minute": "$S", "hour": "$S"}, "advanced": $R, "jobName": "$S", "disabled": $R}]}`,
	`{"schedules": [{"center": "zdm-a", "type": $N, "time": "$S", "day": "$S"}, {"center": "zdm-a", "type": $N, "advanced": true, "interval": {"minute": "$S"}}]}`,
	`{"licenses": [{"id": $N, "name": "$S", "key": "$S", "center": "zdm-a", "category": "$S", "copies": $N, "description": "$S", "created": $R, "expires": "$S"}]}`,
	`{"backups": [{"id": $N, "name": "$S", "server": "web01", "center": "$S", "partition": "$S", "mode": "$S", "repository": $N, "schedule": $N, "idle": $R,
	  "compression": $R, "rotation": $N, "excludeDir": "$S", "steps": [{"phase": "$S", "percent": $N, "message": "$S", "log": "$S"}]}]}`,
	`{"backups": [{"server": "web01", "partition": "/", "name": "b", "ramp": [$N, $R], "simulation": $R}], "images": [{"job": "b", "name": "$S", "type": "$S", "createdAt": $R, "size": $N, "compressed": $R}]}`,
	`{"images": [{"job": "$S", "center": "$S", "name": "$S", "type": "$S", "createdAt": "$S", "size": $R}]}`,
	`{"jobs": [{"id": $N, "name": "$S", "source": $R, "target": "$S", "platform": "$S", "mode": "$S", "center": "$S", "log": ["$S"], "scheduled": $R, "startedAt": $R, "pollsPerStep": $N, "idle": $R,
	  "partitions": [{"partition": "$S", "drive": "$S", "device": "$S", "mode": "$S", "backupJob": "$S", "backupFile": "$S", "repository": $R, "targetPartition": "$S", "fileSystem": "$S", "targetDisk": "$S", "size": "$S", "diskNumber": $N, "overwrite": $R}]}]}`,
	`{"jobs": [{"name": "j", "startedAt": $R, "pollsPerStep": $N, "partitions": [{"partition": "/", "simulation": {"delay": "$S", "prepare": "$S", "copy": "$S", "reboot": "$S", "failAt": $N, "failMessage": "$S"}}]}]}`,
	`{"jobs": [{"name": "j", "startedAt": "$S", "partitions": [{"partition": "/", "simulation": {"copy": "$S", "cancelAt": $N, "canceling": "$S"}}, {"partition": "/boot", "ramp": [$N]}]}]}`,
	`{"jobs": [{"name": "j", "partitions": [{"partition": "/", "steps": [{"phase": "$S", "percent": $N, "message": "$S", "log": "$S"}, $R]}]}], "plans": {"$S": [{"phase": "$S", "percent": $N}]}, "defaultPlan": [$R]}`,
	`{"faults": [{"kind": "$S", "count": $N, "status": $N, "code": "$S", "message": "$S", "retryAfter": "$S", "method": "$S", "path": "$S"}]}`,
	`{"faults": [{"kind": "canned", "status": $N, "body": "$S", "contentType": "$S"}, {"kind": "$S", "size": $N, "retryAfterDate": $R}, {"kind": "cutBody", "delay": "$S"}]}`,
	`{"centers": ["$S"], "servers": [{"name": "$S", "center": "$S"}, {"name": "t", "center": "$S", "mode": "target"}], "repositories": [{"center": "$S"}],
	  "backups": [{"server": "$S", "center": "$S"}], "jobs": [{"name": "$S", "source": "$S", "target": "t", "center": "$S"}]}`,
	`$R`,
}

// FuzzScenarioValues fills the holes of scenario templates (its first
// argument picks one) with any string, number and JSON value, so that
// every field of every spec meets odd values while the document around
// them still decodes; the promises are FuzzScenarioLoad's.
func FuzzScenarioValues(f *testing.F) {
	for i := range scenarioTemplates {
		f.Add(uint8(i), "web01", int64(0), []byte(`null`))
	}
	f.Add(uint8(1), "zdm-c", int64(7), []byte(`true`))
	f.Add(uint8(2), "/", int64(-1), []byte(`"1.5 TiB"`))
	f.Add(uint8(3), "C:", int64(1<<40), []byte(`"50GB"`))
	f.Add(uint8(5), "01:00", int64(7), []byte(`"Every Minute"`))
	f.Add(uint8(9), "2026-01-16_02_00", int64(12), []byte(`{"copy": "1m", "failAt": 50}`))
	f.Add(uint8(12), "2562047h", int64(100), []byte(`"0001-01-01T00:00:00Z"`))
	f.Add(uint8(13), "9999-12-31T23:59:59Z", int64(50), []byte(`null`))
	f.Add(uint8(14), "running", int64(101), []byte(`{"phase": "completed", "percent": 100}`))
	f.Add(uint8(15), "status", int64(503), []byte(`null`))
	f.Add(uint8(16), "deepNesting", int64(1<<30), []byte(`"2026-01-17T06:00:00Z"`))
	f.Add(uint8(17), "zdm-a", int64(0), []byte(`null`))
	f.Fuzz(func(t *testing.T, pick uint8, s string, n int64, raw []byte) {
		q, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(raw) {
			raw = []byte("null")
		}
		doc := scenarioTemplates[int(pick)%len(scenarioTemplates)]
		doc = strings.ReplaceAll(doc, `"$S"`, string(q))
		doc = strings.ReplaceAll(doc, `$S`, string(q))
		doc = strings.ReplaceAll(doc, `$N`, strconv.FormatInt(n, 10))
		doc = strings.ReplaceAll(doc, `$R`, string(raw))
		checkScenarioLoads(t, []byte(doc))
	})
}

// checkScenarioLoads decodes data strictly into a Scenario and loads it
// into a server of the default world, holding Load to its promises.
func checkScenarioLoads(t *testing.T, data []byte) {
	var sc zdmtest.Scenario
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&sc) != nil {
		return // zdm-fake places decoding errors (see its FuzzScenarioFile)
	}
	srv, err := zdmtest.Start(zdmtest.WithInProcess(), zdmtest.WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	before := listDigest(t, srv)
	loaded := make(chan error, 1)
	go func() { loaded <- srv.Load(sc) }()
	select {
	case err = <-loaded:
	case <-time.After(hangGuard):
		t.Fatalf("Load still runs after %v", hangGuard)
	}
	if err != nil {
		var se *zdmtest.ScenarioError
		if !errors.As(err, &se) {
			t.Fatalf("Load: %T is not a *ScenarioError: %v", err, err)
		}
		if len(se.Problems) == 0 {
			t.Fatal("Load: a *ScenarioError without problems")
		}
		for _, p := range se.Problems {
			if strings.TrimSpace(p.Message) == "" {
				t.Fatalf("Load: problem at %q without a message", p.Path)
			}
		}
		if after := listDigest(t, srv); after != before {
			t.Fatalf("a refused scenario changed the server (%v):\nbefore %s\nafter  %s", err, before, after)
		}
		if err := srv.Err(); err != nil {
			t.Fatalf("a refused scenario was reported as misuse: %v", err)
		}
		return
	}
	serveFaults(t, srv)
	srv.Reset() // faults left would answer the checks
	checkWorldLists(t, srv)
	checkJobsMonitor(t, srv)
}

// serveFaults has the loaded faults answer a few requests (unless one
// waits on a delay, which would take real time): serving them panics
// nothing and reports no misuse.
func serveFaults(t *testing.T, srv *zdmtest.Server) {
	t.Helper()
	for _, in := range srv.Faults() {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("a loaded fault does not encode: %v", err)
		}
		var v struct{ Delay string }
		if json.Unmarshal(b, &v) != nil || v.Delay != "" {
			return
		}
	}
	for i := 0; i < 4 && srv.PendingFaults() > 0; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/recoveries", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		if resp, err := srv.HTTPClient().Do(req); err == nil {
			_, _ = io.CopyN(io.Discard, resp.Body, 1<<16)
			_ = resp.Body.Close()
		}
		cancel()
	}
	if err := srv.Err(); err != nil {
		t.Fatalf("serving the loaded faults: the server reported misuse: %v", err)
	}
}

// listDigest is what every list answers (its data), for comparing a
// server before and after.
func listDigest(t *testing.T, srv *zdmtest.Server) string {
	t.Helper()
	var b strings.Builder
	for _, path := range []string{"/recoveries", "/recoveries/histories", "/backups", "/backups/histories", "/servers",
		"/zdms", "/zdms/repositories", "/schedules", "/licenses", "/backups/images/server/web01"} {
		status, _, body := rawGet(t, srv, path)
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		_ = json.Unmarshal(body, &env)
		b.WriteString(path + " " + strconv.Itoa(status) + " " + string(env.Data) + "\n")
	}
	return b.String()
}

// checkJobsMonitor monitors every job through the SDK: each answers, and
// every partition shows a percent from 0 to 100.
func checkJobsMonitor(t *testing.T, srv *zdmtest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	c := srv.Client(zdm.WithRetryMax(0))
	check := func(what string, details []zdm.PartitionProgress) {
		for i, d := range details {
			if p, ok := d.ProgressInfo.PercentValue(); ok && (p < 0 || p > 100) {
				t.Fatalf("%s: partition %d shows %v%%", what, i, p)
			}
		}
	}
	for _, j := range srv.Jobs() {
		m, _, err := c.Recoveries.MonitorJob(ctx, strconv.Itoa(j.ID()), &zdm.MonitorJobOptions{Center: j.Center()})
		if err != nil {
			t.Fatalf("monitoring recovery job %d %q: %v", j.ID(), j.Name(), err)
		}
		check("recovery job "+j.Name(), m.Job.Details)
	}
	for _, j := range srv.BackupJobs() {
		m, _, err := c.Backups.MonitorJob(ctx, strconv.Itoa(j.ID()), nil)
		if err != nil {
			t.Fatalf("monitoring backup job %d %q: %v", j.ID(), j.Name(), err)
		}
		if p, ok := m.ProgressInfo.PercentValue(); ok && (p < 0 || p > 100) {
			t.Fatalf("backup job %s shows %v%%", j.Name(), p)
		}
	}
}
