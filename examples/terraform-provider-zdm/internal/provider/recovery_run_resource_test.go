package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRecoveryRun_FailedRunTaintsOnlyTheRun fails a run: the apply
// fails naming the partition and the server's message; the next apply
// runs the job again and leaves the job as it is (its ID and the failed
// run's history kept).
func TestAccRecoveryRun_FailedRunTaintsOnlyTheRun(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		srv.SetPlan("doomed", zdmtest.Step{Phase: zdmtest.PhasePreparing},
			zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full on /dev/sdb"})
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "doomed"}.hcl() + runConfig{}.hcl()
		var jobID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config:      cfg,
					ExpectError: anywhere(`recovery run failed.*partition "/": \w+ at 30%: disk full on /dev/sdb`),
				},
				{
					PreConfig: func() {
						jobID = fmt.Sprint(srv.Job("doomed").ID())
						// The next run succeeds. (SetPlan with no steps should
						// restore the default, but zdmtest keeps the failing
						// steps of a job that ran them.)
						srv.SetPlan("doomed", zdmtest.Step{Phase: zdmtest.PhasePreparing}, zdmtest.Step{Phase: zdmtest.PhaseCompleted, Percent: 100})
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
						},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(jobAddr, "id", same(&jobID)),
						resource.TestCheckResourceAttr(runAddr, "status", "Complete"),
						resource.TestCheckResourceAttr(runAddr, "succeeded", "true"),
						jobRuns(srv, "doomed", 2),
						checkServer(func() error { return expectHistories(srv, "doomed", 2) }),
					),
				},
			},
		})
	})
}

// TestAccRecoveryRun_Timeout bounds the wait with timeouts.create: a run
// that never ends fails the apply in time.
func TestAccRecoveryRun_Timeout(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		srv.SetPlan("endless", zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 10})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{{
				Config:      tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "endless"}.hcl() + runConfig{Timeout: "1s"}.hcl(),
				ExpectError: anywhere(`did not end within timeouts.create \(1s\); it was not stopped`),
			}},
		})
	})
}

// TestAccRecoveryRun_TriggersRunAgain runs a job once per value of its
// triggers; removing the run leaves the job and its histories; a job
// deleted behind Terraform's back is made again and run again.
func TestAccRecoveryRun_TriggersRunAgain(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		job := jobConfig{Name: "triggered"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + job + runConfig{Trigger: "img-1"}.hcl(),
					Check: resource.ComposeAggregateTestCheckFunc(
						jobRuns(srv, "triggered", 1),
						resource.TestCheckResourceAttrSet(runAddr, "history_id"),
					),
				},
				{
					Config: prov + job + runConfig{Trigger: "img-1"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					Config: prov + job + runConfig{Trigger: "img-2"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
						},
					},
					Check: jobRuns(srv, "triggered", 2),
				},
				{
					Config: prov + job, // the run is destroyed: forgotten
					Check: resource.ComposeAggregateTestCheckFunc(
						jobRuns(srv, "triggered", 2),
						checkServer(func() error { return expectHistories(srv, "triggered", 2) }),
					),
				},
				{
					Config: prov + job + runConfig{Trigger: "img-2"}.hcl(),
					Check:  jobRuns(srv, "triggered", 3),
				},
				{
					PreConfig: func() { srv.Job("triggered").Remove() },
					Config:    prov + job + runConfig{Trigger: "img-2"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionCreate),
							plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionCreate),
						},
					},
					Check: jobRuns(srv, "triggered", 1),
				},
			},
		})
	})
}
