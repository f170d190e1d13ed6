// Package provider is the ZDM Terraform provider: the repositories,
// schedules, backup jobs and recovery jobs of a ZConverter ZDM server as
// Terraform resources and data sources, built on go-zdm.
package provider

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// The environment variables the provider settings fall back to.
const (
	EnvURL      = "ZDM_URL"
	EnvToken    = "ZDM_TOKEN"
	EnvEmail    = "ZDM_EMAIL"
	EnvPassword = "ZDM_PASSWORD"

	EnvPollInterval    = "ZDM_POLL_INTERVAL"
	EnvMaxPollInterval = "ZDM_MAX_POLL_INTERVAL"
)

// New returns the constructor of the provider Terraform serves, for
// providerserver.Serve and the tests' provider factories.
func New(version string) func() provider.Provider {
	return newWithOptions(version)
}

// newWithOptions is New with client options added after the provider's
// own: the tests use it for fast retries and their own transports.
func newWithOptions(version string, opts ...zdm.ClientOption) func() provider.Provider {
	return func() provider.Provider {
		return &zdmProvider{version: version, clientOptions: opts}
	}
}

// zdmProvider is the provider.Provider.
type zdmProvider struct {
	version       string
	clientOptions []zdm.ClientOption
}

// providerModel is the provider block.
type providerModel struct {
	URL             types.String `tfsdk:"url"`
	Token           types.String `tfsdk:"token"`
	Email           types.String `tfsdk:"email"`
	Password        types.String `tfsdk:"password"`
	PollInterval    types.String `tfsdk:"poll_interval"`
	MaxPollInterval types.String `tfsdk:"max_poll_interval"`
}

// The vendor's advice for polling a run: every 5 s at most, and the gap
// grows to 30 s while nothing changes.
const (
	defaultPollInterval    = 5 * time.Second
	defaultMaxPollInterval = 30 * time.Second
)

// providerData is what Configure hands the resources and data sources.
type providerData struct {
	client *zdm.Client
}

var (
	_ provider.Provider                     = (*zdmProvider)(nil)
	_ provider.ProviderWithConfigValidators = (*zdmProvider)(nil)
)

// Metadata names the provider "zdm".
func (p *zdmProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zdm"
	resp.Version = p.version
}

// Schema describes the provider block.
func (p *zdmProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages the disaster-recovery stack of a ZConverter ZDM server: backup repositories, schedules, backup jobs and " +
			"recovery jobs, and runs them; reads its centers, servers, backup images and histories, and plans recoveries from backups.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Optional: true,
				Description: "The ZDM server: its root (http://zdm.example:3000, the API root is then found: /api, else /api/v1) " +
					"or its API root (https://zdm.example/api), used as given. Falls back to " + EnvURL + ".",
			},
			"token": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "An API token. Tokens live about an hour: prefer email and password. Falls back to " + EnvToken + ".",
			},
			"email": schema.StringAttribute{
				Optional:    true,
				Description: "The e-mail of a ZDM user; the provider issues and renews its own tokens. Falls back to " + EnvEmail + ".",
			},
			"password": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "The password of that user. Falls back to " + EnvPassword + ".",
			},
			"poll_interval": schema.StringAttribute{
				Optional: true,
				Description: "How often a run (zdm_backup_run, zdm_recovery_run) polls its progress at first, as a Go duration (\"5s\", \"500ms\"); " +
					"default 5s, the vendor's advice. The gap grows toward max_poll_interval while nothing changes. Falls back to " + EnvPollInterval + ".",
				Validators: []validator.String{positiveDuration{}},
			},
			"max_poll_interval": schema.StringAttribute{
				Optional:    true,
				Description: "The longest gap between two polls of a run, as a Go duration; default 30s (or poll_interval, if longer). Falls back to " + EnvMaxPollInterval + ".",
				Validators:  []validator.String{positiveDuration{}},
			},
		},
	}
}

// ConfigValidators refuse, at plan time, a token set together with an
// e-mail or password in the provider block.
func (p *zdmProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{
		providervalidator.Conflicting(path.MatchRoot("token"), path.MatchRoot("email")),
		providervalidator.Conflicting(path.MatchRoot("token"), path.MatchRoot("password")),
	}
}

