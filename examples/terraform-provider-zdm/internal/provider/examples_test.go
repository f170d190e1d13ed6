package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// exampleFile reads a file of the registry examples (examples/, which
// tfplugindocs puts in docs/).
func exampleFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccRegistryExamples applies the documentation's examples as
// written (the provider block aside: it names a real server): the
// resources, then the data sources that read them; the import commands
// name the import IDs the resource accepts.
func TestAccRegistryExamples(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		resources := exampleFile(t, "resources/zdm_recovery_job/resource.tf") + exampleFile(t, "resources/zdm_recovery_run/resource.tf")
		data := exampleFile(t, "data-sources/zdm_recovery_job/data-source.tf") +
			exampleFile(t, "data-sources/zdm_recovery_jobs/data-source.tf") +
			exampleFile(t, "data-sources/zdm_recovery_histories/data-source.tf")
		imports := regexp.MustCompile(`terraform import (\S+) (\S+)`).FindAllStringSubmatch(exampleFile(t, "resources/zdm_recovery_job/import.sh"), -1)
		if len(imports) != 3 {
			t.Fatalf("import.sh shows %d imports, want 3", len(imports))
		}
		steps := []resource.TestStep{
			{
				Config: prov + resources,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("run_status", "Complete"),
					jobRuns(srv, "web01-nightly", 1),
				),
			},
			{
				Config: prov + resources + data,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("nightly_status", "Complete"),
					resource.TestCheckOutput("runs", "1"),
					resource.TestCheckOutput("last_run_succeeded", "true"),
				),
			},
		}
		// An import's state has no outputs, which the test harness reads.
		noOutputs := regexp.MustCompile(`(?s)output "[^"]+" \{.*?\n\}\n`).ReplaceAllString(resources, "")
		for _, imp := range imports {
			id := imp[2]
			if id == "zdm-a/42" || id == "42" { // the example's ID: this server's may differ
				id = regexp.MustCompile(`42$`).ReplaceAllString(id, "1")
			}
			steps = append(steps, resource.TestStep{
				Config: prov + noOutputs, ResourceName: imp[1], ImportState: true, ImportStateId: id,
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"center"}, // a bare ID says no center
			})
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps:                    steps,
		})
	})
}
