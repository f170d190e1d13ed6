package provider

import (
	"context"
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// recoveryJobResource is the zdm_recovery_job resource: one recovery job,
// registered, changed and deleted. Running it is zdm_recovery_run's.
type recoveryJobResource struct {
	resourceClient
}

// recoveryJobModel is the resource's state.
type recoveryJobModel struct {
	ID           types.String  `tfsdk:"id"`
	Center       types.String  `tfsdk:"center"`
	Source       types.String  `tfsdk:"source"`
	SourceID     types.String  `tfsdk:"source_id"`
	SourceName   types.String  `tfsdk:"source_name"`
	Target       types.String  `tfsdk:"target"`
	TargetID     types.String  `tfsdk:"target_id"`
	TargetName   types.String  `tfsdk:"target_name"`
	Platform     spelledString `tfsdk:"platform"`
	RepositoryID types.Int64   `tfsdk:"repository_id"`
	Mode         types.String  `tfsdk:"mode"`
	Name         types.String  `tfsdk:"name"`
	Partitions   types.List    `tfsdk:"partitions"`
	AfterReboot  spelledString `tfsdk:"after_reboot"`
	NetworkLimit types.Int64   `tfsdk:"network_limit"`
	ScheduleID   types.Int64   `tfsdk:"schedule_id"`
	ScriptPath   types.String  `tfsdk:"script_path"`
	ScriptRun    spelledString `tfsdk:"script_run"`
	Status       types.String  `tfsdk:"status"`
}

// partitionModel is one source/target pair, and the backup it restores.
type partitionModel struct {
	Source     spelledString `tfsdk:"source"`
	Target     spelledString `tfsdk:"target"`
	BackupJob  types.String  `tfsdk:"backup_job"`
	BackupFile types.String  `tfsdk:"backup_file"`
}

// The custom string types of the resource's attributes.
var (
	anyCaseString   = spelledStringType{spelling: anyCase}
	partitionString = spelledStringType{spelling: partitionSpelling}
)

// partitionType is the object type of a partitions element.
var partitionType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"source":      partitionString,
	"target":      partitionString,
	"backup_job":  types.StringType,
	"backup_file": types.StringType,
}}

var (
	_ resource.Resource                = (*recoveryJobResource)(nil)
	_ resource.ResourceWithConfigure   = (*recoveryJobResource)(nil)
	_ resource.ResourceWithImportState = (*recoveryJobResource)(nil)
)

func newRecoveryJobResource() resource.Resource { return &recoveryJobResource{} }

// Metadata names the resource zdm_recovery_job.
func (r *recoveryJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recovery_job"
}

// modeValidators accept the two recovery modes.
var modeValidators = []validator.String{stringvalidator.OneOf(string(zdm.ModeFull), string(zdm.ModeIncrement))}

