package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// exampleFiles reads every file of that name under examples/<dir>, in
// order of path.
func exampleFiles(t *testing.T, dir, name string) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", dir, "*", name))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples/%s/*/%s: %v", dir, name, err)
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(text)
		b.WriteString("\n")
	}
	return b.String()
}

// exampleImport is one command of an import.sh.
type exampleImport struct {
	address, id string
}

// exampleImports are the import commands of every import.sh.
func exampleImports(t *testing.T) []exampleImport {
	var out []exampleImport
	for _, m := range regexp.MustCompile(`terraform import (\S+) (\S+)`).FindAllStringSubmatch(exampleFiles(t, "resources", "import.sh"), -1) {
		out = append(out, exampleImport{m[1], m[2]})
	}
	return out
}

// importIDOf is an example import ID with its numbers (the example's
// IDs) replaced, in order, by the values of the imported resource's
// attributes that they stand for: its id (a repository, a schedule, a
// job), a smart schedule's two rows, or a run's job and history row.
func importIDOf(address, example string) resource.ImportStateIdFunc {
	attrs := []string{"id"}
	switch {
	case strings.HasPrefix(address, "zdm_schedule.") && strings.Contains(example, ","):
		attrs = []string{"id", "advanced_id"}
	case strings.HasSuffix(strings.Split(address, ".")[0], "_run"):
		attrs = []string{"job_id", "history_id"}
	}
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("no %s in state", address)
		}
		i := 0
		var err error
		id := regexp.MustCompile(`\b[0-9]+\b`).ReplaceAllStringFunc(example, func(n string) string {
			if i >= len(attrs) {
				err = fmt.Errorf("import ID %q has more numbers than %v", example, attrs)
				return n
			}
			v := rs.Primary.Attributes[attrs[i]]
			i++
			return v
		})
		return id, err
	}
}

// importIgnores are what an import cannot read back, per resource type.
var importIgnores = map[string][]string{
	"zdm_recovery_job": {"center"}, // a bare ID says no center
	"zdm_backup_job":   {"center", "schedule_id", "script_path", "script_run"},
	"zdm_repository":   {"account", "password"},
	"zdm_schedule":     {"basic", "advanced", "type"}, // the type as the server spells it
	"zdm_recovery_run": {"triggers", "timeouts", "status"},
	"zdm_backup_run":   {"triggers", "timeouts", "status", "image", "image_created_at"},
}

// smbPassword is the value of the examples' smb_password variable.
var smbPassword = config.Variables{"smb_password": config.StringVariable("smb-secret")}

// TestAccRegistryExamples applies the documentation's examples as
// written (the provider block aside: it names a real server): every
// resource, then every data source beside them; then it imports with
// each command of every import.sh, the example's IDs standing for the
// IDs of what the apply made.
func TestAccRegistryExamples(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		resources := exampleFiles(t, "resources", "resource.tf")
		data := exampleFiles(t, "data-sources", "data-source.tf")
		imports := exampleImports(t)
		if len(imports) < 10 {
			t.Fatalf("the import.sh files show %d imports, want every form of every resource", len(imports))
		}
		steps := []resource.TestStep{
			{
				Config:          prov + resources,
				ConfigVariables: smbPassword,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("run_status", "Complete"),
					resource.TestMatchOutput("backup_image", regexp.MustCompile(`^web01-root_\[.*\]\.ZIA$`)),
					jobRuns(srv, "web01-nightly", 1),
				),
			},
			{
				Config:          prov + resources + data,
				ConfigVariables: smbPassword,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckOutput("nightly_status", "Complete"),
					resource.TestCheckOutput("runs", "1"),
					resource.TestCheckOutput("last_run_succeeded", "true"),
					resource.TestCheckOutput("backups", "1"),
					resource.TestMatchOutput("newest_root_image", regexp.MustCompile(`^web01-root_\[.*\]\.ZIA$`)),
					resource.TestCheckResourceAttrPair("data.zdm_recovery_plan.web", "partitions.0.backup_file", "zdm_backup_run.web_root", "image"),
					resource.TestCheckResourceAttr("data.zdm_recovery_plan.web", "partitions.1.backup_job", "web01_boot"),
					resource.TestCheckResourceAttr("data.zdm_centers.all", "centers.#", "2"),
					resource.TestCheckResourceAttr("data.zdm_server.web01", "partitions.#", "2"),
				),
			},
		}
		// An import's state has no outputs, which the test harness reads.
		noOutputs := regexp.MustCompile(`(?s)output "[^"]+" \{.*?\n\}\n`).ReplaceAllString(resources, "")
		for _, imp := range imports {
			steps = append(steps, resource.TestStep{
				Config: prov + noOutputs, ConfigVariables: smbPassword, ResourceName: imp.address, ImportState: true,
				ImportStateIdFunc: importIDOf(imp.address, imp.id), ImportStateVerify: true,
				ImportStateVerifyIgnore: importIgnores[strings.Split(imp.address, ".")[0]],
			})
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             resource.ComposeAggregateTestCheckFunc(noJobsLeft(srv), noBackupJobsBut(srv, worldBackupJobs)),
			Steps:                    steps,
		})
	})
}
