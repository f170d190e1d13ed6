package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// planHCL is a zdm_recovery_plan block named name with those settings
// beside center and platform.
func planHCL(name, settings string) string {
	return fmt.Sprintf("data \"zdm_recovery_plan\" %q {\n  center   = \"zdm-a\"\n  platform = \"VMware\"\n%s}\n", name, settings)
}

// worldImage is the name and creation time of the world's image of job
// of that type ("full", "increment").
func worldImage(t *testing.T, srv *zdmtest.Server, job, typ string) (string, time.Time) {
	for _, img := range srv.Images() {
		if img.Job == job && strings.HasPrefix(img.Type, typ[:4]) {
			return img.Name, img.CreatedAt
		}
	}
	t.Fatalf("the world has no %s image of %s", typ, job)
	return "", time.Time{}
}

// TestAccRecoveryPlanDataSource plans web01's recovery onto web01-dr
// from its newest images, or from those written before a time, or only
// some partitions to other targets; and fails, naming each partition,
// for a source partition without an image or without a target.
func TestAccRecoveryPlanDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		srv.AddServer(zdmtest.ServerSpec{Name: "app01", Center: "zdm-a", Partitions: []zdmtest.Volume{{Letter: "/"}, {Letter: "/srv"}}})
		prov := tokenProvider(srv.URL, srv.Token())
		increment, _ := worldImage(t, srv, "web01_ROOT", "increment")
		full, fullAt := worldImage(t, srv, "web01_ROOT", "full")
		boot, _ := worldImage(t, srv, "web01_boot", "full")
		const newest, older, some = "data.zdm_recovery_plan.newest", "data.zdm_recovery_plan.older", "data.zdm_recovery_plan.some"
		web := "  source   = \"web01\"\n  target   = \"web01-dr\"\n"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{
					Config:      prov + planHCL("bad", "  source = \"db01\"\n  target = \"web01-dr\"\n"),
					ExpectError: anywhere(`Cannot recover "db01" onto "web01-dr".*No partition on "web01-dr" for "/data": map each to a target partition in target_partitions`),
				},
				{
					Config:      prov + planHCL("bad", "  source = \"app01\"\n  target = \"web01-dr\"\n  source_partitions = [\"/\"]\n"),
					ExpectError: anywhere(`Cannot recover "app01" onto "web01-dr".*No backup image of "/"`),
				},
				{
					Config: prov + planHCL("newest", web) +
						planHCL("older", web+fmt.Sprintf("  before   = %q\n  mode     = \"increment\"\n", fullAt.Add(time.Minute).Format(time.RFC3339))) +
						planHCL("some", web+"  source_partitions = [\"/boot\"]\n  target_partitions = { \"/boot\" = \"/\" }\n"),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(newest, "repository_id", "9"),
						resource.TestCheckResourceAttr(newest, "mode", string(zdm.ModeFull)),
						resource.TestCheckResourceAttr(newest, "partitions.#", "2"),
						resource.TestCheckResourceAttr(newest, "partitions.0.source", "/"),
						resource.TestCheckResourceAttr(newest, "partitions.0.target", "/"),
						resource.TestCheckResourceAttr(newest, "partitions.0.backup_job", "web01_ROOT"),
						resource.TestCheckResourceAttr(newest, "partitions.0.backup_file", increment),
						resource.TestCheckResourceAttr(newest, "partitions.1.backup_file", boot),
						resource.TestCheckResourceAttr(older, "partitions.0.backup_file", full),
						resource.TestCheckResourceAttr(older, "mode", string(zdm.ModeIncrement)),
						resource.TestCheckResourceAttr(some, "partitions.#", "1"),
						resource.TestCheckResourceAttr(some, "partitions.0.source", "/boot"),
						resource.TestCheckResourceAttr(some, "partitions.0.target", "/"),
					),
				},
			},
		})
	})
}

// TestAccRecoveryJob_PartitionsFromPlan makes a recovery job from a plan
// pinned to a backup run's image: the job restores that image and the
// others the plan picked; a newer backup written later changes nothing;
// a new backup run (a changed trigger) plans the job again, and since a
// job's images cannot change in place, replaces it.
func TestAccRecoveryJob_PartitionsFromPlan(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		boot, _ := worldImage(t, srv, "web01_boot", "full")
		stack := func(trigger string) string {
			return prov + backupConfig{}.hcl() + backupRunConfig(trigger) +
				planHCL("web", "  source   = \"web01\"\n  target   = \"web01-dr\"\n  before   = zdm_backup_run.test.image_created_at\n") + `
resource "zdm_recovery_job" "test" {
  center        = data.zdm_recovery_plan.web.center
  source        = data.zdm_recovery_plan.web.source
  target        = data.zdm_recovery_plan.web.target
  platform      = data.zdm_recovery_plan.web.platform
  repository_id = data.zdm_recovery_plan.web.repository_id
  mode          = data.zdm_recovery_plan.web.mode
  name          = "web01-dr"
  partitions    = data.zdm_recovery_plan.web.partitions
}
`
		}
		var image string
		serverFiles := func() error {
			v := serverJob(srv, "web01-dr")
			if len(v.Partitions) != 2 || v.Partitions[0].BackupFile != image || v.Partitions[1].BackupFile != boot {
				return fmt.Errorf("the server's job restores %+v, want %s and %s", v.Partitions, image, boot)
			}
			return nil
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             resource.ComposeAggregateTestCheckFunc(noJobsLeft(srv), noBackupJobsBut(srv, worldBackupJobs)),
			Steps: []resource.TestStep{
				{
					Config: stack("1"),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(backupRunAddr, "image", keep(&image)),
						resource.TestCheckResourceAttrPair(jobAddr, "partitions.0.backup_file", backupRunAddr, "image"),
						resource.TestCheckResourceAttr(jobAddr, "partitions.0.backup_job", "web01-root"),
						resource.TestCheckResourceAttr(jobAddr, "platform", "VMware"),
						checkServer(serverFiles),
					),
				},
				{
					PreConfig: func() {
						// A newer backup, as the job's schedule would write.
						srv.AddImage(zdmtest.ImageSpec{Job: "web01-root", CreatedAt: time.Now().Add(time.Hour)})
					},
					Config:           stack("1"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config: stack("2"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(backupRunAddr, plancheck.ResourceActionReplace),
							plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
						},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(backupRunAddr, "image", keep(&image)),
						resource.TestCheckResourceAttrPair(jobAddr, "partitions.0.backup_file", backupRunAddr, "image"),
						checkServer(serverFiles),
					),
				},
			},
		})
	})
}
