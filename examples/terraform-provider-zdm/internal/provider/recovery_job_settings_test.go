package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// settingsHCL are the job's optional settings as attribute lines.
func settingsHCL(afterReboot string, limit, schedule int, script, run string) string {
	s := fmt.Sprintf("  after_reboot  = %q\n  network_limit = %d\n  schedule_id   = %d\n", afterReboot, limit, schedule)
	if script != "" {
		s += fmt.Sprintf("  script_path   = %q\n  script_run    = %q\n", script, run)
	}
	return s
}

// TestAccRecoveryJob_SettingsChangeInPlace changes every setting the API
// can change (platform, mode, after_reboot, network_limit, schedule_id,
// script_path, script_run) in place: the job keeps its ID and histories,
// is not run again, and the server has the new values. The server's
// spelling of them is no drift; removing the script, which the API cannot
// clear, replaces the job.
func TestAccRecoveryJob_SettingsChangeInPlace(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		before := jobConfig{Name: "tuned", Extra: settingsHCL("reboot", 0, 7, "/opt/zdm/pre.sh", "before")}.hcl()
		after := jobConfig{Name: "tuned", Platform: "aws", Mode: "increment",
			Extra: settingsHCL("SHUTDOWN", 100, 8, "/opt/zdm/post.sh", "After")}.hcl()
		var firstID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + before + runConfig{}.hcl(),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(jobAddr, "id", keep(&firstID)),
						resource.TestCheckResourceAttr(jobAddr, "schedule_id", "7"),
						resource.TestCheckResourceAttr(jobAddr, "script_path", "/opt/zdm/pre.sh"),
					),
				},
				{
					Config: prov + after + runConfig{}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionNoop),
						},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(jobAddr, "id", same(&firstID)),
						jobRuns(srv, "tuned", 1),
						checkServer(func() error {
							if err := expectHistories(srv, "tuned", 1); err != nil {
								return err
							}
							v := serverJob(srv, "tuned")
							got := fmt.Sprintf("%s %s %s %d %d %s %s", v.Platform, v.Mode, v.AfterReboot, deref(v.NetworkLimit), v.ScheduleID, v.ScriptPath, v.ScriptRun)
							if want := "aws increment shutdown 100 8 /opt/zdm/post.sh after"; got != want {
								return fmt.Errorf("the server's job has %q, want %q", got, want)
							}
							return nil
						}),
					),
				},
				{
					Config:   prov + after + runConfig{}.hcl(),
					PlanOnly: true,
				},
				{
					Config: prov + jobConfig{Name: "tuned", Platform: "aws", Mode: "increment", Extra: settingsHCL("shutdown", 100, 8, "", "")}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace)},
					},
					Check: resource.TestCheckNoResourceAttr(jobAddr, "script_path"),
				},
			},
		})
	})
}

func deref(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// TestAccRecoveryJob_InvalidSettingsFailAtPlan refuses bad values when
// planning, saying what was expected, before any request is sent.
func TestAccRecoveryJob_InvalidSettingsFailAtPlan(t *testing.T) {
	srv := newServer(t, zdmtest.DialectV1)
	prov := tokenProvider(srv.URL, srv.Token())
	steps := []resource.TestStep{}
	for _, c := range []struct {
		job  jobConfig
		want string
	}{
		{jobConfig{Platform: "vmwar"}, `platform.*value must be one of:.*"vmware"`},
		{jobConfig{Mode: "FULL"}, `mode.*value must be one of: \["full" "increment"\]`},
		{jobConfig{Extra: "  after_reboot = \"explode\"\n"}, `after_reboot.*value must be one of:.*"reboot" "shutdown" "maintain"`},
		{jobConfig{Extra: "  network_limit = -1\n"}, `network_limit.*must be at least 0`},
		{jobConfig{Extra: "  schedule_id = 0\n"}, `schedule_id.*must be at least 1`},
		{jobConfig{Extra: "  script_run = \"before\"\n"}, `script_path.*must be specified when.*script_run`},
		{jobConfig{Extra: "  partitions = []\n"}, `partitions.*at least 1`},
	} {
		steps = append(steps, resource.TestStep{Config: prov + c.job.hcl(), PlanOnly: true, ExpectError: anywhere(c.want)})
	}
	steps = append(steps, resource.TestStep{Config: prov + "data \"zdm_recovery_jobs\" \"all\" {}\n"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy: checkServer(func() error {
			for _, r := range srv.Requests() {
				if r.Method != http.MethodGet {
					return fmt.Errorf("a write was sent: %s %s", r.Method, r.Path)
				}
			}
			return nil
		}),
		Steps: steps,
	})
}
