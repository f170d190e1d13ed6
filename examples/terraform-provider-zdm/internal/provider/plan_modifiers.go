package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// keepEquivalentSpelling plans the prior value when the configuration
// respells it (semantic equality at plan time): "VMware" for "vmware" is
// no change at all, not an update, and never a replacement. Terraform
// accepts a planned value that differs from the configuration only when
// it is the prior one.
func keepEquivalentSpelling(sp spelling) planmodifier.String { return equivalentSpelling{sp} }

type equivalentSpelling struct{ spelling spelling }

func (m equivalentSpelling) Description(context.Context) string {
	return "A value that spells the prior one differently keeps the prior one."
}

func (m equivalentSpelling) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m equivalentSpelling) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !known(req.StateValue) || !known(req.ConfigValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	same, diags := spelled(m.spelling, req.StateValue.ValueString()).StringSemanticEquals(ctx, spelled(m.spelling, req.PlanValue.ValueString()))
	resp.Diagnostics.Append(diags...)
	if same {
		resp.PlanValue = req.StateValue
	}
}

// sameServer compares a configured source or target with the server the
// job has (recorded in state as <side>_id and <side>_name): the same
// server given by ID instead of name, or back, keeps the prior value;
// another server replaces the job.
func sameServer(side string) planmodifier.String { return sameServerModifier{side} }

type sameServerModifier struct{ side string }

func (m sameServerModifier) Description(context.Context) string {
	return "Another " + m.side + " server replaces the job; the same server by ID or by name changes nothing."
}

func (m sameServerModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m sameServerModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !known(req.StateValue) || !known(req.ConfigValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	var id, name types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(m.side+"_id"), &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(m.side+"_name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if (serverRef{ID: id.ValueString(), Name: name.ValueString()}).names(req.ConfigValue.ValueString()) {
		resp.PlanValue = req.StateValue
		return
	}
	resp.RequiresReplace = true
}

// known reports whether v holds a value.
func known(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}
