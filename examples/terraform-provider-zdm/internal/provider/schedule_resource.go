package provider

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/zdmkit/go-zdm"
)

// scheduleResource is the zdm_schedule resource: one schedule of a
// center, which jobs take by ID.
type scheduleResource struct {
	resourceClient
}

// scheduleModel is the resource's state.
type scheduleModel struct {
	ID                  types.String  `tfsdk:"id"`
	Center              types.String  `tfsdk:"center"`
	Type                spelledString `tfsdk:"type"`
	Basic               types.Object  `tfsdk:"basic"`
	Advanced            types.Object  `tfsdk:"advanced"`
	JobName             types.String  `tfsdk:"job_name"`
	AdvancedID          types.String  `tfsdk:"advanced_id"`
	Description         types.String  `tfsdk:"description"`
	AdvancedDescription types.String  `tfsdk:"advanced_description"`
	Enabled             types.Bool    `tfsdk:"enabled"`
}

// timingModel is a schedule's basic or advanced timing.
type timingModel struct {
	Time     types.String `tfsdk:"time"`
	Year     types.Int64  `tfsdk:"year"`
	Months   types.Set    `tfsdk:"months"`
	Weeks    types.Set    `tfsdk:"weeks"`
	Weekdays types.Set    `tfsdk:"weekdays"`
	Dates    types.Set    `tfsdk:"dates"`
	Interval types.Int64  `tfsdk:"interval"`
}

// scheduleTypeString is the type of the type attribute: "daily", "Daily"
// and "3" are the same type.
var scheduleTypeString = spelledStringType{spelling: scheduleTypeSpelling}

// weekdayNames are the weekdays as the timing takes them, Sunday first
// (time.Weekday's order).
var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

var (
	_ resource.ResourceWithConfigure      = (*scheduleResource)(nil)
	_ resource.ResourceWithImportState    = (*scheduleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*scheduleResource)(nil)
)

func newScheduleResource() resource.Resource { return &scheduleResource{} }

// Metadata names the resource zdm_schedule.
func (r *scheduleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_schedule"
}

// timingAttribute is the schema of a basic or advanced timing.
func timingAttribute(desc string, required bool) schema.SingleNestedAttribute {
	const notRead = " Servers never return a schedule's timing (only its description): it is kept from the configuration, " +
		"adopted in place after an import, and a change made outside Terraform is not detected. Changing it replaces the schedule."
	ints := func(d string, lo, hi int64) schema.SetAttribute {
		return schema.SetAttribute{Optional: true, ElementType: types.Int64Type, Description: d,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueInt64sAre(int64validator.Between(lo, hi))}}
	}
	adopt := "Changing the timing replaces the schedule."
	return schema.SingleNestedAttribute{
		Required:    required,
		Optional:    !required,
		Description: desc + notRead,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(
			func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
				// A timing unknown after an import (null) is adopted in place.
				resp.RequiresReplace = !req.StateValue.IsNull()
			}, adopt, adopt)},
		Attributes: map[string]schema.Attribute{
			"time": schema.StringAttribute{Required: true, Description: `The time of day, "HH:mm" ("00:00" to "23:59"). Every type takes it.`},
			"year": schema.Int64Attribute{Optional: true, Description: "The year (Once).",
				Validators: []validator.Int64{int64validator.Between(1000, 9999)}},
			"months": ints("Months of the year, 1 to 12 (Once: one; Smart Custom types).", 1, 12),
			"weeks":  ints("Weeks of the month, 1 to 5, 5 being the last (the Monthly and Smart types by week).", 1, 5),
			"weekdays": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				Description: `Days of the week, "mon" to "sun" (Weekly and the types by week).`,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(weekdayNames...))}},
			"dates":    ints("Days of the month, 1 to 31 (Once: one; the types by date).", 1, 31),
			"interval": schema.Int64Attribute{Optional: true, Description: "Every how many minutes (Every Minute) or hours (Hourly) it runs.", Validators: []validator.Int64{int64validator.AtLeast(1)}},
		},
	}
}

