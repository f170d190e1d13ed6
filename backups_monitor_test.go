package zdm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackupsMonitorJob_DecodesEveryGeneration(t *testing.T) {
	for _, tc := range []struct {
		fixture  string
		want     BackupMonitoring
		finished bool
	}{
		{"monitor_seed.json", BackupMonitoring{Server: "linux-server-01", JobName: "daily-backup", Partition: "/",
			ProgressInfo: ProgressInfo{Status: "complete", Percent: "100%", Message: "Backup completed successfully",
				Start: "2025-01-15T02:00:00Z", Elapsed: "00:30:00", End: "2025-01-15T02:30:00Z"},
			Log: []string{"Starting backup...", "Backup completed"}}, true},
		{"monitor_v1.json", BackupMonitoring{Server: "linux-server-01", JobName: "daily-backup", Partition: "/",
			ProgressInfo: ProgressInfo{Status: StatusProcessing, Percent: "100%", Message: "Finalizing image",
				Start: "2026-01-15T02:00:00Z", Elapsed: "00:29:40", End: "-"},
			Log: []string{"Starting backup...", "Processing files..."}}, false},
		{"monitor_v3_linux.json", BackupMonitoring{Server: "linux-server-01", JobName: "daily-backup", Partition: "/",
			ProgressInfo: ProgressInfo{Status: StatusScheduled, Percent: "100%", Message: "Backup completed successfully",
				Start: "2025-01-15T02:00:00Z", Elapsed: "00:30:00", End: "2025-01-15T02:30:00Z"},
			Log: []string{"Starting backup...", "Processing files...", "Backup completed"}}, true},
		{"monitor_v3_windows.json", BackupMonitoring{Server: "windows-server-01", JobName: "daily-backup-win", Drive: "C:",
			ProgressInfo: ProgressInfo{Status: StatusProcessing, Percent: "60%", Message: "Processing files...",
				Start: "2025-01-15T02:00:00Z", Elapsed: "00:20:00", End: "-"},
			Log: []string{}}, false},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			ts := backupServer(t, map[string]route{"GET backups/monitoring/job/daily-backup": {200, tc.fixture}})
			m, _, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC)).Backups.MonitorJob(context.Background(), "daily-backup", nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, *m)
			assert.Equal(t, tc.finished, m.Finished(), "completion by status: 100%% with Processing is not finished")
			assert.Equal(t, m, backupOf(m.AsJobMonitoring()), "the watch's view reads back the same snapshot")
		})
	}
}

func TestBackupsMonitorJob_StatusFilterIsRefusedByV3Only(t *testing.T) {
	opts := &MonitorBackupOptions{Server: "web01", BackupMonitorFilters: BackupMonitorFilters{Status: StatusComplete, Detail: true, Drive: "C"}}
	_, _, err := fixtureClient(t, refusingServer(t), WithServerGeneration(GenerationV3)).Backups.MonitorJob(context.Background(), "7", opts)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "MonitorBackupOptions.Status")

	ts := backupServer(t, map[string]route{"GET backups/monitoring/job/7": {200, "monitor_v1.json"}})
	_, _, err = fixtureClient(t, ts, WithServerGeneration(GenerationV1)).Backups.MonitorJob(context.Background(), "7", opts)
	require.NoError(t, err)
	assert.Equal(t, "detail=true&drive=C&server=web01&status=complete", sentQuery(t, ts))
}

func TestBackupsMonitorSystem_DecodesEveryGeneration(t *testing.T) {
	ts := backupServer(t, map[string]route{"GET backups/monitoring/system/server-01": {200, "system_v1.json"}})
	sm, resp, err := fixtureClient(t, ts).Backups.MonitorSystem(context.Background(), "server-01",
		&MonitorBackupSystemOptions{ListOptions: ListOptions{Limit: 20}, BackupMonitorFilters: BackupMonitorFilters{Status: StatusProcessing}})
	require.NoError(t, err)
	assert.Equal(t, "limit=20&status=processing", sentQuery(t, ts))
	assert.Equal(t, "server-01", sm.Server)
	assert.Equal(t, SystemSummary{Total: 2, Completed: 1, InProgress: 1, OverallProgress: "80%"}, sm.Summary)
	require.Len(t, sm.Jobs, 2)
	assert.Equal(t, "server-01_data", sm.Jobs[1].JobName)
	assert.Equal(t, "/data", sm.Jobs[1].Partition)
	assert.Equal(t, "server-01", sm.Jobs[1].Server)
	assert.Equal(t, StatusComplete, sm.Jobs[0].ProgressInfo.Status)
	require.NotNil(t, resp.Pagination, "the pagination servers put inside data")
	assert.Equal(t, 2, resp.Pagination.TotalItems)

	ts = backupServer(t, map[string]route{"GET backups/monitoring/system/server-01": {200, "system_v3_empty.json"}})
	sm, _, err = fixtureClient(t, ts).Backups.MonitorSystem(context.Background(), "server-01", nil)
	require.NoError(t, err)
	assert.NotNil(t, sm.Jobs)
	assert.Empty(t, sm.Jobs, "3.0.0: a server without backup jobs is an empty list, not a 404")
	assert.Equal(t, "-", sm.Summary.OverallProgress)
}

