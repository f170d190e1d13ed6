package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRecoveryJobsDataSource lists jobs with and without filters.
func TestAccRecoveryJobsDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		for _, name := range []string{"alpha", "beta", "gamma"} {
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: name, Center: "zdm-a", Idle: true,
				Partitions: []zdmtest.PartitionSpec{{Partition: "/"}}})
		}
		srv.AddRecoveryJob(zdmtest.JobSpec{Name: "elsewhere", Center: "zdm-b", Idle: true,
			Partitions: []zdmtest.PartitionSpec{{Partition: "/"}}})
		cfg := tokenProvider(srv.URL, srv.Token()) + `
data "zdm_recovery_jobs" "all" {}
data "zdm_recovery_jobs" "center_a" {
  center = "zdm-a"
}
data "zdm_recovery_jobs" "beta" {
  name = "beta"
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.zdm_recovery_jobs.all", "jobs.#", "4"),
					resource.TestCheckResourceAttr("data.zdm_recovery_jobs.center_a", "jobs.#", "3"),
					resource.TestCheckResourceAttr("data.zdm_recovery_jobs.beta", "jobs.#", "1"),
					resource.TestCheckResourceAttr("data.zdm_recovery_jobs.beta", "jobs.0.name", "beta"),
					resource.TestCheckResourceAttr("data.zdm_recovery_jobs.beta", "jobs.0.status", "Registered"),
				),
			}},
		})
	})
}
