package provider

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// historyFamily is what sets one job family's zdm_<family>_histories
// data source apart: the rest of its schema, its filters and the columns
// of its rows, is every family's.
type historyFamily struct {
	name        string // the family: "backup" lists the runs of zdm_backup_job
	description string
	job         string // what the filters call a job of the family: "backup job"
	// filter is a text filter of the family (non-empty or not).
	filter  func(desc string) schema.StringAttribute
	filters map[string]schema.Attribute // the family's own filters
	row     map[string]schema.Attribute // the family's own columns
}

// historyFilters are the filters every histories data source takes.
type historyFilters struct {
	JobID   types.String `tfsdk:"job_id"`
	JobName types.String `tfsdk:"job_name"`
	Server  types.String `tfsdk:"server"`
	Result  types.String `tfsdk:"result"`
	Center  types.String `tfsdk:"center"`
	Limit   types.Int64  `tfsdk:"limit"`
}

// historyRow is what every histories data source shows of a run.
type historyRow struct {
	ID          types.Int64  `tfsdk:"id"`
	JobID       types.Int64  `tfsdk:"job_id"`
	JobName     types.String `tfsdk:"job_name"`
	Status      types.String `tfsdk:"status"`
	Description types.String `tfsdk:"description"`
	Succeeded   types.Bool   `tfsdk:"succeeded"`
	Start       types.String `tfsdk:"start"`
	End         types.String `tfsdk:"end"`
	Elapsed     types.String `tfsdk:"elapsed"`
}

// historyRowOf is a run as every histories data source shows it: the
// history row's ID, its job's ID and name, how it ended and when.
func historyRowOf(id, jobID int64, jobName string, result zdm.HistoryOutcome, succeeded bool, t zdm.TimeInfo) historyRow {
	return historyRow{
		ID:          types.Int64Value(id),
		JobID:       types.Int64Value(jobID),
		JobName:     types.StringValue(jobName),
		Status:      types.StringValue(result.Status),
		Description: types.StringValue(result.Description),
		Succeeded:   types.BoolValue(succeeded),
		Start:       types.StringValue(t.Start),
		End:         types.StringValue(t.End),
		Elapsed:     types.StringValue(t.Elapsed),
	}
}

// historiesDataSource is the family's zdm_<family>_histories data
// source, which read lists.
func historiesDataSource[M any](f historyFamily, read readFunc[M]) *dataSource[M] {
	filters := map[string]schema.Attribute{
		"job_id":   f.filter("Only runs of the " + f.job + " of this ID (`zdm_" + f.name + "_job.<name>.id`)."),
		"job_name": f.filter("Only runs of the " + f.job + " of this name, as it was named when it ran: prefer job_id, which a rename does not change."),
		"result": schema.StringAttribute{Optional: true, Description: `Only runs that ended so: "success" or "failed".`,
			Validators: []validator.String{stringvalidator.OneOf(string(zdm.HistoryResultSuccess), string(zdm.HistoryResultFailed))}},
		"center": f.filter("Only runs of these centers (ID or name, a comma list)."),
		"limit": schema.Int64Attribute{Optional: true, Description: "At most this many runs (the newest); all when unset.",
			Validators: []validator.Int64{int64validator.AtLeast(1)}},
	}
	row := map[string]schema.Attribute{
		"id":          computedInt("The history row's ID."),
		"job_id":      computedInt("The " + f.job + "'s ID."),
		"status":      computedString(`"COMPLETE" or "FAIL", as sent.`),
		"description": computedString("The server's description of the outcome."),
		"start":       computedString("When the run started (RFC 3339)."),
		"end":         computedString("When it ended (RFC 3339)."),
		"elapsed":     computedString(`How long it ran, "hh:mm:ss".`),
	}
	maps.Copy(filters, f.filters)
	maps.Copy(row, f.row)
	filters["histories"] = schema.ListNestedAttribute{
		Computed:     true,
		Description:  "The runs found, newest first.",
		NestedObject: schema.NestedAttributeObject{Attributes: row},
	}
	return &dataSource[M]{name: f.name + "_histories", read: read, schema: schema.Schema{Description: f.description, Attributes: filters}}
}
