package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The acceptance tests run a real Terraform CLI (TF_ACC=1; the CLI from
// TF_ACC_TERRAFORM_PATH or PATH) against the provider served in this
// process, which talks to a zdmtest server on a loopback port.

// TestAccRequiredInCI fails a CI run that would skip the acceptance
// tests: CI must set TF_ACC and provide a Terraform CLI.
func TestAccRequiredInCI(t *testing.T) {
	if os.Getenv("CI") == "" {
		t.Skip("not in CI")
	}
	if os.Getenv("TF_ACC") == "" {
		t.Fatal("CI is set but TF_ACC is not: the acceptance tests would be skipped (run them with TF_ACC=1)")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH: %v", err)
		}
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (.ci/run builds one)")
	}
}

// TestAccProvider_Settings reads the settings from the environment, and
// refuses incomplete or conflicting credentials before any request.
func TestAccProvider_Settings(t *testing.T) {
	srv := newServer(t, zdmtest.DialectV3)
	list := "data \"zdm_recovery_jobs\" \"all\" {}\n"
	t.Setenv(EnvURL, rootURL(srv))
	t.Setenv(EnvEmail, zdmtest.DefaultEmail)
	t.Setenv(EnvPassword, zdmtest.DefaultPassword)
	t.Setenv(EnvToken, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: "provider \"zdm\" {}\n" + list,
				Check:  resource.TestCheckResourceAttr("data.zdm_recovery_jobs.all", "jobs.#", "0"),
			},
			{
				Config:      "provider \"zdm\" {\n  token = \"abc\"\n}\n" + list,
				ExpectError: anywhere(`Conflicting ZDM credentials`),
			},
			{
				// Both in the provider block: refused when validating.
				Config:      "provider \"zdm\" {\n  token = \"abc\"\n  email = \"a@b.c\"\n}\n" + list,
				ExpectError: anywhere(`Invalid Attribute Combination.*cannot be configured together: \[token,email\]`),
			},
			{
				PreConfig: func() {
					os.Unsetenv(EnvEmail)
					os.Unsetenv(EnvPassword)
				},
				Config:      "provider \"zdm\" {}\n" + list,
				ExpectError: anywhere(`Missing ZDM credentials`),
			},
			{
				Config:      "provider \"zdm\" {\n  url = \"ftp://zdm.example\"\n  token = \"abc\"\n}\n" + list,
				ExpectError: anywhere(`Invalid ZDM provider settings.*expected http or https`),
			},
			{
				Config: tokenProvider(srv.URL, srv.Token()) + list, // and the post-test destroy
			},
		},
	})
}

// TestProvider_ConflictingCredentialsFailValidation refuses a token set
// beside an e-mail in the provider block when Terraform validates the
// configuration, before the provider is configured or any request sent.
func TestProvider_ConflictingCredentialsFailValidation(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schema.Provider.ValueType()
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.(tftypes.Object).AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	attrs["url"] = tftypes.NewValue(tftypes.String, "http://zdm.example/api")
	attrs["token"] = tftypes.NewValue(tftypes.String, "abc")
	attrs["email"] = tftypes.NewValue(tftypes.String, "a@b.c")
	cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError && strings.Contains(d.Detail, "cannot be configured together: [token,email]") {
			return
		}
	}
	t.Fatalf("validation let a token and an e-mail through together: %+v", resp.Diagnostics)
}

// TestAccProvider_PollIntervals refuses durations that are not positive
// Go durations, at plan time when configured and at configure time from
// the environment, and a maximum below the interval; a run polls at the
// configured interval (here a millisecond).
func TestAccProvider_PollIntervals(t *testing.T) {
	srv := newServer(t, zdmtest.DialectV1)
	t.Setenv(EnvPollInterval, "")
	block := func(settings string) string {
		return fmt.Sprintf("provider \"zdm\" {\n  url   = %q\n  token = %q\n%s}\n", srv.URL, srv.Token(), settings)
	}
	job := jobConfig{Name: "polled"}.hcl() + runConfig{}.hcl()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy:             noJobsLeft(srv),
		Steps: []resource.TestStep{
			{
				Config:      block("  poll_interval = \"soon\"\n") + job,
				ExpectError: anywhere(`Invalid duration.*"soon" is not a positive Go duration such as "5s"`),
			},
			{
				Config:      block("  poll_interval = \"-1s\"\n") + job,
				ExpectError: anywhere(`Invalid duration.*"-1s" is not a positive Go duration`),
			},
			{
				Config:      block("  poll_interval = \"50ms\"\n  max_poll_interval = \"10ms\"\n") + job,
				ExpectError: anywhere(`max_poll_interval \(10ms\) is below poll_interval \(50ms\)`),
			},
			{
				PreConfig:   func() { os.Setenv(EnvPollInterval, "never") },
				Config:      block("") + job,
				ExpectError: anywhere(`poll_interval "never" is not a positive Go duration`),
			},
			{
				PreConfig: func() { os.Setenv(EnvPollInterval, "") },
				Config:    block("  poll_interval = \"1ms\"\n  max_poll_interval = \"2ms\"\n") + job,
				Check:     resource.TestCheckResourceAttr(runAddr, "status", "Complete"),
			},
		},
	})
}

