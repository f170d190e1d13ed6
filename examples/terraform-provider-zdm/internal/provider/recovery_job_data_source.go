package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// recoveryJobDataModel is the data source's configuration and result.
type recoveryJobDataModel struct {
	ID           types.String    `tfsdk:"id"`
	Name         types.String    `tfsdk:"name"`
	Center       types.String    `tfsdk:"center"`
	Source       types.String    `tfsdk:"source"`
	Target       types.String    `tfsdk:"target"`
	Platform     types.String    `tfsdk:"platform"`
	RepositoryID types.Int64     `tfsdk:"repository_id"`
	Mode         types.String    `tfsdk:"mode"`
	Status       types.String    `tfsdk:"status"`
	LastUpdated  types.String    `tfsdk:"last_updated"`
	Partitions   []partitionItem `tfsdk:"partitions"`
}

// partitionItem is one source/target pair of a job or plan, and the
// backup it restores.
type partitionItem struct {
	Source     types.String `tfsdk:"source"`
	Target     types.String `tfsdk:"target"`
	BackupJob  types.String `tfsdk:"backup_job"`
	BackupFile types.String `tfsdk:"backup_file"`
}

// partitionItemAttributes are the attributes of a partitionItem.
func partitionItemAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"source":      schema.StringAttribute{Computed: true, Description: "The source partition or drive."},
		"target":      schema.StringAttribute{Computed: true, Description: "The target partition or drive."},
		"backup_job":  schema.StringAttribute{Computed: true, Description: "The backup job whose image is restored."},
		"backup_file": schema.StringAttribute{Computed: true, Description: "The backup image restored (its file name)."},
	}
}

// partitionItemOf is a partition pair as a data source shows it ("" as
// null).
func partitionItemOf(p partitionPair) partitionItem {
	return partitionItem{Source: types.StringValue(p.Source), Target: types.StringValue(p.Target),
		BackupJob: stringOrNull(p.BackupJob), BackupFile: stringOrNull(p.BackupFile)}
}

// stringOrNull is s as a value, null for "".
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// newRecoveryJobDataSource is the zdm_recovery_job data source.
func newRecoveryJobDataSource() datasource.DataSource {
	return &byIDOrName[recoveryJobDataModel]{dataSource[recoveryJobDataModel]{name: "recovery_job", read: readRecoveryJob, schema: schema.Schema{
		Description: "Reads one recovery job, by ID or by name.",
		Attributes: map[string]schema.Attribute{
			"id":            schema.StringAttribute{Optional: true, Computed: true, Description: "The job's ID; set id or name."},
			"name":          schema.StringAttribute{Optional: true, Computed: true, Description: "The job's name; set id or name."},
			"center":        schema.StringAttribute{Optional: true, Description: "The center (ID or name) to look in: names are unique only within a center."},
			"source":        schema.StringAttribute{Computed: true, Description: "The source server's name."},
			"target":        schema.StringAttribute{Computed: true, Description: "The target server's name."},
			"platform":      schema.StringAttribute{Computed: true, Description: "The target platform, as the server spells it."},
			"repository_id": schema.Int64Attribute{Computed: true, Description: "The repository of the first partition's backups."},
			"mode":          schema.StringAttribute{Computed: true, Description: `"full" or "increment" ("" when the partitions differ).`},
			"status":        schema.StringAttribute{Computed: true, Description: "The job's status as the server spells it."},
			"last_updated":  schema.StringAttribute{Computed: true, Description: "When the job last changed (RFC 3339)."},
			"partitions": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The job's source/target partition pairs, and the backups they restore.",
				NestedObject: schema.NestedAttributeObject{Attributes: partitionItemAttributes()},
			},
		},
	}}}
}

// readRecoveryJob looks the job up.
func readRecoveryJob(ctx context.Context, c *zdm.Client, m *recoveryJobDataModel, _ *diag.Diagnostics) (string, error) {
	id := ident(m.ID, m.Name)
	job, gresp, err := c.Recoveries.Get(ctx, id, &zdm.GetRecoveryOptions{Center: m.Center.ValueString(), Detail: true})
	logCall(ctx, "read the recovery job", gresp, err)
	if err != nil {
		return "Could not read the recovery job " + strconv.Quote(id), err
	}
	v := viewOf(job)
	m.ID = types.StringValue(v.ID)
	m.Name = types.StringValue(v.Name)
	m.Source = types.StringValue(v.Source.Name)
	m.Target = types.StringValue(v.Target.Name)
	m.Platform = types.StringValue(v.Platform)
	m.Mode = types.StringValue(v.Mode)
	m.Status = types.StringValue(v.Status)
	m.LastUpdated = types.StringValue(v.LastUpdated)
	m.RepositoryID = types.Int64Null()
	if v.RepositoryID != 0 {
		m.RepositoryID = types.Int64Value(v.RepositoryID)
	}
	m.Partitions = make([]partitionItem, len(v.Partitions))
	for i, p := range v.Partitions {
		m.Partitions[i] = partitionItemOf(p)
	}
	return "", nil
}
