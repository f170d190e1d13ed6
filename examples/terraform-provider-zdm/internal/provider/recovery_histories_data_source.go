package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// recoveryHistoriesDataModel is the zdm_recovery_histories data source's
// filters and result.
type recoveryHistoriesDataModel struct {
	historyFilters
	Histories []recoveryHistoryItem `tfsdk:"histories"`
}

// recoveryHistoryItem is one finished recovery run.
type recoveryHistoryItem struct {
	historyRow
	Source types.String `tfsdk:"source"`
	Target types.String `tfsdk:"target"`
}

// newRecoveryHistoriesDataSource is the zdm_recovery_histories data
// source. Its filters take any text, the empty one too.
func newRecoveryHistoriesDataSource() datasource.DataSource {
	return historiesDataSource(historyFamily{
		name:        "recovery",
		description: "Lists finished recovery runs, newest first.",
		job:         "job",
		filter:      optionalString,
		filters: map[string]schema.Attribute{
			"server": optionalString("Only runs onto this target server (name)."),
		},
		row: map[string]schema.Attribute{
			"job_name":  computedString("The job's name."),
			"source":    computedString("The source server."),
			"target":    computedString("The target server."),
			"succeeded": schema.BoolAttribute{Computed: true, Description: "Whether the run recovered every partition."},
		},
	}, readRecoveryHistories)
}

// readRecoveryHistories lists the runs, page by page, up to limit.
func readRecoveryHistories(ctx context.Context, c *zdm.Client, m *recoveryHistoriesDataModel, _ *diag.Diagnostics) (string, error) {
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
	m.Histories, err = collect(c.Recoveries.ListAllHistories(ctx, opts), m.Limit.ValueInt64(), func(h *zdm.RecoveryHistory) recoveryHistoryItem {
		return recoveryHistoryItem{
			historyRow: historyRowOf(h.ID, h.Job.ID, h.Job.Name, h.Result, h.Succeeded(), h.Time),
			Source:     types.StringValue(h.System.Name),
			Target:     types.StringValue(h.Job.RecoverySystemName),
		}
	})
	return "Could not list the recovery histories", err
}
