package zdm_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// What MonitorJob promises against every server dialect (see
// dialect_helpers_test.go for the dialects and the jobs every server
// holds): one model, whatever the wire.

// MonitorJob reads both mid-way jobs by ID and by name (nil opts) into the
// same model on every dialect: rows in the server's order, phases,
// percents and times, with only what a dialect sends set.
func TestDialects_MonitorReadsEveryGenerationAlike(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
		ctx := context.Background()
		for i, j := range dialectJobs {
			t.Run(j.os, func(t *testing.T) {
				id, name := strconv.Itoa(dialectLinuxID+i), []string{dialectLinuxName, dialectWindowsName}[i]
				byID, resp, err := c.Recoveries.MonitorJob(ctx, id, nil)
				require.NoError(t, err)
				assert.NotEmpty(t, resp.RequestID, "requestID or traceId")
				checkDialectTimeIn(t, dc.timeLayout(), dc, "envelope timestamp", resp.Timestamp, func() (time.Time, bool) {
					return zdm.ProgressInfo{Start: resp.Timestamp}.In(srv.Location()).StartTime()
				}, dialectT0)
				byName, _, err := c.Recoveries.MonitorJob(ctx, name, nil)
				require.NoError(t, err)
				assert.Equal(t, byID, byName, "the same job by ID and by name")
				if reqs := srv.Requests(); assert.NotEmpty(t, reqs) {
					assert.Equal(t, dc.apiRoot()+"/recoveries/monitoring/job/"+name, reqs[len(reqs)-1].Path)
				}

				m := byName
				assert.Equal(t, j.source.Name, m.System.Source.Name)
				assert.Equal(t, j.target.Name, m.System.Target.Name)
				assert.Equal(t, name, m.Job.Info.Name)
				require.Equal(t, j.names(), dialectDetailNames(m), "rows in the server's order")
				for k, d := range m.Job.Details {
					checkDialectRow(t, dc, d.Name(), d.ProgressInfo, dialectMidwayWant[i][k])
				}
				assert.False(t, m.Job.Done(), "mid-way")

				// Raw spellings, so that each row really exercises its dialect.
				running := m.Job.Details[0].ProgressInfo
				if i == 1 {
					running = m.Job.Details[1].ProgressInfo
					assert.Equal(t, zdm.Status(dc.completed), m.Job.Details[0].ProgressInfo.Status)
				}
				assert.Equal(t, zdm.Status(dc.running), running.Status)

				// Only 3.0.0 sends a job-level progress (and the job id), and
				// its log only with detail=true.
				if dc.v3() {
					assert.Equal(t, int64(dialectLinuxID+i), m.Job.Info.ID)
					require.NotNil(t, m.Job.Progress)
					checkDialectRow(t, dc, "job", *m.Job.Progress, dialectMidwayJobWant[i])
					assert.Empty(t, m.Job.Log)
				} else {
					assert.Empty(t, m.Job.Info.ID)
					assert.Nil(t, m.Job.Progress)
					require.NotEmpty(t, m.Job.Log)
					assert.Equal(t, "Recovery job registered", m.Job.Log[0])
				}
			})
		}
	})
}

// A client that takes the server for UTC reads the same start: only the
// zone-less times of 1.x/2.x move, by the server's offset. (srv.Client
// gives the right zone: see TestDialects_MonitorReadsEveryGenerationAlike.)
func TestDialects_ZonelessTimesReadInTheClientsServerZone(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, _ *zdm.Client) {
		c := srv.Client(zdm.WithServerTimeZone(time.UTC))
		m, _, err := c.Recoveries.MonitorJob(context.Background(), dialectLinuxName, nil)
		require.NoError(t, err)
		got, ok := m.Job.Details[0].ProgressInfo.StartTime()
		require.True(t, ok)
		want := dialectMidwayStart
		if dc.dialect == zdmtest.DialectV1 {
			_, offset := want.In(dc.zone()).Zone()
			want = want.Add(time.Duration(offset) * time.Second)
		}
		assert.True(t, want.Equal(got), "%q read as %v, want %v", m.Job.Details[0].ProgressInfo.Start, got, want)
	})
}

