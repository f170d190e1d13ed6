package zdm

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// PercentValue reads Percent as a number: "45%", "45", "45.5 %" and
// " 100% " all read; "-", "" and anything else (including negative, NaN or
// infinite values) report ok=false.
func (p ProgressInfo) PercentValue() (float64, bool) {
	return parsePercent(p.Percent)
}

// parsePercent reads a percent as servers send it ("45%", "60", "45.5 %").
// It reports ok=false for "-", "" and anything that is not a finite,
// non-negative number.
func parsePercent(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "%")
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, false
	}
	return v, true
}

// StartTime reads Start. The client stores every time as RFC 3339 with
// the server's offset (see WithServerTimeZone), so the time carries its
// own zone; a zone-less value (from a snapshot saved by hand) reads in
// UTC.
func (p ProgressInfo) StartTime() (time.Time, bool) { return parseTime(p.Start, nil) }

// EndTime reads End like [ProgressInfo.StartTime].
func (p ProgressInfo) EndTime() (time.Time, bool) { return parseTime(p.End, nil) }

// In returns a copy of p whose zone-less times (as decoded by hand, or
// saved before the client knew the server's zone) are rewritten as RFC
// 3339 in loc (nil means UTC). Times that carry a zone are kept.
func (p ProgressInfo) In(loc *time.Location) ProgressInfo {
	z := zone{loc}
	p.Start, p.End = z.fix(text(p.Start)), z.fix(text(p.End))
	return p
}

// parseTime reads a timestamp in any format ZDM servers send: RFC 3339 with
// "Z" or an offset and optional fractional seconds, or zone-less
// "2006-01-02 15:04:05" (also with "T" or fractional seconds), which is read
// in loc (nil means UTC). "-", "" and anything else report ok=false.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	if zoneless(s) {
		return parseZoneless(s, loc)
	}
	if len(s) < len("2006-01-02 15:04:05") {
		return time.Time{}, false
	}
	// One layout per form, told by the separator: a failed attempt costs
	// an error value.
	layout := time.RFC3339Nano
	if s[10] == ' ' {
		layout = "2006-01-02 15:04:05Z07:00"
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// parseZoneless reads a zone-less "2006-01-02 15:04:05" (or with "T", or
// fractional seconds) in loc.
func parseZoneless(s string, loc *time.Location) (time.Time, bool) {
	if !zoneless(s) {
		return time.Time{}, false
	}
	layout := "2006-01-02 15:04:05"
	if s[10] == 'T' {
		layout = "2006-01-02T15:04:05"
	}
	t, err := time.ParseInLocation(layout, s, loc)
	return t, err == nil
}

// ElapsedDuration reads Elapsed: "hh:mm:ss" (hours may pass 24 and
// seconds may carry a fraction), "mm:ss", or Go-style units with optional
// spaces and days ("1h 30m", "2d 3h", "45s"). "-", "" and anything else
// report ok=false.
func (p ProgressInfo) ElapsedDuration() (time.Duration, bool) {
	return parseElapsed(p.Elapsed)
}

// parseElapsed reads an elapsed time as servers send it; see
// [ProgressInfo.ElapsedDuration].
func parseElapsed(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" || len(s) > 64 {
		return 0, false
	}
	if strings.IndexByte(s, ':') >= 0 {
		return parseClock(s)
	}
	return parseUnits(s)
}

// parseClock reads "hh:mm:ss[.fff]" or "mm:ss[.fff]".
func parseClock(s string) (time.Duration, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var hours, minutes int64
	var err error
	i := 0
	if len(parts) == 3 {
		if hours, err = parseDigits(parts[0]); err != nil || hours > math.MaxInt64/int64(time.Hour) {
			return 0, false
		}
		i = 1
	}
	if minutes, err = parseDigits(parts[i]); err != nil || (len(parts) == 3 && minutes > 59) || minutes > math.MaxInt32 {
		return 0, false
	}
	secText := parts[i+1]
	if secText == "" || secText[0] < '0' || secText[0] > '9' {
		return 0, false
	}
	secs, err := strconv.ParseFloat(secText, 64)
	if err != nil || secs >= 60 || math.IsNaN(secs) {
		return 0, false
	}
	d := time.Duration(hours)*time.Hour + time.Duration(minutes)*time.Minute
	if d < 0 {
		return 0, false
	}
	d += time.Duration(secs * float64(time.Second))
	if d < 0 {
		return 0, false
	}
	return d, true
}

// parseDigits reads a non-empty run of ASCII digits.
func parseDigits(s string) (int64, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// parseUnits reads "1h 30m", "1h30m", "2d 3h", "90s": Go duration units
// plus "d" for days, with optional spaces between the parts.
func parseUnits(s string) (time.Duration, bool) {
	s = strings.ReplaceAll(s, " ", "")
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, false
	}
	var days int64
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := parseDigits(s[:i])
		if err != nil || n > 100000 {
			return 0, false
		}
		days = n
		s = s[i+1:]
		if s == "" {
			return time.Duration(days) * 24 * time.Hour, true
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, false
	}
	total := time.Duration(days)*24*time.Hour + d
	if total < 0 {
		return 0, false
	}
	return total, true
}
