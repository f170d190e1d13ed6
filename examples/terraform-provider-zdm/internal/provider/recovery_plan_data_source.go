package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// recoveryPlanDataModel is the data source's configuration and result.
type recoveryPlanDataModel struct {
	Center           types.String    `tfsdk:"center"`
	Source           types.String    `tfsdk:"source"`
	Target           types.String    `tfsdk:"target"`
	Platform         types.String    `tfsdk:"platform"`
	Mode             types.String    `tfsdk:"mode"`
	Before           types.String    `tfsdk:"before"`
	SourcePartitions []string        `tfsdk:"source_partitions"`
	TargetPartitions types.Map       `tfsdk:"target_partitions"`
	RepositoryID     types.Int64     `tfsdk:"repository_id"`
	Partitions       []partitionItem `tfsdk:"partitions"`
}

// newRecoveryPlanDataSource is the zdm_recovery_plan data source.
func newRecoveryPlanDataSource() datasource.DataSource {
	required := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Required: true, Description: desc, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	}
	return &dataSource[recoveryPlanDataModel]{name: "recovery_plan", read: readRecoveryPlan, schema: schema.Schema{
		Description: "Plans a recovery from a source server's backup images onto a target server: for every partition (or drive) of the source, " +
			"or every one of `source_partitions`, the newest image at or before `before`, mapped to the target partition of the same mount point " +
			"(or drive letter), or to the one `target_partitions` names. " +
			"Its outputs are what a `zdm_recovery_job` takes (`partitions`, `repository_id`, `mode`). A partition without an image, " +
			"or without a target partition, fails the read and names each. Read again later, a plan without `before` picks newer images, " +
			"and a recovery job made from it is replaced (its partitions change): pin `before` (to `zdm_backup_run.<name>.image_created_at`, or a date) " +
			"for a plan that stays.",
		Attributes: map[string]schema.Attribute{
			"center": required("The center of the source's backups and of the recovery (ID or name)."),
			"source": required("The server the backups were taken from: its name (1.x/2.x servers list images by name only), or on 3.0.0 its ID."),
			"target": required("The server to recover onto, by ID or name."),
			"platform": schema.StringAttribute{Required: true, Description: "The target's platform, in any case: " + strings.Join(platforms, ", ") + ".",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(platforms...)}},
			"mode": schema.StringAttribute{Optional: true, Computed: true, Description: `The recovery mode, "full" (the default) or "increment".`,
				Validators: modeValidators},
			"before": schema.StringAttribute{Optional: true,
				Description: "Pick, per partition, the newest image written at or before this time (RFC 3339); unset picks the newest image.",
				Validators:  []validator.String{rfc3339{}}},
			"source_partitions": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				Description: `The source partitions ("/", "/boot") or drives ("C:") to recover; unset recovers every partition of the source. Each must have an image: a partition never backed up fails the read rather than being left out.`,
				Validators:  []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"target_partitions": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				Description: `Target partitions for source ones, instead of the same mount point or letter ({ "/data" = "/mnt/data" }).`,
				Validators:  []validator.Map{mapvalidator.SizeAtLeast(1)}},
			"repository_id": schema.Int64Attribute{Computed: true, Description: "The repository of the images (for a `zdm_recovery_job`'s `repository_id`)."},
			"partitions": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The partition mappings, each with the backup job and image it restores: a `zdm_recovery_job`'s `partitions` as they are.",
				NestedObject: schema.NestedAttributeObject{Attributes: partitionItemAttributes()},
			},
		},
	}}
}

// readRecoveryPlan plans the recovery with the SDK's PlanFromBackups.
func readRecoveryPlan(ctx context.Context, c *zdm.Client, m *recoveryPlanDataModel, diags *diag.Diagnostics) (string, error) {
	if m.Mode.IsNull() || m.Mode.IsUnknown() {
		m.Mode = types.StringValue(string(zdm.ModeFull))
	}
	opts := &zdm.PlanRecoveryOptions{
		Center:     m.Center.ValueString(),
		Source:     m.Source.ValueString(),
		Target:     m.Target.ValueString(),
		Platform:   strings.ToLower(m.Platform.ValueString()),
		Mode:       zdm.Mode(m.Mode.ValueString()),
		Partitions: m.SourcePartitions,
	}
	if known(m.Before) {
		opts.Before, _ = time.Parse(time.RFC3339, m.Before.ValueString()) // validated
	}
	if known(m.TargetPartitions) {
		diags.Append(m.TargetPartitions.ElementsAs(ctx, &opts.Targets, false)...)
	}
	plan, err := c.Recoveries.PlanFromBackups(ctx, opts)
	if pe := (*zdm.PlanError)(nil); errors.As(err, &pe) {
		diags.AddError(fmt.Sprintf("Cannot recover %q onto %q", opts.Source, opts.Target), planProblems(pe))
		return "", nil
	}
	if err != nil {
		return "Could not plan the recovery", err
	}
	m.RepositoryID = types.Int64Value(plan.Repository.ID)
	m.Partitions = make([]partitionItem, len(plan.Partitions))
	for i, p := range plan.Partitions {
		m.Partitions[i] = partitionItemOf(partitionPair{Source: p.SourcePartition, Target: p.TargetPartition, BackupJob: p.BackupJob, BackupFile: p.BackupFile})
	}
	return "", nil
}

// planProblems says, in the data source's terms, which partitions a
// plan cannot restore and why.
func planProblems(pe *zdm.PlanError) string {
	var parts []string
	if len(pe.NoImage) > 0 {
		when := ""
		if !pe.Before.IsZero() {
			when = " written at or before " + pe.Before.Format(time.RFC3339)
		}
		parts = append(parts, fmt.Sprintf("No backup image%s of %s: back them up first, or leave them out of source_partitions.", when, quoted(pe.NoImage)))
	}
	if len(pe.NoTarget) > 0 {
		parts = append(parts, fmt.Sprintf("No partition on %q for %s: map each to a target partition in target_partitions.", pe.Target, quoted(pe.NoTarget)))
	}
	return strings.Join(parts, "\n\n")
}

// quoted lists names, each quoted.
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
