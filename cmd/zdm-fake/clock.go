package main

import (
	"sync"
	"time"
)

// fakeClock is the server's clock: the wall clock shifted by an offset,
// or frozen at one instant. The control API advances, sets and freezes
// it. It is safe for concurrent use.
type fakeClock struct {
	mu     sync.Mutex
	offset time.Duration // added to the wall clock while running
	frozen bool
	at     time.Time // the time shown while frozen
}

// newClock returns a clock that reads start (or the wall clock when
// start is zero), frozen or running.
func newClock(start time.Time, frozen bool) *fakeClock {
	c := &fakeClock{}
	if !start.IsZero() {
		c.offset = time.Until(start)
	}
	if frozen {
		c.Freeze(true)
		if !start.IsZero() {
			c.at = start // exactly, not the wall clock's reading of it
		}
	}
	return c
}

// Now reads the clock.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *fakeClock) nowLocked() time.Time {
	if c.frozen {
		return c.at
	}
	return time.Now().Add(c.offset).Round(0) // no monotonic reading: the offset may jump
}

// The clock's range, what it may show. Its offset from the wall clock is
// a time.Duration, which holds about 292 years either way, and answers
// write times as RFC 3339 and JSON, whose years stop at 9999: the range
// keeps clear of both.
var (
	clockMin = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	clockMax = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC) // excluded
)

// clockRange says the range, for messages.
var clockRange = "want a time from " + clockMin.Format(time.RFC3339) + " to before " + clockMax.Format(time.RFC3339)

// inClockRange reports whether the clock may show t.
func inClockRange(t time.Time) bool { return !t.Before(clockMin) && t.Before(clockMax) }

// change moves the clock at once: a freeze (freeze true) first, then to
// set (unless zero) or where it is, moved by d, then a thaw (freeze
// false). When that time is outside the clock's range it changes nothing
// and returns false. It returns the time the clock was to show.
func (c *fakeClock) change(set time.Time, d time.Duration, freeze *bool) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	target := set
	if target.IsZero() {
		target = c.nowLocked()
	}
	target = target.Add(d)
	if !inClockRange(target) {
		return target, false
	}
	if freeze != nil && *freeze {
		c.frozen = true
	}
	if c.frozen {
		c.at = target
	} else {
		c.offset = time.Until(target)
	}
	if freeze != nil && !*freeze && c.frozen {
		c.offset, c.frozen = time.Until(c.at), false
	}
	return target, true
}

// Freeze stops the clock at the time it shows (on true) or lets it run
// on from there (on false).
func (c *fakeClock) Freeze(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if on == c.frozen {
		return
	}
	if on {
		c.at = c.nowLocked()
	} else {
		c.offset = time.Until(c.at)
	}
	c.frozen = on
}

// Frozen reports whether the clock is frozen.
func (c *fakeClock) Frozen() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.frozen
}
