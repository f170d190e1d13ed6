package zdm

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns server text made safe to print to a terminal or a log
// line, as the SDK's errors print it: every rune a terminal would act on
// or that hides or reorders text is written as its Go escape ("\x1b",
// "\r", "\u202e"), so that what a server sent cannot forge log lines or
// rewrite a screen. Those are the C0 and C1 control characters and DEL,
// the invisible format characters (bidirectional overrides and isolates,
// zero-width characters, U+FEFF), the line and paragraph separators, and
// U+FFFD, which stands for bytes that were not UTF-8. Other text, Hangul
// and emoji included, is kept as it is, and so is a backslash: escaping
// twice changes nothing more.
//
// Models hold the server's text as sent (a job name, a log line, a
// message); pass it through Printable before showing it to a person.
func Printable(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unsafeRune(r) {
			b.WriteRune(r)
			continue
		}
		q := fmt.Sprintf("%+q", string(r))
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// unsafeRune reports whether Printable escapes r.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError
}
