package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestDefaultWorld prints the fake's world as a newcomer sees it, with no
// settings: the golden output, within 80 columns.
func TestDefaultWorld(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	require.Equal(t, exitcode.OK, run(nil, &out, &errOut), errOut.String())
	programtest.Golden(t, "default.golden", out.String())
	programtest.AssertFits(t, out.String(), 80)
}

// TestOneCenterOfARealServer reads a server given by ZDM_URL with
// credentials (a 3.0.0 fake with a long name and a disconnected server
// of its own): one center's part, names cut to fit.
func TestOneCenterOfARealServer(t *testing.T) {
	programtest.ClearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddServer(zdmtest.ServerSpec{Name: "source-centos7-bios (192.168.2.104)", Center: "zdm-b", OS: "CentOS Linux release 7.9.2009 (Core)",
		Disconnected: true, Partitions: []zdmtest.Volume{{Letter: "/", Device: "/dev/mapper/centos-root"}}})
	t.Setenv("ZDM_URL", strings.TrimSuffix(srv.URL, "/api"))
	t.Setenv("ZDM_EMAIL", zdmtest.DefaultEmail)
	t.Setenv("ZDM_PASSWORD", zdmtest.DefaultPassword)
	var out, errOut bytes.Buffer
	require.Equal(t, exitcode.OK, run([]string{"-center", "zdm-b"}, &out, &errOut), errOut.String())
	programtest.Golden(t, "zdm-b.golden", out.String())
	programtest.AssertFits(t, out.String(), 80)
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
		{nil, []string{"-nope"}, exitcode.Usage, "flag provided but not defined: -nope"},
		{nil, []string{"extra"}, exitcode.Usage, "no arguments expected"},
		{map[string]string{"ZDM_TOKEN": "t"}, nil, exitcode.Usage, "ZDM_URL is not"},
		{map[string]string{"ZDM_URL": "http://127.0.0.1:1"}, nil, exitcode.Usage, "set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD"},
		{map[string]string{"ZDM_URL": "http://127.0.0.1:1/api", "ZDM_TOKEN": "t"}, []string{"-timeout", "2s"}, exitcode.Unknown, "listing centers"},
	} {
		programtest.ClearEnv(t)
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		var out, errOut bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, &out, &errOut), "%v %v: %s", tc.env, tc.args, errOut.String())
		assert.Contains(t, errOut.String(), tc.want)
		programtest.AssertSaid(t, "inventory", errOut.String())
	}
	var out, errOut bytes.Buffer
	require.Equal(t, exitcode.OK, run([]string{"-h"}, &out, &errOut))
	assert.Contains(t, out.String(), "usage: inventory [flags]")
	programtest.AssertFits(t, out.String(), 80)
}

// TestServerTextIsEscaped_AsAProgram: a server whose server names, OS,
// devices and repository paths carry an escape sequence and a bidi
// override; the program, run as a user runs it, prints them escaped, cut
// and padded by columns so the tables stay aligned, and sends no raw
// byte of them to the terminal. Hangul names take two columns.
func TestServerTextIsEscaped_AsAProgram(t *testing.T) {
	h, shown := programtest.Hostile, programtest.HostileShown
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddServer(zdmtest.ServerSpec{Name: "db" + h, Center: "zdm-b", OS: "Rocky" + h,
		Partitions: []zdmtest.Volume{{Letter: "/d" + h, Device: "/dev/sdb" + h}}})
	srv.AddServer(zdmtest.ServerSpec{Name: "백업서버-01", Center: "zdm-b"})
	srv.AddRepository(zdmtest.RepositorySpec{Center: "zdm-b", RemotePath: "/e" + h, LocalPath: "/m" + h})
	r := programtest.Run(t, map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()}, "-center", "zdm-b")
	require.Equal(t, exitcode.OK, r.Code, r.Stderr)
	for _, want := range []string{
		"  9    db" + shown + " source  connected     -       Rocky\\x1b[31m\\u202ee…\n",
		"       /d\\x1b[31m\\… /dev/sdb\\x1b[31m\\u202ee… xfs      50.00 GB   20% used\n",
		"  10   백업서버-01          source  connected     -       Rocky Linux 9.3\n",
		"  12   zdm-b      NFS  /e\\x1b[31m\\u20… /m\\x1b[31m\\… 192.168.1.200     2.00 TB\n",
	} {
		assert.Contains(t, r.Stdout, want)
	}
	assert.NotContains(t, r.Stdout, "\x1b")
	programtest.AssertPrintable(t, r.Stdout)
	programtest.AssertFits(t, r.Stdout, 80)

	srv.Inject(1, zdmtest.Status(http.StatusForbidden).WithError("FORBIDDEN", "denied to"+h))
	r = programtest.Run(t, map[string]string{"ZDM_URL": srv.URL, "ZDM_TOKEN": srv.Token()})
	assert.Equal(t, exitcode.Unknown, r.Code)
	assert.Contains(t, r.Stderr, "denied to"+shown)
	programtest.AssertSaid(t, "inventory", r.Stderr)
}

// TestAsAProgram runs the example as the README says, go run with no
// settings: it prints the golden output and exits 0.
func TestAsAProgram(t *testing.T) {
	r := programtest.Run(t, nil)
	require.Equal(t, exitcode.OK, r.Code, r.Stderr)
	assert.Empty(t, r.Stderr)
	programtest.Golden(t, "default.golden", r.Stdout)
}

func TestMain(m *testing.M) { programtest.Main(m) }
