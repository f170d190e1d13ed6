package provider

import (
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/zdmkit/go-zdm"
)

// computedString is a data source's computed string attribute.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: desc}
}

// computedInt is a data source's computed number attribute.
func computedInt(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, Description: desc}
}

// optionalString is a data source's optional string: a filter that
// takes any text.
func optionalString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Description: desc}
}

// filterString is a data source's optional, non-empty string filter.
func filterString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Description: desc, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
}

// collect converts what seq yields with item, up to limit items (0 for
// all): a list data source's rows, fetched page by page.
func collect[T, I any](seq iter.Seq2[T, error], limit int64, item func(T) I) ([]I, error) {
	out := []I{}
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, item(v))
		if limit > 0 && int64(len(out)) >= limit {
			break
		}
	}
	return out, nil
}

// pageSize is the page size to ask for when at most limit rows are
// wanted: limit when it is below a page, else the SDK's default.
func pageSize(limit int64) int {
	if limit > 0 && limit < zdm.DefaultPageSize {
		return int(limit)
	}
	return 0
}
