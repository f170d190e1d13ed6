package zdm

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// ScheduleType is the kind of a schedule, 0 to 11 as the servers number
// them. Types 0 to 6 are basic schedules (backups in full or increment
// mode, and recoveries); 7 to 11 are smart schedules (backups in smart
// mode only), which pair a basic timing (the full backups) with an
// advanced one (the increments).
type ScheduleType int

// The schedule types. String gives the name servers display.
const (
	ScheduleOnce                ScheduleType = iota // "Once": one date and time
	ScheduleEveryMinute                             // "Every Minute": every Interval minutes
	ScheduleHourly                                  // "Hourly": every Interval hours
	ScheduleDaily                                   // "Daily": every day at Time
	ScheduleWeekly                                  // "Weekly": on Weekdays
	ScheduleMonthlyWeekday                          // "Monthly (Specific Week and Day of the Week)"
	ScheduleMonthlyDate                             // "Monthly on Specific Date"
	ScheduleSmartWeekly                             // "Smart Weekly (Specific Day of the Week)"
	ScheduleSmartMonthlyWeekday                     // "Smart Monthly (Specific Week and Day of the Week)"
	ScheduleSmartMonthlyDate                        // "Smart Monthly (Specific Date)"
	ScheduleSmartCustomWeekday                      // "Smart Custom (Specific Month, Week and Day of the Week)"
	ScheduleSmartCustomDate                         // "Smart Custom (Specific Month and Date)"
)

// ScheduleUnknown is the type of a schedule whose type the server did not
// know ("Unknown") or did not send.
const ScheduleUnknown ScheduleType = -1

// scheduleNames are the display names (String) and the lowercase aliases
// the list filter of older servers takes.
var scheduleNames = [...]struct{ display, alias string }{
	{"Once", "once"},
	{"Every Minute", "every_minute"},
	{"Hourly", "hourly"},
	{"Daily", "daily"},
	{"Weekly", "weekly"},
	{"Monthly (Specific Week and Day of the Week)", "monthly_week"},
	{"Monthly on Specific Date", "monthly_date"},
	{"Smart Weekly (Specific Day of the Week)", "smart_weekly"},
	{"Smart Monthly (Specific Week and Day of the Week)", "smart_monthly_week"},
	{"Smart Monthly (Specific Date)", "smart_monthly_date"},
	{"Smart Custom (Specific Month, Week and Day of the Week)", "smart_custom_week"},
	{"Smart Custom (Specific Month and Date)", "smart_custom_date"},
}

// String returns the name servers display for the type ("Daily", "Smart
// Weekly (Specific Day of the Week)"), "Unknown" for ScheduleUnknown.
func (t ScheduleType) String() string {
	switch {
	case t.valid():
		return scheduleNames[t].display
	case t == ScheduleUnknown:
		return "Unknown"
	}
	return "ScheduleType(" + strconv.Itoa(int(t)) + ")"
}

// Smart reports whether the type is a smart schedule (7 to 11), which
// needs an advanced timing beside the basic one.
func (t ScheduleType) Smart() bool { return t >= ScheduleSmartWeekly && t <= ScheduleSmartCustomDate }

func (t ScheduleType) valid() bool { return t >= ScheduleOnce && t <= ScheduleSmartCustomDate }

// ParseScheduleType reads a schedule type as servers and users write it:
// its number ("3"), its display name ("Daily", "Monthly on Specific
// Date") or its lowercase alias ("daily", "monthly_date"), in any case
// and spacing. Anything else is an error wrapping ErrInvalidArgument.
func ParseScheduleType(s string) (ScheduleType, error) {
	if t, ok := scheduleTypeOf(s); ok && t.valid() {
		return t, nil
	}
	return ScheduleUnknown, invalidArg("schedule type %.60q is unknown: expected 0 to 11, a display name such as \"Daily\" or an alias such as \"daily\"", s)
}

