package zdm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// fakeWithJob is an in-process fake 1.x/2.x server holding one registered
// job, "nightly" in center "zdm-a" of its default world.
func fakeWithJob() (*zdmtest.Server, *zdm.RecoveriesService) {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithInProcess())
	if err != nil {
		log.Fatal(err)
	}
	rs := srv.Client().Recoveries
	_, _, err = rs.Create(context.Background(), &zdm.CreateRecoveryRequest{
		Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "openstack",
		Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "nightly",
		Partitions: []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	return srv, rs
}

func ExampleRecoveriesService_Get() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	job, _, err := rs.Get(context.Background(), "nightly", &zdm.GetRecoveryOptions{Center: "zdm-a"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(job.Job.Info.Name, job.Job.Info.Status.Current, job.System.Source.Name, "->", job.System.Target.Name)

	_, _, err = rs.Get(context.Background(), "no-such-job", nil)
	fmt.Println(errors.Is(err, zdm.ErrNotFound))
	// Output:
	// nightly Registered web01 -> web01-dr
	// true
}

func ExampleRecoveriesService_Update() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	res, _, err := rs.Update(context.Background(), "nightly", &zdm.UpdateRecoveryRequest{
		Center: "zdm-a", Name: "nightly-web", Mode: zdm.ModeIncrement,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Name, len(res.Changes) > 0)
	// Output:
	// nightly-web true
}

func ExampleRecoveriesService_Run() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	// Run starts the job and waits for the run it started: a Complete left
	// over from an earlier run does not count.
	final, err := rs.Run(context.Background(), "nightly", "zdm-a", nil)
	var failed *zdm.JobFailedError
	switch {
	case err == nil:
		for _, d := range final.Job.Details {
			fmt.Println(d.Name(), d.ProgressInfo.Status.Phase())
		}
	case errors.Is(err, zdm.ErrJobCanceled):
		fmt.Println("canceled")
	case errors.As(err, &failed):
		fmt.Println("failed:", failed.Failed)
	default:
		fmt.Println("could not find out:", err)
	}
	// Output:
	// / Completed
}

func ExampleRecoveriesService_Start() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := rs.Start(ctx, "nightly", "zdm-a"); err != nil {
		log.Fatal(err)
	}
	// Stop cancels the run: Canceling, then Canceled.
	if _, _, err := rs.Stop(ctx, "nightly", "zdm-a"); err != nil {
		log.Fatal(err)
	}
	_, err := rs.Watch(ctx, "nightly", nil, nil)
	fmt.Println(errors.Is(err, zdm.ErrJobCanceled), errors.Is(err, zdm.ErrJobFailed))
	// Output:
	// true true
}

func ExampleRecoveriesService_Delete() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	res, _, err := rs.Delete(context.Background(), "nightly", &zdm.DeleteRecoveryOptions{Center: "zdm-a"})
	if err != nil && !errors.Is(err, zdm.ErrPartialFailure) {
		log.Fatal(err)
	}
	fmt.Println(res.State)
	// Output:
	// success
}

func ExampleRecoveriesService_ListAll() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	// Pages are fetched as the loop asks for them; breaking out stops.
	for job, err := range rs.ListAll(context.Background(), &zdm.ListRecoveriesOptions{ListOptions: zdm.ListOptions{Limit: 50}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(job.Job.Info.Name)
	}
	// Output:
	// nightly
}

func ExampleRecoveriesService_ListHistories() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	ctx := context.Background()
	if _, err := rs.Run(ctx, "nightly", "zdm-a", &zdm.WatchOptions{Interval: time.Millisecond}); err != nil {
		log.Fatal(err)
	}
	rows, _, err := rs.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: "nightly"})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range rows {
		fmt.Println(h.Job.Name, h.Result.Status, h.Succeeded())
	}
	// Output:
	// nightly COMPLETE true
}

func ExampleRecoveriesService_ListAllHistories() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	ctx := context.Background()
	for range 2 {
		if _, err := rs.Run(ctx, "nightly", "zdm-a", nil); err != nil {
			log.Fatal(err)
		}
	}
	n := 0
	for _, err := range rs.ListAllHistories(ctx, &zdm.ListHistoriesOptions{JobName: "nightly"}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "runs")
	// Output:
	// 2 runs
}

func ExampleRecoveriesService_Stop() {
	srv, rs := fakeWithJob()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := rs.Start(ctx, "nightly", "zdm-a"); err != nil {
		log.Fatal(err)
	}
	res, _, err := rs.Stop(ctx, "nightly", "zdm-a")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Name)
	job, _, err := rs.MonitorJob(ctx, "nightly", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(job.Job.Details[0].ProgressInfo.Status)
	// Output:
	// nightly
	// Canceling
}
