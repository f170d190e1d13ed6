package zdm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// backupServer answers "METHOD path" routes with fixtures under
// testdata/backups.
func backupServer(t *testing.T, routes map[string]route) *testServer {
	t.Helper()
	return fixtureServerIn(t, "backups", routes)
}

func TestBackupsList_DecodesEveryGeneration(t *testing.T) {
	seoul := time.FixedZone("KST", 9*3600)
	for _, tc := range []struct {
		name, fixture string
		opts          []ClientOption
		check         func(t *testing.T, jobs []*Backup, resp *Response)
	}{
		{"the draft API", "list_seed.json", nil, func(t *testing.T, jobs []*Backup, _ *Response) {
			require.Len(t, jobs, 1)
			j := jobs[0]
			assert.Equal(t, ServerInfo{ID: 1, Name: "server-01", OS: "Linux"}, j.System)
			assert.Equal(t, BackupJobInfo{ID: 1, Name: "daily-backup", Mode: "full", Partition: "/",
				Schedule: &ScheduleInfo{ID: 1, Type: "daily", Description: "Every day at 02:00"},
				Status:   JobStatus{Current: "complete", Time: TimeInfo{Start: "2025-01-15T02:00:00Z", Elapsed: "00:30:00", End: "2025-01-15T02:30:00Z"}},
			}, j.Job.Info, "advanced \"-\" is no schedule")
			assert.Equal(t, PhaseCompleted, j.Job.Info.Status.Current.Phase())
			assert.Equal(t, RepositoryInfo{ID: 1, Type: "nfs", Path: "/backup/server-01"}, j.Repository)
		}},
		{"1.x/2.x, Linux and Windows, paginated", "list_v1_paged.json", []ClientOption{WithServerTimeZone(seoul)}, func(t *testing.T, jobs []*Backup, resp *Response) {
			require.Len(t, jobs, 2)
			assert.Equal(t, "2026-01-15T02:00:00+09:00", jobs[0].Job.Info.Status.Time.Start, "zone-less times in the server's zone")
			assert.Equal(t, "2026-01-15T02:30:00+09:00", jobs[0].Job.LastUpdated)
			assert.Equal(t, "C:", jobs[1].Job.Info.Drive)
			assert.Equal(t, "C:", jobs[1].Job.Info.PartitionName())
			assert.Empty(t, jobs[1].Job.Info.Partition)
			assert.Nil(t, jobs[1].Job.Info.Schedule, "no schedule key: no schedule")
			assert.Empty(t, jobs[1].Job.Info.Status.Time.End, "a run without an end reads \"\" (API.md rev. 3)")
			assert.Equal(t, `\\backup-server\backups`, jobs[1].Repository.Path)
			require.NotNil(t, resp.Pagination)
			assert.Equal(t, 2, resp.NextPage)
		}},
		{"3.0.0 with detail", "list_v3_detail.json", nil, func(t *testing.T, jobs []*Backup, _ *Response) {
			require.Len(t, jobs, 1)
			j := jobs[0]
			assert.Equal(t, IPAddresses{Public: "203.0.113.10", Private: []string{"192.168.1.10", "10.0.0.10"}}, j.System.IP)
			assert.Equal(t, "3.2.1", j.System.Agent)
			assert.Equal(t, "100", j.System.License)
			assert.Equal(t, BackupOptions{Compression: true, Rotation: 7, ExcludeDirs: []string{"/tmp", "/var/cache"},
				NetworkSpeed: "0", Mail: "admin@example.com"}, j.Job.Info.Options)
			assert.Equal(t, &ScheduleInfo{ID: 2, Type: "Smart Weekly (Specific Day of the Week)", Description: "Every Sunday at 03:00"}, j.Job.Info.AdvancedSchedule)
			assert.Equal(t, "2025-01-15T02:00:00+09:00", j.Job.Info.Status.Time.Start, "the zone from the envelope's timestamp")
		}},
		{"3.0.0, nothing matches", "list_v3_empty.json", nil, func(t *testing.T, jobs []*Backup, _ *Response) {
			assert.Empty(t, jobs)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := backupServer(t, map[string]route{"GET backups": {200, tc.fixture}})
			jobs, resp, err := fixtureClient(t, ts, tc.opts...).Backups.List(context.Background(), nil)
			require.NoError(t, err)
			tc.check(t, jobs, resp)
		})
	}
}

