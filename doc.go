// Package zdm is a Go client for the ZDM API, ZConverter's backup and
// disaster-recovery server.
//
// Build a [Client] with [NewClient] and the options it needs (a token, or
// credentials the client issues tokens with), then read a recovery job's
// progress with [RecoveriesService.MonitorJob] or wait for it to finish
// with [RecoveriesService.Watch]:
//
//	c, err := zdm.NewClient("https://zdm.example.com", zdm.WithToken(token))
//	if err != nil {
//		return err
//	}
//	job, _, err := c.Recoveries.MonitorJob(ctx, "daily-recovery", nil)
//	if errors.Is(err, zdm.ErrNotFound) {
//		// no such job
//	}
//	for _, d := range job.Job.Details {
//		pct, _ := d.ProgressInfo.PercentValue()
//		fmt.Printf("%s %s %.0f%%\n", d.Name(), d.ProgressInfo.Status.Phase(), pct)
//	}
//
// # Servers as they are
//
// ZDM servers of different versions spell the same things differently:
// statuses ("run", "Processing", "PROCESSING"), times (RFC 3339 or
// zone-less "2006-01-02 15:04:05"), absent values ("-", null, ""), ids (1 or
// "1"), errors (a string or {code, message}), and the 3.0.0 servers reshape
// the monitoring response. The client reads them all into one model: string
// fields keep the text as sent, and typed readings ([Status.Phase],
// [ProgressInfo.PercentValue], [ProgressInfo.StartTime],
// [ProgressInfo.ElapsedDuration], [JobProgress.Done]) interpret it.
//
// # Errors
//
// Every answer that is not a success is an [*APIError] carrying the status,
// the server's code and message, the request id and the number of attempts;
// errors.Is matches it against [ErrNotFound], [ErrUnauthorized],
// [ErrRateLimited], [ErrServer] and the other sentinels. Input rejected
// before sending wraps [ErrInvalidArgument].
//
// # Retries
//
// GET requests are retried on network errors, 408, 429 and 5xx with
// jittered exponential backoff, honouring Retry-After up to the maximum wait;
// a POST is retried only when it never reached the server. A cancelled
// context ends any wait at once.
//
// # Testing
//
// Package zdmtest is an in-process fake ZDM server for tests of code that
// uses this package.
package zdm
