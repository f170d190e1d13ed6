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
// errors, traceId, strict query validation) or [DialectSeed] (the draft
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
// # Scenarios
//
// [Server.Load] adds a whole state at once from a [Scenario]: users,
// centers, servers, jobs, plans by job name, the default plan and faults.
// The specs have a JSON form (the names in their tags: a [Phase] is
// "running", durations are "90s", a fault is an [Injection] with its
// count), which is what zdm-fake reads from its scenario files: one
// schema for Go tests and for harnesses in other languages. Load checks
// the whole scenario first and, when something is wrong, loads nothing
// and returns a [ScenarioError] naming each problem by its JSON path
// ("jobs[0].partitions[1].steps[2].percent").
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
// inspect the state. Servers and centers named in jobs get IDs in order
// of first appearance (from 1); unknown names are accepted, unknown
// numeric IDs are 404. Job names are unique per center, as on the
// vendor's servers: a request by name reaches the job of the center it
// gives, and without one the most recently registered of that name
// (3.0.0 refuses a PUT or DELETE by name without a center);
// [Server.JobIn] is the same lookup for a test. Routes the server does
// not have answer like Express: a text/html 404 "<pre>Cannot GET
// /api/v1/foo</pre>".
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
