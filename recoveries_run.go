package zdm

import (
	"context"
	"errors"
	"strings"
)

// Start starts a recovery job now: PUT {api}/recoveries/{identifier} with
// status "start" (state "start" on seed-era servers). center is the job's
// center (ID or name), required by 2.0.x and 3.0.0 servers; "" sends none.
//
// Starting while another recovery runs on the same target is an *APIError
// matching ErrConflict (3.0.0's JOB-ERROR-64). A start whose answer was
// lost matches ErrOutcomeUnknown and is not resent.
func (s *RecoveriesService) Start(ctx context.Context, identifier, center string) (*UpdateRecoveryResult, *Response, error) {
	return s.setRunState(ctx, identifier, center, "start")
}

// Stop stops a running recovery job: PUT {api}/recoveries/{identifier}
// with status "stop" (state "cancel" on seed-era servers). center is as
// for Start. Servers never refuse a stop as a conflict.
func (s *RecoveriesService) Stop(ctx context.Context, identifier, center string) (*UpdateRecoveryResult, *Response, error) {
	return s.setRunState(ctx, identifier, center, "stop")
}

func (s *RecoveriesService) setRunState(ctx context.Context, identifier, center, word string) (*UpdateRecoveryResult, *Response, error) {
	c, err := s.clientFor(identifier)
	if err != nil {
		return nil, nil, err
	}
	gen := c.writeGeneration(ctx)
	switch {
	case center != "":
		if err := required("center", center); err != nil {
			return nil, nil, err
		}
	case gen == GenerationV3:
		return nil, nil, invalidArg("center is required by %s servers: the job's center ID or name", gen)
	}
	body := &wireUpdateRequest{Center: center}
	if gen == GenerationSeed || (gen == GenerationAuto && c.guessGeneration() == GenerationSeed) {
		// The seed draft's field and words: state, with "cancel" for stop.
		body.State = map[string]string{"start": "start", "stop": "cancel"}[word]
	} else {
		body.Status = word
	}
	return s.put(ctx, identifier, body)
}

// jobRunner is what Run needs: start a job, watch it, and read its
// histories. *RecoveriesService implements it; tests hand runJob a fake.
type jobRunner interface {
	jobMonitor
	Start(ctx context.Context, identifier, center string) (*UpdateRecoveryResult, *Response, error)
	ListHistories(ctx context.Context, opts *ListHistoriesOptions) ([]*RecoveryHistory, *Response, error)
}

// Run starts a recovery job (see [RecoveriesService.Start]) and waits for
// the run it started (see [RecoveriesService.Watch]): its outcomes are
// Watch's. A run that ends canceled matches ErrJobCanceled beside
// ErrJobFailed.
//
// Servers go on showing the previous run for a while after a start, so a
// partition that had already finished counts as finished again only once
// it shows it belongs to the new run: a start or end time other than the
// previous run's, or a state other than finished seen since the start, or
// (for a run that starts and ends between two polls and leaves no other
// trace) a history row written after the start. A server that never shows
// the new run keeps Run polling until ctx ends.
//
// Nothing is started when the identifier or the options are invalid, or
// when the first snapshot fails for any reason but ErrNotFound. An error
// from Start is returned as it is (ErrConflict for a busy target,
// ErrOutcomeUnknown when the start may have been taken; it is never
// resent).
func (s *RecoveriesService) Run(ctx context.Context, identifier, center string, wopts *WatchOptions) (*JobMonitoring, error) {
	if s == nil || s.client == nil {
		return nil, errNoClient
	}
	return runJob(ctx, s, identifier, center, wopts)
}

func runJob(ctx context.Context, r jobRunner, identifier, center string, wopts *WatchOptions) (*JobMonitoring, error) {
	if ctx == nil {
		return nil, invalidArg("Run: nil context")
	}
	w, err := newWatcher(r, identifier, nil, wopts)
	if err != nil {
		return nil, err
	}
	before, _, err := r.MonitorJob(ctx, identifier, nil)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	g := newRunGate(ctx, r, before, identifier, w.doneDetail)
	if _, _, err := r.Start(ctx, identifier, center); err != nil {
		return nil, err
	}
	w.gate = g.fresh
	return w.run(ctx)
}

// runGate tells the run Run started from the one a server still shows.
type runGate struct {
	ctx      context.Context
	r        jobRunner
	finished func(PartitionProgress) bool
	before   map[string]ProgressInfo // finished rows before the start, by key
	jobPrev  *ProgressInfo           // the finished job-level progress before the start
	left     map[string]bool         // rows seen unfinished since the start
	jobLeft  bool                    // the job-level progress seen unfinished
	proven   bool                    // a history row proved the run ended

	jobName      string // for the history check; "" disables it
	histories    bool
	historyMax   int64
	historyTotal int
}

