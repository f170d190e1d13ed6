package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// clientTimeout bounds each request of the provider in the tests whose
// server holds an answer back: the create's answer is then lost.
const clientTimeout = 3 * time.Second

// TestAccRecoveryJob_LostCreateAnswerAdoptsTheJob loses the answer to a
// create the server acted on (held back past the client's timeout, or cut
// in the middle of its body): the provider finds the job by name and
// adopts it instead of leaving it behind, with a name it generated for a
// job configured without one. The create is sent once.
func TestAccRecoveryJob_LostCreateAnswerAdoptsTheJob(t *testing.T) {
	for _, tc := range []struct {
		name  string
		job   jobConfig
		fault zdmtest.Fault
	}{
		{"NamedAnswerTooLate", jobConfig{Name: "lost"}, zdmtest.Delay(time.Minute)},
		{"UnnamedAnswerCut", jobConfig{}, zdmtest.CloseMidBody()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dialects(t, func(t *testing.T, d zdmtest.Dialect) {
				srv := newServer(t, d)
				var stateName string
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: factories(zdm.WithHTTPClient(&http.Client{Timeout: clientTimeout})),
					CheckDestroy:             noJobsLeft(srv),
					Steps: []resource.TestStep{{
						PreConfig: func() { srv.Inject(1, tc.fault.On(http.MethodPost, "recoveries")) },
						Config:    tokenProvider(srv.URL, srv.Token()) + tc.job.hcl(),
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestMatchResourceAttr(jobAddr, "name", regexp.MustCompile(`^(lost|web01-recovery-[0-9a-f]{8})$`)),
							resource.TestCheckResourceAttrWith(jobAddr, "name", keep(&stateName)),
							func(s *terraform.State) error {
								j := srv.Job(stateName)
								if j == nil {
									return fmt.Errorf("no job %q on the server", stateName)
								}
								if id := s.RootModule().Resources[jobAddr].Primary.ID; id != fmt.Sprint(j.ID()) {
									return fmt.Errorf("state has job %s, the server's is %d", id, j.ID())
								}
								if n := srv.PendingFaults(); n != 0 {
									return fmt.Errorf("the fault was not served: the test did not test")
								}
								if n := requests(srv, http.MethodPost, "/recoveries"); n != 1 {
									return fmt.Errorf("%d creates sent, want 1", n)
								}
								return expectJobs(srv, 1)
							},
						),
					}},
				})
			})
		})
	}
}

// TestAccRecoveryJob_LostCreateAnswerNothingCreated loses the connection
// before the server acted: the apply fails saying the job was not
// created, and the next apply creates it once.
func TestAccRecoveryJob_LostCreateAnswerNothingCreated(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "dropped"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					PreConfig:   func() { srv.Inject(1, zdmtest.DropConnection().On(http.MethodPost, "recoveries")) },
					Config:      cfg,
					ExpectError: anywhere(`Recovery job not created.*outcome is unknown.*center "zdm-a" has no job.*named "dropped".*Apply again`),
				},
				{
					Config: cfg,
					Check: checkServer(func() error {
						if n := requests(srv, http.MethodPost, "/recoveries"); n != 2 {
							return fmt.Errorf("%d creates sent, want 2 (the lost one, then this one)", n)
						}
						return expectJobs(srv, 1)
					}),
				},
			},
		})
	})
}

// TestAccRecoveryJob_NameTakenSaysImport fails a create with a server
// error (writes are not retried on 5xx), then finds, before the user's
// next create, that the server had registered the job after all: the
// apply says so with the import command instead of creating it again, and
// the import that follows has nothing left to change.
func TestAccRecoveryJob_NameTakenSaysImport(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		cfg := tokenProvider(srv.URL, srv.Token()) + jobConfig{Name: "orphan"}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noJobsLeft(srv),
			Steps: []resource.TestStep{
				{
					PreConfig:   func() { srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable).On(http.MethodPost, "recoveries")) },
					Config:      cfg,
					ExpectError: anywhere(`Could not create the recovery job.*503.*not retried on a server error`),
				},
				{
					PreConfig: func() {
						// What the server had done despite its 503.
						if _, _, err := srv.Client().Recoveries.Create(context.Background(), &zdm.CreateRecoveryRequest{
							Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
							Repository: zdm.RepositoryRef{ID: 9}, Mode: zdm.ModeFull, JobName: "orphan",
						}); err != nil {
							t.Fatal(err)
						}
						srv.ClearRequests()
					},
					Config:      cfg,
					ExpectError: anywhere(`Recovery job already exists.*Center "zdm-a" already has a recovery job named "orphan".*terraform import <resource address> "zdm-a/orphan"`),
				},
				{
					Config:             cfg,
					ResourceName:       jobAddr,
					ImportState:        true,
					ImportStatePersist: true,
					ImportStateId:      "zdm-a/orphan",
				},
				{
					Config: cfg,
					Check: checkServer(func() error {
						if n := requests(srv, http.MethodPost, "/recoveries"); n != 0 {
							return fmt.Errorf("%d creates sent after the 503: want none", n)
						}
						return expectJobs(srv, 1)
					}),
				},
			},
		})
	})
}
