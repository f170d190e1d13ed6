package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// backupHistoriesDataModel is the zdm_backup_histories data source's
// filters and result.
type backupHistoriesDataModel struct {
	historyFilters
	Partition types.String        `tfsdk:"partition"`
	Histories []backupHistoryItem `tfsdk:"histories"`
}

// backupHistoryItem is one finished backup run.
type backupHistoryItem struct {
	historyRow
	Server         types.String `tfsdk:"server"`
	Partition      types.String `tfsdk:"partition"`
	BackupType     types.String `tfsdk:"backup_type"`
	RepositoryPath types.String `tfsdk:"repository_path"`
}

// newBackupHistoriesDataSource is the zdm_backup_histories data source.
func newBackupHistoriesDataSource() datasource.DataSource {
	return historiesDataSource(historyFamily{
		name:        "backup",
		description: "Lists finished backup runs, newest first (servers 1.1.0 and later).",
		job:         "backup job",
		filter:      filterString,
		filters: map[string]schema.Attribute{
			"server":    filterString("Only runs of this server (its name)."),
			"partition": filterString(`Only runs of this partition ("/") or drive ("C:").`),
		},
		row: map[string]schema.Attribute{
			"job_name":        computedString("The job's name when it ran."),
			"server":          computedString("The server backed up."),
			"partition":       computedString("The partition or drive backed up."),
			"backup_type":     computedString(`The run's mode as sent ("Full Backup", "Increment Backup").`),
			"repository_path": computedString("The repository the image was written to."),
			"succeeded":       schema.BoolAttribute{Computed: true, Description: "Whether the run completed."},
		},
	}, readBackupHistories)
}

// readBackupHistories lists the runs, page by page, up to limit.
func readBackupHistories(ctx context.Context, c *zdm.Client, m *backupHistoriesDataModel, _ *diag.Diagnostics) (string, error) {
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
	m.Histories, err = collect(c.Backups.ListAllHistories(ctx, opts), m.Limit.ValueInt64(), func(h *zdm.BackupHistory) backupHistoryItem {
		return backupHistoryItem{
			historyRow:     historyRowOf(h.ID, h.Job.ID, h.Job.Name, h.Result, h.Succeeded(), h.Time),
			Server:         types.StringValue(h.System.Name),
			Partition:      types.StringValue(h.Job.Partition),
			BackupType:     types.StringValue(h.Job.BackupType),
			RepositoryPath: types.StringValue(h.Job.RepositoryPath),
		}
	})
	return "Could not list the backup histories", err
}
