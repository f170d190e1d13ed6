package programtest

import (
	"strings"
	"testing"

	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// Hostile is server text that tries to drive an operator's terminal: a
// colour escape sequence (ESC [31m) and a right-to-left override
// (U+202E) that would print what follows backwards.
const Hostile = "\x1b[31m\u202eevil"

// HostileShown is Hostile as the examples print it: the escapes visible,
// as the SDK's errors show them.
const HostileShown = `\x1b[31m\u202eevil`

// AssertPrintable checks that out holds no rune a terminal acts on, or
// that hides or reorders text (termtext.Unsafe), but its line ends.
func AssertPrintable(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if i := strings.IndexFunc(line, termtext.Unsafe); i >= 0 {
			t.Errorf("raw %q in %q", []rune(line[i:])[0], line)
		}
	}
}

// AssertSaid checks that stderr is messages as every example says them
// (cmdline.Say): a line starting with the command's name, its
// continuation lines indented by two, all within 79 columns and
// printable; the line pointing to -h may follow. Nothing said passes.
func AssertSaid(t *testing.T, name, stderr string) {
	t.Helper()
	if stderr == "" {
		return
	}
	AssertPrintable(t, stderr)
	AssertFits(t, stderr, termtext.LineWidth-1)
	for i, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, name+": "), line == "Run '"+name+" -h' for usage.":
		case i > 0 && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   "):
		default:
			t.Errorf("line %d of the message is neither %q nor indented by two: %q", i+1, name+": ", line)
		}
	}
}
