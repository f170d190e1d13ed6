package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccBackupHistoriesDataSource lists the run a zdm_backup_run made,
// by job ID, and the world's runs of a job by name, newest first.
func TestAccBackupHistoriesDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		job := backupConfig{}.hcl() + backupRunConfig("")
		const runs, root = "data.zdm_backup_histories.runs", "data.zdm_backup_histories.root"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noBackupJobsBut(srv, worldBackupJobs),
			Steps: []resource.TestStep{
				{Config: prov + job},
				{
					Config: prov + job + `
data "zdm_backup_histories" "runs" {
  job_id = zdm_backup_run.test.job_id
}
data "zdm_backup_histories" "root" {
  job_name = "web01_ROOT"
  center   = "zdm-a"
  limit    = 1
}
data "zdm_backup_histories" "failed" {
  result = "failed"
}
`,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(runs, "histories.#", "1"),
						resource.TestCheckResourceAttr(runs, "histories.0.job_name", "web01-root"),
						resource.TestCheckResourceAttr(runs, "histories.0.partition", "/"),
						resource.TestCheckResourceAttr(runs, "histories.0.succeeded", "true"),
						resource.TestCheckResourceAttr(runs, "histories.0.status", "COMPLETE"),
						resource.TestCheckResourceAttrPair(runs, "histories.0.id", backupRunAddr, "history_id"),
						resource.TestCheckResourceAttrPair(runs, "histories.0.job_id", backupAddr, "id"),
						resource.TestCheckResourceAttr(root, "histories.#", "1"),
						resource.TestCheckResourceAttr(root, "histories.0.server", "web01"),
						resource.TestCheckResourceAttr("data.zdm_backup_histories.failed", "histories.#", "0"),
					),
				},
			},
		})
	})
}
