package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// jobNoClear is said of a job's setting the API can set but not clear.
const jobNoClear = noClear + "job."

// jobSchema is the schema of a job resource of that kind: desc describes
// it, statuses lists the statuses its jobs have ("Registered,
// Processing"), and attrs are its own attributes, added to those of
// every job resource.
func jobSchema(kind jobKind, desc, statuses string, attrs map[string]schema.Attribute) schema.Schema {
	all := map[string]schema.Attribute{
		"id":     computedID("The " + string(kind) + "'s ID."),
		"center": centerAttribute("job", "The server never reports a job's center: an import by bare ID leaves it to the configuration, checked on the next apply."),
		"status": computedID("The job's status as the server spelled it when Terraform last read the job (" + statuses + ", Complete, Error, ...)."),
	}
	maps.Copy(all, attrs)
	return schema.Schema{Description: desc, Attributes: all}
}

// jobServerAttributes are a job's server attribute (side: "source",
// "target") and what the server reports of it, <side>_id and
// <side>_name. desc names the server ("The target server"); whose is its
// possessive ("The target server's").
func jobServerAttributes(side, desc, whose string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		side: schema.StringAttribute{
			Required:      true,
			Description:   desc + ", by ID or name. Another server replaces the job; the same server by ID instead of name (or back) changes nothing.",
			PlanModifiers: []planmodifier.String{sameServer(side)},
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		side + "_id":   computedID(whose + " ID, as the server reports it."),
		side + "_name": computedID(whose + " name, as the server reports it."),
	}
}

// scheduleIDAttribute is a job's schedule_id, changed in place; desc
// says what the schedule is to the job.
func scheduleIDAttribute(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:    true,
		Description: desc + " Changed in place. " + jobNoClear,
		Validators:  []validator.Int64{int64validator.AtLeast(1)},
		PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(
			func(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
				resp.RequiresReplace = req.PlanValue.IsNull() && known(req.StateValue)
			}, jobNoClear, jobNoClear)},
	}
}

// networkLimitAttribute is a job's network_limit, changed in place; more
// is said after its description.
func networkLimitAttribute(more string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:      true,
		Computed:      true,
		Description:   "The transfer rate cap in Mbps; 0 (the server's default) is unlimited. Changed in place." + more,
		Validators:    []validator.Int64{int64validator.AtLeast(0)},
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

// scriptAttributes are a job's script_path and script_run, changed in
// place: a script run on host ("the target") around what the job does
// ("recovery"); more is said after their descriptions.
func scriptAttributes(host, what, more string) (scriptPath, scriptRun schema.StringAttribute) {
	removal := stringplanmodifier.RequiresReplaceIf(removalReplaces(), jobNoClear, jobNoClear)
	scriptPath = schema.StringAttribute{
		Optional:      true,
		Description:   "The path of a script run on " + host + " around the " + what + ". Changed in place. " + jobNoClear + more,
		Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
		PlanModifiers: []planmodifier.String{removal},
	}
	scriptRun = schema.StringAttribute{
		Optional:    true,
		CustomType:  anyCaseString,
		Description: `When the script runs, "before" or "after" the ` + what + ` (needs script_path). Changed in place. ` + jobNoClear + more,
		Validators: []validator.String{
			stringvalidator.OneOfCaseInsensitive(scriptTimings...),
			stringvalidator.AlsoRequires(path.MatchRoot("script_path")),
		},
		PlanModifiers: []planmodifier.String{keepEquivalentSpelling(anyCase), removal},
	}
	return scriptPath, scriptRun
}
