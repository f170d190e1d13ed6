package zdmtest

import (
	"sync"
	"time"
)

// Clock is a clock that moves only when told to, for WithClock:
//
//	clock := zdmtest.NewClock(time.Date(2026, 1, 17, 6, 0, 0, 0, time.UTC))
//	srv := zdmtest.NewServer(t, zdmtest.WithClock(clock.Now))
//	clock.Advance(10 * time.Minute)
//
// It is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock that reads start until moved.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (back for a negative d) and returns
// the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
