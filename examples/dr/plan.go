package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/examples/internal/termtext"
)

// imagesOf reads the images the plan names, by file name, for the
// table: their creation times and sizes. An image that cannot be read
// again is shown without them.
func imagesOf(ctx context.Context, c *zdm.Client, s settings, plan *zdm.CreateRecoveryRequest) map[string]*zdm.BackupImage {
	wanted := map[string]bool{}
	for _, m := range plan.Partitions {
		wanted[m.BackupFile] = true
	}
	out := map[string]*zdm.BackupImage{}
	for img, err := range c.Backups.ListAllImages(ctx, &zdm.ListBackupImagesOptions{Server: s.source, Center: s.center}) {
		if err != nil {
			break
		}
		if wanted[img.Name] {
			out[img.Name] = img
		}
	}
	return out
}

// gap is the space between the plan table's columns.
const gap = "  "

// printPlan shows the plan: a line saying what is recovered onto what,
// and a table of one row per partition (source -> target, the backup
// job, the image file, when it was created, its size), within
// termtext.LineWidth columns: long names are cut in the middle, where a
// file name holds least.
func printPlan(w io.Writer, s settings, plan *zdm.CreateRecoveryRequest, images map[string]*zdm.BackupImage) {
	from := "the newest backups"
	if !s.before.IsZero() {
		from += " at or before " + s.before.Format(time.RFC3339)
	}
	p := zdm.Printable
	for _, l := range termtext.Wrap("", "", fmt.Sprintf("Plan: recover %s onto %s (center %s, platform %s) from %s:",
		p(plan.Source), p(plan.Target), p(plan.Center), p(string(plan.Platform)), from), termtext.LineWidth) {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)

	var zone *time.Location
	for _, m := range plan.Partitions {
		if img := images[m.BackupFile]; img != nil && zone == nil {
			if t, ok := img.CreatedTime(); ok {
				zone = t.Location()
			}
		}
	}
	created := "CREATED"
	if zone != nil {
		created += " (" + time.Date(2000, 1, 1, 0, 0, 0, 0, zone).Format("-07:00") + ")"
	}
	rows := [][]string{{"PARTITION", "BACKUP JOB", "IMAGE FILE", created, "SIZE"}}
	for _, m := range plan.Partitions {
		when, size := "-", "-"
		if img := images[m.BackupFile]; img != nil {
			if t, ok := img.CreatedTime(); ok {
				when = t.In(zone).Format("2006-01-02 15:04")
			}
			if img.Size.Bytes > 0 || img.Size.Formatted != "" {
				size = img.Size.String()
			}
		}
		rows = append(rows, []string{p(m.SourcePartition) + " -> " + p(m.TargetPartition),
			p(m.BackupJob), p(m.BackupFile), when, p(size)})
	}
	widths := fitColumns(rows, termtext.LineWidth)
	cuts := []termtext.Where{termtext.Middle, termtext.Middle, termtext.Start, termtext.End, termtext.End}
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, cell := range r {
			cell = termtext.Cut(cell, widths[i], cuts[i])
			if i == len(r)-1 { // the size, to the right
				cells[i] = termtext.PadLeft(cell, widths[i])
			} else {
				cells[i] = termtext.Pad(cell, widths[i])
			}
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(cells, gap), " "))
	}
}

// fitColumns gives each column its widest cell, then, while the table
// is wider than room, takes a column from the wider of the backup job
// and the image file (down to 16 each), then from the partitions (down
// to 12).
func fitColumns(rows [][]string, room int) []int {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], termtext.Width(cell))
		}
	}
	total := len(gap) * (len(widths) - 1)
	for _, n := range widths {
		total += n
	}
	for ; total > room; total-- {
		switch {
		case widths[1] > 16 && widths[1] >= widths[2]:
			widths[1]--
		case widths[2] > 16:
			widths[2]--
		case widths[0] > 12:
			widths[0]--
		default:
			return widths // as narrow as it gets
		}
	}
	return widths
}
