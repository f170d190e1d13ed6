// Package zdmtest is an in-process fake ZDM server for tests of code that
// uses package zdm: real HTTP on a local port (or no socket at all, through
// [Server.Transport], [WithInProcess] inside testing/synctest bubbles, or
// httpmock), real envelopes in each server dialect,
// recovery jobs that move as they are polled or as a clock runs, and
// faults on cue.
//
//	func TestWaitsForRecovery(t *testing.T) {
//		srv := zdmtest.NewServer(t) // a released 1.x/2.x server (DialectV1)
//		srv.AddRecoveryJob(zdmtest.JobSpec{
//			Name: "daily-recovery",
//			Partitions: []zdmtest.PartitionSpec{
//				{Partition: "/", Steps: zdmtest.Ramp(10, 60)}, // 10%, 60%, then complete: one step per poll
//			},
//		})
//		srv.Inject(2, zdmtest.Status(http.StatusServiceUnavailable)) // the first two requests fail
//
//		c := srv.Client() // a *zdm.Client with a valid token and fast retries
//		m, resp, err := c.Recoveries.MonitorJob(ctx, "daily-recovery", nil)
//		// err == nil, resp.Attempts == 3, m.Job.Details[0].ProgressInfo.Percent == "10%"
//	}
//
// # Dialects
//
// A server speaks one [Dialect]: [DialectV1], the default (the released
// 1.x/2.x servers, releases 1.0.3 to 2.0.2: /api, token/issue,
// "Processing"/"Complete", zone-less local times, and messages in Korean,
// as those servers answer: "토큰이 만료되었습니다." is "Token has
// expired"), [DialectV3] (the announced 3.0.0: reshaped answer, object
// errors, traceId, strict query validation) or [DialectDraft] (the draft
// API under /api/v1, which no released server speaks: auth/issue,
// "run"/"complete", RFC 3339 UTC times, English string errors).
// [WithObjectErrors], [WithEmpty401], [WithStatusNames] and [WithPrefix]
// vary them further.
//
// # Jobs
//
// [Server.AddRecoveryJob] adds a job whose partitions (Linux) or drives
// (Windows) each follow a plan: a script of [Step] values, one per poll
// (the last repeating), for deterministic tests; or a [Simulation] over
// the server's clock (pending, preparing, copying with a rising percent,
// rebooting, then completed, failed or canceled) for demos and timing
// tests under a [Clock]. The returned [Job] moves by hand too:
// [Job.Advance], [Job.Complete], [Job.Fail], [Job.Cancel], [Job.Set].
// A partition's state is a [Phase]: [PhasePending], [PhaseRunning],
// [PhaseCompleted] and so on, spelled as each dialect spells it.
//
// # The recovery-job family
//
// Besides job monitoring, the server answers the whole recovery family in
// each dialect's shapes: GET and POST {api}/recoveries (list with
// filters, sort, pagination beside data only when page or limit is
// sent; registration), GET, PUT and DELETE {api}/recoveries/:identifier
// (PUT with "status": "start"/"stop", or the draft's "state", starts and
// cancels runs), GET {api}/recoveries/monitoring/system/:identifier
// (one job on 1.x/2.x, every job with its role on 3.0.0), and GET
// {api}/recoveries/histories[/:identifier]. A registered job shows
// Registered (Scheduled with a schedule) until started; a run follows the
// plan set with [Server.SetPlan] (else the server's default,
// [WithDefaultPlan] or [DefaultPlan]), one step per job or server
// monitoring poll; each run that ends writes a [History] (a canceled run
// as HistoryFail). [Server.Jobs],
// [Job.Status], [Job.Runs], [Job.Histories] and [Server.Histories]
// inspect the state. Registrations name centers and servers of the
// world (see The world); [Server.AddRecoveryJob] adds to the world,
// bare, a center or server its spec names that the world lacks. Job
// names are unique per center, as on the vendor's servers: a request by name reaches the job of the center it
// gives, and without one the most recently registered of that name
// (3.0.0 refuses a PUT or DELETE by name without a center);
// [Server.JobIn] is the same lookup for a test. Routes the server does
// not have answer like Express: a text/html 404 "<pre>Cannot GET
// /api/v1/foo</pre>".
//
// # The world
//
// A server holds a world besides its recovery jobs: centers, servers
// (with their partitions, their agents' role and connection, their
// licence), repositories, schedules, licences, backup jobs and the images
// their runs wrote. Every family checks its references against it as the
// vendor's servers do: a recovery or backup for a center the world lacks
// is 404 (ZDM-ERROR-01, or JOB-ERROR-03 for a backup, on 3.0.0; the
// Korean sentence on 1.x/2.x), so is one naming a server, partition,
// repository (ZDM-REPOSITORY-ERROR-01, with the IDs the center has),
// schedule, backup job or image the world lacks; a schedule a job uses
// cannot be deleted (409 SCHEDULE-ERROR-51). Names are unique per
// center, not across centers.
//
// A new server holds [DefaultWorld]: centers zdm-a (1) and zdm-b (2);
// Linux and Windows sources web01, win01 and db01 with their targets
// web01-dr, win01-dr and db01-dr (disconnected) in zdm-a, erp01 and
// erp01-dr in zdm-b; repositories 9 (NFS) and 10 (SMB) of zdm-a and 11
// (NFS) of zdm-b; schedules 7, 8 and 9; licences 1, 2 and 3; a backup job
// per source partition ("web01_ROOT", "web01_boot", "win01_C", ...) with
// an image a day or two old. [WithWorld] starts from another one (an
// empty World for none); [Server.AddCenter], [Server.AddServer],
// [Server.AddRepository], [Server.AddSchedule], [Server.AddLicense],
// [Server.AddBackupJob] and [Server.AddImage] add to it, each from a
// spec with a JSON form.
//
// The server serves the world in every dialect: GET {api}/servers,
// /servers/:id, /servers/:id/partitions, /servers/partitions and DELETE
// /servers/:id; GET {api}/zdms, /zdms/:id, /zdms/repositories,
// /zdms/:id/repositories, POST /zdms/repositories (and /verify), PUT and
// DELETE /zdms/repositories/:id; GET and POST {api}/schedules, GET and
// DELETE /schedules/:id; GET {api}/licenses, /licenses/:id,
// /licenses/key/:key and PUT /licenses/assign. A center that is
// disconnected fails repository registrations and checks (500), as one
// that never confirms does.
//
// # Backups
//
// Backup jobs are [Job] values too, and run as recovery jobs do: one row
// (the partition or drive they back up), the same plans ([Server.SetPlan],
// the spec's Steps, Ramp or Simulation, else the default), one step per
// monitoring poll, the same Job methods. Each run that completes writes
// an image ("<job>_[2026-01-07_08_44].ZIA") into the job's repository
// and each run that ends a history row; deleting the job removes it and
// its histories, not its images (files in the repository, still listed).
// The server answers GET and POST {api}/backups (one job per partition,
// named jobName plus the partition's suffix, an individual jobName
// verbatim), GET, PUT ("status": "start"/"stop") and DELETE
// {api}/backups/:id (3.0.0: 409 when a name is shared in the center),
// the monitoring of a job and of a server in the old per-job shape,
// histories, and the images by server (1.x/2.x) or GET
// {api}/backups/images (3.0.0, with its scan; a repository
// RepositorySpec.Unreachable fails its part of it). [Server.BackupJob],
// [Server.BackupJobs], [Server.Images] and [Server.BackupHistories]
// inspect them. A recovery row's backupFile must be an image of its
// source partition and its backupJob a backup job of it; 3.0.0 refuses a
// backup job that never ran or whose last run failed (JOB-ERROR-67), and
// 1.x/2.x (as 2.0.2) and 3.0.0 skip, with a notice, a partition that has
// no backup to restore when the row names none.
//
// # Scenarios
//
// [Server.Load] adds a whole state at once from a [Scenario]: users, the
// world, recovery jobs, plans by job name, the default plan and faults.
// The specs have a JSON form (the names in their tags: a [Phase] is
// "running", durations are "90s", a fault is an [Injection] with its
// count), which is what zdm-fake reads from its scenario files: one
// schema for Go tests and for harnesses in other languages. Load checks
// the whole scenario first and, when something is wrong, loads nothing
// and returns a [ScenarioError] naming each problem by its JSON path
// ("jobs[0].partitions[1].steps[2].percent", "servers[1].center").
//
// # Tokens
//
// The default user ([DefaultEmail], [DefaultPassword]) and those added
// with [Server.AddUser] issue tokens at the dialect's issue route. Tokens
// expire on the server's clock ([WithTokenLifetime]), or at once with
// [Server.ExpireTokens] and [Server.RevokeTokens]; [WithIssueRateLimit]
// limits the route. [Server.Client] returns a client holding a valid
// token, or, given zdm.WithCredentials, one that issues its own.
//
// # Faults
//
// [Server.Inject] makes the next n requests (optionally only some routes,
// with [Fault.On]) misbehave: an error status with or without
// Retry-After, nginx's HTML 502, truncated JSON, wrong JSON types, a
// dropped connection, a body cut mid-way, a delay, a 200 saying
// "success": false, a huge body (streamed, at most [MaxHugeBody]),
// invalid UTF-8, deeply nested JSON. Answers are normal again afterwards;
// [Server.Faults] lists those still pending.
//
// # Requests
//
// The server records every request it is sent ([Server.Requests]),
// tokens redacted and bodies not kept; [WithRequestLog] keeps only the
// last n, for a server that runs long.
//
// # Clients
//
// [Server.Client] builds a *zdm.Client of the server with any zdm
// options; [Server.HTTPClient] is the *http.Client under it,
// [Server.Transport] an in-process http.RoundTripper, and
// [Server.RegisterResponders] routes an httpmock.MockTransport to the
// server, for tests that mock with httpmock.
//
// # Misuse
//
// The server never panics and never stops a test from a handler
// goroutine: misuse (a duplicate job, a zero Fault, a bad option) is
// reported with tb.Errorf for servers from [NewServer], and collected in
// [Server.Err] for servers from [Start].
package zdmtest
