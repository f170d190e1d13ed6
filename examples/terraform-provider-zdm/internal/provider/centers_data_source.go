package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/zdmkit/go-zdm"
)

// centersDataModel is the data source's result.
type centersDataModel struct {
	Centers []centerItem `tfsdk:"centers"`
}

// centerItem is one center.
type centerItem struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Host        types.String `tfsdk:"host"`
	OS          types.String `tfsdk:"os"`
	PublicIP    types.String `tfsdk:"public_ip"`
	Connected   types.Bool   `tfsdk:"connected"`
	Activated   types.Bool   `tfsdk:"activated"`
	LastUpdated types.String `tfsdk:"last_updated"`
}

// newCentersDataSource is the zdm_centers data source.
func newCentersDataSource() datasource.DataSource {
	return &dataSource[centersDataModel]{name: "centers", read: readCenters, schema: schema.Schema{
		Description: "Lists the ZDM centers (the ZDM servers that own servers, repositories, schedules and jobs): what every `center` argument names, by ID or name.",
		Attributes: map[string]schema.Attribute{
			"centers": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The centers.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":           computedString("The center's ID."),
					"name":         computedString("The center's name."),
					"host":         computedString("The host name of the machine it runs on."),
					"os":           computedString("The host's operating system."),
					"public_ip":    computedString("The host's public address."),
					"connected":    schema.BoolAttribute{Computed: true, Description: "Whether the center is connected."},
					"activated":    schema.BoolAttribute{Computed: true, Description: "Whether the center is activated."},
					"last_updated": computedString("When the center last reported (RFC 3339)."),
				}},
			},
		},
	}}
}

// readCenters lists the centers.
func readCenters(ctx context.Context, c *zdm.Client, m *centersDataModel, _ *diag.Diagnostics) (string, error) {
	var err error
	m.Centers, err = collect(c.Centers.ListAll(ctx, nil), 0, func(c *zdm.Center) centerItem {
		return centerItem{
			ID:          types.StringValue(idText(c.ID.Center)),
			Name:        types.StringValue(c.Name.Center),
			Host:        types.StringValue(c.Name.Host),
			OS:          types.StringValue(c.OS.Version),
			PublicIP:    types.StringValue(c.IP.Public),
			Connected:   types.BoolValue(c.Connected()),
			Activated:   types.BoolValue(c.Activated()),
			LastUpdated: types.StringValue(c.LastUpdated),
		}
	})
	return "Could not list the centers", err
}
