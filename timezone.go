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

// fix returns s, or, when s is a zone-less time, s as RFC 3339 in the zone.
func (z zone) fix(s text) string {
	if !zoneless(string(s)) {
		return string(s)
	}
	if w, ok := parseWall(string(s)); ok {
		return z.format(w)
	}
	// The rarer forms time.Parse also takes (runs of spaces before a
	// one-digit hour, over nine fractional digits), or none.
	t, ok := ParseTime(string(s), z.loc)
	if !ok {
		return string(s)
	}
	return t.Format(time.RFC3339Nano)
}

// stamp returns a time field as fix would.
func (z zone) stamp(s stamp) string {
	if s.wall.month != 0 {
		return z.format(s.wall)
	}
	return z.fix(s.text)
}

// format writes a wall-clock time as RFC 3339 in the zone, as
// time.ParseInLocation and Format would, with one allocation.
func (z zone) format(w wall) string {
	loc := z.loc
	if loc == nil {
		loc = time.UTC
	}
	t := time.Date(int(w.year), time.Month(w.month), int(w.day), int(w.hour), int(w.min), int(w.sec), int(w.nsec), loc)
	var buf [len("2006-01-02T15:04:05.999999999-07:00")]byte
	return string(t.AppendFormat(buf[:0], time.RFC3339Nano))
}

// wall is a zone-less time as sent; month is 0 in the zero value, which
// is no time.
type wall struct {
	year                       uint16
	month, day, hour, min, sec uint8
	nsec                       uint32
}

// parseWall reads the usual zone-less form, "2006-01-02 15:04:05" (or with
// a "T") with up to nine fractional digits, in the ranges time.Parse
// accepts. Anything else reports ok=false, for time.Parse to decide.
func parseWall[T string | []byte](s T) (w wall, ok bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return w, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return w, false
	}
	var nsec int
	if rest := s[19:]; len(rest) > 0 {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 {
			return w, false
		}
		n, ok := digits(rest[1:])
		if !ok {
			return w, false
		}
		for i := len(rest); i < 10; i++ {
			n *= 10
		}
		nsec = n
	}
	return wall{uint16(year), uint8(month), uint8(day), uint8(hour), uint8(minute), uint8(sec), uint32(nsec)}, true
}

// digits reads s, all ASCII digits, as a number.
func digits[T string | []byte](s T) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
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
// envelope timestamp that carries one (3.0.0, the seed era), or a
// zone-less envelope timestamp against the HTTP Date header, rounded to 15
// minutes and believed only within 14 hours. nil when the answer does not
// tell.
func zoneOf(timestamp string, h http.Header) *time.Location {
	if len(timestamp) < 19 {
		return nil
	}
	if !zoneless(timestamp) {
		t, ok := ParseTime(timestamp, nil)
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
	local, ok := ParseTime(timestamp, time.UTC)
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
