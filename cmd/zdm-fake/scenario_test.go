package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestScenario_ExamplesLoad loads every example scenario.
func TestScenario_ExamplesLoad(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example scenarios: %v", err)
	}
	for _, file := range files {
		f, err := setUp(settings{scenario: file, dialect: "v1", given: map[string]bool{}})
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(f.current().srv.Jobs()) == 0 {
			t.Errorf("%s: no jobs", file)
		}
		f.current().close()
	}
}

// TestScenario_ErrorsNameLineAndField pins the errors of the invalid
// examples: file, line, column, field.
func TestScenario_ErrorsNameLineAndField(t *testing.T) {
	for file, want := range map[string][]string{
		"bad-phase.json":     {"bad-phase.json:9:13: jobs[0].partitions[0].steps[1].phase: unknown phase \"runing\""},
		"unknown-field.json": {"unknown-field.json:6:28: jobs[0].partitions[0].percent: unknown field"},
		"wrong-type.json":    {"wrong-type.json:6:37: jobs[0].partitions[0].ramp[0]: want a number, got string"},
		"syntax.json":        {"syntax.json:3:24: jobs[0]: invalid character "}, // the wording differs between encoding/json v1 and v2
		"undeclared.json": {
			"undeclared.json:4:45: jobs[0].target: \"web-02\" is not a server of the world",
			"undeclared.json:5:69: jobs[0].partitions[0].simulation.failAt: 140 is outside 0..100",
			"undeclared.json:7:15: faults[0].kind: unknown kind \"teapot\"",
		},
	} {
		path := filepath.Join("testdata", "invalid", file)
		_, err := setUp(settings{scenario: path, dialect: "v1", given: map[string]bool{}})
		if err == nil {
			t.Errorf("%s loaded", file)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), filepath.Join("testdata", "invalid", w)) {
				t.Errorf("%s: error\n%v\nlacks %q", file, err, w)
			}
		}
	}
}

