package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// fixedServer is a fake of dialect d whose clock stands still, so that
// the images of its default world have fixed times; the program reaches
// it through ZDM_URL.
func fixedServer(t *testing.T, d zdmtest.Dialect) *zdmtest.Server {
	programtest.ClearEnv(t)
	clock := zdmtest.NewClock(time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC))
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithClock(clock.Now))
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_TOKEN", srv.Token())
	return srv
}

func runIn(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	programtest.AssertFits(t, out.String(), termtext.LineWidth)
	programtest.AssertSaid(t, "dr", errOut.String())
	return code, out.String(), errOut.String()
}

// TestPlanTable: without -yes a real server gets the plan as a table
// (source -> target partition, backup job, image file, created at,
// size) and nothing else: nothing is created.
func TestPlanTable(t *testing.T) {
	srv := fixedServer(t, zdmtest.DialectV1)
	code, out, errOut := runIn(t, "-center", "zdm-a", "-source", "web01", "-target", "web01-dr", "-platform", "vmware")
	require.Equal(t, exitcode.OK, code, errOut)
	programtest.Golden(t, "plan_v1.golden", out)
	assert.Empty(t, srv.Jobs(), "nothing created without -yes")
	for _, r := range srv.Requests() {
		assert.Equal(t, "GET", r.Method, "%s %s", r.Method, r.Path)
	}
}

// TestPlanTable_LongNamesAndDrives: a 3.0.0 server, with names as agents
// register them ("source-centos7-bios (192.168.2.104)"), a Windows
// source and -before: long names are cut in the middle... of the file
// name's start, which repeats the backup job beside it, and the table
// still fits 80 columns.
func TestPlanTable_LongNamesAndDrives(t *testing.T) {
	srv := fixedServer(t, zdmtest.DialectV3)
	const src = "source-win2019-datacenter (192.168.2.104)"
	vols := []zdmtest.Volume{{Letter: "C:", Size: 120 * zdmtest.GiB, Used: 41 * zdmtest.GiB}, {Letter: "E:", Size: 2 * zdmtest.TiB, Used: 1300 * zdmtest.GiB}}
	srv.AddServer(zdmtest.ServerSpec{Name: src, Center: "zdm-a", OS: "Windows Server 2019 Datacenter", Partitions: vols})
	srv.AddServer(zdmtest.ServerSpec{Name: "target-win2019-dr", Center: "zdm-a", Mode: zdm.ServerModeTarget, OS: "Windows Server 2019 Datacenter", Partitions: vols})
	for _, d := range []string{"C:", "E:"} {
		job := srv.AddBackupJob(zdmtest.BackupJobSpec{Server: src, Center: "zdm-a", Drive: d, Repository: 10, Idle: true})
		require.NotNil(t, job)
		for _, ago := range []time.Duration{50 * time.Hour, 26 * time.Hour, 2 * time.Hour} {
			srv.AddImage(zdmtest.ImageSpec{Job: job.Name(), Center: "zdm-a", CreatedAt: time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC).Add(-ago)})
		}
	}
	code, out, errOut := runIn(t, "-center", "zdm-a", "-source", src, "-target", "target-win2019-dr", "-platform", "vmware",
		"-before", "2026-01-16T12:00:00+09:00")
	require.Equal(t, exitcode.OK, code, errOut)
	programtest.Golden(t, "plan_v3_long.golden", out)
}

// TestRecoverOnARealServer: with -yes the plan is created and run, and
// the run's history row printed; the job is the server's.
func TestRecoverOnARealServer(t *testing.T) {
	srv := fixedServer(t, zdmtest.DialectV3)
	code, out, errOut := runIn(t, "-center", "zdm-a", "-source", "win01", "-target", "win01-dr", "-platform", "aws",
		"-name", "win01-restore", "-yes", "-plain", "-interval", "5ms")
	require.Equal(t, exitcode.OK, code, errOut)
	assert.Contains(t, out, "Created recovery \"win01-restore\"; running it.")
	assert.Contains(t, out, "  C:  100% Complete")
	assert.Contains(t, out, "History row 1: COMPLETE\n  win01-restore: win01 -> win01-dr (C:, D:)\n")
	j := srv.JobIn("zdm-a", "win01-restore")
	require.NotNil(t, j)
	assert.Equal(t, zdmtest.PhaseCompleted, j.Status())
}

