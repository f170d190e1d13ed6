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

// backupHistoriesDataSource is the zdm_backup_histories data source.
type backupHistoriesDataSource struct {
	dataSourceClient
}

// backupHistoriesDataModel is the data source's filters and result.
type backupHistoriesDataModel struct {
	JobID     types.String        `tfsdk:"job_id"`
	JobName   types.String        `tfsdk:"job_name"`
	Server    types.String        `tfsdk:"server"`
	Partition types.String        `tfsdk:"partition"`
	Result    types.String        `tfsdk:"result"`
	Center    types.String        `tfsdk:"center"`
	Limit     types.Int64         `tfsdk:"limit"`
	Histories []backupHistoryItem `tfsdk:"histories"`
}

// backupHistoryItem is one finished backup run.
type backupHistoryItem struct {
	ID             types.Int64  `tfsdk:"id"`
	JobID          types.Int64  `tfsdk:"job_id"`
	JobName        types.String `tfsdk:"job_name"`
	Server         types.String `tfsdk:"server"`
	Partition      types.String `tfsdk:"partition"`
	BackupType     types.String `tfsdk:"backup_type"`
	RepositoryPath types.String `tfsdk:"repository_path"`
	Status         types.String `tfsdk:"status"`
	Description    types.String `tfsdk:"description"`
	Succeeded      types.Bool   `tfsdk:"succeeded"`
	Start          types.String `tfsdk:"start"`
	End            types.String `tfsdk:"end"`
	Elapsed        types.String `tfsdk:"elapsed"`
}

var _ datasource.DataSourceWithConfigure = (*backupHistoriesDataSource)(nil)

func newBackupHistoriesDataSource() datasource.DataSource { return &backupHistoriesDataSource{} }

// Metadata names the data source zdm_backup_histories.
func (d *backupHistoriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_histories"
}

// Schema describes the data source.
func (d *backupHistoriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists finished backup runs, newest first (servers 1.1.0 and later).",
		Attributes: map[string]schema.Attribute{
			"job_id":    filterString("Only runs of the backup job of this ID (`zdm_backup_job.<name>.id`)."),
			"job_name":  filterString("Only runs of the backup job of this name, as it was named when it ran: prefer job_id, which a rename does not change."),
			"server":    filterString("Only runs of this server (its name)."),
			"partition": filterString(`Only runs of this partition ("/") or drive ("C:").`),
			"result": schema.StringAttribute{Optional: true, Description: `Only runs that ended so: "success" or "failed".`,
				Validators: []validator.String{stringvalidator.OneOf(string(zdm.HistoryResultSuccess), string(zdm.HistoryResultFailed))}},
			"center": filterString("Only runs of these centers (ID or name, a comma list)."),
			"limit": schema.Int64Attribute{Optional: true, Description: "At most this many runs (the newest); all when unset.",
				Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"histories": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The runs found, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              schema.Int64Attribute{Computed: true, Description: "The history row's ID."},
					"job_id":          schema.Int64Attribute{Computed: true, Description: "The backup job's ID."},
					"job_name":        computedString("The job's name when it ran."),
					"server":          computedString("The server backed up."),
					"partition":       computedString("The partition or drive backed up."),
					"backup_type":     computedString(`The run's mode as sent ("Full Backup", "Increment Backup").`),
					"repository_path": computedString("The repository the image was written to."),
					"status":          computedString(`"COMPLETE" or "FAIL", as sent.`),
					"description":     computedString("The server's description of the outcome."),
					"succeeded":       schema.BoolAttribute{Computed: true, Description: "Whether the run completed."},
					"start":           computedString("When the run started (RFC 3339)."),
					"end":             computedString("When it ended (RFC 3339)."),
					"elapsed":         computedString(`How long it ran, "hh:mm:ss".`),
				}},
			},
		},
	}
}

// Read lists the runs, page by page, up to limit.
func (d *backupHistoriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m backupHistoriesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := &zdm.ListBackupHistoriesOptions{
		JobID:     m.JobID.ValueString(),
		JobName:   m.JobName.ValueString(),
		Server:    m.Server.ValueString(),
		Partition: m.Partition.ValueString(),
		Result:    zdm.HistoryResult(m.Result.ValueString()),
		Center:    m.Center.ValueString(),
		Sort:      zdm.SortDescending,
	}
	opts.Limit = pageSize(m.Limit.ValueInt64())
	var err error
	m.Histories, err = collect(d.client.Backups.ListAllHistories(ctx, opts), m.Limit.ValueInt64(), func(h *zdm.BackupHistory) backupHistoryItem {
		return backupHistoryItem{
			ID:             types.Int64Value(h.ID),
			JobID:          types.Int64Value(h.Job.ID),
			JobName:        types.StringValue(h.Job.Name),
			Server:         types.StringValue(h.System.Name),
			Partition:      types.StringValue(h.Job.Partition),
			BackupType:     types.StringValue(h.Job.BackupType),
			RepositoryPath: types.StringValue(h.Job.RepositoryPath),
			Status:         types.StringValue(h.Result.Status),
			Description:    types.StringValue(h.Result.Description),
			Succeeded:      types.BoolValue(h.Succeeded()),
			Start:          types.StringValue(h.Time.Start),
			End:            types.StringValue(h.Time.End),
			Elapsed:        types.StringValue(h.Time.Elapsed),
		}
	})
	if err != nil {
		addError(&resp.Diagnostics, "Could not list the backup histories", err, nil, "")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
