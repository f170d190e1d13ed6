package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/zdmkit/go-zdm"
)

// importJob adopts a job by center and name or ID ("zdm-a/nightly",
// "zdm-a/42"; a name may itself hold "/"), or by bare ID ("42"), which
// leaves the center to the configuration: servers never say which center
// a job belongs to.
func importJob[T any](ctx context.Context, kind jobKind, find findJob[T], idOf func(T) string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	center, ident, scoped := splitImportID(req.ID)
	if !scoped {
		if _, ok := parseID(ident); !ok {
			resp.Diagnostics.AddError("Invalid import ID",
				"Import a "+string(kind)+" as <center>/<name> or <center>/<id> (e.g. zdm-a/nightly, zdm-a/42), or by its bare ID; got "+strconv.Quote(req.ID)+".")
			return
		}
		resp.Diagnostics.AddWarning(kind.title()+" imported without its center",
			"The server never says which center a job belongs to, so the next plan adopts the configured center (checked against the server) as an in-place change. "+
				"Import as <center>/"+ident+" for a plan with no changes.")
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ident)...)
		return
	}
	if center == "" || ident == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Expected <center>/<name> (or <center>/<id>), got "+strconv.Quote(req.ID)+".")
		return
	}
	if _, ok := parseID(ident); !ok {
		job, gresp, err := find(ctx, center, ident)
		logCall(ctx, "find the "+string(kind), gresp, err)
		if err != nil {
			addError(&resp.Diagnostics, "Could not find the "+string(kind)+" "+strconv.Quote(ident)+" in center "+strconv.Quote(center), err, nil, "")
			return
		}
		ident = idOf(job)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ident)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("center"), center)...)
}

// adoptCenter checks, before a job imported by bare ID takes the
// configured center, that the job belongs to it: count counts the jobs
// of an ID in a center.
func adoptCenter(ctx context.Context, kind jobKind, id, center string, count func(ctx context.Context, id, center string) (int, *zdm.Response, error), diags *diag.Diagnostics) bool {
	n, lresp, err := count(ctx, id, center)
	logCall(ctx, "check the "+string(kind)+"'s center", lresp, err)
	if err != nil {
		addError(diags, "Could not check the "+string(kind)+"'s center", err, nil, "")
		return false
	}
	if n == 0 {
		diags.AddAttributeError(path.Root("center"), kind.title()+" not in this center",
			"The "+string(kind)+" "+id+" does not belong to center "+strconv.Quote(center)+".")
		return false
	}
	return true
}
