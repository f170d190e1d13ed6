package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// repositoriesDataModel is the data source's filters and result.
type repositoriesDataModel struct {
	Center       types.String     `tfsdk:"center"`
	Type         types.String     `tfsdk:"type"`
	Repositories []repositoryItem `tfsdk:"repositories"`
}

// repositoryItem is one repository.
type repositoryItem struct {
	ID          types.String `tfsdk:"id"`
	Center      types.String `tfsdk:"center"`
	Type        types.String `tfsdk:"type"`
	RemotePath  types.String `tfsdk:"remote_path"`
	LocalPath   types.String `tfsdk:"local_path"`
	IPAddresses []string     `tfsdk:"ip_addresses"`
	Port        types.Int64  `tfsdk:"port"`
	SizeBytes   types.Int64  `tfsdk:"size_bytes"`
	UsedBytes   types.Int64  `tfsdk:"used_bytes"`
	FreeBytes   types.Int64  `tfsdk:"free_bytes"`
	Usage       types.Int64  `tfsdk:"usage"`
}

// newRepositoriesDataSource is the zdm_repositories data source.
func newRepositoriesDataSource() datasource.DataSource {
	return &dataSource[repositoriesDataModel]{name: "repositories", read: readRepositories, schema: schema.Schema{
		Description: "Lists the backup repositories of the centers, with their capacity and use.",
		Attributes: map[string]schema.Attribute{
			"center": filterString("Only the repositories of these centers (ID or name, a comma list)."),
			"type": schema.StringAttribute{Optional: true, Description: `Only the repositories of this type, "nfs" or "smb".`,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(repositoryTypes...)}},
			"repositories": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The repositories found.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":           computedString("The repository's ID (`repository_id` of backup and recovery jobs)."),
					"center":       computedString("The name of its center."),
					"type":         computedString(`"nfs" or "smb" ("" when the server did not know it).`),
					"remote_path":  computedString("The export path (NFS) or share name (SMB) on the storage server."),
					"local_path":   computedString("Where the center mounts it."),
					"ip_addresses": schema.ListAttribute{Computed: true, ElementType: types.StringType, Description: "The storage server's addresses, in the order they were added."},
					"port":         computedInt("The storage server's port; null when not given."),
					"size_bytes":   computedInt("Its capacity in bytes."),
					"used_bytes":   computedInt("The space in use, in bytes."),
					"free_bytes":   computedInt("The free space, in bytes."),
					"usage":        computedInt("The percent in use, 0 to 100."),
				}},
			},
		},
	}}
}

// readRepositories lists the repositories, page by page.
func readRepositories(ctx context.Context, c *zdm.Client, m *repositoriesDataModel, _ *diag.Diagnostics) (string, error) {
	opts := &zdm.ListRepositoriesOptions{Center: m.Center.ValueString(), Type: zdm.RepositoryType(strings.ToLower(m.Type.ValueString()))}
	var err error
	m.Repositories, err = collect(c.Repositories.ListAll(ctx, opts), 0, func(r *zdm.Repository) repositoryItem {
		it := repositoryItem{
			ID:          types.StringValue(strconv.FormatInt(r.ID, 10)),
			Center:      types.StringValue(r.Center),
			Type:        types.StringValue(string(r.Type)),
			RemotePath:  types.StringValue(r.RemotePath),
			LocalPath:   types.StringValue(r.LocalPath),
			IPAddresses: append([]string{}, r.IPs...),
			Port:        types.Int64Null(),
			SizeBytes:   types.Int64Value(r.Size.Bytes),
			UsedBytes:   types.Int64Value(r.Used.Bytes),
			FreeBytes:   types.Int64Value(r.Free.Bytes),
			Usage:       types.Int64Value(int64(r.Usage)),
		}
		if r.Port != 0 {
			it.Port = types.Int64Value(int64(r.Port))
		}
		return it
	})
	return "Could not list the repositories", err
}
