package zdm

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScheduleType_StringIsTheServersDisplayName(t *testing.T) {
	want := []string{"Once", "Every Minute", "Hourly", "Daily", "Weekly",
		"Monthly (Specific Week and Day of the Week)", "Monthly on Specific Date",
		"Smart Weekly (Specific Day of the Week)", "Smart Monthly (Specific Week and Day of the Week)",
		"Smart Monthly (Specific Date)", "Smart Custom (Specific Month, Week and Day of the Week)",
		"Smart Custom (Specific Month and Date)"}
	for i, name := range want {
		assert.Equal(t, name, ScheduleType(i).String())
		assert.Equal(t, i >= 7, ScheduleType(i).Smart(), name)
	}
	assert.Equal(t, ScheduleSmartCustomDate, ScheduleType(11))
	assert.Equal(t, "Unknown", ScheduleUnknown.String())
	assert.Equal(t, "ScheduleType(12)", ScheduleType(12).String())
}

func TestScheduleType_ReadsANumberADisplayNameOrAnAlias(t *testing.T) {
	for in, want := range map[string]ScheduleType{
		`3`: ScheduleDaily, `"3"`: ScheduleDaily, `"Daily"`: ScheduleDaily, `"daily"`: ScheduleDaily, `" DAILY "`: ScheduleDaily,
		`"monthly_date"`: ScheduleMonthlyDate, `"Monthly on Specific Date"`: ScheduleMonthlyDate,
		`"smart_weekly"`: ScheduleSmartWeekly, `"Smart Custom (Specific Month and Date)"`: ScheduleSmartCustomDate,
		`"every minute"`: ScheduleEveryMinute, `0`: ScheduleOnce,
		`"Unknown"`: ScheduleUnknown, `"-"`: ScheduleUnknown, `null`: ScheduleUnknown, `-1`: ScheduleUnknown,
	} {
		var got ScheduleType
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{`12`, `"Fortnightly"`, `{}`, `"3.5"`} {
		var got ScheduleType
		assert.Error(t, json.Unmarshal([]byte(in), &got), in)
	}
	typ, err := ParseScheduleType("Smart Monthly (Specific Week and Day of the Week)")
	require.NoError(t, err)
	assert.Equal(t, ScheduleSmartMonthlyWeekday, typ)
	for _, in := range []string{"", "Unknown", "11.0", "yearly"} {
		_, err := ParseScheduleType(in)
		assert.ErrorIs(t, err, ErrInvalidArgument, in)
	}
}

func TestSchedulesList_DecodesEveryGeneration(t *testing.T) {
	ctx := context.Background()
	t.Run("draft API: lowercase words", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET schedules": {200, "schedules_list_seed.json"}})
		list, _, err := fixtureClient(t, ts).Schedules.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, Schedule{ID: 1, Center: CenterRef{ID: 1, Name: "Main-Center"}, Type: ScheduleDaily, State: ScheduleEnabled,
			JobName: "daily-backup", LastRunTime: "2025-01-15T10:00:00Z", Description: "Every day at 10:00"}, *list[0])
		last, ok := list[0].LastRun()
		assert.True(t, ok)
		assert.Equal(t, 2025, last.Year())
	})
	t.Run("1.x/2.x: display names, a smart pair, an unknown row", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET schedules": {200, "schedules_list_v1.json"}})
		list, _, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC)).Schedules.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, list, 4)
		assert.Equal(t, ScheduleDaily, list[0].Type)
		assert.True(t, list[0].Enabled())
		assert.Equal(t, "2026-05-19T03:00:00Z", list[0].LastRunTime)
		assert.Equal(t, []ScheduleType{ScheduleSmartWeekly, ScheduleSmartWeekly}, []ScheduleType{list[1].Type, list[2].Type})
		assert.Equal(t, ScheduleDisabled, list[2].State)
		assert.False(t, list[2].Enabled())
		_, ran := list[1].LastRun()
		assert.False(t, ran, `"-": never ran`)
		u := list[3]
		assert.Equal(t, ScheduleUnknown, u.Type)
		assert.Empty(t, u.State)
		assert.Equal(t, CenterRef{}, u.Center, `{"id":"-","name":"-"} reads empty`)
		assert.Empty(t, u.JobName)
	})
	t.Run("3.0.0", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET schedules": {200, "schedules_list_v3.json"}})
		list, resp, err := fixtureClient(t, ts).Schedules.List(ctx, &ListSchedulesOptions{ListOptions: ListOptions{Limit: 20}})
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, ScheduleMonthlyDate, list[0].Type)
		assert.Equal(t, CenterRef{ID: 3, Name: "zdm-b"}, list[0].Center)
		assert.NotNil(t, resp.Pagination)
	})
}

