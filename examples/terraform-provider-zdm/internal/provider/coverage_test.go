package provider

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// camel is a type name without its "zdm_" as Go spells it
// ("zdm_backup_job" -> "BackupJob").
func camel(typeName string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.TrimPrefix(typeName, "zdm_"), "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// dialectTests maps the acceptance tests of this package to whether
// they run on every dialect (call dialects).
func dialectTests(t *testing.T) map[string]bool {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "TestAcc") {
				continue
			}
			calls := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "dialects" {
						calls = true
					}
				}
				return true
			})
			out[fn.Name.Name] = calls
		}
	}
	return out
}

// TestEveryTypeHasAcceptanceTestsOnEveryDialect fails when a resource or
// data source has no acceptance test that runs on both dialects:
// TestAcc<Type>_... for a resource, TestAcc<Type>DataSource... for a data
// source (the CI then fails when one is skipped or does not pass).
func TestEveryTypeHasAcceptanceTestsOnEveryDialect(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	tests := dialectTests(t)
	has := func(prefix string) bool {
		for name, both := range tests {
			if strings.HasPrefix(name, prefix) && both {
				return true
			}
		}
		return false
	}
	for _, f := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "zdm"}, &resp)
		if prefix := "TestAcc" + camel(resp.TypeName) + "_"; !has(prefix) {
			t.Errorf("resource %s: no %s... acceptance test running on every dialect", resp.TypeName, prefix)
		}
	}
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "zdm"}, &resp)
		if prefix := "TestAcc" + camel(resp.TypeName) + "DataSource"; !has(prefix) {
			t.Errorf("data source %s: no %s... acceptance test running on every dialect", resp.TypeName, prefix)
		}
	}
}
