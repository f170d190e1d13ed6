// Package interrupt gives a command the context its work runs in: Ctrl-C
// ends it, and so does a time limit, each with its own cause, so that the
// command can say which stopped it.
package interrupt

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"time"
)

// The causes of the context's end (see [context.Cause]).
var (
	// ErrInterrupted: Ctrl-C.
	ErrInterrupted = errors.New("interrupted")
	// ErrTimedOut: the time limit passed.
	ErrTimedOut = errors.New("timed out")
)

// Context is a context that the first Ctrl-C cancels with cause
// ErrInterrupted (a second one ends the program at once, as Go does by
// default), and that ends with cause ErrTimedOut after timeout, when
// timeout is positive. stop releases it: call it when the work is done.
func Context(timeout time.Duration) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	go func(done <-chan struct{}) {
		select {
		case <-interrupts:
			signal.Stop(interrupts) // a second Ctrl-C ends the program at once
			cancel(ErrInterrupted)
		case <-done:
		}
	}(ctx.Done())
	endTimer := func() {}
	if timeout > 0 {
		ctx, endTimer = context.WithTimeoutCause(ctx, timeout, ErrTimedOut)
	}
	return ctx, func() {
		endTimer()
		signal.Stop(interrupts)
		cancel(nil)
	}
}
