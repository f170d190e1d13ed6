package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestOutputs(t *testing.T) {
	programtest.ClearEnv(t)
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"Job:     daily-recovery", "/home\n  status:  Running (Processing)\n  percent: 45%", "start:   20", " +09:00\n"}},
		{[]string{"-detail"}, []string{"Rocky Linux 9.3", "device:  /dev/vdb1", "repository: NFS /mnt/zdm-repo (id 1)"}},
		{[]string{"-output", "table"}, []string{"PARTITION", "/home", "Running (Processing)", "45%", ", times in +09:00\n", "\n/home: Transferring data...\n"}},
		{[]string{"-partition", "/home", "-output", "table"}, []string{"/home"}},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		require.Equal(t, 0, run(tt.args, &out, &errOut), "args %v: %s", tt.args, errOut.String())
		for _, w := range tt.want {
			assert.Contains(t, out.String(), w, "args %v", tt.args)
		}
		programtest.AssertFits(t, out.String(), 79)
	}
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-output", "json", "-partition", "/home"}, &out, &errOut))
	var m zdm.JobMonitoring
	require.NoError(t, json.Unmarshal(out.Bytes(), &m))
	require.Len(t, m.Job.Details, 1)
	assert.Equal(t, "/home", m.Job.Details[0].Name())
}

func TestAgainstServerWithFilters(t *testing.T) {
	programtest.ClearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{ID: 7, Name: "win-fs", Source: zdmtest.Machine{Name: "WIN-FS-01"},
		Partitions: []zdmtest.PartitionSpec{{Drive: "C:"}, {Drive: "D:"}}})
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_TOKEN", srv.Token())
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-drive", "D:", "-server-name", "WIN-FS-01", "-server-type", "source", "-output", "table", "7"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "D:")
	assert.NotContains(t, out.String(), "C:")
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "WIN-FS-01", last.Query.Get("server"), "1.x/2.x servers call serverName server")

	out.Reset()
	errOut.Reset()
	assert.Equal(t, exitcode.Unknown, run([]string{"missing-job"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "404")
	programtest.AssertSaid(t, "monitor", errOut.String())
}

func TestBadInput(t *testing.T) {
	programtest.ClearEnv(t)
	for _, args := range [][]string{
		{"-mode", "weekly"},
		{"-partition", "/", "-drive", "C:"},
		{"-output", "yaml"},
		{"a", "b"},
		{"daily-recovery"}, // a job name without ZDM_URL
	} {
		var out, errOut bytes.Buffer
		assert.Equal(t, 2, run(args, &out, &errOut), "args %v", args)
		assert.NotEmpty(t, errOut.String())
		programtest.AssertSaid(t, "monitor", errOut.String())
	}
}

func TestUsageMessages(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	assert.Equal(t, exitcode.Usage, run([]string{"-bogus"}, &out, &errOut))
	assert.Equal(t, "monitor: flag provided but not defined: -bogus\nRun 'monitor -h' for usage.\n", errOut.String())

	errOut.Reset()
	t.Setenv("ZDM_TOKEN", "t")
	assert.Equal(t, exitcode.Usage, run(nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "is set but ZDM_URL is not")
	programtest.AssertFits(t, errOut.String(), 79)

	out.Reset()
	errOut.Reset()
	assert.Equal(t, exitcode.OK, run([]string{"-h"}, &out, &errOut))
	assert.Empty(t, errOut.String())
	assert.Contains(t, out.String(), "Exit codes:")
	programtest.AssertFits(t, out.String(), 79)
}

// TestServerTextIsEscaped_AsAProgram: a server whose names, messages and
// log lines carry an escape sequence and a bidi override; the program,
// run as a user runs it, prints them escaped in every format (in JSON as
// \u escapes that decode to the server's text) and sends no raw byte of
// them to the terminal.
func TestServerTextIsEscaped_AsAProgram(t *testing.T) {
	h, shown := programtest.Hostile, programtest.HostileShown
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{ID: 7, Name: "nightly" + h,
		Source: zdmtest.Machine{Name: "web01" + h, OS: "Rocky" + h}, Target: zdmtest.Machine{Name: "web01-dr" + h},
		Log: []string{"Recovery job registered" + h},
		Partitions: []zdmtest.PartitionSpec{{Partition: "/data" + h, Device: "/dev/sdb1" + h,
			Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 45, Message: "copying" + h}}}}})
	env := map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"7"}, []string{"Job:     nightly" + shown, "Source:  web01" + shown, "Target:  web01-dr" + shown,
			"\n/data" + shown + "\n", "message: copying" + shown, "Log:\n  Recovery job registered" + shown + "\n"}},
		{[]string{"-detail", "7"}, []string{"Rocky" + shown, "device:  /dev/sdb1" + shown}},
		{[]string{"-output", "table", "7"}, []string{"nightly" + shown + ": web01" + shown + " -> web01-dr" + shown,
			"\n/data" + shown + "  Running", "\n/data" + shown + ": copying" + shown + "\n"}},
		{[]string{"-output", "json", "7"}, []string{`"copying\u001b[31m\u202eevil"`}},
	} {
		r := programtest.Run(t, env, tc.args...)
		require.Equal(t, exitcode.OK, r.Code, "%v: %s", tc.args, r.Stderr)
		for _, w := range tc.want {
			assert.Contains(t, r.Stdout, w, "%v", tc.args)
		}
		assert.NotContains(t, r.Stdout, "\x1b", "%v", tc.args)
		programtest.AssertPrintable(t, r.Stdout)
	}

	r := programtest.Run(t, env, "-output", "json", "7")
	var m zdm.JobMonitoring
	require.NoError(t, json.Unmarshal([]byte(r.Stdout), &m))
	assert.Equal(t, "copying"+h, m.Job.Details[0].ProgressInfo.Message, "the JSON holds the server's text")

	srv.Inject(1, zdmtest.Status(http.StatusForbidden).WithError("FORBIDDEN", "denied to"+h))
	r = programtest.Run(t, env, "7")
	assert.Equal(t, exitcode.Unknown, r.Code)
	assert.Contains(t, r.Stderr, "denied to"+shown)
	programtest.AssertSaid(t, "monitor", r.Stderr)
}

// TestTableColumnsFitHangul: a column is as wide as its widest cell in
// terminal columns, Hangul taking two, so the columns line up.
func TestTableColumnsFitHangul(t *testing.T) {
	var out bytes.Buffer
	printColumns(&out, [][]string{{"PARTITION", "STATUS", "END"}, {"/데이터", "Running", "-"}, {"/", "Completed", "-"}})
	assert.Equal(t, "PARTITION  STATUS     END\n/데이터    Running    -\n/          Completed  -\n", out.String())
}

func TestMain(m *testing.M) { programtest.Main(m) }
