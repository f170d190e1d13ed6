// Package programtest is what the tests of the example commands share:
// an environment without the ZDM_ variables, golden files, a check that
// output fits its columns, and the command built and run as a process
// (exit codes and signals are only real there).
package programtest

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
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

	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the output")

// ClearEnv unsets every ZDM_ variable, what the commands read, for the
// test.
func ClearEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "ZDM_") {
			t.Setenv(k, "")
		}
	}
}

// Golden compares out with the file testdata/name, or rewrites the file
// with go test -update.
func Golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to write it")
	assert.Equal(t, string(want), out)
}

// AssertFits checks that no line of out takes more than cols terminal
// columns (wide characters two, tabs to the next multiple of 8).
func AssertFits(t *testing.T, out string, cols int) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		col := 0
		for _, r := range line {
			if r == '\t' {
				col = (col/8 + 1) * 8
				continue
			}
			col += termtext.RuneWidth(r)
		}
		assert.LessOrEqual(t, col, cols, "line too wide: %q", line)
	}
}

var (
	buildOnce sync.Once
	buildDir  string
	binary    string
	buildErr  error
)

// Main runs the tests, then removes the command Command built.
func Main(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// Command is the command of the package under test (built once per test
// binary; see Main), to run with args and, of the ZDM_ variables, only
// those env sets. Tests that use it are skipped with -short.
func Command(t *testing.T, env map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "example-test")
		if buildErr != nil {
			return
		}
		wd, _ := os.Getwd()
		binary = filepath.Join(buildDir, filepath.Base(wd))
		if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
			buildErr = errors.New(string(out))
		}
	})
	require.NoError(t, buildErr)
	cmd := exec.Command(binary, args...)
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

// Result is how a run of the command ended.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Run runs Command(t, env, args...) to its end.
func Run(t *testing.T, env map[string]string, args ...string) Result {
	t.Helper()
	cmd := Command(t, env, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err)
	}
	return Result{cmd.ProcessState.ExitCode(), out.String(), errOut.String()}
}

// Interrupt runs Command(t, env, args...), sends it SIGINT (Ctrl-C) once
// a line of its stdout holds waitFor, and returns how it ended, stdout
// whole. The test fails if it is still running 10s after the SIGINT, and
// is skipped on Windows, which has no SIGINT to send.
func Interrupt(t *testing.T, env map[string]string, waitFor string, args ...string) Result {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	cmd := Command(t, env, args...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	require.NoError(t, cmd.Start())
	var out strings.Builder
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		out.WriteString(lines.Text() + "\n")
		if strings.Contains(lines.Text(), waitFor) {
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
		<-done
		t.Fatal("still running 10s after SIGINT")
	}
	return Result{cmd.ProcessState.ExitCode(), out.String(), errOut.String()}
}
