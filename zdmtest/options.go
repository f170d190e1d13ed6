package zdmtest

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"
)

// Option configures a Server. An option given a bad value makes Start
// return an error, and NewServer report it with tb.Errorf.
type Option func(*Settings) error

// Settings are what a server's options set. Its fields are unexported:
// build them with the Option constructors (WithDialect, WithPrefix, ...).
type Settings struct {
	dialect         Dialect
	prefix          string // API root path, "" for the dialect's
	bothIssueRoutes bool
	objectErrors    bool
	empty401        bool
	loc             *time.Location
	clock           func() time.Time
	tokenLife       time.Duration
	rateLimit       int
	rateWindow      time.Duration
	statusNames     map[Phase]string
	defaultPlan     []Step
	inProcess       bool
	requestLog      int
	world           *World // nil: DefaultWorld
}

func defaultConfig() Settings {
	return Settings{
		dialect:   DialectV1,
		loc:       defaultZone,
		clock:     time.Now,
		tokenLife: DefaultTokenLifetime,
	}
}

// DefaultTokenLifetime is how long issued tokens stay valid unless
// WithTokenLifetime says otherwise: about an hour, like the real servers.
const DefaultTokenLifetime = time.Hour

// apiPrefix is the API root path in use.
func (c *Settings) apiPrefix() string {
	if c.prefix != "" {
		return c.prefix
	}
	return c.dialect.Prefix()
}

// WithDialect sets the server generation to imitate. The default is
// DialectV1, the released 1.x/2.x servers (releases 1.0.3 to 2.0.2, under
// /api), which is what a client meets in the field.
func WithDialect(d Dialect) Option {
	return func(c *Settings) error {
		if !d.valid() {
			return fmt.Errorf("WithDialect: unknown dialect %v", d)
		}
		c.dialect = d
		return nil
	}
}

// WithPrefix mounts the API under p instead of the dialect's root
// ("/api/v1" or "/api"), for example "/tenants/7/zdm/api" to check that
// code keeps the base path. p must be an absolute path other than "/";
// a trailing slash is dropped.
func WithPrefix(p string) Option {
	return func(c *Settings) error {
		clean := path.Clean("/" + strings.TrimLeft(p, "/"))
		if !strings.HasPrefix(p, "/") || clean == "/" || strings.ContainsAny(p, "?#%") {
			return fmt.Errorf("WithPrefix: %q is not an absolute path below the root, such as \"/api\"", p)
		}
		if (&url.URL{Path: clean}).EscapedPath() != clean {
			return fmt.Errorf("WithPrefix: %q needs escaping: use plain path characters", p)
		}
		c.prefix = clean
		return nil
	}
}

// WithBothIssueRoutes serves the token issue call at both auth/issue and
// token/issue, whatever the dialect.
func WithBothIssueRoutes() Option {
	return func(c *Settings) error {
		c.bothIssueRoutes = true
		return nil
	}
}

// WithObjectErrors makes DialectDraft and DialectV1 answer errors in the
// object form {code, message, details} (as the prototype and some
// endpoints do) instead of a string; validation details then move from
// detail.validationErrors to error.details. DialectV3 always uses it.
func WithObjectErrors() Option {
	return func(c *Settings) error {
		c.objectErrors = true
		return nil
	}
}

// WithEmpty401 answers 401 with an empty body and no content type, as an
// authenticating proxy in front of the server does.
func WithEmpty401() Option {
	return func(c *Settings) error {
		c.empty401 = true
		return nil
	}
}

// WithServerTimeZone sets the zone of the local times DialectV1 (zone-less)
// and DialectV3 (with offset) send. The default is a fixed +09:00 zone
// named KST, as the vendor's examples suggest. Give the same zone to the
// client with zdm.WithServerTimeZone, as [Server.ClientOptions] does.
func WithServerTimeZone(loc *time.Location) Option {
	return func(c *Settings) error {
		if loc == nil {
			return fmt.Errorf("WithServerTimeZone: location is nil")
		}
		c.loc = loc
		return nil
	}
}

// WithClock sets the server's clock (default time.Now): token expiry,
// the issue rate-limit window, simulated progress, start and end times,
// and envelope timestamps all read it. Give it a [Clock]'s Now method to
// move time by hand.
func WithClock(now func() time.Time) Option {
	return func(c *Settings) error {
		if now == nil {
			return fmt.Errorf("WithClock: clock is nil")
		}
		c.clock = now
		return nil
	}
}

// WithTokenLifetime sets how long issued tokens stay valid (default
// DefaultTokenLifetime), measured on the server's clock.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *Settings) error {
		if d <= 0 {
			return fmt.Errorf("WithTokenLifetime: %v is not positive", d)
		}
		c.tokenLife = d
		return nil
	}
}

// WithIssueRateLimit limits the token issue route to n calls per window
// (a fixed window that starts with its first call, measured on the
// server's clock), as newer servers do (20 per 15 minutes per client).
// Calls past the limit get 429 with code RATE-LIMIT-01 and no request id.
func WithIssueRateLimit(n int, window time.Duration) Option {
	return func(c *Settings) error {
		if n < 1 || window <= 0 {
			return fmt.Errorf("WithIssueRateLimit: need at least 1 call per positive window, got %d per %v", n, window)
		}
		c.rateLimit, c.rateWindow = n, window
		return nil
	}
}

// WithStatusNames overrides how phases are spelled, whatever the dialect:
// for example {Running: "running", Completed: "completed"} for the CLI
// documents' spellings, or {Running: "PROCESSING"} for an early draft.
func WithStatusNames(names map[Phase]string) Option {
	return func(c *Settings) error {
		m := make(map[Phase]string, len(names))
		for p, s := range names {
			if !p.valid() {
				return fmt.Errorf("WithStatusNames: unknown phase %v", p)
			}
			m[p] = s
		}
		c.statusNames = m
		return nil
	}
}

// WithDefaultPlan sets the steps the partitions of a job follow on a run
// when no plan was set for it with [Server.SetPlan] (default
// [DefaultPlan]); jobs added with their own Steps or Simulation keep them.
func WithDefaultPlan(steps ...Step) Option {
	return func(c *Settings) error {
		if len(steps) == 0 {
			return fmt.Errorf("WithDefaultPlan: no steps")
		}
		if err := checkSteps(steps); err != nil {
			return fmt.Errorf("WithDefaultPlan: %v", err)
		}
		c.defaultPlan = append([]Step(nil), steps...)
		return nil
	}
}

// WithInProcess makes a server that opens no socket and starts no
// goroutine: its URL names the host zdmtest.invalid, and
// [Server.HTTPClient] (so [Server.Client] too) reaches it through
// [Server.Transport]. Such a server works inside a testing/synctest
// bubble, where a socket would hang the test; faults behave as over the
// in-process Transport.
func WithInProcess() Option {
	return func(c *Settings) error {
		c.inProcess = true
		return nil
	}
}

// WithRequestLog keeps only the last n requests in the server's record
// ([Server.Requests]): a bounded ring, for a server that runs long (as
// zdm-fake's does, with its -request-log flag). The default, 0, keeps
// every request, as a test wants.
func WithRequestLog(n int) Option {
	return func(c *Settings) error {
		if n < 0 {
			return fmt.Errorf("WithRequestLog: %d is negative: want the number of requests to keep, or 0 for all", n)
		}
		c.requestLog = n
		return nil
	}
}
