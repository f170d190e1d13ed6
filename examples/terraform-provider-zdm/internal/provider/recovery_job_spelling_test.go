package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccRecoveryJob_PlatformRespelledChangesNothing changes only the
// case of the platform: no change at all (a replacement would delete the
// job with its histories). Another platform is changed in place, and the
// job keeps its ID and its histories.
func TestAccRecoveryJob_PlatformRespelledChangesNothing(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		var firstID string
		keptJob := resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttrWith(jobAddr, "id", same(&firstID)),
			checkServer(func() error { return expectHistories(srv, "cased", 1) }),
		)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + jobConfig{Name: "cased"}.hcl(),
					Check:  resource.TestCheckResourceAttrWith(jobAddr, "id", keep(&firstID)),
				},
				{
					PreConfig: func() { addHistory(srv, "cased") },
					Config:    prov + jobConfig{Name: "cased", Platform: "VMware"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: keptJob,
				},
				{
					Config: prov + jobConfig{Name: "cased", Platform: "AWS"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						keptJob,
						resource.TestCheckResourceAttr(jobAddr, "platform", "AWS"),
						checkServer(func() error {
							if p := serverJob(srv, "cased").Platform; p != "aws" {
								return fmt.Errorf("the server's platform is %q, want aws", p)
							}
							return nil
						}),
					),
				},
				{
					// The server's spelling differs from the configuration's:
					// still no drift.
					Config:   prov + jobConfig{Name: "cased", Platform: "AWS"}.hcl(),
					PlanOnly: true,
				},
			},
		})
	})
}

// TestAccRecoveryJob_DriveRespelledChangesNothing gives a drive as "c",
// which servers answer as "C:", then as "C:": neither is a change (a
// replacement would delete the job with its histories).
func TestAccRecoveryJob_DriveRespelledChangesNothing(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		drives := func(src, tgt string) string {
			return fmt.Sprintf("  partitions = [{ source = %q, target = %q }]\n", src, tgt)
		}
		var firstID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + jobConfig{Name: "win", Source: "win01", Target: "win01-dr", Extra: drives("c", "c")}.hcl(),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(jobAddr, "id", keep(&firstID)),
						resource.TestCheckResourceAttr(jobAddr, "partitions.0.source", "c"),
					),
				},
				{
					Config: prov + jobConfig{Name: "win", Source: "win01", Target: "win01-dr", Extra: drives("C:", "C")}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: resource.TestCheckResourceAttrWith(jobAddr, "id", same(&firstID)),
				},
			},
		})
	})
}
