package zdm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Secrets (the token, the password, the tokens the client was issued) are
// scrubbed from everything that came from the server before it is shown
// (error messages, kept bodies, details), in every form a server may echo
// them in: as sent, JSON-escaped (by JavaScript, Go or Python rules),
// URL-escaped. The whole body is scrubbed before it is cut to a snippet or
// its white space folded, so that no part of a secret survives the cut.

// minSecretLen is the shortest secret scrubbed wherever it stands; shorter
// ones (which would mangle every message) are scrubbed only where they
// stand as a whole JSON string value.
const minSecretLen = 3

const redactedText = "[REDACTED]"

// redactor scrubs a set of secrets.
type redactor struct {
	forms [][]byte // every encoding of every secret, longest first
}

// newRedactor computes the forms of secrets.
func newRedactor(secrets ...string) redactor {
	var forms [][]byte
	seen := map[string]bool{}
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			forms = append(forms, []byte(f))
		}
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		if len(s) < minSecretLen {
			// Only as a whole JSON string value.
			for _, e := range jsonForms(s) {
				add(`"` + e + `"`)
			}
			continue
		}
		add(s)
		for _, e := range jsonForms(s) {
			add(e)
		}
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
	}
	// Longest first, so that a form holding another is replaced whole.
	for i := 1; i < len(forms); i++ {
		for j := i; j > 0 && len(forms[j]) > len(forms[j-1]); j-- {
			forms[j], forms[j-1] = forms[j-1], forms[j]
		}
	}
	return redactor{forms: forms}
}

// jsonForms are the ways JSON encoders write s inside a string's quotes:
// JavaScript's (only quotes, backslashes and control characters escaped),
// Go's (also <, > and &), and ASCII-only ones (every non-ASCII rune as a
// \u escape, in lower and upper case hex, as Python writes it).
func jsonForms(s string) []string {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	jsForm := strings.TrimSuffix(strings.TrimSpace(js.String()), "")
	jsForm = jsForm[1 : len(jsForm)-1]
	goForm, _ := json.Marshal(s)
	out := []string{jsForm, string(goForm[1 : len(goForm)-1])}
	lower, upper := asciiEscaped(jsForm, "%04x"), asciiEscaped(jsForm, "%04X")
	return append(out, lower, upper)
}

// asciiEscaped writes every non-ASCII rune of s as \uXXXX (surrogate
// pairs beyond the BMP).
func asciiEscaped(s, verb string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u`+verb+`\u`+verb, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u`+verb, r)
		}
	}
	return b.String()
}

// bytes returns b with every form of every secret replaced; b itself is
// not changed.
func (r redactor) bytes(b []byte) []byte {
	out := b
	for _, f := range r.forms {
		if bytes.Contains(out, f) {
			repl := []byte(redactedText)
			if f[0] == '"' && f[len(f)-1] == '"' && len(f) > 1 {
				repl = []byte(`"` + redactedText + `"`)
			}
			out = bytes.ReplaceAll(out, f, repl)
		}
	}
	return out
}

func (r redactor) string(s string) string {
	if s == "" || len(r.forms) == 0 {
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
	if len(r.forms) == 0 {
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