// scheduleTypeOf is ParseScheduleType, with "Unknown", "-" and "" read as
// ScheduleUnknown (ok).
func scheduleTypeOf(s string) (ScheduleType, bool) {
	s = strings.TrimSpace(s)
	if s == "" || placeholder(s) {
		return ScheduleUnknown, true
	}
	if n, err := strconv.Atoi(s); err == nil {
		t := ScheduleType(n)
		return t, t.valid() || t == ScheduleUnknown
	}
	key := squash(s)
	for i, n := range scheduleNames {
		if key == squash(n.display) || key == squash(n.alias) {
			return ScheduleType(i), true
		}
	}
	return ScheduleUnknown, false
}

// squash lowercases s and drops everything but letters and digits, so
// that "Every Minute", "every_minute" and "everyminute" compare equal.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UnmarshalJSON reads a number (0 to 11, or -1), a display name or an
// alias, like ParseScheduleType; "Unknown", "-" and null read
// ScheduleUnknown.
func (t *ScheduleType) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	if err != nil {
		return err
	}
	v, ok := scheduleTypeOf(s)
	if !ok {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf("%.40q (not a schedule type)", s), Type: scheduleTypeType}
	}
	*t = v
	return nil
}

var scheduleTypeType = reflect.TypeFor[ScheduleType]()

// ScheduleState is whether a schedule is enabled.
type ScheduleState string

// The schedule states. Answers spell them "Enabled", "enabled" or 1; the
// model reads them all as these.
const (
	ScheduleEnabled  ScheduleState = "enabled"
	ScheduleDisabled ScheduleState = "disabled"
)

var scheduleStates = []ScheduleState{ScheduleEnabled, ScheduleDisabled}

// scheduleStateOf reads a state as sent: the words in any case, 1 and 0
// (create answers of 2.0.x); placeholders read "".
func scheduleStateOf(t known) ScheduleState {
	s := strings.ToLower(strings.TrimSpace(string(t)))
	switch {
	case s == "1" || s == "enabled" || s == "active" || s == "true":
		return ScheduleEnabled
	case s == "0" || s == "disabled" || s == "inactive" || s == "false":
		return ScheduleDisabled
	}
	return ScheduleState(s)
}

// Schedule is a schedule as List, Get and Create return it. Servers do
// not send a schedule's timing back: only its type, state and the
// Description they write from it. A smart schedule is two rows (its basic
// and its advanced timing), each with its own ID.
type Schedule struct {
	// ID is the schedule's ID.
	ID int64 `json:"id"`
	// Center is the center the schedule belongs to (lists and gets).
	Center CenterRef `json:"center"`
	// Type is the schedule's type; ScheduleUnknown when the server did
	// not know it.
	Type ScheduleType `json:"type"`
	// State is ScheduleEnabled or ScheduleDisabled ("" when not known).
	State ScheduleState `json:"state"`
	// JobName is the job the schedule runs, "" when none.
	JobName string `json:"jobName"`
	// LastRunTime is when the schedule last ran, as sent (RFC 3339 with
	// the server's offset for a zone-less time); "" when it never did.
	LastRunTime string `json:"lastRunTime"`
	// Description is the server's text for the timing ("[Basic] Start
	// working at 03:00 every day."), as sent; its wording varies.
	Description string `json:"description"`
	// Advanced is the advanced (increment) half of a smart schedule, as
	// Create returns it; nil otherwise (lists show it as its own row).
	Advanced *Schedule `json:"advanced,omitempty"`
}

// Enabled reports whether the schedule is enabled.
func (s Schedule) Enabled() bool { return s.State == ScheduleEnabled }

// LastRun reads LastRunTime; ok is false when the schedule never ran.
func (s Schedule) LastRun() (time.Time, bool) { return parseTime(s.LastRunTime, nil) }

// CenterRef names a center by ID and name.
type CenterRef struct {
	// ID is the center's ID; 0 when not known.
	ID int64 `json:"id"`
	// Name is the center's name; "" when not known.
	Name string `json:"name"`
}

