package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// schedAddr is the address of the schedules these tests write.
const schedAddr = "zdm_schedule.test"

// scheduleHCL is a zdm_schedule block of that type and timing.
func scheduleHCL(typ, timing string) string {
	return fmt.Sprintf("resource \"zdm_schedule\" \"test\" {\n  center = \"zdm-a\"\n  type   = %q\n%s}\n", typ, timing)
}

// worldSchedules are the schedules of zdmtest's default world.
var worldSchedules = []int64{7, 8, 9}

// noSchedulesLeft is a CheckDestroy: the server has no schedule but the
// world's.
func noSchedulesLeft(srv *zdmtest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for sc, err := range srv.Client().Schedules.ListAll(context.Background(), nil) {
			if err != nil {
				return err
			}
			if !slices.Contains(worldSchedules, sc.ID) && sc.JobName == "" {
				return fmt.Errorf("schedule %d left on the server after destroy", sc.ID)
			}
		}
		return nil
	}
}

// serverSchedule reads the server's schedule id; nil when it has none.
func serverSchedule(srv *zdmtest.Server, id string) *zdm.Schedule {
	n, _ := strconv.ParseInt(id, 10, 64)
	sc, _, err := srv.Client().Schedules.Get(context.Background(), n)
	if err != nil {
		return nil
	}
	return sc
}

// TestAccSchedule_Lifecycle registers a daily schedule, finds no change
// in its type respelled ("Daily", "3"), replaces it for a new time (no
// server can change a schedule), verifies an import by ID, registers it
// again when it was deleted outside, and destroys it.
func TestAccSchedule_Lifecycle(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		at := func(hhmm string) string { return fmt.Sprintf("  basic  = { time = %q }\n", hhmm) }
		var id, firstID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noSchedulesLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + scheduleHCL("daily", at("02:00")),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(schedAddr, "id", keep(&firstID)),
						resource.TestCheckResourceAttr(schedAddr, "description", "[Basic] Start working at 02:00 every day."),
						resource.TestCheckResourceAttr(schedAddr, "enabled", "true"),
						resource.TestCheckNoResourceAttr(schedAddr, "advanced_id"),
					),
				},
				{
					Config:           prov + scheduleHCL("Daily", at("02:00")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config:           prov + scheduleHCL("3", at("02:00")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config: prov + scheduleHCL("daily", at("03:00")),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{replacedFor(schedAddr, "basic")},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(schedAddr, "id", keep(&id)),
						resource.TestCheckResourceAttr(schedAddr, "description", "[Basic] Start working at 03:00 every day."),
						checkServer(func() error {
							if serverSchedule(srv, id) == nil {
								return fmt.Errorf("no schedule %s on the server", id)
							}
							if id != firstID && serverSchedule(srv, firstID) != nil {
								return fmt.Errorf("the replaced schedule %s is still on the server", firstID)
							}
							return nil
						}),
					),
				},
				{
					Config: prov + scheduleHCL("daily", at("03:00")), ResourceName: schedAddr, ImportState: true, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"basic", "advanced", "type"},
				},
				{
					PreConfig: func() {
						n, _ := strconv.ParseInt(id, 10, 64)
						if _, err := srv.Client().Schedules.Delete(context.Background(), n); err != nil {
							t.Fatal(err)
						}
					},
					Config: prov + scheduleHCL("daily", at("03:00")),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionCreate)},
					},
				},
			},
		})
	})
}

