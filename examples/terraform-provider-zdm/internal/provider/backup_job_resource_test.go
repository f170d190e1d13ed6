package provider

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The addresses of the resources backupConfig and backupRunConfig write.
const (
	backupAddr    = "zdm_backup_job.test"
	backupRunAddr = "zdm_backup_run.test"
)

// backupConfig is the settings of a zdm_backup_job block (web01's "/"
// into repository 9 by default).
type backupConfig struct {
	Name      string // default "web01-root"
	Server    string // default "web01"
	Partition string // default "/"
	Mode      string // default "full"
	Extra     string // more attribute lines
}

func (c backupConfig) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"zdm_backup_job\" \"test\" {\n  center        = \"zdm-a\"\n  server        = %q\n  partition     = %q\n",
		or(c.Server, "web01"), or(c.Partition, "/"))
	fmt.Fprintf(&b, "  name          = %q\n  mode          = %q\n  repository_id = 9\n", or(c.Name, "web01-root"), or(c.Mode, "full"))
	b.WriteString(c.Extra)
	b.WriteString("}\n")
	return b.String()
}

// serverBackup reads the server's backup job (an ID or a name of zdm-a)
// as the provider does; nil when there is none.
func serverBackup(srv *zdmtest.Server, ident string) *zdm.Backup {
	b, _, err := srv.Client().Backups.Get(context.Background(), ident, &zdm.GetBackupOptions{Center: "zdm-a", Detail: true})
	if err != nil {
		return nil
	}
	return b
}

// expectBackup checks the server's backup job of that name with f.
func expectBackup(srv *zdmtest.Server, name string, f func(b *zdm.Backup) error) resource.TestCheckFunc {
	return checkServer(func() error {
		b := serverBackup(srv, name)
		if b == nil {
			return fmt.Errorf("the server has no backup job %q", name)
		}
		return f(b)
	})
}

// TestAccBackupJob_Lifecycle registers a backup job under its name
// verbatim with a schedule of its own, changes its name and options in
// place, finds no change in its server given by ID, puts back options
// changed behind Terraform's back, verifies an import by center and
// name, replaces it for another partition, registers it again when
// deleted outside, and destroys it.
func TestAccBackupJob_Lifecycle(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		schedule := scheduleHCL("daily", "  basic  = { time = \"02:00\" }\n")
		opts := "  schedule_id   = zdm_schedule.test.id\n  rotation      = %d\n  exclude_dirs  = [%q]\n  network_limit = 50\n  compression   = %t\n"
		first := backupConfig{Extra: fmt.Sprintf(opts, 3, "/tmp", true)}
		changed := backupConfig{Name: "web01-root-2", Extra: fmt.Sprintf(opts, 5, "/var/tmp", false)}
		var id string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             resource.ComposeAggregateTestCheckFunc(noBackupJobsBut(srv, worldBackupJobs), noSchedulesLeft(srv)),
			Steps: []resource.TestStep{
				{
					Config: prov + schedule + first.hcl(),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(backupAddr, "id", keep(&id)),
						resource.TestCheckResourceAttr(backupAddr, "status", "Scheduled"),
						resource.TestCheckResourceAttr(backupAddr, "server_id", "1"),
						resource.TestCheckResourceAttr(backupAddr, "server_name", "web01"),
						resource.TestCheckResourceAttr(backupAddr, "encryption", "false"),
						expectBackup(srv, "web01-root", func(b *zdm.Backup) error {
							o := b.Job.Info.Options
							if b.Job.Info.Partition != "/" || o.Rotation != 3 || !o.Compression || o.NetworkSpeed != "50" || b.Job.Info.Schedule == nil {
								return fmt.Errorf("server has %+v", b.Job.Info)
							}
							return nil
						}),
					),
				},
				{
					Config: prov + schedule + changed.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(backupAddr, "id", same(&id)),
						expectBackup(srv, "web01-root-2", func(b *zdm.Backup) error {
							o := b.Job.Info.Options
							if o.Rotation != 5 || o.Compression || len(o.ExcludeDirs) != 1 || o.ExcludeDirs[0] != "/var/tmp" {
								return fmt.Errorf("server has %+v", o)
							}
							return nil
						}),
					),
				},
				{
					Config:           prov + schedule + strings.Replace(changed.hcl(), `"web01"`, `"1"`, 1),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					PreConfig: func() {
						rotation := 9
						if _, _, err := srv.Client().Backups.Update(context.Background(), id, &zdm.UpdateBackupRequest{Center: "zdm-a", Rotation: &rotation}); err != nil {
							t.Fatal(err)
						}
					},
					Config: prov + schedule + changed.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionUpdate)},
					},
					Check: expectBackup(srv, "web01-root-2", func(b *zdm.Backup) error {
						if r := b.Job.Info.Options.Rotation; r != 5 {
							return fmt.Errorf("drift not undone: rotation %d", r)
						}
						return nil
					}),
				},
				{
					Config: prov + schedule + changed.hcl(), ResourceName: backupAddr, ImportState: true, ImportStateVerify: true,
					ImportStateId: "zdm-a/web01-root-2", ImportStateVerifyIgnore: importIgnores["zdm_backup_job"],
				},
				{
					Config: prov + schedule + backupConfig{Name: "web01-root-2", Partition: "/boot", Extra: fmt.Sprintf(opts, 5, "/var/tmp", false)}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{replacedFor(backupAddr, "partition")},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(backupAddr, "id", keep(&id)),
						expectBackup(srv, "web01-root-2", func(b *zdm.Backup) error {
							if b.Job.Info.Partition != "/boot" {
								return fmt.Errorf("not replaced: the job backs up %q", b.Job.Info.Partition)
							}
							return nil
						}),
					),
				},
				{
					PreConfig: func() {
						if _, _, err := srv.Client().Backups.Delete(context.Background(), id, &zdm.DeleteBackupOptions{Center: "zdm-a"}); err != nil {
							t.Fatal(err)
						}
					},
					Config: prov + schedule + backupConfig{Name: "web01-root-2", Partition: "/boot", Extra: fmt.Sprintf(opts, 5, "/var/tmp", false)}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionCreate)},
					},
				},
			},
		})
	})
}

