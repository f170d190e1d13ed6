package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zdmkit/go-zdm"
)

// TestScheduleTiming_SDKRefusalsNameTheAttribute runs the SDK's checks of
// a schedule request as ValidateConfig does: a request that fits its type
// passes, one that does not is refused naming the attribute, in the
// provider's terms.
func TestScheduleTiming_SDKRefusalsNameTheAttribute(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  zdm.CreateScheduleRequest
		path path.Path
		msg  string // "" for a request that fits
	}{
		{"daily fits", zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleDaily, Basic: zdm.ScheduleTiming{Time: "02:00"}}, path.Empty(), ""},
		{"weekly without weekdays", zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleWeekly, Basic: zdm.ScheduleTiming{Time: "02:00"}},
			path.Root("basic").AtName("weekdays"), `basic.weekdays is required by Weekly: expected "mon" to "sun".`},
		{"smart without advanced", zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleSmartWeekly,
			Basic: zdm.ScheduleTiming{Time: "02:00", Weekdays: []time.Weekday{time.Sunday}}},
			path.Root("advanced"), "advanced is required by Smart Weekly (Specific Day of the Week): smart schedules need the increments' timing."},
		{"advanced interval", zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleSmartWeekly,
			Basic: zdm.ScheduleTiming{Time: "02:00", Weekdays: []time.Weekday{time.Sunday}}, Advanced: &zdm.ScheduleTiming{Time: "03:00", Interval: 2}},
			path.Root("advanced").AtName("weekdays"), `advanced.weekdays is required by Smart Weekly (Specific Day of the Week): expected "mon" to "sun".`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("refused a request that fits: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			p, msg := timingProblem(err)
			if !p.Equal(tc.path) || msg != tc.msg {
				t.Errorf("got %s: %q\nwant %s: %q", p, msg, tc.path, tc.msg)
			}
		})
	}
}

// TestBackupMode_ReadsEverySpelling reads the modes as the servers of
// every generation spell them.
func TestBackupMode_ReadsEverySpelling(t *testing.T) {
	for in, want := range map[string]string{
		"full": "full", "Full Backup": "full", "increment": "increment", "Increment Backup": "increment",
		"Incremental Backup": "increment", "smart": "smart", "Smart Backup": "smart", "": "", "Change Backup": "",
	} {
		if got := backupMode(in); got != want {
			t.Errorf("backupMode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPlanProblems_NamesEachPartitionInAttributeTerms says which
// partitions a plan cannot restore, and which attribute fixes it.
func TestPlanProblems_NamesEachPartitionInAttributeTerms(t *testing.T) {
	got := planProblems(&zdm.PlanError{Source: "db01", Target: "web01-dr", Before: time.Date(2026, 1, 17, 2, 0, 0, 0, time.UTC),
		NoImage: []string{"/", "/var"}, NoTarget: []string{"/data"}})
	want := `No backup image written at or before 2026-01-17T02:00:00Z of "/", "/var": back them up first, or leave them out of source_partitions.` +
		"\n\n" + `No partition on "web01-dr" for "/data": map each to a target partition in target_partitions.`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
