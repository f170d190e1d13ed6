package zdmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// The schedules of the world: GET and POST {api}/schedules, GET and
// DELETE {api}/schedules/:id, and the schedules jobs are registered
// with.

var (
	weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	weekdayKeys  = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	weekNames    = []string{"First Week", "Second Week", "Third Week", "Fourth Week", "Last Week"}
)

// scheduleAliases are the lowercase names of the types the draft API
// shows and list filters take ("daily", "monthly_date").
var scheduleAliases = [...]string{"once", "every_minute", "hourly", "daily", "weekly", "monthly_week", "monthly_date",
	"smart_weekly", "smart_monthly_week", "smart_monthly_date", "smart_custom_week", "smart_custom_date"}

// scheduleAlias is the lowercase name of a type, "unknown" for none.
func scheduleAlias(t zdm.ScheduleType) string {
	if t < 0 || int(t) >= len(scheduleAliases) {
		return "unknown"
	}
	return scheduleAliases[t]
}

// schedProblem is a refused timing: its status, code, field and message.
type schedProblem struct {
	status      int
	code, field string
	en          string
}

// list splits a comma list, spaces dropped.
func list(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// weekdayIndex reads a weekday ("mon", any case, or the draft's "0"
// (Sunday) to "6") as 0 (Monday) to 6, or -1: servers refuse "monday".
func weekdayIndex(v string) int {
	v = strings.ToLower(strings.TrimSpace(v))
	if len(v) == 1 && v[0] >= '0' && v[0] <= '6' {
		return (int(v[0]-'0') + 6) % 7
	}
	for i, k := range weekdayKeys {
		if v == k {
			return i
		}
	}
	return -1
}

// timingProblem checks a timing for its type, as the servers do
// (SCHEDULE-ERROR-16, -19, -22, -23, -30), or returns nil.
func timingProblem(t zdm.ScheduleType, tm Timing) *schedProblem {
	bad := func(status int, code, field, format string, args ...any) *schedProblem {
		return &schedProblem{status: status, code: code, field: field, en: fmt.Sprintf(format, args...)}
	}
	if tm.Time == "" {
		return bad(http.StatusUnprocessableEntity, "DTO-VALIDATION-01", "time", "basic schedule validation failed (type: %d): time: time is required", int(t))
	}
	if len(tm.Time) != 5 || tm.Time[2] != ':' || !isDigits(tm.Time[:2]) || !isDigits(tm.Time[3:]) || tm.Time[:2] > "23" || tm.Time[3:] > "59" {
		return bad(http.StatusBadRequest, "SCHEDULE-ERROR-16", "time", "time must be in 'HH:mm' format (00:00 ~ 23:59).")
	}
	ints := func(field, v string, lo, hi int, code string) *schedProblem {
		for _, x := range list(v) {
			if n, err := strconv.Atoi(x); err != nil || n < lo || n > hi {
				return bad(http.StatusBadRequest, code, field, "%s must be between %d and %d.", field, lo, hi)
			}
		}
		return nil
	}
	if p := ints("month", tm.Month, 1, 12, "SCHEDULE-ERROR-30"); p != nil {
		return p
	}
	if p := ints("week", tm.Week, 1, 5, "SCHEDULE-ERROR-24"); p != nil {
		return p
	}
	weekdays := t == zdm.ScheduleWeekly || t == zdm.ScheduleMonthlyWeekday || t == zdm.ScheduleSmartWeekly ||
		t == zdm.ScheduleSmartMonthlyWeekday || t == zdm.ScheduleSmartCustomWeekday
	if weekdays {
		for _, d := range list(tm.Day) {
			if weekdayIndex(d) < 0 {
				return bad(http.StatusUnprocessableEntity, "SCHEDULE-ERROR-22", "day", "day must be one of: mon, tue, wed, thu, fri, sat, sun.")
			}
		}
	} else if p := ints("day", tm.Day, 1, 31, "SCHEDULE-ERROR-19"); p != nil {
		return p
	}
	if tm.Interval != nil {
		if p := ints("interval", tm.Interval.Minute+tm.Interval.Hour, 1, 1<<30, "SCHEDULE-ERROR-12"); p != nil {
			return p
		}
	}
	return nil
}

// describeSchedule is the English description servers give a timing.
func describeSchedule(t zdm.ScheduleType, tm Timing, advanced bool) string {
	prefix := "[Basic] "
	if advanced {
		prefix = "[Advanced] "
	}
	days := func() string {
		var out []string
		for _, d := range list(tm.Day) {
			if i := weekdayIndex(d); i >= 0 {
				out = append(out, weekdayNames[i])
			}
		}
		return strings.Join(out, ", ")
	}
	weeks := func() string {
		var out []string
		for _, w := range list(tm.Week) {
			if n, err := strconv.Atoi(w); err == nil && n >= 1 && n <= 5 {
				out = append(out, weekNames[n-1])
			}
		}
		return strings.Join(out, ", ")
	}
	months := func() string {
		var out []string
		for _, m := range list(tm.Month) {
			if n, err := strconv.Atoi(m); err == nil && n >= 1 && n <= 12 {
				out = append(out, time.Month(n).String())
			}
		}
		return strings.Join(out, ", ")
	}
	dates := strings.Join(list(tm.Day), ", ")
	every := func(v string) string {
		if tm.Interval == nil {
			return "1"
		}
		return or(v, "1")
	}
	at := tm.Time
	switch t {
	case zdm.ScheduleOnce:
		return fmt.Sprintf("%sStart working on %02s/%02s/%s %s.", prefix, tm.Day, tm.Month, tm.Year, at)
	case zdm.ScheduleEveryMinute:
		return fmt.Sprintf("%sStart working at %s every %s Minute.", prefix, at, every(intervalOf(tm).Minute))
	case zdm.ScheduleHourly:
		return fmt.Sprintf("%sStart working at %s every %s Hour.", prefix, at, every(intervalOf(tm).Hour))
	case zdm.ScheduleDaily:
		return fmt.Sprintf("%sStart working at %s every day.", prefix, at)
	case zdm.ScheduleWeekly:
		return fmt.Sprintf("%sStart working at %s %s every week.", prefix, at, days())
	case zdm.ScheduleMonthlyWeekday, zdm.ScheduleSmartMonthlyWeekday:
		return fmt.Sprintf("%sStart working at %s %s / %s every month.", prefix, at, weeks(), days())
	case zdm.ScheduleMonthlyDate, zdm.ScheduleSmartMonthlyDate:
		return fmt.Sprintf("%sStart working at %s %s every month.", prefix, at, dates)
	case zdm.ScheduleSmartWeekly:
		return fmt.Sprintf("%sStart working every %s at %s", prefix, days(), at)
	case zdm.ScheduleSmartCustomWeekday:
		return fmt.Sprintf("%sStart working at %s %s / %s / %s.", prefix, at, months(), weeks(), days())
	case zdm.ScheduleSmartCustomDate:
		return fmt.Sprintf("%sStart working at %s %s / %s.", prefix, at, months(), dates)
	}
	return "-"
}

func intervalOf(tm Timing) Interval {
	if tm.Interval == nil {
		return Interval{}
	}
	return *tm.Interval
}

// display is a schedule row as registration and update answers show it
// ({id, type, description}; the draft's without id).
func (sc *scheduleRow) display(withID bool) obj {
	o := obj{}
	if withID {
		o = append(o, field{"id", sc.spec.ID})
	}
	return append(o, field{"type", sc.spec.Type.String()}, field{"description", sc.description})
}

// listShape is the schedule as job lists show it: string id, lowercase
// type.
func (sc *scheduleRow) listShape() obj {
	return obj{{"id", strconv.Itoa(sc.spec.ID)}, {"type", scheduleAlias(sc.spec.Type)}, {"description", sc.description}}
}

// usersLocked counts the jobs that use a schedule row: backups (basic or
// advanced) and recoveries.
func (s *Server) usersLocked(sc *scheduleRow) (backups, recoveries int) {
	for _, j := range s.backups.sorted(false) {
		if j.attrs.sched == sc || j.backup.advanced == sc {
			backups++
		}
	}
	for _, j := range s.recoveries.sorted(false) {
		if j.attrs.sched == sc {
			recoveries++
		}
	}
	return backups, recoveries
}

// scheduleItem is one row as the schedule routes show it.
func (s *Server) scheduleItem(sc *scheduleRow) obj {
	seed := s.cfg.dialect == DialectDraft
	c := s.centerNamedLocked(sc.spec.Center)
	center := obj{{"id", "-"}, {"name", "-"}}
	if c != nil {
		center = obj{{"id", strconv.Itoa(c.spec.ID)}, {"name", c.spec.Name}}
	}
	typ, state, desc := sc.spec.Type.String(), "Enabled", sc.description
	if sc.spec.Disabled {
		state = "Disabled"
	}
	if seed {
		typ, state = scheduleAlias(sc.spec.Type), strings.ToLower(state)
		if sc.spec.Type == zdm.ScheduleDaily {
			desc = "Every day at " + sc.spec.Time
		}
	}
	last := "-"
	if !sc.lastRun.IsZero() {
		last = s.cfg.dataTime(sc.lastRun)
	}
	return obj{{"id", strconv.Itoa(sc.spec.ID)}, {"center", center}, {"type", typ}, {"state", state},
		{"jobName", orDash(sc.spec.JobName)}, {"lastRunTime", last}, {"description", desc}}
}

// handleSchedules answers GET {api}/schedules.
func (s *Server) handleSchedules(r *http.Request, _ []string, now time.Time) reply {
	keys := []string{"id", "jobName", "type", "state", "page", "limit", "sort", "center"}
	qr := s.newQuery(r.URL.Query(), keys, "")
	id, jobName, center := qr.str("id"), qr.str("jobName"), qr.str("center")
	state := qr.enum("state", "enabled", "disabled")
	typ := qr.str("type")
	pg, desc := qr.paging(), qr.sortDesc()
	if id != "" && !isDigits(id) {
		qr.fail("id", "id must be a number", "'id' 값은 숫자여야 합니다.")
	}
	want := zdm.ScheduleUnknown
	if typ != "" {
		t, err := zdm.ParseScheduleType(typ)
		if err != nil || isDigits(typ) {
			qr.fail("type", "type must be a schedule type such as daily or Daily", "유효하지 않은 'type' 값입니다.")
		}
		want = t
	}
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.centersExistLocked(center); p != nil {
		return s.errorReply(*p, now)
	}
	var rows []*scheduleRow
	for _, sc := range s.schedules {
		switch {
		case id != "" && id != strconv.Itoa(sc.spec.ID),
			jobName != "" && jobName != sc.spec.JobName,
			typ != "" && sc.spec.Type != want,
			state == "enabled" && sc.spec.Disabled, state == "disabled" && !sc.spec.Disabled,
			!s.matchesCenter(center, sc.spec.Center):
			continue
		}
		rows = append(rows, sc)
	}
	sortByID(rows, desc, func(r *scheduleRow) int { return r.spec.ID })
	return listPage(s, rows, pg, func(sc *scheduleRow) obj { return s.scheduleItem(sc) }, text{en: "Schedule information list"}, now)
}

// handleSchedule answers GET {api}/schedules/:id: digits only (anything
// else is not found, as Number() makes it NaN).
func (s *Server) handleSchedule(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := strconv.Atoi(id)
	sc := s.scheduleLocked(n)
	if err != nil || !isDigits(id) || sc == nil {
		return s.errorReply(s.scheduleNotFound(id), now)
	}
	return s.success(http.StatusOK, s.scheduleItem(sc), text{en: "Schedule information retrieved"}, now)
}

func (s *Server) scheduleNotFound(id string) problem {
	return problem{status: http.StatusNotFound, code: "SCHEDULE-ERROR-01", msg: text{
		en: "Schedule with ID '" + id + "' not found", ko: "ID가 '" + id + "'인 Schedule을 찾을 수 없습니다"}}
}

// scheduleBody is POST {api}/schedules' body.
type scheduleBody struct {
	Center   json.RawMessage `json:"center"`
	User     json.RawMessage `json:"user"`
	JobName  string          `json:"jobName"`
	Type     json.RawMessage `json:"type"`
	Basic    *Timing         `json:"basic"`
	Advanced *Timing         `json:"advanced"`
}

// scheduleType reads a type sent as a number (0 to 11) or, from 1.3.1
// on, a name; ok is false when it is neither.
func scheduleType(raw json.RawMessage) (zdm.ScheduleType, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return zdm.ScheduleUnknown, false
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil {
		if n != float64(int(n)) || n < 0 || n > 11 {
			return zdm.ScheduleUnknown, false
		}
		return zdm.ScheduleType(n), true
	}
	var name string
	if json.Unmarshal(raw, &name) == nil && !isDigits(name) {
		if t, err := zdm.ParseScheduleType(name); err == nil {
			return t, true
		}
	}
	return zdm.ScheduleUnknown, false
}

// smartMulti is the 409 for a smart type's basic timing with several
// weekdays (SCHEDULE-ERROR-23).
func smartMulti(t zdm.ScheduleType, tm Timing) *schedProblem {
	if !t.Smart() {
		return nil
	}
	days := list(tm.Day)
	if len(days) < 2 || t == zdm.ScheduleSmartMonthlyDate || t == zdm.ScheduleSmartCustomDate {
		return nil
	}
	names := make([]string, 0, len(days))
	for _, d := range days {
		if i := weekdayIndex(d); i >= 0 {
			names = append(names, weekdayNames[i])
		}
	}
	return &schedProblem{status: http.StatusConflict, code: "SCHEDULE-ERROR-23", field: "basic.day", en: t.String() +
		" type schedule does not allow multiple weekday selections in basic. (Currently selected weekdays: " + strings.Join(names, ", ") + ")"}
}

// schedProblemReply answers a refused timing.
func (s *Server) schedProblemReply(sp *schedProblem, prefix string, now time.Time) reply {
	if sp.status == http.StatusUnprocessableEntity && sp.code == "DTO-VALIDATION-01" {
		return s.errorReply(s.bodyProblem([]famErr{{field: prefix + sp.field, en: sp.en}}), now)
	}
	return s.errorReply(problem{status: sp.status, code: sp.code, msg: text{en: sp.en}}, now)
}

// handleCreateSchedule answers POST {api}/schedules: one row, or two
// (basic and advanced) for a smart type.
func (s *Server) handleCreateSchedule(r *http.Request, _ []string, now time.Time) reply {
	var b scheduleBody
	if p := s.readBody(r, &b); p != nil {
		return s.errorReply(*p, now)
	}
	center, hasCenter := identString(b.Center)
	t, okType := scheduleType(b.Type)
	var errs []famErr
	if !hasCenter {
		errs = append(errs, famErr{field: "center", en: "center is required"})
	}
	if !okType {
		errs = append(errs, famErr{field: "type", en: "invalid schedule type (must be 0 ~ 11)", ko: "유효한 스케줄 타입이 아닙니다. (0 ~ 11 만 가능)"})
	}
	if errs != nil {
		if s.cfg.dialect == DialectDraft {
			last := errs[len(errs)-1] // the type's, when both are wrong
			return s.errorReply(problem{status: http.StatusBadRequest, code: "VALIDATION_ERROR", msg: text{en: or(last.ko, last.en)}}, now)
		}
		return s.errorReply(s.bodyProblem(errs), now)
	}
	switch {
	case b.Basic == nil:
		return s.errorReply(problem{status: http.StatusBadRequest, code: "SCHEDULE-ERROR-02", msg: text{en: "basic schedule data is required"}}, now)
	case t.Smart() && b.Advanced == nil:
		return s.errorReply(problem{status: http.StatusBadRequest, code: "SCHEDULE-ERROR-02", msg: text{en: "Smart Schedule requires advanced data."}}, now)
	}
	for _, part := range []struct {
		name string
		tm   *Timing
	}{{"basic.", b.Basic}, {"advanced.", b.Advanced}} {
		if part.tm == nil || part.name == "advanced." && !t.Smart() {
			continue
		}
		if sp := timingProblem(t, *part.tm); sp != nil {
			return s.schedProblemReply(sp, part.name, now)
		}
	}
	if sp := smartMulti(t, *b.Basic); sp != nil {
		return s.schedProblemReply(sp, "", now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.centerByIdentLocked(center)
	if c == nil {
		return s.errorReply(s.centerNotFound(center), now)
	}
	basic := s.newScheduleLocked(c.spec.Name, t, *b.Basic, false, b.JobName)
	data := obj{{"basic", s.createdSchedule(basic)}}
	if t.Smart() {
		data = append(data, field{"advanced", s.createdSchedule(s.newScheduleLocked(c.spec.Name, t, *b.Advanced, true, b.JobName))})
	}
	if s.cfg.dialect == DialectDraft {
		return s.success(http.StatusCreated, data, text{en: "Schedule registered successfully"}, now)
	}
	return s.success(http.StatusOK, data, text{en: "Schedule data regist result"}, now)
}

// newScheduleLocked adds a checked schedule row to the world.
func (s *Server) newScheduleLocked(center string, t zdm.ScheduleType, tm Timing, advanced bool, jobName string) *scheduleRow {
	sc := ScheduleSpec{ID: s.nextScheduleID(), Center: center, Type: t, Timing: tm, Advanced: advanced, JobName: jobName}
	s.highID["schedule"] = sc.ID
	row := &scheduleRow{spec: sc, description: describeSchedule(t, tm, advanced)}
	s.schedules = append(s.schedules, row)
	return row
}

// createdSchedule is a new row as POST {api}/schedules answers it: the
// draft's strings, or numbers for type and state from 2.0.0 on.
func (s *Server) createdSchedule(sc *scheduleRow) obj {
	if s.cfg.dialect == DialectDraft {
		desc := sc.description
		if sc.spec.Type == zdm.ScheduleDaily {
			desc = "Every day at " + sc.spec.Time
		}
		return obj{{"id", strconv.Itoa(sc.spec.ID)}, {"type", scheduleAlias(sc.spec.Type)}, {"state", "enabled"}, {"description", desc}}
	}
	state := 1 // as the list shows it: an advanced row is enabled too
	if sc.spec.Disabled {
		state = 0
	}
	return obj{{"id", strconv.Itoa(sc.spec.ID)}, {"type", int(sc.spec.Type)}, {"state", state}, {"description", sc.description}}
}

// handleDeleteSchedule answers DELETE {api}/schedules/:id: digits only;
// a schedule a job uses is 409 SCHEDULE-ERROR-51.
func (s *Server) handleDeleteSchedule(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	if !isDigits(id) {
		return s.errorReply(s.problemDigitsOnly("Schedule"), now)
	}
	center, p := s.oneCenter(r)
	if p != nil {
		return s.errorReply(*p, now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n, _ := strconv.Atoi(id)
	sc := s.scheduleLocked(n)
	if sc == nil {
		return s.errorReply(s.scheduleNotFound(id), now)
	}
	if p := s.ownedBy(center, sc.spec.Center, "Schedule", id); p != nil {
		return s.errorReply(*p, now)
	}
	backups, recoveries := s.usersLocked(sc)
	if backups+recoveries > 0 {
		var users []string
		if backups > 0 {
			users = append(users, fmt.Sprintf("backup(%d)", backups))
		}
		if recoveries > 0 {
			users = append(users, fmt.Sprintf("recovery(%d)", recoveries))
		}
		return s.errorReply(problem{status: http.StatusConflict, code: "SCHEDULE-ERROR-51",
			msg: text{en: "Schedule ID '" + id + "' is referenced by: " + strings.Join(users, ", ")}}, now)
	}
	s.schedules = slices.DeleteFunc(s.schedules, func(o *scheduleRow) bool { return o == sc })
	return s.success(http.StatusOK, obj{{"id", sc.spec.ID}, {"name", or(sc.spec.JobName, "Schedule-"+id)},
		{"type", sc.spec.Type.String()}, {"description", sc.description}}, text{en: "Schedule has been successfully deleted"}, now)
}
