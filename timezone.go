package zdm

import (
	"net/http"
	"time"
)

// Servers of the 1.x/2.x generation (and 3.0.0's data) send times without
// a zone ("2025-01-15 10:00:00"), in the server's local time. The client
// reads them in the zone WithServerTimeZone gives; without it, in the zone
// it learns from the server's answers (see learnZone), and in UTC until it
// knows. The model never keeps a zone of its own: a zone-less time is
// stored as RFC 3339 text with the offset, so a value saved as JSON and
// read back, or compared with ==, reads the same instant.

// zone is the zone that zone-less times of one answer are read in; a nil
// loc is UTC.
type zone struct{ loc *time.Location }

// location is the zone's location; UTC for the zero zone.
func (z zone) location() *time.Location {
	if z.loc == nil {
		return time.UTC
	}
	return z.loc
}

// fix returns s, or, when s is a zone-less time, s as RFC 3339 in the zone.
func (z zone) fix(s text) string {
	t, ok := parseZoneless(string(s), z.location())
	if !ok {
		return string(s)
	}
	return t.Format(time.RFC3339Nano)
}

// zoneless reports whether s looks like "2006-01-02 15:04:05" (or with a
// "T", or fractional seconds) with no zone after it.
func zoneless(s string) bool {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		rest = rest[i:]
	}
	return rest == ""
}

// maxZoneOffset is the largest UTC offset a zone has (+14:00, Kiribati).
const maxZoneOffset = 14 * time.Hour

// zoneOf tells the server's zone from one answer: the offset of an
// envelope timestamp that carries one (3.0.0, the draft API), or a
// zone-less envelope timestamp against the HTTP Date header, rounded to 15
// minutes and believed only within 14 hours. nil when the answer does not
// tell.
func zoneOf(timestamp string, h http.Header) *time.Location {
	if len(timestamp) < 19 {
		return nil
	}
	if !zoneless(timestamp) {
		t, ok := parseTime(timestamp, nil)
		if !ok {
			return nil
		}
		_, off := t.Zone()
		return fixedZone(off)
	}
	date := h.Get("Date")
	if date == "" {
		return nil
	}
	sent, err := http.ParseTime(date)
	if err != nil {
		return nil
	}
	local, ok := parseTime(timestamp, time.UTC)
	if !ok {
		return nil
	}
	diff := local.Sub(sent).Round(15 * time.Minute)
	if diff > maxZoneOffset || diff < -maxZoneOffset {
		return nil
	}
	return fixedZone(int(diff / time.Second))
}

// fixedZones caches the zones of whole-quarter-hour offsets, so that
// learning one on every answer costs nothing.
var fixedZones = func() map[int]*time.Location {
	m := make(map[int]*time.Location)
	for q := -14 * 4; q <= 14*4; q++ {
		off := q * 15 * 60
		if off == 0 {
			m[0] = time.UTC
			continue
		}
		m[off] = time.FixedZone("", off)
	}
	return m
}()

func fixedZone(off int) *time.Location {
	if l, ok := fixedZones[off]; ok {
		return l
	}
	return time.FixedZone("", off)
}

// ServerTimeZone is the zone the client reads the server's zone-less times
// in: the one WithServerTimeZone gave, else the one learnt from the
// server's answers, else UTC.
func (c *Client) ServerTimeZone() *time.Location {
	if c.loc != nil {
		return c.loc
	}
	if l := c.learnedZone.Load(); l != nil {
		return l
	}
	return time.UTC
}

// zoneFor is the zone of one answer: WithServerTimeZone's, else what the
// answer tells (which the client then remembers), else what the client
// learnt before.
func (c *Client) zoneFor(timestamp string, h http.Header) zone {
	if c.loc != nil {
		return zone{c.loc}
	}
	if l := zoneOf(timestamp, h); l != nil {
		if c.learnedZone.Load() != l {
			c.learnedZone.Store(l)
		}
		return zone{l}
	}
	return zone{c.learnedZone.Load()}
}
