package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// backupJobResource is the zdm_backup_job resource: one backup job, the
// backups of one partition (or drive) of a server, registered, changed
// and deleted. Running it is zdm_backup_run's.
type backupJobResource struct {
	jobResource[*zdm.Backup, backupJobModel, *backupJobModel]
}

// backupJobModel is the resource's state.
type backupJobModel struct {
	jobState
	Server       types.String  `tfsdk:"server"`
	ServerID     types.String  `tfsdk:"server_id"`
	ServerName   types.String  `tfsdk:"server_name"`
	Partition    spelledString `tfsdk:"partition"`
	Mode         types.String  `tfsdk:"mode"`
	RepositoryID types.Int64   `tfsdk:"repository_id"`
	ScheduleID   types.Int64   `tfsdk:"schedule_id"`
	Rotation     types.Int64   `tfsdk:"rotation"`
	Compression  types.Bool    `tfsdk:"compression"`
	Encryption   types.Bool    `tfsdk:"encryption"`
	ExcludeDirs  types.Set     `tfsdk:"exclude_dirs"`
	NetworkLimit types.Int64   `tfsdk:"network_limit"`
	ScriptPath   types.String  `tfsdk:"script_path"`
	ScriptRun    spelledString `tfsdk:"script_run"`
}

// backupModes are the modes of a backup job.
var backupModes = []string{string(zdm.BackupModeFull), string(zdm.BackupModeIncrement), string(zdm.BackupModeSmart)}

var (
	_ resource.ResourceWithConfigure   = (*backupJobResource)(nil)
	_ resource.ResourceWithImportState = (*backupJobResource)(nil)
	// The lifecycle looks for these: a changed signature would skip them.
	_ unreadSettings[backupJobModel] = (*backupJobModel)(nil)
	_ updateChecker[backupJobModel]  = (*backupJobModel)(nil)
)

func newBackupJobResource() resource.Resource {
	return &backupJobResource{jobResource[*zdm.Backup, backupJobModel, *backupJobModel]{
		kind: backupJobKind, family: func(c *zdm.Client) jobFamily[*zdm.Backup, backupJobModel] { return backupJobs{c} }}}
}