// Schema describes the resource.
func (r *recoveryJobResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	const noClear = noClear + "job."
	resp.Schema = schema.Schema{
		Description: "A ZDM recovery job: restores a source server's backups onto a target server. " +
			"It is registered, changed in place and deleted; running it is a zdm_recovery_run. " +
			"Changing center, source, target, repository_id or partitions replaces the job (and deleting a job deletes its run histories); " +
			"name, mode, platform, after_reboot, network_limit, schedule_id, script_path and script_run change in place. " +
			"Respelling a value the way the server does (\"VMware\" for \"vmware\", \"C\" for \"C:\", a server's ID for its name) changes nothing.",
		Attributes: map[string]schema.Attribute{
			"id":     computedID("The recovery job's ID."),
			"center": centerAttribute("job", "The server never reports a job's center: an import by bare ID leaves it to the configuration, checked on the next apply."),
			"source": schema.StringAttribute{
				Required:      true,
				Description:   "The source server, by ID or name. Another server replaces the job; the same server by ID instead of name (or back) changes nothing.",
				PlanModifiers: []planmodifier.String{sameServer("source")},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"source_id":   computedID("The source server's ID, as the server reports it."),
			"source_name": computedID("The source server's name, as the server reports it."),
			"target": schema.StringAttribute{
				Required:      true,
				Description:   "The target server, by ID or name. Another server replaces the job; the same server by ID instead of name (or back) changes nothing.",
				PlanModifiers: []planmodifier.String{sameServer("target")},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"target_id":   computedID("The target server's ID, as the server reports it."),
			"target_name": computedID("The target server's name, as the server reports it."),
			"platform": schema.StringAttribute{
				Required:      true,
				CustomType:    anyCaseString,
				Description:   "The target platform, in any case: " + strings.Join(platforms, ", ") + ". Changed in place.",
				Validators:    []validator.String{stringvalidator.OneOfCaseInsensitive(platforms...)},
				PlanModifiers: []planmodifier.String{keepEquivalentSpelling(anyCase)},
			},
			"repository_id": schema.Int64Attribute{
				Required:      true,
				Description:   "The ID of the repository holding the backups. Changing it replaces the job.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"mode": schema.StringAttribute{
				Required:    true,
				Description: `The recovery mode, "full" or "increment". Changed in place.`,
				Validators:  modeValidators,
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The job's name, unique in its center. Changed in place. When unset, the provider names the job " +
					"`<source>-recovery-<8 hex digits>` itself, so that a create whose answer is lost can still find it.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"partitions": schema.ListNestedAttribute{
				Optional: true,
				Computed: true,
				Description: "Which source partition (or drive) is restored to which target one, from which backup; unset restores every partition to the same one. " +
					"A `zdm_recovery_plan`'s partitions fit here as they are. Changing it replaces the job.",
				PlanModifiers: []planmodifier.List{
					listplanmodifier.UseStateForUnknown(),
					listplanmodifier.RequiresReplace(),
				},
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"source": schema.StringAttribute{
						Required: true, CustomType: partitionString,
						Description:   `The source partition ("/", "/boot") or drive ("C:", or "C").`,
						PlanModifiers: []planmodifier.String{keepEquivalentSpelling(partitionSpelling)},
					},
					"target": schema.StringAttribute{
						Required: true, CustomType: partitionString,
						Description:   "The target partition or drive.",
						PlanModifiers: []planmodifier.String{keepEquivalentSpelling(partitionSpelling)},
					},
					"backup_job": schema.StringAttribute{
						Optional: true, Computed: true,
						Description:   "The backup job whose image is restored (`zdm_backup_job.<name>.name`); unset leaves the choice to the server (its latest successful one), and records it.",
						Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
					"backup_file": schema.StringAttribute{
						Optional: true, Computed: true,
						Description:   "The backup image restored (a file name, \"web01_ROOT_[2026-01-07_08_44].ZIA\"); unset restores the backup job's newest image at each run, and records what the server reports.",
						Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
				}},
			},
			"after_reboot": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				CustomType:  anyCaseString,
				Description: `What the target does once recovered: "reboot" (the server's default), "shutdown" or "maintain". Changed in place.`,
				Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive(afterRebootActions...)},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					keepEquivalentSpelling(anyCase),
				},
			},
			"network_limit": schema.Int64Attribute{
				Optional:      true,
				Computed:      true,
				Description:   "The transfer rate cap in Mbps; 0 (the server's default) is unlimited. Changed in place.",
				Validators:    []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"schedule_id": schema.Int64Attribute{
				Optional:    true,
				Description: "The ID of an existing schedule the job runs on. Changed in place. " + noClear,
				Validators:  []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = req.PlanValue.IsNull() && known(req.StateValue)
					}, noClear, noClear)},
			},
			"script_path": schema.StringAttribute{
				Optional:      true,
				Description:   "The path of a script run on the target around the recovery. Changed in place. " + noClear,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(removalReplaces(), noClear, noClear)},
			},
			"script_run": schema.StringAttribute{
				Optional:    true,
				CustomType:  anyCaseString,
				Description: `When the script runs, "before" or "after" the recovery (needs script_path). Changed in place. ` + noClear,
				Validators: []validator.String{
					stringvalidator.OneOfCaseInsensitive(scriptTimings...),
					stringvalidator.AlsoRequires(path.MatchRoot("script_path")),
				},
				PlanModifiers: []planmodifier.String{
					keepEquivalentSpelling(anyCase),
					stringplanmodifier.RequiresReplaceIf(removalReplaces(), noClear, noClear),
				},
			},
			"status": computedID("The job's status as the server spelled it when Terraform last read the job (Registered, Processing, Complete, Error, ...)."),
		},
	}
}

