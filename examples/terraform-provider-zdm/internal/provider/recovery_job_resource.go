package provider

import (
	"context"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	jobResource[*zdm.Recovery, recoveryJobModel, *recoveryJobModel]
}

// recoveryJobModel is the resource's state.
type recoveryJobModel struct {
	jobState
	Source       types.String  `tfsdk:"source"`
	SourceID     types.String  `tfsdk:"source_id"`
	SourceName   types.String  `tfsdk:"source_name"`
	Target       types.String  `tfsdk:"target"`
	TargetID     types.String  `tfsdk:"target_id"`
	TargetName   types.String  `tfsdk:"target_name"`
	Platform     spelledString `tfsdk:"platform"`
	RepositoryID types.Int64   `tfsdk:"repository_id"`
	Mode         types.String  `tfsdk:"mode"`
	Partitions   types.List    `tfsdk:"partitions"`
	AfterReboot  spelledString `tfsdk:"after_reboot"`
	NetworkLimit types.Int64   `tfsdk:"network_limit"`
	ScheduleID   types.Int64   `tfsdk:"schedule_id"`
	ScriptPath   types.String  `tfsdk:"script_path"`
	ScriptRun    spelledString `tfsdk:"script_run"`
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
	_ resource.ResourceWithConfigure   = (*recoveryJobResource)(nil)
	_ resource.ResourceWithImportState = (*recoveryJobResource)(nil)
)

func newRecoveryJobResource() resource.Resource {
	return &recoveryJobResource{jobResource[*zdm.Recovery, recoveryJobModel, *recoveryJobModel]{
		kind: recoveryJobKind, family: func(c *zdm.Client) jobFamily[*zdm.Recovery, recoveryJobModel] { return recoveryJobs{c} }}}
}

// modeValidators accept the two recovery modes.
var modeValidators = []validator.String{stringvalidator.OneOf(string(zdm.ModeFull), string(zdm.ModeIncrement))}

// Schema describes the resource.
func (r *recoveryJobResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	scriptPath, scriptRun := scriptAttributes("the target", "recovery", "")
	attrs := map[string]schema.Attribute{
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
		"network_limit": networkLimitAttribute(""),
		"schedule_id":   scheduleIDAttribute("The ID of an existing schedule the job runs on."),
		"script_path":   scriptPath,
		"script_run":    scriptRun,
	}
	maps.Copy(attrs, jobServerAttributes("source", "The source server", "The source server's"))
	maps.Copy(attrs, jobServerAttributes("target", "The target server", "The target server's"))
	resp.Schema = jobSchema(recoveryJobKind, "A ZDM recovery job: restores a source server's backups onto a target server. "+
		"It is registered, changed in place and deleted; running it is a zdm_recovery_run. "+
		"Changing center, source, target, repository_id or partitions replaces the job (and deleting a job deletes its run histories); "+
		"name, mode, platform, after_reboot, network_limit, schedule_id, script_path and script_run change in place. "+
		"Respelling a value the way the server does (\"VMware\" for \"vmware\", \"C\" for \"C:\", a server's ID for its name) changes nothing.",
		"Registered, Processing", attrs)
}

// recoveryJobs is what the provider does with the Recoveries API: a
// jobFamily for zdm_recovery_job, a jobRunner for zdm_recovery_run.
type recoveryJobs struct{ c *zdm.Client }

// get reads the recovery job of that name (or ID) in the center, with
// its settings.
func (r recoveryJobs) get(ctx context.Context, center, ident string) (*zdm.Recovery, *zdm.Response, error) {
	return r.c.Recoveries.Get(ctx, ident, &zdm.GetRecoveryOptions{Center: center, Detail: true})
}

// id is a recovery job's ID, as the resource's id holds it.
func (recoveryJobs) id(job *zdm.Recovery) string { return viewOf(job).ID }

// update is the update that takes the job from state to plan; nil when
// there is nothing to send.
func (r recoveryJobs) update(ctx context.Context, plan, state *recoveryJobModel, diags *diag.Diagnostics) func(context.Context, string) (*zdm.Response, error) {
	ur, send := updateRequest(state.settings(ctx, diags), plan.settings(ctx, diags))
	if !send {
		return nil
	}
	return func(ctx context.Context, id string) (*zdm.Response, error) {
		_, uresp, err := r.c.Recoveries.Update(ctx, id, ur)
		return uresp, err
	}
}

// count is how many recovery jobs of that ID the center has.
func (r recoveryJobs) count(ctx context.Context, id, center string) (int, *zdm.Response, error) {
	jobs, lresp, err := r.c.Recoveries.List(ctx, &zdm.ListRecoveriesOptions{JobID: id, Center: center})
	return len(jobs), lresp, err
}

// delete deletes the recovery job (its histories and logs with it).
func (r recoveryJobs) delete(ctx context.Context, id, center string) (*zdm.Response, error) {
	_, dresp, err := r.c.Recoveries.Delete(ctx, id, &zdm.DeleteRecoveryOptions{Center: center})
	return dresp, err
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

// fill sets what the server reports of the job. Values that spell what
// the model holds differently are left to semantic equality (platform,
// partitions) or kept here (a server given by ID or name).
func (m *recoveryJobModel) fill(ctx context.Context, job *zdm.Recovery, diags *diag.Diagnostics) {
	v := viewOf(job)
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