// CreateScheduleRequest registers a schedule (POST {api}/schedules).
// Center, Type and Basic are required, and Advanced for smart types; each
// type takes the parts of a timing listed at [ScheduleTiming], and refuses
// the others.
type CreateScheduleRequest struct {
	// Center is the center it belongs to, by ID or name. Required.
	Center string
	// Type is the schedule's type, ScheduleOnce to ScheduleSmartCustomDate.
	Type ScheduleType
	// Basic is the timing: of the full backups for smart types. Smart
	// types take one value of each part here.
	Basic ScheduleTiming
	// Advanced is the timing of the increments, required for smart types
	// (several values of a part allowed) and refused for the others.
	Advanced *ScheduleTiming
	// JobName attaches the schedule to the job of this name; "" attaches
	// it to none.
	JobName string
	// User is the ZDM user it is registered for, by ID or email; "" leaves
	// it to the server.
	User string
}

// ScheduleTiming is when a schedule runs. Time is required by every type;
// the other parts by these types (and refused by the rest):
//
//	ScheduleOnce                  Year, Months (one), Dates (one)
//	ScheduleEveryMinute           Interval (minutes)
//	ScheduleHourly                Interval (hours)
//	ScheduleDaily                 -
//	ScheduleWeekly                Weekdays
//	ScheduleMonthlyWeekday        Weeks, Weekdays
//	ScheduleMonthlyDate           Dates
//	ScheduleSmartWeekly           Weekdays
//	ScheduleSmartMonthlyWeekday   Weeks, Weekdays
//	ScheduleSmartMonthlyDate      Dates
//	ScheduleSmartCustomWeekday    Months, Weeks, Weekdays
//	ScheduleSmartCustomDate       Months, Dates
type ScheduleTiming struct {
	// Time is the time of day, "HH:mm" ("00:00" to "23:59").
	Time string
	// Year is the year of a ScheduleOnce.
	Year int
	// Months are months of the year.
	Months []time.Month
	// Weeks are weeks of the month, 1 to 5 (5 is the last week).
	Weeks []int
	// Weekdays are days of the week.
	Weekdays []time.Weekday
	// Dates are days of the month, 1 to 31.
	Dates []int
	// Interval is every how many minutes (ScheduleEveryMinute) or hours
	// (ScheduleHourly) it runs, 1 or more.
	Interval int
}

// timingPart is a part of a timing, for the table of what each type takes.
type timingPart uint8

const (
	partYear timingPart = 1 << iota
	partMonths
	partWeeks
	partWeekdays
	partDates
	partInterval
)

// scheduleParts is what each type takes besides Time.
var scheduleParts = [...]timingPart{
	ScheduleOnce:                partYear | partMonths | partDates,
	ScheduleEveryMinute:         partInterval,
	ScheduleHourly:              partInterval,
	ScheduleDaily:               0,
	ScheduleWeekly:              partWeekdays,
	ScheduleMonthlyWeekday:      partWeeks | partWeekdays,
	ScheduleMonthlyDate:         partDates,
	ScheduleSmartWeekly:         partWeekdays,
	ScheduleSmartMonthlyWeekday: partWeeks | partWeekdays,
	ScheduleSmartMonthlyDate:    partDates,
	ScheduleSmartCustomWeekday:  partMonths | partWeeks | partWeekdays,
	ScheduleSmartCustomDate:     partMonths | partDates,
}

// Validate reports what Schedules.Create would refuse in r before
// sending it: an error wrapping ErrInvalidArgument that names the field
// and what it expected, or nil. It lets a caller (a Terraform provider at
// plan time, a form) check a schedule without a client or a server.
func (r *CreateScheduleRequest) Validate() error { return r.validate() }

