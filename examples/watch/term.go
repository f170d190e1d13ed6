package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// defaultWidth is the width assumed when the output is not a terminal:
// what logs, CI consoles and pasted output are read at.
const defaultWidth = 80

// terminal reports whether w is a terminal that can redraw lines in place,
// and a function that reads its current width.
func terminal(w io.Writer) (width func() int, ok bool) {
	f, isFile := w.(*os.File)
	if !isFile || os.Getenv("TERM") == "dumb" || !term.IsTerminal(int(f.Fd())) {
		return fixedWidth(defaultWidth), false
	}
	fd := int(f.Fd())
	return func() int {
		w, _, err := term.GetSize(fd)
		if err != nil || w <= 0 {
			return defaultWidth
		}
		return w
	}, true
}

func fixedWidth(n int) func() int { return func() int { return n } }
