package interrupt

import (
	"context"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTimeout: the time limit ends the context with ErrTimedOut, which
// tells it from Ctrl-C.
func TestTimeout(t *testing.T) {
	ctx, stop := Context(time.Millisecond)
	defer stop()
	<-ctx.Done()
	assert.ErrorIs(t, context.Cause(ctx), ErrTimedOut)
	assert.NotErrorIs(t, context.Cause(ctx), ErrInterrupted)
}

// TestNoTimeout: without a time limit the context lasts until stop.
func TestNoTimeout(t *testing.T) {
	ctx, stop := Context(0)
	_, hasDeadline := ctx.Deadline()
	assert.False(t, hasDeadline)
	assert.NoError(t, ctx.Err())
	stop()
	assert.ErrorIs(t, context.Cause(ctx), context.Canceled, "stop is neither Ctrl-C nor the time limit")
}

// TestInterrupt: Ctrl-C (SIGINT) ends the context with ErrInterrupted,
// and the process goes on.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	ctx, stop := Context(time.Hour)
	defer stop()
	self, err := os.FindProcess(os.Getpid())
	require.NoError(t, err)
	require.NoError(t, self.Signal(syscall.SIGINT))
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("not ended 10s after SIGINT")
	}
	assert.ErrorIs(t, context.Cause(ctx), ErrInterrupted)
}