// Schema describes the resource.
func (r *scheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "A schedule of a ZDM center, which recovery jobs link and backup jobs copy (`schedule_id`). " +
			"Servers have no call to change a schedule: every change replaces it, and one that a job still uses cannot be deleted " +
			"(destroy or change the job first; Terraform does so when the job refers to this resource). " +
			"Which parts a type takes: Once year, months and dates (one each); Every Minute and Hourly interval; Daily none; " +
			"Weekly weekdays; Monthly (Specific Week and Day of the Week) weeks and weekdays; Monthly on Specific Date dates; " +
			"the Smart types (7 to 11, smart backup jobs only) the same parts in basic (one value each, the full backups) and in advanced (the increments).",
		Attributes: map[string]schema.Attribute{
			"id":     computedID("The schedule's ID (the basic row's, for a smart schedule)."),
			"center": centerAttribute("schedule", "Changing it replaces the schedule."),
			"type": schema.StringAttribute{
				Required:   true,
				CustomType: scheduleTypeString,
				Description: `The schedule's type: its display name ("Daily", "Monthly on Specific Date"), alias ("daily", "monthly_date") or number (0 to 11), ` +
					"in any case; spellings of the same type are the same. Changing it replaces the schedule.",
				Validators:    []validator.String{scheduleTypeValidator{}},
				PlanModifiers: []planmodifier.String{keepEquivalentSpelling(scheduleTypeSpelling), stringplanmodifier.RequiresReplace()},
			},
			"basic":    timingAttribute("When it runs (for smart types, the full backups).", true),
			"advanced": timingAttribute("When the increments run: required by the smart types (7 to 11), refused by the others.", false),
			"job_name": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "The name of a job the schedule is attached to, as the server reports it; unset leaves it to the server. Changing it replaces the schedule.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"advanced_id":          computedID("The ID of a smart schedule's advanced row (servers keep the two timings as two rows); null for the other types."),
			"description":          schema.StringAttribute{Computed: true, Description: "The server's text for the timing (\"[Basic] Start working at 03:00 every day.\").", PlanModifiers: keepString},
			"advanced_description": schema.StringAttribute{Computed: true, Description: "The server's text for a smart schedule's advanced timing.", PlanModifiers: keepString},
			"enabled": schema.BoolAttribute{Computed: true, Description: "Whether the server reports the schedule enabled.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}},
		},
	}
}

// scheduleTypeValidator accepts what zdm.ParseScheduleType reads.
type scheduleTypeValidator struct{}

func (scheduleTypeValidator) Description(context.Context) string {
	return `a schedule type: a display name ("Daily"), an alias ("daily") or a number from 0 to 11`
}

func (v scheduleTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v scheduleTypeValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	if t, err := zdm.ParseScheduleType(req.ConfigValue.ValueString()); err == nil && t != zdm.ScheduleUnknown {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid schedule type", strconv.Quote(req.ConfigValue.ValueString())+" is not "+v.Description(ctx)+".")
}

// request is the create request of the model's settings.
func (m *scheduleModel) request(ctx context.Context, diags *diag.Diagnostics) *zdm.CreateScheduleRequest {
	t, _ := zdm.ParseScheduleType(m.Type.ValueString())
	cr := &zdm.CreateScheduleRequest{Center: m.Center.ValueString(), Type: t, JobName: m.JobName.ValueString()}
	if b := timingOf(ctx, m.Basic, diags); b != nil {
		cr.Basic = *b
	}
	cr.Advanced = timingOf(ctx, m.Advanced, diags)
	return cr
}

// timingOf reads a timing attribute; nil when null or unknown.
func timingOf(ctx context.Context, o types.Object, diags *diag.Diagnostics) *zdm.ScheduleTiming {
	if !known(o) {
		return nil
	}
	var tm timingModel
	diags.Append(o.As(ctx, &tm, basetypes.ObjectAsOptions{})...)
	st := &zdm.ScheduleTiming{Time: tm.Time.ValueString(), Year: int(tm.Year.ValueInt64()), Interval: int(tm.Interval.ValueInt64())}
	for _, v := range intsOf(ctx, tm.Months, diags) {
		st.Months = append(st.Months, time.Month(v))
	}
	st.Weeks = intsOf(ctx, tm.Weeks, diags)
	for _, d := range stringsOf(ctx, tm.Weekdays, diags) {
		for i, name := range weekdayNames {
			if strings.EqualFold(d, name) {
				st.Weekdays = append(st.Weekdays, time.Weekday(i))
			}
		}
	}
	st.Dates = intsOf(ctx, tm.Dates, diags)
	return st
}

// intsOf reads a set of numbers, in order.
func intsOf(ctx context.Context, s types.Set, diags *diag.Diagnostics) []int {
	if !known(s) {
		return nil
	}
	var vs []int64
	diags.Append(s.ElementsAs(ctx, &vs, false)...)
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = int(v)
	}
	return out
}