func TestBackupsGet_ReadsOneJobByIDOrName(t *testing.T) {
	ts := backupServer(t, map[string]route{"GET backups/windows backup": {200, "get_v3_windows.json"}})
	b, _, err := fixtureClient(t, ts).Backups.Get(context.Background(), "windows backup", &GetBackupOptions{Center: "zdm-a", Detail: true})
	require.NoError(t, err)
	assert.Equal(t, int64(2), b.Job.Info.ID)
	assert.Equal(t, "C:", b.Job.Info.Drive)
	assert.Equal(t, StatusScheduled, b.Job.Info.Status.Current)
	r := ts.requests()[0]
	assert.Equal(t, testPrefix+"/backups/windows%20backup", r.RawPath)
	assert.Equal(t, "center=zdm-a&detail=true", r.Query)
}

func TestBackupsList_QueryIsShapedPerGeneration(t *testing.T) {
	opts := &ListBackupsOptions{ListOptions: ListOptions{Page: 2, Limit: 50}, Server: "web01", Status: StatusProcessing,
		Mode: BackupModeSmart, Drive: "C:", RepositoryID: 13, Center: "dc-1,9", Sort: SortAscending, JobID: "7"}
	for _, tc := range []struct {
		gen  Generation
		want string
	}{
		{GenerationDraft, "center=dc-1%2C9&drive=C%3A&jobId=7&limit=50&mode=smart&page=2&repositoryID=13&serverName=web01&sort=asc&status=run"},
		{GenerationV1, "center=dc-1%2C9&drive=C%3A&jobId=7&limit=50&mode=smart&page=2&repositoryID=13&server=web01&sort=asc&status=processing"},
		{GenerationV3, "center=dc-1%2C9&drive=C%3A&jobId=7&limit=50&mode=smart&page=2&repositoryID=13&server=web01&sort=asc&status=processing"},
	} {
		t.Run(tc.gen.String(), func(t *testing.T) {
			ts := backupServer(t, map[string]route{"GET backups": {200, "list_v3_empty.json"}})
			_, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Backups.List(context.Background(), opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, sentQuery(t, ts))
		})
	}
}