func (r *CreateScheduleRequest) validate() error {
	const what = "CreateScheduleRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	if !r.Type.valid() {
		return invalidArg("%s.Type %d is not a schedule type: expected ScheduleOnce (0) to ScheduleSmartCustomDate (11)", what, int(r.Type))
	}
	rules := []rule{
		{"Center", requiredText(r.Center)},
		{"JobName", optional(r.JobName)},
		{"User", optional(r.User)},
	}
	// Smart types take single values in Basic; a ScheduleOnce is one date.
	single := r.Type.Smart() || r.Type == ScheduleOnce
	rules = append(rules, r.Basic.rules("Basic.", r.Type, single)...)
	switch {
	case r.Type.Smart() && r.Advanced == nil:
		rules = append(rules, rule{"Advanced", fmt.Sprintf("is required by %s: smart schedules need the increments' timing", r.Type)})
	case r.Type.Smart():
		rules = append(rules, r.Advanced.rules("Advanced.", r.Type, false)...)
	case r.Advanced != nil:
		rules = append(rules, rule{"Advanced", fmt.Sprintf("is set for %s: only smart types (7 to 11) take one", r.Type)})
	}
	return check(what, rules...)
}

// rules checks a timing for type t; single asks for one value per part.
func (s *ScheduleTiming) rules(prefix string, t ScheduleType, single bool) []rule {
	parts := scheduleParts[t]
	rules := []rule{
		{prefix + "Time", clock(s.Time)},
		{prefix + "Year", timingInts(t, parts&partYear != 0, true, "a year such as 2026", 1000, 9999, s.Year)},
		{prefix + "Months", timingInts(t, parts&partMonths != 0, single, "months 1 to 12", 1, 12, months(s.Months)...)},
		{prefix + "Weeks", timingInts(t, parts&partWeeks != 0, single, "weeks 1 to 5 (5 is the last)", 1, 5, s.Weeks...)},
		{prefix + "Weekdays", timingInts(t, parts&partWeekdays != 0, single, "time.Sunday to time.Saturday", 0, 6, weekdays(s.Weekdays)...)},
		{prefix + "Dates", timingInts(t, parts&partDates != 0, single, "days of the month 1 to 31", 1, 31, s.Dates...)},
		{prefix + "Interval", timingInts(t, parts&partInterval != 0, true, "1 or more", 1, 1<<30, s.Interval)},
	}
	if t == ScheduleOnce && len(s.Months) == 1 && len(s.Dates) == 1 && s.Year > 0 {
		if d := time.Date(s.Year, s.Months[0], s.Dates[0], 0, 0, 0, 0, time.UTC); d.Day() != s.Dates[0] {
			rules = append(rules, rule{prefix + "Dates", fmt.Sprintf("%d is not a day of %s %d", s.Dates[0], s.Months[0], s.Year)})
		}
	}
	return rules
}

// timingInts checks the values of one part: needed or refused by t, one
// value when single, each within lo..hi. A zero value alone is unset.
func timingInts(t ScheduleType, needed, single bool, expected string, lo, hi int, vs ...int) string {
	set := len(vs) > 0 && !(len(vs) == 1 && vs[0] == 0 && lo > 0)
	switch {
	case !needed && set:
		return fmt.Sprintf("is not used by %s: leave it unset", t)
	case !needed:
		return ""
	case !set:
		return fmt.Sprintf("is required by %s: expected %s", t, expected)
	case single && len(vs) > 1:
		return fmt.Sprintf("has %d values: %s takes one here", len(vs), t)
	}
	for _, v := range vs {
		if v < lo || v > hi {
			return fmt.Sprintf("holds %d: expected %s", v, expected)
		}
	}
	return ""
}

func months(ms []time.Month) []int {
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = int(m)
	}
	return out
}

func weekdays(ds []time.Weekday) []int {
	out := make([]int, len(ds))
	for i, d := range ds {
		out[i] = int(d)
	}
	return out
}

// clock is the rule of a time of day, "HH:mm".
func clock(s string) string {
	if s == "" {
		return `is required: expected a time of day "HH:mm" such as "03:00"`
	}
	if len(s) != 5 || s[2] != ':' || !allDigits(s[:2]) || !allDigits(s[3:]) || s[:2] > "23" || s[3:] > "59" {
		return fmt.Sprintf(`%q is not a time of day: expected "HH:mm", "00:00" to "23:59"`, s)
	}
	return ""
}

