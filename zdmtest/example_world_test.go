package zdmtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// A recovery names what the world holds, as on a real server: the
// default world's center, servers and repository are accepted, a center
// it lacks is 404.
func ExampleDefaultWorld() {
	srv, err := zdmtest.Start(zdmtest.WithInProcess())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	rs := srv.Client().Recoveries
	req := &zdm.CreateRecoveryRequest{Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
		Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "nightly"}
	created, _, err := rs.Create(context.Background(), req)
	fmt.Println(created.JobName, err)

	req.Center, req.JobName = "Atlantis", "lost"
	_, _, err = rs.Create(context.Background(), req)
	var ae *zdm.APIError
	fmt.Println(errors.Is(err, zdm.ErrNotFound), errors.As(err, &ae) && ae.Message == "Name이 'Atlantis'인 Center를 찾을 수 없습니다")
	// Output:
	// nightly <nil>
	// true true
}

// A server of the test's own, and a backup of one of its drives run to
// completion: the run writes an image, which a recovery can name.
func ExampleServer_AddBackupJob() {
	srv, err := zdmtest.Start(zdmtest.WithInProcess())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.AddServer(zdmtest.ServerSpec{Name: "app01", Center: "zdm-b", OS: "Windows Server 2022",
		Partitions: []zdmtest.Volume{{Letter: "C:"}, {Letter: "E:", Size: 2 * zdmtest.TiB}}})
	job := srv.AddBackupJob(zdmtest.BackupJobSpec{Server: "app01", Drive: "E:", Idle: true})
	job.Start()
	job.Complete()
	job.Status() // a look at the job records the run that ended
	for _, im := range srv.Images() {
		if im.Job == job.Name() {
			fmt.Println(im.Job, im.Center, im.Type, len(job.Histories()))
		}
	}
	fmt.Println(srv.Err())
	// Output:
	// app01_E zdm-b full 1
	// <nil>
}