// detail=true extras land in the same fields on every dialect, and what a
// dialect does not send reads as empty.
func TestDialects_DetailExtrasLandInOneModel(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, _ *zdmtest.Server, c *zdm.Client) {
		ctx := context.Background()
		for i, j := range dialectJobs {
			t.Run(j.os, func(t *testing.T) {
				id := strconv.Itoa(dialectLinuxID + i)
				for _, detail := range []bool{false, true} {
					m, _, err := c.Recoveries.MonitorJob(ctx, id, &zdm.MonitorJobOptions{Detail: detail})
					require.NoError(t, err)
					assert.Equal(t, dialectWantServer(dc, j.source, detail), m.System.Source, "detail=%v", detail)
					assert.Equal(t, dialectWantServer(dc, j.target, detail), m.System.Target, "detail=%v", detail)
					assert.Equal(t, dialectWantInfo(dc, j, int64(dialectLinuxID+i), []string{dialectLinuxName, dialectWindowsName}[i], detail), m.Job.Info, "detail=%v", detail)
					require.Len(t, m.Job.Details, 2)
					for k, d := range m.Job.Details {
						checkDialectRow(t, dc, d.Name(), d.ProgressInfo, dialectMidwayWant[i][k])
						d.ProgressInfo = zdm.ProgressInfo{}
						assert.Equal(t, dialectWantExtras(dc, j.rows[k], detail), d, "detail=%v", detail)
					}
					if dc.v3() && !detail {
						assert.Empty(t, m.Job.Log, "3.0.0 sends the log only with detail=true")
					} else if assert.NotEmpty(t, m.Job.Log) {
						assert.Equal(t, "Recovery job registered", m.Job.Log[0])
					}
				}
			})
		}
	})
}

// Partition, drive and mode filters narrow the rows on every dialect, and
// no job-level filter goes out that the caller did not set.
func TestDialects_RowFiltersNarrowRowsAndSendOnlyWhatWasSet(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, _ dialectCase, srv *zdmtest.Server, c *zdm.Client) {
		ctx := context.Background()
		rowFilters := []struct {
			name string
			id   string
			opts zdm.MonitorJobOptions
			want []string
		}{
			{"partition", dialectLinuxName, zdm.MonitorJobOptions{Partition: "/home"}, []string{"/home"}},
			{"partition root", strconv.Itoa(dialectLinuxID), zdm.MonitorJobOptions{Partition: "/"}, []string{"/"}},
			{"drive", dialectWindowsName, zdm.MonitorJobOptions{Drive: "D:"}, []string{"D:"}},
			{"drive with detail", strconv.Itoa(dialectWindowsID), zdm.MonitorJobOptions{Drive: "C:", Detail: true}, []string{"C:"}},
			{"mode", dialectLinuxName, zdm.MonitorJobOptions{Mode: zdm.ModeIncrement}, []string{"/home"}},
		}
		for _, tt := range rowFilters {
			t.Run(tt.name, func(t *testing.T) {
				m, _, err := c.Recoveries.MonitorJob(ctx, tt.id, &tt.opts)
				require.NoError(t, err)
				assert.Equal(t, tt.want, dialectDetailNames(m))
				q := dialectLastQuery(t, srv)
				for _, k := range []string{"serverName", "server", "serverType", "jobName"} {
					assert.NotContains(t, q, k, "only what the caller set is sent")
				}
			})
		}
	})
}

// A partition filter that matches no row: 3.0.0 answers the job with no
// rows; 1.x/2.x (and the fake's seed) answer 404.
func TestDialects_PartitionMatchingNothingIsEmptyOnV3AndNotFoundBefore(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, _ *zdmtest.Server, c *zdm.Client) {
		ctx := context.Background()
		m, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{Partition: "/var"})
		if dc.v3() {
			require.NoError(t, err, "3.0.0 answers the job with no rows")
			assert.Empty(t, m.Job.Details)
			return
		}
		assert.ErrorIs(t, err, zdm.ErrNotFound, "1.x/2.x (and the fake's seed) answer 404 when filters match nothing")
	})
}

