package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// recoveryHistoriesDataSource is the zdm_recovery_histories data source.
type recoveryHistoriesDataSource struct {
	dataSourceClient
}

// recoveryHistoriesDataModel is the data source's filters and result.
type recoveryHistoriesDataModel struct {
	JobName   types.String  `tfsdk:"job_name"`
	JobID     types.String  `tfsdk:"job_id"`
	Server    types.String  `tfsdk:"server"`
	Result    types.String  `tfsdk:"result"`
	Center    types.String  `tfsdk:"center"`
	Limit     types.Int64   `tfsdk:"limit"`
	Histories []historyItem `tfsdk:"histories"`
}

// historyItem is one finished run.
type historyItem struct {
	ID          types.Int64  `tfsdk:"id"`
	JobID       types.Int64  `tfsdk:"job_id"`
	JobName     types.String `tfsdk:"job_name"`
	Source      types.String `tfsdk:"source"`
	Target      types.String `tfsdk:"target"`
	Status      types.String `tfsdk:"status"`
	Description types.String `tfsdk:"description"`
	Succeeded   types.Bool   `tfsdk:"succeeded"`
	Start       types.String `tfsdk:"start"`
	End         types.String `tfsdk:"end"`
	Elapsed     types.String `tfsdk:"elapsed"`
}

var _ datasource.DataSourceWithConfigure = (*recoveryHistoriesDataSource)(nil)

func newRecoveryHistoriesDataSource() datasource.DataSource { return &recoveryHistoriesDataSource{} }

// Metadata names the data source zdm_recovery_histories.
func (d *recoveryHistoriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recovery_histories"
}

// Schema describes the data source.
func (d *recoveryHistoriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists finished recovery runs, newest first.",
		Attributes: map[string]schema.Attribute{
			"job_name": schema.StringAttribute{Optional: true, Description: "Only runs of the job of this name, as it was named when it ran: prefer job_id, which a rename does not change."},
			"job_id":   schema.StringAttribute{Optional: true, Description: "Only runs of the job of this ID (`zdm_recovery_job.<name>.id`)."},
			"server":   schema.StringAttribute{Optional: true, Description: "Only runs onto this target server (name)."},
			"result": schema.StringAttribute{Optional: true, Description: `Only runs that ended so: "success" or "failed".`,
				Validators: []validator.String{stringvalidator.OneOf(string(zdm.HistoryResultSuccess), string(zdm.HistoryResultFailed))}},
			"center": schema.StringAttribute{Optional: true, Description: "Only runs of these centers (ID or name, a comma list)."},
			"limit": schema.Int64Attribute{Optional: true, Description: "At most this many runs (the newest); all when unset.",
				Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"histories": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The runs found, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.Int64Attribute{Computed: true, Description: "The history row's ID."},
					"job_id":      schema.Int64Attribute{Computed: true, Description: "The job's ID."},
					"job_name":    computedString("The job's name."),
					"source":      computedString("The source server."),
					"target":      computedString("The target server."),
					"status":      computedString(`"COMPLETE" or "FAIL", as sent.`),
					"description": computedString("The server's description of the outcome."),
					"succeeded":   schema.BoolAttribute{Computed: true, Description: "Whether the run recovered every partition."},
					"start":       computedString("When the run started (RFC 3339)."),
					"end":         computedString("When it ended (RFC 3339)."),
					"elapsed":     computedString(`How long it ran, "hh:mm:ss".`),
				}},
			},
		},
	}
}

// Read lists the runs, page by page, up to limit.
func (d *recoveryHistoriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m recoveryHistoriesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := &zdm.ListHistoriesOptions{
		JobName: m.JobName.ValueString(),
		JobID:   m.JobID.ValueString(),
		Server:  m.Server.ValueString(),
		Result:  zdm.HistoryResult(m.Result.ValueString()),
		Center:  m.Center.ValueString(),
		Sort:    zdm.SortDescending,
	}
	opts.Limit = pageSize(m.Limit.ValueInt64())
	var err error
	m.Histories, err = collect(d.client.Recoveries.ListAllHistories(ctx, opts), m.Limit.ValueInt64(), func(h *zdm.RecoveryHistory) historyItem {
		return historyItem{
			ID:          types.Int64Value(h.ID),
			JobID:       types.Int64Value(h.Job.ID),
			JobName:     types.StringValue(h.Job.Name),
			Source:      types.StringValue(h.System.Name),
			Target:      types.StringValue(h.Job.RecoverySystemName),
			Status:      types.StringValue(h.Result.Status),
			Description: types.StringValue(h.Result.Description),
			Succeeded:   types.BoolValue(h.Succeeded()),
			Start:       types.StringValue(h.Time.Start),
			End:         types.StringValue(h.Time.End),
			Elapsed:     types.StringValue(h.Time.Elapsed),
		}
	})
	if err != nil {
		addError(&resp.Diagnostics, "Could not list the recovery histories", err, nil, "")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
