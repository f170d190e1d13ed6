package zdm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"time"
)

// Defaults for WatchOptions.
const (
	DefaultWatchInterval    = 5 * time.Second // the vendor's advice: no more often
	DefaultWatchMaxInterval = 30 * time.Second
	DefaultWatchMaxErrors   = 5
)

// watchGrowth is the factor the gap between polls grows by while nothing
// changes; watchJitter is the share of a grown gap drawn at random, so
// that watches started together spread out.
const (
	watchGrowth = 1.5
	watchJitter = 0.1
)

// WatchOptions tunes Watch. The zero value (or nil) takes every default.
type WatchOptions struct {
	// Interval is the first gap between polls, and the gap after every
	// change (default 5s).
	Interval time.Duration
	// MaxInterval bounds the gap, which grows by half (with jitter) after
	// every poll that shows no change (default 30s, or Interval if that is
	// larger).
	MaxInterval time.Duration
	// MaxErrors is how many failed polls in a row are tolerated (network
	// errors, 408, 429, 5xx after the client's own retries, unexpected
	// bodies); the next one ends the watch (default 5).
	MaxErrors int
	// OnUpdate is called after every successful poll whose content changed
	// (statuses, percents, messages, times, log), the first included; the
	// envelope's timestamp and request id are not content. It runs on the
	// watching goroutine.
	OnUpdate func(*JobMonitoring)
	// Done, when set, decides whether one detail is finished, instead of
	// [PartitionProgress.Finished]. A 3.0.0 job-level status still holds
	// the watch open while it says the job runs (see [JobProgress.Done]).
	Done func(PartitionProgress) bool
	// Resume is a snapshot seen before, to pick a watch up where an
	// earlier one stopped (a WatchError's LastState, or a snapshot saved as
	// JSON before a restart): polls that show the same content are not
	// reported to OnUpdate again and let the gap grow.
	Resume *JobMonitoring
	// OnPollError is called after every failed poll that the watch
	// tolerates (a network error, 408, 429, 5xx after the client's own
	// retries, an unexpected body), so that a display can say "retrying"
	// instead of going quiet. err is a *PollError: it unwraps to the
	// poll's error and says how many polls failed in a row and when the
	// next one comes. It runs on the watching goroutine. Errors that end
	// the watch are returned instead.
	OnPollError func(err error)
}

// jobMonitor is what a watch polls: *RecoveriesService, a backup job seen
// as a one-partition job (backupJobs), or a test's fake. Every family's
// snapshot is a JobMonitoring to the watch: rows (Details) told apart by
// runKey, each with its ProgressInfo and its finished check.
type jobMonitor interface {
	MonitorJob(ctx context.Context, identifier string, opts *MonitorJobOptions) (*JobMonitoring, *Response, error)
}

// Watch polls MonitorJob until the job is done (see [JobProgress.Done]) and
// returns the final snapshot.
//
// The first poll is at once; the gap starts at Interval, grows toward
// MaxInterval while nothing changes and snaps back after a change. Every
// detail completed: (snapshot, nil). Done with some detail failed or
// canceled: (snapshot, error matching ErrJobFailed, a *JobFailedError naming
// them). The context ending: (last snapshot or nil, *WatchError matching the
// context's error and carrying the last poll error). 400, 401 (after the
// client's re-issue), 403, 404, 405, 409, 422 and every other 4xx, a 501, a
// 500 saying the job's data is incomplete (JOB-ERROR-16), a "success": false
// answer and invalid input end the watch at once; transient failures
// (network errors, 408, 429, other 5xx, unexpected bodies) are tolerated up
// to MaxErrors in a row (see WatchOptions.OnPollError).
//
// To test code that watches, give it a client of a zdmtest server: its
// jobs follow scripted or simulated runs, faults can be injected, and it
// runs in fake time inside a testing/synctest bubble.
func (s *RecoveriesService) Watch(ctx context.Context, identifier string, opts *MonitorJobOptions, wopts *WatchOptions) (*JobMonitoring, error) {
	c, err := s.checked()
	if err != nil {
		return nil, err
	}
	return watchWith(ctx, c, s, recoveryFamily, identifier, opts, wopts)
}

