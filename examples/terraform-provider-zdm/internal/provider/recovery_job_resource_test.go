package provider

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

const jobAddr = "zdm_recovery_job.test"

// idOf returns the ID of a resource in state, for ImportStateIdFunc.
func idOf(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s not in state", addr)
		}
		return rs.Primary.ID, nil
	}
}

// TestAccRecoveryJob_Lifecycle creates a job that runs and one that does
// not, finds no drift, changes mode and name in place, imports by ID and
// by center/name, and destroys.
func TestAccRecoveryJob_Lifecycle(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		idle := jobConfig{Resource: "idle", Target: "db01-dr"}.hcl() // no name: the server makes one up
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + jobConfig{Name: "nightly", StartOnCreate: true, Partitions: true}.hcl() + idle,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrSet(jobAddr, "id"),
						resource.TestCheckResourceAttr(jobAddr, "name", "nightly"),
						resource.TestCheckResourceAttr(jobAddr, "status", "Complete"),
						resource.TestCheckResourceAttr(jobAddr, "partitions.#", "2"),
						resource.TestCheckResourceAttr(jobAddr, "partitions.1.source", "/boot"),
						jobRuns(srv, "nightly", 1),
						resource.TestCheckResourceAttr("zdm_recovery_job.idle", "status", "Registered"),
						resource.TestCheckResourceAttr("zdm_recovery_job.idle", "name", "web01_ROOT"),
						resource.TestCheckResourceAttr("zdm_recovery_job.idle", "partitions.0.target", "/"),
						jobRuns(srv, "web01_ROOT", 0),
					),
				},
				{
					// No drift: a plan right after the apply is empty.
					Config:             prov + jobConfig{Name: "nightly", StartOnCreate: true, Partitions: true}.hcl() + idle,
					PlanOnly:           true,
					ExpectNonEmptyPlan: false,
				},
				{
					Config: prov + jobConfig{Name: "nightly-2", Mode: "increment", StartOnCreate: true, Partitions: true}.hcl() + idle,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "name", "nightly-2"),
						resource.TestCheckResourceAttr(jobAddr, "mode", "increment"),
						checkServer(func() error {
							if srv.Job("nightly") != nil || srv.Job("nightly-2") == nil {
								return fmt.Errorf("the server's job was not renamed in place")
							}
							return nil
						}),
						jobRuns(srv, "nightly-2", 1), // updated, not re-created nor re-run
					),
				},
				{
					ResourceName:            jobAddr,
					ImportState:             true,
					ImportStateIdFunc:       idOf(jobAddr),
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"center", "start_on_create", "timeouts"}, // an ID says no center
				},
				{
					ResourceName:            jobAddr,
					ImportState:             true,
					ImportStateId:           "zdm-a/nightly-2",
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"start_on_create", "timeouts"},
				},
			},
		})
	})
}

// TestAccRecoveryJob_ImportByIDAdoptsCenter imports, by ID, a job made
// outside Terraform: the configured center (which an ID does not tell) is
// checked and adopted in place, not by replacing the job.
func TestAccRecoveryJob_ImportByIDAdoptsCenter(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		c := srv.Client()
		ctx := context.Background()
		if _, _, err := c.Recoveries.Create(ctx, &zdm.CreateRecoveryRequest{
			Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
			Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "outsider",
		}); err != nil {
			t.Fatal(err)
		}
		job, _, err := c.Recoveries.Get(ctx, "outsider", &zdm.GetRecoveryOptions{Center: "zdm-a"})
		if err != nil {
			t.Fatal(err)
		}
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "outsider"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config:             cfg,
					ResourceName:       jobAddr,
					ImportState:        true,
					ImportStatePersist: true,
					ImportStateId:      job.Job.Info.ID,
				},
				{
					// A center the job is not in is refused.
					Config:      strings.Replace(cfg, `"zdm-a"`, `"zdm-b"`, 1),
					ExpectError: anywhere(`does not belong to center "zdm-b"`),
				},
				{
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "center", "zdm-a"),
						resource.TestCheckResourceAttr(jobAddr, "id", job.Job.Info.ID),
					),
				},
			},
		})
	})
}

