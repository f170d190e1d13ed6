package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// repositoryResource is the zdm_repository resource: one backup
// repository (an NFS export or an SMB share) registered on a center.
type repositoryResource struct {
	resourceClient
}

// repositoryModel is the resource's state.
type repositoryModel struct {
	ID            types.String  `tfsdk:"id"`
	Center        types.String  `tfsdk:"center"`
	Type          spelledString `tfsdk:"type"`
	RemotePath    types.String  `tfsdk:"remote_path"`
	LocalPath     spelledString `tfsdk:"local_path"`
	IP            types.String  `tfsdk:"ip"`
	AdditionalIPs types.Set     `tfsdk:"additional_ips"`
	Port          types.Int64   `tfsdk:"port"`
	Account       types.String  `tfsdk:"account"`
	Password      types.String  `tfsdk:"password"`
}

var (
	_ resource.ResourceWithConfigure      = (*repositoryResource)(nil)
	_ resource.ResourceWithImportState    = (*repositoryResource)(nil)
	_ resource.ResourceWithValidateConfig = (*repositoryResource)(nil)
)

func newRepositoryResource() resource.Resource { return &repositoryResource{} }

// Metadata names the resource zdm_repository.
func (r *repositoryResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_repository"
}

// repositoryTypes are the repository types, lowercase.
var repositoryTypes = []string{string(zdm.RepositoryNFS), string(zdm.RepositorySMB)}

// Schema describes the resource.
func (r *repositoryResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Description: "A backup repository of a ZDM center: an NFS export or an SMB share the center mounts, where backup jobs write their images. " +
			"Changing center, type, local_path, ip or port, or removing an address from additional_ips, replaces it (the API cannot change them); " +
			"remote_path, account and password change in place, and an address added to additional_ips is appended in place. " +
			"Servers never return the account or the password: a change made outside Terraform to them is not detected.",
		Attributes: map[string]schema.Attribute{
			"id":     computedID("The repository's ID, the one backup and recovery jobs name (`repository_id`)."),
			"center": centerAttribute("repository", "Servers report a repository's center by name: an import by bare ID sets it to that name."),
			"type": schema.StringAttribute{
				Required:      true,
				CustomType:    anyCaseString,
				Description:   `"nfs" or "smb", in any case. Changing it replaces the repository.`,
				Validators:    []validator.String{stringvalidator.OneOfCaseInsensitive(repositoryTypes...)},
				PlanModifiers: []planmodifier.String{keepEquivalentSpelling(anyCase), stringplanmodifier.RequiresReplace()},
			},
			"remote_path": schema.StringAttribute{
				Required:    true,
				Description: `The export path on the storage server (NFS, starting with "/") or the share's name (SMB). Changed in place.`,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"local_path": schema.StringAttribute{
				Required:      true,
				CustomType:    partitionString,
				Description:   `Where the center mounts it: a path (NFS, "/mnt/backup") or a drive letter (SMB, "B:" or "B"). Changing it replaces the repository.`,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{keepEquivalentSpelling(partitionSpelling), stringplanmodifier.RequiresReplace()},
			},
			"ip": schema.StringAttribute{
				Required:      true,
				Description:   "The storage server's IPv4 address the repository is registered with. Changing it replaces the repository: servers cannot remove an address.",
				Validators:    []validator.String{ipv4{}},
				PlanModifiers: replace,
			},
			"additional_ips": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "More IPv4 addresses of the storage server. An address added is appended in place; removing one replaces the repository (servers only ever append).",
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(ipv4{})},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplaceIf(
					func(ctx context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !subset(stringsOf(ctx, req.StateValue, &resp.Diagnostics), stringsOf(ctx, req.PlanValue, &resp.Diagnostics))
					}, "Removing an address replaces the repository.", "Removing an address replaces the repository.")},
			},
			"port": schema.Int64Attribute{
				Optional:      true,
				Computed:      true,
				Description:   "The storage server's port; unset takes the server's default (2049 for NFS, 445 for SMB). Changing it replaces the repository.",
				Validators:    []validator.Int64{int64validator.Between(1, 65535)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()},
			},
			"account": schema.StringAttribute{
				Optional: true,
				Description: "The SMB user the center mounts the share with (required for SMB, refused for NFS). Changed in place. " +
					"Servers never return it: it is kept from the configuration, and a change made outside Terraform is not detected.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The SMB user's password (required for SMB, refused for NFS). Changed in place. " +
					"Servers never return it: it is kept from the configuration (in the state, as a sensitive value), and a change made outside Terraform is not detected.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

// ValidateConfig requires an account and password for SMB, refuses them
// for NFS, and an NFS remote_path that does not start with "/", at plan
// time.
func (r *repositoryResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m repositoryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !known(m.Type) {
		return
	}
	switch strings.ToLower(m.Type.ValueString()) {
	case string(zdm.RepositorySMB):
		for name, v := range map[string]types.String{"account": m.Account, "password": m.Password} {
			if v.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Missing "+name, "An SMB repository needs an account and a password to mount the share with.")
			}
		}
	case string(zdm.RepositoryNFS):
		for name, v := range map[string]types.String{"account": m.Account, "password": m.Password} {
			if !v.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Unexpected "+name, "An NFS repository takes no account or password: they are for SMB shares.")
			}
		}
		if known(m.RemotePath) && !strings.HasPrefix(m.RemotePath.ValueString(), "/") {
			resp.Diagnostics.AddAttributeError(path.Root("remote_path"), "Invalid NFS remote_path",
				fmt.Sprintf("An NFS export path starts with \"/\" (\"/backup\"); got %q.", m.RemotePath.ValueString()))
		}
	}
}

