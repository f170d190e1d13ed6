package zdmtest

import (
	"strconv"
	"time"
)

// render builds the data of a monitoring answer for the rows selected
// (indexes into states). Guarded by srv.mu.
func (s *Server) render(j *Job, states []rowState, rows []int, detail bool, now time.Time) obj {
	if s.cfg.dialect == DialectV3 {
		return s.renderV3(j, states, rows, detail, now)
	}
	return s.renderClassic(j, states, rows, detail, now)
}

// renderClassic is the draft API's and 1.x/2.x's shape: system + job.details.
func (s *Server) renderClassic(j *Job, states []rowState, rows []int, detail bool, now time.Time) obj {
	info := obj{{"name", j.name}}
	if detail {
		info = append(info, field{"platform", orDash(j.spec.Platform)}, field{"mode", string(j.spec.Mode)})
	}
	out := make([]obj, 0, len(rows))
	for _, i := range rows {
		out = append(out, s.classicRow(&j.rows[i].spec, states[i], detail, now))
	}
	return obj{
		{"system", obj{{"source", machine(j.spec.Source, detail)}, {"target", machine(j.spec.Target, detail)}}},
		{"job", obj{{"info", info}, {"log", logLines(j.log)}, {"details", out}}},
	}
}

func machine(m Machine, detail bool) obj {
	o := obj{{"name", m.Name}}
	if detail {
		o = append(o,
			field{"os", orDash(m.OS)},
			field{"agent", orDash(m.Agent)},
			field{"ip", obj{{"public", orNull(m.PublicIP)}, {"private", append([]string{}, m.PrivateIPs...)}}},
		)
	}
	return o
}

// classicRow is one of job.details: Linux rows name their partition,
// Windows rows their drive; with detail (and always on 1.x/2.x) the other
// key is sent as null.
func (s *Server) classicRow(p *PartitionSpec, st rowState, detail bool, now time.Time) obj {
	var o obj
	if s.cfg.dialect == DialectDraft && !detail {
		if p.Partition != "" {
			o = obj{{"partition", p.Partition}}
		} else {
			o = obj{{"drive", p.Drive}}
		}
	} else {
		o = obj{{"partition", orNull(p.Partition)}, {"drive", orNull(p.Drive)}}
	}
	if detail {
		o = append(o,
			field{"device", orDash(p.Device)},
			field{"mode", string(p.Mode)},
			field{"backup", obj{{"jobName", orNull(p.BackupJob)}, {"fileName", orNull(p.BackupFile)}}},
			field{"repository", obj{
				{"id", repositoryID(p.Repository.ID)},
				{"type", orDash(p.Repository.Type)},
				{"path", orDash(p.Repository.Path)},
			}},
		)
	}
	end := st.end
	if st.phase == PhaseRebooting {
		end = time.Time{} // still running: the copy's end is not the row's
	}
	return append(o, field{"progressInfo", obj{
		{"status", s.cfg.spell(st.phase)},
		{"percent", s.cfg.percent(st)},
		{"message", s.cfg.describe(st, "Recovery")},
		{"start", s.cfg.formatTime(st.start)},
		{"elapsed", elapsed(st.start, end, now)},
		{"end", s.cfg.formatTime(end)},
	}})
}

// repositoryID is the id as servers send it: a string, "-" when unknown.
func repositoryID(id int) string {
	if id == 0 {
		return "-"
	}
	return strconv.Itoa(id)
}

// renderV3 is the 3.0.0 shape: job.info, job.progress.partitions,
// job.timeInfo, and job.log with detail only.
func (s *Server) renderV3(j *Job, states []rowState, rows []int, detail bool, now time.Time) obj {
	return obj{{"job", s.v3Job(j, states, rows, detail, now)}}
}

// v3Job is one job of a 3.0.0 monitoring answer; detail adds the rows'
// metadata and the job log.
func (s *Server) v3Job(j *Job, states []rowState, rows []int, detail bool, now time.Time) obj {
	parts := make([]obj, 0, len(rows))
	for _, i := range rows {
		parts = append(parts, s.v3Row(&j.rows[i].spec, states[i], detail, now))
	}
	agg := j.overall(states)
	msg := s.cfg.describe(agg, "Recovery")
	if agg.phase == PhaseRebooting {
		msg = "Rebooting target server"
	}
	pct := s.cfg.percent(agg)
	job := obj{
		{"info", obj{{"id", j.id}, {"name", j.name}, {"source", j.spec.Source.Name}, {"target", j.spec.Target.Name}}},
		{"progress", obj{
			{"status", s.cfg.spell(agg.phase)},
			{"percent", pct},
			{"message", msg},
			{"partitions", parts},
		}},
		{"timeInfo", s.timeInfo(agg.start, agg.end, now)},
	}
	if detail {
		job = append(job, field{"log", logLines(j.log)})
	}
	return job
}