// TestAccRecoveryJob_DeletedOutsideIsRecreated removes the job behind
// Terraform's back: the next plan creates it again.
func TestAccRecoveryJob_DeletedOutsideIsRecreated(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "drifter"}.hcl()
		var firstID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check: func(s *terraform.State) error {
						firstID = s.RootModule().Resources[jobAddr].Primary.ID
						return nil
					},
				},
				{
					PreConfig: func() { srv.Job("drifter").Remove() },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionCreate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						func(s *terraform.State) error {
							if id := s.RootModule().Resources[jobAddr].Primary.ID; id == firstID {
								return fmt.Errorf("id %s was kept: the job was not re-created", id)
							}
							return nil
						},
						checkServer(func() error {
							if srv.Job("drifter") == nil {
								return fmt.Errorf("job not re-created on the server")
							}
							return nil
						}),
					),
				},
			},
		})
	})
}

// TestAccRecoveryJob_DeleteOfGoneJobSucceeds destroys a job that vanishes
// between the refresh and the delete: the 404 counts as deleted.
func TestAccRecoveryJob_DeleteOfGoneJobSucceeds(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		var armed atomic.Bool
		hook := &hookTransport{hook: func(req *http.Request, status int) {
			if armed.Load() && req.Method == http.MethodGet && strings.Contains(req.URL.Path, "/recoveries/") && status == http.StatusOK {
				if j := srv.Job("vanishing"); j != nil {
					j.Remove()
					armed.Store(false)
				}
			}
		}}
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "vanishing"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(zdm.WithHTTPClient(&http.Client{Transport: hook})),
			CheckDestroy: resource.ComposeAggregateTestCheckFunc(noJobsLeft(srv), checkServer(func() error {
				for _, r := range srv.Requests() {
					if r.Method == http.MethodDelete && r.Status == http.StatusNotFound {
						return nil
					}
				}
				return fmt.Errorf("no DELETE answered 404: the job did not vanish before the delete")
			})),
			Steps: []resource.TestStep{
				{Config: cfg},
				{PreConfig: func() { armed.Store(true) }, Config: cfg, Destroy: true},
			},
		})
	})
}

// TestAccRecoveryJob_FailedRun fails the apply when the run started by
// start_on_create fails, naming the partition and the server's message;
// the job stays in state (tainted) and is destroyed.
func TestAccRecoveryJob_FailedRun(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		srv.SetPlan("doomed", zdmtest.Step{Phase: zdmtest.PhasePreparing},
			zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 30, Message: "disk full on /dev/sdb"})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{{
				Config:      tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "doomed", StartOnCreate: true}.hcl(),
				ExpectError: anywhere(`recovery run failed.*partition "/": \w+ at 30%: disk full on /dev/sdb`),
			}},
		})
	})
}

// TestAccRecoveryJob_RunTimeout bounds start_on_create's wait with
// timeouts.create: a run that never ends fails the apply in time.
func TestAccRecoveryJob_RunTimeout(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		srv.SetPlan("endless", zdmtest.Step{Phase: zdmtest.PhaseRunning, Percent: 10})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{{
				Config:      tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "endless", StartOnCreate: true, Timeout: "1s"}.hcl(),
				ExpectError: anywhere(`did not end within timeouts.create \(1s\)`),
			}},
		})
	})
}

// TestAccRecoveryJob_ServerErrorBurst survives a burst of 503s on the
// reads of an apply (the client's retries absorb them).
func TestAccRecoveryJob_ServerErrorBurst(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		burst := func() { srv.Inject(3, zdmtest.Status(http.StatusServiceUnavailable).On(http.MethodGet, "recoveries")) }
		faultsServed := checkServer(func() error {
			if n := srv.PendingFaults(); n != 0 {
				return fmt.Errorf("%d injected faults never served: the test did not test", n)
			}
			return nil
		})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					PreConfig: burst, // on the read after the create, then on the run's polls
					Config:    prov + jobConfig{Name: "bursty", StartOnCreate: true}.hcl(),
					Check:     resource.ComposeAggregateTestCheckFunc(resource.TestCheckResourceAttr(jobAddr, "status", "Complete"), faultsServed),
				},
				{
					PreConfig: burst, // on the refresh before the update
					Config:    prov + jobConfig{Name: "bursty", Mode: "increment", StartOnCreate: true}.hcl(),
					Check:     resource.ComposeAggregateTestCheckFunc(resource.TestCheckResourceAttr(jobAddr, "mode", "increment"), faultsServed),
				},
			},
		})
	})
}

