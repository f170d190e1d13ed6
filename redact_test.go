package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedaction_PasswordEchoedInAnyForm(t *testing.T) {
	t.Parallel()
	const pw = "p\"w\\ä\tSecret-Long-Enough-To-Be-Cut-" // quotes, backslash, non-ASCII, a tab
	esc, _ := json.Marshal(pw)
	inner := string(esc[1 : len(esc)-1])
	pad := strings.Repeat("x", snippetLen-8)
	for _, tt := range []struct{ name, body, ct string }{
		{"JSON-escaped in a message", `{"success":false,"error":"bad password ` + inner + `"}`, "application/json"},
		{"ASCII-escaped", `{"success":false,"error":"bad ` + asciiEscaped(inner, "%04x") + `"}`, "application/json"},
		{"in detail", `{"success":false,"error":{"code":"X","message":"m"},"detail":{"password":"` + inner + `"}}`, "application/json"},
		{"cut by the snippet", pad + pw, "text/html"},
		{"tabs folded", "<p>\n" + pw + "\n</p>", "text/html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reply(w, 400, tt.ct, []byte(tt.body))
			})
			c := newLocalClient(t, h, WithCredentials(testEmail, pw), WithRetryMax(0))
			_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.Error(t, err)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			everything := err.Error() + string(apiErr.Detail) + string(apiErr.Body) + apiErr.Message
			for _, frag := range []string{pw, inner, pw[:12], "Secret-Long", strings.ReplaceAll(pw, "\t", " ")} {
				assert.NotContains(t, everything, frag)
			}
		})
	}
	// A two-byte password is scrubbed where it stands as a JSON string.
	red := newRedactor("ab")
	assert.Equal(t, `{"password":"[REDACTED]","label":"abc"}`, string(red.bytes([]byte(`{"password":"ab","label":"abc"}`))))
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

// TestRedaction_PasswordEchoedInEveryCommonEncoding: a server or proxy
// that echoes the password back HTML-escaped, percent-encoded with lower
// or upper case hex, as JavaScript's encodeURIComponent writes it (which
// leaves ' as it is), or JSON-escaped with \/, shows it in no error,
// Body, Detail or Message.
func TestRedaction_PasswordEchoedInEveryCommonEncoding(t *testing.T) {
	t.Parallel()
	const pw = `S3cret/Pass'w<o>rd&"é 1`
	pct := func(lower, keep string) string {
		var b strings.Builder
		for _, c := range []byte(pw) {
			if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0) {
				b.WriteByte(c)
				continue
			}
			f := "%%%02X"
			if lower == "lower" {
				f = "%%%02x"
			}
			fmt.Fprintf(&b, f, c)
		}
		return b.String()
	}
	jsonEsc, _ := json.Marshal(pw)
	slashed := strings.ReplaceAll(string(jsonEsc[1:len(jsonEsc)-1]), "/", `\/`)
	forms := map[string]string{
		"HTML-escaped (Go)":              html.EscapeString(pw),
		"HTML-escaped (&quot; &#x27;)":   strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(pw),
		"percent-encoded, lower hex":     pct("lower", "-_.~"),
		"percent-encoded, upper hex":     pct("upper", "-_.~"),
		"encodeURIComponent":             pct("upper", "-_.!~*'()"),
		"query-encoded (+ for a space)":  url.QueryEscape(pw),
		"JSON-escaped with \\/":          slashed,
		"JSON-escaped, ASCII with \\/":   asciiEscaped(slashed, "%04X"),
		"mixed HTML and percent-escapes": strings.Replace(html.EscapeString(pw), "/", "%2f", 1),
	}
	for name, echo := range forms {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, body := range []struct{ ct, body string }{
				{"text/html", "<html><body>login failed for " + echo + "</body></html>"},
				{"application/json", `{"success":false,"error":{"code":"AUTH","message":"bad ` + echo + `"},"detail":{"echo":"` + echo + `"}}`},
			} {
				h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 400, body.ct, []byte(body.body)) })
				c := newLocalClient(t, h, WithCredentials(testEmail, pw), WithRetryMax(0))
				_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				everything := err.Error() + string(apiErr.Detail) + string(apiErr.Body) + apiErr.Message
				assert.NotContains(t, everything, echo, body.ct)
				assert.NotContains(t, everything, "Pass", body.ct)
				assert.Contains(t, everything, "[REDACTED]", body.ct)
			}
		})
	}
}
