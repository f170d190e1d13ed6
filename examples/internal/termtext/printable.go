package termtext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable is server text made safe to print: every rune a terminal
// would act on or that hides or reorders text (Unsafe) is shown as its Go
// escape, "\x1b", "\r", "\u202e", as the SDK's errors show it, so that an
// operator sees the same escape in an error and in a table. Other text,
// Hangul and emoji included, is kept as it is. Escaping twice changes
// nothing more: a backslash is kept.
func Printable(s string) string {
	if strings.IndexFunc(s, Unsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !Unsafe(r) {
			b.WriteRune(r)
			continue
		}
		q := fmt.Sprintf("%+q", string(r))
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// Unsafe reports whether Printable escapes r: the C0 and C1 control
// characters and DEL (escape sequences, CR, LF, BEL, tab), the invisible
// format characters (bidirectional overrides and isolates U+202A-U+202E
// and U+2066-U+2069, zero-width characters U+200B-U+200F), the line and
// paragraph separators, and U+FFFD, which stands for bytes that were not
// UTF-8. It escapes every rune the SDK's errors escape, and a few more
// invisible ones (U+061C, U+FEFF).
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError
}
