package provider

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// defaultCreateTimeout bounds a create that runs the recovery
// (start_on_create) when the configuration sets no timeouts.create.
const defaultCreateTimeout = 60 * time.Minute

// recoveryJobResource is the zdm_recovery_job resource.
type recoveryJobResource struct {
	client *zdm.Client
}

// recoveryJobModel is the resource's state.
type recoveryJobModel struct {
	ID            types.String   `tfsdk:"id"`
	Center        types.String   `tfsdk:"center"`
	Source        types.String   `tfsdk:"source"`
	Target        types.String   `tfsdk:"target"`
	Platform      types.String   `tfsdk:"platform"`
	RepositoryID  types.Int64    `tfsdk:"repository_id"`
	Mode          types.String   `tfsdk:"mode"`
	Name          types.String   `tfsdk:"name"`
	Partitions    types.List     `tfsdk:"partitions"`
	StartOnCreate types.Bool     `tfsdk:"start_on_create"`
	Status        types.String   `tfsdk:"status"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

// partitionModel is one source/target pair.
type partitionModel struct {
	Source types.String `tfsdk:"source"`
	Target types.String `tfsdk:"target"`
}

// partitionType is the object type of a partitions element.
var partitionType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"source": types.StringType,
	"target": types.StringType,
}}

var (
	_ resource.Resource                = (*recoveryJobResource)(nil)
	_ resource.ResourceWithConfigure   = (*recoveryJobResource)(nil)
	_ resource.ResourceWithImportState = (*recoveryJobResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*recoveryJobResource)(nil)
)

func newRecoveryJobResource() resource.Resource { return &recoveryJobResource{} }

// Metadata names the resource zdm_recovery_job.
func (r *recoveryJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recovery_job"
}

// modeValidators accept the two recovery modes.
var modeValidators = []validator.String{stringvalidator.OneOf(string(zdm.ModeFull), string(zdm.ModeIncrement))}

// Schema describes the resource.
func (r *recoveryJobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	// A source or target respelled as the same server (its ID for its
	// name, or back) is changed in place: after an import, the state names
	// the servers, and a configuration may give their IDs.
	server := func(attr string) []planmodifier.String {
		desc := "Changing the " + attr + " server replaces the job."
		return []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
			func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
				s, d := recordedServers(ctx, req.Private)
				resp.Diagnostics.Append(d...)
				resp.RequiresReplace = !s.of(attr).matches(req.PlanValue.ValueString())
			}, desc, desc)}
	}
	resp.Schema = schema.Schema{
		Description: "A ZDM recovery job: restores a source server's backups onto a target server. " +
			"Changing center, source, target, platform, repository_id or partitions replaces the job (giving the same server by ID instead of name, or back, does not); mode and name change in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The recovery job's ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"center": schema.StringAttribute{
				Required:    true,
				Description: "The ZDM center (ID or name) the job belongs to.",
				// A job imported by ID has no center in state: adopting the
				// configured one checks it and does not replace the job.
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !req.StateValue.IsNull()
					}, "Changing the center replaces the job.", "Changing the center replaces the job.")},
			},
			"source":   schema.StringAttribute{Required: true, Description: "The source server (ID or name).", PlanModifiers: server("source")},
			"target":   schema.StringAttribute{Required: true, Description: "The target server (ID or name).", PlanModifiers: server("target")},
			"platform": schema.StringAttribute{Required: true, Description: "The target platform: vmware, openstack, aws, ...", PlanModifiers: replace},
			"repository_id": schema.Int64Attribute{
				Required:      true,
				Description:   "The ID of the repository holding the backups.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"mode": schema.StringAttribute{
				Required:    true,
				Description: `The recovery mode, "full" or "increment"; changed in place.`,
				Validators:  modeValidators,
			},
			"name": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "The job's name (the server makes one up when unset); changed in place.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"partitions": schema.ListNestedAttribute{
				Optional:    true,
				Computed:    true,
				Description: "Which source partition (or drive) is restored to which target one; unset restores / to /.",
				PlanModifiers: []planmodifier.List{
					listplanmodifier.UseStateForUnknown(),
					listplanmodifier.RequiresReplace(),
				},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"source": schema.StringAttribute{Required: true, Description: `The source partition ("/", "/boot") or drive ("C:").`},
					"target": schema.StringAttribute{Required: true, Description: "The target partition or drive."},
				}},
			},
			"start_on_create": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Run the recovery when the job is created and wait for it to end (bounded by timeouts.create, " +
					"default 60m). A failed run fails the apply and leaves the job tainted.",
			},
			"status": schema.StringAttribute{
				Computed:    true,
				Description: "The job's status as the server spells it (Registered, Processing, Complete, Error, ...).",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}

// Configure takes the provider's client.
func (r *recoveryJobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, err := configuredData(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected provider data", err.Error())
		return
	}
	if d != nil {
		r.client = d.client
	}
}

// partitionsOf reads the partitions attribute.
func partitionsOf(ctx context.Context, l types.List, diags *diag.Diagnostics) []partitionModel {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []partitionModel
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

// Create registers the job, optionally runs it, and reads it back.
func (r *recoveryJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan recoveryJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	center := plan.Center.ValueString()
	cr := &zdm.CreateRecoveryRequest{
		Center:     center,
		Source:     plan.Source.ValueString(),
		Target:     plan.Target.ValueString(),
		Platform:   zdm.Platform(plan.Platform.ValueString()),
		Repository: zdm.RepositoryRef{ID: plan.RepositoryID.ValueInt64()},
		Mode:       zdm.Mode(plan.Mode.ValueString()),
		JobName:    plan.Name.ValueString(), // "" when unknown: the server names it
	}
	for _, p := range partitionsOf(ctx, plan.Partitions, &resp.Diagnostics) {
		cr.Partitions = append(cr.Partitions, zdm.PartitionMapping{SourcePartition: p.Source.ValueString(), TargetPartition: p.Target.ValueString()})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	res, cresp, err := r.client.Recoveries.Create(ctx, cr)
	createID := ""
	if cresp != nil {
		createID = cresp.RequestID
	}
	partial := errors.Is(err, zdm.ErrPartialFailure) && res != nil && res.JobName != ""
	if err != nil && !partial {
		addError(&resp.Diagnostics, "Could not create the recovery job", err, nil, createID)
		return
	}
	// Servers answer no job ID: look the job up by the name registered.
	job, _, gerr := r.client.Recoveries.Get(ctx, res.JobName, &zdm.GetRecoveryOptions{Center: center, Detail: true})
	if gerr != nil {
		addError(&resp.Diagnostics, "Created the recovery job "+strconv.Quote(res.JobName)+" but could not read it back", gerr, nil, createID)
		resp.Diagnostics.AddWarning("Recovery job may be left behind",
			"The job "+strconv.Quote(res.JobName)+" was registered in center "+strconv.Quote(center)+
				" but is not in Terraform's state: import it (terraform import ... "+center+"/"+res.JobName+") or delete it.")
		return
	}
	plan.ID = types.StringValue(idText(job.Job.Info.ID))
	r.fill(ctx, &plan, job, &resp.Diagnostics)
	resp.Diagnostics.Append(recordServers(ctx, resp.Private, job)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if partial {
		// The job exists and is in state: the apply fails, and the job is
		// tainted, so the next apply replaces it.
		addError(&resp.Diagnostics, "The recovery job was registered only in part", err, nil, createID)
		return
	}
	if !plan.StartOnCreate.ValueBool() {
		return
	}

	snap, runErr := r.client.Recoveries.Run(ctx, plan.ID.ValueString(), center, nil)
	if job, _, err := r.client.Recoveries.Get(ctx, plan.ID.ValueString(), &zdm.GetRecoveryOptions{Center: center, Detail: true}); err == nil {
		r.fill(ctx, &plan, job, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
	if runErr != nil {
		summary := "The recovery run failed"
		if errors.Is(runErr, context.DeadlineExceeded) {
			summary = "The recovery run did not end within timeouts.create (" + timeout.String() + ")"
		}
		addError(&resp.Diagnostics, summary+" (job "+strconv.Quote(plan.Name.ValueString())+", ID "+plan.ID.ValueString()+")", runErr, snap, createID)
	}
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
	job, _, err := r.client.Recoveries.Get(ctx, state.ID.ValueString(), &zdm.GetRecoveryOptions{Center: state.Center.ValueString(), Detail: true})
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
	if state.StartOnCreate.IsNull() { // imported
		state.StartOnCreate = types.BoolValue(false)
	}
	r.fill(ctx, &state, job, &resp.Diagnostics)
	resp.Diagnostics.Append(recordServers(ctx, resp.Private, job)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes the mode and the name in place (and records a center
// adopted after an import by ID).
func (r *recoveryJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state recoveryJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, center := state.ID.ValueString(), plan.Center.ValueString()
	if state.Center.IsNull() {
		// Adopting a center: the job must belong to it.
		jobs, _, err := r.client.Recoveries.List(ctx, &zdm.ListRecoveriesOptions{JobID: id, Center: center})
		if err != nil {
			addError(&resp.Diagnostics, "Could not check the recovery job's center", err, nil, "")
			return
		}
		if len(jobs) == 0 {
			resp.Diagnostics.AddAttributeError(path.Root("center"), "Recovery job not in this center",
				"The recovery job "+id+" does not belong to center "+strconv.Quote(center)+".")
			return
		}
	}
	ur := &zdm.UpdateRecoveryRequest{Center: center}
	if !plan.Mode.Equal(state.Mode) {
		ur.Mode = zdm.Mode(plan.Mode.ValueString())
	}
	if !plan.Name.IsUnknown() && !plan.Name.Equal(state.Name) {
		ur.Name = plan.Name.ValueString()
	}
	if ur.Mode != "" || ur.Name != "" {
		if _, _, err := r.client.Recoveries.Update(ctx, id, ur); err != nil {
			addError(&resp.Diagnostics, "Could not update the recovery job "+id, err, nil, "")
			return
		}
	}
	job, _, err := r.client.Recoveries.Get(ctx, id, &zdm.GetRecoveryOptions{Center: center, Detail: true})
	if err != nil {
		addError(&resp.Diagnostics, "Updated the recovery job "+id+" but could not read it back", err, nil, "")
		return
	}
	plan.ID = state.ID
	planned := plan.Status // known when ModifyPlan kept it
	r.fill(ctx, &plan, job, &resp.Diagnostics)
	resp.Diagnostics.Append(recordServers(ctx, resp.Private, job)...)
	if !planned.IsUnknown() {
		plan.Status = planned
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// ModifyPlan keeps the status when nothing the job is made of changes.
// Terraform proposes a null partitions list for a configuration without
// one, which makes the framework plan every computed attribute anew: a
// no-op would otherwise show as "status known after apply".
func (r *recoveryJobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state recoveryJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	same := plan.Center.Equal(state.Center) && plan.Source.Equal(state.Source) && plan.Target.Equal(state.Target) &&
		plan.Platform.Equal(state.Platform) && plan.RepositoryID.Equal(state.RepositoryID) && plan.Mode.Equal(state.Mode) &&
		plan.Name.Equal(state.Name) && plan.Partitions.Equal(state.Partitions)
	if same && plan.Status.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), state.Status)...)
	}
}

// Delete removes the job; one already gone is deleted.
func (r *recoveryJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state recoveryJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, _, err := r.client.Recoveries.Delete(ctx, state.ID.ValueString(), &zdm.DeleteRecoveryOptions{Center: state.Center.ValueString()})
	if err != nil && !errors.Is(err, zdm.ErrNotFound) {
		addError(&resp.Diagnostics, "Could not delete the recovery job "+state.ID.ValueString(), err, nil, "")
	}
}

// ImportState adopts a job by ID ("42", center then taken from the
// configuration) or by center and name or ID ("zdm-a/nightly",
// "1/42"); a name may itself hold "/".
func (r *recoveryJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	center, ident, scoped := strings.Cut(id, "/")
	if !scoped {
		if !isDigits(id) {
			resp.Diagnostics.AddError("Invalid import ID",
				"Import a recovery job by its ID (digits) or as <center>/<name>, e.g. zdm-a/nightly; got "+strconv.Quote(req.ID)+".")
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		return
	}
	if center == "" || ident == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Expected <center>/<name> (or <center>/<id>), got "+strconv.Quote(req.ID)+".")
		return
	}
	if !isDigits(ident) {
		job, _, err := r.client.Recoveries.Get(ctx, ident, &zdm.GetRecoveryOptions{Center: center})
		if err != nil {
			addError(&resp.Diagnostics, "Could not find the recovery job "+strconv.Quote(ident)+" in center "+strconv.Quote(center), err, nil, "")
			return
		}
		ident = idText(job.Job.Info.ID)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ident)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("center"), center)...)
}

// fill sets the attributes the server reports from job, keeping the
// configuration's spelling where the server's means the same (a server's
// ID for its name, "vmware" for "VMware", "C" for "C:").
func (r *recoveryJobResource) fill(ctx context.Context, m *recoveryJobModel, job *zdm.Recovery, diags *diag.Diagnostics) {
	info := job.Job.Info
	if info.ID != 0 {
		m.ID = types.StringValue(idText(info.ID))
	}
	m.Name = types.StringValue(info.Name)
	m.Status = types.StringValue(string(info.Status.Current))
	m.Source = serverSpelling(m.Source, job.System.Source)
	m.Target = serverSpelling(m.Target, job.System.Target)
	m.Platform = keepSpelling(m.Platform, strings.ToLower(info.Platform), strings.EqualFold)
	if mode := jobMode(job.Job.Detail); mode != "" {
		m.Mode = types.StringValue(mode)
	}
	if len(job.Job.Detail) > 0 {
		if id := job.Job.Detail[0].Repository.ID; id != 0 {
			m.RepositoryID = types.Int64Value(id)
		}
		m.Partitions = partitionsValue(ctx, m.Partitions, job.Job.Detail, diags)
	}
	if m.StartOnCreate.IsNull() || m.StartOnCreate.IsUnknown() {
		m.StartOnCreate = types.BoolValue(false)
	}
}

// idText is an ID as the resource's attributes and private state hold it
// (text); "" for 0, which the SDK reads when the server sent no ID.
func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// serverRef is a server as a job's answer names it.
type serverRef struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// matches reports whether the configured server (an ID or a name) is this
// one. An answer without the server's ID (none seen so far) cannot tell
// an ID apart: digits are then taken on trust rather than replacing a job
// that may be right.
func (s serverRef) matches(configured string) bool {
	switch {
	case s.Name == "":
		return false
	case configured == s.Name || configured == s.ID:
		return true
	}
	return s.ID == "" && isDigits(configured)
}

// serverSpelling is the prior value when it names the server the answer
// reports (by name or ID), else the server's name.
func serverSpelling(prior types.String, server zdm.ServerInfo) types.String {
	ref := serverRef{ID: idText(server.ID), Name: server.Name}
	return keepSpelling(prior, server.Name, func(configured, _ string) bool { return ref.matches(configured) })
}

// serverRefs are a job's two servers, kept in the resource's private
// state: the plan compares a configuration's source and target with them
// (an import leaves names in state, which a configuration may give as IDs).
type serverRefs struct {
	Source serverRef `json:"source"`
	Target serverRef `json:"target"`
}

// privateServersKey is the private state key of the job's serverRefs.
const privateServersKey = "servers"

// of returns the source or target server.
func (s serverRefs) of(attr string) serverRef {
	if attr == "target" {
		return s.Target
	}
	return s.Source
}

// privateState is the private state of the framework's requests and
// responses.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// recordServers keeps job's servers in the private state p.
func recordServers(ctx context.Context, p privateState, job *zdm.Recovery) diag.Diagnostics {
	sys := job.System
	b, err := json.Marshal(serverRefs{
		Source: serverRef{ID: idText(sys.Source.ID), Name: sys.Source.Name},
		Target: serverRef{ID: idText(sys.Target.ID), Name: sys.Target.Name},
	})
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Could not record the job's servers", err.Error())
		return d
	}
	return p.SetKey(ctx, privateServersKey, b)
}

// recordedServers reads the servers recordServers kept (none for a state
// written before they were kept: any change then replaces the job).
func recordedServers(ctx context.Context, p privateState) (serverRefs, diag.Diagnostics) {
	var s serverRefs
	if p == nil {
		return s, nil
	}
	b, d := p.GetKey(ctx, privateServersKey)
	if d.HasError() || len(b) == 0 {
		return s, d
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return serverRefs{}, d // unreadable: any change replaces the job
	}
	return s, d
}

// keepSpelling returns the prior value when it means the same as the
// server's, else the server's ("" from the server keeps the prior one).
func keepSpelling(prior types.String, server string, same func(a, b string) bool) types.String {
	if server == "" || (!prior.IsNull() && !prior.IsUnknown() && same(prior.ValueString(), server)) {
		if prior.IsUnknown() {
			return types.StringNull()
		}
		return prior
	}
	return types.StringValue(server)
}

// jobMode is the job's mode, read from its partitions' modes ("full",
// "Full Recovery", "increment", "Incremental"); "" when they disagree or
// say nothing.
func jobMode(rows []zdm.RecoveryMapping) string {
	mode := ""
	for _, row := range rows {
		m := strings.ToLower(row.Mode)
		switch {
		case strings.Contains(m, "incr"):
			m = string(zdm.ModeIncrement)
		case strings.Contains(m, "full"):
			m = string(zdm.ModeFull)
		default:
			continue
		}
		if mode != "" && mode != m {
			return ""
		}
		mode = m
	}
	return mode
}

// samePartition compares partitions and drives as servers do: "C" and
// "C:" alike, case-insensitive drive letters.
func samePartition(a, b string) bool {
	norm := func(p string) string {
		p = strings.TrimSpace(p)
		if len(p) == 1 || (len(p) == 2 && p[1] == ':') {
			return strings.ToUpper(p[:1]) + ":"
		}
		return p
	}
	return norm(a) == norm(b)
}

// partitionsValue is the partitions list the server reports, in the
// prior value's spelling where it matches row by row.
func partitionsValue(ctx context.Context, prior types.List, rows []zdm.RecoveryMapping, diags *diag.Diagnostics) types.List {
	old := partitionsOf(ctx, prior, diags)
	out := make([]partitionModel, len(rows))
	for i, row := range rows {
		src, tgt := row.From, row.To
		if tgt == "" {
			tgt = src
		}
		out[i] = partitionModel{Source: types.StringValue(src), Target: types.StringValue(tgt)}
		if i < len(old) && samePartition(old[i].Source.ValueString(), src) && samePartition(old[i].Target.ValueString(), tgt) {
			out[i] = old[i]
		}
	}
	v, d := types.ListValueFrom(ctx, partitionType, out)
	diags.Append(d...)
	return v
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
