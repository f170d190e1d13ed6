package zdm

import (
	"context"
	"errors"
)

// Start starts a recovery job now: PUT {api}/recoveries/{identifier} with
// status "start" (state "start" on the draft API (/api/v1)). center is the job's
// center (ID or name), required by 2.0.x and 3.0.0 servers; "" sends none.
//
// Starting while another recovery runs on the same target is an *APIError
// matching ErrConflict (3.0.0's JOB-ERROR-64). A start whose answer was
// lost matches ErrOutcomeUnknown and is not resent.
func (s *RecoveriesService) Start(ctx context.Context, identifier, center string) (*UpdateRecoveryResult, *Response, error) {
	return runState(ctx, recoveryFamily, (*service)(s), identifier, center, "start", s.put)
}

// Stop stops a running recovery job: PUT {api}/recoveries/{identifier}
// with status "stop" (state "cancel" on the draft API). center is as
// for Start. Servers never refuse a stop as a conflict.
func (s *RecoveriesService) Stop(ctx context.Context, identifier, center string) (*UpdateRecoveryResult, *Response, error) {
	return runState(ctx, recoveryFamily, (*service)(s), identifier, center, "stop", s.put)
}

// recoveryJobs is what Run needs of recovery jobs: *RecoveriesService,
// or a test's fake.
type recoveryJobs interface {
	jobMonitor
	Start(ctx context.Context, identifier, center string) (*UpdateRecoveryResult, *Response, error)
	ListHistories(ctx context.Context, opts *ListHistoriesOptions) ([]*RecoveryHistory, *Response, error)
}

// recoveryRunner runs recovery jobs (see jobRunner).
type recoveryRunner struct{ recoveryJobs }

func (r recoveryRunner) startRun(ctx context.Context, identifier, center string) error {
	_, _, err := r.Start(ctx, identifier, center)
	return err
}

func (r recoveryRunner) newestRun(ctx context.Context, identifier, center string) (int64, int, error) {
	h := &ListHistoriesOptions{Center: center, Sort: SortDescending, ListOptions: runProbe}
	h.JobID, h.JobName = jobRef(identifier)
	rows, resp, err := r.ListHistories(ctx, h)
	return newestRun(rows, resp, err, func(h *RecoveryHistory) int64 { return h.ID })
}

// jobRunner is what Run needs of a job family: its monitoring (seen as a
// JobMonitoring, see jobMonitor), a start, and the newest row of a job's
// histories with their count (an error when the server has none).
type jobRunner interface {
	jobMonitor
	startRun(ctx context.Context, identifier, center string) error
	newestRun(ctx context.Context, identifier, center string) (maxID int64, total int, err error)
}

// Run starts a recovery job (see [RecoveriesService.Start]) and waits for
// the run it started (see [RecoveriesService.Watch]): its outcomes are
// Watch's. A run that ends canceled matches ErrJobCanceled beside
// ErrJobFailed. center, when given, scopes everything Run sends: the start,
// every poll and every history lookup, so that a job of the same name in
// another center is never started or watched.
//
// Servers go on showing the previous run for a while after a start, so a
// partition that had already finished counts as finished again only once
// it shows it belongs to the new run: a start or end time other than the
// previous run's, or a state other than finished seen since the start, or
// (for rows that carry no times, when a run starts and ends between two
// polls) a history row written after the start. A row showing the very
// times it showed before the start is never the new run once the server
// has shown the new run's times. Times are compared as the server's clock
// wrote them, whatever zone the client learnt meanwhile. A server that
// never shows the new run keeps Run polling until ctx ends.
//
// Nothing is started when the identifier, center or options are invalid,
// or when the first snapshot fails for any reason but ErrNotFound. An
// error from Start is returned as it is (ErrConflict for a busy target,
// ErrOutcomeUnknown when the start may have been taken; it is never
// resent).
func (s *RecoveriesService) Run(ctx context.Context, identifier, center string, wopts *WatchOptions) (*JobMonitoring, error) {
	c, err := s.checked()
	if err != nil {
		return nil, err
	}
	return runWith(ctx, c, recoveryRunner{s}, recoveryFamily, identifier, center, wopts)
}

// runJob is Run of a recovery job through r.
func runJob(ctx context.Context, r recoveryJobs, identifier, center string, wopts *WatchOptions) (*JobMonitoring, error) {
	return runWith(ctx, nil, recoveryRunner{r}, recoveryFamily, identifier, center, wopts)
}

// runWith is Run of a job of f through r; c, when not nil, gives the
// default poll intervals.
func runWith(ctx context.Context, c *Client, r jobRunner, f *family, identifier, center string, wopts *WatchOptions) (*JobMonitoring, error) {
	if ctx == nil {
		return nil, invalidArg("Run: nil context")
	}
	var opts *MonitorJobOptions
	if center != "" {
		opts = &MonitorJobOptions{Center: center}
	}
	w, err := newWatcher(c, r, f, identifier, opts, wopts)
	if err != nil {
		return nil, err
	}
	before, _, err := r.MonitorJob(ctx, identifier, opts)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	g := newRunGate(ctx, r, before, identifier, center, w.doneDetail)
	if err := r.startRun(ctx, identifier, center); err != nil {
		return nil, err
	}
	w.gate = g.fresh
	return w.run(ctx)
}