// dialects runs test once per released server generation, in parallel.
func dialects(t *testing.T, test func(t *testing.T, d zdmtest.Dialect)) {
	t.Helper()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			test(t, d)
		})
	}
}

// fastOptions make the client retry in milliseconds (the provider
// blocks below set short poll intervals).
func fastOptions() []zdm.ClientOption {
	return []zdm.ClientOption{zdm.WithRetryWait(time.Millisecond, 10*time.Millisecond)}
}

// factories serve the provider, with a client built with fastOptions
// and then opts, as "zdm" over protocol 6.
func factories(opts ...zdm.ClientOption) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"zdm": providerserver.NewProtocol6WithError(newWithOptions("test", append(fastOptions(), opts...)...)()),
	}
}

// newServer starts a zdmtest server of dialect d for the test.
func newServer(t *testing.T, d zdmtest.Dialect, opts ...zdmtest.Option) *zdmtest.Server {
	return zdmtest.NewServer(t, append([]zdmtest.Option{zdmtest.WithDialect(d)}, opts...)...)
}

// rootURL is the server's URL without its API root: the provider then
// finds the API root itself.
func rootURL(srv *zdmtest.Server) string {
	return strings.TrimSuffix(srv.URL, srv.Dialect().Prefix())
}

// fastPolls are the provider settings that make a run poll in
// milliseconds (the fake advances one step per poll).
const fastPolls = "  poll_interval     = \"5ms\"\n  max_poll_interval = \"20ms\"\n"

// tokenProvider is a provider block with a token.
func tokenProvider(url, token string) string {
	return fmt.Sprintf("provider \"zdm\" {\n  url   = %q\n  token = %q\n%s}\n", url, token, fastPolls)
}

// credentialsProvider is a provider block with the default user's
// credentials.
func credentialsProvider(url string) string {
	return fmt.Sprintf("provider \"zdm\" {\n  url      = %q\n  email    = %q\n  password = %q\n%s}\n",
		url, zdmtest.DefaultEmail, zdmtest.DefaultPassword, fastPolls)
}

// jobConfig is the settings of a zdm_recovery_job block.
type jobConfig struct {
	Resource   string // resource name, default "test"
	Name       string // "" leaves name unset
	Mode       string // default "full"
	Source     string // default "web01"
	Target     string // default "web01-dr"
	Platform   string // default "vmware"
	Partitions bool   // "/" and "/boot"
	Extra      string // more attribute lines
}

func (c jobConfig) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"zdm_recovery_job\" %q {\n", or(c.Resource, "test"))
	fmt.Fprintf(&b, "  center        = \"zdm-a\"\n  source        = %q\n  target        = %q\n", or(c.Source, "web01"), or(c.Target, "web01-dr"))
	fmt.Fprintf(&b, "  platform      = %q\n  repository_id = 9\n  mode          = %q\n", or(c.Platform, "vmware"), or(c.Mode, "full"))
	if c.Name != "" {
		fmt.Fprintf(&b, "  name          = %q\n", c.Name)
	}
	if c.Partitions {
		b.WriteString("  partitions = [\n    { source = \"/\", target = \"/\" },\n    { source = \"/boot\", target = \"/boot\" },\n  ]\n")
	}
	b.WriteString(c.Extra)
	b.WriteString("}\n")
	return b.String()
}

// runConfig is a zdm_recovery_run block running the job resource job
// (default "test").
type runConfig struct {
	Resource string // resource name, default "test"
	Job      string // the zdm_recovery_job resource's name, default "test"
	Timeout  string // timeouts.create, default "2m"
	Trigger  string // triggers = { image = Trigger } when set
}

