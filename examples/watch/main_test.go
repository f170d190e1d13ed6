package main

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/interrupt"
	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// fast are the watch flags that keep a test against zdmtest quick.
var fast = []string{"-plain", "-interval", "5ms", "-max-interval", "20ms", "-timeout", "30s"}

func TestDemoCompletes(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	code := run([]string{"-plain", "-demo-duration", "1s"}, &out, &errOut)
	require.Equal(t, exitcode.OK, code, "stderr: %s", errOut.String())
	s := out.String()
	assert.Contains(t, s, `Watching recovery "web-prod-01-recovery" on the demo server (zdmtest)`)
	assert.Contains(t, s, "web-prod-01 -> web-dr-01")
	summary := s[strings.Index(s, "\nRecovery "):]
	for _, p := range []string{"/boot", "/", "/var/lib/mysql"} {
		assert.Contains(t, summary, "  "+p+" ")
	}
	assert.Equal(t, 3, strings.Count(summary, "Completed (Complete)"), summary)
	assert.Contains(t, summary, "END (+09:00)", "labelled with the server's offset, not UTC")
	assert.NotContains(t, s, "\x1b[", "plain mode draws no escape codes")
	programtest.AssertFits(t, s, 79)
	assert.Empty(t, errOut.String())
}

func TestDemoFailureExitsOne(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	code := run([]string{"-plain", "-demo-duration", "1s", "-demo-fail"}, &out, &errOut)
	assert.Equal(t, exitcode.JobFailed, code)
	assert.Equal(t, "watch: recovery \"web-prod-01-recovery\" failed: /var/lib/mysql Failed (Error):\n"+
		"  Write failed on /dev/vdc1: no space left on device\n", errOut.String())
	assert.Contains(t, out.String(), "Failed (Error)")
	assert.Contains(t, out.String(), "\n      Write failed on /dev/vdc1: no space left on device\n", "the message under its row")
	programtest.AssertFits(t, out.String(), 79)
}

func TestCanceledJobExitsOne(t *testing.T) {
	programtest.ClearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/",
		Simulation: &zdmtest.Simulation{Copy: 50 * time.Millisecond, Ending: zdmtest.CancelAt(40, 10*time.Millisecond)}}}})
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_TOKEN", srv.Token())
	var out, errOut bytes.Buffer
	assert.Equal(t, exitcode.JobFailed, run(append(fast, "nightly"), &out, &errOut))
	assert.Contains(t, errOut.String(), `recovery "nightly" was canceled: / Canceled`)
}

func TestWatchesARealServer(t *testing.T) {
	programtest.ClearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:       "db recovery/일일",
		Partitions: []zdmtest.PartitionSpec{{Drive: "C:", Steps: zdmtest.Ramp(10, 50)}},
	})
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_EMAIL", zdmtest.DefaultEmail)
	t.Setenv("ZDM_PASSWORD", zdmtest.DefaultPassword)
	var out, errOut bytes.Buffer
	code := run(append(fast, "db recovery/일일"), &out, &errOut)
	require.Equal(t, exitcode.OK, code, "stderr: %s", errOut.String())
	assert.Contains(t, out.String(), "C:")
	assert.Contains(t, out.String(), "Completed")
	assert.Equal(t, 1, srv.IssueCount(), "one token for the whole watch")
}

// Each tolerated failure is shown as it happens, with when the next poll
// comes; the client's own retries do not hide it.
func TestPollFailuresAreShown(t *testing.T) {
	programtest.ClearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
	srv.Inject(2, zdmtest.Status(http.StatusServiceUnavailable))
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_TOKEN", srv.Token())
	var out, errOut bytes.Buffer
	require.Equal(t, exitcode.OK, run(append(fast, "nightly"), &out, &errOut), errOut.String())
	s := out.String()
	assert.Regexp(t, `retrying in ~[0-9]+ms \(1 poll failed\): 503 Service Unavailable`, s)
	assert.Regexp(t, `retrying in ~[0-9]+ms \(2 polls failed\): 503 Service Unavailable`, s)
}