// backupRun plays a backup job on an in-process server: before is what
// monitoring shows before the start, after one answer per poll after it
// (the last repeats); histories before and after the start.
type backupRun struct {
	mu         sync.Mutex
	before     string
	after      []string
	histBefore string
	histAfter  string
	polls      int
	starts     int
	queries    []string
}

// backupSnap is a 1.x/2.x monitoring answer of job "nightly_ROOT".
func backupSnap(status Status, percent, start, end string) string {
	return fmt.Sprintf(`{"requestID":"r","success":true,"message":"Backup monitoring info","timestamp":"2026-01-15 10:00:00",
		"data":{"system":{"name":"web01"},"job":{"info":{"name":"nightly_ROOT","partition":"/"},
		"progressInfo":{"status":%q,"percent":%q,"message":"","start":%q,"elapsed":"00:10:00","end":%q},"log":[]}}}`, status, percent, start, end)
}

// backupHistories is a history list whose newest row has ID newest.
func backupHistories(newest int) string {
	return fmt.Sprintf(`{"requestID":"r","success":true,"message":"Backup history list","timestamp":"2026-01-15 10:00:00",
		"data":[{"id":%d,"system":{"name":"web01"},"job":{"name":"nightly_ROOT","id":7,"backupType":"Full Backup","drive":"/"},
		"result":{"status":"COMPLETE","description":"ok"},"time":{"start":"-","end":"-","elapsed":"-"}}]}`, newest)
}

func (b *backupRun) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.queries = append(b.queries, r.Method+" "+strings.TrimPrefix(r.URL.Path, testPrefix+"/")+"?"+r.URL.RawQuery)
	body := ""
	switch path := strings.TrimPrefix(r.URL.Path, testPrefix+"/"); {
	case r.Method == http.MethodPut:
		b.starts++
		body = `{"requestID":"r","success":true,"message":"Backup job updated","timestamp":"2026-01-15 10:00:00",
			"data":{"jobInfo":[{"id":"7","name":"nightly_ROOT","partition":"/"}],"summary":{"state":"success","updatedFields":[]}}}`
	case strings.HasPrefix(path, "backups/histories"):
		body = b.histBefore
		if b.starts > 0 && b.polls >= len(b.after) {
			body = b.histAfter
		}
	case b.starts == 0:
		body = b.before
	default:
		b.polls++
		body = b.after[min(b.polls, len(b.after))-1]
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(body))
}

func TestBackupsWatch_CompletionByStatusOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		run := &backupRun{after: []string{
			backupSnap(StatusProcessing, "60%", "2026-01-15 10:00:00", "-"),
			backupSnap(StatusProcessing, "100%", "2026-01-15 10:00:00", "-"),
			backupSnap(StatusProcessing, "100%", "2026-01-15 10:00:00", "-"),
			backupSnap(StatusComplete, "100%", "2026-01-15 10:00:00", "2026-01-15 10:31:00"),
		}}
		run.starts = 1 // already running: Watch starts nothing
		c := newLocalClient(t, run, WithServerGeneration(GenerationV1))
		var seen []string
		final, err := c.Backups.Watch(t.Context(), "nightly_ROOT", nil, &WatchOptions{Interval: time.Second,
			OnUpdate: func(m *JobMonitoring) { seen = append(seen, m.Job.Details[0].ProgressInfo.Percent) }})
		require.NoError(t, err)
		assert.Equal(t, StatusComplete, final.ProgressInfo.Status)
		assert.Equal(t, "web01", final.Server)
		assert.Equal(t, 4, run.polls, "100%% with Processing kept the watch polling")
		assert.Equal(t, []string{"60%", "100%", "100%"}, seen, "OnUpdate sees the job as a one-partition JobMonitoring")
	})
}

func TestBackupsWatch_FailureAndCancelOutcomes(t *testing.T) {
	for _, tc := range []struct {
		status       Status
		wantCanceled bool
	}{
		{StatusError, false},
		{StatusCanceled, true},
	} {
		t.Run(string(tc.status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				run := &backupRun{starts: 1, after: []string{
					backupSnap(StatusProcessing, "10%", "2026-01-15 10:00:00", "-"),
					backupSnap(tc.status, "10%", "2026-01-15 10:00:00", "2026-01-15 10:05:00"),
				}}
				c := newLocalClient(t, run, WithServerGeneration(GenerationV1))
				final, err := c.Backups.Watch(t.Context(), "nightly_ROOT", nil, nil)
				require.ErrorIs(t, err, ErrJobFailed)
				assert.Equal(t, tc.wantCanceled, errors.Is(err, ErrJobCanceled))
				var jf *JobFailedError
				require.ErrorAs(t, err, &jf)
				assert.Contains(t, jf.Error(), `zdm: backup job "nightly_ROOT" failed: / `+string(tc.status))
				assert.Equal(t, tc.status, final.ProgressInfo.Status, "the final snapshot comes with the error")
			})
		})
	}
}