// Server-name, server-type and job-name filters go out under the
// dialect's query names (and the server honours them), or fail with
// ErrInvalidArgument before anything is sent on 3.0.0.
func TestDialects_JobFiltersGoOutUnderTheDialectsNamesOrFailBeforeSendingOnV3(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, c *zdm.Client) {
		ctx := context.Background()
		jobFilters := []struct {
			name  string
			opts  zdm.MonitorJobOptions
			field string // the refused option on 3.0.0
			found bool   // whether the job matches on the other dialects
		}{
			{"server name source", zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name}, "ServerName", true},
			{"server name target", zdm.MonitorJobOptions{ServerName: dialectLinuxTarget.Name, ServerType: zdm.ServerTypeTarget}, "ServerName", true},
			{"server name of the other side", zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name, ServerType: zdm.ServerTypeTarget}, "ServerName", false},
			{"server name unknown", zdm.MonitorJobOptions{ServerName: "db-prod-09"}, "ServerName", false},
			{"server type alone", zdm.MonitorJobOptions{ServerType: zdm.ServerTypeSource}, "ServerType", true},
			{"job name", zdm.MonitorJobOptions{JobName: dialectLinuxName}, "JobName", true},
			{"job name of another job", zdm.MonitorJobOptions{JobName: dialectWindowsName}, "JobName", false},
		}
		for _, tt := range jobFilters {
			t.Run(tt.name, func(t *testing.T) {
				before := len(srv.Requests())
				m, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, &tt.opts)
				if dc.v3() {
					require.ErrorIs(t, err, zdm.ErrInvalidArgument)
					assert.Contains(t, err.Error(), tt.field)
					assert.Nil(t, m)
					assert.Len(t, srv.Requests(), before, "nothing sent")
					return
				}
				if tt.found {
					require.NoError(t, err)
					assert.Equal(t, dialectJobs[0].names(), dialectDetailNames(m))
				} else {
					require.ErrorIs(t, err, zdm.ErrNotFound, "the server honoured the filter")
				}
				q := dialectLastQuery(t, srv)
				if tt.opts.ServerName != "" {
					assert.Equal(t, []string{tt.opts.ServerName}, q[dc.serverParam()])
					other := map[string]string{"serverName": "server", "server": "serverName"}[dc.serverParam()]
					assert.NotContains(t, q, other)
				}
			})
		}
	})
}

// A client not told the generation learns it from the first answer, and
// shapes its next query for it.
func TestDialects_UnpinnedClientLearnsGenerationFromFirstAnswer(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, _ *zdm.Client) {
		ctx := context.Background()
		c := dialectUnpinnedClient(t, srv)
		m, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, nil)
		require.NoError(t, err)
		assert.Equal(t, dialectJobs[0].names(), dialectDetailNames(m))
		learned := c.ServerGeneration()

		// Then a server-name filter goes out under the dialect's name (and
		// a server that ignores names it does not know would silently
		// answer the whole job), or fails before sending on 3.0.0.
		before := len(srv.Requests())
		_, _, err = c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{ServerName: "db-prod-09"})
		reqs := srv.Requests()
		require.Equal(t, dc.dialect.Generation(), learned)
		if dc.v3() {
			require.ErrorIs(t, err, zdm.ErrInvalidArgument)
			assert.Len(t, reqs, before, "nothing sent")
			return
		}
		require.ErrorIs(t, err, zdm.ErrNotFound, "the server honoured the filter")
		require.Len(t, reqs, before+1)
		assert.Equal(t, []string{"db-prod-09"}, reqs[before].Query[dc.serverParam()])
	})
}

