package zdmenv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRead: ZDM_URL is read without surrounding spaces, the credentials
// as they are.
func TestRead(t *testing.T) {
	t.Setenv("ZDM_URL", "  https://zdm.example.com \n")
	t.Setenv("ZDM_TOKEN", " t ")
	t.Setenv("ZDM_EMAIL", "ops@example.com")
	t.Setenv("ZDM_PASSWORD", "")
	assert.Equal(t, Env{URL: "https://zdm.example.com", Token: " t ", Email: "ops@example.com"}, Read())
}

// TestCheck: every example refuses the same settings with the same
// words: credentials without a server, a server without credentials, or
// with a token and an email both.
func TestCheck(t *testing.T) {
	const url = "https://zdm.example.com"
	for _, tc := range []struct {
		name string
		env  Env
		want string // "" for no error
	}{
		{"the fake", Env{}, ""},
		{"a token without a server", Env{Token: "t"}, "ZDM_TOKEN, ZDM_EMAIL or ZDM_PASSWORD is set but ZDM_URL is not: set ZDM_URL too, or unset them to watch the demo"},
		{"a password without a server", Env{Password: "p"}, "is set but ZDM_URL is not"},
		{"a token", Env{URL: url, Token: "t"}, ""},
		{"an email and a password", Env{URL: url, Email: "a@b", Password: "p"}, ""},
		{"no credentials", Env{URL: url}, "ZDM_URL is set: set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD"},
		{"an email without a password", Env{URL: url, Email: "a@b"}, "ZDM_URL is set: set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD"},
		{"a password without an email", Env{URL: url, Password: "p"}, "ZDM_URL is set: set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD"},
		{"a token and an email", Env{URL: url, Token: "t", Email: "a@b"}, "set ZDM_TOKEN or ZDM_EMAIL and ZDM_PASSWORD, not both"},
		{"a token and a password: the token signs in", Env{URL: url, Token: "t", Password: "p"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.env.Check("to watch the demo")
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestNewClient: the client is for ZDM_URL; a URL the SDK refuses is the
// SDK's error.
func TestNewClient(t *testing.T) {
	c, err := Env{URL: "https://zdm.example.com", Email: "a@b", Password: "p"}.NewClient()
	require.NoError(t, err)
	assert.Equal(t, "https://zdm.example.com/api", c.BaseURL())

	_, err = Env{URL: "ftp://zdm.example.com", Token: "t"}.NewClient()
	assert.ErrorContains(t, err, `scheme "ftp"`)
}