// TestAccSchedule_ImportRecordsTiming imports a schedule made outside
// Terraform: its timing, which servers never return, is recorded in
// place by the next apply with nothing sent, and the plan after that is
// empty.
func TestAccSchedule_ImportRecordsTiming(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		sc, _, err := srv.Client().Schedules.Create(context.Background(), &zdm.CreateScheduleRequest{
			Center: "zdm-a", Type: zdm.ScheduleWeekly, Basic: zdm.ScheduleTiming{Time: "04:00", Weekdays: []time.Weekday{time.Saturday}}})
		if err != nil {
			t.Fatal(err)
		}
		cfg := tokenProvider(srv.URL, srv.Token()) + scheduleHCL("weekly", "  basic  = { time = \"04:00\", weekdays = [\"sat\"] }\n")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noSchedulesLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: cfg, ResourceName: schedAddr, ImportState: true, ImportStatePersist: true, ImportStateId: strconv.FormatInt(sc.ID, 10),
				},
				{
					PreConfig: srv.ClearRequests,
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(schedAddr, "basic.time", "04:00"),
						resource.TestCheckResourceAttr(schedAddr, "type", "Weekly"),
						onlyReads(srv, "recording the imported timing"),
					),
				},
				{
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// TestAccSchedule_SmartHasTwoRows registers a smart schedule, whose two
// timings servers keep as two rows, imports it by both IDs, and deletes
// both rows on destroy.
func TestAccSchedule_SmartHasTwoRows(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + scheduleHCL("smart_weekly",
			"  basic    = { time = \"01:00\", weekdays = [\"sun\"] }\n  advanced = { time = \"22:00\", weekdays = [\"mon\", \"fri\"] }\n")
		var basic, advanced string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy: resource.ComposeAggregateTestCheckFunc(noSchedulesLeft(srv), checkServer(func() error {
				if serverSchedule(srv, basic) != nil || serverSchedule(srv, advanced) != nil {
					return fmt.Errorf("rows %s and %s not both deleted", basic, advanced)
				}
				return nil
			})),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(schedAddr, "id", keep(&basic)),
						resource.TestCheckResourceAttrWith(schedAddr, "advanced_id", keep(&advanced)),
						resource.TestMatchResourceAttr(schedAddr, "advanced_description", anywhere(`^\[Advanced\]`)),
						checkServer(func() error {
							if sc := serverSchedule(srv, advanced); sc == nil || sc.Type != zdm.ScheduleSmartWeekly {
								return fmt.Errorf("no advanced row %s of type %s: %+v", advanced, zdm.ScheduleSmartWeekly, sc)
							}
							return nil
						}),
					),
				},
				{
					Config: cfg, ResourceName: schedAddr, ImportState: true, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"basic", "advanced", "type"},
					ImportStateIdFunc:       func(*terraform.State) (string, error) { return basic + "," + advanced, nil },
				},
			},
		})
	})
}

// TestAccSchedule_TimingMustFitType refuses, at plan time and with
// nothing sent, timings that do not fit their type, naming the part.
func TestAccSchedule_TimingMustFitType(t *testing.T) {
	srv := newServer(t, zdmtest.DialectV1)
	prov := tokenProvider(srv.URL, srv.Token())
	var steps []resource.TestStep
	for _, tc := range []struct{ typ, timing, want string }{
		{"weekly", `  basic = { time = "02:00" }` + "\n", `basic.weekdays is required by Weekly: expected "mon" to "sun"`},
		{"daily", `  basic = { time = "02:00", dates = [1] }` + "\n", `basic.dates is not used by Daily`},
		{"daily", `  basic = { time = "2am" }` + "\n", `basic.time "2am" is not a time of day`},
		{"daily", "  basic = { time = \"02:00\" }\n  advanced = { time = \"03:00\" }\n", `advanced is set for Daily: only smart types`},
		{"Smart Weekly (Specific Day of the Week)", `  basic = { time = "02:00", weekdays = ["sun"] }` + "\n", `advanced is required by Smart Weekly`},
		{"once", `  basic = { time = "02:00", year = 2026, months = [1], dates = [1, 2] }` + "\n", `basic.dates has 2 values: Once takes one`},
		{"fortnightly", `  basic = { time = "02:00" }` + "\n", `Invalid schedule type.*"fortnightly" is not a schedule type`},
	} {
		steps = append(steps, resource.TestStep{Config: prov + scheduleHCL(tc.typ, tc.timing), PlanOnly: true, ExpectError: anywhere(tc.want)})
	}
	steps = append(steps, resource.TestStep{
		Config: prov,
		Check: checkServer(func() error {
			if n := requests(srv, http.MethodPost, "/schedules"); n != 0 {
				return fmt.Errorf("%d schedules sent", n)
			}
			return nil
		}),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: factories(), Steps: steps})
}

// TestAccSchedule_InUseIsNotDeleted fails the destroy of a schedule that
// a job made outside Terraform still uses, saying so; once the job is
// gone, the schedule is deleted.
func TestAccSchedule_InUseIsNotDeleted(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + scheduleHCL("daily", "  basic = { time = \"02:00\" }\n")
		var id string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noSchedulesLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check: resource.TestCheckResourceAttrWith(schedAddr, "id", func(v string) error {
						id = v
						n, _ := strconv.ParseInt(v, 10, 64)
						_, _, err := srv.Client().Recoveries.Create(context.Background(), &zdm.CreateRecoveryRequest{
							Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
							Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "uses-it", ScheduleID: n,
						})
						return err
					}),
				},
				{
					Config:      cfg,
					Destroy:     true,
					ExpectError: anywhere(`Could not delete the schedule [0-9]+: something still uses it.*409`),
				},
				{
					PreConfig: func() { srv.Job("uses-it").Remove() },
					Config:    cfg,
					Check: checkServer(func() error {
						if serverSchedule(srv, id) == nil {
							return fmt.Errorf("schedule %s is gone before the destroy", id)
						}
						return nil
					}),
				},
			},
		})
	})
}