// partitionsOf reads the partitions attribute.
func partitionsOf(ctx context.Context, l types.List, diags *diag.Diagnostics) []partitionPair {
	if !known(l) {
		return nil
	}
	var rows []partitionModel
	diags.Append(l.ElementsAs(ctx, &rows, false)...)
	out := make([]partitionPair, len(rows))
	for i, p := range rows {
		out[i] = partitionPair{Source: p.Source.ValueString(), Target: p.Target.ValueString(),
			BackupJob: p.BackupJob.ValueString(), BackupFile: p.BackupFile.ValueString()}
	}
	return out
}

// settings are the job settings the model holds (empty for unknown or
// unset values).
func (m *recoveryJobModel) settings(ctx context.Context, diags *diag.Diagnostics) jobSettings {
	s := jobSettings{
		Center:       m.Center.ValueString(),
		Source:       m.Source.ValueString(),
		Target:       m.Target.ValueString(),
		Platform:     m.Platform.ValueString(),
		Mode:         m.Mode.ValueString(),
		Name:         m.Name.ValueString(),
		RepositoryID: m.RepositoryID.ValueInt64(),
		Partitions:   partitionsOf(ctx, m.Partitions, diags),
		AfterReboot:  m.AfterReboot.ValueString(),
		ScheduleID:   m.ScheduleID.ValueInt64(),
		ScriptPath:   m.ScriptPath.ValueString(),
		ScriptRun:    m.ScriptRun.ValueString(),
	}
	if known(m.NetworkLimit) {
		n := m.NetworkLimit.ValueInt64()
		s.NetworkLimit = &n
	}
	return s
}