// wireTiming is a timing as servers take it: every value text, lists
// comma-joined.
type wireTiming struct {
	Year     string        `json:"year,omitempty"`
	Month    string        `json:"month,omitempty"`
	Week     string        `json:"week,omitempty"`
	Day      string        `json:"day,omitempty"`
	Time     string        `json:"time"`
	Interval *wireInterval `json:"interval,omitempty"`
}

type wireInterval struct {
	Minute string `json:"minute,omitempty"`
	Hour   string `json:"hour,omitempty"`
}

// weekdayWords are the weekdays as servers from 1.0.3 of 2026-01 on take
// them; servers of the draft API take "0" (Sunday) to "6".
var weekdayWords = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// wire shapes the timing for type t and generation gen.
func (s *ScheduleTiming) wire(t ScheduleType, gen Generation) *wireTiming {
	w := &wireTiming{Time: s.Time, Month: joinInts(months(s.Months)), Week: joinInts(s.Weeks), Day: joinInts(s.Dates)}
	if s.Year > 0 {
		w.Year = strconv.Itoa(s.Year)
	}
	if len(s.Weekdays) > 0 {
		days := make([]string, len(s.Weekdays))
		for i, d := range s.Weekdays {
			days[i] = weekdayWords[d]
			if gen == GenerationDraft {
				days[i] = strconv.Itoa(int(d))
			}
		}
		w.Day = strings.Join(days, ",")
	}
	switch {
	case t == ScheduleEveryMinute:
		w.Interval = &wireInterval{Minute: strconv.Itoa(s.Interval)}
	case t == ScheduleHourly:
		w.Interval = &wireInterval{Hour: strconv.Itoa(s.Interval)}
	}
	return w
}

func joinInts(vs []int) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

// wireCreateSchedule is the body of POST /schedules.
type wireCreateSchedule struct {
	Center   string      `json:"center"`
	User     string      `json:"user,omitempty"`
	JobName  string      `json:"jobName,omitempty"`
	Type     int         `json:"type"`
	Basic    *wireTiming `json:"basic"`
	Advanced *wireTiming `json:"advanced,omitempty"`
}

// wireScheduleRow is a schedule row (lists, gets, and the halves of a
// create answer, whose type and state 2.0.x servers send as numbers).
type wireScheduleRow struct {
	ID     id `json:"id"`
	Center struct {
		ID   id    `json:"id"`
		Name known `json:"name"`
	} `json:"center"`
	Type        known      `json:"type"`
	State       known      `json:"state"`
	JobName     known      `json:"jobName"`
	LastRunTime knownStamp `json:"lastRunTime"`
	Description known      `json:"description"`
}

func (w *wireScheduleRow) model(t *times) Schedule {
	typ, _ := scheduleTypeOf(string(w.Type))
	return Schedule{
		ID: int64(w.ID), Center: CenterRef{ID: int64(w.Center.ID), Name: string(w.Center.Name)},
		Type: typ, State: scheduleStateOf(w.State), JobName: string(w.JobName),
		LastRunTime: t.of(w.LastRunTime.stamp), Description: string(w.Description),
	}
}

// wireCreatedSchedule is the data of a create answer: the basic row, and
// the advanced one for smart types (a placeholder text otherwise, in some
// answers).
type wireCreatedSchedule struct {
	Basic    wireScheduleRow `json:"basic"`
	Advanced wireAdvancedRow `json:"advanced"`
}

// wireAdvancedRow is a create answer's advanced half: a row, or a text
// that reads as none.
type wireAdvancedRow struct{ row *wireScheduleRow }

// UnmarshalJSON implements [json.Unmarshaler].
func (a *wireAdvancedRow) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	a.row = new(wireScheduleRow)
	return json.Unmarshal(b, a.row)
}

func (w *wireCreatedSchedule) model(t *times) *Schedule {
	s := w.Basic.model(t)
	if w.Advanced.row != nil {
		a := w.Advanced.row.model(t)
		s.Advanced = &a
	}
	return &s
}
