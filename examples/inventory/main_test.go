package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/zdmtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the output")

func clearEnv(t *testing.T) {
	for _, k := range []string{"ZDM_URL", "ZDM_TOKEN", "ZDM_EMAIL", "ZDM_PASSWORD"} {
		t.Setenv(k, "")
	}
}

// golden compares out with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), out)
}

// assertFits checks that every line fits 80 columns.
func assertFits(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		assert.LessOrEqual(t, utf8.RuneCountInString(line), 80, "%q", line)
	}
}

// TestDefaultWorld prints the fake's world as a newcomer sees it, with no
// settings: the golden output, within 80 columns.
func TestDefaultWorld(t *testing.T) {
	clearEnv(t)
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run(nil, &out, &errOut), errOut.String())
	golden(t, "default.golden", out.String())
	assertFits(t, out.String())
}

// TestOneCenterOfARealServer reads a server given by ZDM_URL with
// credentials (a 3.0.0 fake with a long name and a disconnected server
// of its own): one center's part, names cut to fit.
func TestOneCenterOfARealServer(t *testing.T) {
	clearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddServer(zdmtest.ServerSpec{Name: "source-centos7-bios (192.168.2.104)", Center: "zdm-b", OS: "CentOS Linux release 7.9.2009 (Core)",
		Disconnected: true, Partitions: []zdmtest.Volume{{Letter: "/", Device: "/dev/mapper/centos-root"}}})
	t.Setenv("ZDM_URL", strings.TrimSuffix(srv.URL, "/api"))
	t.Setenv("ZDM_EMAIL", zdmtest.DefaultEmail)
	t.Setenv("ZDM_PASSWORD", zdmtest.DefaultPassword)
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-center", "zdm-b"}, &out, &errOut), errOut.String())
	golden(t, "zdm-b.golden", out.String())
	assertFits(t, out.String())
	for _, r := range srv.Requests() {
		if r.Path == "/api/servers" {
			assert.Equal(t, "zdm-b", r.Query.Get("center"), "the center filter is the server's")
		}
	}
}

// TestUsageAndFailures: bad usage exits 2, a server that cannot answer
// exits 3, each with one message on stderr.
func TestUsageAndFailures(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		want string
	}{
		{nil, []string{"-nope"}, exitUsage, "flag provided but not defined: -nope"},
		{nil, []string{"extra"}, exitUsage, "no arguments expected"},
		{map[string]string{"ZDM_TOKEN": "t"}, nil, exitUsage, "ZDM_URL is not"},
		{map[string]string{"ZDM_URL": "http://127.0.0.1:1"}, nil, exitUsage, "set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD"},
		{map[string]string{"ZDM_URL": "http://127.0.0.1:1/api", "ZDM_TOKEN": "t"}, []string{"-timeout", "2s"}, exitUnknown, "listing centers"},
	} {
		clearEnv(t)
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		var out, errOut bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, &out, &errOut), "%v %v: %s", tc.env, tc.args, errOut.String())
		assert.Contains(t, errOut.String(), tc.want)
	}
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-h"}, &out, &errOut))
	assert.Contains(t, out.String(), "usage: inventory [flags]")
	assertFits(t, out.String())
}

// TestAsAProgram runs the example as the README says, go run with no
// settings: it prints the golden output and exits 0.
func TestAsAProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	clearEnv(t)
	bin := filepath.Join(t.TempDir(), "inventory")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "ZDM_URL=", "ZDM_TOKEN=", "ZDM_EMAIL=", "ZDM_PASSWORD=")
	stdout, err := cmd.Output()
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join("testdata", "default.golden"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(stdout))
}