// TestUsageAndRefusals: bad usage, and a plan that cannot restore every
// partition, exit 2; a server that cannot do it exits 3; each says why
// in one message on stderr.
func TestUsageAndRefusals(t *testing.T) {
	base := []string{"-center", "zdm-a", "-target", "web01-dr", "-platform", "vmware"}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T)
		args  []string
		code  int
		want  string
	}{
		{"an argument", programtest.ClearEnv, []string{"web01"}, exitcode.Usage, `no arguments expected, got ["web01"]`},
		{"a bad -before", programtest.ClearEnv, []string{"-before", "yesterday"}, exitcode.Usage, `-before "yesterday": expected an RFC 3339 time`},
		{"a token without a server", func(t *testing.T) { programtest.ClearEnv(t); t.Setenv("ZDM_TOKEN", "t") }, nil, exitcode.Usage, "ZDM_URL is not"},
		{"a server without names", func(t *testing.T) { fixedServer(t, zdmtest.DialectV1) }, nil, exitcode.Usage,
			"name -center, -source, -target, -platform"},
		{"a partition never backed up", func(t *testing.T) {
			srv := fixedServer(t, zdmtest.DialectV1)
			srv.AddServer(zdmtest.ServerSpec{Name: "app01", Center: "zdm-a", Partitions: []zdmtest.Volume{{Letter: "/"}, {Letter: "/srv"}}})
			srv.AddBackupJob(zdmtest.BackupJobSpec{Server: "app01", Center: "zdm-a", Partition: "/", Idle: true})
			srv.AddImage(zdmtest.ImageSpec{Job: "app01_ROOT", Center: "zdm-a"})
		}, append([]string{"-source", "app01"}, base...), exitcode.Usage, "cannot recover app01 onto web01-dr: /srv has no backup image"},
		{"a target without the partition", func(t *testing.T) { fixedServer(t, zdmtest.DialectV1) },
			[]string{"-center", "zdm-a", "-source", "db01", "-target", "web01-dr", "-platform", "vmware"}, exitcode.Usage,
			"/data has no partition on web01-dr"},
		{"no image before -before", func(t *testing.T) { fixedServer(t, zdmtest.DialectV1) },
			append([]string{"-source", "web01", "-before", "2020-01-01T00:00:00Z"}, base...), exitcode.Usage,
			"/ has no backup image at or before 2020-01-01T00:00:00Z; /boot has no backup image at or before"},
		{"the draft API lists no images", func(t *testing.T) { fixedServer(t, zdmtest.DialectDraft) },
			append([]string{"-source", "web01"}, base...), exitcode.Unknown, "has no such route (404 Not Found, not a ZDM answer): check ZDM_URL, or whether the server lists backup images"},
		{"a refused token", func(t *testing.T) { fixedServer(t, zdmtest.DialectV1); t.Setenv("ZDM_TOKEN", "not-a-token") },
			append([]string{"-source", "web01"}, base...), exitcode.Unknown, "refused the credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup(t)
			code, _, errOut := runIn(t, tc.args...)
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, strings.Join(strings.Fields(errOut), " "), tc.want)
			assert.True(t, strings.HasPrefix(errOut, "dr: "), errOut)
			assert.Equal(t, 1, strings.Count(errOut, "\ndr: ")+1, "one message: %s", errOut)
		})
	}
}

// TestHelp: -h prints the usage on stdout, within 80 columns.
func TestHelp(t *testing.T) {
	programtest.ClearEnv(t)
	code, out, _ := runIn(t, "-h")
	assert.Equal(t, exitcode.OK, code)
	assert.Contains(t, out, "usage: dr [flags]")
	assert.Contains(t, out, "-before")
}
