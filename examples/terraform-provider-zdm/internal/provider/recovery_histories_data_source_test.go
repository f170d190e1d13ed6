package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRecoveryHistoriesDataSource lists the run a zdm_recovery_run
// made, by job ID.
func TestAccRecoveryHistoriesDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		job := jobConfig{Name: "historic"}.hcl() + runConfig{}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{Config: prov + job},
				{
					Config: prov + job + `
data "zdm_recovery_histories" "runs" {
  job_id = zdm_recovery_run.test.job_id
}
data "zdm_recovery_histories" "failed" {
  result = "failed"
}
`,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("data.zdm_recovery_histories.runs", "histories.#", "1"),
						resource.TestCheckResourceAttr("data.zdm_recovery_histories.runs", "histories.0.job_name", "historic"),
						resource.TestCheckResourceAttr("data.zdm_recovery_histories.runs", "histories.0.succeeded", "true"),
						resource.TestCheckResourceAttrPair("data.zdm_recovery_histories.runs", "histories.0.job_id", jobAddr, "id"),
						resource.TestCheckResourceAttr("data.zdm_recovery_histories.failed", "histories.#", "0"),
					),
				},
			},
		})
	})
}
