package provider

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// backupRunResource is the zdm_backup_run resource: one run of a backup
// job, and the image it wrote.
type backupRunResource struct{ runResource }

// backupRunModel is the resource's state.
type backupRunModel struct {
	runModel
	Image          types.String `tfsdk:"image"`
	ImageCreatedAt types.String `tfsdk:"image_created_at"`
}

var (
	_ resource.ResourceWithConfigure   = (*backupRunResource)(nil)
	_ resource.ResourceWithImportState = (*backupRunResource)(nil)
)

func newBackupRunResource() resource.Resource {
	return &backupRunResource{runResource{kind: backupJobKind, runner: func(c *zdm.Client) jobRunner { return backupJobs{c} }}}
}

// Schema describes the resource.
func (r *backupRunResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = runSchema(ctx, backupJobKind, "One run of a backup job: creating it starts the job and waits for the run to end, "+
		"bounded by timeouts.create (default 60m), and records the backup image it wrote, which a recovery plan can be pinned to "+
		"(`zdm_recovery_plan`'s `before = zdm_backup_run.<name>.image_created_at`).", map[string]schema.Attribute{
		"image": schema.StringAttribute{Computed: true, PlanModifiers: keep,
			Description: "The file name of the backup image the run wrote (\"web01_ROOT_[2026-01-07_08_44].ZIA\"); null when it wrote none (a failed run), and after an import."},
		"image_created_at": schema.StringAttribute{Computed: true, PlanModifiers: keep,
			Description: "When that image was written, RFC 3339 with the server's offset; null when the run wrote none."},
	})
}

// Create starts the job, waits for the run to end, and finds the image
// it wrote: an image of the job that was not there before the run.
func (r *backupRunResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := decode[backupRunModel](ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	jobs := backupJobs{r.client}
	jobID, center := plan.JobID.ValueString(), plan.Center.ValueString()
	job, gresp, err := r.client.Backups.Get(ctx, jobID, &zdm.GetBackupOptions{Center: center})
	logCall(ctx, "read the backup job before its run", gresp, err)
	if err != nil {
		addError(&resp.Diagnostics, "Could not read the backup job "+jobID, err, nil, "")
		return
	}
	before := imageKeys(jobs.images(ctx, job, center))
	ran, report := r.run(ctx, &plan.runModel, &resp.Diagnostics)
	if !ran {
		return
	}
	plan.Image, plan.ImageCreatedAt = types.StringNull(), types.StringNull()
	var newest *zdm.BackupImage
	var newestAt time.Time
	for _, img := range jobs.images(ctx, job, center) {
		at, ok := img.CreatedTime()
		if ok && !slices.Contains(before, imageKey(img)) && (newest == nil || at.After(newestAt)) {
			newest, newestAt = img, at
		}
	}
	if newest != nil {
		plan.Image = types.StringValue(newest.Name)
		plan.ImageCreatedAt = types.StringValue(newestAt.Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	report(&resp.Diagnostics)
}

// images lists the images of the job (nothing when they cannot be
// listed: the run's image is then not known).
func (b backupJobs) images(ctx context.Context, job *zdm.Backup, center string) []*zdm.BackupImage {
	imgs, resp, err := b.c.Backups.ListImages(ctx, &zdm.ListBackupImagesOptions{Server: job.System.Name, JobName: job.Job.Info.Name, Center: center})
	logCall(ctx, "list the backup job's images", resp, err)
	return imgs
}

// imageKeys tell images apart: a name and when it was written (a run
// within the same minute as the one before may write the same name).
func imageKeys(imgs []*zdm.BackupImage) []string {
	out := make([]string, len(imgs))
	for i, img := range imgs {
		out[i] = imageKey(img)
	}
	return out
}

// imageKey is an image's name and creation time.
func imageKey(img *zdm.BackupImage) string { return img.Name + "@" + img.CreatedAt }

func (b backupJobs) newestHistoryID(ctx context.Context, jobID, center string) int64 {
	hs, resp, err := b.c.Backups.ListHistories(ctx, &zdm.ListBackupHistoriesOptions{
		JobID: jobID, Center: center, Sort: zdm.SortDescending, ListOptions: zdm.ListOptions{Limit: zdm.DefaultPageSize},
	})
	logCall(ctx, "read the backup job's newest histories", resp, err)
	return newestRun(hs, backupRun)
}

func (b backupJobs) run(ctx context.Context, jobID, center string) (*zdm.JobMonitoring, error) {
	m, err := b.c.Backups.Run(ctx, jobID, center, nil)
	if m == nil {
		return nil, err
	}
	return m.AsJobMonitoring(), err
}

func (b backupJobs) status(ctx context.Context, jobID, center string) (string, *zdm.Response, error) {
	job, resp, err := b.c.Backups.Get(ctx, jobID, &zdm.GetBackupOptions{Center: center})
	if err != nil {
		return "", resp, err
	}
	return string(job.Job.Info.Status.Current), resp, nil
}

func (b backupJobs) history(ctx context.Context, jobID, center string, id int64) (string, bool, bool, error) {
	return findRun(b.c.Backups.ListAllHistories(ctx, &zdm.ListBackupHistoriesOptions{JobID: jobID, Center: center}), id, backupRun)
}

// backupRun is a backup history row as the run reads it.
func backupRun(h *zdm.BackupHistory) pastRun { return pastRun{h.ID, h.Result.Status, h.Succeeded()} }
