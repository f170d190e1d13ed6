package zdm

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

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
