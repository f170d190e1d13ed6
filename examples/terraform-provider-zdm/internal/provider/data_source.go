package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// dataSource is one of the provider's data sources: its type name, its
// schema and how it reads into its model M. The plumbing is the same for
// every one: the configuration decoded into M, read filled in, saved as
// the state, or a failure reported.
type dataSource[M any] struct {
	dataSourceClient
	name   string // the type name after the provider's: "servers" is zdm_servers
	schema schema.Schema
	read   readFunc[M]
}

// readFunc fills m, which holds the data source's configuration, with
// what it reads; an error is reported as summary ("Could not list the
// servers"). A problem it reports itself goes into diags.
type readFunc[M any] func(ctx context.Context, c *zdm.Client, m *M, diags *diag.Diagnostics) (summary string, err error)

var _ datasource.DataSourceWithConfigure = (*dataSource[struct{}])(nil)

// Metadata names the data source zdm_<name>.
func (d *dataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.name
}

// Schema describes the data source.
func (d *dataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema
}

// Read reads the data source and saves what it read.
func (d *dataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := decode[M](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	if summary, err := d.read(ctx, d.client, m, &resp.Diagnostics); err != nil {
		addError(&resp.Diagnostics, summary, err, nil, "")
		return
	}
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// byIDOrName is a data source that reads one object by its ID or by its
// name: exactly one of id and name is set.
type byIDOrName[M any] struct{ dataSource[M] }

var _ datasource.DataSourceWithConfigValidators = (*byIDOrName[struct{}])(nil)

// ConfigValidators require exactly one of id and name.
func (d *byIDOrName[M]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

// ident is what a by-ID-or-name data source looks up: the ID when it is
// set, else the name.
func ident(id, name types.String) string {
	if id.IsNull() {
		return name.ValueString()
	}
	return id.ValueString()
}
