package zdmtest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// sentRequest is one request the SDK sent, relative to the API root: the
// shape a fuzz target starts its mutations from.
type sentRequest struct {
	method, path, query string
	body                []byte
}

// capture is a RoundTripper that keeps what the SDK sends before passing
// it on.
type capture struct {
	next   http.RoundTripper
	prefix string

	mu   sync.Mutex
	sent []sentRequest
}

func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	c.mu.Lock()
	c.sent = append(c.sent, sentRequest{req.Method, strings.TrimPrefix(req.URL.EscapedPath(), c.prefix+"/"), req.URL.RawQuery, body})
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

// sdkRequests are the requests the SDK sends for the calls a user makes
// of every family (registering, listing with filters, starting and
// stopping, histories, monitoring, deleting), as it sends them to a
// server of dialect d. The calls run against the default world; what
// they answer does not matter, only what was sent.
func sdkRequests(d zdmtest.Dialect) []sentRequest {
	srv, err := zdmtest.Start(zdmtest.WithDialect(d), zdmtest.WithInProcess(), zdmtest.WithClock(func() time.Time { return t0 }))
	if err != nil {
		panic(err) // the options are constant
	}
	defer srv.Close()
	cp := &capture{next: srv.Transport(), prefix: d.Prefix()}
	hc := zdm.WithHTTPClient(&http.Client{Transport: cp})
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()

	// The token issue call, with the default user's (public) password.
	_, _, _ = srv.Client(hc, zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword)).Centers.List(ctx, nil)

	c := srv.Client(hc, zdm.WithRetryMax(0))
	limit := 2
	_, _, _ = c.Recoveries.Create(ctx, &zdm.CreateRecoveryRequest{Center: "zdm-a", Source: "web01", Target: "web01-dr",
		Platform: "vmware", Repository: zdm.RepositoryRef{ID: 9, Type: "nfs", Path: "/backup"}, Mode: zdm.ModeFull,
		JobName: "restore", Partitions: []zdm.PartitionMapping{
			{SourcePartition: "/", TargetPartition: "/", BackupJob: "web01_ROOT"},
			{SourcePartition: "/boot", TargetPartition: "/boot", Mode: zdm.ModeIncrement, RepositoryID: 9},
		}})
	_, _, _ = c.Recoveries.List(ctx, &zdm.ListRecoveriesOptions{JobName: "restore", Mode: zdm.ModeFull, Partition: "/"})
	_, _, _ = c.Recoveries.Get(ctx, "restore", nil)
	_, _, _ = c.Recoveries.Start(ctx, "restore", "zdm-a")
	_, _, _ = c.Recoveries.MonitorJob(ctx, "restore", &zdm.MonitorJobOptions{Detail: true, Center: "zdm-a", Partition: "/"})
	_, _, _ = c.Recoveries.MonitorSystem(ctx, "web01", nil)
	_, _, _ = c.Recoveries.Stop(ctx, "restore", "zdm-a")
	_, _, _ = c.Recoveries.Update(ctx, "restore", &zdm.UpdateRecoveryRequest{Center: "zdm-a", Name: "restore2",
		AfterReboot: zdm.AfterRebootShutdown, NetworkLimit: &limit, ScriptPath: "/opt/post.sh", ScriptRun: zdm.ScriptTimingAfter})
	_, _, _ = c.Recoveries.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: "restore2", Result: zdm.HistoryResultSuccess, Sort: zdm.SortDescending})
	_, _, _ = c.Recoveries.GetHistory(ctx, 1, nil)
	_, _, _ = c.Recoveries.Delete(ctx, "restore2", &zdm.DeleteRecoveryOptions{Center: "zdm-a"})

	_, _, _ = c.Backups.Create(ctx, &zdm.CreateBackupRequest{Center: "zdm-a", Server: "web01", Mode: zdm.BackupModeFull,
		Partitions: []string{"/"}, JobName: "nightly", Repository: zdm.RepositoryRef{ID: 9, Type: "nfs", Path: "/mnt/backup"}, ScheduleID: 7})
	_, _, _ = c.Backups.List(ctx, &zdm.ListBackupsOptions{Server: "web01", Mode: zdm.BackupModeFull, Partition: "/"})
	_, _, _ = c.Backups.Get(ctx, "web01_ROOT", nil)
	_, _, _ = c.Backups.Start(ctx, "web01_ROOT", "zdm-a")
	_, _, _ = c.Backups.MonitorJob(ctx, "web01_ROOT", nil)
	_, _, _ = c.Backups.MonitorSystem(ctx, "web01", nil)
	_, _, _ = c.Backups.Stop(ctx, "web01_ROOT", "zdm-a")
	rotation, compression := 3, true
	_, _, _ = c.Backups.Update(ctx, "web01_boot", &zdm.UpdateBackupRequest{Center: "zdm-a", Rotation: &rotation,
		Compression: &compression, ExcludeDirs: []string{"/tmp", "/var/cache"}})
	_, _, _ = c.Backups.ListHistories(ctx, &zdm.ListBackupHistoriesOptions{JobName: "web01_ROOT", Result: zdm.HistoryResultFailed})
	_, _, _ = c.Backups.GetHistory(ctx, 1, nil)
	_, _, _ = c.Backups.ListImages(ctx, &zdm.ListBackupImagesOptions{Server: "web01", JobName: "web01_ROOT"})
	_, _, _ = c.Backups.Delete(ctx, "nightly_ROOT", &zdm.DeleteBackupOptions{Center: "zdm-a"})

	_, _, _ = c.Servers.List(ctx, &zdm.ListServersOptions{Center: "zdm-a", Mode: zdm.ServerModeSource, Sort: zdm.SortAscending})
	_, _, _ = c.Servers.Get(ctx, "web01", nil)
	_, _, _ = c.Servers.ListPartitions(ctx, "win01", nil)
	_, _, _ = c.Servers.Delete(ctx, "db01-dr", "zdm-a")
	_, _, _ = c.Centers.Get(ctx, "zdm-a", nil)

	_, _, _ = c.Repositories.List(ctx, nil)
	_, _, _ = c.Repositories.Create(ctx, &zdm.CreateRepositoryRequest{Center: "zdm-a", Type: zdm.RepositoryNFS,
		RemotePath: "/export/fuzz", LocalPath: "/mnt/fuzz", IP: "192.168.10.9"})
	_, _, _ = c.Repositories.Update(ctx, 10, &zdm.UpdateRepositoryRequest{Center: "zdm-a", Account: "zdm", Password: "s3cret"})
	_, _ = c.Repositories.Verify(ctx, &zdm.VerifyRepositoryRequest{Center: "zdm-a", Type: zdm.RepositorySMB,
		Path: "//192.168.1.210/backup", Account: "zdm", Password: "s3cret"})
	_, _ = c.Repositories.Delete(ctx, 11, "zdm-b")

	_, _, _ = c.Schedules.List(ctx, nil)
	_, _, _ = c.Schedules.Get(ctx, 7)
	_, _, _ = c.Schedules.Create(ctx, &zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleDaily,
		Basic: zdm.ScheduleTiming{Time: "04:00"}})
	_, _, _ = c.Schedules.Create(ctx, &zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleWeekly,
		Basic: zdm.ScheduleTiming{Time: "23:30", Weekdays: []time.Weekday{time.Monday, time.Friday}}})
	_, _ = c.Schedules.Delete(ctx, 9)

	_, _, _ = c.Licenses.List(ctx, nil)
	_, _, _ = c.Licenses.Get(ctx, "1")
	_, _, _ = c.Licenses.Assign(ctx, &zdm.AssignLicenseRequest{License: "2", Server: "db01", Center: "zdm-a"})

	cp.mu.Lock()
	defer cp.mu.Unlock()
	return cp.sent
}
