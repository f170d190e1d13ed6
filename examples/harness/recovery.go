// Package harness shows how a user's own code that drives go-zdm is tested
// against zdmtest, the SDK's fake ZDM server: see harness_test.go. The
// code under test is WaitForRecovery, the kind of helper a provisioning
// tool or a runbook service writes around Recoveries.Watch.
package harness

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zdmkit/go-zdm"
)

// Report is what WaitForRecovery tells its caller.
type Report struct {
	Job        string
	Partitions int
	Failed     []string // "name: message" of each failed partition
}

// WaitForRecovery waits for a recovery job to finish, polling every
// interval, and reports which partitions failed. A job that failed is a
// Report with Failed set and a nil error; errors are for not knowing.
func WaitForRecovery(ctx context.Context, c *zdm.Client, job string, interval time.Duration) (Report, error) {
	m, err := c.Recoveries.Watch(ctx, job, nil, &zdm.WatchOptions{Interval: interval, MaxInterval: 4 * interval})
	var failed *zdm.JobFailedError
	switch {
	case errors.As(err, &failed):
		r := Report{Job: m.Job.Info.Name, Partitions: len(m.Job.Details)}
		for _, p := range failed.Failed {
			r.Failed = append(r.Failed, p.Name()+": "+p.ProgressInfo.Message)
		}
		return r, nil
	case err != nil:
		return Report{}, fmt.Errorf("waiting for recovery %q: %w", job, err)
	}
	return Report{Job: m.Job.Info.Name, Partitions: len(m.Job.Details)}, nil
}
