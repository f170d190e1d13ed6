//go:build !unix

package main

import "os"

// notifyResize does nothing where there is no SIGWINCH: the next update
// reads the new width anyway.
func notifyResize(chan<- os.Signal) {}