func TestBackups_InvalidInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, field string
		call        func(c *Client) error
	}{
		{"blank identifier", "identifier", func(c *Client) error { _, _, err := c.Backups.Get(ctx, " ", nil); return err }},
		{"dot-dot identifier", "identifier", func(c *Client) error { _, _, err := c.Backups.MonitorJob(ctx, "..", nil); return err }},
		{"unknown mode", "ListBackupsOptions.Mode", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{Mode: "weekly"})
			return err
		}},
		{"recovery mode is not a backup mode", "ListBackupsOptions.Mode", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{Mode: "incremental"})
			return err
		}},
		{"partition and drive", "ListBackupsOptions.Partition", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{Partition: "/", Drive: "C:"})
			return err
		}},
		{"job ID not digits", "ListBackupsOptions.JobID", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{JobID: "job-7"})
			return err
		}},
		{"blank filter", "ListBackupsOptions.Center", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{Center: " "})
			return err
		}},
		{"negative repository", "ListBackupsOptions.RepositoryID", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{RepositoryID: -1})
			return err
		}},
		{"unknown status", "ListBackupsOptions.Status", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{Status: "sleeping"})
			return err
		}},
		{"negative page", "ListBackupsOptions.Page", func(c *Client) error {
			_, _, err := c.Backups.List(ctx, &ListBackupsOptions{ListOptions: ListOptions{Page: -1}})
			return err
		}},
		{"history ID zero", "historyID", func(c *Client) error { _, _, err := c.Backups.GetHistory(ctx, 0, nil); return err }},
		{"history result", "ListBackupHistoriesOptions.Result", func(c *Client) error {
			_, _, err := c.Backups.ListHistories(ctx, &ListBackupHistoriesOptions{Result: "ok"})
			return err
		}},
		{"system server blank", "server", func(c *Client) error { _, _, err := c.Backups.MonitorSystem(ctx, "", nil); return err }},
		{"system options", "MonitorBackupSystemOptions.Partition", func(c *Client) error {
			_, _, err := c.Backups.MonitorSystem(ctx, "web01", &MonitorBackupSystemOptions{BackupMonitorFilters: BackupMonitorFilters{Partition: "/", Drive: "D"}})
			return err
		}},
		{"images partition and drive", "ListBackupImagesOptions.Partition", func(c *Client) error {
			_, _, err := c.Backups.ListImages(ctx, &ListBackupImagesOptions{Server: "web01", Partition: "/", Drive: "C"})
			return err
		}},
		{"watch options", "WatchOptions", func(c *Client) error {
			_, err := c.Backups.Watch(ctx, "7", nil, &WatchOptions{Interval: -time.Second})
			return err
		}},
		{"delete with several centers", "DeleteBackupOptions.Center", func(c *Client) error {
			_, _, err := c.Backups.Delete(ctx, "7", &DeleteBackupOptions{Center: "1,2"})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := refusingServer(t)
			err := tc.call(fixtureClient(t, ts))
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
}

func TestBackupsService_WithoutClientIsInvalidArgument(t *testing.T) {
	_, _, err := (&BackupsService{}).List(context.Background(), nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "BackupsService has no client")
	_, err = (*BackupsService)(nil).Run(context.Background(), "7", "", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestBackups_ServerErrorsMapToSentinels(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		route    string
		status   int
		fixture  string
		gen      Generation
		want     error
		wantCode string
		call     func(c *Client) error
	}{
		{"404 job (JOB-ERROR-01)", "GET backups/999", 404, "err_get_v3_404.json", GenerationV3, ErrNotFound, "JOB-ERROR-01",
			func(c *Client) error { _, _, err := c.Backups.Get(ctx, "999", nil); return err }},
		{"404 filter mismatch (1.x/2.x)", "GET backups/daily-backup", 404, "err_get_v1_404_filter.json", GenerationV1, ErrNotFound, "",
			func(c *Client) error { _, _, err := c.Backups.Get(ctx, "daily-backup", nil); return err }},
		{"400 query validation", "GET backups", 400, "err_list_v3_400_mode.json", GenerationV3, ErrBadRequest, "DTO-VALIDATION-03",
			func(c *Client) error { _, _, err := c.Backups.List(ctx, nil); return err }},
		{"401 expired (1.x/2.x)", "GET backups", 401, "err_list_v1_401.json", GenerationV1, ErrUnauthorized, "",
			func(c *Client) error { _, _, err := c.Backups.List(ctx, nil); return err }},
		{"409 duplicate name", "POST backups", 409, "err_create_v3_409.json", GenerationV3, ErrConflict, "JOB-ERROR-07",
			func(c *Client) error { _, _, err := c.Backups.Create(ctx, validBackupCreate()); return err }},
		{"409 duplicate individual name (1.x/2.x)", "POST backups", 409, "err_create_v1_409.json", GenerationV1, ErrConflict, "",
			func(c *Client) error { _, _, err := c.Backups.Create(ctx, validBackupCreate()); return err }},
		{"422 body validation", "POST backups", 422, "err_create_v3_422.json", GenerationV3, ErrValidation, "DTO-VALIDATION-01",
			func(c *Client) error { _, _, err := c.Backups.Create(ctx, validBackupCreate()); return err }},
		{"400 smart without advanced", "POST backups", 400, "err_create_v3_400_smart.json", GenerationV3, ErrBadRequest, "JOB-ERROR-102",
			func(c *Client) error { _, _, err := c.Backups.Create(ctx, validBackupCreate()); return err }},
		{"409 delete by a shared name", "DELETE backups/daily-backup", 409, "err_delete_v3_409.json", GenerationV3, ErrConflict, "CONFLICT",
			func(c *Client) error {
				_, _, err := c.Backups.Delete(ctx, "daily-backup", &DeleteBackupOptions{Center: "zdm-a"})
				return err
			}},
		{"404 delete", "DELETE backups/999", 404, "err_delete_v3_404.json", GenerationV3, ErrNotFound, "JOB-ERROR-01",
			func(c *Client) error { _, _, err := c.Backups.Delete(ctx, "999", nil); return err }},
		{"400 delete center", "DELETE backups/7", 400, "err_delete_v3_400_center.json", GenerationV3, ErrBadRequest, "DTO-VALIDATION-03",
			func(c *Client) error {
				_, _, err := c.Backups.Delete(ctx, "7", &DeleteBackupOptions{Center: "zdm-a"})
				return err
			}},
		{"404 update", "PUT backups/999", 404, "err_update_v3_404.json", GenerationV3, ErrNotFound, "JOB-ERROR-01",
			func(c *Client) error {
				_, _, err := c.Backups.Update(ctx, "999", &UpdateBackupRequest{Name: "x"})
				return err
			}},
		{"400 incomplete job (JOB-ERROR-20)", "GET backups/monitoring/job/daily-backup", 400, "err_monitor_v3_400_incomplete.json", GenerationV3, ErrBadRequest, "JOB-ERROR-20",
			func(c *Client) error { _, _, err := c.Backups.MonitorJob(ctx, "daily-backup", nil); return err }},
		{"400 incomplete job (1.x/2.x)", "GET backups/monitoring/job/daily-backup", 400, "err_monitor_v1_400_incomplete.json", GenerationV1, ErrBadRequest, "",
			func(c *Client) error { _, _, err := c.Backups.MonitorJob(ctx, "daily-backup", nil); return err }},
		{"404 monitored job", "GET backups/monitoring/job/daily-backup", 404, "err_monitor_v3_404.json", GenerationV3, ErrNotFound, "JOB-ERROR-01",
			func(c *Client) error { _, _, err := c.Backups.MonitorJob(ctx, "daily-backup", nil); return err }},
		{"404 server (3.0.0)", "GET backups/monitoring/system/server-01", 404, "err_system_v3_404.json", GenerationV3, ErrNotFound, "SERVER-ERROR-01",
			func(c *Client) error { _, _, err := c.Backups.MonitorSystem(ctx, "server-01", nil); return err }},
		{"404 no job on the server (1.x/2.x)", "GET backups/monitoring/system/server-01", 404, "err_system_v1_404.json", GenerationV1, ErrNotFound, "",
			func(c *Client) error { _, _, err := c.Backups.MonitorSystem(ctx, "server-01", nil); return err }},
		{"404 history row", "GET backups/histories/999", 404, "err_history_v3_404.json", GenerationV3, ErrNotFound, "NOT_FOUND",
			func(c *Client) error { _, _, err := c.Backups.GetHistory(ctx, 999, nil); return err }},
		{"404 center of images", "GET backups/images", 404, "err_images_v3_404_center.json", GenerationV3, ErrNotFound, "ZDM-ERROR-01",
			func(c *Client) error {
				_, _, err := c.Backups.ListImages(ctx, &ListBackupImagesOptions{Center: "6"})
				return err
			}},
		{"500 every repository failed", "GET backups/images", 500, "err_images_v3_500_scan.json", GenerationV3, ErrServer, "JOB-ERROR-68",
			func(c *Client) error { _, _, err := c.Backups.ListImages(ctx, nil); return err }},
		{"404 images of an unknown server (1.x/2.x)", "GET backups/images/server/invalid-server", 404, "err_images_v1_404_server.json", GenerationV1, ErrNotFound, "",
			func(c *Client) error {
				_, _, err := c.Backups.ListImages(ctx, &ListBackupImagesOptions{Server: "invalid-server"})
				return err
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := backupServer(t, map[string]route{tc.route: {tc.status, tc.fixture}})
			err := tc.call(fixtureClient(t, ts, WithServerGeneration(tc.gen), WithRetryMax(0)))
			require.ErrorIs(t, err, tc.want)
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "%T", err)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, tc.wantCode, apiErr.Code)
			assert.Len(t, ts.requests(), 1, "sent once")
		})
	}
}

