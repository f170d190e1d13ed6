package main

import (
	"strconv"

	"github.com/zdmkit/go-zdm"
)

// plural is "1 poll", "2 polls".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// cleanSnapshot is a copy of m with the server's text made printable
// (zdm.Printable), for display.
func cleanSnapshot(m *zdm.JobMonitoring) *zdm.JobMonitoring {
	clean := zdm.Printable
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
	clean := zdm.Printable
	p.Status = zdm.Status(clean(string(p.Status)))
	p.Percent, p.Message = clean(p.Percent), clean(p.Message)
	p.Start, p.Elapsed, p.End = clean(p.Start), clean(p.Elapsed), clean(p.End)
}
