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

// program builds the command once, for the tests that run it as a
// process: exit codes and signals are only real there.
func program(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "dr-test")
		if buildErr != nil {
			return
		}
		binary = filepath.Join(buildDir, "dr")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	require.NoError(t, buildErr)
	return binary
}

// command is the built program with only env set of the variables it
// reads.
func command(t *testing.T, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(program(t), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZDM_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

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
		{"the fake: recovered", nil, []string{"-plain", "-interval", "5ms"}, exitDone, "History row 1: COMPLETE", ""},
		{"the fake: failed", nil, []string{"-plain", "-interval", "5ms", "-demo-fail"}, exitJobFailed, "History row 1: FAIL",
			"failed: / Error: Write failed on /dev/sda1"},
		{"a real server, no -yes", with("ZDM_SOURCE", "db01", "ZDM_TARGET", "db01-dr"), nil, exitDone, "Nothing created", ""},
		{"a real server, -yes", with("ZDM_SOURCE", "erp01", "ZDM_TARGET", "erp01-dr", "ZDM_CENTER", "zdm-b"),
			[]string{"-yes", "-plain", "-interval", "5ms"}, exitDone, "History row", ""},
		{"no plan", with("ZDM_SOURCE", "db01", "ZDM_TARGET", "web01-dr"), nil, exitUsage, "", "/data has no partition on web01-dr"},
		{"usage", nil, []string{"extra"}, exitUsage, "", "no arguments expected"},
		{"help", nil, []string{"-h"}, exitDone, "usage: dr [flags]", ""},
		{"refused credentials", with("ZDM_SOURCE", "web01", "ZDM_TARGET", "web01-dr", "ZDM_TOKEN", "not-a-token"), nil, exitUnknown, "",
			"refused the credentials"},
		{"unreachable", with("ZDM_URL", "http://127.0.0.1:1", "ZDM_SOURCE", "web01", "ZDM_TARGET", "web01-dr"),
			[]string{"-timeout", "1s"}, exitUnknown, "", "gave up (-timeout 1s)"},
		{"timeout while running", nil, []string{"-plain", "-interval", "1h", "-timeout", "500ms"}, exitUnknown, "Created recovery",
			"gave up (-timeout 500ms)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := command(t, tc.env, tc.args...)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.code, cmd.ProcessState.ExitCode(), "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
			assert.Contains(t, out.String(), tc.out)
			if tc.err == "" {
				assert.Empty(t, errOut.String())
			} else {
				assert.Contains(t, strings.Join(strings.Fields(errOut.String()), " "), tc.err)
			}
			assertFits(t, out.String(), lineWidth)
			assertFits(t, errOut.String(), lineWidth)
		})
	}
}

// TestInterrupt: Ctrl-C while the recovery runs stops the program (exit
// 130) with one line saying that the recovery goes on on the server.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	cmd := command(t, nil, "-plain", "-interval", "1h")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	for lines.Scan() { // wait for the first progress rows
		if strings.Contains(lines.Text(), "Preparing") {
			break
		}
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	_, _ = io.Copy(io.Discard, stdout)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("still running 10s after SIGINT")
	}
	assert.Equal(t, exitInterrupted, cmd.ProcessState.ExitCode(), errOut.String())
	assert.Equal(t, 1, strings.Count(errOut.String(), "dr: "), errOut.String())
	assert.Regexp(t, `^dr: running recovery "web01-dr-\d{8}-\d{6}": interrupted; the recovery goes on on the server$`,
		strings.Join(strings.Fields(errOut.String()), " "))
}
