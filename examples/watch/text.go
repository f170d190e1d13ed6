package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// wrap breaks first+s into lines of at most width columns at spaces,
// the lines after the first starting with indent. Spacing inside a line
// is kept; a word longer than a line is cut.
func wrap(first, indent, s string, width int) []string {
	var lines []string
	line := first + s
	for termtext.Width(line) > width {
		lead := len(first)
		if len(lines) > 0 {
			lead = len(indent)
		}
		cut := -1 // the last space that leaves the line within width
		used := 0
		for i, r := range line {
			used += termtext.RuneWidth(r)
			if used > width {
				break
			}
			if r == ' ' && i > lead {
				cut = i
			}
		}
		if cut < 0 {
			lines = append(lines, termtext.Cut(line, width, termtext.End))
			return lines
		}
		lines = append(lines, strings.TrimRight(line[:cut], " "))
		line = indent + strings.TrimLeft(line[cut:], " ")
	}
	return append(lines, line)
}

// plural is "1 poll", "2 polls".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// clean escapes what a terminal would act on in text that came from the
// server: control characters (ESC sequences, CR, LF, BEL) and invisible
// format characters such as bidirectional overrides show as Go escapes
// ("\x1b", "\u202e"), so a server cannot redraw the screen or reorder
// what is shown.
func clean(s string) string {
	if strings.IndexFunc(s, hidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// cleanSnapshot is a copy of m with the server's text cleaned, for display.
func cleanSnapshot(m *zdm.JobMonitoring) *zdm.JobMonitoring {
	c := m.Clone()
	c.System.Source.Name, c.System.Target.Name = clean(c.System.Source.Name), clean(c.System.Target.Name)
	c.Job.Info.Name = clean(c.Job.Info.Name)
	for i, l := range c.Job.Log {
		c.Job.Log[i] = clean(l)
	}
	for i := range c.Job.Details {
		d := &c.Job.Details[i]
		d.Partition, d.Drive, d.BackupFile = clean(d.Partition), clean(d.Drive), clean(d.BackupFile)
		cleanProgress(&d.ProgressInfo)
	}
	if c.Job.Progress != nil {
		cleanProgress(c.Job.Progress)
	}
	return c
}

func cleanProgress(p *zdm.ProgressInfo) {
	p.Status = zdm.Status(clean(string(p.Status)))
	p.Percent, p.Message = clean(p.Percent), clean(p.Message)
	p.Start, p.Elapsed, p.End = clean(p.Start), clean(p.Elapsed), clean(p.End)
}
