package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// printSummary prints one row per partition: status, elapsed, end time,
// and the message (beside the row when it fits, else under it), all in
// width columns.
func printSummary(w io.Writer, job string, m *zdm.JobMonitoring, took time.Duration, local bool, width int) {
	usable := max(width-1, 20)
	title := fmt.Sprintf("Recovery %q (%s -> %s), watched for %s:", nameOr(m.Job.Info.Name, job),
		orDash(m.System.Source.Name), orDash(m.System.Target.Name), took.Round(100*time.Millisecond))
	fmt.Fprintln(w)
	for _, l := range termtext.Wrap("", "  ", title, usable) {
		fmt.Fprintln(w, l)
	}

	type row struct {
		name, status, elapsed, end, msg string
		completed                       bool // its message goes unsaid when there is no room
	}
	var ends []time.Time
	for _, p := range m.Job.Details {
		if t, ok := p.ProgressInfo.EndTime(); ok {
			ends = append(ends, t)
		}
	}
	zone, perRow := zoneLabel(ends, local)
	rs := []row{{"PARTITION", "STATUS", "ELAPSED", "END", "MESSAGE", false}}
	if zone != "" {
		rs[0].end = "END (" + zone + ")"
	}
	for _, p := range m.Job.Details {
		pi := p.ProgressInfo
		rs = append(rs, row{rowName(p), statusText(pi.Status), elapsedText(pi), timeText(pi.EndTime, pi.End, local, perRow),
			message(pi), pi.Status.Phase() == zdm.PhaseCompleted})
	}
	var wn, ws, we, wend, wmsg int
	for _, r := range rs {
		wn, ws, we = max(wn, termtext.Width(r.name)), max(ws, termtext.Width(r.status)), max(we, termtext.Width(r.elapsed))
		wend, wmsg = max(wend, termtext.Width(r.end)), max(wmsg, termtext.Width(r.msg))
	}
	lead := 2 + wn + 2 + ws + 2 + we + 2 + wend
	beside := lead+2+wmsg <= usable
	for i, r := range rs {
		line := "  " + termtext.Pad(r.name, wn) + "  " + termtext.Pad(r.status, ws) + "  " + termtext.Pad(r.elapsed, we) + "  " + termtext.Pad(r.end, wend)
		switch {
		case beside:
			line += "  " + r.msg
		case i > 0 && r.msg != "" && !r.completed:
			fmt.Fprintln(w, strings.TrimRight(line, " "))
			for _, l := range termtext.Wrap("      ", "      ", r.msg, usable) {
				fmt.Fprintln(w, l)
			}
			continue
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// statusText is the SDK's phase, with the server's own word in brackets
// when it differs: "Completed (Complete)", "Failed (Error)", "Running".
// examples/monitor words statuses the same way.
func statusText(s zdm.Status) string {
	phase := s.Phase().String()
	if raw := strings.TrimSpace(string(s)); raw != "" && !strings.EqualFold(raw, phase) {
		return phase + " (" + raw + ")"
	}
	return phase
}

func elapsedText(p zdm.ProgressInfo) string {
	d, ok := p.ElapsedDuration()
	if !ok {
		return orDash(p.Elapsed)
	}
	return fmt.Sprintf("%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

// zoneLabel is the label of times: the offset they carry (the server's),
// or the local zone's with -local. perRow is set when the times do not
// share one offset, so that each says its own.
func zoneLabel(ts []time.Time, local bool) (label string, perRow bool) {
	for i, t := range ts {
		if local {
			t = t.Local()
		}
		l := t.Format("-07:00")
		if i > 0 && l != label {
			return "", true
		}
		label = l
	}
	if local && label != "" {
		label = "local " + label
	}
	return label, false
}

// timeText is a time in its own zone (the server's), or the local one
// with -local; the text as sent when it does not read as a time.
func timeText(read func() (time.Time, bool), raw string, local, withZone bool) string {
	t, ok := read()
	if !ok {
		return orDash(raw)
	}
	if local {
		t = t.Local()
	}
	if withZone {
		return t.Format("2006-01-02 15:04:05 -07:00")
	}
	return t.Format("2006-01-02 15:04:05")
}

// stopLine is the one line for a watch that was stopped before the job
// finished: how many polls, the last state seen and the last error.
func stopLine(why string, err error) string {
	var we *zdm.WatchError
	if !errors.As(err, &we) {
		return why + ": " + err.Error()
	}
	s := why + " after " + plural(we.Polls, "poll") + "; "
	if we.LastState != nil {
		s += "last state: " + compactState(we.LastState)
	} else {
		s += "no answer yet"
	}
	if we.LastError != nil {
		return s + "; last error: " + shortCause(we.LastError)
	}
	return s + "; last error: none"

}

// compactState is a snapshot in a few words: "/boot Completed,
// / Running 45%".
func compactState(m *zdm.JobMonitoring) string {
	if len(m.Job.Details) == 0 {
		return "no partitions yet"
	}
	parts := make([]string, 0, len(m.Job.Details))
	for _, p := range m.Job.Details {
		s := rowName(p) + " " + p.ProgressInfo.Status.Phase().String()
		if pct, ok := p.ProgressInfo.PercentValue(); ok && pct < 100 {
			s += " " + strconv.FormatFloat(pct, 'f', 0, 64) + "%"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// urlPrefix is the "zdm: GET https://...: " that the SDK puts before a
// transport error.
var urlPrefix = regexp.MustCompile(`^zdm: [A-Z]+ \S+: `)

// shortCause is what went wrong, without the SDK's request line: "503
// Service Unavailable", "connection refused".
func shortCause(err error) string {
	var apiErr *zdm.APIError
	var dnsErr *net.DNSError
	var sysErr *os.SyscallError
	switch {
	case errors.As(err, &apiErr):
		s := strconv.Itoa(apiErr.StatusCode)
		if t := http.StatusText(apiErr.StatusCode); t != "" {
			s += " " + t
		}
		if apiErr.Code != "" {
			s += " (" + apiErr.Code + ")"
		}
		if apiErr.Message != "" {
			s += ": " + apiErr.Message
		}
		return s
	case errors.As(err, &dnsErr):
		return "cannot resolve " + dnsErr.Name + ": " + dnsErr.Err
	case errors.As(err, &sysErr):
		return sysErr.Err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer in time"
	}
	return urlPrefix.ReplaceAllString(err.Error(), "")
}
