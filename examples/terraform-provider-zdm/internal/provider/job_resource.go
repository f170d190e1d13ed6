package provider

import (
	"cmp"
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// jobResource is the lifecycle every job resource (zdm_backup_job,
// zdm_recovery_job) shares, over its family's API (whose jobs are J) and
// its model M: a job registered under its name in a center (the name
// checked free first, a lost answer settled by looking the name up),
// read back by ID, changed in place, deleted, and imported by center and
// name or ID. The resource adds its schema.
type jobResource[J, M any, P jobModel[J, M]] struct {
	resourceClient
	kind   jobKind
	family func(*zdm.Client) jobFamily[J, M]
}

// jobState is what the state of every job resource holds.
type jobState struct {
	ID     types.String `tfsdk:"id"`
	Center types.String `tfsdk:"center"`
	Name   types.String `tfsdk:"name"`
	Status types.String `tfsdk:"status"`
}

// job is the state every job resource holds.
func (s *jobState) job() *jobState { return s }

// jobModel is a job resource's model (a pointer to M), whose family's
// jobs are J.
type jobModel[J, M any] interface {
	*M
	job() *jobState
	// fill sets what the server reports of the job.
	fill(ctx context.Context, job J, diags *diag.Diagnostics)
}

// jobFamily is what a job resource does with its family's API.
type jobFamily[J, M any] interface {
	// get reads the job of that name or ID in the center, with its
	// settings: an error matching zdm.ErrNotFound when there is none.
	get(ctx context.Context, center, ident string) (J, *zdm.Response, error)
	// id is a job's ID, as the resource's id holds it.
	id(job J) string
	// create is the plan's create request, ready to send.
	create(ctx context.Context, plan *M, diags *diag.Diagnostics) jobCreate
	// update is the call that takes the job from state to plan; nil when
	// nothing changed.
	update(ctx context.Context, plan, state *M, diags *diag.Diagnostics) func(ctx context.Context, id string) (*zdm.Response, error)
	// count is how many jobs of that ID the center has.
	count(ctx context.Context, id, center string) (int, *zdm.Response, error)
	// delete deletes the job.
	delete(ctx context.Context, id, center string) (*zdm.Response, error)
}

// jobCreate is a job's create request, ready to send.
type jobCreate struct {
	// name is the job's name: the configured one, checked free before the
	// create, or one the provider generated, which is new.
	name      string
	generated bool
	send      func(ctx context.Context) jobCreated
}

// jobCreated is what a create answered.
type jobCreated struct {
	resp *zdm.Response
	err  error
	// name is the name the server says it registered the job under; ""
	// for the one sent.
	name string
	// failed is the summary of a failure ("Could not create the backup
	// job: <the server's message>").
	failed string
	// partial is a job registered in part: it is read back and saved,
	// then reported as a failure.
	partial bool
}

// unreadSettings is a job model with settings servers never return (a
// backup job's schedule and script): after an import, the next apply
// records the configured ones in state from plan, sending nothing.
type unreadSettings[M any] interface {
	recordConfigured(plan *M)
}

// updateChecker is a job model that checks, once the job is read back
// after an update, that the server kept what planned set; false, with an
// error, when it changed it by itself.
type updateChecker[M any] interface {
	kept(planned *M, diags *diag.Diagnostics) bool
}

// Metadata names the resource zdm_<family>_job.
func (r *jobResource[J, M, P]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.typeName()
}

// Create registers the job and reads it back. A configured name is
// checked first: a job of that name in the center is reported, with how
// to import it, rather than registered twice. A create whose answer is
// lost (zdm.ErrOutcomeUnknown) is settled by looking the job up by name:
// found, it is adopted (the name was free just before); not found, the
// create did not take effect.
func (r *jobResource[J, M, P]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := decode[M](ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	f, kind := r.family(r.client), r.kind
	center := P(plan).job().Center.ValueString()
	cr := f.create(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !cr.generated && nameTaken(ctx, kind, f.get, f.id, center, cr.name, &resp.Diagnostics) {
		return
	}
	out := cr.send(ctx)
	logCall(ctx, "create the "+string(kind), out.resp, out.err)
	requestID := ""
	if out.resp != nil {
		requestID = out.resp.RequestID
	}
	var job J
	switch {
	case errors.Is(out.err, zdm.ErrOutcomeUnknown):
		if job, ok = settleLostCreate(ctx, kind, f.get, f.id, center, cr.name, out.err, &resp.Diagnostics); !ok {
			return
		}
	case out.err != nil && !out.partial:
		addError(&resp.Diagnostics, out.failed, out.err, nil, requestID)
		return
	default:
		// Servers answer no job ID: look the job up by its name.
		name := cmp.Or(out.name, cr.name)
		var gresp *zdm.Response
		var err error
		job, gresp, err = f.get(ctx, center, name)
		logCall(ctx, "read the created "+string(kind), gresp, err)
		if err != nil {
			readBackFailed(&resp.Diagnostics, kind, center, name, err, requestID)
			return
		}
	}
	P(plan).fill(ctx, job, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if out.partial {
		// The job exists and is in state: the apply fails, and the job is
		// tainted, so the next apply replaces it.
		addError(&resp.Diagnostics, "The "+string(kind)+" was registered only in part", out.err, nil, requestID)
	}
}

// Read refreshes the job. A job the server says is gone leaves the
// state; any other failure (a wrong base path, a server error, rejected
// credentials) is an error that leaves the state as it was.
func (r *jobResource[J, M, P]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := decode[M](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	s, kind := P(state).job(), r.kind
	id := s.ID.ValueString()
	job, gresp, err := r.family(r.client).get(ctx, s.Center.ValueString(), id)
	logCall(ctx, "read the "+string(kind), gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		resp.Diagnostics.AddWarning(kind.title()+" gone",
			"The "+string(kind)+" "+id+" no longer exists on the server; Terraform will plan to create it again.")
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addError(&resp.Diagnostics, "Could not read the "+string(kind)+" "+id, err, nil, "")
		return
	}
	P(state).fill(ctx, job, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update changes what the API changes in place (and records a center
// adopted after an import by ID).
func (r *jobResource[J, M, P]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, _ := decode[M](ctx, req.Plan, &resp.Diagnostics)
	state, ok := decode[M](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	f, kind := r.family(r.client), r.kind
	id, center := P(state).job().ID.ValueString(), P(plan).job().Center.ValueString()
	if P(state).job().Center.IsNull() && !adoptCenter(ctx, kind, id, center, f.count, &resp.Diagnostics) {
		return
	}
	if u, ok := any(state).(unreadSettings[M]); ok {
		imported, d := req.Private.GetKey(ctx, importedKey)
		resp.Diagnostics.Append(d...)
		if len(imported) > 0 {
			u.recordConfigured(plan)
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
		}
	}
	call := f.update(ctx, plan, state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if call != nil {
		uresp, err := call(ctx, id)
		logCall(ctx, "update the "+string(kind), uresp, err)
		if err != nil {
			addError(&resp.Diagnostics, "Could not update the "+string(kind)+" "+id, err, nil, "")
			return
		}
	}
	job, gresp, err := f.get(ctx, center, id)
	logCall(ctx, "read the "+string(kind), gresp, err)
	if err != nil {
		addError(&resp.Diagnostics, "Updated the "+string(kind)+" "+id+" but could not read it back", err, nil, "")
		return
	}
	planned := *plan // the prior status is what the plan promised
	P(plan).job().ID = P(state).job().ID
	P(plan).fill(ctx, job, &resp.Diagnostics)
	if status := P(&planned).job().Status; known(status) {
		P(plan).job().Status = status
	}
	if c, ok := any(plan).(updateChecker[M]); ok && !c.kept(&planned, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete removes the job (the server deletes its histories and logs with
// it); one already gone is deleted.
func (r *jobResource[J, M, P]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := decode[M](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	s := P(state).job()
	deleteOrGone(ctx, string(r.kind)+" "+s.ID.ValueString(), func(ctx context.Context) (*zdm.Response, error) {
		return r.family(r.client).delete(ctx, s.ID.ValueString(), s.Center.ValueString())
	}, &resp.Diagnostics)
}

// ImportState adopts a job by center and name or ID ("zdm-a/nightly",
// "zdm-a/42"), or by bare ID ("42"), which leaves the center to the
// configuration.
func (r *jobResource[J, M, P]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	f := r.family(r.client)
	importJob(ctx, r.kind, f.get, f.id, req, resp)
}
