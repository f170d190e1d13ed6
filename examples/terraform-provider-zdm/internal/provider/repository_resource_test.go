package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// repoAddr is the address of the resource repoConfig writes.
const repoAddr = "zdm_repository.test"

// repoConfig is the settings of a zdm_repository block (an NFS export of
// zdm-a by default).
type repoConfig struct {
	Type       string   // default "nfs"
	RemotePath string   // default "/dr"
	LocalPath  string   // default "/mnt/dr"
	IP         string   // default "192.168.1.201"
	More       []string // additional_ips
	Extra      string   // more attribute lines
}

func (c repoConfig) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"zdm_repository\" \"test\" {\n  center      = \"zdm-a\"\n  type        = %q\n", or(c.Type, "nfs"))
	fmt.Fprintf(&b, "  remote_path = %q\n  local_path  = %q\n  ip          = %q\n", or(c.RemotePath, "/dr"), or(c.LocalPath, "/mnt/dr"), or(c.IP, "192.168.1.201"))
	if len(c.More) > 0 {
		fmt.Fprintf(&b, "  additional_ips = [%q]\n", strings.Join(c.More, `", "`))
	}
	b.WriteString(c.Extra)
	b.WriteString("}\n")
	return b.String()
}

// serverRepository reads the server's repository id, nil when it has
// none.
func serverRepository(srv *zdmtest.Server, id string) *zdm.Repository {
	n, _ := strconv.ParseInt(id, 10, 64)
	for r, err := range srv.Client().Repositories.ListAll(context.Background(), nil) {
		if err == nil && r.ID == n {
			return r
		}
	}
	return nil
}

// expectRepository checks the server's repository of the resource at
// addr with f.
func expectRepository(srv *zdmtest.Server, addr string, f func(r *zdm.Repository) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[addr].Primary.ID
		r := serverRepository(srv, id)
		if r == nil {
			return fmt.Errorf("the server has no repository %s", id)
		}
		return f(r)
	}
}

// worldRepositories are the repositories of zdmtest's default world.
var worldRepositories = []int64{9, 10, 11}

// noRepositoriesLeft is a CheckDestroy: the server has no repository but
// the world's.
func noRepositoriesLeft(srv *zdmtest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for r, err := range srv.Client().Repositories.ListAll(context.Background(), nil) {
			if err != nil {
				return err
			}
			if !slices.Contains(worldRepositories, r.ID) {
				return fmt.Errorf("repository %d left on the server after destroy", r.ID)
			}
		}
		return nil
	}
}

// TestAccRepository_Lifecycle registers an NFS repository, changes its
// remote path and appends an address in place, finds no change in a
// respelled type, puts back a remote path changed behind Terraform's
// back, imports it by ID and by center and ID, replaces it when an
// address is removed, registers it again when it was deleted outside,
// and destroys it.
func TestAccRepository_Lifecycle(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		grown := repoConfig{RemotePath: "/dr2", More: []string{"192.168.1.202"}}
		var firstID string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noRepositoriesLeft(srv),
			Steps: []resource.TestStep{
				{
					Config: prov + repoConfig{}.hcl(),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(repoAddr, "id", keep(&firstID)),
						resource.TestCheckResourceAttr(repoAddr, "port", "2049"),
						resource.TestCheckNoResourceAttr(repoAddr, "additional_ips"),
						expectRepository(srv, repoAddr, func(r *zdm.Repository) error {
							if r.Center != "zdm-a" || r.RemotePath != "/dr" || r.LocalPath != "/mnt/dr" || !slices.Equal(r.IPs, []string{"192.168.1.201"}) {
								return fmt.Errorf("server has %+v", r)
							}
							return nil
						}),
					),
				},
				{
					Config: prov + grown.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(repoAddr, "id", same(&firstID)),
						expectRepository(srv, repoAddr, func(r *zdm.Repository) error {
							if r.RemotePath != "/dr2" || !slices.Equal(r.IPs, []string{"192.168.1.201", "192.168.1.202"}) {
								return fmt.Errorf("server has %+v", r)
							}
							return nil
						}),
					),
				},
				{
					Config: prov + repoConfig{Type: "NFS", RemotePath: "/dr2", More: grown.More}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					PreConfig: func() {
						id, _ := strconv.ParseInt(firstID, 10, 64)
						if _, _, err := srv.Client().Repositories.Update(context.Background(), id,
							&zdm.UpdateRepositoryRequest{Center: "zdm-a", RemotePath: "/elsewhere"}); err != nil {
							t.Fatal(err)
						}
					},
					Config: prov + grown.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoAddr, plancheck.ResourceActionUpdate)},
					},
					Check: expectRepository(srv, repoAddr, func(r *zdm.Repository) error {
						if r.RemotePath != "/dr2" {
							return fmt.Errorf("drift not undone: remote path %q", r.RemotePath)
						}
						return nil
					}),
				},
				{
					Config: prov + grown.hcl(), ResourceName: repoAddr, ImportState: true, ImportStateVerify: true,
				},
				{
					Config: prov + grown.hcl(), ResourceName: repoAddr, ImportState: true, ImportStateVerify: true,
					ImportStateIdFunc: func(s *terraform.State) (string, error) { return "zdm-a/" + firstID, nil },
				},
				{
					Config: prov + repoConfig{RemotePath: "/dr2"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{replacedFor(repoAddr, "additional_ips")},
					},
					// Servers never remove an address: only a new registration
					// (the fake may give it the freed ID) has one address.
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(repoAddr, "id", keep(&firstID)),
						expectRepository(srv, repoAddr, func(r *zdm.Repository) error {
							if !slices.Equal(r.IPs, []string{"192.168.1.201"}) {
								return fmt.Errorf("not replaced: the server's repository has %v", r.IPs)
							}
							if n := requests(srv, http.MethodPost, "/zdms/repositories"); n != 2 {
								return fmt.Errorf("%d registrations, want 2", n)
							}
							return nil
						}),
					),
				},
				{
					PreConfig: func() {
						id, _ := strconv.ParseInt(firstID, 10, 64)
						if _, err := srv.Client().Repositories.Delete(context.Background(), id, "zdm-a"); err != nil {
							t.Fatal(err)
						}
					},
					Config: prov + repoConfig{RemotePath: "/dr2"}.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoAddr, plancheck.ResourceActionCreate)},
					},
				},
			},
		})
	})
}