func runKey(d PartitionProgress) string { return d.Name() + "\x00" + d.BackupFile }

func newRunGate(ctx context.Context, r jobRunner, before *JobMonitoring, identifier string, finished func(PartitionProgress) bool) *runGate {
	g := &runGate{ctx: ctx, r: r, finished: finished, before: map[string]ProgressInfo{}, left: map[string]bool{}}
	if before != nil {
		for _, d := range before.Job.Details {
			if finished(d) {
				g.before[runKey(d)] = d.ProgressInfo
			}
		}
		if p := before.Job.Progress; p != nil && p.finished() {
			prev := *p
			g.jobPrev = &prev
		}
		g.jobName = before.Job.Info.Name
	}
	if g.jobName == "" && !allDigits(identifier) {
		g.jobName = identifier
	}
	if g.jobName != "" && (len(g.before) > 0 || g.jobPrev != nil) {
		// Only a job that shows a finished run needs the history check.
		g.historyMax, g.historyTotal, g.histories = g.readHistories()
		if !g.histories && g.ctx.Err() == nil {
			// One more try: a transient failure would otherwise leave a
			// run that starts and ends between two polls unprovable.
			g.historyMax, g.historyTotal, g.histories = g.readHistories()
		}
	}
	return g
}

// readHistories reads the job's newest history row ID and row count; ok
// is false when the server has no histories (before 1.1.0) or failed.
func (g *runGate) readHistories() (maxID int64, total int, ok bool) {
	rows, resp, err := g.r.ListHistories(g.ctx, &ListHistoriesOptions{
		JobName: g.jobName, Sort: SortDescending, ListOptions: ListOptions{Limit: 20},
	})
	if err != nil {
		return 0, 0, false
	}
	total = len(rows)
	if resp != nil && resp.Pagination != nil {
		total = resp.Pagination.TotalItems
	}
	for _, h := range rows {
		maxID = max(maxID, h.ID)
	}
	return maxID, total, true
}

// fresh is the watch's gate: false while the snapshot may still show the
// previous run as finished.
func (g *runGate) fresh(snap *JobMonitoring) bool {
	for _, d := range snap.Job.Details {
		if !g.finished(d) {
			g.left[runKey(d)] = true
		}
	}
	if p := snap.Job.Progress; p != nil && !p.finished() {
		g.jobLeft = true
	}
	if g.proven {
		return true
	}
	// A finished job-level progress (3.0.0) that is not the previous
	// run's proves the new run, whatever rows without times show.
	if p := snap.Job.Progress; p != nil && p.finished() && (g.jobPrev == nil || g.jobLeft || !sameRun(*g.jobPrev, *p)) {
		return true
	}
	stale := false
	for _, d := range snap.Job.Details {
		if g.finished(d) && g.staleRow(d) {
			stale = true
			break
		}
	}
	if p := snap.Job.Progress; !stale && p != nil && p.finished() && g.jobPrev != nil && !g.jobLeft && sameRun(*g.jobPrev, *p) {
		stale = true
	}
	if !stale {
		return true
	}
	// Everything finished as before: a run that started and ended between
	// two polls shows only in the histories.
	if g.histories && snap.Job.doneWith(g.finished, false) {
		if maxID, total, ok := g.readHistories(); ok && (maxID > g.historyMax || total > g.historyTotal) {
			g.proven = true
			return true
		}
	}
	return false
}

// staleRow reports whether a finished row may be the previous run's: it
// was finished before the start with the same times, and has not been
// seen unfinished since.
func (g *runGate) staleRow(d PartitionProgress) bool {
	k := runKey(d)
	prev, ok := g.before[k]
	return ok && !g.left[k] && sameRun(prev, d.ProgressInfo)
}

// sameRun reports whether two finished progresses show the same run: the
// same start and end (as instants where they parse).
func sameRun(a, b ProgressInfo) bool {
	return sameTime(a.Start, b.Start) && sameTime(a.End, b.End)
}

func sameTime(a, b string) bool {
	ta, oka := ParseTime(a, nil)
	tb, okb := ParseTime(b, nil)
	if oka && okb {
		return ta.Equal(tb)
	}
	if oka != okb {
		return false
	}
	return strings.TrimSpace(a) == strings.TrimSpace(b) || (!given(a) && !given(b))
}
