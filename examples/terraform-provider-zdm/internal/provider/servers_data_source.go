package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// serverItem is one server, with its partitions.
type serverItem struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Mode        types.String `tfsdk:"mode"`
	OS          types.String `tfsdk:"os"`
	Connected   types.Bool   `tfsdk:"connected"`
	PublicIP    types.String `tfsdk:"public_ip"`
	PrivateIPs  []string     `tfsdk:"private_ips"`
	LicenseID   types.Int64  `tfsdk:"license_id"`
	LastUpdated types.String `tfsdk:"last_updated"`
	Partitions  []volumeItem `tfsdk:"partitions"`
}

// volumeItem is one partition (Linux) or drive (Windows) of a server.
type volumeItem struct {
	Letter     types.String `tfsdk:"letter"`
	MountPoint types.String `tfsdk:"mount_point"`
	Drive      types.String `tfsdk:"drive"`
	Device     types.String `tfsdk:"device"`
	FileSystem types.String `tfsdk:"file_system"`
	SizeBytes  types.Int64  `tfsdk:"size_bytes"`
	UsedBytes  types.Int64  `tfsdk:"used_bytes"`
	FreeBytes  types.Int64  `tfsdk:"free_bytes"`
	Usage      types.Int64  `tfsdk:"usage"`
}

// serverAttributes are the attributes of a serverItem; id and name as
// given.
func serverAttributes(id, name schema.StringAttribute) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":           id,
		"name":         name,
		"mode":         computedString(`The agent's role, "source" or "target" ("" when the server reports another).`),
		"os":           computedString("The operating system, as the agent reports it."),
		"connected":    schema.BoolAttribute{Computed: true, Description: "Whether the agent is connected."},
		"public_ip":    computedString("The public address."),
		"private_ips":  schema.ListAttribute{Computed: true, ElementType: types.StringType, Description: "The private addresses."},
		"license_id":   computedInt("The ID of the licence assigned to it; null when none is."),
		"last_updated": computedString("When the agent last reported (RFC 3339)."),
		"partitions": schema.ListNestedAttribute{
			Computed:    true,
			Description: "Its partitions (Linux) or drives (Windows): what backup jobs back up (`zdm_backup_job.partition`) and recoveries restore to. Servers from 2.0.1 on leave out those with no free space (swap, CD-ROMs).",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"letter":      computedString(`The mount point ("/boot") or drive ("C:") as sent.`),
				"mount_point": computedString(`The Linux mount point; "" for a drive.`),
				"drive":       computedString(`The Windows drive as "C:"; "" for a mount point.`),
				"device":      computedString(`The device ("/dev/sda1").`),
				"file_system": computedString(`The file system ("xfs", "NTFS").`),
				"size_bytes":  computedInt("Its size in bytes."),
				"used_bytes":  computedInt("The space in use, in bytes."),
				"free_bytes":  computedInt("The free space, in bytes."),
				"usage":       computedInt("The percent in use, 0 to 100."),
			}},
		},
	}
}

// serverItemOf is a server as the data sources show it.
func serverItemOf(s *zdm.Server) serverItem {
	it := serverItem{
		ID:          types.StringValue(strconv.FormatInt(s.ID, 10)),
		Name:        types.StringValue(s.Name),
		Mode:        types.StringValue(string(s.Mode())),
		OS:          types.StringValue(s.OS.Version),
		Connected:   types.BoolValue(s.Connected()),
		PublicIP:    types.StringValue(s.IP.Public),
		PrivateIPs:  append([]string{}, s.IP.Private...),
		LicenseID:   types.Int64Null(),
		LastUpdated: types.StringValue(s.LastUpdated),
		Partitions:  []volumeItem{},
	}
	if s.License.ID != 0 {
		it.LicenseID = types.Int64Value(s.License.ID)
	}
	for _, p := range s.Partitions {
		it.Partitions = append(it.Partitions, volumeItem{
			Letter:     types.StringValue(p.Letter),
			MountPoint: types.StringValue(p.MountPoint()),
			Drive:      types.StringValue(p.Drive()),
			Device:     types.StringValue(p.Device),
			FileSystem: types.StringValue(p.FileSystem),
			SizeBytes:  types.Int64Value(p.Size.Bytes),
			UsedBytes:  types.Int64Value(p.Used.Bytes),
			FreeBytes:  types.Int64Value(p.Free.Bytes),
			Usage:      types.Int64Value(int64(p.Usage)),
		})
	}
	return it
}