func (c runConfig) hcl() string {
	var b strings.Builder
	job := "zdm_recovery_job." + or(c.Job, "test")
	fmt.Fprintf(&b, "resource \"zdm_recovery_run\" %q {\n  job_id = %s.id\n  center = %s.center\n", or(c.Resource, "test"), job, job)
	if c.Trigger != "" {
		fmt.Fprintf(&b, "  triggers = {\n    image = %q\n  }\n", c.Trigger)
	}
	fmt.Fprintf(&b, "  timeouts {\n    create = %q\n  }\n}\n", or(c.Timeout, "2m"))
	return b.String()
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkServer runs f against the server as a step check.
func checkServer(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

// noJobsLeft is a CheckDestroy: the server has no job left.
func noJobsLeft(srv *zdmtest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if jobs := srv.Jobs(); len(jobs) > 0 {
			names := make([]string, len(jobs))
			for i, j := range jobs {
				names[i] = j.Name()
			}
			return fmt.Errorf("jobs left on the server after destroy: %v", names)
		}
		return nil
	}
}

// jobRuns checks that the server's job name has started n runs.
func jobRuns(srv *zdmtest.Server, name string, n int) resource.TestCheckFunc {
	return checkServer(func() error {
		j := srv.Job(name)
		if j == nil {
			return fmt.Errorf("no job %q on the server", name)
		}
		if got := j.Runs(); got != n {
			return fmt.Errorf("job %q: %d runs, want %d", name, got, n)
		}
		return nil
	})
}

// hookTransport calls hook after each round trip (with the request and
// its status), for faults that must land in the middle of an apply.
type hookTransport struct {
	mu   sync.Mutex
	hook func(req *http.Request, status int)
}

// RoundTrip implements [http.RoundTripper].
func (h *hookTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		h.mu.Lock()
		h.hook(req, resp.StatusCode)
		h.mu.Unlock()
	}
	return resp, err
}

// anywhere makes a pattern match across lines: Terraform wraps its
// diagnostics, so a space in the pattern matches any run of white space.
func anywhere(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// keep stores a value into *dst, for a later same(dst).
func keep(dst *string) resource.CheckResourceAttrWithFunc {
	return func(v string) error {
		*dst = v
		return nil
	}
}

// serverJob reads the server's job name (center zdm-a) as the provider
// would.
func serverJob(srv *zdmtest.Server, name string) jobView {
	job, _, err := srv.Client().Recoveries.Get(context.Background(), name, &zdm.GetRecoveryOptions{Center: "zdm-a", Detail: true})
	if err != nil {
		return jobView{}
	}
	return viewOf(job)
}

// addHistory adds a finished run of the server's job name, as if it had
// run before.
func addHistory(srv *zdmtest.Server, name string) {
	j := srv.Job(name)
	if j == nil {
		panic("no job " + name)
	}
	end := time.Now()
	srv.AddHistory(zdmtest.History{JobID: j.ID(), JobName: name, Source: "web01", Target: "web01-dr", Center: j.Center(),
		RecoverDrive: []string{"/"}, Description: "Recovery completed successfully", Start: end.Add(-time.Minute), End: end})
}

// expectHistories checks that the server's job name has n history rows.
func expectHistories(srv *zdmtest.Server, name string, n int) error {
	j := srv.Job(name)
	if j == nil {
		return fmt.Errorf("no job %q on the server", name)
	}
	if got := len(j.Histories()); got != n {
		return fmt.Errorf("job %q has %d histories, want %d", name, got, n)
	}
	return nil
}

// requests counts the requests the server was sent with that method
// and a path ending in suffix.
func requests(srv *zdmtest.Server, method, suffix string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// worldBackupJobs are the backup jobs of zdmtest's default world.
var worldBackupJobs = []string{"web01_ROOT", "web01_boot", "win01_C", "win01_D", "db01_ROOT", "db01_data", "erp01_ROOT", "erp01_var"}

// noBackupJobsBut is a CheckDestroy: the server has no backup job left
// but the world's own.
func noBackupJobsBut(srv *zdmtest.Server, world []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var left []string
		for _, j := range srv.BackupJobs() {
			if !slices.Contains(world, j.Name()) {
				left = append(left, j.Name())
			}
		}
		if len(left) > 0 {
			return fmt.Errorf("backup jobs left on the server after destroy: %v", left)
		}
		return nil
	}
}

// onlyReads checks that the server was sent nothing but reads (since
// its requests were last cleared) while doing what.
func onlyReads(srv *zdmtest.Server, what string) resource.TestCheckFunc {
	return checkServer(func() error {
		for _, r := range srv.Requests() {
			if r.Method != http.MethodGet {
				return fmt.Errorf("%s sent %s %s", what, r.Method, r.Path)
			}
		}
		return nil
	})
}
