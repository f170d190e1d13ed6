package zdm

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// What the inventory services (servers, centers, repositories, schedules,
// licenses) share: sizes, times, and the few enumerations several of them
// filter by.

// positiveID refuses an ID parameter that no row can have.
func positiveID(param string, id int64) error {
	if id <= 0 {
		return invalidArg("%s %d is not an ID: expected 1 or more", param, id)
	}
	return nil
}

// idPath is an ID as a path segment.
func idPath(id int64) string { return strconv.FormatInt(id, 10) }

// times writes the times of one answer as the model keeps them, in the
// answer's zone (see stamp.in).
type times struct{ z zone }

// times is a writer of the answer's times.
func (z zone) times() *times { return &times{z: z} }

// of is s as the model keeps it.
func (t *times) of(s stamp) string { return s.in(t.z) }

// Size is a size as servers report it: bytes, and the server's text for
// them. Servers send {raw, formatted}; the prototype sent "<bytes>
// (<human>)"; both read the same. A size the server did not know
// ("Unknown", "-") is the zero Size.
type Size struct {
	// Bytes is the size in bytes; 0 when the server sent none.
	Bytes int64 `json:"bytes"`
	// Formatted is the server's text for the size ("477.0 GB"; 3.0.0
	// servers count 1024 bytes to the KB); "" when it sent none.
	Formatted string `json:"formatted,omitempty"`
}

// String returns Formatted, or, when the server sent no text, the bytes
// in 1024-based units ("1.5 GB").
func (s Size) String() string {
	if s.Formatted != "" {
		return s.Formatted
	}
	v, unit := float64(s.Bytes), 0
	units := [...]string{"B", "KB", "MB", "GB", "TB", "PB", "EB"}
	for v >= 1024 && unit < len(units)-1 {
		v /= 1024
		unit++
	}
	if unit == 0 {
		return fmt.Sprintf("%d B", s.Bytes)
	}
	return fmt.Sprintf("%.1f %s", v, units[unit])
}

// ConnectionState is whether an agent or a center is connected, as the
// connection filters take it.
type ConnectionState string

// The connection states servers filter by.
const (
	ConnectionConnected    ConnectionState = "connect"
	ConnectionDisconnected ConnectionState = "disconnect"
)

var connectionStates = []ConnectionState{ConnectionConnected, ConnectionDisconnected}

// connected reads a connection status as servers send it: "connect" (any
// case), or "connected" / "online" (an older draft).
func connected(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "connect", "connected", "online":
		return true
	}
	return false
}

// OSFamily is an operating-system family as the os filters take it.
type OSFamily string

// The OS families servers filter by (repositories take only the first
// two).
const (
	OSWindows OSFamily = "win"
	OSLinux   OSFamily = "lin"
	OSCloud   OSFamily = "cloud"
)

var osFamilies = []OSFamily{OSWindows, OSLinux, OSCloud}

// percentOf reads a usage percent (45, "45", "45%", "45.5 %") as a whole
// number, 0 when not given.
func percentOf(t text) int {
	v, ok := parsePercent(string(t))
	if !ok || v > 1e9 {
		return 0
	}
	return int(v + 0.5)
}

// listAnswerError is the error of a lookup the server answered with a
// list that holds no match (kind ErrNotFound) or several (ErrConflict):
// an *APIError matching kind, as a missing or ambiguous row answers
// elsewhere, with the list call's status, URL and request ID.
func listAnswerError(resp *Response, kind error, format string, args ...any) error {
	e := &APIError{kind: kind, StatusCode: http.StatusOK, Message: Printable(fmt.Sprintf(format, args...))}
	if resp != nil {
		e.RequestID = resp.RequestID
		if resp.Response != nil && resp.Request != nil {
			e.StatusCode, e.Method, e.URL = resp.StatusCode, resp.Request.Method, resp.Request.URL.Redacted()
		}
	}
	return e
}

// redactedValue is how a secret a request holds prints.
const redactedValue = "[REDACTED]"

// masked is a secret as it prints: redactedValue when set, "" when not.
func masked(secret string) string {
	if secret == "" {
		return ""
	}
	return redactedValue
}

// formatMasked prints v (a copy of a request whose secrets are masked, of
// a local type "plain") with f's verb and flags, naming it as the
// request's type name under %#v.
func formatMasked(f fmt.State, verb rune, name string, v any) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		s = strings.Replace(s, "zdm.plain", "zdm."+name, 1)
	}
	_, _ = f.Write([]byte(s))
}