func TestBackupsWatch_ContextEndIsWatchErrorWithTheLastState(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		run := &backupRun{starts: 1, after: []string{backupSnap(StatusProcessing, "100%", "2026-01-15 10:00:00", "-")}}
		c := newLocalClient(t, run, WithServerGeneration(GenerationV1))
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		last, err := c.Backups.Watch(ctx, "nightly_ROOT", nil, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var we *WatchError
		require.ErrorAs(t, err, &we)
		assert.Contains(t, we.Error(), `watching backup job "nightly_ROOT"`)
		require.NotNil(t, last)
		assert.Equal(t, "100%", last.ProgressInfo.Percent)
		assert.Equal(t, last, backupOf(we.LastState))
	})
}

func TestBackupsRun_WaitsForTheRunItStartedScopedToTheCenter(t *testing.T) {
	const oldStart, oldEnd = "2026-01-14 10:00:00", "2026-01-14 10:30:00"
	for _, tc := range []struct {
		name      string
		run       *backupRun
		wantPolls int
		wantEnd   string
	}{
		{
			name: "the previous run's Complete is not the new run",
			run: &backupRun{before: backupSnap(StatusComplete, "100%", oldStart, oldEnd), after: []string{
				backupSnap(StatusComplete, "100%", oldStart, oldEnd),
				backupSnap(StatusComplete, "100%", oldStart, oldEnd),
				backupSnap(StatusProcessing, "40%", "2026-01-15 10:00:00", "-"),
				backupSnap(StatusComplete, "100%", "2026-01-15 10:00:00", "2026-01-15 10:20:00"),
			}, histBefore: backupHistories(4), histAfter: backupHistories(4)},
			wantPolls: 4, wantEnd: "2026-01-15T10:20:00Z",
		},
		{
			name: "a scheduled job back to Scheduled with new times is done",
			run: &backupRun{before: backupSnap(StatusScheduled, "100%", oldStart, oldEnd), after: []string{
				backupSnap(StatusScheduled, "100%", oldStart, oldEnd),
				backupSnap(StatusScheduled, "100%", "2026-01-15 10:00:00", "2026-01-15 10:20:00"),
			}, histBefore: backupHistories(4), histAfter: backupHistories(4)},
			wantPolls: 2, wantEnd: "2026-01-15T10:20:00Z",
		},
		{
			name: "a new history row proves a run that left no times",
			run: &backupRun{before: backupSnap(StatusComplete, "100%", "-", "-"), after: []string{
				backupSnap(StatusComplete, "100%", "-", "-"),
				backupSnap(StatusComplete, "100%", "-", "-"),
			}, histBefore: backupHistories(4), histAfter: backupHistories(5)},
			wantPolls: 2, wantEnd: "-",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := newLocalClient(t, tc.run, WithServerGeneration(GenerationV1), WithServerTimeZone(time.UTC))
				final, err := c.Backups.Run(t.Context(), "nightly_ROOT", "zdm-a", &WatchOptions{Interval: time.Second})
				require.NoError(t, err)
				assert.Equal(t, tc.wantEnd, final.ProgressInfo.End)
				assert.Equal(t, tc.wantPolls, tc.run.polls)
				assert.Equal(t, 1, tc.run.starts, "started once")
				for _, q := range tc.run.queries {
					switch {
					case strings.HasPrefix(q, "GET backups/monitoring"):
						assert.Contains(t, q, "?center=zdm-a", "every poll scoped to the center")
					case strings.HasPrefix(q, "GET backups/histories"):
						assert.Contains(t, q, "center=zdm-a", "every history lookup scoped to the center")
						assert.Contains(t, q, "jobName=nightly_ROOT")
					}
				}
			})
		})
	}
}

func TestBackupsRun_StartErrorIsReturnedAndNothingWatched(t *testing.T) {
	ts := backupServer(t, map[string]route{
		"GET backups/monitoring/job/7": {200, "monitor_v3_linux.json"},
		"GET backups/histories":        {200, "histories_v1.json"},
		"PUT backups/7":                {404, "err_update_v3_404.json"},
	})
	_, err := fixtureClient(t, ts).Backups.Run(context.Background(), "7", "zdm-a", nil)
	require.ErrorIs(t, err, ErrNotFound)
	last := ts.requests()[len(ts.requests())-1]
	assert.Equal(t, http.MethodPut, last.Method, "no poll after a failed start")
}
