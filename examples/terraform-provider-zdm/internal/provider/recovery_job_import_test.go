package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRecoveryJob_ImportedPlanIsEmpty imports a job made outside
// Terraform, by center and name and by center and ID: the plan right
// after the import is empty for a configuration that matches the job,
// whether it sets only what it must or every setting.
func TestAccRecoveryJob_ImportedPlanIsEmpty(t *testing.T) {
	settings := `  after_reboot  = "shutdown"
  network_limit = 100
  schedule_id   = 7
  script_path   = "/opt/zdm/pre.sh"
  script_run    = "before"
  partitions = [{ source = "/", target = "/" }, { source = "/boot", target = "/boot" }]
`
	for _, tc := range []struct {
		name  string
		byID  bool   // import as <center>/<id>, else <center>/<name>
		extra string // the configuration's settings beyond the required
	}{
		{name: "ByName"},
		{name: "ByIDWithSettings", byID: true, extra: settings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dialects(t, func(t *testing.T, d zdmtest.Dialect) {
				srv := newServer(t, d)
				limit := 100
				req := &zdm.CreateRecoveryRequest{
					Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
					Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "outsider",
				}
				if tc.extra != "" {
					req.AfterReboot, req.NetworkLimit, req.ScheduleID = "shutdown", limit, 7
					req.ScriptPath, req.ScriptRun = "/opt/zdm/pre.sh", "before"
					req.Partitions = []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/"}, {SourcePartition: "/boot", TargetPartition: "/boot"}}
				}
				if _, _, err := srv.Client().Recoveries.Create(context.Background(), req); err != nil {
					t.Fatal(err)
				}
				importID := "zdm-a/outsider"
				if tc.byID {
					importID = "zdm-a/" + strconv.Itoa(srv.Job("outsider").ID())
				}
				cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "outsider", Extra: tc.extra}.hcl()
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: factories(),
					CheckDestroy:             noJobsLeft(srv),
					Steps: []resource.TestStep{
						{
							Config:             cfg,
							ResourceName:       jobAddr,
							ImportState:        true,
							ImportStatePersist: true,
							ImportStateId:      importID,
						},
						{
							Config: cfg,
							ConfigPlanChecks: resource.ConfigPlanChecks{
								PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
							},
							Check: resource.ComposeAggregateTestCheckFunc(
								resource.TestCheckResourceAttr(jobAddr, "center", "zdm-a"),
								checkServer(func() error {
									if n := requests(srv, "PUT", "/recoveries/"+strconv.Itoa(srv.Job("outsider").ID())); n != 0 {
										return fmt.Errorf("%d updates sent after the import: want none", n)
									}
									return expectJobs(srv, 1)
								}),
							),
						},
					},
				})
			})
		})
	}
}