// runGate tells the run Run started from the one a server still shows.
// Rows are told apart by runKey; the 3.0.0 job-level progress is the row
// under jobKey.
type runGate struct {
	ctx      context.Context
	r        jobRunner
	finished func(PartitionProgress) bool
	prev     map[string]runTimes // the finished rows before the start
	left     map[string]bool     // rows seen unfinished since the start
	moved    map[string]bool     // rows seen since the start with times other than prev's
	proven   bool                // a history row proved that a run ended

	job          [2]string // the identifier and center of the job's histories
	history      bool      // the job's histories can be read
	historyMax   int64
	historyTotal int
}

const jobKey = "\x00job"

func runKey(d PartitionProgress) string { return d.Name() + "\x00" + d.BackupFile }

// runTimes are a row's start and end as the server's clock wrote them
// (see wallClock); "" when not given.
type runTimes struct{ start, end string }

func timesOf(p ProgressInfo) runTimes {
	return runTimes{wallClock(p.Start), wallClock(p.End)}
}

func newRunGate(ctx context.Context, r jobRunner, before *JobMonitoring, identifier, center string, finished func(PartitionProgress) bool) *runGate {
	g := &runGate{ctx: ctx, r: r, finished: finished, prev: map[string]runTimes{}, left: map[string]bool{}, moved: map[string]bool{}}
	if before != nil {
		for _, d := range before.Job.Details {
			if finished(d) {
				g.prev[runKey(d)] = timesOf(d.ProgressInfo)
			}
		}
		if p := before.Job.Progress; p != nil && p.finished() {
			g.prev[jobKey] = timesOf(*p)
		}
	}
	if len(g.prev) == 0 {
		return g // only a job that shows a finished run needs the history check
	}
	g.job = [2]string{identifier, center}
	var ok bool
	if g.historyMax, g.historyTotal, ok = g.readHistories(); !ok && ctx.Err() == nil {
		// One more try: a transient failure would otherwise leave a run
		// that starts and ends between two polls unprovable.
		g.historyMax, g.historyTotal, ok = g.readHistories()
	}
	g.history = ok
	return g
}

// readHistories reads the job's newest history row ID and row count; ok
// is false when the server has no histories (before 1.1.0) or failed.
func (g *runGate) readHistories() (maxID int64, total int, ok bool) {
	maxID, total, err := g.r.newestRun(g.ctx, g.job[0], g.job[1])
	return maxID, total, err == nil
}

// The verdicts on a finished row.
const (
	runNew      = iota // the run Run started
	runUnproven        // no times to tell by: the histories may prove it
	runStale           // the previous run's
)

// fresh is the watch's gate: false while the snapshot may still show the
// previous run as finished.
func (g *runGate) fresh(snap *JobMonitoring) bool {
	worst := runNew
	for _, d := range snap.Job.Details {
		if v := g.observe(runKey(d), d.ProgressInfo, g.finished(d)); v > worst {
			worst = v
		}
	}
	jobNew := false
	if p := snap.Job.Progress; p != nil {
		v := g.observe(jobKey, *p, p.finished())
		if v == runStale { // the previous run's job-level times hold the rows back
			worst = runStale
		}
		jobNew = p.finished() && v == runNew
	}
	switch {
	case worst == runStale:
		return false
	case worst == runNew, jobNew:
		// Every finished row is the new run's; or a finished job-level
		// progress (3.0.0) of the new run proves it, whatever rows without
		// times show.
		return true
	case g.proven:
		return true
	}
	// Rows without times, finished as before: a run that started and
	// ended between two polls shows only in the histories.
	if g.history && snap.Job.doneWith(g.finished, false) {
		if maxID, total, ok := g.readHistories(); ok && (maxID > g.historyMax || total > g.historyTotal) {
			g.proven = true
			return true
		}
	}
	return false
}

// observe records what one row (or the job, under jobKey) shows now, and
// judges it when it is finished: the new run's, the previous run's, or
// unproven. An unfinished row is the new run's.
func (g *runGate) observe(k string, p ProgressInfo, finished bool) int {
	cur := timesOf(p)
	prev, had := g.prev[k]
	differs := had && (cur.start != "" && cur.start != prev.start || cur.end != "" && cur.end != prev.end)
	if differs {
		g.moved[k] = true
	}
	if !finished {
		g.left[k] = true
		return runNew
	}
	switch {
	case !had, differs:
		return runNew // not finished before, or other times: a new run
	case cur == prev && cur != runTimes{}:
		// The times it showed before the start. It is the new run only on
		// a server that keeps a row's times while it runs again: the row
		// left the finished state, and never showed other times since.
		if g.left[k] && !g.moved[k] {
			return runNew
		}
		return runStale
	case g.left[k]:
		return runNew // no times to tell by, but it ran since the start
	}
	return runUnproven
}