// watch is Watch polling a recovery job through m.
func watch(ctx context.Context, m jobMonitor, identifier string, opts *MonitorJobOptions, wopts *WatchOptions) (*JobMonitoring, error) {
	return watchWith(ctx, nil, m, recoveryFamily, identifier, opts, wopts)
}

// watchWith is a watch of a job of f through m; c, when not nil, gives
// the default poll intervals (WithPollInterval).
func watchWith(ctx context.Context, c *Client, m jobMonitor, f *family, identifier string, opts *MonitorJobOptions, wopts *WatchOptions) (*JobMonitoring, error) {
	w, err := newWatcher(c, m, f, identifier, opts, wopts)
	if err != nil {
		return nil, err
	}
	return w.run(ctx)
}

// PollError is what WatchOptions.OnPollError is handed: a failed poll the
// watch tolerates. It unwraps to the poll's error.
type PollError struct {
	// Err is the poll's error.
	Err error
	// Failures is how many polls in a row failed, this one included.
	Failures int
	// Next is the wait before the next poll; 0 when no poll fits before
	// the context's deadline (the watch then waits for it and ends).
	Next time.Duration
}

// Error is the poll's error's text, escaped as in [JobFailedError.Error].
func (e *PollError) Error() string { return Printable(e.Err.Error()) }

// Unwrap returns the poll's error.
func (e *PollError) Unwrap() error { return e.Err }

// JobFailedError is Watch's error for a job that finished with some detail
// (or, on 3.0.0 servers, the job itself) failed or canceled. It matches
// ErrJobFailed.
type JobFailedError struct {
	// Identifier is the job watched, as given.
	Identifier string
	what       string // "recovery job" (the zero value), "backup job"
	// Failed are the details whose phase is Failed or Canceled.
	Failed []PartitionProgress
	// Job is the job-level progress when the server sent one (3.0.0).
	Job *ProgressInfo
}

// Error names each failed detail with its status and message. Text that
// came from the server is escaped: control characters, line breaks and
// bidirectional overrides show as Go escapes (\x1b, \n, \u202e), so the
// message cannot forge log lines or terminal output.
func (e *JobFailedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zdm: %s %q failed", jobWord(e.what), e.Identifier)
	sep := ": "
	if e.Job != nil && isFailure(e.Job.Status.Phase()) {
		fmt.Fprintf(&b, "%sjob %s", sep, describeProgress(*e.Job))
		sep = "; "
	}
	for _, d := range e.Failed {
		name := d.Name()
		if name == "" {
			name = "(unnamed)"
		}
		fmt.Fprintf(&b, "%s%s %s", sep, name, describeProgress(d.ProgressInfo))
		sep = "; "
	}
	return Printable(b.String())
}

func describeProgress(p ProgressInfo) string {
	s := string(p.Status)
	if given(p.Message) {
		s += fmt.Sprintf(" (%s)", p.Message)
	}
	return s
}

// Is matches ErrJobFailed, and ErrJobCanceled too when nothing failed:
// every detail that did not complete (and the job, when the server sent
// its status) was canceled.
func (e *JobFailedError) Is(target error) bool {
	switch target {
	case ErrJobFailed:
		return true
	case ErrJobCanceled:
		return e.Canceled()
	}
	return false
}

// Canceled reports whether the job ended canceled rather than failed: no
// detail (nor the job itself) failed, and at least one was canceled.
func (e *JobFailedError) Canceled() bool {
	if e.Job != nil && e.Job.Status.Phase() == PhaseFailed {
		return false
	}
	canceled := e.Job != nil && e.Job.Status.Phase() == PhaseCanceled
	for _, d := range e.Failed {
		switch d.ProgressInfo.Status.Phase() {
		case PhaseFailed:
			return false
		case PhaseCanceled:
			canceled = true
		}
	}
	return canceled
}

func isFailure(p Phase) bool { return p == PhaseFailed || p == PhaseCanceled }