// ValidateConfig checks, at plan time, that the timing fits the type
// (which parts it takes, one value or several), with the SDK's own
// checks: the request is handed to the SDK with nowhere to be sent.
func (r *scheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m scheduleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !known(m.Type) || m.Basic.IsUnknown() || m.Advanced.IsUnknown() || !wholeTiming(m.Basic) || !wholeTiming(m.Advanced) {
		return // checked when the values are known
	}
	if _, err := zdm.ParseScheduleType(m.Type.ValueString()); err != nil {
		return // the type's validator says so
	}
	cr := m.request(ctx, &resp.Diagnostics)
	if cr.Center == "" {
		cr.Center = "-" // unknown until apply: not what is checked here
	}
	if err := cr.Validate(); err != nil {
		field, msg := timingProblem(err)
		resp.Diagnostics.AddAttributeError(field, "Timing does not fit the schedule type", msg)
	}
}

// wholeTiming reports whether a timing object holds no unknown part.
func wholeTiming(o types.Object) bool {
	if o.IsNull() {
		return true
	}
	for _, v := range o.Attributes() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// sdkField is a field of a request the SDK names in an error
// ("CreateScheduleRequest.Basic.Weekdays").
var sdkField = strings.NewReplacer("CreateScheduleRequest.", "")

// timingProblem is the attribute and message of the SDK's refusal of a
// schedule request.
func timingProblem(err error) (path.Path, string) {
	msg := strings.TrimPrefix(err.Error(), zdm.ErrInvalidArgument.Error()+": ")
	msg = sdkField.Replace(msg)
	msg = strings.ReplaceAll(msg, "time.Sunday to time.Saturday", `"mon" to "sun"`)
	p := path.Root("basic")
	field, rest, _ := strings.Cut(msg, " ")
	parts := strings.Split(field, ".")
	switch {
	case len(parts) == 2 && (parts[0] == "Basic" || parts[0] == "Advanced"):
		p = path.Root(strings.ToLower(parts[0])).AtName(strings.ToLower(parts[1]))
		msg = strings.ToLower(parts[0]) + "." + strings.ToLower(parts[1]) + " " + rest
	case field == "Advanced":
		p = path.Root("advanced")
		msg = "advanced " + rest
	}
	return p, msg + "."
}

// Create registers the schedule and reads it back.
func (r *scheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := decode[scheduleModel](ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	cr := plan.request(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sc, cresp, err := r.client.Schedules.Create(ctx, cr)
	logCall(ctx, "register the schedule", cresp, err)
	if err != nil {
		addError(&resp.Diagnostics, "Could not register the schedule", err, nil, "")
		return
	}
	plan.ID = types.StringValue(strconv.FormatInt(sc.ID, 10))
	plan.AdvancedID = types.StringNull()
	if sc.Advanced != nil && sc.Advanced.ID != 0 {
		plan.AdvancedID = types.StringValue(strconv.FormatInt(sc.Advanced.ID, 10))
	}
	if !r.refresh(ctx, plan, &resp.Diagnostics) {
		resp.Diagnostics.AddWarning("Schedule may be left behind", "The schedule "+plan.ID.ValueString()+
			" was registered but could not be read back; it is not in Terraform's state: import it (terraform import <resource address> "+plan.ID.ValueString()+") or delete it.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// refresh reads the schedule (and its advanced row) into m; false, with
// an error, when it could not; m.ID null when it is gone.
func (r *scheduleResource) refresh(ctx context.Context, m *scheduleModel, diags *diag.Diagnostics) bool {
	id, _ := parseID(m.ID.ValueString())
	sc, gresp, err := r.client.Schedules.Get(ctx, id)
	logCall(ctx, "read the schedule", gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		m.ID = types.StringNull()
		return true
	case err != nil:
		addError(diags, "Could not read the schedule "+m.ID.ValueString(), err, nil, "")
		return false
	}
	if m.Center.IsNull() || m.Center.IsUnknown() {
		m.Center = types.StringValue(sc.Center.Name)
		if sc.Center.Name == "" {
			m.Center = types.StringValue(idText(sc.Center.ID))
		}
	}
	if sc.Type != zdm.ScheduleUnknown {
		m.Type = spelled(scheduleTypeSpelling, sc.Type.String())
	}
	m.JobName = types.StringValue(sc.JobName)
	m.Description = types.StringValue(sc.Description)
	m.Enabled = types.BoolValue(sc.Enabled())
	m.AdvancedDescription = types.StringNull()
	if adv, ok := parseID(m.AdvancedID.ValueString()); ok {
		asc, aresp, err := r.client.Schedules.Get(ctx, adv)
		logCall(ctx, "read the schedule's advanced row", aresp, err)
		switch {
		case errors.Is(err, zdm.ErrNotFound):
			m.AdvancedID = types.StringNull()
		case err != nil:
			addError(diags, "Could not read the advanced row "+m.AdvancedID.ValueString()+" of schedule "+m.ID.ValueString(), err, nil, "")
			return false
		default:
			m.AdvancedDescription = types.StringValue(asc.Description)
		}
	} else if m.AdvancedID.IsUnknown() {
		m.AdvancedID = types.StringNull()
	}
	return true
}

// Read refreshes the schedule; one the server no longer has leaves the
// state.
func (r *scheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := decode[scheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	id := state.ID.ValueString()
	if !r.refresh(ctx, state, &resp.Diagnostics) {
		return
	}
	if state.ID.IsNull() {
		resp.Diagnostics.AddWarning("Schedule gone", "The schedule "+id+" no longer exists on the server; Terraform will plan to register it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update only adopts a timing an import could not read (every other
// change replaces the schedule): nothing is sent.
func (r *scheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, _ := decode[scheduleModel](ctx, req.Plan, &resp.Diagnostics)
	state, ok := decode[scheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ID, plan.AdvancedID = state.ID, state.AdvancedID
	plan.Description, plan.AdvancedDescription, plan.Enabled = state.Description, state.AdvancedDescription, state.Enabled
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete removes the schedule (both rows of a smart one); one already
// gone is deleted. A schedule a job still uses is refused by the server.
func (r *scheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := decode[scheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	for _, v := range []types.String{state.AdvancedID, state.ID} {
		if id, ok := parseID(v.ValueString()); ok {
			deleteOrGone(ctx, "schedule "+v.ValueString(), func(ctx context.Context) (*zdm.Response, error) {
				return r.client.Schedules.Delete(ctx, id)
			}, &resp.Diagnostics)
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}
}

// ImportState adopts a schedule by its ID ("7"), or a smart schedule by
// its two IDs ("12,13": the basic row's and the advanced row's). Servers
// never return the timing: the next apply adopts the configured one in
// place, sending nothing.
func (r *scheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	basic, advanced, smart := strings.Cut(strings.TrimSpace(req.ID), ",")
	id, ok := parseID(strings.TrimSpace(basic))
	adv, advOK := parseID(strings.TrimSpace(advanced))
	if !ok || (smart && !advOK) {
		resp.Diagnostics.AddError("Invalid import ID",
			"Expected a schedule ID (7), or a smart schedule's two IDs, basic then advanced (12,13); got "+strconv.Quote(req.ID)+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	if smart {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("advanced_id"), strconv.FormatInt(adv, 10))...)
	}
	resp.Diagnostics.AddWarning("Schedule timing not imported",
		"Servers never return a schedule's timing: the next apply records the configured basic (and advanced) timing in place, sending nothing. "+
			"Check that it is the schedule's: its description says when it runs.")
}
