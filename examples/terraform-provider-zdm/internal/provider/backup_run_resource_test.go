package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// backupRunConfig is a zdm_backup_run block running the backup job
// resource, with triggers = { date = trigger } when trigger is set.
func backupRunConfig(trigger string) string {
	var b strings.Builder
	b.WriteString("resource \"zdm_backup_run\" \"test\" {\n  job_id = zdm_backup_job.test.id\n  center = zdm_backup_job.test.center\n")
	if trigger != "" {
		fmt.Fprintf(&b, "  triggers = {\n    date = %q\n  }\n", trigger)
	}
	b.WriteString("  timeouts {\n    create = \"2m\"\n  }\n}\n")
	return b.String()
}

// runsOf checks that the server's backup job name has started n runs.
func runsOf(srv *zdmtest.Server, name string, n int) resource.TestCheckFunc {
	return checkServer(func() error {
		j := srv.BackupJob(name)
		if j == nil {
			return fmt.Errorf("no backup job %q on the server", name)
		}
		if got := j.Runs(); got != n {
			return fmt.Errorf("backup job %q: %d runs, want %d", name, got, n)
		}
		return nil
	})
}

// imageName matches the image a run of web01-root writes.
var imageName = regexp.MustCompile(`^web01-root_\[[0-9_-]+\]\.ZIA$`)

// TestAccBackupRun_RecordsTheImage runs a backup job and records the
// image the run wrote and when; a changed trigger runs it again (not the
// job); removing the run leaves the job, its histories and images.
func TestAccBackupRun_RecordsTheImage(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		job := backupConfig{}.hcl()
		var firstImage string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noBackupJobsBut(srv, worldBackupJobs),
			Steps: []resource.TestStep{
				{
					Config: prov + job + backupRunConfig("2026-01-17"),
					Check: resource.ComposeAggregateTestCheckFunc(
						runsOf(srv, "web01-root", 1),
						resource.TestCheckResourceAttr(backupRunAddr, "succeeded", "true"),
						resource.TestCheckResourceAttr(backupRunAddr, "status", "Complete"),
						resource.TestMatchResourceAttr(backupRunAddr, "image", imageName),
						resource.TestCheckResourceAttrWith(backupRunAddr, "image", keep(&firstImage)),
						resource.TestCheckResourceAttrWith(backupRunAddr, "image_created_at", func(v string) error {
							_, err := time.Parse(time.RFC3339, v)
							return err
						}),
						resource.TestCheckResourceAttrSet(backupRunAddr, "history_id"),
					),
				},
				{
					Config:           prov + job + backupRunConfig("2026-01-17"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config: prov + job + backupRunConfig("2026-01-18"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(backupRunAddr, plancheck.ResourceActionReplace),
						},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						runsOf(srv, "web01-root", 2),
						resource.TestMatchResourceAttr(backupRunAddr, "image", imageName),
					),
				},
				{
					Config: prov + job,
					Check: resource.ComposeAggregateTestCheckFunc(
						runsOf(srv, "web01-root", 2),
						checkServer(func() error {
							hs, _, err := srv.Client().Backups.ListHistories(context.Background(), &zdm.ListBackupHistoriesOptions{JobName: "web01-root"})
							if err != nil || len(hs) != 2 {
								return fmt.Errorf("%d histories (%v), want 2", len(hs), err)
							}
							return nil
						}),
					),
				},
			},
		})
	})
}

// TestAccBackupRun_FailedRunTaintsOnlyTheRun fails a run: the apply
// fails naming the partition and the server's message, the run is
// tainted and the job is not; the next apply runs the job again.
func TestAccBackupRun_FailedRunTaintsOnlyTheRun(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		srv.SetPlan("web01-root", zdmtest.Step{Phase: zdmtest.PhasePreparing},
			zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "repository full"})
		cfg := prov + backupConfig{}.hcl() + backupRunConfig("")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noBackupJobsBut(srv, worldBackupJobs),
			Steps: []resource.TestStep{
				{
					Config:      cfg,
					ExpectError: anywhere(`The backup run failed \(job [0-9]+\).*partition "/".*repository full`),
				},
				{
					PreConfig: func() { srv.SetPlan("web01-root") },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(backupRunAddr, plancheck.ResourceActionReplace),
						},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						runsOf(srv, "web01-root", 2),
						resource.TestCheckResourceAttr(backupRunAddr, "succeeded", "true"),
					),
				},
			},
		})
	})
}

// TestAccRuns_ImportPastRun imports a past run of a backup job and of a
// recovery job by center, job ID and history row: the next apply records
// the configured triggers without running either job again, and the
// plan after that is empty.
func TestAccRuns_ImportPastRun(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		jobs := backupConfig{}.hcl() + jobConfig{Name: "web01-nightly"}.hcl()
		runs := backupRunConfig("2026-01-17") + runConfig{Trigger: "img-1"}.hcl()
		importID := func(addr string) resource.ImportStateIdFunc {
			return func(s *terraform.State) (string, error) {
				a := s.RootModule().Resources[addr].Primary.Attributes
				return "zdm-a/" + a["job_id"] + "/" + a["history_id"], nil
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             resource.ComposeAggregateTestCheckFunc(noJobsLeft(srv), noBackupJobsBut(srv, worldBackupJobs)),
			Steps: []resource.TestStep{
				{Config: prov + jobs + runs},
				{
					Config: prov + jobs + runs, ResourceName: backupRunAddr, ImportState: true, ImportStateVerify: true,
					ImportStateIdFunc: importID(backupRunAddr), ImportStateVerifyIgnore: importIgnores["zdm_backup_run"],
				},
				{
					Config: prov + jobs + runs, ResourceName: runAddr, ImportState: true, ImportStateVerify: true,
					ImportStateIdFunc: importID(runAddr), ImportStateVerifyIgnore: importIgnores["zdm_recovery_run"],
				},
				{Config: prov + jobs}, // destroying a run forgets it
				{
					Config: prov + jobs + runs, ResourceName: backupRunAddr, ImportState: true, ImportStatePersist: true,
					ImportStateIdFunc: func(*terraform.State) (string, error) {
						return fmt.Sprintf("zdm-a/%d/%d", srv.BackupJob("web01-root").ID(), lastBackupHistory(srv, "web01-root")), nil
					},
				},
				{
					Config: prov + jobs + runs, ResourceName: runAddr, ImportState: true, ImportStatePersist: true,
					ImportStateIdFunc: func(*terraform.State) (string, error) {
						j := srv.Job("web01-nightly")
						h := j.Histories()
						return fmt.Sprintf("zdm-a/%d/%d", j.ID(), h[len(h)-1].ID), nil
					},
				},
				{
					Config: prov + jobs + runs,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(backupRunAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionUpdate),
						},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						runsOf(srv, "web01-root", 1),
						jobRuns(srv, "web01-nightly", 1),
						resource.TestCheckResourceAttr(backupRunAddr, "succeeded", "true"),
						resource.TestCheckResourceAttr(backupRunAddr, "status", "COMPLETE"),
					),
				},
				{
					Config:           prov + jobs + runs,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					Config:       prov + jobs + runs,
					ResourceName: runAddr, ImportState: true, ImportStateId: "zdm-a/1/999999",
					ExpectError: anywhere(`No such run.*has no history row 999999`),
				},
			},
		})
	})
}

// lastBackupHistory is the ID of the newest history row of the server's
// backup job name.
func lastBackupHistory(srv *zdmtest.Server, name string) int {
	id := 0
	for _, h := range srv.BackupHistories() {
		if h.JobName == name {
			id = max(id, h.ID)
		}
	}
	return id
}