// serverModes are the server roles.
var serverModes = []string{string(zdm.ServerModeSource), string(zdm.ServerModeTarget)}

// serversDataModel is the data source's filters and result.
type serversDataModel struct {
	Center  types.String `tfsdk:"center"`
	Mode    types.String `tfsdk:"mode"`
	Servers []serverItem `tfsdk:"servers"`
}

// newServersDataSource is the zdm_servers data source.
func newServersDataSource() datasource.DataSource {
	return &dataSource[serversDataModel]{name: "servers", read: readServers, schema: schema.Schema{
		Description: "Lists the servers ZDM agents registered (the sources of backups and the targets of recoveries), with their partitions.",
		Attributes: map[string]schema.Attribute{
			"center": filterString("Only the servers of these centers (ID or name, a comma list)."),
			"mode": schema.StringAttribute{Optional: true, Description: `Only the sources ("source") or the targets ("target").`,
				Validators: []validator.String{stringvalidator.OneOf(serverModes...)}},
			"servers": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The servers found.",
				NestedObject: schema.NestedAttributeObject{Attributes: serverAttributes(
					schema.StringAttribute{Computed: true, Description: "The server's ID."},
					schema.StringAttribute{Computed: true, Description: "The server's name as registered."},
				)},
			},
		},
	}}
}

// readServers lists the servers, page by page, with their partitions.
func readServers(ctx context.Context, c *zdm.Client, m *serversDataModel, _ *diag.Diagnostics) (string, error) {
	opts := &zdm.ListServersOptions{Center: m.Center.ValueString(), Mode: zdm.ServerMode(m.Mode.ValueString()),
		ServerIncludes: zdm.ServerIncludes{Partition: true}}
	var err error
	m.Servers, err = collect(c.Servers.ListAll(ctx, opts), 0, serverItemOf)
	return "Could not list the servers", err
}

// serverDataModel is the zdm_server data source's configuration and
// result.
type serverDataModel struct {
	serverItem
	Center types.String `tfsdk:"center"`
}

// newServerDataSource is the zdm_server data source.
func newServerDataSource() datasource.DataSource {
	attrs := serverAttributes(
		schema.StringAttribute{Optional: true, Computed: true, Description: "The server's ID; set id or name."},
		schema.StringAttribute{Optional: true, Computed: true, Description: "The server's name as registered; set id or name."},
	)
	attrs["center"] = filterString("The center (ID or name) to look in: server names are unique only within a center.")
	return &byIDOrName[serverDataModel]{dataSource[serverDataModel]{name: "server", read: readServer, schema: schema.Schema{
		Description: "Reads one server a ZDM agent registered, by ID or name, with its partitions.",
		Attributes:  attrs,
	}}}
}

// readServer looks the server up, with its partitions.
func readServer(ctx context.Context, c *zdm.Client, m *serverDataModel, _ *diag.Diagnostics) (string, error) {
	id := ident(m.ID, m.Name)
	s, gresp, err := c.Servers.Get(ctx, id, &zdm.GetServerOptions{Center: m.Center.ValueString(), ServerIncludes: zdm.ServerIncludes{Partition: true}})
	logCall(ctx, "read the server", gresp, err)
	if err == nil {
		m.serverItem = serverItemOf(s)
	}
	return "Could not read the server " + strconv.Quote(id), err
}
