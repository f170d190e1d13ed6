// Package exitcode holds the exit codes of the example commands, one set
// for all of them, so that a script tells their outcomes apart the same
// way whichever it runs. Each command's -h lists those it uses.
package exitcode

const (
	// OK: the command did what it was asked (the job completed, the plan
	// or the inventory printed).
	OK = 0
	// JobFailed: the job ran and failed, or was canceled.
	JobFailed = 1
	// Usage: bad usage (a flag, an argument, the environment), a request
	// refused as invalid, or (examples/dr) a plan that cannot be made.
	Usage = 2
	// Unknown: could not find out: the server was unreachable, refused
	// the credentials or the request, or the time limit passed.
	Unknown = 3
	// Interrupted: Ctrl-C (128 + SIGINT, as shells report it).
	Interrupted = 130
)