// TestAccBackupJob_ImportRecordsSchedule imports a job made outside
// Terraform by center and name: its schedule_id and script, which
// servers never return (a schedule is copied), are recorded by the next
// apply with nothing sent, and the plan after that is empty.
func TestAccBackupJob_ImportRecordsSchedule(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		if _, _, err := srv.Client().Backups.Create(context.Background(), &zdm.CreateBackupRequest{
			Center: "zdm-a", Server: "web01", Mode: zdm.BackupModeFull, Partitions: []string{"/"}, Repository: zdm.RepositoryRef{ID: 9},
			ScheduleID: 7, ScriptPath: "/opt/pre.sh", ScriptRun: zdm.ScriptTimingBefore,
			Individual: []zdm.BackupPartitionSettings{{Partition: "/", JobName: "outsider"}},
		}); err != nil {
			t.Fatal(err)
		}
		cfg := tokenProvider(srv.URL, srv.Token()) + backupConfig{Name: "outsider",
			Extra: "  schedule_id   = 7\n  script_path   = \"/opt/pre.sh\"\n  script_run    = \"before\"\n"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noBackupJobsBut(srv, worldBackupJobs),
			Steps: []resource.TestStep{
				{
					Config: cfg, ResourceName: backupAddr, ImportState: true, ImportStatePersist: true, ImportStateId: "zdm-a/outsider",
				},
				{
					PreConfig: srv.ClearRequests,
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(backupAddr, "schedule_id", "7"),
						resource.TestCheckResourceAttr(backupAddr, "script_path", "/opt/pre.sh"),
						onlyReads(srv, "recording the imported settings"),
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

// TestAccBackupJob_ImportByIDAdoptsCenter imports a job by its bare ID
// (servers never say a job's center): the next apply adopts the
// configured center after checking the job belongs to it, and refuses
// another center.
func TestAccBackupJob_ImportByIDAdoptsCenter(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		id := strconv.Itoa(srv.BackupJob("web01_boot").ID())
		own := backupConfig{Name: "web01_boot", Partition: "/boot"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{
					Config: prov + strings.Replace(own, `"zdm-a"`, `"zdm-b"`, 1), ResourceName: backupAddr, ImportState: true,
					ImportStatePersist: true, ImportStateId: id,
				},
				{
					Config:      prov + strings.Replace(own, `"zdm-a"`, `"zdm-b"`, 1),
					ExpectError: anywhere(`Backup job not in this center.*backup job ` + id + ` does not belong to center "zdm-b"`),
				},
				{
					Config: prov + own,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.TestCheckResourceAttr(backupAddr, "center", "zdm-a"),
				},
				{
					Config:           prov + own,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// TestAccBackupJob_DriveRespelledChangesNothing backs up drive "c",
// which servers answer as "C:", then gives it as "C:": no change.
func TestAccBackupJob_DriveRespelledChangesNothing(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noBackupJobsBut(srv, worldBackupJobs),
			Steps: []resource.TestStep{
				{
					Config: prov + backupConfig{Name: "win01-c", Server: "win01", Partition: "c"}.hcl(),
					Check:  resource.TestCheckResourceAttr(backupAddr, "partition", "c"),
				},
				{
					Config:           prov + backupConfig{Name: "win01-c", Server: "win01", Partition: "C:"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// TestAccBackupJob_NameTakenSaysImport finds, before creating a job, a
// job of its name in the center (registered by an earlier apply that
// failed with a server error after the server acted): the apply says so
// with the import command, and sends no create.
func TestAccBackupJob_NameTakenSaysImport(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + backupConfig{Name: "web01_ROOT"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{
					Config:      cfg,
					ExpectError: anywhere(`Backup job already exists.*Center "zdm-a" already has a backup job named "web01_ROOT".*terraform import <resource address> "zdm-a/web01_ROOT"`),
				},
				{
					Config: tokenProvider(srv.URL, srv.Token()),
					Check: checkServer(func() error {
						if n := requests(srv, http.MethodPost, "/backups"); n != 0 {
							return fmt.Errorf("%d creates sent", n)
						}
						return nil
					}),
				},
			},
		})
	})
}

// TestAccBackupJob_LostCreateAnswerAdoptsTheJob loses the answer to a
// create the server acted on: the provider finds the job by its name and
// adopts it; the create is sent once. A create lost before the server
// acted says the job was not created.
func TestAccBackupJob_LostCreateAnswerAdoptsTheJob(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + backupConfig{Name: "lost"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(zdm.WithHTTPClient(&http.Client{Timeout: clientTimeout})),
			CheckDestroy:             noBackupJobsBut(srv, worldBackupJobs),
			Steps: []resource.TestStep{
				{
					PreConfig:   func() { srv.Inject(1, zdmtest.DropConnection().On(http.MethodPost, "backups")) },
					Config:      cfg,
					ExpectError: anywhere(`Backup job not created.*center "zdm-a" has no job named "lost".*Apply again`),
				},
				{
					PreConfig: func() { srv.Inject(1, zdmtest.Delay(time.Minute).On(http.MethodPost, "backups")) },
					Config:    cfg,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(backupAddr, "id", func(id string) error {
							if j := srv.BackupJob("lost"); j == nil || strconv.Itoa(j.ID()) != id {
								return fmt.Errorf("state has job %s, the server %v", id, j)
							}
							if n := requests(srv, http.MethodPost, "/backups"); n != 2 {
								return fmt.Errorf("%d creates sent, want 2 (the one dropped, the one adopted)", n)
							}
							return nil
						}),
					),
				},
			},
		})
	})
}

// TestAccBackupJob_ModeSwitchedByServerFailsTheUpdate reads a job back
// after an update in another mode than the one configured, as servers
// switch a job to its schedule's kind: the apply fails at mode, saying
// what the server did, rather than saving a state whose next plan
// changes the mode again.
func TestAccBackupJob_ModeSwitchedByServerFailsTheUpdate(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		switched := &modeSwitch{}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(zdm.WithHTTPClient(&http.Client{Transport: switched, Timeout: clientTimeout})),
			Steps: []resource.TestStep{
				{Config: prov + backupConfig{}.hcl()},
				{
					PreConfig:   switched.arm,
					Config:      prov + backupConfig{Name: "web01-root-2"}.hcl(),
					ExpectError: anywhere(`The server changed the backup job's mode.*reports mode "smart" after the update, not "full"`),
				},
			},
		})
	})
}

// modeSwitch answers the first read of a backup job after an update, once
// armed, with the job in smart mode.
type modeSwitch struct {
	mu             sync.Mutex
	armed, updated bool
}

// arm makes the next read after an update switch the mode.
func (s *modeSwitch) arm() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed = true
}

// modeField is a job's mode in a server's answer.
var modeField = regexp.MustCompile(`"mode"\s*:\s*"[^"]*"`)

// RoundTrip implements [http.RoundTripper].
func (s *modeSwitch) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.Contains(req.URL.Path, "/backups/") {
		return resp, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.armed:
	case req.Method == http.MethodPut:
		s.updated = true
	case req.Method == http.MethodGet && s.updated:
		s.armed = false
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		body = modeField.ReplaceAll(body, []byte(`"mode":"smart"`))
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		resp.Header.Del("Content-Length")
	}
	return resp, nil
}