func TestSchedulesList_SendsTheTypeFilterInTheServersWords(t *testing.T) {
	weekly, smart := ScheduleWeekly, ScheduleSmartMonthlyDate
	for _, tc := range []struct {
		name string
		gen  Generation
		opts *ListSchedulesOptions
		want string
	}{
		{"display name", GenerationV1, &ListSchedulesOptions{Type: &weekly}, "type=Weekly"},
		{"alias for the draft API", GenerationDraft, &ListSchedulesOptions{Type: &weekly}, "type=weekly"},
		{"3.0.0", GenerationV3, &ListSchedulesOptions{Type: &smart, State: ScheduleEnabled, Center: "zdm-b"},
			"center=zdm-b&state=enabled&type=Smart+Monthly+%28Specific+Date%29"},
		{"id, job, sort, page", GenerationV1, &ListSchedulesOptions{ListOptions: ListOptions{Page: 3, Limit: 5}, ID: 7, JobName: "daily", Sort: SortAscending},
			"id=7&jobName=daily&limit=5&page=3&sort=asc"},
		{"nothing", GenerationV1, &ListSchedulesOptions{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"GET schedules": {200, "schedules_list_v3.json"}})
			_, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Schedules.List(context.Background(), tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, sentQuery(t, ts))
		})
	}
	// The filter is read on every call: changing the type between calls
	// changes the query.
	ts := inventoryServer(t, map[string]route{"GET schedules": {200, "schedules_list_v3.json"}})
	c := fixtureClient(t, ts, WithServerGeneration(GenerationV1))
	typ := ScheduleDaily
	opts := &ListSchedulesOptions{Type: &typ}
	_, _, err := c.Schedules.List(context.Background(), opts)
	require.NoError(t, err)
	typ = ScheduleHourly
	_, _, err = c.Schedules.List(context.Background(), opts)
	require.NoError(t, err)
	reqs := ts.requests()
	assert.Equal(t, []string{"type=Daily", "type=Hourly"}, []string{reqs[0].Query, reqs[1].Query})
}

func TestSchedulesGet_ReadsOneByID(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"GET schedules/5": {200, "schedule_get_v1.json"}})
	s, _, err := fixtureClient(t, ts).Schedules.Get(context.Background(), 5)
	require.NoError(t, err)
	assert.Equal(t, int64(5), s.ID)
	assert.Equal(t, ScheduleMonthlyWeekday, s.Type)
	assert.Contains(t, s.Description, "Second Week")
}

