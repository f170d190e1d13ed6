package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// program builds the watch command once, for the tests that run it as a
// process: exit codes and signals are only real there.
func program(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "watch-test")
		if buildErr != nil {
			return
		}
		binary = filepath.Join(buildDir, "watch")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	require.NoError(t, buildErr)
	return binary
}

type result struct {
	code           int
	stdout, stderr string
}

// runProgram runs the built command with only env set (ZDM_* cleared).
func runProgram(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	cmd := exec.Command(program(t), args...)
	cmd.Env = environ(env)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errOut.String()}
}

func environ(env map[string]string) []string {
	var e []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZDM_") {
			e = append(e, kv)
		}
	}
	for k, v := range env {
		e = append(e, k+"="+v)
	}
	return e
}

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
		{"done", real, append(fast, "nightly"), exitDone, ""},
		{"demo done", nil, []string{"-plain", "-demo-duration", "1s"}, exitDone, ""},
		{"demo failed", nil, []string{"-plain", "-demo-duration", "1s", "-demo-fail"}, exitJobFailed, "failed"},
		{"usage", nil, []string{"daily"}, exitUsage, "needs ZDM_URL"},
		{"unknown flag", nil, []string{"-bogus"}, exitUsage, "-bogus"},
		{"help", nil, []string{"-h"}, exitDone, ""},
		{"not found", real, append(fast, "missing"), exitUnknown, `no recovery job "missing"`},
		{"refused credentials", wrongToken, append(fast, "nightly"), exitUnknown, "refused the credentials"},
		{"unreachable", dead, append(fast, "-max-errors", "2", "nightly"), exitUnknown, "connection refused"},
		{"timeout", real, []string{"-plain", "-interval", "5ms", "-max-interval", "10ms", "-timeout", "200ms", "forever"}, exitUnknown,
			"gave up (-timeout 200ms) after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runProgram(t, tt.env, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			if tt.want == "" {
				assert.Empty(t, r.stderr)
			} else {
				assert.Contains(t, r.stderr, tt.want)
			}
			assertFits(t, r.stdout, 80)
			assertFits(t, r.stderr, 80)
		})
	}
}

// Against an unreachable server, the first failure is shown at once and
// each one after it as it comes.
func TestUnreachableIsShown(t *testing.T) {
	r := runProgram(t, map[string]string{"ZDM_URL": deadURL(t), "ZDM_TOKEN": "t"}, append(fast, "-max-errors", "2", "nightly")...)
	assert.Equal(t, exitUnknown, r.code)
	assert.Regexp(t, `retrying in ~[0-9]+ms \(1 poll failed\): connection refused`, r.stdout)
	assert.Regexp(t, `retrying in ~[0-9]+ms \(2 polls failed\): connection refused`, r.stdout)
	assert.Contains(t, r.stderr, "3 polls in a row failed")
	assert.NotContains(t, r.stderr, "attempts", "the client's own retries are off")
}

// Ctrl-C: one line saying so, with the last state and the last error,
// no summary, exit 130.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	cmd := exec.Command(program(t), "-plain", "-demo-duration", "60s")
	cmd.Env = environ(nil)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	var out strings.Builder
	for lines.Scan() { // wait for the first rows
		out.WriteString(lines.Text() + "\n")
		if strings.Contains(lines.Text(), "/var/lib/mysql") {
			break
		}
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, _ := io.ReadAll(stdout)
	out.Write(rest)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("still running 10s after SIGINT")
	}
	assert.Equal(t, exitInterrupted, cmd.ProcessState.ExitCode())
	assert.NotContains(t, out.String(), "\nRecovery ", "no summary: the state is said once")
	stderr := errOut.String()
	assert.Equal(t, 1, strings.Count(stderr, "watch: "), stderr)
	assert.Regexp(t, `^watch: interrupted after \d+ polls?; last state: /boot \w+`, stderr)
	assert.NotContains(t, stderr, "context canceled")
}