// jobWord is what an error's job is: "recovery job" unless said.
func jobWord(what string) string { return firstOf(what, recoveryFamily.what) }

// WatchError is Watch's error when its context ends before the job does:
// what Terraform's TimeoutError gives provider authors. errors.Is matches
// both the context's error and the last poll error.
type WatchError struct {
	// Identifier is the job watched, as given.
	Identifier string
	what       string // "recovery job" (the zero value), "backup job"
	// Err is the context's error (context.DeadlineExceeded or Canceled).
	Err error
	// LastError is the error of the last poll when it failed, or nil.
	LastError error
	// LastState is the last snapshot seen, or nil.
	LastState *JobMonitoring
	// Polls is how many polls were made.
	Polls int
}

// Error says why the watch stopped and what the last poll said, with text
// that came from the server escaped as in [JobFailedError.Error].
func (e *WatchError) Error() string {
	msg := fmt.Sprintf("zdm: watching %s %q: %v after %s", jobWord(e.what), e.Identifier, e.Err, plural(e.Polls, "poll"))
	if e.LastState != nil {
		msg += "; last state: " + summarize(e.LastState)
	}
	if e.LastError != nil {
		msg += "; last poll error: " + e.LastError.Error()
	}
	return Printable(msg)
}

// Unwrap returns the context's error and the last poll error.
func (e *WatchError) Unwrap() []error {
	if e.LastError == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.LastError}
}

// summarize is a one-line view of a snapshot for error messages.
func summarize(m *JobMonitoring) string {
	if len(m.Job.Details) == 0 {
		return "no details"
	}
	parts := make([]string, 0, len(m.Job.Details))
	for _, d := range m.Job.Details {
		parts = append(parts, fmt.Sprintf("%s %s %s", d.Name(), d.ProgressInfo.Status, d.ProgressInfo.Percent))
	}
	return strings.Join(parts, ", ")
}

// watcher is one watch's settings.
type watcher struct {
	m          jobMonitor
	f          *family
	id         string
	opts       *MonitorJobOptions
	interval   time.Duration
	maxGap     time.Duration
	maxErrors  int
	onUpdate   func(*JobMonitoring)
	onPollErr  func(error)
	doneDetail func(PartitionProgress) bool
	resume     *JobMonitoring
	// gate, when set, is asked about every successful snapshot before the
	// done check; false keeps the watch polling.
	gate func(*JobMonitoring) bool
}