func TestSchedulesCreate_DecodesEveryGeneration(t *testing.T) {
	daily := &CreateScheduleRequest{Center: "1", Type: ScheduleDaily, Basic: ScheduleTiming{Time: "10:00"}}
	smartWeekly := &CreateScheduleRequest{Center: "1", Type: ScheduleSmartWeekly,
		Basic:    ScheduleTiming{Time: "10:00", Weekdays: []time.Weekday{time.Monday}},
		Advanced: &ScheduleTiming{Time: "13:00", Weekdays: []time.Weekday{time.Tuesday, time.Friday}}}
	smartMonthly := &CreateScheduleRequest{Center: "zdm-b", Type: ScheduleSmartMonthlyWeekday,
		Basic:    ScheduleTiming{Time: "01:00", Weeks: []int{1}, Weekdays: []time.Weekday{time.Monday}},
		Advanced: &ScheduleTiming{Time: "13:00", Weeks: []int{1, 3}, Weekdays: []time.Weekday{time.Tuesday, time.Friday}}}
	for _, tc := range []struct {
		fixture  string
		req      *CreateScheduleRequest
		basic    Schedule
		advanced *Schedule
	}{
		{"schedule_create_seed.json", daily, Schedule{ID: 1, Type: ScheduleDaily, State: ScheduleEnabled, Description: "Every day at 10:00"}, nil},
		{"schedule_create_v2.json", daily, Schedule{ID: 1, Type: ScheduleDaily, State: ScheduleEnabled, Description: "[Basic] Start working at 10:00 every day."}, nil},
		{"schedule_create_v1.json", smartWeekly,
			Schedule{ID: 11, Type: ScheduleSmartWeekly, State: ScheduleEnabled, Description: "Every Monday at 10:00 (Full)"},
			&Schedule{ID: 12, Type: ScheduleSmartWeekly, State: ScheduleEnabled, Description: "Every Tuesday, Friday at 13:00 (Increment)"}},
		{"schedule_create_v3.json", smartMonthly,
			Schedule{ID: 31, Type: ScheduleSmartMonthlyWeekday, State: ScheduleEnabled, Description: "[Basic] Start working at 01:00 First Week / Monday every month."},
			&Schedule{ID: 32, Type: ScheduleSmartMonthlyWeekday, State: ScheduleDisabled, Description: "[Advanced] Start working at 13:00 First Week, Third Week / Tuesday, Friday every month."}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"POST schedules": {201, tc.fixture}})
			got, _, err := fixtureClient(t, ts, WithServerGeneration(GenerationV1)).Schedules.Create(context.Background(), tc.req)
			require.NoError(t, err)
			want := tc.basic
			want.Advanced = tc.advanced
			assert.Equal(t, want, *got)
		})
	}
}

