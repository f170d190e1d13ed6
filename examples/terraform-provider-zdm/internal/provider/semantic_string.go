package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zdmkit/go-zdm"
)

// spelling is how two spellings of one value are told the same: a
// server answers "VMware" for "vmware", and "C:" for a drive given as "c".
type spelling int

const (
	// anyCase compares case-insensitively, around spaces (platforms,
	// after-reboot actions, script timings: sent lowercased, answered in
	// any case).
	anyCase spelling = iota + 1
	// partitionSpelling compares partitions and drives as servers do: a
	// drive letter with or without its colon, in any case ("c", "C:").
	partitionSpelling
	// scheduleTypeSpelling compares schedule types as servers read them:
	// a number ("3"), a display name ("Daily") or an alias ("daily").
	scheduleTypeSpelling
)

// canonical is s in the spelling's normal form.
func (sp spelling) canonical(s string) string {
	s = strings.TrimSpace(s)
	switch sp {
	case anyCase:
		return strings.ToLower(s)
	case partitionSpelling:
		if len(s) == 1 || (len(s) == 2 && s[1] == ':') {
			return strings.ToUpper(s[:1]) + ":"
		}
	case scheduleTypeSpelling:
		if t, err := zdm.ParseScheduleType(s); err == nil {
			return strconv.Itoa(int(t))
		}
	}
	return s
}

// spelledStringType is a string attribute whose values are equal when
// they spell the same thing (see spelling): the framework then keeps the
// prior value after a read or an apply, and the plan modifier
// keepEquivalentSpelling keeps it at plan time, so a respelling is never a
// change.
type spelledStringType struct {
	basetypes.StringType
	spelling spelling
}

var _ basetypes.StringTypable = spelledStringType{}

// Equal reports whether o is the same type with the same spelling rule.
func (t spelledStringType) Equal(o attr.Type) bool {
	other, ok := o.(spelledStringType)
	return ok && other.spelling == t.spelling
}

// String names the type in framework messages.
func (t spelledStringType) String() string { return fmt.Sprintf("spelledStringType(%d)", t.spelling) }

// ValueFromString wraps a plain string value.
func (t spelledStringType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return spelledString{StringValue: in, spelling: t.spelling}, nil
}

// ValueFromTerraform reads a value from Terraform.
func (t spelledStringType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return spelledString{StringValue: s, spelling: t.spelling}, nil
}

// ValueType is the type's value.
func (t spelledStringType) ValueType(context.Context) attr.Value {
	return spelledString{spelling: t.spelling}
}

// spelledString is a value of spelledStringType.
type spelledString struct {
	basetypes.StringValue
	spelling spelling
}

var _ basetypes.StringValuableWithSemanticEquals = spelledString{}

// Type is the value's type.
func (v spelledString) Type(context.Context) attr.Type {
	return spelledStringType{spelling: v.spelling}
}

// Equal reports whether o is the same value, spelled the same.
func (v spelledString) Equal(o attr.Value) bool {
	other, ok := o.(spelledString)
	return ok && other.spelling == v.spelling && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether the new value spells the same
// thing as v.
func (v spelledString) StringSemanticEquals(_ context.Context, newValue basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	n, ok := newValue.(spelledString)
	if !ok {
		diags.AddError("Semantic equality check error", fmt.Sprintf("expected a %T, got %T: please report this to the provider's authors", v, newValue))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || n.IsNull() || n.IsUnknown() {
		return false, diags
	}
	return v.spelling.canonical(v.ValueString()) == n.spelling.canonical(n.ValueString()), diags
}

// spelled makes a known value of the spelling's type.
func spelled(sp spelling, s string) spelledString {
	return spelledString{StringValue: basetypes.NewStringValue(s), spelling: sp}
}

// spelledNull is a null value of the spelling's type.
func spelledNull(sp spelling) spelledString {
	return spelledString{StringValue: basetypes.NewStringNull(), spelling: sp}
}
