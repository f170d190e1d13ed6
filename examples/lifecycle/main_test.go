package main

import (
	"bytes"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/examples/internal/programtest"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestLifecycleOnTheFake runs the example as a newcomer does, with no
// settings: every step is printed with its request id, and it exits 0.
func TestLifecycleOnTheFake(t *testing.T) {
	programtest.ClearEnv(t)
	var out, errOut bytes.Buffer
	code := run(&out, &errOut)
	require.Equal(t, 0, code, "stderr: %s", errOut.String())
	text := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^created "lifecycle-demo" \(1 partition\)\n  request \S+$`),
		regexp.MustCompile(`(?m)^run complete: 1 partition$`),
		regexp.MustCompile(`(?m)^history #\d+: COMPLETE .*\n  request \S+$`),
		regexp.MustCompile(`(?m)^deleted: success .*\n  request \S+$`),
	} {
		assert.Regexp(t, want, text)
	}
	for _, line := range bytes.Split(out.Bytes(), []byte("\n")) {
		assert.LessOrEqual(t, len([]rune(string(line))), 80, "%q", line)
	}
}

// TestServerTextIsEscaped: a server whose run messages carry an escape
// sequence and a bidi override, and which then refuses with such a
// message: the progress lines show them escaped, the refusal is said as
// every example says it, and no raw byte of them reaches the terminal.
func TestServerTextIsEscaped(t *testing.T) {
	programtest.ClearEnv(t)
	h, shown := programtest.Hostile, programtest.HostileShown
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithDefaultPlan(
		zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 50, Message: "copying" + h},
		zdmtest.Step{Phase: zdmtest.PhaseCompleted, Percent: 100, Message: "done" + h}))
	t.Setenv("ZDM_URL", srv.URL)
	t.Setenv("ZDM_TOKEN", srv.Token())
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(&out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "  /            Processing   50% copying"+shown+"\n")
	assert.Contains(t, out.String(), "  /            Complete    100% done"+shown+"\n")
	assert.NotContains(t, out.String(), "\x1b")
	programtest.AssertPrintable(t, out.String())

	srv.Inject(1, zdmtest.Status(http.StatusForbidden).WithError("FORBIDDEN", "denied to"+h))
	out.Reset()
	errOut.Reset()
	assert.Equal(t, 1, run(&out, &errOut))
	assert.Contains(t, errOut.String(), "denied to"+shown)
	programtest.AssertSaid(t, "lifecycle", errOut.String())
}