func newWatcher(c *Client, m jobMonitor, f *family, id string, opts *MonitorJobOptions, wo *WatchOptions) (*watcher, error) {
	if m == nil {
		return nil, invalidArg("Watch: nil %s", f.service)
	}
	if err := checkRef("identifier", f.ref, id); err != nil {
		return nil, err
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	w := &watcher{m: m, f: f, id: id, opts: opts, interval: DefaultWatchInterval, maxErrors: DefaultWatchMaxErrors, doneDetail: PartitionProgress.Finished}
	var defaultMax time.Duration
	if c != nil && c.pollInterval > 0 {
		w.interval, defaultMax = c.pollInterval, c.pollMax
	}
	if wo != nil {
		if wo.Interval < 0 || wo.MaxInterval < 0 || wo.MaxErrors < 0 {
			return nil, invalidArg("WatchOptions: negative Interval (%v), MaxInterval (%v) or MaxErrors (%d)", wo.Interval, wo.MaxInterval, wo.MaxErrors)
		}
		if wo.Interval > 0 && wo.MaxInterval > 0 && wo.MaxInterval < wo.Interval {
			return nil, invalidArg("WatchOptions: MaxInterval %v is below Interval %v", wo.MaxInterval, wo.Interval)
		}
		if wo.Interval > 0 {
			w.interval = wo.Interval
		}
		w.maxGap = wo.MaxInterval
		if wo.MaxErrors > 0 {
			w.maxErrors = wo.MaxErrors
		}
		w.onUpdate = wo.OnUpdate
		w.onPollErr = wo.OnPollError
		w.resume = wo.Resume
		if wo.Done != nil {
			w.doneDetail = wo.Done
		}
	}
	if w.maxGap == 0 && defaultMax >= w.interval {
		w.maxGap = defaultMax
	}
	if w.maxGap == 0 {
		w.maxGap = max(DefaultWatchMaxInterval, w.interval)
	}
	if w.maxGap < w.interval {
		return nil, invalidArg("WatchOptions: MaxInterval %v is below the default Interval %v", w.maxGap, w.interval)
	}
	return w, nil
}

// run polls until the job is done, the context ends or a permanent error
// comes.
func (w *watcher) run(ctx context.Context) (*JobMonitoring, error) {
	if ctx == nil {
		return nil, invalidArg("Watch: nil context")
	}
	var (
		last     = w.resume.Clone() // the caller's snapshot stays the caller's
		lastErr  error
		failures int
		polls    int
		gap      = w.interval
		timer    *time.Timer
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		snap, _, err := w.m.MonitorJob(ctx, w.id, w.opts)
		polls++
		if ctx.Err() != nil {
			// The poll was cut short (or raced) by the context's end.
			if err == nil && snap != nil {
				last = snap
			}
			return last, w.stopped(ctx, lastErr, last, polls)
		}
		changed := false
		switch {
		case err != nil:
			if !transient(err) {
				return last, err
			}
			failures++
			lastErr = err
			if failures > w.maxErrors {
				return last, fmt.Errorf("zdm: watching %s %q: %d polls in a row failed, the last with: %w", w.f.what, w.id, failures, err)
			}
		case snap == nil:
			failures++
			lastErr = fmt.Errorf("%w: MonitorJob returned no snapshot and no error", ErrUnexpectedResponse)
			if failures > w.maxErrors {
				return last, lastErr
			}
		default:
			failures, lastErr = 0, nil
			changed = last == nil || !sameContent(last, snap)
			shown := snap
			if changed && w.onUpdate != nil {
				// The watch keeps its own copy: whatever the callback does
				// to the snapshot it is handed cannot stall or fool it.
				snap = snap.Clone()
				w.onUpdate(shown)
			}
			last = snap
			// A gate (Run's) holds the watch open while the snapshot may
			// still show a run from before the one being waited for.
			fresh := w.gate == nil || w.gate(snap)
			if fresh && snap.Job.doneWith(w.doneDetail, w.narrowed()) {
				return shown, w.outcome(snap)
			}
		}

		// The gap: back to Interval after a change, else grow.
		if changed {
			gap = w.interval
		} else {
			gap = min(time.Duration(float64(gap)*watchGrowth), w.maxGap)
		}
		sleep, ok := w.nextSleep(ctx, gap)
		if lastErr != nil && w.onPollErr != nil {
			next := sleep
			if !ok {
				next = 0
			}
			w.onPollErr(&PollError{Err: lastErr, Failures: failures, Next: next})
		}
		if !ok {
			<-ctx.Done()
			return last, w.stopped(ctx, lastErr, last, polls)
		}
		if timer == nil {
			timer = time.NewTimer(sleep)
		} else {
			timer.Reset(sleep)
		}
		select {
		case <-ctx.Done():
			return last, w.stopped(ctx, lastErr, last, polls)
		case <-timer.C:
		}
	}
}

// sameContent reports whether two snapshots show the same thing. Times are
// compared as the server's clock wrote them: the zone the client learns
// from each answer may move (a server clock 7m30s off its Date header
// rounds to +09:00 on one answer and +09:15 on the next), or be unknown
// for the first answer after a restart, which changes the stored offset
// of every time while the server sent the same text.
func sameContent(a, b *JobMonitoring) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	return reflect.DeepEqual(wallTimes(a), wallTimes(b))
}

// wallTimes is a copy of m with every row and job-level time rewritten by
// wallClock.
func wallTimes(m *JobMonitoring) *JobMonitoring {
	c := m.Clone()
	for i := range c.Job.Details {
		p := &c.Job.Details[i].ProgressInfo
		p.Start, p.End = wallClock(p.Start), wallClock(p.End)
	}
	if p := c.Job.Progress; p != nil {
		p.Start, p.End = wallClock(p.Start), wallClock(p.End)
	}
	return c
}

