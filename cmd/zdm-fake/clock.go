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

// Advance moves the clock by d (back for a negative d).
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = c.at.Add(d)
	} else {
		c.offset += d
	}
}

// Set moves the clock to t.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = t
	} else {
		c.offset = time.Until(t)
	}
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