// When no poll fits before -timeout, a failed poll says when the watch
// gives up, not that it retries in ~0s; the watch then ends at the
// timeout (in fake time: the test takes no real time).
func TestPollFailureBeforeTimeoutSaysWhenItGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithInProcess())
		srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
		srv.Inject(100, zdmtest.Status(http.StatusServiceUnavailable))
		s := settings{plain: true, interval: 10 * time.Second, maxInterval: 30 * time.Second, maxErrors: 5, timeout: 22 * time.Second}
		ctx, stop := context.WithTimeoutCause(context.Background(), s.timeout, interrupt.ErrTimedOut)
		defer stop()
		start := time.Now()
		var out, errOut bytes.Buffer
		code := follow(ctx, s, srv.Client(zdm.WithRetryMax(0)), "nightly", "zdm", &out, &errOut)
		assert.Equal(t, exitcode.Unknown, code)
		assert.Equal(t, 22*time.Second, time.Since(start), "it ends at the timeout")
		// Polls at 0s and after a grown gap of 13.5-15s; the next gap
		// (20-22.5s) would pass the timeout, and what is left (7-8.5s) is
		// shorter than -interval.
		said := strings.Join(strings.Fields(out.String()), " ") // unwrapped
		assert.Regexp(t, `retrying in ~1[45]s \(1 poll failed\): 503 Service Unavailable`, said)
		assert.Regexp(t, `no poll fits before -timeout: giving up in ~[789]s \(2 polls failed\): 503 Service Unavailable`, said)
		assert.NotContains(t, said, "~0s")
		assert.Contains(t, errOut.String(), "gave up (-timeout 22s) after 2 polls")
	})
}

// Text from the server (partition names, statuses, messages) cannot drive
// the terminal: escape sequences, line breaks and bidi overrides are shown
// escaped, in the progress lines, the summary and the error.
func TestServerTextCannotDriveTheTerminal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const hostile = "\x1b[2J\x1b]0;pwned\a\r\nwatch: recovery completed\u202e"
		srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithInProcess())
		srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/data" + hostile, Steps: []zdmtest.Step{
			{Phase: zdmtest.PhaseRunning, Percent: 40, Message: "copying" + hostile},
			{Phase: zdmtest.PhaseFailed, Percent: 40, Message: "disk full" + hostile},
		}}}})
		s := settings{plain: true, interval: time.Second, maxInterval: 2 * time.Second, maxErrors: 5}
		var out, errOut bytes.Buffer
		code := follow(context.Background(), s, srv.Client(), "nightly", "zdm", &out, &errOut)
		assert.Equal(t, exitcode.JobFailed, code)
		for name, got := range map[string]string{"stdout": out.String(), "stderr": errOut.String()} {
			for _, r := range got {
				assert.False(t, r != '\n' && termtext.Unsafe(r), "%s: raw %U in %q", name, r, got)
			}
			assert.Contains(t, strings.Join(strings.Fields(got), ""), `\x1b[2J\x1b]0;pwned\a\r\nwatch:recoverycompleted\u202e`, name)
		}
	})
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"url without job", map[string]string{"ZDM_URL": "https://zdm.example.com", "ZDM_TOKEN": "t"}, nil, "name the job"},
		{"url without auth", map[string]string{"ZDM_URL": "https://zdm.example.com"}, []string{"7"}, "set ZDM_TOKEN"},
		{"both auths", map[string]string{"ZDM_URL": "https://zdm.example.com", "ZDM_TOKEN": "t", "ZDM_EMAIL": "a@b", "ZDM_PASSWORD": "p"}, []string{"7"}, "not both"},
		{"job without url", nil, []string{"daily"}, `job "daily": a job name needs ZDM_URL`},
		{"token without url", map[string]string{"ZDM_TOKEN": "t"}, nil, "is set but ZDM_URL is not"},
		{"email without url", map[string]string{"ZDM_EMAIL": "a@b"}, nil, "is set but ZDM_URL is not"},
		{"demo flag with url", map[string]string{"ZDM_URL": "https://zdm.example.com", "ZDM_TOKEN": "t"}, []string{"-demo-fail", "7"}, "demo only"},
		{"two jobs", nil, []string{"a", "b"}, "one job at a time"},
		{"bad zone", map[string]string{"ZDM_URL": "https://zdm.example.com", "ZDM_TOKEN": "t"}, []string{"-tz", "Mars/Olympus", "7"}, "time zone"},
		{"bad url", map[string]string{"ZDM_URL": "zdm.example.com", "ZDM_TOKEN": "t"}, []string{"7"}, "scheme"},
		{"negative", nil, []string{"-max-errors", "-1"}, "cannot be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			programtest.ClearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var out, errOut bytes.Buffer
			assert.Equal(t, exitcode.Usage, run(tt.args, &out, &errOut))
			assert.Contains(t, errOut.String(), tt.want)
			assert.Empty(t, out.String())
		})
	}
}

