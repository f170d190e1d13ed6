package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// printHistory prints the newest history row of the recovery job: how
// the run ended, what it restored and when. Servers before 1.1.0 keep
// no histories: that is said, and is no failure.
func printHistory(ctx context.Context, w io.Writer, c *zdm.Client, center, job string) {
	rows, _, err := c.Recoveries.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: job, Center: center,
		Sort: zdm.SortDescending, ListOptions: zdm.ListOptions{Limit: 1}})
	fmt.Fprintln(w)
	switch {
	case errors.Is(err, zdm.ErrEndpointNotFound), errors.Is(err, zdm.ErrNotFound):
		fmt.Fprintln(w, "No history row: this server keeps no recovery histories (before 1.1.0).")
		return
	case err != nil:
		for _, l := range termtext.Wrap("", "", "No history row: "+zdm.Printable(strings.TrimPrefix(err.Error(), "zdm: ")), termtext.LineWidth) {
			fmt.Fprintln(w, l)
		}
		return
	case len(rows) == 0:
		fmt.Fprintln(w, "No history row yet for "+zdm.Printable(job)+".")
		return
	}
	h, p := rows[0], zdm.Printable
	lines := []string{
		fmt.Sprintf("History row %d: %s", h.ID, p(h.Result.Status)),
		fmt.Sprintf("  %s: %s -> %s (%s)", p(h.Job.Name), p(h.System.Name), p(h.Job.RecoverySystemName),
			p(strings.Join(h.Job.RecoverDrive, ", "))),
		"  " + span(h.Time),
	}
	if d := p(strings.TrimSpace(h.Result.Description)); d != "" && d != "-" {
		lines = append(lines, "  "+d)
	}
	for _, l := range lines {
		fmt.Fprintln(w, termtext.Cut(l, termtext.LineWidth, termtext.End))
	}
}

// span is when a run started and ended, in the zone the server gave
// (labelled with its offset), and how long it took.
func span(t zdm.TimeInfo) string {
	start, ok1 := t.StartTime()
	end, ok2 := t.EndTime()
	if !ok1 || !ok2 {
		p := zdm.Printable
		return fmt.Sprintf("%s to %s, took %s", p(t.Start), p(t.End), p(t.Elapsed))
	}
	end = end.In(start.Location())
	until := end.Format("2006-01-02 15:04:05")
	if end.Format("2006-01-02") == start.Format("2006-01-02") {
		until = end.Format("15:04:05")
	}
	return fmt.Sprintf("%s to %s (%s), took %s", start.Format("2006-01-02 15:04:05"), until, start.Format("-07:00"), zdm.Printable(t.Elapsed))
}
