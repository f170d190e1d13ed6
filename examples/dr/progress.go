package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// progress shows a run as it goes: on a terminal, one row per partition
// redrawn in place (a bar, the percent, the status and message); else
// a line for each row whose state changed.
type progress struct {
	w     io.Writer
	live  bool
	width int
	drawn int               // live: the rows of the last frame
	seen  map[string]string // plain: each row's last line
}

func newProgress(w io.Writer, live bool, width int) *progress {
	return &progress{w: w, live: live, width: width, seen: map[string]string{}}
}

// barWidth is the bar's cells.
const barWidth = 20

// update shows a snapshot (Run's OnUpdate, called from one goroutine).
func (p *progress) update(m *zdm.JobMonitoring) {
	names := 0
	for _, d := range m.Job.Details {
		names = max(names, termtext.Width(zdm.Printable(d.Name())))
	}
	if p.live && p.drawn > 0 {
		fmt.Fprintf(p.w, "\x1b[%dA", p.drawn) // back to the frame's first row
	}
	for _, d := range m.Job.Details {
		name, info := zdm.Printable(d.Name()), d.ProgressInfo
		state := strings.TrimSpace(fmt.Sprintf("%-4s %s", percent(info), zdm.Printable(string(info.Status))))
		if !p.live {
			line := "  " + termtext.Pad(name, names) + "  " + state
			if msg := message(info); msg != "" {
				line += ": " + msg
			}
			if p.seen[name] != line {
				p.seen[name] = line
				fmt.Fprintln(p.w, termtext.Cut(line, p.width, termtext.End))
			}
			continue
		}
		line := "  " + termtext.Pad(name, names) + "  " + bar(info) + "  " + state
		if msg := message(info); msg != "" {
			line += "  " + msg
		}
		fmt.Fprint(p.w, "\r\x1b[K"+termtext.Cut(line, p.width-1, termtext.End)+"\n")
	}
	if p.live {
		p.drawn = len(m.Job.Details)
	}
}

// pollFailed shows a failed poll that Run tolerates (it polls again);
// a live frame is drawn anew below it.
func (p *progress) pollFailed(err error) {
	fmt.Fprintln(p.w, termtext.Cut("  poll failed, retrying: "+zdm.Printable(shortCause(err)), p.width-1, termtext.End))
	p.drawn = 0
	p.seen = map[string]string{}
}

// bar draws the percent done as barWidth cells.
func bar(info zdm.ProgressInfo) string {
	pct, _ := info.PercentValue()
	done := int(pct * barWidth / 100)
	return strings.Repeat("█", done) + strings.Repeat("░", barWidth-done)
}

// percent is the percent as sent, "-" when none.
func percent(info zdm.ProgressInfo) string {
	if v, ok := info.PercentValue(); ok {
		return fmt.Sprintf("%.0f%%", v)
	}
	return "-"
}

// message is the row's message, made printable; "" for none or "-".
func message(info zdm.ProgressInfo) string {
	if m := zdm.Printable(strings.TrimSpace(info.Message)); m != "-" {
		return m
	}
	return ""
}
