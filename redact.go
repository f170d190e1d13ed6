package zdm

import (
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

// with is r and one more secret ("" adds none): a secret only one call
// holds (a repository's password), scrubbed like the client's own.
func (r redactor) with(secret string) redactor {
	if secret == "" {
		return r
	}
	out := redactor{secrets: append(r.secrets[:len(r.secrets):len(r.secrets)], []rune(secret)), first: new([256]bool)}
	if r.first != nil {
		*out.first = *r.first
	}
	out.first[secret[0]] = true
	return out
}

// bytes returns b with every secret, in any of its encodings, replaced;
// b itself is not changed.
func (r redactor) bytes(b []byte) []byte {
	start, end := nextSecret(r, b, 0)
	if start < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	last := 0
	for start >= 0 {
		out = append(append(out, b[last:start]...), redactedText...)
		last = end
		start, end = nextSecret(r, b, end)
	}
	return append(out, b[last:]...)
}

func (r redactor) string(s string) string {
	if start, _ := nextSecret(r, s, 0); start < 0 {
		return s // nothing to scrub: no copy
	}
	return string(r.bytes([]byte(s)))
}

// nextSecret finds the first secret in b at or after from: where it
// starts and ends, or -1. It reads a string as it reads a []byte, so that
// text holding no secret is checked without a copy.
func nextSecret[T ~string | ~[]byte](r redactor, b T, from int) (start, end int) {
	if len(r.secrets) == 0 {
		return -1, -1
	}
	for i := from; i < len(b); i++ {
		if c := b[i]; c == '\\' || c == '&' || c == '%' || c == '+' || r.first[c] {
			for _, s := range r.secrets {
				if end := matchSecret(b, i, s); end >= 0 {
					return i, end
				}
			}
		}
	}
	return -1, -1
}

// matchSecret is the end of an encoding of s that starts at b[i], or -1.
// A secret shorter than minSecretLen matches only as a whole JSON string
// value (between quotes).
func matchSecret[T ~string | ~[]byte](b T, i int, s []rune) int {
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
func decodedRune[T ~string | ~[]byte](b T, want rune) int {
	if len(b) == 0 {
		return 0
	}
	// A short copy of the start of b: a []byte of at most 12 bytes
	// converts to a string on the stack.
	head := string(b[:min(len(b), 12)])
	switch head[0] {
	case '\\':
		if r, n := jsonEscape(head); n > 0 && r == want {
			return n
		}
	case '&':
		if r, n := htmlEntity(head); n > 0 && r == want {
			return n
		}
	case '%':
		if r, n := percentRune(head); n > 0 && r == want {
			return n
		}
	case '+':
		if want == ' ' {
			return 1
		}
	}
	if r, n := utf8.DecodeRuneInString(head); r == want && r != utf8.RuneError {
		return n
	}
	return 0
}

// jsonEscape decodes the JSON escape at the start of b.
func jsonEscape(b string) (rune, int) {
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
func htmlEntity(b string) (rune, int) {
	end := strings.IndexByte(b[:min(len(b), 12)], ';')
	if end < 2 {
		return 0, 0
	}
	ref := b[1:end]
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
func percentRune(b string) (rune, int) {
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
func hexRune(b string, n int) (rune, bool) {
	if len(b) < n {
		return 0, false
	}
	v, err := strconv.ParseUint(b[:n], 16, 32)
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

// redactor is the scrubber of the client's current secrets.
func (c *Client) redactor() redactor {
	if c.auth == nil {
		return redactor{}
	}
	return c.auth.redactor()
}

// redactorFor is the scrubber of what the server sends back to a call:
// the client's secrets and the call's own (a repository's password).
func (c *Client) redactorFor(cl *call) redactor { return c.redactor().with(cl.secret) }