// TestScenario_Values checks values that decode but cannot be served.
func TestScenario_Values(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"jobs": [{"partitions": [{"partition": "/", "drive": "C:"}]}]}`, "1:46: jobs[0].partitions[0].drive: set with partition"},
		{`{"jobs": [{"partitions": [{}]}]}`, "1:27: jobs[0].partitions[0]: sets neither partition nor drive"},
		{`{"jobs": [{"partitions": [{"partition": "/", "ramp": [1], "steps": [{"phase": "running"}]}]}]}`, "jobs[0].partitions[0]: sets more than one of steps, ramp and simulation: choose one"},
		{`{"jobs": [{"name": "a"}, {"name": "a"}]}`, "1:27: jobs[1].name: name \"a\" is taken"},
		{`{"jobs": [{"name": "a", "center": "zdm-a"}, {"name": "a", "center": "zdm-a"}]}`, "jobs[1].name: name \"a\" is taken in center \"zdm-a\""},
		{`{"jobs": [{"name": "a", "center": "Atlantis"}]}`, "1:25: jobs[0].center: \"Atlantis\" is not a center of the world (\"zdm-a\", \"zdm-b\")"},
		{`{"jobs": [{"source": "no-such-server"}]}`, "1:12: jobs[0].source: \"no-such-server\" is not a server of the world"},
		{`{"jobs": [{"source": "web01", "partitions": [{"partition": "/home"}]}]}`, "jobs[0].partitions[0].partition: \"/home\" is not a partition of source server \"web01\" (it has \"/\", \"/boot\")"},
		{`{"servers": [{"name": "x", "center": "nowhere"}]}`, "1:28: servers[0].center: \"nowhere\" is not a center of the world"},
		{`{"servers": [{"name": "web01", "center": "zdm-a"}]}`, "servers[0].name: \"web01\" is taken by another server of center \"zdm-a\""},
		{`{"servers": [{"name": "w", "os": "Windows Server 2022", "partitions": [{"letter": "/"}]}]}`, "servers[0].partitions[0].letter: \"/\" is not a drive"},
		{`{"servers": [{"name": "a", "partitions": [{"letter": "/", "size": "huge"}]}]}`, "1:59: servers[0].partitions[0].size: \"huge\" is not a size"},
		{`{"repositories": [{"type": "ftp"}]}`, "repositories[0].type: unknown type \"ftp\""},
		{`{"schedules": [{"type": "Daily", "time": "9am"}]}`, "schedules[0].time: time must be in 'HH:mm' format"},
		{`{"schedules": [{"type": "Fortnightly"}]}`, "1:17: schedules[0].type: want a number, got \"Fortnightly\" (not a schedule type)"},
		{`{"licenses": [{"key": "ABC-123"}]}`, "licenses[0].key: \"ABC-123\": a key holds letters and digits only"},
		{`{"backups": [{"server": "web01", "partition": "/nope"}]}`, "backups[0].partition: \"/nope\" is not a partition of server \"web01\""},
		{`{"backups": [{"server": "web01", "repository": 11}]}`, "backups[0].repository: 11 is not a repository of center \"zdm-a\" (it has 9, 10)"},
		{`{"images": [{"job": "ghost"}]}`, "1:14: images[0].job: \"ghost\" is not a backup job of the world"},
		{`{"jobs": [{"mode": "partial"}]}`, "jobs[0].mode: unknown mode"},
		{`{"jobs": [{"startedAt": "yesterday"}]}`, "jobs[0].startedAt"},
		{`{"clock": {"start": "noon"}}`, "clock.start"},
		{`{"jobs": [{"na\u001b[2Jme": 1}]}`, `1:12: jobs[0].na\x1b[2Jme: unknown field`},
		{`{"plans": {"a\nb": [{"phase": "gone"}]}}`, `1:22: plans.a\nb[0].phase: unknown phase "gone"`},
		{`{"clock": {"start": "0001-01-01T00:00:00Z"}}`, "1:12: clock.start: 0001-01-01T00:00:00Z is outside the clock's range: want a time from 1970-01-01T00:00:00Z to before 2200-01-01T00:00:00Z"},
		{`{"clock": {"start": "9999-12-31T00:00:00Z", "frozen": true}}`, "clock.start: 9999-12-31T00:00:00Z is outside the clock's range"},
		{`{"tokenLifetime": "-1h"}`, "tokenLifetime: \"-1h\" is not positive"},
		{`{"users": [{"email": "", "password": "x"}]}`, "users[0].email: empty"},
		{`{"centers": ["A", "A"]}`, "1:19: centers[1].name: \"A\" is taken by another center"},
		{`{"faults": [{"kind": "delay"}]}`, "faults[0].delay: a delay fault needs a positive delay"},
		{`{"faults": [{"kind": "status", "status": 700}]}`, "faults[0].status: 700 is outside 200..599"},
		{`{"faults": [{"kind": "drop", "code": "X"}]}`, "faults[0].code: dropped connection: code and message go with Status and SuccessFalse faults"},
		{`{"dialect": "v9"}`, "dialect: unknown dialect \"v9\""},
		{`{"prefix": "api"}`, "prefix: \"api\" is not an absolute path"},
		{`{"timeZone": "Nowhere/City"}`, "timeZone: \"Nowhere/City\" is not a zone name"},
		{`{"jobs": []} {}`, "data after the JSON value"},
		{``, "empty document"},
		{`{"jobs": [{"name": "a"`, "unexpected end of JSON"},
	} {
		path := filepath.Join(t.TempDir(), "s.json")
		if err := os.WriteFile(path, []byte(tc.doc+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := setUp(settings{scenario: path, dialect: "v1", given: map[string]bool{}})
		if err == nil {
			f.current().close()
			t.Errorf("%s: loaded", tc.doc)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n%v\nlacks %q", tc.doc, err, tc.want)
		}
	}
}

// TestScenario_SameNameInTwoCenters: names are unique per center, as on
// the vendor's servers.
func TestScenario_SameNameInTwoCenters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	doc := `{"jobs": [{"name": "nightly", "center": "zdm-a", "partitions": [{"partition": "/"}]},
	{"name": "nightly", "center": "zdm-b", "partitions": [{"partition": "/"}]}]}`
	if err := os.WriteFile(path, []byte(doc+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := setUp(settings{scenario: path, dialect: "v1", given: map[string]bool{}})
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	st := f.current()
	defer st.close()
	if n := len(st.srv.Jobs()); n != 2 {
		t.Fatalf("%d jobs, want both", n)
	}
	if err := st.srv.Err(); err != nil {
		t.Fatalf("server misuse: %v", err)
	}
	if st.srv.JobIn("zdm-a", "nightly") == st.srv.JobIn("zdm-b", "nightly") {
		t.Fatal("one job for two centers")
	}
}

// TestScenario_FlagsWin checks that flags override the scenario's
// settings.
func TestScenario_FlagsWin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, []byte(`{"dialect": "v3", "prefix": "/zdm/api", "timeZone": "UTC"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := setUp(settings{scenario: path, dialect: "seed", given: map[string]bool{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.opts.dialect.String(); got != "v3" || f.opts.apiPrefix() != "/zdm/api" || f.opts.zone.String() != "UTC" {
		t.Errorf("scenario settings: %s %s %v", got, f.opts.apiPrefix(), f.opts.zone)
	}
	f.current().close()
	f, err = setUp(settings{scenario: path, dialect: "seed", prefix: "/x", timeZone: "+05:30", given: map[string]bool{"dialect": true, "prefix": true, "time-zone": true}})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.opts.dialect.String(); got != "draft" || f.opts.apiPrefix() != "/x" || f.opts.zone.String() != "UTC+05:30" {
		t.Errorf("flags: %s %s %v", got, f.opts.apiPrefix(), f.opts.zone)
	}
	f.current().close()
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

// TestScenario_IsZdmtestsSchema: a scenario file is zdmtest's Scenario in
// its JSON form (with zdm-fake's settings beside it): one built in Go and
// written out loads as it is.
func TestScenario_IsZdmtestsSchema(t *testing.T) {
	sc := scenario{Dialect: "v3", Scenario: zdmtest.Scenario{
		Jobs: []zdmtest.JobSpec{{ID: 5, Name: "from-go", Partitions: []zdmtest.PartitionSpec{
			{Partition: "/", Simulation: &zdmtest.Simulation{Copy: time.Minute, Ending: zdmtest.FailAt(50, "lost")}},
		}}},
		Plans:  map[string][]zdmtest.Step{"from-go": zdmtest.Ramp(30)},
		Faults: []zdmtest.Injection{{Count: 2, Fault: zdmtest.NginxBadGateway()}},
	}}
	b, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := setUp(settings{scenario: path, dialect: "v1", given: map[string]bool{}})
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	st := f.current()
	defer st.close()
	if f.opts.dialect != zdmtest.DialectV3 || st.srv.Job("5") == nil || st.srv.Job("5").Name() != "from-go" || st.srv.PendingFaults() != 2 {
		t.Errorf("loaded %v, %d jobs, %d faults from\n%s", f.opts.dialect, len(st.srv.Jobs()), st.srv.PendingFaults(), b)
	}
}
