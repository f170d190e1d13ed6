package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// computedID is a computed string attribute that keeps its value from
// one plan to the next (an ID, or what only a replacement changes).
func computedID(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// centerAttribute is the center a resource's object belongs to: another
// center replaces the object, except that a center learnt after an
// import that could not tell it (a null prior value) is adopted in place.
func centerAttribute(noun, desc string) schema.StringAttribute {
	msg := "Changing the center replaces the " + noun + "."
	return schema.StringAttribute{
		Required:    true,
		Description: "The ZDM center (ID or name) the " + noun + " belongs to. " + desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
			func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
				resp.RequiresReplace = !req.StateValue.IsNull()
			}, msg, msg)},
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// noClear is said of a setting the API can set but not clear.
const noClear = "The API can set it but not clear it: removing it replaces the "

// removalReplaces replaces the object when a setting the API can set but
// not clear is removed from the configuration.
func removalReplaces() stringplanmodifier.RequiresReplaceIfFunc {
	return func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = req.PlanValue.IsNull() && known(req.StateValue)
	}
}

// splitImportID reads an import ID of the form <center>/<identifier>
// (scoped; the identifier may itself hold "/") or <identifier>.
func splitImportID(raw string) (center, ident string, scoped bool) {
	raw = strings.TrimSpace(raw)
	center, ident, scoped = strings.Cut(raw, "/")
	if !scoped {
		return "", raw, false
	}
	return center, ident, true
}

// numericImportID reads an import ID that must be a numeric ID, or
// <center>/<id> when center is allowed; what an ID is not is an error
// naming the forms expected.
func numericImportID(raw, forms string, diags *diag.Diagnostics) (center string, id int64, ok bool) {
	center, ident, scoped := splitImportID(raw)
	id, isID := parseID(ident)
	if !isID || (scoped && center == "") {
		diags.AddError("Invalid import ID", "Expected "+forms+", got "+strconv.Quote(raw)+".")
		return "", 0, false
	}
	return center, id, true
}
