package provider

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// digits matches a numeric ID.
var digits = regexp.MustCompile(`^[0-9]+$`)

// defaultRunTimeout bounds a run when the configuration sets no
// timeouts.create.
const defaultRunTimeout = 60 * time.Minute

// recoveryRunResource is the zdm_recovery_run resource: one run of a
// recovery job, started on create and waited for. It is apart from the
// job so that a failed run fails and taints the run, never the job (whose
// replacement would delete its histories).
type recoveryRunResource struct {
	resourceClient
}

// recoveryRunModel is the resource's state.
type recoveryRunModel struct {
	ID        types.String   `tfsdk:"id"`
	JobID     types.String   `tfsdk:"job_id"`
	Center    types.String   `tfsdk:"center"`
	Triggers  types.Map      `tfsdk:"triggers"`
	Status    types.String   `tfsdk:"status"`
	Succeeded types.Bool     `tfsdk:"succeeded"`
	HistoryID types.Int64    `tfsdk:"history_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

var (
	_ resource.Resource              = (*recoveryRunResource)(nil)
	_ resource.ResourceWithConfigure = (*recoveryRunResource)(nil)
)

func newRecoveryRunResource() resource.Resource { return &recoveryRunResource{} }

// Metadata names the resource zdm_recovery_run.
func (r *recoveryRunResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recovery_run"
}

// Schema describes the resource.
func (r *recoveryRunResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Description: "One run of a recovery job: creating it starts the job (the target is restored and, by default, rebooted) " +
			"and waits for the run to end, bounded by timeouts.create (default 60m). A new job ID or center, or a changed " +
			"triggers value, runs the job again. A failed run fails the apply and taints this resource, never the job: " +
			"the next apply runs the job again. Destroying it forgets the run; the job and its histories stay.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The run's ID: `<job_id>/<history_id>` (the history row the run wrote), or `<job_id>/<start time>` on servers that keep no histories.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_id": schema.StringAttribute{
				Required:      true,
				Description:   "The ID of the recovery job to run (`zdm_recovery_job.<name>.id`).",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.RegexMatches(digits, "must be a job ID (digits)")},
			},
			"center": schema.StringAttribute{
				Required:      true,
				Description:   "The job's center (ID or name).",
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"triggers": schema.MapAttribute{
				Optional:      true,
				ElementType:   types.StringType,
				Description:   "Arbitrary values: changing any of them runs the job again (e.g. a backup image's name, or a date).",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"status": schema.StringAttribute{
				Computed:      true,
				Description:   "The job's status when the run ended, as the server spells it (Complete, Error, Canceled, ...).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"succeeded": schema.BoolAttribute{
				Computed:      true,
				Description:   "Whether every partition was recovered.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"history_id": schema.Int64Attribute{
				Computed:      true,
				Description:   "The history row the run wrote; null on servers that keep no histories.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}

// Create starts the job and waits for the run to end. A run that started
// and failed (or outlived timeouts.create) is saved with the error, so the
// run, not the job, is tainted; a start the server refused saves nothing.
func (r *recoveryRunResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan recoveryRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultRunTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobID, center := plan.JobID.ValueString(), plan.Center.ValueString()
	before := newestHistoryID(ctx, r.client, jobID)
	started := time.Now().UTC()

	runCtx, cancel := context.WithTimeout(ctx, timeout)
	snap, runErr := r.client.Recoveries.Run(runCtx, jobID, center, nil)
	cancel()
	ran := runErr == nil || errors.Is(runErr, zdm.ErrJobFailed) || errors.Is(runErr, context.DeadlineExceeded)
	if !ran {
		addError(&resp.Diagnostics, "Could not run the recovery job "+jobID, runErr, snap, "")
		return
	}

	plan.Succeeded = types.BoolValue(runErr == nil)
	plan.Status = types.StringNull()
	job, gresp, err := r.client.Recoveries.Get(ctx, jobID, &zdm.GetRecoveryOptions{Center: center})
	logCall(ctx, "read the recovery job after its run", gresp, err)
	if err == nil {
		plan.Status = types.StringValue(viewOf(job).Status)
	}
	plan.HistoryID = types.Int64Null()
	plan.ID = types.StringValue(jobID + "/" + started.Format("20060102T150405Z"))
	if after := newestHistoryID(ctx, r.client, jobID); after > before {
		plan.HistoryID = types.Int64Value(after)
		plan.ID = types.StringValue(jobID + "/" + strconv.FormatInt(after, 10))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	switch {
	case errors.Is(runErr, context.DeadlineExceeded):
		addError(&resp.Diagnostics, "The recovery run did not end within timeouts.create ("+timeout.String()+
			"); it was not stopped and may go on on the server (job "+jobID+")", runErr, snap, "")
	case runErr != nil:
		addError(&resp.Diagnostics, "The recovery run failed (job "+jobID+")", runErr, snap, "")
	}
}

// Read forgets a run whose job is gone (so that the job's return runs it
// again); otherwise a run, being over, does not change.
func (r *recoveryRunResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state recoveryRunModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, gresp, err := r.client.Recoveries.Get(ctx, state.JobID.ValueString(), &zdm.GetRecoveryOptions{Center: state.Center.ValueString()})
	logCall(ctx, "check the run's recovery job", gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		resp.State.RemoveResource(ctx)
	case err != nil:
		addError(&resp.Diagnostics, "Could not read the recovery job "+state.JobID.ValueString()+" of this run", err, nil, "")
	}
}

// Update takes a new timeouts block (every other change runs the job
// again).
func (r *recoveryRunResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan recoveryRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete forgets the run: a run cannot be undone, and the job's histories
// stay.
func (r *recoveryRunResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