// Create registers the repository. Servers answer no ID: the SDK finds
// the new repository by its center, type, paths and address. One that
// exists already is reported with how to import it, rather than
// registered twice; a registration whose answer was lost is settled by
// looking for it.
func (r *repositoryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := decode[repositoryModel](ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	center := plan.Center.ValueString()
	existing, err := r.matching(ctx, plan)
	if err != nil {
		addError(&resp.Diagnostics, "Could not create the repository: could not list the repositories of center "+strconv.Quote(center), err, nil, "")
		return
	}
	if len(existing) > 0 {
		resp.Diagnostics.AddError("Repository already exists", fmt.Sprintf(
			"Center %q already has a %s repository of %s at %s mounted on %s (ID %d). If an earlier apply registered it, import it instead:\n\n"+
				"  terraform import <resource address> %d\n\nOtherwise remove it, or change this configuration.",
			center, plan.Type.ValueString(), plan.IP.ValueString(), plan.RemotePath.ValueString(), plan.LocalPath.ValueString(), existing[0].ID, existing[0].ID))
		return
	}
	cr := &zdm.CreateRepositoryRequest{
		Center:     center,
		Type:       zdm.RepositoryType(strings.ToLower(plan.Type.ValueString())),
		RemotePath: plan.RemotePath.ValueString(),
		LocalPath:  plan.LocalPath.ValueString(),
		IP:         plan.IP.ValueString(),
		Port:       int(plan.Port.ValueInt64()),
		Account:    plan.Account.ValueString(),
		Password:   plan.Password.ValueString(),
	}
	repo, cresp, err := r.client.Repositories.Create(ctx, cr)
	logCall(ctx, "register the repository", cresp, err)
	if errors.Is(err, zdm.ErrOutcomeUnknown) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
		found, lerr := r.matching(lctx, plan)
		cancel()
		switch {
		case lerr == nil && len(found) == 1:
			resp.Diagnostics.AddWarning("Repository adopted after a lost answer", fmt.Sprintf(
				"The server's answer to the registration was lost (%v). Center %q now has the repository (ID %d), which it did not have "+
					"just before: it is the one this apply registered, and it is now in Terraform's state.", err, center, found[0].ID))
			repo, err = found[0], nil
		case lerr == nil && len(found) == 0:
			resp.Diagnostics.AddError("Repository not registered", fmt.Sprintf(
				"The server's answer to the registration was lost (%v), and center %q has no such repository: the registration did not take effect. Apply again.", err, center))
			return
		default:
			resp.Diagnostics.AddError("Could not register the repository: outcome unknown", fmt.Sprintf(
				"The server's answer to the registration was lost (%v), and looking for the repository failed too (%v). "+
					"Before applying again, list the repositories of center %q; if it is there, import it by its ID.", err, lerr, center))
			return
		}
	}
	if err != nil {
		addError(&resp.Diagnostics, "Could not register the repository", err, nil, "")
		return
	}
	plan.ID = types.StringValue(strconv.FormatInt(repo.ID, 10))
	if extra := stringsOf(ctx, plan.AdditionalIPs, &resp.Diagnostics); len(extra) > 0 {
		// Registered with one address: the others are appended.
		var updates []*zdm.UpdateRepositoryRequest
		for _, ip := range extra {
			updates = append(updates, &zdm.UpdateRepositoryRequest{Center: center, IP: ip})
		}
		if repo = r.update(ctx, repo.ID, center, updates, &resp.Diagnostics); repo == nil {
			// Registered, not complete: saved, and tainted by the error.
			plan.AdditionalIPs = types.SetNull(types.StringType)
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
			return
		}
	}
	plan.fill(ctx, repo, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// update sends the updates in order and reads the repository back; nil,
// with an error in diags, when one failed.
func (r *repositoryResource) update(ctx context.Context, id int64, center string, updates []*zdm.UpdateRepositoryRequest, diags *diag.Diagnostics) *zdm.Repository {
	for _, u := range updates {
		_, uresp, err := r.client.Repositories.Update(ctx, id, u)
		logCall(ctx, "update the repository", uresp, err)
		if err != nil {
			addError(diags, fmt.Sprintf("Could not update the repository %d", id), err, nil, "")
			return nil
		}
	}
	repo, err := r.find(ctx, center, id)
	if err != nil || repo == nil {
		if err == nil {
			err = fmt.Errorf("center %q no longer lists it", center)
		}
		addError(diags, fmt.Sprintf("Updated the repository %d but could not read it back", id), err, nil, "")
		return nil
	}
	return repo
}

// matching lists the repositories of the configuration's center that
// have its type, paths and address.
func (r *repositoryResource) matching(ctx context.Context, m *repositoryModel) ([]*zdm.Repository, error) {
	var out []*zdm.Repository
	opts := &zdm.ListRepositoriesOptions{Center: m.Center.ValueString(), Type: zdm.RepositoryType(strings.ToLower(m.Type.ValueString()))}
	for repo, err := range r.client.Repositories.ListAll(ctx, opts) {
		if err != nil {
			return nil, err
		}
		if repo.RemotePath == m.RemotePath.ValueString() && partitionSpelling.canonical(repo.LocalPath) == partitionSpelling.canonical(m.LocalPath.ValueString()) &&
			slices.Contains(repo.IPs, m.IP.ValueString()) {
			out = append(out, repo)
		}
	}
	return out, nil
}

// find lists the repository of that ID, in center ("" for any center):
// nil when there is none.
func (r *repositoryResource) find(ctx context.Context, center string, id int64) (*zdm.Repository, error) {
	for repo, err := range r.client.Repositories.ListAll(ctx, &zdm.ListRepositoriesOptions{Center: center}) {
		if err != nil {
			return nil, err
		}
		if repo.ID == id {
			return repo, nil
		}
	}
	return nil, nil
}

// Read refreshes the repository from its center's list (servers have no
// call for one repository); one no longer listed leaves the state.
func (r *repositoryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := decode[repositoryModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	id, _ := parseID(state.ID.ValueString())
	repo, err := r.find(ctx, state.Center.ValueString(), id)
	if err != nil {
		addError(&resp.Diagnostics, "Could not read the repository "+state.ID.ValueString(), err, nil, "")
		return
	}
	if repo == nil {
		resp.Diagnostics.AddWarning("Repository gone",
			"The repository "+state.ID.ValueString()+" is no longer listed by its center; Terraform will plan to register it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(ctx, repo, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update changes the remote path, account and password, and appends the
// addresses added to additional_ips, one call each.
func (r *repositoryResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, _ := decode[repositoryModel](ctx, req.Plan, &resp.Diagnostics)
	state, ok := decode[repositoryModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	id, _ := parseID(state.ID.ValueString())
	center := plan.Center.ValueString()
	ur := &zdm.UpdateRepositoryRequest{Center: center}
	if plan.RemotePath.ValueString() != state.RemotePath.ValueString() {
		ur.RemotePath = plan.RemotePath.ValueString()
	}
	if !plan.Account.Equal(state.Account) {
		ur.Account = plan.Account.ValueString()
	}
	if !plan.Password.Equal(state.Password) {
		ur.Password = plan.Password.ValueString()
	}
	var updates []*zdm.UpdateRepositoryRequest
	if ur.RemotePath != "" || ur.Account != "" || ur.Password != "" {
		updates = append(updates, ur)
	}
	prior := stringsOf(ctx, state.AdditionalIPs, &resp.Diagnostics)
	for _, ip := range stringsOf(ctx, plan.AdditionalIPs, &resp.Diagnostics) {
		if !slices.Contains(prior, ip) {
			updates = append(updates, &zdm.UpdateRepositoryRequest{Center: center, IP: ip})
		}
	}
	repo := r.update(ctx, id, center, updates, &resp.Diagnostics)
	if repo == nil {
		return
	}
	plan.ID = state.ID
	plan.fill(ctx, repo, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete removes the repository (its images stay on the storage); one
// already gone is deleted.
func (r *repositoryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := decode[repositoryModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	id, _ := parseID(state.ID.ValueString())
	deleteOrGone(ctx, "repository "+state.ID.ValueString(), func(ctx context.Context) (*zdm.Response, error) {
		return r.client.Repositories.Delete(ctx, id, state.Center.ValueString())
	}, &resp.Diagnostics)
}

// ImportState adopts a repository by its ID ("9"), or by center and ID
// ("zdm-a/9"): servers identify repositories by number only.
func (r *repositoryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	center, id, ok := numericImportID(req.ID, "a repository ID (9), or <center>/<id> (zdm-a/9)", &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	if center != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("center"), center)...)
	}
	resp.Diagnostics.AddWarning("Repository credentials are not imported",
		"Servers never return a repository's account and password: an SMB repository's next apply sets them from the configuration, in place.")
}

// fill sets what the center lists of the repository. A value the
// configuration spells differently (the type's case, a drive's colon)
// is left to semantic equality; a center given by ID is kept.
func (m *repositoryModel) fill(ctx context.Context, repo *zdm.Repository, diags *diag.Diagnostics) {
	if m.Center.IsNull() || m.Center.IsUnknown() {
		m.Center = types.StringValue(repo.Center)
	}
	if repo.Type != "" {
		m.Type = spelled(anyCase, string(repo.Type))
	}
	m.RemotePath = types.StringValue(repo.RemotePath)
	m.LocalPath = spelled(partitionSpelling, repo.LocalPath)
	if repo.Port != 0 {
		m.Port = types.Int64Value(int64(repo.Port))
	} else if m.Port.IsUnknown() {
		m.Port = types.Int64Null()
	}
	if len(repo.IPs) == 0 {
		return
	}
	m.IP = types.StringValue(repo.IPs[0])
	if len(repo.IPs) == 1 {
		if !m.AdditionalIPs.IsNull() {
			m.AdditionalIPs = types.SetNull(types.StringType)
		}
		return
	}
	set, d := types.SetValueFrom(ctx, types.StringType, repo.IPs[1:])
	diags.Append(d...)
	m.AdditionalIPs = set
}

// stringsOf reads a set or list of strings (nothing when null or
// unknown).
func stringsOf(ctx context.Context, v interface {
	attr.Value
	ElementsAs(context.Context, any, bool) diag.Diagnostics
}, diags *diag.Diagnostics) []string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}

// subset reports whether every element of a is in b.
func subset(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}