// An unknown flag is reported once, with a pointer to -h.
func TestUnknownFlagOnce(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	assert.Equal(t, exitcode.Usage, run([]string{"-bogus"}, &out, &errOut))
	assert.Equal(t, "watch: flag provided but not defined: -bogus\nRun 'watch -h' for usage.\n", errOut.String())
}

func TestHelp(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	assert.Equal(t, exitcode.OK, run([]string{"-h"}, &out, &errOut))
	assert.Empty(t, errOut.String())
	for _, want := range []string{"ZDM_PASSWORD", "Exit codes:", "  130  interrupted", "-local", "(+09:00)"} {
		assert.Contains(t, out.String(), want)
	}
	programtest.AssertFits(t, out.String(), 79)
}

// The summary prints times in the zone they came in (the server's),
// labelled with its offset; -local converts them.
func TestSummaryTimes(t *testing.T) {
	programtest.ClearEnv(t)
	seoul := time.FixedZone("", 9*3600)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithServerTimeZone(seoul))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "nightly", Partitions: []zdmtest.PartitionSpec{{Partition: "/", Steps: zdmtest.Ramp(50)}}})
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_TOKEN", srv.Token())
	t.Setenv("ZDM_TZ", "Asia/Seoul")

	var out, errOut bytes.Buffer
	require.Equal(t, exitcode.OK, run(append(fast, "nightly"), &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "END (+09:00)")
	assert.NotContains(t, out.String(), "UTC")

	out.Reset()
	require.Equal(t, exitcode.OK, run(append(fast, "-local", "nightly"), &out, &errOut), errOut.String())
	_, offset := time.Now().Zone()
	local := time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", offset)).Format("-07:00")
	assert.Contains(t, out.String(), "END (local "+local+")")
}

// A sample job for the golden frames: a name, a bar and a message of
// each length that matters.
func sampleDisplay(width int) *display {
	d := newDisplay(&bytes.Buffer{}, true, func() int { return width }, "web-prod-01-recovery", "https://zdm.example.com")
	d.snap = sampleSnapshot()
	d.problem = "retrying in ~8s (2 polls failed): connection refused"
	return d
}

func TestFrameGolden(t *testing.T) {
	for _, width := range []int{80, 120, 60} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			frame := strings.Join(sampleDisplay(width).frame(width), "\n") + "\n"
			programtest.AssertFits(t, frame, width-1)
			programtest.Golden(t, "frame-"+strconv.Itoa(width)+".golden", frame)
		})
	}
}

// A redraw goes back up over the last frame, counting the rows its lines
// take at the new width when the terminal was narrowed, and erases it.
func TestRedrawAfterResize(t *testing.T) {
	var out bytes.Buffer
	width := 120
	d := newDisplay(&out, true, func() int { return width }, "web-prod-01-recovery", "https://zdm.example.com")
	d.begin()
	assert.Equal(t, "\r\x1b[J", out.String()[:4], "the first frame goes up nowhere")
	d.update(sampleSnapshot())
	frame120 := sampleDisplay(120).frame(120)
	frame120 = frame120[:len(frame120)-1] // no problem line since the poll succeeded
	assert.Equal(t, "\r\x1b[2A\r\x1b[J"+strings.Join(frame120, "\n")+"\n", out.String()[strings.Index(out.String(), "\r\x1b[2A"):])

	out.Reset()
	width = 80
	d.resized()
	up := 0
	for _, l := range frame120 {
		up += (termtext.Width(l) + 79) / 80
	}
	assert.Greater(t, up, len(frame120), "some 120-column lines take two rows at 80")
	assert.True(t, strings.HasPrefix(out.String(), "\r\x1b["+strconv.Itoa(up)+"A\r\x1b[J"), "%q", out.String())
	programtest.AssertFits(t, out.String(), 79)

	out.Reset()
	d.resized()
	assert.True(t, strings.HasPrefix(out.String(), "\r\x1b["+strconv.Itoa(len(frame120))+"A\r\x1b[J"), "same width: one row a line")
}

func TestStopLine(t *testing.T) {
	got := stopLine("interrupted", sampleWatchError())
	assert.Equal(t, "interrupted after 1 poll; last state: /boot Completed, / Running 45%, "+
		"/var/lib/mysql Failed 70%, C: Pending; last error: connection refused", got)
}

// Unreachable servers are only an example of dead ends: every listener
// below is on loopback.
func deadURL(t *testing.T) string {
	// Port 1 on loopback: nothing listens there, and no other test's
	// server can take it (as one may take a port just closed).
	t.Helper()
	return "http://127.0.0.1:1"
}
