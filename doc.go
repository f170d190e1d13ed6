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
// # Recovery jobs
//
// [RecoveriesService] manages recovery jobs too: List, ListAll (pages
// fetched as the loop asks), Get, Create, Update, Start, Stop, Delete,
// MonitorSystem and the histories. [RecoveriesService.Run] starts a job
// and waits for the run it started, never for a finish left over from the
// previous run. Writes are retried only when the server provably did not
// act on them; one whose answer may have been lost matches
// [ErrOutcomeUnknown] and is never resent. Validation errors carry the
// fields they name ([APIError.Fields]).
//
// # The inventory
//
// [ServersService], [CentersService], [RepositoriesService],
// [SchedulesService] and [LicensesService] read what recoveries and
// backups name: the servers agents registered (with their partitions),
// the centers, their repositories, schedules and licences, from every
// server generation into one model (IDs as int64, sizes as [Size]).
// [RepositoriesService.Create] returns the new repository although no
// server answers its ID, and [SchedulesService.Create] checks each
// schedule type's parts before sending.
//
// # The API root
//
// Give NewClient the server root ("https://zdm.example.com") and the
// client finds the API root on its first call: "/api" (every released
// server), else "/api/v1" (the draft API) when "/api" has no such
// route; it remembers the one that answered, for the token routes too. Any
// other path is used as given. A 404 or 405 whose body is not a ZDM answer
// (a web framework's "Cannot GET ...") matches [ErrEndpointNotFound] and
// never [ErrNotFound]: the route is missing, which says nothing of the job.
// A provider that drops a resource from its state on ErrNotFound must not
// do so on ErrEndpointNotFound.
//
// # Time zones
//
// Released servers send times without a zone, in their local time. The
// client reads them in the zone [WithServerTimeZone] gives, or else the one
// it learns from the server's answers (UTC until it knows), and stores them
// as RFC 3339 with the offset ("2025-01-15T10:00:00+09:00"): a snapshot
// saved as JSON and read back after a restart reads the same instants.
//
// # Your own calls
//
// [Client.NewRequest] and [Client.Do] reach any endpoint with everything
// the SDK's own methods get: the API root, authentication, retries,
// envelope decoding, typed errors and redaction.
//
// # Server generations
//
// The SDK speaks to three generations of ZDM servers, named everywhere in
// these docs as follows:
//
//   - the draft API: the vendor's first API documents, under /api/v1
//     (token route auth/issue, lowercase statuses such as "run", RFC 3339
//     times). No released server speaks it; [GenerationDraft] and zdmtest's
//     DialectDraft stand for it.
//   - 1.x/2.x: the released servers 1.0.3 to 2.0.2, under /api (token/issue,
//     PascalCase statuses such as "Processing", zone-less local times,
//     errors as plain, often Korean, strings). [GenerationV1].
//   - 3.0.0: the announced 3.0.0, under /api (traceId, errors as {code,
//     message}, a reshaped monitoring answer, strict query validation).
//     [GenerationV3].
//
// The client learns which one it talks to from the server's answers, or
// from [WithServerGeneration].
//
// # Servers as they are
//
// ZDM servers of different versions spell the same things differently:
// statuses ("run", "Processing", "PROCESSING"), times (RFC 3339 or
// zone-less "2006-01-02 15:04:05"), absent values ("-", null, ""), ids (1 or
// "1"), errors (a string or {code, message}), and the 3.0.0 servers reshape
// the monitoring response. The client reads them all into one model, by
// one rule: every ID is an int64 (a server ID that is not a number is an
// error naming the field); statuses, percents, times, elapsed times,
// messages and log lines keep the text as sent, for typed readings
// ([Status.Phase], [ProgressInfo.PercentValue], [ProgressInfo.StartTime],
// [ProgressInfo.ElapsedDuration], [JobProgress.Done]) to interpret; every
// other field reads the servers' placeholders ("-", "Unknown", null) as
// the zero value, so a job without a platform has Platform "". The
// inventory's models (servers, centers, repositories, schedules,
// licences) read them as the zero value in every field, times included.
//
// # Errors
//
// Every answer that is not a success is an [*APIError] carrying the status,
// the server's code and message, the request id and the number of attempts;
// errors.Is matches it against [ErrNotFound], [ErrUnauthorized],
// [ErrValidation], [ErrRateLimited], [ErrServer] and the other sentinels. Input rejected
// before sending wraps [ErrInvalidArgument].
//
// # Retries
//
// GET requests are retried on network errors, 408, 429 and 5xx with
// jittered exponential backoff, honouring Retry-After up to the maximum wait;
// POST, PUT and DELETE only when the server provably did not act on them (a
// dial error, a 429). An unknown host or a bad certificate is not retried.
// A cancelled context ends any wait at once.
//
// # Testing
//
// Package zdmtest is an in-process fake ZDM server for tests of code that
// uses this package.
package zdm
