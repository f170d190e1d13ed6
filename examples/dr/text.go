package main

import (
	"io"
	"os"
	"strings"
	"unicode"

	"golang.org/x/term"
)

// lineWidth is the width output is laid out for: what logs, CI consoles
// and pasted output are read at.
const lineWidth = 80

// terminal reports whether w is a terminal that can redraw lines in
// place, and its width (at most lineWidth).
func terminal(w io.Writer) (int, bool) {
	f, isFile := w.(*os.File)
	if !isFile || os.Getenv("TERM") == "dumb" || !term.IsTerminal(int(f.Fd())) {
		return lineWidth, false
	}
	if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 && cols < lineWidth {
		return cols, true
	}
	return lineWidth, true
}

// width is how many terminal columns s takes: East Asian wide characters
// (Hangul, CJK, full-width forms) take two, the rest one.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r < 0x1100:
		return 1
	case r <= 0x115f, // Hangul Jamo
		r >= 0x2e80 && r <= 0xa4cf && r != 0x303f, // CJK, Hiragana, Katakana, Yi
		r >= 0xac00 && r <= 0xd7a3,                // Hangul syllables
		r >= 0xf900 && r <= 0xfaff,                // CJK compatibility
		r >= 0xff00 && r <= 0xff60,                // full-width forms
		r >= 0xffe0 && r <= 0xffe6:
		return 2
	}
	return 1
}

// Where cut puts its "…".
const (
	cutEnd    = iota // a message: its start says most
	cutStart         // an image file: its end holds its date, its start the job shown beside it
	cutMiddle        // a job name: its start is the server's, its end the partition's
)

// cut shortens s to at most w columns, "…" replacing what is cut at the
// end, the start or the middle (see cutEnd, cutStart, cutMiddle).
func cut(s string, w, where int) string {
	if width(s) <= w {
		return s
	}
	if w < 1 {
		return ""
	}
	rs := []rune(s)
	tailRoom := 0
	switch where {
	case cutStart:
		tailRoom = w - 1
	case cutMiddle:
		tailRoom = (w - 1) / 2
	}
	used, j := 0, len(rs)
	for j > 0 && used+runeWidth(rs[j-1]) <= tailRoom {
		j--
		used += runeWidth(rs[j])
	}
	i := 0
	for i < j && used+runeWidth(rs[i]) <= w-1 {
		used += runeWidth(rs[i])
		i++
	}
	return string(rs[:i]) + "…" + string(rs[j:])
}

// pad fills s with spaces to w columns, on the left when right is set.
func pad(s string, w int, right bool) string {
	fill := strings.Repeat(" ", max(w-width(s), 0))
	if right {
		return fill + s
	}
	return s + fill
}

// clean makes server text safe to print: control characters (escape
// sequences from a hostile or broken server) become spaces, and runs of
// space one.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
