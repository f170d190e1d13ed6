package zdmtest

import (
	"fmt"
	"time"

	"github.com/zdmkit/go-zdm"
)

// Dialect is the generation of ZDM server the fake imitates: where the API
// lives, which token route it serves, how it spells statuses and times, and
// the shape of its monitoring answer and errors.
type Dialect int

const (
	// DialectDraft is the draft API (/api/v1), which no released server
	// speaks: API root /api/v1, POST
	// auth/issue (HTTP 200), lowercase statuses ("run", "complete",
	// "pending", "start", "schedule", "cancel", "fail"), RFC 3339 UTC times
	// ("2025-01-15T10:00:00Z"), English string errors, "requestID". The
	// Authorization header may carry "Bearer <token>" or the bare token.
	DialectDraft Dialect = iota
	// DialectV1 is the released 1.x/2.x servers (releases 1.0.3 to
	// 2.0.2), the default: API root /api, POST
	// token/issue (HTTP 201), PascalCase statuses ("Processing",
	// "Complete", "Registered", "Error", ...), zone-less local times
	// ("2026-01-17 15:02:40", in the server's zone), Korean string errors
	// with validation details under detail.validationErrors, "requestID".
	// The monitoring server-name filter is called "server"; unknown query
	// parameters are ignored.
	DialectV1
	// DialectV3 is the announced 3.0.0 server: API root /api, POST
	// token/issue (HTTP 201), the reshaped monitoring answer
	// (job.info.{id,name,source,target}, job.progress.partitions[],
	// job.timeInfo, job.log only with detail=true, no system), RFC 3339
	// times with milliseconds and offset, object errors {code, message,
	// details}, "traceId" plus an X-Trace-Id header. Query parameters other
	// than mode, partition, drive, detail and center, empty values and
	// partition together with drive are refused with 400.
	DialectV3
)

var dialectNames = [...]string{DialectDraft: "draft", DialectV1: "v1", DialectV3: "v3"}

// String returns "draft", "v1" or "v3".
func (d Dialect) String() string {
	if d.valid() {
		return dialectNames[d]
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

func (d Dialect) valid() bool { return d >= DialectDraft && d <= DialectV3 }

// Prefix is the API root path the dialect serves: "/api/v1" for
// DialectDraft, "/api" for the released dialects.
func (d Dialect) Prefix() string {
	if d == DialectDraft {
		return "/api/v1"
	}
	return "/api"
}

// Generation is the zdm.Generation of the dialect, for
// zdm.WithServerGeneration.
func (d Dialect) Generation() zdm.Generation {
	switch d {
	case DialectV1:
		return zdm.GenerationV1
	case DialectV3:
		return zdm.GenerationV3
	}
	return zdm.GenerationDraft
}

// issuePath is the token route of the dialect, relative to the API root.
func (d Dialect) issuePath() string {
	if d == DialectDraft {
		return routeAuthIssue
	}
	return routeTokenIssue
}

// Routes, relative to the API root.
const (
	routeAuthIssue     = "auth/issue"
	routeTokenIssue    = "token/issue"
	routeMonitorJob    = "recoveries/monitoring/job/"
	routeMonitorSystem = "recoveries/monitoring/system/"
	routeRecoveries    = "recoveries"
	routeHistories     = "recoveries/histories"
)

// Time layouts of the dialects.
const (
	layoutSeed     = "2006-01-02T15:04:05Z07:00"
	layoutZoneless = "2006-01-02 15:04:05"
	layoutV3       = "2006-01-02T15:04:05.000Z07:00"
)

// defaultZone is the zone of released servers' local times: the vendor's
// examples suggest Korea Standard Time.
var defaultZone = time.FixedZone("KST", 9*60*60)

// formatTime renders t as the dialect does; the zero time is "-".
func (c *Settings) formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	switch c.dialect {
	case DialectV1:
		return t.In(c.loc).Format(layoutZoneless)
	case DialectV3:
		return t.In(c.loc).Format(layoutV3)
	}
	return t.UTC().Format(layoutSeed)
}

// logTime renders t for a job log line: zone-less, in the zone the
// dialect shows times in.
func (c *Settings) logTime(t time.Time) string {
	if c.dialect == DialectDraft {
		return t.UTC().Format(layoutZoneless)
	}
	return t.In(c.loc).Format(layoutZoneless)
}

// formatElapsed renders d as "hh:mm:ss"; hours may pass 24.
func formatElapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}

// spellings are each dialect's words for the phases.
var spellings = [...][phaseCount]string{
	DialectDraft: {
		PhasePending: "pending", PhasePreparing: "start", PhaseRunning: "run", PhaseRebooting: "run",
		PhaseCompleted: "complete", PhaseScheduled: "schedule", PhaseFailed: "fail",
		PhaseCanceling: "run", PhaseCanceled: "cancel",
	},
	DialectV1: releasedSpellings,
	DialectV3: releasedSpellings,
}

var releasedSpellings = [phaseCount]string{
	PhasePending: "Registered", PhasePreparing: "Preparing", PhaseRunning: "Processing", PhaseRebooting: "Processing",
	PhaseCompleted: "Complete", PhaseScheduled: "Scheduled", PhaseFailed: "Error",
	PhaseCanceling: "Canceling", PhaseCanceled: "Canceled",
}

// spell is the status text of p in the server's dialect, or the spelling
// set with WithStatusNames.
func (c *Settings) spell(p Phase) string {
	if s, ok := c.statusNames[p]; ok {
		return s
	}
	if !p.valid() {
		return "Unknown"
	}
	return spellings[c.dialect][p]
}

// text is a message in the languages the dialects speak: released 1.x/2.x
// servers answer in Korean, the others in English.
type text struct{ en, ko string }

func (c *Settings) say(t text) string {
	if c.dialect == DialectV1 && t.ko != "" {
		return t.ko
	}
	return t.en
}
