package termtext

import (
	"strings"
	"unicode/utf8"
)

// Wrap breaks first+s into lines of at most width columns, at spaces,
// the lines after the first starting with indent. Spacing inside a line
// is kept and the spaces at a break are dropped. A word longer than a
// line starts a line and is cut across as many lines as it takes: no
// text is lost.
func Wrap(first, indent, s string, width int) []string {
	var lines []string
	line, lead := first+s, len(first)
	for Width(line) > width {
		brk, fit := -1, lead // the last space to break at; the end of what fits
		used := 0
		for i, r := range line {
			if r == ' ' && i > lead && used <= width {
				brk = i
			}
			used += RuneWidth(r)
			if used > width {
				break
			}
			_, n := utf8.DecodeRuneInString(line[i:])
			fit = i + n
		}
		rest := ""
		switch {
		case brk >= 0:
			line, rest = strings.TrimRight(line[:brk], " "), strings.TrimLeft(line[brk:], " ")
		default: // one word fills the line: cut it
			if fit <= lead { // not one rune fits after the prefix: take one anyway
				_, n := utf8.DecodeRuneInString(line[lead:])
				fit = lead + n
			}
			line, rest = line[:fit], line[fit:]
		}
		lines = append(lines, line)
		if rest == "" {
			return lines
		}
		line, lead = indent+rest, len(indent)
	}
	return append(lines, line)
}
