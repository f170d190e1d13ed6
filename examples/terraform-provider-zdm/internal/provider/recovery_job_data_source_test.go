package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRecoveryJobDataSource reads a job by ID and by name.
func TestAccRecoveryJobDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "looked-up", Partitions: true}.hcl() + `
data "zdm_recovery_job" "by_id" {
  id = zdm_recovery_job.test.id
}
data "zdm_recovery_job" "by_name" {
  name   = zdm_recovery_job.test.name
  center = "zdm-a"
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPair("data.zdm_recovery_job.by_id", "name", jobAddr, "name"),
					resource.TestCheckResourceAttrPair("data.zdm_recovery_job.by_name", "id", jobAddr, "id"),
					resource.TestCheckResourceAttr("data.zdm_recovery_job.by_id", "source", "web01"),
					resource.TestCheckResourceAttr("data.zdm_recovery_job.by_id", "target", "web01-dr"),
					resource.TestCheckResourceAttr("data.zdm_recovery_job.by_id", "mode", "full"),
					resource.TestCheckResourceAttr("data.zdm_recovery_job.by_id", "repository_id", "9"),
					resource.TestCheckResourceAttr("data.zdm_recovery_job.by_name", "status", "Registered"),
					resource.TestCheckResourceAttr("data.zdm_recovery_job.by_name", "partitions.#", "2"),
				),
			}},
		})
	})
}

// TestAccRecoveryJobDataSource_Missing fails on a job the server does not
// have, and says so.
func TestAccRecoveryJobDataSource_Missing(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:      tokenProvider(srv.URL, srv.Token()) + `data "zdm_recovery_job" "x" { id = "999" }`,
				ExpectError: anywhere(`Could not read the recovery job "999".*404`),
			}},
		})
	})
}
