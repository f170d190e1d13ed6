// Package cmdline is the command-line plumbing of the example commands:
// a flag set that prints nothing by itself (each command reports its
// errors and -h once, its own way), the text -h prints, and messages for
// people on stderr.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/exitcode"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// NewFlagSet is a flag set for the command name that prints nothing.
func NewFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// Help is what -h prints: usage, then the flags of fs.
func Help(fs *flag.FlagSet, usage string) string {
	var b strings.Builder
	b.WriteString(usage)
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return b.String()
}

// Parse parses args with fs, for the commands that report usage errors
// with UsageError. done says that the command ends there, with code: -h
// printed Help(fs, usage) on stdout (exitcode.OK), or a bad flag was said
// on stderr (exitcode.Usage).
func Parse(fs *flag.FlagSet, args []string, usage string, stdout, stderr io.Writer) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, Help(fs, usage))
		return exitcode.OK, true
	}
	return UsageError(stderr, fs.Name(), err.Error()), true
}

// UsageError says msg on stderr as Say does, then how to get help, and
// returns exitcode.Usage.
func UsageError(stderr io.Writer, name, msg string) int {
	Say(stderr, name, msg)
	fmt.Fprintf(stderr, "Run '%s -h' for usage.\n", name)
	return exitcode.Usage
}

// Say prints msg on w (stderr) after the command's name: the one way
// every example says something to people. Its text is made printable
// (zdm.Printable: a server's escape sequences and bidi overrides are
// shown escaped, never sent to the terminal), runs of spaces are one, and
// its words are wrapped to 79 columns, the lines after the first
// indented by two; a word longer than a line is cut across lines.
func Say(w io.Writer, name, msg string) {
	words := strings.FieldsFunc(zdm.Printable(msg), func(r rune) bool { return r == ' ' })
	for _, l := range termtext.Wrap(name+": ", "  ", strings.Join(words, " "), termtext.LineWidth-1) {
		fmt.Fprintln(w, strings.TrimRight(l, " "))
	}
}
