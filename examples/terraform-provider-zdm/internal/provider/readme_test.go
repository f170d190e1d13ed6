package provider

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// readmeMainTF is a README's main.tf: its hcl block with a terraform
// block.
var readmeMainTF = regexp.MustCompile("(?s)```hcl\n(terraform \\{.*?)```")

// mainTF reads the main.tf of the README at path.
func mainTF(t *testing.T, path string) string {
	t.Helper()
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := readmeMainTF.FindSubmatch(readme)
	if m == nil {
		t.Fatalf("%s has no main.tf (an hcl block starting with a terraform block)", path)
	}
	return string(m[1])
}

// TestAccReadmeExample applies the README's main.tf (the whole DR stack,
// the same in the repository's README) as written, with the ZDM_*
// settings a user exports, against the fake server devserver runs; finds
// nothing to change, even after a later backup; renames the recovery job
// in place without running it again; and, for a new backup run, plans
// the recovery from the new image, replacing the recovery job.
func TestAccReadmeExample(t *testing.T) {
	cfg := mainTF(t, "../../README.md")
	if root := mainTF(t, "../../../../README.md"); root != cfg {
		t.Fatal("the repository's README shows another main.tf than the provider's README: make them the same")
	}
	srv := newServer(t, zdmtest.DialectV1)
	t.Setenv(EnvURL, srv.URL)
	t.Setenv(EnvEmail, zdmtest.DefaultEmail)
	t.Setenv(EnvPassword, zdmtest.DefaultPassword)
	t.Setenv(EnvToken, "")
	t.Setenv(EnvPollInterval, "5ms")
	t.Setenv(EnvMaxPollInterval, "20ms")
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "zdmkit") // the README's source = "zdmkit/zdm"
	image := regexp.MustCompile(`^web01-root_\[.*\]\.ZIA$`)
	var firstImage string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(noJobsLeft(srv), noBackupJobsBut(srv, worldBackupJobs),
			noRepositoriesLeft(srv), noSchedulesLeft(srv)),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("recovery_status", "Complete"),
					resource.TestMatchOutput("backup_image", image),
					resource.TestCheckResourceAttrWith("zdm_backup_run.web_root", "image", keep(&firstImage)),
					resource.TestCheckResourceAttrPair("zdm_recovery_job.web", "partitions.0.backup_file", "zdm_backup_run.web_root", "image"),
					resource.TestCheckResourceAttr("zdm_recovery_job.web", "partitions.1.backup_job", "web01_boot"),
					resource.TestCheckResourceAttrPair("zdm_backup_job.web_root", "repository_id", "zdm_repository.dr", "id"),
					jobRuns(srv, "web01-dr", 1),
					runsOf(srv, "web01-root", 1),
				),
			},
			{
				PreConfig: func() { srv.AddImage(zdmtest.ImageSpec{Job: "web01-root", CreatedAt: time.Now().Add(time.Hour)}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: strings.Replace(cfg, `name          = "web01-dr"`, `name          = "web01-dr-test"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zdm_recovery_job.web", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("zdm_recovery_run.web", plancheck.ResourceActionNoop),
					},
				},
				Check: jobRuns(srv, "web01-dr-test", 1),
			},
			{
				Config: strings.Replace(strings.Replace(cfg, `name          = "web01-dr"`, `name          = "web01-dr-test"`, 1),
					"  center = zdm_backup_job.web_root.center\n", "  center = zdm_backup_job.web_root.center\n  triggers = { date = \"2026-01-18\" }\n", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zdm_backup_run.web_root", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("zdm_recovery_job.web", plancheck.ResourceActionReplace),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPair("zdm_recovery_job.web", "partitions.0.backup_file", "zdm_backup_run.web_root", "image"),
					runsOf(srv, "web01-root", 2),
				),
			},
		},
	})
}
