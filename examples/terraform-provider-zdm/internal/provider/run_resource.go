package provider

import (
	"context"
	"errors"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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

// importedKey is the private-state key an import sets, until the next
// apply: what the server never returns (a run's triggers, a backup job's
// schedule and script) is then recorded from the configuration, nothing
// sent and nothing run.
const importedKey = "imported"

// jobRunner is what a run resource does with its job's API family.
type jobRunner interface {
	// newestHistoryID is the highest history row ID of the job, 0 when
	// it has none or the server keeps none.
	newestHistoryID(ctx context.Context, jobID, center string) int64
	// run starts the job and waits for the run to end.
	run(ctx context.Context, jobID, center string) (*zdm.JobMonitoring, error)
	// status reads the job's status (an error matching zdm.ErrNotFound
	// when the job is gone).
	status(ctx context.Context, jobID, center string) (string, *zdm.Response, error)
	// history finds one history row of the job: its result as sent and
	// whether it succeeded; found is false when the job has no such row.
	history(ctx context.Context, jobID, center string, id int64) (result string, succeeded, found bool, err error)
}

// pastRun is a history row as a run resource reads it.
type pastRun struct {
	id        int64
	result    string // as sent ("COMPLETE", "FAIL")
	succeeded bool
}

// newestRun is the highest ID of the rows (each read by row); 0 for none.
func newestRun[H any](rows []H, row func(H) pastRun) int64 {
	var newest int64
	for _, h := range rows {
		newest = max(newest, row(h).id)
	}
	return newest
}

// findRun finds the row of that ID among those seq yields (each read by
// row): its result as sent and whether it succeeded; found is false when
// there is none.
func findRun[H any](seq iter.Seq2[H, error], id int64, row func(H) pastRun) (result string, succeeded, found bool, err error) {
	for h, err := range seq {
		if err != nil {
			return "", false, false, err
		}
		if r := row(h); r.id == id {
			return r.result, r.succeeded, true, nil
		}
	}
	return "", false, false, nil
}

// runResource is a run of a job, started on create and waited for
// (zdm_recovery_run, and the part zdm_backup_run shares). It is apart
// from the job so that a failed run fails and taints the run, never the
// job (whose replacement would delete its histories).
type runResource struct {
	resourceClient
	kind   jobKind
	runner func(c *zdm.Client) jobRunner
}

// runModel is what every run resource's state holds.
type runModel struct {
	ID        types.String   `tfsdk:"id"`
	JobID     types.String   `tfsdk:"job_id"`
	Center    types.String   `tfsdk:"center"`
	Triggers  types.Map      `tfsdk:"triggers"`
	Status    types.String   `tfsdk:"status"`
	Succeeded types.Bool     `tfsdk:"succeeded"`
	HistoryID types.Int64    `tfsdk:"history_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

// Metadata names the resource zdm_<family>_run.
func (r *runResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.family() + "_run"
}

// runSchema is the schema of a run of a kind of job: desc describes the
// resource; more adds attributes.
func runSchema(ctx context.Context, kind jobKind, desc string, more map[string]schema.Attribute) schema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:      true,
			Description:   "The run's ID: `<job_id>/<history_id>` (the history row the run wrote), or `<job_id>/<start time>` on servers that keep no histories.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"job_id": schema.StringAttribute{
			Required:      true,
			Description:   "The ID of the " + string(kind) + " to run (`zdm_" + kind.typeName() + ".<name>.id`).",
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
			Optional:    true,
			ElementType: types.StringType,
			Description: "Arbitrary values: changing any of them runs the job again (e.g. a date, or a backup image's name). " +
				"Triggers set after an import are recorded without running the job.",
			PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIf(
				func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
					adopt, d := req.Private.GetKey(ctx, importedKey)
					resp.Diagnostics.Append(d...)
					resp.RequiresReplace = len(adopt) == 0
				}, "Changing a trigger runs the job again.", "Changing a trigger runs the job again.")},
		},
		"status": schema.StringAttribute{
			Computed: true,
			Description: "The job's status when the run ended, as the server spells it (Complete, Error, Canceled, ...); " +
				"after an import, the result of the run's history row as sent (COMPLETE, FAIL).",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"succeeded": schema.BoolAttribute{
			Computed:      true,
			Description:   "Whether the run completed (every partition, for a recovery).",
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"history_id": schema.Int64Attribute{
			Computed:      true,
			Description:   "The history row the run wrote; null on servers that keep no histories.",
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
	}
	for k, v := range more {
		attrs[k] = v
	}
	return schema.Schema{
		Description: desc + " A new job ID or center, or a changed triggers value, runs the job again. A failed run fails the apply and " +
			"taints this resource, never the job: the next apply runs the job again. Destroying it forgets the run; the job and its histories stay. " +
			"Import a past run as `<center>/<job_id>/<history_id>`.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true})},
	}
}

// run starts the job and waits for the run to end, filling m. A run that
// started and failed (or outlived timeouts.create) returns its error to
// report once m is saved, so that the run, not the job, is tainted; a
// start the server refused returns ran false with the error in diags.
func (r *runResource) run(ctx context.Context, m *runModel, diags *diag.Diagnostics) (ran bool, report func(*diag.Diagnostics)) {
	timeout, d := m.Timeouts.Create(ctx, defaultRunTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return false, nil
	}
	rn := r.runner(r.client)
	jobID, center := m.JobID.ValueString(), m.Center.ValueString()
	before := rn.newestHistoryID(ctx, jobID, center)
	started := time.Now().UTC()

	runCtx, cancel := context.WithTimeout(ctx, timeout)
	snap, runErr := rn.run(runCtx, jobID, center)
	cancel()
	if runErr != nil && !errors.Is(runErr, zdm.ErrJobFailed) && !errors.Is(runErr, context.DeadlineExceeded) {
		addError(diags, "Could not run the "+string(r.kind)+" "+jobID, runErr, snap, "")
		return false, nil
	}
	m.Succeeded = types.BoolValue(runErr == nil)
	m.Status = types.StringNull()
	status, gresp, err := rn.status(ctx, jobID, center)
	logCall(ctx, "read the "+string(r.kind)+" after its run", gresp, err)
	if err == nil {
		m.Status = types.StringValue(status)
	}
	m.HistoryID = types.Int64Null()
	m.ID = types.StringValue(jobID + "/" + started.Format("20060102T150405Z"))
	if after := rn.newestHistoryID(ctx, jobID, center); after > before {
		m.HistoryID = types.Int64Value(after)
		m.ID = types.StringValue(jobID + "/" + strconv.FormatInt(after, 10))
	}
	return true, func(diags *diag.Diagnostics) {
		switch {
		case errors.Is(runErr, context.DeadlineExceeded):
			addError(diags, "The "+r.kind.family()+" run did not end within timeouts.create ("+timeout.String()+
				"); it was not stopped and may go on on the server (job "+jobID+")", runErr, snap, "")
		case runErr != nil:
			addError(diags, "The "+r.kind.family()+" run failed (job "+jobID+")", runErr, snap, "")
		}
	}
}

// Create starts the job and waits for the run to end.
func (r *runResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := decode[runModel](ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	ran, report := r.run(ctx, plan, &resp.Diagnostics)
	if !ran {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	report(&resp.Diagnostics)
}

// Read forgets a run whose job is gone (so that the job's return runs it
// again); otherwise a run, being over, does not change.
func (r *runResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var jobID, center types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("job_id"), &jobID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("center"), &center)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, gresp, err := r.runner(r.client).status(ctx, jobID.ValueString(), center.ValueString())
	logCall(ctx, "check the run's "+string(r.kind), gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		resp.State.RemoveResource(ctx)
	case err != nil:
		addError(&resp.Diagnostics, "Could not read the "+string(r.kind)+" "+jobID.ValueString()+" of this run", err, nil, "")
	}
}

// Update takes a new timeouts block, or the triggers an import could not
// read (every other change runs the job again): nothing is sent.
func (r *runResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

// Delete forgets the run: a run cannot be undone, and the job's histories
// stay.
func (r *runResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// ImportState adopts a past run by its job's center, its job's ID and
// the history row it wrote: "zdm-a/42/1007". Its triggers are not known:
// the next apply records the configured ones without running the job.
func (r *runResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	raw := strings.TrimSpace(req.ID)
	i := strings.LastIndex(raw, "/")
	j := strings.LastIndex(raw[:max(i, 0)], "/")
	if i < 0 || j <= 0 {
		resp.Diagnostics.AddError("Invalid import ID", "Expected <center>/<job_id>/<history_id> (zdm-a/42/1007), got "+strconv.Quote(req.ID)+".")
		return
	}
	center, jobID, row := raw[:j], raw[j+1:i], raw[i+1:]
	historyID, ok := parseID(row)
	if _, isID := parseID(jobID); !isID || !ok {
		resp.Diagnostics.AddError("Invalid import ID", "Expected <center>/<job_id>/<history_id> with numeric IDs (zdm-a/42/1007), got "+strconv.Quote(req.ID)+".")
		return
	}
	result, succeeded, found, err := r.runner(r.client).history(ctx, jobID, center, historyID)
	switch {
	case err != nil:
		addError(&resp.Diagnostics, "Could not read the histories of the "+string(r.kind)+" "+jobID, err, nil, "")
		return
	case !found:
		resp.Diagnostics.AddError("No such run", "The "+string(r.kind)+" "+jobID+" of center "+strconv.Quote(center)+" has no history row "+row+".")
		return
	}
	for name, v := range map[string]any{"id": jobID + "/" + row, "job_id": jobID, "center": center, "history_id": historyID,
		"succeeded": succeeded, "status": result} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
}
