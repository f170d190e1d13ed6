package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestMain(m *testing.M) { programtest.Main(m) }

// TestExitCodes runs the program as a user does and checks its exit
// code, its one message on stderr, and that everything fits 80 columns.
func TestExitCodes(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	real := map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token(), "ZDM_CENTER": "zdm-a", "ZDM_PLATFORM": "vmware"}
	with := func(kv ...string) map[string]string {
		env := map[string]string{}
		for k, v := range real {
			env[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		out  string // in stdout
		err  string // in stderr; "" for nothing
	}{
		{"the fake: recovered", nil, []string{"-plain", "-interval", "5ms"}, exitcode.OK, "History row 1: COMPLETE", ""},
		{"the fake: failed", nil, []string{"-plain", "-interval", "5ms", "-demo-fail"}, exitcode.JobFailed, "History row 1: FAIL",
			"failed: / Error: Write failed on /dev/sda1"},
		{"a real server, no -yes", with("ZDM_SOURCE", "db01", "ZDM_TARGET", "db01-dr"), nil, exitcode.OK, "Nothing created", ""},
		{"a real server, -yes", with("ZDM_SOURCE", "erp01", "ZDM_TARGET", "erp01-dr", "ZDM_CENTER", "zdm-b"),
			[]string{"-yes", "-plain", "-interval", "5ms"}, exitcode.OK, "History row", ""},
		{"no plan", with("ZDM_SOURCE", "db01", "ZDM_TARGET", "web01-dr"), nil, exitcode.Usage, "", "/data has no partition on web01-dr"},
		{"usage", nil, []string{"extra"}, exitcode.Usage, "", "no arguments expected"},
		{"help", nil, []string{"-h"}, exitcode.OK, "usage: dr [flags]", ""},
		{"refused credentials", with("ZDM_SOURCE", "web01", "ZDM_TARGET", "web01-dr", "ZDM_TOKEN", "not-a-token"), nil, exitcode.Unknown, "",
			"refused the credentials"},
		{"unreachable", with("ZDM_URL", "http://127.0.0.1:1", "ZDM_SOURCE", "web01", "ZDM_TARGET", "web01-dr"),
			[]string{"-timeout", "1s"}, exitcode.Unknown, "", "gave up (-timeout 1s)"},
		{"timeout while running", nil, []string{"-plain", "-interval", "1h", "-timeout", "500ms"}, exitcode.Unknown, "Created recovery",
			"gave up (-timeout 500ms)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := programtest.Run(t, tc.env, tc.args...)
			assert.Equal(t, tc.code, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			assert.Contains(t, r.Stdout, tc.out)
			if tc.err == "" {
				assert.Empty(t, r.Stderr)
			} else {
				assert.Contains(t, strings.Join(strings.Fields(r.Stderr), " "), tc.err)
			}
			programtest.AssertFits(t, r.Stdout, termtext.LineWidth)
			programtest.AssertSaid(t, "dr", r.Stderr)
		})
	}
}

// TestInterrupt: Ctrl-C while the recovery runs stops the program (exit
// 130) with one line saying that the recovery goes on on the server.
func TestInterrupt(t *testing.T) {
	r := programtest.Interrupt(t, nil, "Preparing", "-plain", "-interval", "1h") // at the first progress rows
	assert.Equal(t, exitcode.Interrupted, r.Code, r.Stderr)
	assert.Equal(t, 1, strings.Count(r.Stderr, "dr: "), r.Stderr)
	assert.Regexp(t, `^dr: running recovery "web01-dr-\d{8}-\d{6}": interrupted; the recovery goes on on the server$`,
		strings.Join(strings.Fields(r.Stderr), " "))
}

// TestServerTextIsEscaped_AsAProgram: a server whose backup job and
// image names, run message and history row carry an escape sequence and
// a bidi override: the program, run as a user runs it, prints them
// escaped in the plan table, the progress lines, the history row and the
// error, and sends no raw byte of them to the terminal. (The SDK refuses
// such names as arguments, so the servers' own names are plain.)
func TestServerTextIsEscaped_AsAProgram(t *testing.T) {
	h, shown := programtest.Hostile, programtest.HostileShown
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3),
		zdmtest.WithDefaultPlan(zdmtest.Step{Phase: zdmtest.PhasePreparing}, zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 40, Message: "disk full" + h}))
	srv.AddServer(zdmtest.ServerSpec{Name: "app01", Center: "zdm-a"})
	job := srv.AddBackupJob(zdmtest.BackupJobSpec{Name: "j" + h, Server: "app01", Center: "zdm-a", Partition: "/", Idle: true})
	require.NotNil(t, job)
	srv.AddImage(zdmtest.ImageSpec{Job: job.Name(), Center: "zdm-a", Name: h})

	r := programtest.Run(t, map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()}, "-center", "zdm-a", "-source", "app01",
		"-target", "web01-dr", "-platform", "vmware", "-name", "restore", "-yes", "-plain", "-interval", "5ms")
	assert.Equal(t, exitcode.JobFailed, r.Code, r.Stderr)
	for _, want := range []string{
		"\n/ -> /     j" + shown + "  " + shown + "  20",
		"\n  /  40%  Error: disk full" + shown + "\n",
		"\nHistory row 1: FAIL\n  restore: app01 -> web01-dr (/)\n",
		"\n  disk full" + shown + "\n",
	} {
		assert.Contains(t, r.Stdout, want)
	}
	assert.Contains(t, strings.Join(strings.Fields(r.Stderr), " "), `recovery "restore" failed: / Error: disk full`+shown)
	for _, out := range []string{r.Stdout, r.Stderr} {
		assert.NotContains(t, out, "\x1b")
		programtest.AssertPrintable(t, out)
		programtest.AssertFits(t, out, termtext.LineWidth)
	}
	programtest.AssertSaid(t, "dr", r.Stderr)
}