// TestAccRecoveryJob_TokenExpiresDuringApply expires every token in the
// middle of an apply (right after the job is registered): the provider,
// configured with credentials, issues a new one and the apply succeeds.
func TestAccRecoveryJob_TokenExpiresDuringApply(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		var expired atomic.Int32
		hook := &hookTransport{hook: func(req *http.Request, status int) {
			if req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/recoveries") && status == http.StatusCreated {
				srv.ExpireTokens()
				expired.Add(1)
			}
		}}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(zdm.WithHTTPClient(&http.Client{Transport: hook})),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{{
				Config: credentialsProvider(rootURL(srv)) + jobConfig{Name: "renewed", StartOnCreate: true}.hcl(),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(jobAddr, "status", "Complete"),
					checkServer(func() error {
						if expired.Load() != 1 || srv.IssueCount() < 2 {
							return fmt.Errorf("tokens expired %d times, %d issued: want 1 expiry and a re-issue", expired.Load(), srv.IssueCount())
						}
						return nil
					}),
				),
			}},
		})
	})
}

// TestAccRecoveryJob_WrongBasePath fails clearly on a URL whose base path
// the server does not serve, at create and at refresh, and never empties
// the state.
func TestAccRecoveryJob_WrongBasePath(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		good := tokenProvider(srv.URL, srv.Token())
		wrong := tokenProvider(rootURL(srv)+"/zdm/api", srv.Token())
		job := jobConfig{Name: "anchored"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config:      wrong + job,
					ExpectError: anywhere(`Could not create the recovery job.*has no route.*check the provider's url`),
				},
				{
					Config: good + job,
					Check:  checkServer(func() error { return expectJobs(srv, 1) }),
				},
				{
					// The refresh fails: the job must not be dropped from state.
					Config:      wrong + job,
					ExpectError: anywhere(`Could not read the recovery job.*has no route.*state was left as it was`),
				},
				{
					// Same state as before: nothing to do, nothing re-created.
					Config:   good + job,
					PlanOnly: true,
				},
			},
		})
	})
}

// TestAccRecoveryJob_ValidationErrorNamesAttribute points a server's
// field validation error at the attribute it names.
func TestAccRecoveryJob_ValidationErrorNamesAttribute(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		body := `{"success":false,"requestID":"req-422-test","error":"Request body validation failed.",` +
			`"detail":{"validationErrors":{"jobName":["jobName must be at most 10 characters"]}}}`
		if d == zdmtest.DialectV3 {
			body = `{"success":false,"traceId":"req-422-test","error":{"code":"DTO-VALIDATION-01",` +
				`"message":"Request body validation failed.","details":{"jobName":["jobName must be at most 10 characters"]}}}`
		}
		srv.Inject(1, zdmtest.Canned(http.StatusUnprocessableEntity, "application/json", []byte(body)).On(http.MethodPost, "recoveries"))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{{
				Config: tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "a-much-too-long-name"}.hcl(),
				// Terraform shows the attribute's line under an attribute error.
				ExpectError: anywhere(`name\s+= "a-much-too-long-name".*refused jobName: jobName must be at most 10 characters.*Request ID: req-422-test`),
			}},
		})
	})
}

// TestAccRecoveryJob_SourceByID gives the source as the server's ID: the
// plan after the apply is empty (the answers carry the ID), an import
// names the server, and respelling the source as its name or back as its
// ID changes the job in place.
func TestAccRecoveryJob_SourceByID(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		web01 := strconv.Itoa(srv.RegisterServer("web01"))
		srv.RegisterServer("web01-dr")
		prov := tokenProvider(srv.URL, srv.Token())
		byID := prov + jobConfig{Name: "by-id", Source: web01}.hcl()
		var firstID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: byID,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "source", web01),
						jobServers(srv, "by-id", "web01", web01),
						func(s *terraform.State) error {
							firstID = s.RootModule().Resources[jobAddr].Primary.ID
							return nil
						},
					),
				},
				{
					// No drift: the ID is the job's source server.
					Config: byID,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					ResourceName:            jobAddr,
					ImportState:             true,
					ImportStateId:           "zdm-a/by-id",
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"source", "start_on_create", "timeouts"},
					ImportStateCheck: func(is []*terraform.InstanceState) error {
						if len(is) != 1 || is[0].Attributes["source"] != "web01" {
							return fmt.Errorf("imported %d instances, want 1 with source web01", len(is))
						}
						return nil
					},
				},
				{
					Config: prov + jobConfig{Name: "by-id", Source: "web01"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "source", "web01"),
						resource.TestCheckResourceAttrWith(jobAddr, "id", same(&firstID)),
					),
				},
				{
					Config: byID,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "source", web01),
						resource.TestCheckResourceAttrWith(jobAddr, "id", same(&firstID)),
					),
				},
			},
		})
	})
}