// v3Row is one of job.progress.partitions. A row in its reboot phase has
// finished copying: it shows Complete, and the job shows Processing.
func (s *Server) v3Row(p *PartitionSpec, st rowState, detail bool, now time.Time) obj {
	if st.phase == PhaseRebooting {
		st.phase, st.message = PhaseCompleted, ""
	}
	if st.phase == PhaseScheduled && st.start.IsZero() {
		st.phase = PhasePending // a row that never ran is Registered
	}
	o := obj{{"partition", p.Partition}}
	if p.Partition == "" {
		o = obj{{"drive", p.Drive}}
	}
	o = append(o,
		field{"backupFile", orDash(p.BackupFile)},
		field{"status", s.cfg.spell(st.phase)},
		field{"percent", s.cfg.percent(st)},
		field{"message", s.cfg.describe(st, "Recovery")},
		field{"timeInfo", s.timeInfo(st.start, st.end, now)},
	)
	if detail {
		o = append(o,
			field{"targetDisk", orDash(p.TargetDisk)},
			field{"size", orDash(p.Size)},
			field{"mode", string(p.Mode)},
			field{"diskNumber", p.DiskNumber},
			field{"overwrite", p.Overwrite},
		)
	}
	return o
}

func (s *Server) timeInfo(start, end, now time.Time) obj {
	return obj{
		{"start", s.cfg.formatTime(start)},
		{"elapsed", elapsed(start, end, now)},
		{"end", s.cfg.formatTime(end)},
	}
}

// elapsed is "hh:mm:ss" from start to end (or now), "-" before the start.
func elapsed(start, end, now time.Time) string {
	if start.IsZero() {
		return "-"
	}
	if end.IsZero() {
		end = now
	}
	return formatElapsed(end.Sub(start))
}

// percent renders a row's percent; rows that have not started show "0%"
// on the draft dialect and "-" on released ones.
func (c *Settings) percent(st rowState) string {
	if (st.phase == PhasePending || st.phase == PhaseScheduled && st.start.IsZero()) && c.dialect != DialectDraft {
		return "-"
	}
	return strconv.Itoa(st.percent) + "%"
}

// aggregate is the job-level progress 3.0.0 sends beside the rows: the
// phase of the whole job, the mean percent, the earliest start and, once
// every row finished, the latest end. Rebooting stands for "every row
// copied, the target is rebooting" (shown as Processing at 100%).
func aggregate(states []rowState) rowState {
	agg := rowState{phase: PhasePending, step: -1}
	if len(states) == 0 {
		return agg
	}
	var has [phaseCount]bool
	sum, finished := 0, 0
	for _, st := range states {
		has[st.phase] = true
		pct := st.percent
		if st.phase == PhaseRebooting || st.phase == PhaseCompleted || st.phase == PhaseScheduled {
			pct = 100
		}
		sum += pct
		if st.phase.finished() {
			finished++
			if st.end.After(agg.end) {
				agg.end = st.end
			}
		}
		if !st.start.IsZero() && (agg.start.IsZero() || st.start.Before(agg.start)) {
			agg.start = st.start
		}
	}
	agg.percent = sum / len(states)
	started := finished > 0 || has[PhaseRebooting]
	switch {
	case finished == len(states):
		switch {
		case has[PhaseFailed]:
			agg.phase = PhaseFailed
		case has[PhaseCanceled]:
			agg.phase = PhaseCanceled
		case has[PhaseScheduled]:
			agg.phase = PhaseScheduled
		default:
			agg.phase = PhaseCompleted
		}
	case has[PhaseCanceling]:
		agg.phase = PhaseCanceling
	case has[PhaseRunning]:
		agg.phase = PhaseRunning
	case has[PhasePreparing] && !started:
		agg.phase = PhasePreparing
	case has[PhasePending] && !has[PhasePreparing] && !started:
		agg.phase, agg.percent = PhasePending, 0
	case has[PhaseRebooting] && !has[PhasePending] && !has[PhasePreparing]:
		agg.phase = PhaseRebooting
	default:
		agg.phase = PhaseRunning
	}
	if !agg.phase.finished() {
		agg.end = time.Time{}
	}
	for _, st := range states {
		if st.phase == agg.phase && st.message != "" {
			agg.message = st.message
			break
		}
	}
	return agg
}

// logLines is the job log as sent: a list, never null, as the servers do.
func logLines(log []string) []string {
	out := make([]string, len(log))
	copy(out, log)
	return out
}
