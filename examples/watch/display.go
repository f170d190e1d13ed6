package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// display shows the watch as it goes: on a terminal, a frame redrawn in
// place that fits the terminal's width (read again at every redraw, and
// redrawn when the window is resized); elsewhere, a plain line for each
// row whose state changed and for each failed poll.
type display struct {
	mu    sync.Mutex
	w     io.Writer
	live  bool
	width func() int
	start time.Time
	now   func() time.Time

	job, where string             // what is watched, on which server
	giveUp     time.Time          // when -timeout ends the watch; zero without one
	snap       *zdm.JobMonitoring // the last snapshot shown, or nil
	problem    string             // the last tolerated failure, until a poll succeeds

	drawn []int             // live: the widths of the last frame's lines
	seen  map[string]string // plain: each row's last line
}

func newDisplay(w io.Writer, live bool, width func() int, job, where string) *display {
	return &display{w: w, live: live, width: width, start: time.Now(), now: time.Now,
		job: job, where: where, seen: map[string]string{}}
}

// Bars are barMax cells wide when there is room, and never below barMin;
// messages give way to bars down to msgMin columns first.
const (
	barMax = 28
	barMin = 10
	msgMin = 24
)

// begin shows what is watched before the first answer comes.
func (d *display) begin() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.live {
		d.redrawLocked()
		return
	}
	d.printLocked(fmt.Sprintf("Watching recovery %q on %s", d.job, d.where))
}

// update shows a changed snapshot (Watch's OnUpdate).
func (d *display) update(m *zdm.JobMonitoring) {
	d.mu.Lock()
	defer d.mu.Unlock()
	first := d.snap == nil
	d.snap, d.problem = m, ""
	if d.live {
		d.redrawLocked()
		return
	}
	if first {
		d.printLocked(fmt.Sprintf("%s -> %s", orDash(m.System.Source.Name), orDash(m.System.Target.Name)))
	}
	rows := m.Job.Details
	names := nameWidth(m)
	for i, p := range rows {
		d.plainRowLocked(rowKey(i, p), rowName(p), names, p.ProgressInfo)
	}
	if pr := m.Job.Progress; pr != nil && pr.Status != "" {
		d.plainRowLocked("(job)", "(job)", names, *pr)
	}
}

func (d *display) plainRowLocked(key, name string, names int, p zdm.ProgressInfo) {
	line := fmt.Sprintf("%s  %-9s %4s", termtext.Pad(name, names), p.Status.Phase(), percentText(p))
	if msg := message(p); msg != "" {
		line += "  " + msg
	}
	if d.seen[key] != line {
		d.seen[key] = line
		d.printLocked(line)
	}
}

// pollFailed shows a failed poll that the watch tolerates, with when the
// next one comes (Watch's OnPollError); next is 0 when no poll fits
// before -timeout, and the line then says when the watch gives up.
func (d *display) pollFailed(err error, failures int, next time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	when := fmt.Sprintf("retrying in ~%s", roundWait(next))
	if next <= 0 {
		when = "no poll fits before -timeout: giving up"
		if left := d.giveUp.Sub(d.now()); !d.giveUp.IsZero() && left > 0 {
			when += fmt.Sprintf(" in ~%s", roundWait(left))
		}
	}
	d.problem = fmt.Sprintf("%s (%s failed): %s", when, plural(failures, "poll"), zdm.Printable(shortCause(err)))
	if d.live {
		d.redrawLocked()
		return
	}
	d.printLocked(d.problem)
}

// resized redraws the frame for the terminal's new width.
func (d *display) resized() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.live && d.drawn != nil {
		d.redrawLocked()
	}
}

// printLocked writes one plain line, stamped with the time since the
// start and wrapped to the width.
func (d *display) printLocked(s string) {
	stamp := fmt.Sprintf("[%6.1fs] ", d.now().Sub(d.start).Seconds())
	for _, l := range termtext.Wrap(stamp, strings.Repeat(" ", len(stamp)+2), s, d.width()-1) {
		fmt.Fprintln(d.w, l)
	}
}

// redrawLocked replaces the last frame with a new one for the current
// width. A terminal narrowed since the last frame may have rewrapped its
// lines (most do), so the way back up counts the rows they take now; on
// a terminal that cuts lines instead, a line or two above the frame may be
// erased, which is the lesser harm than a frame drawn over a stale one.
func (d *display) redrawLocked() {
	width := d.width()
	var b strings.Builder
	if len(d.drawn) > 0 {
		up := 0
		for _, w := range d.drawn {
			up += max(1, (w+width-1)/width)
		}
		fmt.Fprintf(&b, "\r\x1b[%dA", up)
	}
	b.WriteString("\r\x1b[J") // erase the old frame, and anything below it
	lines := d.frame(width)
	d.drawn = d.drawn[:0]
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
		d.drawn = append(d.drawn, termtext.Width(l))
	}
	_, _ = io.WriteString(d.w, b.String())
}

