package provider

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// readmeMainTF is the README's main.tf: its hcl block with a terraform
// block.
var readmeMainTF = regexp.MustCompile("(?s)```hcl\n(terraform \\{.*?)```")

// TestAccReadmeExample applies the README's main.tf as written, with the
// ZDM_* settings a user exports, against the fake server devserver runs;
// then renames the job, as the README says: the job changes in place, is
// not run again, and its runs are still counted (histories by job ID).
func TestAccReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := readmeMainTF.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no main.tf (an hcl block starting with a terraform block)")
	}
	srv := newServer(t, zdmtest.DialectV1)
	t.Setenv(EnvURL, srv.URL)
	t.Setenv(EnvEmail, zdmtest.DefaultEmail)
	t.Setenv(EnvPassword, zdmtest.DefaultPassword)
	t.Setenv(EnvToken, "")
	t.Setenv(EnvPollInterval, "5ms")
	t.Setenv(EnvMaxPollInterval, "20ms")
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "zdmkit") // the README's source = "zdmkit/zdm"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy:             noJobsLeft(srv),
		Steps: []resource.TestStep{
			{
				Config: string(m[1]),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("status", "Complete"),
					resource.TestCheckOutput("runs", "1"),
					jobRuns(srv, "web01-nightly", 1),
				),
			},
			{
				Config: strings.Replace(string(m[1]), `"web01-nightly"`, `"web01-weekly"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zdm_recovery_job.web", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("zdm_recovery_run.web", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("runs", "1"),
					jobRuns(srv, "web01-weekly", 1),
				),
			},
		},
	})
}
