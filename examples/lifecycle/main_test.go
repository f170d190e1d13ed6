package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/examples/internal/programtest"
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