// TestAccRecoveryJob_ImportSourceGivenByID imports a job made outside
// Terraform whose configuration gives the source by ID: the state, which
// names the server, adopts the ID in place, and the plan after that is
// empty.
func TestAccRecoveryJob_ImportSourceGivenByID(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		web01 := strconv.Itoa(srv.RegisterServer("web01"))
		if _, _, err := srv.Client().Recoveries.Create(context.Background(), &zdm.CreateRecoveryRequest{
			Center: "zdm-a", Source: web01, Target: "web01-dr", Platform: "vmware",
			Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "outsider",
		}); err != nil {
			t.Fatal(err)
		}
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "outsider", Source: web01}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config:             cfg,
					ResourceName:       jobAddr,
					ImportState:        true,
					ImportStatePersist: true,
					ImportStateId:      "zdm-a/outsider",
				},
				{
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "source", web01),
						jobServers(srv, "outsider", "web01", web01),
						checkServer(func() error { return expectJobs(srv, 1) }),
					),
				},
				{
					Config:   cfg,
					PlanOnly: true,
				},
			},
		})
	})
}

// TestAccRecoveryJob_SourceChangedToOtherID changes the source from one
// server's ID to another's: the job is replaced.
func TestAccRecoveryJob_SourceChangedToOtherID(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		web01 := strconv.Itoa(srv.RegisterServer("web01"))
		srv.RegisterServer("web01-dr")
		db01 := strconv.Itoa(srv.RegisterServer("db01"))
		prov := tokenProvider(srv.URL, srv.Token())
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + jobConfig{Name: "moved", Source: web01}.hcl(),
					Check:  jobServers(srv, "moved", "web01", web01),
				},
				{
					Config: prov + jobConfig{Name: "moved", Source: db01}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(jobAddr, "source", db01),
						jobServers(srv, "moved", "db01", db01),
						checkServer(func() error { return expectJobs(srv, 1) }),
					),
				},
			},
		})
	})
}

// TestAccRecoveryJob_SourceDriftByID moves a job given its source by ID
// to another source server behind Terraform's back: the refresh sees the
// other server, and the plan replaces the job because of the source alone.
func TestAccRecoveryJob_SourceDriftByID(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		web01 := strconv.Itoa(srv.RegisterServer("web01"))
		srv.RegisterServer("web01-dr")
		srv.RegisterServer("db01")
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "drifted", Source: web01}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					PreConfig: func() {
						// The same job (ID, name, settings), but from db01.
						old := srv.Job("drifted")
						old.Remove()
						srv.AddRecoveryJob(zdmtest.JobSpec{
							ID: old.ID(), Name: "drifted", Center: "zdm-a", Idle: true,
							Source: zdmtest.Machine{Name: "db01"}, Target: zdmtest.Machine{Name: "web01-dr"},
							Platform: "vmware", Mode: zdm.ModeFull,
							Partitions: []zdmtest.PartitionSpec{{Partition: "/", Repository: zdmtest.Repository{ID: 9}}},
						})
					},
					Config:             cfg,
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{replacedFor(jobAddr, "source")},
					},
				},
			},
		})
	})
}

// replacedFor checks that the plan replaces addr because of attr alone.
func replacedFor(addr, attr string) plancheck.PlanCheck { return replaceCheck{addr, attr} }

type replaceCheck struct{ addr, attr string }

func (c replaceCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		if !rc.Change.Actions.Replace() || fmt.Sprint(rc.Change.ReplacePaths) != "[["+c.attr+"]]" {
			resp.Error = fmt.Errorf("%s: actions %v, replace paths %v; want a replacement for %s", c.addr, rc.Change.Actions, rc.Change.ReplacePaths, c.attr)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", c.addr)
}

// jobServers checks, through the server's get answer, that job name's
// source is the server name with ID id.
func jobServers(srv *zdmtest.Server, name, source, id string) resource.TestCheckFunc {
	return checkServer(func() error {
		job, _, err := srv.Client().Recoveries.Get(context.Background(), name, &zdm.GetRecoveryOptions{Center: "zdm-a"})
		if err != nil {
			return err
		}
		if got := job.System.Source; got.Name != source || got.ID != id {
			return fmt.Errorf("job %q: source %q (ID %q), want %q (ID %q)", name, got.Name, got.ID, source, id)
		}
		return nil
	})
}

// same checks that a value equals *want.
func same(want *string) resource.CheckResourceAttrWithFunc {
	return func(v string) error {
		if v != *want {
			return fmt.Errorf("%q, want %q", v, *want)
		}
		return nil
	}
}

// expectJobs checks the number of jobs on the server.
func expectJobs(srv *zdmtest.Server, n int) error {
	if got := len(srv.Jobs()); got != n {
		return fmt.Errorf("%d jobs on the server, want %d", got, n)
	}
	return nil
}
