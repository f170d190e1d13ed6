package zdm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/zdmkit/go-zdm"
)

// backupAPI serves documented answers from testdata/backups by "METHOD
// path" under /api.
func backupAPI(routes map[string]string) *httptest.Server { return fixtureAPIIn("backups", routes) }

func ExampleBackupsService_List() {
	srv := backupAPI(map[string]string{"GET backups": "list_v1_paged.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	jobs, _, err := c.Backups.List(context.Background(), &zdm.ListBackupsOptions{Server: "server-01"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range jobs {
		fmt.Println(b.Job.Info.ID, b.Job.Info.Name, b.Job.Info.PartitionName(), b.Job.Info.Status.Current)
	}
	// Output:
	// 1 daily-backup / Scheduled
	// 2 windows-backup_C C: Processing
}

func ExampleBackupsService_Create() {
	srv := backupAPI(map[string]string{"POST backups": "create_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	res, _, err := c.Backups.Create(context.Background(), &zdm.CreateBackupRequest{
		Center: "zdm-a", Server: "web01", Mode: zdm.BackupModeFull, Partitions: []string{"/", "/boot/efi"},
		Repository: zdm.RepositoryRef{ID: 13}, JobName: "backupTest",
	})
	if errors.Is(err, zdm.ErrPartialFailure) {
		fmt.Println("some partitions were not registered:", err)
	} else if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range res.Jobs { // servers answer names, never IDs
		fmt.Println(j.JobName, j.Partition, j.State)
	}
	// Output:
	// backupTest_ROOT / success
	// backupTest_boot_efi /boot/efi success
}

func ExampleBackupsService_ListAllImages() {
	srv := backupAPI(map[string]string{"GET backups/images/server/source-centos7-bios (192.168.2.104)": "images_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"), zdm.WithServerTimeZone(time.UTC))
	for img, err := range c.Backups.ListAllImages(context.Background(), &zdm.ListBackupImagesOptions{Server: "source-centos7-bios (192.168.2.104)"}) {
		if err != nil { // a *zdm.ScanError (ErrPartialFailure) comes after the images found
			fmt.Println(err)
			break
		}
		fmt.Println(img.PartitionName(), img.Type, img.CreatedAt, img.Name)
	}
	// Output:
	// / full 2026-01-07T08:43:48Z source-centos7-bios_ROOT_[2026-01-07_08_44].ZIA
	// / increment 2026-01-08T01:19:29Z source-centos7-bios_ROOT_[2026-01-08_01_19].ZIA
}

func ExampleBackupsService_MonitorJob() {
	srv := backupAPI(map[string]string{"GET backups/monitoring/job/daily-backup": "monitor_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	if m, _, err := c.Backups.MonitorJob(context.Background(), "daily-backup", nil); err == nil {
		// "100%" with Processing is legal: judge by the status alone.
		fmt.Println(m.JobName, m.Partition, m.ProgressInfo.Status, m.ProgressInfo.Percent, "finished:", m.Finished())
	}
	// Output:
	// daily-backup / Processing 100% finished: false
}

func ExampleRecoveriesService_PlanFromBackups() {
	srv := backupAPI(map[string]string{
		"GET backups/images/server/source-centos7-bios (192.168.2.104)": "images_v1.json",
		"GET servers/target-centos7/partitions":                         "partitions_target_v1.json",
	})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"), zdm.WithServerGeneration(zdm.GenerationV1))
	req, err := c.Recoveries.PlanFromBackups(context.Background(), &zdm.PlanRecoveryOptions{
		Center: "zdm-a", Source: "source-centos7-bios (192.168.2.104)", Target: "target-centos7", Platform: "vmware",
		Partitions: []string{"/"}, // nil: every partition of the source, each of which must have an image
	})
	var gaps *zdm.PlanError
	if errors.As(err, &gaps) {
		fmt.Println("cannot restore:", gaps.NoImage, gaps.NoTarget)
		return
	} else if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range req.Partitions {
		fmt.Println(m.SourcePartition, "->", m.TargetPartition, m.BackupFile)
	}
	// Then: c.Recoveries.Create(ctx, req) and c.Recoveries.Run(ctx, name, center, nil).

	// Output:
	// / -> / source-centos7-bios_ROOT_[2026-01-08_01_19].ZIA
}
