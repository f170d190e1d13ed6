package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func clearEnv(t *testing.T) {
	for _, k := range []string{"ZDM_URL", "ZDM_TOKEN", "ZDM_EMAIL", "ZDM_PASSWORD", "ZDM_TZ"} {
		t.Setenv(k, "")
	}
}

func TestDemoCompletes(t *testing.T) {
	clearEnv(t)
	var out, errOut bytes.Buffer
	code := run([]string{"-plain", "-demo-duration", "1s"}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s", errOut.String())
	s := out.String()
	assert.Contains(t, s, `Watching recovery "web-prod-01-recovery": web-prod-01 -> web-dr-01`)
	summary := s[strings.Index(s, "\nRecovery "):]
	for _, p := range []string{"/boot", "/", "/var/lib/mysql"} {
		assert.Contains(t, summary, "  "+p+" ")
	}
	assert.Equal(t, 3, strings.Count(summary, "Completed (Complete)"), summary)
	assert.NotContains(t, s, "\x1b[", "plain mode draws no escape codes")
	assert.Empty(t, errOut.String())
}

func TestDemoFailureExitsOne(t *testing.T) {
	clearEnv(t)
	var out, errOut bytes.Buffer
	code := run([]string{"-plain", "-demo-duration", "1s", "-demo-fail"}, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), `recovery job "web-prod-01-recovery" failed: /var/lib/mysql Error (Write failed on /dev/vdc1: no space left on device)`)
	assert.Contains(t, out.String(), "Failed (Error)")
}

func TestWatchesARealServer(t *testing.T) {
	clearEnv(t)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:       "db recovery/일일",
		Partitions: []zdmtest.PartitionSpec{{Drive: "C:", Steps: zdmtest.Ramp(10, 50)}},
	})
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_EMAIL", zdmtest.DefaultEmail)
	t.Setenv("ZDM_PASSWORD", zdmtest.DefaultPassword)
	var out, errOut bytes.Buffer
	code := run([]string{"-plain", "-interval", "10ms", "-max-interval", "20ms", "-timeout", "30s", "db recovery/일일"}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s", errOut.String())
	assert.Contains(t, out.String(), "C:")
	assert.Contains(t, out.String(), "Completed")
	assert.Equal(t, 1, srv.IssueCount(), "one token for the whole watch")
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"help", nil, []string{"-h"}, 0, "ZDM_PASSWORD"},
		{"url without job", map[string]string{"ZDM_URL": "https://zdm.example.com", "ZDM_TOKEN": "t"}, nil, 2, "name the job"},
		{"url without auth", map[string]string{"ZDM_URL": "https://zdm.example.com"}, []string{"7"}, 2, "set ZDM_TOKEN"},
		{"both auths", map[string]string{"ZDM_URL": "https://zdm.example.com", "ZDM_TOKEN": "t", "ZDM_EMAIL": "a@b", "ZDM_PASSWORD": "p"}, []string{"7"}, 2, "not both"},
		{"two jobs", nil, []string{"a", "b"}, 2, "one job at a time"},
		{"bad zone", nil, []string{"-tz", "Mars/Olympus"}, 2, "time zone"},
		{"bad url", map[string]string{"ZDM_URL": "zdm.example.com", "ZDM_TOKEN": "t"}, []string{"7"}, 2, "scheme"},
		{"unknown flag", nil, []string{"-nope"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var out, errOut bytes.Buffer
			code := run(tt.args, &out, &errOut)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, errOut.String(), tt.want)
		})
	}
}
