package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zdmkit/go-zdm"
)

// display shows each update: live bars redrawn in place on a terminal, or
// a plain line per partition whose state changed.
type display struct {
	w      io.Writer
	plain  bool
	start  time.Time
	header bool
	drawn  int               // lines drawn by the last live redraw
	seen   map[string]string // plain mode: each row's last state line
}

func newDisplay(w io.Writer, plain bool) *display {
	return &display{w: w, plain: plain, start: time.Now(), seen: map[string]string{}}
}

const barWidth = 28

// update shows a changed snapshot (Watch's OnUpdate).
func (d *display) update(m *zdm.JobMonitoring) {
	if !d.header {
		d.header = true
		fmt.Fprintf(d.w, "Watching recovery %q: %s -> %s\n", m.Job.Info.Name, orDash(m.System.Source.Name), orDash(m.System.Target.Name))
	}
	width := nameWidth(m)
	if d.plain {
		for i, p := range m.Job.Details {
			key := rowKey(i, p)
			line := fmt.Sprintf("%-*s  %-10s %5s  %s", width, rowName(p), p.ProgressInfo.Status.Phase(), percentText(p.ProgressInfo), message(p.ProgressInfo))
			if d.seen[key] != line {
				d.seen[key] = line
				fmt.Fprintf(d.w, "[%6.1fs] %s\n", time.Since(d.start).Seconds(), line)
			}
		}
		return
	}
	var b strings.Builder
	if d.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", d.drawn) // back to the first row
	}
	for _, p := range m.Job.Details {
		fmt.Fprintf(&b, "\r\x1b[2K  %-*s %s %5s  %-10s %s\n", width, rowName(p), bar(p.ProgressInfo), percentText(p.ProgressInfo),
			p.ProgressInfo.Status.Phase(), message(p.ProgressInfo))
	}
	if pr := m.Job.Progress; pr != nil && pr.Status != "" {
		fmt.Fprintf(&b, "\r\x1b[2K  %-*s %s %5s  %-10s %s\n", width, "(job)", bar(*pr), percentText(*pr), pr.Status.Phase(), message(*pr))
	}
	d.drawn = strings.Count(b.String(), "\n")
	_, _ = io.WriteString(d.w, b.String())
}

func bar(p zdm.ProgressInfo) string {
	pct, ok := p.PercentValue()
	if !ok {
		return "[" + strings.Repeat("·", barWidth) + "]"
	}
	filled := int(min(pct, 100) / 100 * barWidth)
	return "[" + strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled) + "]"
}

func percentText(p zdm.ProgressInfo) string {
	pct, ok := p.PercentValue()
	if !ok {
		return "-"
	}
	return strconv.FormatFloat(pct, 'f', 0, 64) + "%"
}

func message(p zdm.ProgressInfo) string {
	if m := strings.TrimSpace(p.Message); m != "" && m != "-" {
		return m
	}
	return ""
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
		w = max(w, len(rowName(p)))
	}
	return w
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// printSummary prints one line per partition: status, elapsed, end.
func printSummary(w io.Writer, job string, m *zdm.JobMonitoring, took time.Duration) {
	name := m.Job.Info.Name
	if name == "" {
		name = job
	}
	fmt.Fprintf(w, "\nRecovery %q (%s -> %s), watched for %s:\n", name, orDash(m.System.Source.Name), orDash(m.System.Target.Name), took.Round(100*time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  PARTITION\tSTATUS\tELAPSED\tEND\tMESSAGE")
	for _, p := range m.Job.Details {
		pi := p.ProgressInfo
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", rowName(p), statusText(pi.Status), elapsedText(pi), endText(pi), message(pi))
	}
	_ = tw.Flush()
}

// statusText is the phase, with the server's own word when it differs.
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
	h := int(d.Hours())
	return fmt.Sprintf("%02d:%02d:%02d", h, int(d.Minutes())%60, int(d.Seconds())%60)
}

func endText(p zdm.ProgressInfo) string {
	t, ok := p.EndTime()
	if !ok {
		return orDash(p.End)
	}
	return t.Local().Format("2006-01-02 15:04:05 MST")
}
