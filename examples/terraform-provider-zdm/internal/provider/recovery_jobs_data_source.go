package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// recoveryJobsDataModel is the data source's filters and result.
type recoveryJobsDataModel struct {
	Center types.String     `tfsdk:"center"`
	Name   types.String     `tfsdk:"name"`
	Server types.String     `tfsdk:"server"`
	Status types.String     `tfsdk:"status"`
	Mode   types.String     `tfsdk:"mode"`
	Jobs   []jobSummaryItem `tfsdk:"jobs"`
}

// jobSummaryItem is one job of the list.
type jobSummaryItem struct {
	ID     types.String `tfsdk:"id"`
	Name   types.String `tfsdk:"name"`
	Status types.String `tfsdk:"status"`
	Source types.String `tfsdk:"source"`
	Target types.String `tfsdk:"target"`
}

// newRecoveryJobsDataSource is the zdm_recovery_jobs data source.
func newRecoveryJobsDataSource() datasource.DataSource {
	return &dataSource[recoveryJobsDataModel]{name: "recovery_jobs", read: readRecoveryJobs, schema: schema.Schema{
		Description: "Lists recovery jobs, every page of them, narrowed by the filters set.",
		Attributes: map[string]schema.Attribute{
			"center": schema.StringAttribute{Optional: true, Description: "Only jobs of these centers (ID or name, a comma list)."},
			"name":   schema.StringAttribute{Optional: true, Description: "Only jobs of this name."},
			"server": schema.StringAttribute{Optional: true, Description: "Only jobs of this server (ID or name)."},
			"status": schema.StringAttribute{Optional: true, Validators: statusValidators, Description: "Only jobs in this status (Processing, Complete, Error, ...)."},
			"mode":   schema.StringAttribute{Optional: true, Validators: modeValidators, Description: `Only jobs of this mode, "full" or "increment".`},
			"jobs": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The jobs found.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":     schema.StringAttribute{Computed: true, Description: "The job's ID."},
					"name":   schema.StringAttribute{Computed: true, Description: "The job's name."},
					"status": schema.StringAttribute{Computed: true, Description: "The job's status as the server spells it."},
					"source": schema.StringAttribute{Computed: true, Description: "The source server's name."},
					"target": schema.StringAttribute{Computed: true, Description: "The target server's name."},
				}},
			},
		},
	}}
}

// statusValidators accept the released statuses, in any case.
var statusValidators = []validator.String{stringvalidator.OneOfCaseInsensitive(
	string(zdm.StatusPreparing), string(zdm.StatusProcessing), string(zdm.StatusComplete), string(zdm.StatusScheduled),
	string(zdm.StatusRegistered), string(zdm.StatusCanceling), string(zdm.StatusCanceled), string(zdm.StatusError))}

// readRecoveryJobs lists the jobs, page by page.
func readRecoveryJobs(ctx context.Context, c *zdm.Client, m *recoveryJobsDataModel, _ *diag.Diagnostics) (string, error) {
	opts := &zdm.ListRecoveriesOptions{
		Center:  m.Center.ValueString(),
		JobName: m.Name.ValueString(),
		Server:  m.Server.ValueString(),
		Status:  zdm.Status(m.Status.ValueString()),
		Mode:    zdm.Mode(m.Mode.ValueString()),
	}
	var err error
	m.Jobs, err = collect(c.Recoveries.ListAll(ctx, opts), 0, func(job *zdm.Recovery) jobSummaryItem {
		v := viewOf(job)
		return jobSummaryItem{
			ID:     types.StringValue(v.ID),
			Name:   types.StringValue(v.Name),
			Status: types.StringValue(v.Status),
			Source: types.StringValue(v.Source.Name),
			Target: types.StringValue(v.Target.Name),
		}
	})
	return "Could not list the recovery jobs", err
}
