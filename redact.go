package zdm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Secrets (the token, the password, the tokens the client was issued) are
// scrubbed from everything that came from the server before it is shown
// (error messages, kept bodies, details, logs), in whatever encoding a
// server or proxy echoed them: a secret matches wherever its characters
// stand in order, each written as itself or escaped the way JSON
// (\", \\, \/, \uXXXX in either case, surrogate pairs), HTML (&#39;,
// &#x27;, &quot;, &amp;, &lt;, &gt;, &apos;) or URLs (%XX in either case,
// UTF-8 by bytes, + for a space) write it; encodings may mix. Bodies are
// scrubbed before they are cut to a snippet or their white space folded,
// so that no part of a secret survives the cut.

// minSecretLen is the shortest secret (in characters) scrubbed wherever
// it stands; shorter ones (which would mangle every message) are
// scrubbed only where they stand as a whole JSON string value.
const minSecretLen = 3

const redactedText = "[REDACTED]"

// redactor scrubs a set of secrets.
type redactor struct {
	secrets [][]rune
	first   *[256]bool // the first bytes of the secrets as written raw
}

// newRedactor is the redactor of secrets ("" ignored).
func newRedactor(secrets ...string) redactor {
	r := redactor{first: new([256]bool)}
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, []rune(s))
			r.first[s[0]] = true
		}
	}
	return r
}

// bytes returns b with every secret, in any of its encodings, replaced;
// b itself is not changed.
func (r redactor) bytes(b []byte) []byte {
	if len(r.secrets) == 0 {
		return b
	}
	var out []byte // nil until something is replaced
	last := 0
	for i := 0; i < len(b); {
		end := -1
		if c := b[i]; c == '\\' || c == '&' || c == '%' || c == '+' || r.first[c] {
			for _, s := range r.secrets {
				if end = matchSecret(b, i, s); end >= 0 {
					break
				}
			}
		}
		if end < 0 {
			i++
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(b))
		}
		out = append(append(out, b[last:i]...), redactedText...)
		i, last = end, end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// matchSecret is the end of an encoding of s that starts at b[i], or -1.
// A secret shorter than minSecretLen matches only as a whole JSON string
// value (between quotes).
func matchSecret(b []byte, i int, s []rune) int {
	short := len(s) < minSecretLen
	if short && (i == 0 || b[i-1] != '"') {
		return -1
	}
	j := i
	for _, want := range s {
		n := decodedRune(b[j:], want)
		if n == 0 {
			return -1
		}
		j += n
	}
	if short && (j >= len(b) || b[j] != '"') {
		return -1
	}
	return j
}

// decodedRune is the length of the start of b when it writes want, raw
// or escaped (JSON, HTML, URL); 0 when it does not.
func decodedRune(b []byte, want rune) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '\\':
		if r, n := jsonEscape(b); n > 0 && r == want {
			return n
		}
	case '&':
		if r, n := htmlEntity(b); n > 0 && r == want {
			return n
		}
	case '%':
		if r, n := percentRune(b); n > 0 && r == want {
			return n
		}
	case '+':
		if want == ' ' {
			return 1
		}
	}
	if r, n := utf8.DecodeRune(b); r == want && r != utf8.RuneError {
		return n
	}
	return 0
}

// jsonEscape decodes the JSON escape at the start of b.
func jsonEscape(b []byte) (rune, int) {
	if len(b) < 2 {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hexRune(b[2:], 4)
		if !ok {
			return 0, 0
		}
		if utf16.IsSurrogate(r) && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if lo, ok := hexRune(b[8:], 4); ok {
				return utf16.DecodeRune(r, lo), 12
			}
		}
		return r, 6
	}
	return 0, 0
}

// htmlEntity decodes the character reference at the start of b: numeric
// (&#39;, &#x27;) or one of the names escapers use.
func htmlEntity(b []byte) (rune, int) {
	end := bytes.IndexByte(b[:min(len(b), 12)], ';')
	if end < 2 {
		return 0, 0
	}
	ref := string(b[1:end])
	if ref[0] == '#' {
		num, base := ref[1:], 10
		if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
			num, base = num[1:], 16
		}
		n, err := strconv.ParseUint(num, base, 32)
		if err != nil {
			return 0, 0
		}
		return rune(n), end + 1
	}
	switch strings.ToLower(ref) {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	return 0, 0
}

// percentRune decodes the %XX escapes at the start of b that spell one
// UTF-8 character.
func percentRune(b []byte) (rune, int) {
	var buf [utf8.UTFMax]byte
	n := 0
	for n < utf8.UTFMax && len(b) >= 3*(n+1) && b[3*n] == '%' {
		v, ok := hexRune(b[3*n+1:], 2)
		if !ok {
			break
		}
		buf[n] = byte(v)
		n++
		if utf8.FullRune(buf[:n]) {
			r, size := utf8.DecodeRune(buf[:n])
			if r == utf8.RuneError && size <= 1 {
				return 0, 0
			}
			return r, 3 * n
		}
	}
	return 0, 0
}

// hexRune reads n hex digits, in either case.
func hexRune(b []byte, n int) (rune, bool) {
	if len(b) < n {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[:n]), 16, 32)
	return rune(v), err == nil
}

// scrubbedPrefix is the first keep bytes of b with the secrets replaced:
// b is scrubbed as far as a secret starting within keep bytes may reach
// in its longest encoding (12 bytes a character), then cut.
func (r redactor) scrubbedPrefix(b []byte, keep int) []byte {
	reach := 0
	for _, s := range r.secrets {
		reach = max(reach, 12*len(s))
	}
	return bounded(r.bytes(bounded(b, keep+reach)), keep)
}

func (r redactor) string(s string) string {
	if s == "" || len(r.secrets) == 0 {
		return s
	}
	return string(r.bytes([]byte(s)))
}

// redactor is the scrubber of the client's current secrets.
func (c *Client) redactor() redactor {
	if c.auth == nil {
		return redactor{}
	}
	return c.auth.redactor()
}

// printable escapes the control characters of server text (and the
// Unicode ones that reorder or hide text), so that what a server sent
// cannot forge log lines or rewrite a terminal.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
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

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r == utf8.RuneError:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // zero-width and bidirectional controls
	}
	return false
}

// redact scrubs from e what r knows: a secret only one call holds (a
// repository's password), which the client's own redactor does not, out
// of everything e kept from the server's answer.
func (e *APIError) redact(r redactor) {
	if len(r.secrets) == 0 {
		return
	}
	e.Code, e.Message = r.string(e.Code), r.string(e.Message)
	e.RequestID, e.Timestamp = r.string(e.RequestID), r.string(e.Timestamp)
	if e.Body != nil {
		e.Body = r.bytes(e.Body)
	}
	if e.Detail != nil {
		e.Detail = json.RawMessage(r.bytes(e.Detail))
		e.Fields = fieldErrors(e.Detail)
	}
}