// Read refreshes the job. A job the server says is gone leaves the
// state; any other failure (a wrong base path, a server error, rejected
// credentials) is an error that leaves the state as it was.
func (r *recoveryJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state recoveryJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	job, gresp, err := r.client.Recoveries.Get(ctx, state.ID.ValueString(), &zdm.GetRecoveryOptions{Center: state.Center.ValueString(), Detail: true})
	logCall(ctx, "read the recovery job", gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		resp.Diagnostics.AddWarning("Recovery job gone",
			"The recovery job "+state.ID.ValueString()+" no longer exists on the server; Terraform will plan to create it again.")
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addError(&resp.Diagnostics, "Could not read the recovery job "+state.ID.ValueString(), err, nil, "")
		return
	}
	state.fill(ctx, viewOf(job), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes what the API changes in place (and records a center
// adopted after an import by ID).
func (r *recoveryJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state recoveryJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, center := state.ID.ValueString(), plan.Center.ValueString()
	if state.Center.IsNull() && !adoptCenter(ctx, recoveryJobKind, id, center, func(ctx context.Context) (int, *zdm.Response, error) {
		jobs, lresp, err := r.client.Recoveries.List(ctx, &zdm.ListRecoveriesOptions{JobID: id, Center: center})
		return len(jobs), lresp, err
	}, &resp.Diagnostics) {
		return
	}
	ur, send := updateRequest(state.settings(ctx, &resp.Diagnostics), plan.settings(ctx, &resp.Diagnostics))
	if resp.Diagnostics.HasError() {
		return
	}
	if send {
		_, uresp, err := r.client.Recoveries.Update(ctx, id, ur)
		logCall(ctx, "update the recovery job", uresp, err)
		if err != nil {
			addError(&resp.Diagnostics, "Could not update the recovery job "+id, err, nil, "")
			return
		}
	}
	job, gresp, err := r.client.Recoveries.Get(ctx, id, &zdm.GetRecoveryOptions{Center: center, Detail: true})
	logCall(ctx, "read the recovery job", gresp, err)
	if err != nil {
		addError(&resp.Diagnostics, "Updated the recovery job "+id+" but could not read it back", err, nil, "")
		return
	}
	planned := plan.Status // the prior status: what the plan promised
	plan.ID = state.ID
	plan.fill(ctx, viewOf(job), &resp.Diagnostics)
	if known(planned) {
		plan.Status = planned
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the job (the server deletes its histories and logs with
// it); one already gone is deleted.
func (r *recoveryJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state recoveryJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteOrGone(ctx, "recovery job "+state.ID.ValueString(), func(ctx context.Context) (*zdm.Response, error) {
		_, dresp, err := r.client.Recoveries.Delete(ctx, state.ID.ValueString(), &zdm.DeleteRecoveryOptions{Center: state.Center.ValueString()})
		return dresp, err
	}, &resp.Diagnostics)
}

// ImportState adopts a job by center and name or ID ("zdm-a/nightly",
// "zdm-a/42"), or by bare ID ("42"), which leaves the center to the
// configuration.
func (r *recoveryJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importJob(ctx, recoveryJobKind, r.findRecovery, recoveryID, req, resp)
}

// fill sets what the server reports of the job. Values that spell what
// the model holds differently are left to semantic equality (platform,
// partitions) or kept here (a server given by ID or name).
func (m *recoveryJobModel) fill(ctx context.Context, v jobView, diags *diag.Diagnostics) {
	if v.ID != "" {
		m.ID = types.StringValue(v.ID)
	}
	m.Name = types.StringValue(v.Name)
	m.Status = types.StringValue(v.Status)
	m.Source, m.SourceID, m.SourceName = serverValues(m.Source, v.Source)
	m.Target, m.TargetID, m.TargetName = serverValues(m.Target, v.Target)
	if v.Platform != "" {
		m.Platform = spelled(anyCase, v.Platform)
	}
	if v.Mode != "" {
		m.Mode = types.StringValue(v.Mode)
	}
	if v.RepositoryID != 0 {
		m.RepositoryID = types.Int64Value(v.RepositoryID)
	}
	if len(v.Partitions) > 0 {
		var prior []partitionModel
		if known(m.Partitions) {
			diags.Append(m.Partitions.ElementsAs(ctx, &prior, false)...)
		}
		rows := make([]partitionModel, len(v.Partitions))
		for i, p := range v.Partitions {
			rows[i] = partitionModel{Source: spelled(partitionSpelling, p.Source), Target: spelled(partitionSpelling, p.Target),
				BackupJob: types.StringNull(), BackupFile: types.StringNull()}
			if i < len(prior) {
				// What the answer leaves out keeps what the model holds.
				rows[i].BackupJob, rows[i].BackupFile = prior[i].BackupJob, prior[i].BackupFile
			}
			rows[i].BackupJob = sentOr(p.BackupJob, rows[i].BackupJob)
			rows[i].BackupFile = sentOr(p.BackupFile, rows[i].BackupFile)
		}
		l, d := types.ListValueFrom(ctx, partitionType, rows)
		diags.Append(d...)
		m.Partitions = l
	} else if m.Partitions.IsUnknown() {
		m.Partitions = types.ListNull(partitionType)
	}
	// A setting the answer leaves out (an older server's, or one the API
	// cannot clear) keeps what the model holds.
	if v.AfterReboot != "" || !known(m.AfterReboot) {
		m.AfterReboot = spelledOrNull(anyCase, v.AfterReboot)
	}
	if v.NetworkLimit != nil {
		m.NetworkLimit = types.Int64Value(*v.NetworkLimit)
	} else if m.NetworkLimit.IsUnknown() {
		m.NetworkLimit = types.Int64Null()
	}
	if v.ScheduleID != 0 {
		m.ScheduleID = types.Int64Value(v.ScheduleID)
	}
	if v.ScriptPath != "" {
		m.ScriptPath = types.StringValue(v.ScriptPath)
	}
	if v.ScriptRun != "" {
		m.ScriptRun = spelled(anyCase, v.ScriptRun)
	}
}

// serverValues are a source or target attribute and its _id and _name:
// the prior spelling when it names the server the answer reports (by ID
// or name), else the server's name.
func serverValues(prior types.String, s serverRef) (value, id, name types.String) {
	switch {
	case known(prior) && (s.Name == "" || s.names(prior.ValueString())):
		value = prior
	case s.Name != "":
		value = types.StringValue(s.Name)
	default:
		value = types.StringValue(s.ID)
	}
	id = types.StringNull()
	if s.ID != "" {
		id = types.StringValue(s.ID)
	}
	return value, id, types.StringValue(s.Name)
}

// spelledOrNull is s as a value of the spelling's type, null for "".
func spelledOrNull(sp spelling, s string) spelledString {
	if s == "" {
		return spelledNull(sp)
	}
	return spelled(sp, s)
}

// sentOr is s as a value, or, when the server sent nothing, prior (null
// when prior is unknown).
func sentOr(s string, prior types.String) types.String {
	switch {
	case s != "":
		return types.StringValue(s)
	case prior.IsUnknown():
		return types.StringNull()
	}
	return prior
}
