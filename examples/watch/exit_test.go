package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestMain(m *testing.M) { programtest.Main(m) }

func TestExitCodes(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "forever", Partitions: []zdmtest.PartitionSpec{{Partition: "/",
		Steps: []zdmtest.Step{{Phase: zdmtest.PhaseRunning, Percent: 10}}}}})
	real := map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()}
	dead := map[string]string{"ZDM_URL": deadURL(t), "ZDM_TOKEN": "t"}
	wrongToken := map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": "not-a-token"}

	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string // in stderr
	}{
		{"done", real, append(fast, "nightly"), exitcode.OK, ""},
		{"demo done", nil, []string{"-plain", "-demo-duration", "1s"}, exitcode.OK, ""},
		{"demo failed", nil, []string{"-plain", "-demo-duration", "1s", "-demo-fail"}, exitcode.JobFailed, "failed"},
		{"usage", nil, []string{"daily"}, exitcode.Usage, "needs ZDM_URL"},
		{"unknown flag", nil, []string{"-bogus"}, exitcode.Usage, "-bogus"},
		{"help", nil, []string{"-h"}, exitcode.OK, ""},
		{"not found", real, append(fast, "missing"), exitcode.Unknown, `no recovery job "missing"`},
		{"refused credentials", wrongToken, append(fast, "nightly"), exitcode.Unknown, "refused the credentials"},
		{"unreachable", dead, append(fast, "-max-errors", "2", "nightly"), exitcode.Unknown, "connection refused"},
		{"timeout", real, []string{"-plain", "-interval", "5ms", "-max-interval", "10ms", "-timeout", "200ms", "forever"}, exitcode.Unknown,
			"gave up (-timeout 200ms) after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := programtest.Run(t, tt.env, tt.args...)
			assert.Equal(t, tt.code, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			if tt.want == "" {
				assert.Empty(t, r.Stderr)
			} else {
				assert.Contains(t, r.Stderr, tt.want)
			}
			programtest.AssertFits(t, r.Stdout, 79)
			programtest.AssertSaid(t, "watch", r.Stderr)
		})
	}
}

// Against an unreachable server, the first failure is shown at once and
// each one after it as it comes.
func TestUnreachableIsShown(t *testing.T) {
	r := programtest.Run(t, map[string]string{"ZDM_URL": deadURL(t), "ZDM_TOKEN": "t"}, append(fast, "-max-errors", "2", "nightly")...)
	assert.Equal(t, exitcode.Unknown, r.Code)
	assert.Regexp(t, `retrying in ~[0-9]+ms \(1 poll failed\): connection refused`, r.Stdout)
	assert.Regexp(t, `retrying in ~[0-9]+ms \(2 polls failed\): connection refused`, r.Stdout)
	assert.Contains(t, r.Stderr, "3 polls in a row failed")
	assert.NotContains(t, r.Stderr, "attempts", "the client's own retries are off")
}

// Ctrl-C: one line saying so, with the last state and the last error,
// no summary, exit 130.
func TestInterrupt(t *testing.T) {
	r := programtest.Interrupt(t, nil, "/var/lib/mysql", "-plain", "-demo-duration", "60s") // at the first rows
	assert.Equal(t, exitcode.Interrupted, r.Code)
	assert.NotContains(t, r.Stdout, "\nRecovery ", "no summary: the state is said once")
	assert.Equal(t, 1, strings.Count(r.Stderr, "watch: "), r.Stderr)
	assert.Regexp(t, `^watch: interrupted after \d+ polls?; last state: /boot \w+`, r.Stderr)
	assert.NotContains(t, r.Stderr, "context canceled")
}

// TestServerTextIsEscaped_AsAProgram: a job whose server names,
// partition and failure message carry an escape sequence and a bidi
// override: the program, run as a user runs it, prints them escaped in
// the progress lines, the summary and the error, and sends no raw byte
// of them to the terminal.
func TestServerTextIsEscaped_AsAProgram(t *testing.T) {
	h, shown := programtest.Hostile, programtest.HostileShown
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Source: zdmtest.Machine{Name: "web01" + h}, Target: zdmtest.Machine{Name: "dr01" + h},
		Partitions: []zdmtest.PartitionSpec{{Partition: "/data" + h, Steps: []zdmtest.Step{
			{Phase: zdmtest.PhaseRunning, Percent: 40, Message: "copying" + h},
			{Phase: zdmtest.PhaseFailed, Percent: 40, Message: "disk full" + h},
		}}}})
	r := programtest.Run(t, map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()}, append(fast, "nightly")...)
	assert.Equal(t, exitcode.JobFailed, r.Code, r.Stderr)
	for _, want := range []string{
		"web01" + shown + " -> dr01" + shown + "\n",
		"/data" + shown + "  Running    40%  copying" + shown + "\n",
		"\n  /data" + shown + "  Failed (Error)  ",
	} {
		assert.Contains(t, r.Stdout, want)
	}
	assert.Contains(t, strings.Join(strings.Fields(r.Stderr), " "), `recovery "nightly" failed: /data`+shown+` Failed (Error): disk full`+shown)
	for _, out := range []string{r.Stdout, r.Stderr} {
		assert.NotContains(t, out, "\x1b")
		programtest.AssertPrintable(t, out)
		programtest.AssertFits(t, out, 79)
	}
	programtest.AssertSaid(t, "watch", r.Stderr)
}

// TestLongWordsAreNotDropped: a failure message holding a word longer
// than a line (a device path) is said whole, on stderr and under its
// row in the summary: the long word is cut across lines and the words
// after it follow.
func TestLongWordsAreNotDropped(t *testing.T) {
	path := "/dev/disk/by-id/scsi-36000c29f4d3e2a1b0c9d8e7f6a5b4c3d-part1-of-the-data-volume-group"
	msg := "Write failed on " + path + " after 3 retries: no space left on device"
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/data", Steps: []zdmtest.Step{
		{Phase: zdmtest.PhaseFailed, Percent: 40, Message: msg},
	}}}})
	r := programtest.Run(t, map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()}, append(fast, "nightly")...)
	assert.Equal(t, exitcode.JobFailed, r.Code, r.Stderr)
	unwrapped := func(s string) string { return strings.Join(strings.Fields(s), "") }
	assert.Contains(t, unwrapped(r.Stderr), unwrapped(msg), r.Stderr)
	summary := r.Stdout[strings.Index(r.Stdout, "\nRecovery "):]
	assert.Contains(t, unwrapped(summary), unwrapped(msg), summary)
	assert.True(t, strings.HasSuffix(summary, " after 3 retries: no space left on device\n"), "the words after the path under the row")
	programtest.AssertFits(t, r.Stdout, 79)
	programtest.AssertSaid(t, "watch", r.Stderr)
}
