//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// notifyResize relays the terminal's window-size changes to c.
func notifyResize(c chan<- os.Signal) { signal.Notify(c, syscall.SIGWINCH) }
