package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccBackupImagesDataSource lists a server's images newest first,
// and narrows them to one job; on 3.0.0 a repository that cannot be
// scanned is a warning beside the images of the others.
func TestAccBackupImagesDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		const web01, boot = "data.zdm_backup_images.web01", "data.zdm_backup_images.boot"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: tokenProvider(srv.URL, srv.Token()) + `
data "zdm_backup_images" "web01" {
  server = "web01"
  center = "zdm-a"
}
data "zdm_backup_images" "boot" {
  server   = "web01"
  job_name = "web01_boot"
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(web01, "images.#", "3"),
					// The newer increment of web01_ROOT comes first.
					resource.TestCheckResourceAttr(web01, "images.0.job_name", "web01_ROOT"),
					resource.TestMatchResourceAttr(web01, "images.0.type", anywhere(`^incr`)),
					resource.TestCheckResourceAttr(web01, "images.0.partition", "/"),
					resource.TestCheckResourceAttr(web01, "images.0.repository_id", "9"),
					resource.TestCheckResourceAttr(web01, "images.0.server", "web01"),
					resource.TestCheckResourceAttr(boot, "images.#", "1"),
					resource.TestMatchResourceAttr(boot, "images.0.name", anywhere(`^web01_boot_\[.*\]\.ZIA$`)),
					resource.TestCheckResourceAttr(boot, "images.0.partition", "/boot"),
				),
			}},
		})
	})
}