// wallClock is a time as the server's clock wrote it, independent of the
// zone the client had learnt when it decoded the answer: the same wire
// text "2025-01-14 10:00:00" reads "2025-01-14T10:00:00" whether it was
// stored with +09:00 or, after the learnt zone moved, +09:15. Text that
// is not a time is kept as sent; "" when not given.
func wallClock(s string) string {
	if !given(s) {
		return ""
	}
	if t, ok := (ProgressInfo{Start: s}).StartTime(); ok {
		return t.Format("2006-01-02T15:04:05.999999999")
	}
	return strings.TrimSpace(s)
}

// nextSleep draws the sleep before the next poll from gap: a grown gap
// gets jitter (never below Interval), and a sleep that would end past the
// context's deadline is trimmed so that the last poll lands just before
// it. ok=false means no poll fits before the deadline.
func (w *watcher) nextSleep(ctx context.Context, gap time.Duration) (time.Duration, bool) {
	sleep := gap
	if gap > w.interval {
		low := max(w.interval, time.Duration(float64(gap)*(1-watchJitter)))
		sleep = low + rand.N(gap-low+1)
	}
	deadline, has := ctx.Deadline()
	if !has {
		return sleep, true
	}
	remaining := time.Until(deadline)
	budget := min(time.Second, w.interval/2) // time left for the last poll itself
	if sleep+budget <= remaining {
		return sleep, true
	}
	if trimmed := remaining - budget; trimmed >= w.interval {
		return trimmed, true
	}
	return 0, false
}

// narrowed reports whether the watch's filter keeps only one partition or
// drive of the job.
func (w *watcher) narrowed() bool {
	return w.opts != nil && (w.opts.Partition != "" || w.opts.Drive != "")
}

// outcome is the result of a finished job: nil when nothing failed. A
// watch narrowed to one partition or drive judges only the rows it sees:
// a 3.0.0 job-level failure may be another partition's.
func (w *watcher) outcome(snap *JobMonitoring) error {
	failed := snap.Job.Failed()
	var job *ProgressInfo
	if p := snap.Job.Progress; p != nil && isFailure(p.Status.Phase()) && !w.narrowed() {
		job = p
	}
	if len(failed) == 0 && job == nil {
		return nil
	}
	return &JobFailedError{Identifier: w.id, what: w.f.what, Failed: failed, Job: job}
}

func (w *watcher) stopped(ctx context.Context, lastErr error, last *JobMonitoring, polls int) error {
	cause := ctx.Err()
	if c := context.Cause(ctx); c != nil && !errors.Is(c, cause) {
		cause = fmt.Errorf("%w: %w", cause, c)
	}
	return &WatchError{Identifier: w.id, what: w.f.what, Err: cause, LastError: lastErr, LastState: last, Polls: polls}
}

// transient reports whether a failed poll may succeed later: network
// errors, 408, 429, 5xx (but a 501, or a 500 saying the job's data is
// incomplete) and 2xx bodies that were not a success envelope (a proxy's
// page, a truncated body). Everything else ends the watch at once: invalid
// input, every other status (400, 401, 403, 404, 405, 409, 422, a refused
// redirect, ...) and a "success": false answer.
func transient(err error) bool {
	if errors.Is(err, ErrInvalidArgument) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if errors.Is(apiErr, ErrUnexpectedResponse) {
			return true
		}
		switch code := apiErr.StatusCode; {
		case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests:
			return true
		case code == http.StatusInternalServerError:
			return apiErr.Code != codeJobDataIncomplete
		case code == http.StatusNotImplemented:
			return false
		default:
			return code >= 500 && code <= 599
		}
	}
	var te *transportError
	if errors.As(err, &te) {
		return !permanentTransportError(te.err)
	}
	// An error from a fake or wrapper: treat as transient, like a network error.
	return true
}

// plural is "1 poll", "2 polls".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
