package termtext

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zdmkit/go-zdm"
)

// TestPrintable: what a terminal would act on (escape sequences, CR, LF,
// BEL, tab, DEL, C1 controls such as CSI U+009B) and what hides or
// reorders text (bidi overrides and isolates, zero-width characters) is
// shown as its Go escape; bytes that are not UTF-8 as \ufffd; Hangul,
// emoji and the rest of ordinary text are kept as they are.
func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"web01 /boot", "web01 /boot"},
		{"백업서버-01 done 😀", "백업서버-01 done 😀"},
		{"C:\\Windows", "C:\\Windows"},
		{"web\x1b[31m01", `web\x1b[31m01`},
		{"\x1b]0;pwned\a", `\x1b]0;pwned\a`},
		{"line\r\nnext\tcol\x00\x7f", `line\r\nnext\tcol\x00\x7f`},
		{"\u009b31m", `\u009b31m`},
		{"abc\u202edcba", `abc\u202edcba`},
		{"\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069", `\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069`},
		{"zero\u200bwidth\u200f", `zero\u200bwidth\u200f`},
		{"bad\xffbyte", `bad\ufffdbyte`},
		{"\ufeffbom \u061c \u2028", `\ufeffbom \u061c \u2028`},
		{`already \x1b escaped`, `already \x1b escaped`},
	} {
		got := Printable(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.Equal(t, got, Printable(got), "escaping twice changes nothing: %q", tc.in)
		assert.Equal(t, -1, strings.IndexFunc(got, Unsafe), "%q", got)
	}
}

// TestPrintable_SameEscapesAsTheSDKsErrors: a server's text shows the
// same in an example's table as in the SDK's error carrying it
// (APIError.Error escapes the message with the SDK's own rule), for every
// rune the SDK escapes.
func TestPrintable_SameEscapesAsTheSDKsErrors(t *testing.T) {
	var sdkEscapes []rune
	for r := rune(0); r <= 0x2fff; r++ {
		msg := "a" + string(r) + "b"
		e := (&zdm.APIError{StatusCode: http.StatusBadRequest, Message: msg}).Error()
		sdk := strings.TrimPrefix(e, "zdm: 400 Bad Request: ")
		if sdk != msg {
			sdkEscapes = append(sdkEscapes, r)
			assert.Equal(t, sdk, Printable(msg), "%U", r)
		}
	}
	assert.Contains(t, sdkEscapes, rune(0x1b))
	assert.Contains(t, sdkEscapes, rune(0x202e))
	assert.Contains(t, sdkEscapes, rune(0x9b))
}
