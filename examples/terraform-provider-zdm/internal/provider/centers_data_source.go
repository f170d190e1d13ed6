package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/zdmkit/go-zdm"
)

// centersDataSource is the zdm_centers data source.
type centersDataSource struct {
	dataSourceClient
}

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

var _ datasource.DataSourceWithConfigure = (*centersDataSource)(nil)

func newCentersDataSource() datasource.DataSource { return &centersDataSource{} }

// Metadata names the data source zdm_centers.
func (d *centersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_centers"
}

// Schema describes the data source.
func (d *centersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
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
	}
}

// Read lists the centers.
func (d *centersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m centersDataModel
	var err error
	m.Centers, err = collect(d.client.Centers.ListAll(ctx, nil), 0, func(c *zdm.Center) centerItem {
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
	if err != nil {
		addError(&resp.Diagnostics, "Could not list the centers", err, nil, "")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
