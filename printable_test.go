package zdm_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zdmkit/go-zdm"
)

// TestPrintable_EscapesWhatATerminalWouldActOn: escape sequences, CR, LF,
// BEL, tab, DEL, C1 controls such as CSI U+009B, and what hides or
// reorders text (bidi overrides and isolates, zero-width characters,
// U+FEFF, U+061C, line separators) is shown as its Go escape; bytes that
// are not UTF-8 as \ufffd; Hangul, emoji and ordinary text are kept.
func TestPrintable_EscapesWhatATerminalWouldActOn(t *testing.T) {
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
		{"\ufeffbom \u061c \u2028 \u2029", `\ufeffbom \u061c \u2028 \u2029`},
		{`already \x1b escaped`, `already \x1b escaped`},
	} {
		got := zdm.Printable(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.Equal(t, got, zdm.Printable(got), "escaping twice changes nothing: %q", tc.in)
	}
}

// TestPrintable_IsWhatErrorsShow: a server's text shows the same through
// Printable as in the SDK's error carrying it, for every rune of the
// Basic Multilingual Plane and a few beyond.
func TestPrintable_IsWhatErrorsShow(t *testing.T) {
	escaped := 0
	for r := rune(0); r <= 0x10ffff; r++ {
		if r > 0xffff && r%97 != 0 && r != 0xe0001 {
			continue
		}
		msg := "a" + string(r) + "b"
		e := (&zdm.APIError{StatusCode: http.StatusBadRequest, Message: msg}).Error()
		shown := strings.TrimPrefix(e, "zdm: 400 Bad Request: ")
		if shown != msg {
			escaped++
		}
		if shown != zdm.Printable(msg) {
			t.Fatalf("%U: error shows %q, Printable %q", r, shown, zdm.Printable(msg))
		}
	}
	assert.Greater(t, escaped, 65, "the C0 and C1 controls at least")
}

func ExamplePrintable() {
	// A job name as a hostile server might send it: a colour escape and a
	// right-to-left override that would show "exe.txt" as "txt.exe".
	name := "nightly\x1b[31m \u202etxt.exe"
	fmt.Println(zdm.Printable(name))
	fmt.Println(zdm.Printable("백업 web01 ✅"))
	// Output:
	// nightly\x1b[31m \u202etxt.exe
	// 백업 web01 ✅
}
