package main

import (
	"strings"
	"unicode"
)

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