func TestSchedulesCreate_ShapesEachTypesTiming(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  Generation
		req  CreateScheduleRequest
		want string
	}{
		{"once", GenerationV1, CreateScheduleRequest{Type: ScheduleOnce,
			Basic: ScheduleTiming{Year: 2026, Months: []time.Month{time.January}, Dates: []int{20}, Time: "14:30"}},
			`{"type":0,"basic":{"year":"2026","month":"1","day":"20","time":"14:30"}}`},
		{"every minute", GenerationV1, CreateScheduleRequest{Type: ScheduleEveryMinute, Basic: ScheduleTiming{Time: "00:00", Interval: 5}},
			`{"type":1,"basic":{"time":"00:00","interval":{"minute":"5"}}}`},
		{"hourly", GenerationV1, CreateScheduleRequest{Type: ScheduleHourly, Basic: ScheduleTiming{Time: "00:30", Interval: 2}},
			`{"type":2,"basic":{"time":"00:30","interval":{"hour":"2"}}}`},
		{"daily", GenerationV1, CreateScheduleRequest{Type: ScheduleDaily, Basic: ScheduleTiming{Time: "03:00"}},
			`{"type":3,"basic":{"time":"03:00"}}`},
		{"weekly", GenerationV1, CreateScheduleRequest{Type: ScheduleWeekly, Basic: ScheduleTiming{Time: "02:00", Weekdays: []time.Weekday{time.Monday, time.Sunday}}},
			`{"type":4,"basic":{"day":"mon,sun","time":"02:00"}}`},
		{"weekly, draft API", GenerationDraft, CreateScheduleRequest{Type: ScheduleWeekly, Basic: ScheduleTiming{Time: "02:00", Weekdays: []time.Weekday{time.Monday, time.Sunday}}},
			`{"type":4,"basic":{"day":"1,0","time":"02:00"}}`},
		{"monthly by weekday", GenerationV1, CreateScheduleRequest{Type: ScheduleMonthlyWeekday,
			Basic: ScheduleTiming{Time: "04:00", Weeks: []int{2, 5}, Weekdays: []time.Weekday{time.Tuesday, time.Wednesday}}},
			`{"type":5,"basic":{"week":"2,5","day":"tue,wed","time":"04:00"}}`},
		{"monthly by date", GenerationV1, CreateScheduleRequest{Type: ScheduleMonthlyDate, Basic: ScheduleTiming{Time: "05:00", Dates: []int{15, 20}}},
			`{"type":6,"basic":{"day":"15,20","time":"05:00"}}`},
		{"smart weekly", GenerationV3, CreateScheduleRequest{Type: ScheduleSmartWeekly,
			Basic:    ScheduleTiming{Time: "01:00", Weekdays: []time.Weekday{time.Monday}},
			Advanced: &ScheduleTiming{Time: "13:00", Weekdays: []time.Weekday{time.Tuesday, time.Friday}}},
			`{"type":7,"basic":{"day":"mon","time":"01:00"},"advanced":{"day":"tue,fri","time":"13:00"}}`},
		{"smart monthly by date", GenerationV3, CreateScheduleRequest{Type: ScheduleSmartMonthlyDate,
			Basic: ScheduleTiming{Time: "01:00", Dates: []int{1}}, Advanced: &ScheduleTiming{Time: "01:00", Dates: []int{8, 15, 22}}},
			`{"type":9,"basic":{"day":"1","time":"01:00"},"advanced":{"day":"8,15,22","time":"01:00"}}`},
		{"smart custom by weekday", GenerationV3, CreateScheduleRequest{Type: ScheduleSmartCustomWeekday,
			Basic:    ScheduleTiming{Time: "01:00", Months: []time.Month{time.March}, Weeks: []int{1}, Weekdays: []time.Weekday{time.Saturday}},
			Advanced: &ScheduleTiming{Time: "02:00", Months: []time.Month{time.March, time.June}, Weeks: []int{2, 3}, Weekdays: []time.Weekday{time.Sunday}}},
			`{"type":10,"basic":{"month":"3","week":"1","day":"sat","time":"01:00"},"advanced":{"month":"3,6","week":"2,3","day":"sun","time":"02:00"}}`},
		{"smart custom by date", GenerationV3, CreateScheduleRequest{Type: ScheduleSmartCustomDate,
			Basic: ScheduleTiming{Time: "01:00", Months: []time.Month{time.December}, Dates: []int{31}}, Advanced: &ScheduleTiming{Time: "01:00", Months: []time.Month{time.December}, Dates: []int{1, 15}}},
			`{"type":11,"basic":{"month":"12","day":"31","time":"01:00"},"advanced":{"month":"12","day":"1,15","time":"01:00"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"POST schedules": {200, "schedule_create_v2.json"}})
			req := tc.req
			req.Center, req.JobName = "1", "nightly"
			require.NoError(t, req.Validate(), "Validate refuses what Create sends")
			_, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Schedules.Create(context.Background(), &req)
			require.NoError(t, err)
			var want map[string]any
			require.NoError(t, json.Unmarshal([]byte(tc.want), &want))
			want["center"], want["jobName"] = "1", "nightly"
			wantJSON, _ := json.Marshal(want)
			assert.JSONEq(t, string(wantJSON), ts.requests()[0].Body)
		})
	}
}

func TestSchedulesCreate_RefusesWhatTheTypeDoesNotTakeNamingTheField(t *testing.T) {
	mon, tue := time.Monday, time.Tuesday
	for _, tc := range []struct {
		name, field string
		req         *CreateScheduleRequest
	}{
		{"nil", "CreateScheduleRequest is nil", nil},
		{"type out of range", "CreateScheduleRequest.Type 12", &CreateScheduleRequest{Center: "1", Type: 12, Basic: ScheduleTiming{Time: "03:00"}}},
		{"unknown type", "CreateScheduleRequest.Type -1", &CreateScheduleRequest{Center: "1", Type: ScheduleUnknown, Basic: ScheduleTiming{Time: "03:00"}}},
		{"no center", "CreateScheduleRequest.Center", &CreateScheduleRequest{Type: ScheduleDaily, Basic: ScheduleTiming{Time: "03:00"}}},
		{"no time", "Basic.Time is required", &CreateScheduleRequest{Center: "1", Type: ScheduleDaily}},
		{"time not HH:mm", "Basic.Time \"3:00\"", &CreateScheduleRequest{Center: "1", Type: ScheduleDaily, Basic: ScheduleTiming{Time: "3:00"}}},
		{"time out of range", "Basic.Time \"24:00\"", &CreateScheduleRequest{Center: "1", Type: ScheduleDaily, Basic: ScheduleTiming{Time: "24:00"}}},
		{"daily with weekdays", "Basic.Weekdays is not used by Daily", &CreateScheduleRequest{Center: "1", Type: ScheduleDaily,
			Basic: ScheduleTiming{Time: "03:00", Weekdays: []time.Weekday{mon}}}},
		{"once without year", "Basic.Year is required by Once", &CreateScheduleRequest{Center: "1", Type: ScheduleOnce,
			Basic: ScheduleTiming{Time: "03:00", Months: []time.Month{1}, Dates: []int{1}}}},
		{"once on February 30", "Basic.Dates 30 is not a day of February 2026", &CreateScheduleRequest{Center: "1", Type: ScheduleOnce,
			Basic: ScheduleTiming{Time: "03:00", Year: 2026, Months: []time.Month{time.February}, Dates: []int{30}}}},
		{"once on two dates", "Basic.Dates has 2 values", &CreateScheduleRequest{Center: "1", Type: ScheduleOnce,
			Basic: ScheduleTiming{Time: "03:00", Year: 2026, Months: []time.Month{1}, Dates: []int{1, 2}}}},
		{"every minute without interval", "Basic.Interval is required by Every Minute", &CreateScheduleRequest{Center: "1", Type: ScheduleEveryMinute,
			Basic: ScheduleTiming{Time: "00:00"}}},
		{"hourly negative interval", "Basic.Interval holds -2", &CreateScheduleRequest{Center: "1", Type: ScheduleHourly,
			Basic: ScheduleTiming{Time: "00:00", Interval: -2}}},
		{"weekly without weekdays", "Basic.Weekdays is required by Weekly", &CreateScheduleRequest{Center: "1", Type: ScheduleWeekly,
			Basic: ScheduleTiming{Time: "00:00"}}},
		{"weekday out of range", "Basic.Weekdays holds 7", &CreateScheduleRequest{Center: "1", Type: ScheduleWeekly,
			Basic: ScheduleTiming{Time: "00:00", Weekdays: []time.Weekday{7}}}},
		{"week 6", "Basic.Weeks holds 6", &CreateScheduleRequest{Center: "1", Type: ScheduleMonthlyWeekday,
			Basic: ScheduleTiming{Time: "00:00", Weeks: []int{6}, Weekdays: []time.Weekday{mon}}}},
		{"date 32", "Basic.Dates holds 32", &CreateScheduleRequest{Center: "1", Type: ScheduleMonthlyDate,
			Basic: ScheduleTiming{Time: "00:00", Dates: []int{1, 32}}}},
		{"month 13", "Basic.Months holds 13", &CreateScheduleRequest{Center: "1", Type: ScheduleSmartCustomDate,
			Basic: ScheduleTiming{Time: "00:00", Months: []time.Month{13}, Dates: []int{1}}, Advanced: &ScheduleTiming{Time: "00:00", Months: []time.Month{1}, Dates: []int{1}}}},
		{"advanced on a basic type", "Advanced is set for Daily", &CreateScheduleRequest{Center: "1", Type: ScheduleDaily,
			Basic: ScheduleTiming{Time: "00:00"}, Advanced: &ScheduleTiming{Time: "01:00"}}},
		{"smart without advanced", "Advanced is required by Smart Weekly", &CreateScheduleRequest{Center: "1", Type: ScheduleSmartWeekly,
			Basic: ScheduleTiming{Time: "00:00", Weekdays: []time.Weekday{mon}}}},
		{"smart basic with two weekdays", "Basic.Weekdays has 2 values", &CreateScheduleRequest{Center: "1", Type: ScheduleSmartWeekly,
			Basic: ScheduleTiming{Time: "00:00", Weekdays: []time.Weekday{mon, tue}}, Advanced: &ScheduleTiming{Time: "00:00", Weekdays: []time.Weekday{tue}}}},
		{"smart advanced missing a part", "Advanced.Weeks is required by Smart Monthly (Specific Week and Day of the Week)", &CreateScheduleRequest{Center: "1",
			Type:     ScheduleSmartMonthlyWeekday,
			Basic:    ScheduleTiming{Time: "00:00", Weeks: []int{1}, Weekdays: []time.Weekday{mon}},
			Advanced: &ScheduleTiming{Time: "00:00", Weekdays: []time.Weekday{tue}}}},
		{"smart advanced bad time", "Advanced.Time", &CreateScheduleRequest{Center: "1", Type: ScheduleSmartMonthlyDate,
			Basic: ScheduleTiming{Time: "00:00", Dates: []int{1}}, Advanced: &ScheduleTiming{Time: "noon", Dates: []int{2}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := fixtureClient(t, refusingServer(t)).Schedules.Create(context.Background(), tc.req)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
			// Validate refuses the same request with the same words, sending nothing.
			assert.EqualError(t, tc.req.Validate(), err.Error())
		})
	}
}

func TestSchedules_RejectInvalidInputWithoutSending(t *testing.T) {
	ctx := context.Background()
	bad := ScheduleType(15)
	checkRefusals(t, []refusal{
		{"get id 0", "id 0", func(c *Client) error { _, _, err := c.Schedules.Get(ctx, 0); return err }},
		{"delete negative id", "id -1", func(c *Client) error { _, err := c.Schedules.Delete(ctx, -1); return err }},
		{"list type out of range", "ListSchedulesOptions.Type", func(c *Client) error {
			_, _, err := c.Schedules.List(ctx, &ListSchedulesOptions{Type: &bad})
			return err
		}},
		{"list unknown state", "ListSchedulesOptions.State", func(c *Client) error {
			_, _, err := c.Schedules.List(ctx, &ListSchedulesOptions{State: "active"})
			return err
		}},
		{"list negative id", "ListSchedulesOptions.ID", func(c *Client) error {
			_, _, err := c.Schedules.List(ctx, &ListSchedulesOptions{ID: -4})
			return err
		}},
	})
}

func TestSchedulesDelete_SendsTheSchedulesCenterTo300(t *testing.T) {
	ctx := context.Background()
	t.Run("1.x/2.x: no center", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"DELETE schedules/7": {200, "schedule_delete_v1.json"}})
		_, err := fixtureClient(t, ts, WithServerGeneration(GenerationV1)).Schedules.Delete(ctx, 7)
		require.NoError(t, err)
		assert.Empty(t, sentQuery(t, ts))
	})
	t.Run("3.0.0: read, then delete in its center", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{
			"GET schedules/7":    {200, "schedule_get_v3.json"},
			"DELETE schedules/7": {200, "schedule_delete_v3.json"},
		})
		_, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Schedules.Delete(ctx, 7)
		require.NoError(t, err)
		reqs := ts.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, "DELETE", reqs[1].Method)
		assert.Equal(t, "center=3", reqs[1].Query)
	})
	t.Run("3.0.0: a missing schedule is not found, and nothing is deleted", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET schedules/999": {404, "err_schedule_get_v1_404.json"}})
		_, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Schedules.Delete(ctx, 999)
		require.ErrorIs(t, err, ErrNotFound)
		assert.Len(t, ts.requests(), 1)
	})
}
