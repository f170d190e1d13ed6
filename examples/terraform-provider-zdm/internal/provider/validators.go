package provider

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ipv4 accepts an IPv4 address ("192.168.1.200"), which is all servers
// take for a storage server.
type ipv4 struct{}

func (ipv4) Description(context.Context) string { return `an IPv4 address such as "192.168.1.200"` }

func (v ipv4) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v ipv4) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	if a, err := netip.ParseAddr(req.ConfigValue.ValueString()); err == nil && a.Is4() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid IPv4 address",
		fmt.Sprintf("%q is not %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
}

// rfc3339 accepts a time in RFC 3339 ("2026-01-17T02:00:00Z",
// "2026-01-17T11:00:00+09:00").
type rfc3339 struct{}

func (rfc3339) Description(context.Context) string {
	return `an RFC 3339 time such as "2026-01-17T02:00:00Z" or "2026-01-17T11:00:00+09:00"`
}

func (v rfc3339) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rfc3339) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err == nil {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid time",
		fmt.Sprintf("%q is not %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
}
