package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRepositoriesDataSource lists the NFS repositories of a center,
// one of them registered by the configuration, with their capacity.
func TestAccRepositoriesDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		const nfs = "data.zdm_repositories.nfs"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noRepositoriesLeft(srv),
			Steps: []resource.TestStep{{
				Config: prov + repoConfig{}.hcl() + `
data "zdm_repositories" "nfs" {
  center = zdm_repository.test.center
  type   = "NFS"
}
data "zdm_repositories" "all" {
  depends_on = [zdm_repository.test]
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(nfs, "repositories.#", "2"),
					resource.TestCheckTypeSetElemNestedAttrs(nfs, "repositories.*", map[string]string{
						"id": "9", "center": "zdm-a", "type": "nfs", "remote_path": "/backup", "local_path": "/mnt/backup",
						"ip_addresses.0": "192.168.1.200", "port": "2049", "size_bytes": "2199023255552", "usage": "25"}),
					resource.TestCheckTypeSetElemNestedAttrs(nfs, "repositories.*", map[string]string{"remote_path": "/dr", "usage": "0"}),
					resource.TestCheckResourceAttr("data.zdm_repositories.all", "repositories.#", "4"),
				),
			}},
		})
	})
}