// TestAccRepository_SMBCredentials registers an SMB share with its
// account and password, changes the password in place (servers never
// return it: the update is what the provider can check), and refuses
// at plan time an SMB share without credentials and an NFS export with
// them or with a path not starting with "/", sending nothing.
func TestAccRepository_SMBCredentials(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		prov := tokenProvider(srv.URL, srv.Token())
		smb := func(password string) string {
			return repoConfig{Type: "smb", RemotePath: "dr-share", LocalPath: "R:", IP: "192.168.1.211",
				Extra: fmt.Sprintf("  account     = \"zdm-backup\"\n  password    = %q\n", password)}.hcl()
		}
		var id string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noRepositoriesLeft(srv),
			Steps: []resource.TestStep{
				{
					Config:      prov + repoConfig{Type: "smb", RemotePath: "dr-share", LocalPath: "R:"}.hcl(),
					ExpectError: anywhere(`Missing account.*SMB repository needs an account and a password`),
				},
				{
					Config:      prov + repoConfig{Extra: "  account = \"x\"\n"}.hcl(),
					ExpectError: anywhere(`Unexpected account.*takes no account or password`),
				},
				{
					Config:      prov + repoConfig{RemotePath: "dr"}.hcl(),
					ExpectError: anywhere(`Invalid NFS remote_path.*starts with "/"`),
				},
				{
					PreConfig: func() {
						if n := requests(srv, http.MethodPost, "/zdms/repositories"); n != 0 {
							t.Fatalf("%d registrations sent for configurations refused at plan time", n)
						}
					},
					Config: prov + smb("first-secret"),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(repoAddr, "id", keep(&id)),
						expectRepository(srv, repoAddr, func(r *zdm.Repository) error {
							if r.Type != zdm.RepositorySMB || r.LocalPath != "R:" {
								return fmt.Errorf("server has %+v", r)
							}
							return nil
						}),
					),
				},
				{
					// "r" is drive "R:": no change.
					Config: prov + strings.Replace(smb("first-secret"), `"R:"`, `"r"`, 1),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					Config: prov + smb("second-secret"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoAddr, plancheck.ResourceActionUpdate)},
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttrWith(repoAddr, "id", same(&id)),
						checkServer(func() error {
							if n := requests(srv, http.MethodPut, "/zdms/repositories/"+id); n != 1 {
								return fmt.Errorf("%d updates sent for a new password, want 1", n)
							}
							return nil
						}),
					),
				},
			},
		})
	})
}

// TestAccRepository_AlreadyExistsSaysImport finds the repository a
// configuration describes already on its center (registered by an
// earlier apply that failed, or by hand): the apply says so with the
// import command instead of registering it twice, and the plan after the
// import is empty.
func TestAccRepository_AlreadyExistsSaysImport(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		repo, _, err := srv.Client().Repositories.Create(context.Background(), &zdm.CreateRepositoryRequest{
			Center: "zdm-a", Type: zdm.RepositoryNFS, RemotePath: "/dr", LocalPath: "/mnt/dr", IP: "192.168.1.201"})
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(repo.ID, 10)
		cfg := tokenProvider(srv.URL, srv.Token()) + repoConfig{}.hcl()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			CheckDestroy:             noRepositoriesLeft(srv),
			Steps: []resource.TestStep{
				{
					Config:      cfg,
					ExpectError: anywhere(`Repository already exists.*\(ID ` + id + `\).*terraform import <resource address> ` + id),
				},
				{
					Config: cfg, ResourceName: repoAddr, ImportState: true, ImportStatePersist: true, ImportStateId: id,
				},
				{
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: resource.TestCheckResourceAttr(repoAddr, "center", "zdm-a"),
				},
			},
		})
	})
}
