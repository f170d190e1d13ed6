package zdm

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// TestWatchErrors_EscapeServerText: partition names, statuses, messages
// and percents come from the server; in JobFailedError.Error(),
// WatchError.Error() and PollError.Error() none of them can put a raw control character, line
// break or bidirectional override into a log line or a terminal.
func TestWatchErrors_EscapeServerText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, hostile, escaped string
	}{
		{"ESC sequence", "\x1b[2J\x1b[31mOK", `\x1b[2J\x1b[31mOK`},
		{"CR LF forging a log line", "x\r\nlevel=INFO msg=\"job completed\"", `x\r\nlevel=INFO`},
		{"BEL", "ring\a", `ring\a`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"C1 CSI", "a\u009b31m", `a\u009b31m`},
		{"bidi override", "exe.\u202etxt", `exe.\u202etxt`},
		{"zero-width joiner", "a\u200db", `a\u200db`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.hostile
			row := PartitionProgress{Partition: "/" + h, ProgressInfo: ProgressInfo{
				Status: Status("Error" + h), Percent: "40%" + h, Message: "disk " + h,
			}}
			job := &ProgressInfo{Status: StatusError, Message: "reboot " + h}
			snap := &JobMonitoring{Job: JobProgress{Details: []PartitionProgress{row}, Progress: job}}

			for _, err := range []error{
				&JobFailedError{Identifier: "nightly" + h, Failed: []PartitionProgress{row}, Job: job},
				&WatchError{Identifier: "nightly" + h, Err: context.DeadlineExceeded, LastState: snap, Polls: 3,
					LastError: errors.New("dial " + h)},
				&WatchError{Identifier: "n", Err: context.Canceled, LastState: snap, Polls: 1,
					LastError: &APIError{StatusCode: 503, Message: "down " + h}},
				&PollError{Err: errors.New("read " + h), Failures: 1, Next: time.Second},
			} {
				msg := err.Error()
				for _, r := range msg {
					hidden := unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.Is(unicode.Join_Control, r)
					assert.False(t, hidden, "%T: raw %U in %q", err, r, msg)
				}
				assert.Contains(t, msg, tc.escaped, "%T says what the server sent, escaped", err)
			}
			jf := &JobFailedError{Identifier: "n", Failed: []PartitionProgress{row}, Job: job}
			assert.Equal(t, 4, strings.Count(jf.Error(), tc.escaped), "name, status and message of the row, message of the job: %s", jf.Error())
			we := &WatchError{Identifier: "n", Err: context.Canceled, LastState: snap, Polls: 1}
			assert.Equal(t, 3, strings.Count(we.Error(), tc.escaped), "name, status and percent of the row: %s", we.Error())
		})
	}
}
