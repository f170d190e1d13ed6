package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/zdmkit/go-zdm"
)

var (
	_ resource.ResourceWithConfigure   = (*recoveryRunResource)(nil)
	_ resource.ResourceWithImportState = (*recoveryRunResource)(nil)
)

// newRecoveryRunResource is the zdm_recovery_run resource: one run of a
// recovery job.
func newRecoveryRunResource() resource.Resource {
	return &recoveryRunResource{runResource{kind: recoveryJobKind, runner: func(c *zdm.Client) jobRunner { return recoveryJobs{c} }}}
}

// recoveryRunResource is the zdm_recovery_run resource.
type recoveryRunResource struct{ runResource }

// Schema describes the resource.
func (r *recoveryRunResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = runSchema(ctx, recoveryJobKind, "One run of a recovery job: creating it starts the job (the target is restored and, "+
		"by default, rebooted) and waits for the run to end, bounded by timeouts.create (default 60m).", nil)
}

// newestHistoryID is the highest history row ID of the job's newest runs,
// 0 when it has none or the server keeps none (no histories route before
// 1.1.0): a run's row is one above the one before it started.
func (r recoveryJobs) newestHistoryID(ctx context.Context, jobID, _ string) int64 {
	hs, resp, err := r.c.Recoveries.ListHistories(ctx, &zdm.ListHistoriesOptions{
		JobID: jobID, Sort: zdm.SortDescending, ListOptions: zdm.ListOptions{Limit: zdm.DefaultPageSize},
	})
	logCall(ctx, "read the job's newest histories", resp, err)
	return newestRun(hs, recoveryRun)
}

func (r recoveryJobs) run(ctx context.Context, jobID, center string) (*zdm.JobMonitoring, error) {
	return r.c.Recoveries.Run(ctx, jobID, center, nil)
}

func (r recoveryJobs) status(ctx context.Context, jobID, center string) (string, *zdm.Response, error) {
	job, resp, err := r.c.Recoveries.Get(ctx, jobID, &zdm.GetRecoveryOptions{Center: center})
	if err != nil {
		return "", resp, err
	}
	return viewOf(job).Status, resp, nil
}

func (r recoveryJobs) history(ctx context.Context, jobID, center string, id int64) (string, bool, bool, error) {
	return findRun(r.c.Recoveries.ListAllHistories(ctx, &zdm.ListHistoriesOptions{JobID: jobID, Center: center}), id, recoveryRun)
}

// recoveryRun is a recovery history row as the run reads it.
func recoveryRun(h *zdm.RecoveryHistory) pastRun {
	return pastRun{h.ID, h.Result.Status, h.Succeeded()}
}