// frame is the live display for a terminal width columns wide: every line
// at most width-1 columns, so that no terminal wraps it.
func (d *display) frame(width int) []string {
	usable := max(width-1, 1)
	m := d.snap
	var lines []string
	if m == nil {
		lines = append(lines, termtext.Cut(fmt.Sprintf("Watching recovery %q on %s", d.job, d.where), usable, termtext.End))
		if d.problem == "" {
			lines = append(lines, termtext.Cut("  connecting...", usable, termtext.End))
		}
	} else {
		lines = append(lines, termtext.Cut(fmt.Sprintf("Watching recovery %q: %s -> %s", nameOr(m.Job.Info.Name, d.job),
			orDash(m.System.Source.Name), orDash(m.System.Target.Name)), usable, termtext.End))
		lines = append(lines, rows(m, usable)...)
	}
	if d.problem != "" {
		lines = append(lines, termtext.Cut("  ! "+d.problem, usable, termtext.End))
	}
	return lines
}

// rows lays out one line per detail (and the job, when the server sends
// its progress) in usable columns: messages are shortened first (down to
// msgMin), then bars (down to barMin), then messages again; names and the
// whole line are cut only when nothing else is left to give.
func rows(m *zdm.JobMonitoring, usable int) []string {
	type row struct {
		name string
		p    zdm.ProgressInfo
	}
	var rs []row
	for _, p := range m.Job.Details {
		rs = append(rs, row{rowName(p), p.ProgressInfo})
	}
	if pr := m.Job.Progress; pr != nil && pr.Status != "" {
		rs = append(rs, row{"(job)", *pr})
	}
	names := min(nameWidth(m), max(usable/4, 8))
	msgs := 0
	for _, r := range rs {
		msgs = max(msgs, termtext.Width(message(r.p)))
	}
	// "  name [bar] 100%  Completed  message"
	fixed := 2 + names + 1 + 2 + 1 + 4 + 2 + 9
	room := usable - fixed
	bar, msg := barMax, msgs
	if msgs > 0 {
		room -= 2 // the gap before the messages
	}
	if bar+msg > room {
		msg = max(min(msgs, msgMin), room-bar)
	}
	if bar+msg > room {
		bar = max(barMin, room-msg)
	}
	if bar+msg > room {
		msg = max(0, room-bar)
	}
	lines := make([]string, 0, len(rs))
	for _, r := range rs {
		line := fmt.Sprintf("  %s %s %4s  %s", termtext.Pad(termtext.Cut(r.name, names, termtext.End), names), drawBar(r.p, bar),
			percentText(r.p), termtext.Pad(r.p.Status.Phase().String(), 9))
		if text := message(r.p); text != "" && msg > 0 {
			line += "  " + termtext.Cut(text, msg, termtext.End)
		}
		lines = append(lines, termtext.Cut(strings.TrimRight(line, " "), usable, termtext.End))
	}
	return lines
}

func drawBar(p zdm.ProgressInfo, width int) string {
	pct, ok := p.PercentValue()
	if !ok {
		return "[" + strings.Repeat("·", width) + "]"
	}
	filled := int(min(max(pct, 0), 100) / 100 * float64(width))
	return "[" + strings.Repeat("█", filled) + strings.Repeat("░", width-filled) + "]"
}

func percentText(p zdm.ProgressInfo) string {
	pct, ok := p.PercentValue()
	if !ok {
		return "-"
	}
	return strconv.FormatFloat(pct, 'f', 0, 64) + "%"
}

// message is the row's message on one line, or "" when the server sent
// none.
func message(p zdm.ProgressInfo) string {
	m := strings.Join(strings.Fields(p.Message), " ")
	if m == "-" {
		return ""
	}
	return m
}

func rowName(p zdm.PartitionProgress) string {
	if n := p.Name(); n != "" {
		return n
	}
	return "(unnamed)"
}

// rowKey tells rows apart, including 3.0.0's repeated partitions.
func rowKey(i int, p zdm.PartitionProgress) string {
	return strconv.Itoa(i) + "\x00" + p.Name() + "\x00" + p.BackupFile
}

func nameWidth(m *zdm.JobMonitoring) int {
	w := len("(job)")
	for _, p := range m.Job.Details {
		w = max(w, termtext.Width(rowName(p)))
	}
	return w
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func nameOr(name, fallback string) string {
	if strings.TrimSpace(name) == "" {
		return fallback
	}
	return name
}

// roundWait is a wait as people read it: whole seconds from a second up.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
