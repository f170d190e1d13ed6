package provider

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// readmeMainTF is the README's main.tf: its hcl block with a terraform
// block.
var readmeMainTF = regexp.MustCompile("(?s)```hcl\n(terraform \\{.*?)```")

// TestAccReadmeExample applies the README's main.tf as written, with the
// ZDM_* settings a user exports, against the fake server devserver runs.
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
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "zdmkit") // the README's source = "zdmkit/zdm"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy:             noJobsLeft(srv),
		Steps: []resource.TestStep{{
			Config: string(m[1]),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckOutput("status", "Complete"),
				resource.TestCheckOutput("runs", "1"),
				jobRuns(srv, "web01-nightly", 1),
			),
		}},
	})
}
