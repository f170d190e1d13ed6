package cmdline

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// TestFlagSetPrintsNothing: a bad flag and -h are errors for the command
// to report, not text the flag package prints; Help is the usage and
// then the flags.
func TestFlagSetPrintsNothing(t *testing.T) {
	fs := NewFlagSet("demo")
	fs.Duration("timeout", 0, "give up after this long")
	assert.ErrorContains(t, fs.Parse([]string{"-bogus"}), "flag provided but not defined: -bogus")
	assert.True(t, errors.Is(fs.Parse([]string{"-h"}), flag.ErrHelp))

	help := Help(fs, "usage: demo [flags]\n\nFlags:\n")
	assert.True(t, strings.HasPrefix(help, "usage: demo [flags]\n\nFlags:\n  -timeout duration\n"), help)
	assert.Contains(t, help, "give up after this long")
	assert.Equal(t, io.Discard, fs.Output(), "nothing printed after Help either")
}

// TestSay: a message is one line after the command's name when it fits
// 79 columns; else its words wrap onto indented lines.
func TestSay(t *testing.T) {
	var b bytes.Buffer
	Say(&b, "demo", "no arguments expected")
	assert.Equal(t, "demo: no arguments expected\n", b.String())

	b.Reset()
	Say(&b, "demo", strings.Repeat("word ", 30))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, "demo:"+strings.Repeat(" word", 14), lines[0])
	assert.Equal(t, "  word"+strings.Repeat(" word", 14), lines[1])
	assert.Equal(t, "  word", lines[2])
	for _, l := range lines {
		assert.LessOrEqual(t, len(l), 79)
	}
}

// TestSay_ServerTextIsEscaped: a message holding a server's text shows
// its escape sequences, line breaks and bidi overrides as escapes (as the
// SDK's errors do); no byte of them reaches the terminal.
func TestSay_ServerTextIsEscaped(t *testing.T) {
	var b bytes.Buffer
	Say(&b, "demo", "job \"web\x1b[31m01\u202e\" failed: disk\r\nfull\a")
	assert.Equal(t, "demo: job \"web\\x1b[31m01\\u202e\" failed: disk\\r\\nfull\\a\n", b.String())
}

// TestSay_LongWordsAreCutNotDropped: a word longer than a line (a URL, a
// path) starts a line and is cut across lines, and the words after it
// are said too; lines are counted in columns, Hangul taking two.
func TestSay_LongWordsAreCutNotDropped(t *testing.T) {
	url := "https://zdm.example.com/api/recoveries/monitoring/job/" + strings.Repeat("web-prod-01-", 6)
	var b bytes.Buffer
	Say(&b, "demo", "could not watch on "+url+" after 3 attempts")
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 3, b.String())
	assert.Equal(t, "demo: could not watch on", lines[0])
	assert.Equal(t, "  "+url[:77], lines[1])
	assert.Equal(t, "  "+url[77:]+" after 3 attempts", lines[2])

	b.Reset()
	Say(&b, "demo", strings.Repeat("백업서버 ", 20))
	lines = strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, 77, termtext.Width(lines[0]), "8 words of 8 columns: a ninth passes 79")
	assert.Equal(t, 73, termtext.Width(lines[1]))
}

// TestParse: -h prints the help on stdout and ends the command with
// exit code 0; a bad flag is said once on stderr, with how to get help,
// and ends it with 2; good flags go on.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args             []string
		code             int
		done             bool
		wantOut, wantErr string
	}{
		{[]string{"-timeout", "1s"}, 0, false, "", ""},
		{[]string{"-h"}, exitcode.OK, true, "usage: demo\n  -timeout duration\n", ""},
		{[]string{"-bogus"}, exitcode.Usage, true, "", "demo: flag provided but not defined: -bogus\nRun 'demo -h' for usage.\n"},
	} {
		fs := NewFlagSet("demo")
		fs.Duration("timeout", 0, "give up after this long")
		var out, errOut bytes.Buffer
		code, done := Parse(fs, tc.args, "usage: demo\n", &out, &errOut)
		assert.Equal(t, tc.code, code, "%v", tc.args)
		assert.Equal(t, tc.done, done, "%v", tc.args)
		assert.True(t, strings.HasPrefix(out.String(), tc.wantOut), "%v: %q", tc.args, out.String())
		assert.Equal(t, tc.wantOut == "", out.Len() == 0, "%v", tc.args)
		assert.Equal(t, tc.wantErr, errOut.String(), "%v", tc.args)
	}
}
