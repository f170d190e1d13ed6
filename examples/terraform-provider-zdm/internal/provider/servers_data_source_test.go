package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccServersDataSource lists the targets of one center with their
// partitions, and every server of the world.
func TestAccServersDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		const targets = "data.zdm_servers.targets"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: tokenProvider(srv.URL, srv.Token()) + `
data "zdm_servers" "targets" {
  center = "zdm-a"
  mode   = "target"
}
data "zdm_servers" "all" {}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(targets, "servers.#", "3"),
					resource.TestCheckTypeSetElemNestedAttrs(targets, "servers.*", map[string]string{
						"name": "web01-dr", "mode": "target", "connected": "true", "partitions.#": "2"}),
					resource.TestCheckTypeSetElemNestedAttrs(targets, "servers.*", map[string]string{
						"name": "win01-dr", "partitions.0.drive": "C:", "partitions.0.mount_point": ""}),
					resource.TestCheckTypeSetElemNestedAttrs(targets, "servers.*", map[string]string{"name": "db01-dr", "connected": "false"}),
					resource.TestCheckResourceAttr("data.zdm_servers.all", "servers.#", "8"),
				),
			}},
		})
	})
}

// TestAccServerDataSource reads one server by name in its center and by
// ID, with its partitions and licence, and fails for one that does not
// exist.
func TestAccServerDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		const byName, byID = "data.zdm_server.web01", "data.zdm_server.by_id"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{
					Config:      prov + "data \"zdm_server\" \"gone\" {\n  name = \"nobody\"\n}\n",
					ExpectError: anywhere(`Could not read the server "nobody".*404`),
				},
				{
					Config:      prov + "data \"zdm_server\" \"both\" {\n  name = \"web01\"\n  id = \"1\"\n}\n",
					ExpectError: anywhere(`Invalid Attribute Combination`),
				},
				{
					Config: prov + `
data "zdm_server" "web01" {
  name   = "web01"
  center = "zdm-a"
}
data "zdm_server" "by_id" {
  id = data.zdm_server.web01.id
}
`,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(byName, "id", "1"),
						resource.TestCheckResourceAttr(byName, "mode", "source"),
						resource.TestCheckResourceAttr(byName, "license_id", "1"),
						resource.TestCheckResourceAttr(byName, "partitions.#", "2"),
						resource.TestCheckResourceAttr(byName, "partitions.0.letter", "/"),
						resource.TestCheckResourceAttr(byName, "partitions.0.mount_point", "/"),
						resource.TestCheckResourceAttrSet(byName, "partitions.0.size_bytes"),
						resource.TestCheckResourceAttr(byID, "name", "web01"),
						resource.TestCheckResourceAttr(byID, "partitions.1.letter", "/boot"),
					),
				},
			},
		})
	})
}
