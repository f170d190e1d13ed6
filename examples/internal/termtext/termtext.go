// Package termtext is how the example commands put text on a terminal:
// the server's text made printable (Printable: escape sequences and bidi
// overrides shown escaped, as the SDK's errors show them), how many
// columns text takes (East Asian wide characters and emoji two), cutting,
// padding and wrapping it to a width, and whether an output is a terminal
// that can redraw lines in place, and how wide it is.
package termtext

import (
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/zdmkit/go-zdm"
)

// LineWidth is the width output is laid out for when it does not go to a
// terminal: what logs, CI consoles and pasted output are read at.
const LineWidth = 80

// Terminal reports whether w is a terminal that can redraw lines in
// place, and a function that reads its width now (LineWidth for anything
// else, or when the terminal does not say).
func Terminal(w io.Writer) (width func() int, ok bool) {
	f, isFile := w.(*os.File)
	if !isFile || os.Getenv("TERM") == "dumb" || !term.IsTerminal(int(f.Fd())) {
		return func() int { return LineWidth }, false
	}
	fd := int(f.Fd())
	return func() int {
		cols, _, err := term.GetSize(fd)
		if err != nil || cols <= 0 {
			return LineWidth
		}
		return cols
	}, true
}

// Where says where Cut puts its "…".
type Where int

const (
	// End cuts the end: for a message, whose start says most.
	End Where = iota
	// Start cuts the start: for a file name, whose end holds its date.
	Start
	// Middle cuts the middle: for a job name, whose start is the
	// server's and whose end the partition's.
	Middle
)

// Cut shortens s to at most w columns, "…" replacing what is cut at the
// end, the start or the middle; s as it is when it fits.
func Cut(s string, w int, where Where) string {
	if Width(s) <= w {
		return s
	}
	if w < 1 {
		return ""
	}
	rs := []rune(s)
	tailRoom := 0
	switch where {
	case Start:
		tailRoom = w - 1
	case Middle:
		tailRoom = (w - 1) / 2
	}
	used, j := 0, len(rs)
	for j > 0 && used+RuneWidth(rs[j-1]) <= tailRoom {
		j--
		used += RuneWidth(rs[j])
	}
	i := 0
	for i < j && used+RuneWidth(rs[i]) <= w-1 {
		used += RuneWidth(rs[i])
		i++
	}
	return string(rs[:i]) + "…" + string(rs[j:])
}

// Pad fills s with spaces on the right to w columns.
func Pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-Width(s), 0))
}

// PadLeft fills s with spaces on the left to w columns.
func PadLeft(s string, w int) string {
	return strings.Repeat(" ", max(w-Width(s), 0)) + s
}

// Unsafe reports whether r is a rune zdm.Printable escapes: one a
// terminal would act on, or that hides or reorders text.
func Unsafe(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return false // printable ASCII: the usual case of a whole output, no string made
	}
	return zdm.Printable(string(r)) != string(r)
}