// setting is a provider setting: the configured value, else the
// environment's.
func setting(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// Configure builds the go-zdm client the resources share. It sends no
// request: a wrong URL or credential shows in the first operation, with
// the server's answer.
func (p *zdmProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range map[string]types.String{"url": cfg.URL, "token": cfg.Token, "email": cfg.Email, "password": cfg.Password,
		"poll_interval": cfg.PollInterval, "max_poll_interval": cfg.MaxPollInterval} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown ZDM provider setting",
				"The provider's "+name+" is not known until apply; set it from a value known at plan time, or from the environment.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	url := setting(cfg.URL, EnvURL)
	token := setting(cfg.Token, EnvToken)
	email := setting(cfg.Email, EnvEmail)
	password := setting(cfg.Password, EnvPassword)

	if strings.TrimSpace(url) == "" {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Missing ZDM server URL",
			"Set url in the provider block or "+EnvURL+" in the environment, e.g. https://zdm.example/api.")
	}
	interval, maxInterval := defaultPollInterval, defaultMaxPollInterval
	if v := setting(cfg.PollInterval, EnvPollInterval); v != "" {
		interval = durationSetting(&resp.Diagnostics, "poll_interval", v)
	}
	if v := setting(cfg.MaxPollInterval, EnvMaxPollInterval); v != "" {
		maxInterval = durationSetting(&resp.Diagnostics, "max_poll_interval", v)
	} else {
		maxInterval = max(maxInterval, interval)
	}
	if maxInterval < interval {
		resp.Diagnostics.AddAttributeError(path.Root("max_poll_interval"), "Invalid poll intervals",
			"max_poll_interval ("+maxInterval.String()+") is below poll_interval ("+interval.String()+").")
	}
	opts := []zdm.ClientOption{
		zdm.WithUserAgent("terraform-provider-zdm/" + p.version),
		zdm.WithLogger(slog.New(newTflogHandler(ctx, token, password))),
		zdm.WithPollInterval(interval, maxInterval),
	}
	switch {
	case email != "" || password != "":
		if email == "" || password == "" {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Incomplete ZDM credentials",
				"Set both email and password (or "+EnvEmail+" and "+EnvPassword+").")
			break
		}
		if !cfg.Token.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("token"), "Conflicting ZDM credentials",
				"Set either token or email and password, not both.")
			break
		}
		// Credentials win over a token from the environment: they renew.
		opts = append(opts, zdm.WithCredentials(email, password))
	case token != "":
		opts = append(opts, zdm.WithToken(token))
	default:
		resp.Diagnostics.AddError("Missing ZDM credentials",
			"Set email and password (or "+EnvEmail+" and "+EnvPassword+"), or token (or "+EnvToken+").")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := zdm.NewClient(url, append(opts, p.clientOptions...)...)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid ZDM provider settings", err.Error())
		return
	}
	data := &providerData{client: client}
	resp.ResourceData = data
	resp.DataSourceData = data
}

// Resources lists the provider's resources.
func (p *zdmProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newRepositoryResource, newScheduleResource, newBackupJobResource, newBackupRunResource,
		newRecoveryJobResource, newRecoveryRunResource}
}

// DataSources lists the provider's data sources.
func (p *zdmProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newCentersDataSource, newServersDataSource, newServerDataSource, newRepositoriesDataSource,
		newBackupImagesDataSource, newBackupHistoriesDataSource, newRecoveryPlanDataSource,
		newRecoveryJobDataSource, newRecoveryJobsDataSource, newRecoveryHistoriesDataSource}
}

// resourceClient is embedded by the resources: it takes the provider's
// client in Configure.
type resourceClient struct {
	client *zdm.Client
}

// Configure takes the provider's client.
func (r *resourceClient) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	takeClient(&r.client, req.ProviderData, &resp.Diagnostics)
}

// dataSourceClient is embedded by the data sources: it takes the
// provider's client in Configure.
type dataSourceClient struct {
	client *zdm.Client
}

// Configure takes the provider's client.
func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	takeClient(&d.client, req.ProviderData, &resp.Diagnostics)
}

// takeClient sets *dst to the client of the provider data handed to a
// resource or data source; there is none before the provider is
// configured (validation runs then).
func takeClient(dst **zdm.Client, data any, diags *diag.Diagnostics) {
	if data == nil {
		return
	}
	d, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("unexpected provider data %T: please report this to the provider's authors", data))
		return
	}
	*dst = d.client
}

// decode reads what Terraform sent (a configuration, a plan, a state)
// into a new M; false, with the problem in diags, when it could not (or
// when diags held an error already).
func decode[M any](ctx context.Context, from interface {
	Get(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) (*M, bool) {
	m := new(M)
	diags.Append(from.Get(ctx, m)...)
	return m, !diags.HasError()
}

// durationSetting reads a duration setting (from the provider block or
// the environment), adding an error at attr when it is not a positive Go
// duration.
func durationSetting(diags *diag.Diagnostics, attr, v string) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		diags.AddAttributeError(path.Root(attr), "Invalid duration",
			fmt.Sprintf("%s %q is not %s.", attr, v, positiveDuration{}.Description(context.Background())))
		return time.Second
	}
	return d
}

// positiveDuration accepts a Go duration above zero ("5s", "250ms").
type positiveDuration struct{}

func (positiveDuration) Description(context.Context) string {
	return `a positive Go duration such as "5s" or "250ms"`
}

func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v positiveDuration) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
		fmt.Sprintf("%q is not %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
}