func TestBackupsGet_UnknownRouteIsEndpointNotFoundNotNotFound(t *testing.T) {
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	_, _, err := fixtureClient(t, ts).Backups.Get(context.Background(), "7", nil)
	require.ErrorIs(t, err, ErrEndpointNotFound)
	assert.NotErrorIs(t, err, ErrNotFound)
}

func validBackupCreate() *CreateBackupRequest {
	return &CreateBackupRequest{Center: "zdm-a", Server: "web01", Mode: BackupModeFull, Repository: RepositoryRef{ID: 13}}
}

func TestScheduleInfo_ReadsEveryFormTheFastPathMeets(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *ScheduleInfo
	}{
		{`{"id":"1","type":"daily","description":"Every day at 02:00"}`, &ScheduleInfo{ID: 1, Type: "daily", Description: "Every day at 02:00"}},
		{` { "ID" : 7 , "Type":"Daily", "description" : "a \"quoted\", {braced} text" } `, &ScheduleInfo{ID: 7, Type: "Daily", Description: `a "quoted", {braced} text`}},
		{`{"id":null,"type":"Unknown","description":"Schedule lookup failed"}`, &ScheduleInfo{Description: "Schedule lookup failed"}},
		{`{"id":1,"extra":{"nested":true},"type":"weekly"}`, &ScheduleInfo{ID: 1, Type: "weekly"}},
		{`{"i\u0064":3,"type":"weekly"}`, &ScheduleInfo{ID: 3, Type: "weekly"}},
		{`"0 3 * * 0"`, &ScheduleInfo{Text: "0 3 * * 0"}},
		{`"-"`, nil},
		{`{}`, nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var w wireScheduleBasic
			require.NoError(t, json.Unmarshal([]byte(tc.in), &w))
			assert.Equal(t, tc.want, w.model())
		})
	}
	var w wireScheduleBasic
	require.Error(t, json.Unmarshal([]byte(`{"id":"x1"}`), &w), "an ID that is not one is a decode error")
}
