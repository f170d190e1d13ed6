package main

import (
	"strconv"
	"strings"
)

// textWidth is how many terminal columns s takes: East Asian wide
// characters (Hangul, CJK, full-width forms) take two, the rest one.
func textWidth(s string) int {
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
		r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, // full-width forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1f64f, // emoji
		r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

// fit cuts s to at most width columns, ending in "…" when it was cut.
func fit(s string, width int) string {
	if textWidth(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := runeWidth(r)
		if used+w > width-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return b.String() + "…"
}

// pad fills s with spaces to width columns.
func pad(s string, width int) string {
	if n := width - textWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// wrap breaks first+s into lines of at most width columns at spaces,
// the lines after the first starting with indent. Spacing inside a line
// is kept; a word longer than a line is cut.
func wrap(first, indent, s string, width int) []string {
	var lines []string
	line := first + s
	for textWidth(line) > width {
		lead := len(first)
		if len(lines) > 0 {
			lead = len(indent)
		}
		cut := -1 // the last space that leaves the line within width
		used := 0
		for i, r := range line {
			used += runeWidth(r)
			if used > width {
				break
			}
			if r == ' ' && i > lead {
				cut = i
			}
		}
		if cut < 0 {
			lines = append(lines, fit(line, width))
			return lines
		}
		lines = append(lines, strings.TrimRight(line[:cut], " "))
		line = indent + strings.TrimLeft(line[cut:], " ")
	}
	return append(lines, line)
}

// plural is "1 poll", "2 polls".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