// Under /api an unpinned client first takes the server for 1.x/2.x;
// the 3.0.0 server refuses the filter with 400, and its error
// envelope teaches the client, which refuses the filter next.
func TestDialects_UnpinnedClientLearnsV3FromRefusedFilter(t *testing.T) {
	t.Parallel()
	forDialects(t, dialectCasesV3(), func(t *testing.T, _ dialectCase, srv *zdmtest.Server, _ *zdm.Client) {
		ctx := context.Background()
		c := dialectUnpinnedClient(t, srv)
		_, _, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name})
		require.ErrorIs(t, err, zdm.ErrBadRequest)
		reqs := srv.Requests()
		assert.Equal(t, []string{dialectLinuxSource.Name}, reqs[len(reqs)-1].Query["server"])
		require.Equal(t, zdm.GenerationV3, c.ServerGeneration())
		_, _, err = c.Recoveries.MonitorJob(ctx, dialectLinuxName, &zdm.MonitorJobOptions{ServerName: dialectLinuxSource.Name})
		require.ErrorIs(t, err, zdm.ErrInvalidArgument)
		assert.Len(t, srv.Requests(), len(reqs), "nothing sent")
	})
}

// A job that does not exist is ErrNotFound, a 404 *APIError with a
// message, the request id (and the trace id on 3.0.0), and a code when
// the dialect's errors carry one.
func TestDialects_MissingJobIsNotFoundWithMessageAndRequestID(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, _ *zdmtest.Server, c *zdm.Client) {
		for _, id := range []string{"no such job/없음", "999"} {
			t.Run(id, func(t *testing.T) {
				m, resp, err := c.Recoveries.MonitorJob(context.Background(), id, nil)
				assert.Nil(t, m)
				require.ErrorIs(t, err, zdm.ErrNotFound)
				var apiErr *zdm.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 404, apiErr.StatusCode)
				assert.NotEmpty(t, apiErr.Message)
				if dc.errorCode {
					assert.Equal(t, "JOB-ERROR-01", apiErr.Code)
				} else {
					assert.Empty(t, apiErr.Code, "a string error has no code")
				}
				assert.NotEmpty(t, apiErr.RequestID, "every dialect sends a request id with this error")
				if assert.NotNil(t, resp, "the server answered") {
					assert.Equal(t, apiErr.RequestID, resp.RequestID)
					if dc.v3() {
						assert.Equal(t, apiErr.RequestID, resp.Header.Get("X-Trace-Id"))
					}
				}
			})
		}
	})
}

// A token the server does not know: MonitorJob and Watch end at once with
// ErrUnauthorized, with no retry and no second poll.
func TestDialects_UnknownTokenEndsMonitorAndWatchAtOnce(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, dc dialectCase, srv *zdmtest.Server, _ *zdm.Client) {
		ctx := context.Background()
		c := srv.Client(zdm.WithToken("not-a-token-of-this-server"))
		before := len(srv.Requests())
		_, resp, err := c.Recoveries.MonitorJob(ctx, dialectLinuxName, nil)
		require.ErrorIs(t, err, zdm.ErrUnauthorized)
		var apiErr *zdm.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 401, apiErr.StatusCode)
		assert.NotNil(t, resp)
		assert.NotEmpty(t, apiErr.Message)
		if dc.empty401 {
			assert.Empty(t, apiErr.RequestID)
			assert.Empty(t, apiErr.Code)
			assert.Contains(t, apiErr.Message, "empty body")
		} else {
			assert.NotEmpty(t, apiErr.RequestID)
			if dc.errorCode {
				assert.Equal(t, "UNAUTHORIZED", apiErr.Code)
			}
		}

		m, err := c.Recoveries.Watch(ctx, dialectLinuxName, nil, dialectWatchOptions(nil))
		require.ErrorIs(t, err, zdm.ErrUnauthorized)
		assert.Nil(t, m)
		assert.Len(t, srv.Requests(), before+2, "no retry, no second poll")
	})
}