// Schema describes the resource.
func (r *backupJobResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	const notRead = " Servers never return it: it is kept from the configuration, and a change made outside Terraform is not detected."
	const keepsJobs = " Removing it from the configuration keeps the job's."
	scriptPath, scriptRun := scriptAttributes("the server", "backup", notRead)
	attrs := map[string]schema.Attribute{
		"partition": schema.StringAttribute{
			Required:      true,
			CustomType:    partitionString,
			Description:   `The partition ("/", "/boot") or drive ("C:", or "C") to back up. Changing it replaces the job.`,
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{keepEquivalentSpelling(partitionSpelling), stringplanmodifier.RequiresReplace()},
		},
		"name": schema.StringAttribute{
			Required: true,
			Description: "The job's name, unique in its center, registered as given (no partition suffix): recoveries name the job by it, " +
				"and its images are named after it. Changed in place.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"mode": schema.StringAttribute{
			Required: true,
			Description: `"full", "increment" or "smart" (smart jobs need a smart schedule). Changed in place. ` +
				"Servers switch a job's mode themselves when given a schedule of the other kind: the provider sends the mode with every schedule change so that the configured one stays, and reads it back.",
			Validators: []validator.String{stringvalidator.OneOf(backupModes...)},
		},
		"repository_id": schema.Int64Attribute{
			Required:    true,
			Description: "The ID of the repository the images are written to (`zdm_repository.<name>.id`). Changed in place.",
			Validators:  []validator.Int64{int64validator.AtLeast(1)},
		},
		"schedule_id": scheduleIDAttribute("The ID of a schedule to run the job on (`zdm_schedule.<name>.id`): basic types (0 to 6) for full and increment jobs, smart ones for smart jobs. " +
			"Servers copy it into a schedule of the job's own, so the job never reports this ID back: a change made outside Terraform is not detected."),
		"rotation": schema.Int64Attribute{
			Optional:      true,
			Computed:      true,
			Description:   "How many images are kept, 1 to 30; unset takes the server's default (1). Changed in place." + keepsJobs,
			Validators:    []validator.Int64{int64validator.Between(1, 30)},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		"compression": schema.BoolAttribute{
			Optional:      true,
			Computed:      true,
			Description:   "Whether images are compressed; unset takes the server's default. Changed in place." + keepsJobs,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"encryption": schema.BoolAttribute{
			Optional:      true,
			Computed:      true,
			Description:   "Whether images are encrypted; unset takes the server's default. Changed in place." + keepsJobs,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"exclude_dirs": schema.SetAttribute{
			Optional:      true,
			Computed:      true,
			ElementType:   types.StringType,
			Description:   `Directories left out of the backups ("/tmp"). Changed in place.` + keepsJobs,
			Validators:    []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
		},
		"network_limit": networkLimitAttribute(keepsJobs),
		"script_path":   scriptPath,
		"script_run":    scriptRun,
	}
	maps.Copy(attrs, jobServerAttributes("server", "The source server to back up", "The server's"))
	resp.Schema = jobSchema(backupJobKind, "A ZDM backup job: the backups of one partition (or drive) of a source server into a repository, each run writing a backup image "+
		"(the input of a recovery). Servers make one job per partition; this resource registers one, under its name verbatim. "+
		"It is registered, changed in place and deleted (deleting it deletes its run histories and logs; its images stay in the repository); running it is a zdm_backup_run. "+
		"Changing center, server or partition replaces the job; the other settings change in place.", "Registered, Scheduled, Processing", attrs)
}

// ImportState adopts a job by center and name or ID ("zdm-a/web01-root",
// "zdm-a/42"), or by bare ID ("42"), which leaves the center to the
// configuration. What the server never returns (schedule_id, the script)
// is recorded from the configuration by the next apply, not sent.
func (r *backupJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.jobResource.ImportState(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
		resp.Diagnostics.AddWarning("Backup job schedule and script not imported",
			"Servers never return a backup job's schedule_id (they copy the schedule) or its script: the next apply records the configured "+
				"ones in place, sending nothing. Check that they are the job's.")
	}
}

// recordConfigured takes, after an import, what servers never return of
// a backup job (its schedule and script) from the plan: not sent again,
// as a schedule would be copied once more.
func (m *backupJobModel) recordConfigured(plan *backupJobModel) {
	m.ScheduleID, m.ScriptPath, m.ScriptRun = plan.ScheduleID, plan.ScriptPath, plan.ScriptRun
}

// kept refuses a mode the server switched by itself after an update.
func (m *backupJobModel) kept(planned *backupJobModel, diags *diag.Diagnostics) bool {
	if got, mode := m.Mode.ValueString(), planned.Mode.ValueString(); got != mode {
		diags.AddAttributeError(path.Root("mode"), "The server changed the backup job's mode",
			fmt.Sprintf("The server reports mode %q after the update, not %q: servers switch a job's mode to its schedule's kind "+
				"(basic schedules for full and increment jobs, smart ones for smart jobs). Make mode and schedule_id agree.", got, mode))
		return false
	}
	return true
}

// backupJobs is what the provider does with the Backups API: a
// jobFamily for zdm_backup_job, a jobRunner for zdm_backup_run.
type backupJobs struct{ c *zdm.Client }

// get reads the backup job of that name (or ID) in the center, with its
// settings.
func (b backupJobs) get(ctx context.Context, center, ident string) (*zdm.Backup, *zdm.Response, error) {
	return b.c.Backups.Get(ctx, ident, &zdm.GetBackupOptions{Center: center, Detail: true})
}

// id is a backup job's ID, as the resource's id holds it.
func (backupJobs) id(job *zdm.Backup) string { return strconv.FormatInt(job.Job.Info.ID, 10) }

// create is the create request of the plan: the one partition, with an
// individual setting that registers the name verbatim.
func (b backupJobs) create(ctx context.Context, m *backupJobModel, diags *diag.Diagnostics) jobCreate {
	part := m.Partition.ValueString()
	cr := &zdm.CreateBackupRequest{
		Center:      m.Center.ValueString(),
		Server:      m.Server.ValueString(),
		Mode:        zdm.BackupMode(m.Mode.ValueString()),
		Partitions:  []string{part},
		Repository:  zdm.RepositoryRef{ID: m.RepositoryID.ValueInt64()},
		ScheduleID:  m.ScheduleID.ValueInt64(),
		Rotation:    int(m.Rotation.ValueInt64()),
		ExcludeDirs: stringsOf(ctx, m.ExcludeDirs, diags),
		ScriptPath:  m.ScriptPath.ValueString(),
		ScriptRun:   zdm.ScriptTiming(strings.ToLower(m.ScriptRun.ValueString())),
		Individual:  []zdm.BackupPartitionSettings{{Partition: part, JobName: m.Name.ValueString()}},
	}
	if known(m.Compression) {
		cr.Compression = m.Compression.ValueBoolPointer()
	}
	if known(m.Encryption) {
		cr.Encryption = m.Encryption.ValueBoolPointer()
	}
	if known(m.NetworkLimit) {
		cr.NetworkLimit = int(m.NetworkLimit.ValueInt64())
	}
	return jobCreate{name: m.Name.ValueString(), send: func(ctx context.Context) jobCreated {
		res, cresp, err := b.c.Backups.Create(ctx, cr)
		failed := "Could not create the backup job"
		if res != nil {
			for _, j := range res.Jobs {
				if j.ErrorMessage != "" {
					failed += ": " + j.ErrorMessage
				}
			}
		}
		return jobCreated{resp: cresp, err: err, failed: failed}
	}}
}

// update is the update that takes the job from state to plan; nil when
// there is nothing to send.
func (b backupJobs) update(ctx context.Context, plan, state *backupJobModel, diags *diag.Diagnostics) func(context.Context, string) (*zdm.Response, error) {
	ur, send := plan.updateRequest(ctx, state, diags)
	if !send {
		return nil
	}
	return func(ctx context.Context, id string) (*zdm.Response, error) {
		_, uresp, err := b.c.Backups.Update(ctx, id, ur)
		return uresp, err
	}
}

// count is how many backup jobs of that ID the center has.
func (b backupJobs) count(ctx context.Context, id, center string) (int, *zdm.Response, error) {
	jobs, lresp, err := b.c.Backups.List(ctx, &zdm.ListBackupsOptions{JobID: id, Center: center})
	return len(jobs), lresp, err
}

// delete deletes the backup job (its histories and logs with it; its
// images stay).
func (b backupJobs) delete(ctx context.Context, id, center string) (*zdm.Response, error) {
	_, dresp, err := b.c.Backups.Delete(ctx, id, &zdm.DeleteBackupOptions{Center: center})
	return dresp, err
}

// updateRequest is the update that takes the job from state to plan,
// and whether there is anything to send. The mode is sent with every
// schedule change: servers switch it to the schedule's kind otherwise.
func (m *backupJobModel) updateRequest(ctx context.Context, state *backupJobModel, diags *diag.Diagnostics) (*zdm.UpdateBackupRequest, bool) {
	ur := &zdm.UpdateBackupRequest{Center: m.Center.ValueString()}
	send := false
	if m.Name.ValueString() != state.Name.ValueString() {
		ur.Name, send = m.Name.ValueString(), true
	}
	if m.Mode.ValueString() != state.Mode.ValueString() {
		ur.Mode, send = zdm.BackupMode(m.Mode.ValueString()), true
	}
	if known(m.ScheduleID) && !m.ScheduleID.Equal(state.ScheduleID) {
		ur.ScheduleID, ur.Mode, send = m.ScheduleID.ValueInt64(), zdm.BackupMode(m.Mode.ValueString()), true
	}
	if m.RepositoryID.ValueInt64() != state.RepositoryID.ValueInt64() {
		ur.Repository, send = &zdm.RepositoryRef{ID: m.RepositoryID.ValueInt64()}, true
	}
	if known(m.Rotation) && !m.Rotation.Equal(state.Rotation) {
		n := int(m.Rotation.ValueInt64())
		ur.Rotation, send = &n, true
	}
	if known(m.Compression) && !m.Compression.Equal(state.Compression) {
		ur.Compression, send = m.Compression.ValueBoolPointer(), true
	}
	if known(m.Encryption) && !m.Encryption.Equal(state.Encryption) {
		ur.Encryption, send = m.Encryption.ValueBoolPointer(), true
	}
	if known(m.ExcludeDirs) && !m.ExcludeDirs.Equal(state.ExcludeDirs) {
		ur.ExcludeDirs, send = stringsOf(ctx, m.ExcludeDirs, diags), true
	}
	if known(m.NetworkLimit) && !m.NetworkLimit.Equal(state.NetworkLimit) {
		n := int(m.NetworkLimit.ValueInt64())
		ur.NetworkLimit, send = &n, true
	}
	if known(m.ScriptPath) && m.ScriptPath.ValueString() != state.ScriptPath.ValueString() {
		ur.ScriptPath, send = m.ScriptPath.ValueString(), true
	}
	if known(m.ScriptRun) && !strings.EqualFold(m.ScriptRun.ValueString(), state.ScriptRun.ValueString()) {
		ur.ScriptRun, send = zdm.ScriptTiming(strings.ToLower(m.ScriptRun.ValueString())), true
	}
	return ur, send
}

// fill sets what the server reports of the job. A setting the answer
// leaves out (the script, which servers never return; options an answer
// without detail lacks) keeps what the model holds.
func (m *backupJobModel) fill(ctx context.Context, b *zdm.Backup, diags *diag.Diagnostics) {
	info := b.Job.Info
	m.ID = types.StringValue(strconv.FormatInt(info.ID, 10))
	m.Name = types.StringValue(info.Name)
	m.Status = types.StringValue(string(info.Status.Current))
	m.Server, m.ServerID, m.ServerName = serverValues(m.Server, serverRef{ID: idText(b.System.ID), Name: b.System.Name})
	if p := info.PartitionName(); p != "" {
		m.Partition = spelled(partitionSpelling, p)
	}
	if mode := backupMode(info.Mode); mode != "" {
		m.Mode = types.StringValue(mode)
	}
	if b.Repository.ID != 0 {
		m.RepositoryID = types.Int64Value(b.Repository.ID)
	}
	o := info.Options
	if o.Rotation > 0 {
		m.Rotation = types.Int64Value(int64(o.Rotation))
	}
	detailed := o.Rotation > 0 || o.NetworkSpeed != "" // an answer with the options
	if detailed || !known(m.Compression) {
		m.Compression = types.BoolValue(o.Compression)
	}
	if detailed || !known(m.Encryption) {
		m.Encryption = types.BoolValue(o.Encryption)
	}
	if dirs := slices.DeleteFunc(slices.Clone(o.ExcludeDirs), func(s string) bool { return strings.TrimSpace(s) == "" }); len(dirs) > 0 {
		set, d := types.SetValueFrom(ctx, types.StringType, dirs)
		diags.Append(d...)
		m.ExcludeDirs = set
	} else if detailed || !known(m.ExcludeDirs) {
		m.ExcludeDirs = types.SetNull(types.StringType)
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(o.NetworkSpeed), 10, 64); err == nil {
		m.NetworkLimit = types.Int64Value(n)
	} else if m.NetworkLimit.IsUnknown() {
		m.NetworkLimit = types.Int64Null()
	}
	if m.Rotation.IsUnknown() {
		m.Rotation = types.Int64Null()
	}
}

// backupMode is a backup job's mode as the servers spell it ("full",
// "Full Backup", "Incremental", "Smart Backup"), one of backupModes; ""
// for anything else.
func backupMode(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "smart"):
		return string(zdm.BackupModeSmart)
	case strings.Contains(s, "incr"):
		return string(zdm.BackupModeIncrement)
	case strings.Contains(s, "full"):
		return string(zdm.BackupModeFull)
	}
	return ""
}
