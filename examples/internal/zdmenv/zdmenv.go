// Package zdmenv reads where the example commands find their server:
// ZDM_URL, and ZDM_TOKEN or ZDM_EMAIL and ZDM_PASSWORD. Without ZDM_URL a
// command works on zdmtest, the SDK's fake server, in its own process.
package zdmenv

import (
	"errors"
	"os"
	"strings"

	"github.com/zdmkit/go-zdm"
)

// Env is the server settings of the environment.
type Env struct {
	URL      string // ZDM_URL without surrounding spaces: "" for the fake
	Token    string // ZDM_TOKEN
	Email    string // ZDM_EMAIL
	Password string // ZDM_PASSWORD
}

// Read reads the environment.
func Read() Env {
	return Env{URL: strings.TrimSpace(os.Getenv("ZDM_URL")), Token: os.Getenv("ZDM_TOKEN"),
		Email: os.Getenv("ZDM_EMAIL"), Password: os.Getenv("ZDM_PASSWORD")}
}

// Check says what is wrong with the settings, or returns nil: credentials
// without ZDM_URL (unsetFor says what unsetting them does, as in "to
// watch the demo"), ZDM_URL without credentials, or with both kinds.
func (e Env) Check(unsetFor string) error {
	switch {
	case e.URL == "" && (e.Token != "" || e.Email != "" || e.Password != ""):
		return errors.New("ZDM_TOKEN, ZDM_EMAIL or ZDM_PASSWORD is set but ZDM_URL is not: set ZDM_URL too, or unset them " + unsetFor)
	case e.URL == "":
		return nil
	case e.Token == "" && (e.Email == "" || e.Password == ""):
		return errors.New("ZDM_URL is set: set ZDM_TOKEN, or ZDM_EMAIL and ZDM_PASSWORD")
	case e.Token != "" && e.Email != "":
		return errors.New("set ZDM_TOKEN or ZDM_EMAIL and ZDM_PASSWORD, not both")
	}
	return nil
}

// NewClient is a client for ZDM_URL that signs in with the token, else
// with the email and password (the client then issues and renews its own
// tokens); opts are the command's own options.
func (e Env) NewClient(opts ...zdm.ClientOption) (*zdm.Client, error) {
	auth := zdm.WithToken(e.Token)
	if e.Token == "" {
		auth = zdm.WithCredentials(e.Email, e.Password)
	}
	return zdm.NewClient(e.URL, append([]zdm.ClientOption{auth}, opts...)...)
}
