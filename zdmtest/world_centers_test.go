package zdmtest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func repositoryID(r *zdm.Repository) string { return r.RemotePath }

// TestCenters_TheWorldsThroughTheSDK: the default world's centers, with
// their repositories, on every generation; an unknown center is 404.
func TestCenters_TheWorldsThroughTheSDK(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			srv.AddCenter(zdmtest.CenterSpec{Name: "zdm-c", Disconnected: true, Inactive: true})
			cs := srv.Client().Centers
			ctx := context.Background()

			all, _, err := cs.List(ctx, &zdm.ListCentersOptions{Sort: sortAsc(d)})
			require.NoError(t, err)
			require.Len(t, all, 3)
			if d == zdmtest.DialectDraft {
				all[0], all[2] = all[2], all[0]
			}
			assert.Equal(t, "zdm-a", all[0].Name.Center)
			assert.Equal(t, int64(1), all[0].ID.Center)
			assert.True(t, all[0].Connected())
			assert.True(t, all[0].Activated())
			assert.False(t, all[2].Connected())
			assert.False(t, all[2].Activated())

			b, _, err := cs.Get(ctx, "2", &zdm.GetCenterOptions{CenterIncludes: zdm.CenterIncludes{Repository: true}})
			require.NoError(t, err)
			assert.Equal(t, "zdm-b", b.Name.Center)
			require.Len(t, b.Repositories, 1)
			assert.Equal(t, int64(11), b.Repositories[0].ID)
			assert.Equal(t, zdm.RepositoryNFS, b.Repositories[0].Type)

			_, _, err = cs.Get(ctx, "Atlantis", nil)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			switch ae := apiError(t, err); d {
			case zdmtest.DialectV3:
				assert.Equal(t, "ZDM-ERROR-01", ae.Code)
			case zdmtest.DialectV1:
				assert.Equal(t, "'Atlantis'에 해당하는 ZDM을 찾을 수 없습니다", ae.Message)
			case zdmtest.DialectDraft:
				assert.Equal(t, "'Atlantis'에 해당하는 ZDM을 찾을 수 없습니다", ae.Message, "the draft's example, in Korean")
			}
			if d == zdmtest.DialectV3 {
				_, env := get(t, srv, "/zdms/zdm-a")
				assert.Equal(t, []any{}, at(env, "data", "disk"), "3.0.0 always sends the include lists")
			}
		})
	}
}

// TestRepositories_RegisterFindUpdateDelete: a registration answers no
// data from 1.0.3 on, yet the SDK finds what it registered; updates
// append IPs; deletes want the owner center; every reference is
// checked.
func TestRepositories_RegisterFindUpdateDelete(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			rs := srv.Client().Repositories
			ctx := context.Background()

			list, _, err := rs.List(ctx, &zdm.ListRepositoriesOptions{Center: "zdm-a"})
			if d == zdmtest.DialectDraft {
				require.NoError(t, err) // the draft takes a center too
			}
			require.NoError(t, err)
			assert.ElementsMatch(t, []string{"/backup", "backup"}, names(list, repositoryID))

			created, _, err := rs.Create(ctx, &zdm.CreateRepositoryRequest{Center: "zdm-a", Type: zdm.RepositoryNFS,
				RemotePath: "/export/dr", LocalPath: "/mnt/dr", IP: "192.168.1.220"})
			require.NoError(t, err)
			assert.Equal(t, int64(12), created.ID, "the next ID, found by the SDK")
			assert.Equal(t, "zdm-a", created.Center)
			assert.Equal(t, []string{"192.168.1.220"}, created.IPs)
			assert.Equal(t, 2049, created.Port)

			_, _, err = rs.Create(ctx, &zdm.CreateRepositoryRequest{Center: "Atlantis", Type: zdm.RepositoryNFS,
				RemotePath: "/x", LocalPath: "/mnt/x", IP: "192.168.1.221"})
			require.ErrorIs(t, err, zdm.ErrNotFound, "the SDK lists the center's repositories first")
			if d == zdmtest.DialectV1 {
				assert.Equal(t, "'Atlantis'에 해당하는 ZDM을 찾을 수 없습니다", apiError(t, err).Message)
			}
			status, env := call(t, srv, http.MethodPost, "/zdms/repositories", map[string]any{"center": "999", "type": "nfs",
				"remotePath": "/x", "localPath": "/mnt/x", "ip": "192.168.1.221"})
			assert.Equal(t, http.StatusNotFound, status)
			if d == zdmtest.DialectV1 {
				assert.Equal(t, "ID가 '999'인 Center를 찾을 수 없습니다", env["error"], "the documented 1.0.3 answer")
			}

			if d == zdmtest.DialectDraft {
				_, err = rs.Delete(ctx, 12, "zdm-a")
				require.ErrorIs(t, err, zdm.ErrEndpointNotFound, "the draft API cannot delete")
				return
			}
			res, _, err := rs.Update(ctx, 12, &zdm.UpdateRepositoryRequest{Center: "zdm-a", IP: "192.168.1.221", Password: "s3cret"})
			require.NoError(t, err)
			require.Len(t, res.Changes, 2)
			_, _, err = rs.Update(ctx, 12, &zdm.UpdateRepositoryRequest{Center: "zdm-a", IP: "192.168.1.221"})
			require.ErrorIs(t, err, zdm.ErrBadRequest, "an IP it has already")
			_, _, err = rs.Update(ctx, 12, &zdm.UpdateRepositoryRequest{Center: "zdm-b", RemotePath: "/y"})
			require.ErrorIs(t, err, zdm.ErrForbidden)
			list, _, err = rs.List(ctx, &zdm.ListRepositoriesOptions{Path: "/export/dr"})
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, []string{"192.168.1.220", "192.168.1.221"}, list[0].IPs, "appended")

			_, err = rs.Delete(ctx, 12, "zdm-b")
			require.ErrorIs(t, err, zdm.ErrForbidden)
			_, err = rs.Delete(ctx, 12, "zdm-a")
			require.NoError(t, err)
			_, err = rs.Delete(ctx, 12, "zdm-a")
			require.ErrorIs(t, err, zdm.ErrNotFound)
			if d == zdmtest.DialectV3 {
				assert.Equal(t, "ZDM-REPOSITORY-ERROR-01", apiError(t, err).Code)
			}

			_, err = rs.Verify(ctx, &zdm.VerifyRepositoryRequest{Center: "zdm-a", Type: zdm.RepositorySMB,
				Path: `\\192.168.1.210\backup`, Account: "zdm", Password: "pw"})
			require.NoError(t, err)
			srv.AddCenter(zdmtest.CenterSpec{Name: "offline", Disconnected: true})
			_, err = rs.Verify(ctx, &zdm.VerifyRepositoryRequest{Center: "offline", Type: zdm.RepositoryNFS, Path: "192.168.1.200:/backup"})
			require.ErrorIs(t, err, zdm.ErrServer, "a disconnected center never confirms")
			assert.Equal(t, "Repository verify failed (result: FAIL)", apiError(t, err).Message)
			_, _, err = rs.Create(ctx, &zdm.CreateRepositoryRequest{Center: "offline", Type: zdm.RepositoryNFS,
				RemotePath: "/x", LocalPath: "/mnt/x", IP: "192.168.1.221"})
			require.ErrorIs(t, err, zdm.ErrServer)
			status, env = call(t, srv, http.MethodPut, "/zdms/repositories/abc", map[string]any{"center": "zdm-a", "ip": "1.2.3.4"})
			assert.Equal(t, http.StatusBadRequest, status)
			if d == zdmtest.DialectV1 {
				assert.Equal(t, "identifier는 숫자(Repository ID)만 허용됩니다", env["error"])
			}
		})
	}
}

// TestSchedules_CreateReadDelete: schedules of every type are created
// with their descriptions, read back, and deleted unless a job uses them
// (409 SCHEDULE-ERROR-51, counting the jobs).
func TestSchedules_CreateReadDelete(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			ss := srv.Client().Schedules
			ctx := context.Background()

			daily, _, err := ss.Get(ctx, 7)
			require.NoError(t, err)
			assert.Equal(t, zdm.ScheduleDaily, daily.Type)
			assert.Equal(t, "web01_ROOT", daily.JobName)
			if d != zdmtest.DialectDraft {
				assert.Equal(t, "[Basic] Start working at 03:00 every day.", daily.Description)
			}

			created, _, err := ss.Create(ctx, &zdm.CreateScheduleRequest{Center: "zdm-a", Type: zdm.ScheduleWeekly,
				Basic: zdm.ScheduleTiming{Time: "04:30", Weekdays: []time.Weekday{time.Monday, time.Friday}}})
			require.NoError(t, err)
			assert.Equal(t, int64(10), created.ID)
			assert.Equal(t, zdm.ScheduleWeekly, created.Type)
			assert.Equal(t, "[Basic] Start working at 04:30 Monday, Friday every week.", created.Description)

			smart, _, err := ss.Create(ctx, &zdm.CreateScheduleRequest{Center: "zdm-b", Type: zdm.ScheduleSmartWeekly,
				Basic:    zdm.ScheduleTiming{Time: "01:00", Weekdays: []time.Weekday{time.Monday}},
				Advanced: &zdm.ScheduleTiming{Time: "13:00", Weekdays: []time.Weekday{time.Tuesday, time.Friday}}})
			require.NoError(t, err)
			require.NotNil(t, smart.Advanced)
			assert.Equal(t, int64(12), smart.Advanced.ID, "a smart schedule is two rows")

			list, _, err := ss.List(ctx, &zdm.ListSchedulesOptions{Center: centerIf(d, "zdm-b")})
			require.NoError(t, err)
			if d != zdmtest.DialectDraft {
				assert.Len(t, list, 3, "zdm-b's")
			}

			_, _, err = ss.Create(ctx, &zdm.CreateScheduleRequest{Center: "Atlantis", Type: zdm.ScheduleDaily, Basic: zdm.ScheduleTiming{Time: "01:00"}})
			require.ErrorIs(t, err, zdm.ErrNotFound)

			if d == zdmtest.DialectDraft {
				return // the draft API cannot delete schedules
			}
			_, err = ss.Delete(ctx, 7)
			require.ErrorIs(t, err, zdm.ErrConflict)
			assert.Contains(t, apiError(t, err).Message, "Schedule ID '7' is referenced by: backup(1)")
			if d == zdmtest.DialectV3 {
				assert.Equal(t, "SCHEDULE-ERROR-51", apiError(t, err).Code)
			}
			_, err = ss.Delete(ctx, 10)
			require.NoError(t, err)
			_, _, err = ss.Get(ctx, 10)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			_, err = ss.Delete(ctx, 10)
			require.ErrorIs(t, err, zdm.ErrNotFound)
		})
	}
}

// centerIf is center where the dialect filters by one.
func centerIf(d zdmtest.Dialect, center string) string {
	if d == zdmtest.DialectDraft {
		return ""
	}
	return center
}

// TestSchedules_RefusedTimings: what the servers refuse in a timing, by
// code.
func TestSchedules_RefusedTimings(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithInProcess())
	for _, tc := range []struct {
		body   map[string]any
		status int
		code   string
	}{
		{map[string]any{"center": "zdm-a", "type": 3}, 400, "SCHEDULE-ERROR-02"},
		{map[string]any{"center": "zdm-a", "type": 12, "basic": map[string]any{"time": "01:00"}}, 422, "DTO-VALIDATION-01"},
		{map[string]any{"center": "zdm-a", "type": 3, "basic": map[string]any{"time": "25:00"}}, 400, "SCHEDULE-ERROR-16"},
		{map[string]any{"center": "zdm-a", "type": 4, "basic": map[string]any{"time": "01:00", "day": "monday"}}, 422, "SCHEDULE-ERROR-22"},
		{map[string]any{"center": "zdm-a", "type": 7, "basic": map[string]any{"time": "01:00", "day": "mon"}}, 400, "SCHEDULE-ERROR-02"},
		{map[string]any{"center": "zdm-a", "type": 7, "basic": map[string]any{"time": "01:00", "day": "mon,tue"},
			"advanced": map[string]any{"time": "02:00", "day": "wed"}}, 409, "SCHEDULE-ERROR-23"},
		{map[string]any{"center": "999", "type": 3, "basic": map[string]any{"time": "01:00"}}, 404, "ZDM-ERROR-01"},
	} {
		status, env := call(t, srv, http.MethodPost, "/schedules", tc.body)
		assert.Equal(t, tc.status, status, "%v: %v", tc.body, env)
		assert.Equal(t, tc.code, errorCode(env), "%v", tc.body)
	}
}

// TestSchedules_DraftRefusalSaysWhatIsMissing: the draft API refuses a
// schedule without a center, or with a bad type, with a message saying
// which (its own Korean one for the type); a missing center answered an
// empty message.
func TestSchedules_DraftRefusalSaysWhatIsMissing(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectDraft), zdmtest.WithInProcess())
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"cen\u00edter": "zdm-a", "type": 3, "basic": map[string]any{"time": "04:00"}}, "center is required"},
		{map[string]any{"center": "zdm-a", "type": 12, "basic": map[string]any{"time": "04:00"}}, "유효한 스케줄 타입이 아닙니다. (0 ~ 11 만 가능)"},
		{map[string]any{"type": 12}, "유효한 스케줄 타입이 아닙니다. (0 ~ 11 만 가능)"},
	} {
		status, env := call(t, srv, http.MethodPost, "/schedules", tc.body)
		assert.Equal(t, http.StatusBadRequest, status, "%v: %v", tc.body, env)
		assert.Equal(t, tc.want, at(env, "error"), "%v: %v", tc.body, env)
	}
}

// TestLicenses_ReadAndAssignOnce: licences read on every generation
// (1.x/2.x answer GET /licenses/:id with the whole list, as 2.0.x
// servers do; the SDK reads one through ?id=), and a licence is assigned
// to a server once, in its own center.
func TestLicenses_ReadAndAssignOnce(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			ls := srv.Client().Licenses
			ctx := context.Background()

			dr, _, err := ls.Get(ctx, "1")
			require.NoError(t, err)
			assert.Equal(t, "DR Standard", dr.Name)
			assert.Equal(t, zdm.LicenseCategoryDR, dr.Category)
			assert.Equal(t, 3, dr.Copies.Used, "web01, win01, db01")
			assert.Equal(t, 7, dr.Copies.Available)
			byName, _, err := ls.Get(ctx, "Backup Basic")
			require.NoError(t, err)
			assert.Equal(t, int64(2), byName.ID)

			res, _, err := ls.Assign(ctx, &zdm.AssignLicenseRequest{License: "2", Server: "web01-dr"})
			require.NoError(t, err)
			assert.Equal(t, "web01-dr", res.Server.Name)
			srvs, _, err := srv.Client().Servers.Get(ctx, "web01-dr", nil)
			require.NoError(t, err)
			assert.Equal(t, int64(2), srvs.License.ID)

			_, _, err = ls.Assign(ctx, &zdm.AssignLicenseRequest{License: "1", Server: "web01-dr"})
			require.ErrorIs(t, err, zdm.ErrConflict, "licensed already")
			_, _, err = ls.Assign(ctx, &zdm.AssignLicenseRequest{License: "3", Server: "win01-dr"})
			require.ErrorIs(t, err, zdm.ErrForbidden, "a licence of zdm-b, a server of zdm-a")
			assert.Equal(t, "License (center 2) and Server 'win01-dr' (center 1) belong to different centers", apiError(t, err).Message)
			_, _, err = ls.Assign(ctx, &zdm.AssignLicenseRequest{License: "9", Server: "win01-dr"})
			require.ErrorIs(t, err, zdm.ErrNotFound)

			status, env := get(t, srv, "/licenses/key/ZDMBK0002BASIC")
			assert.Equal(t, http.StatusOK, status, "%v", env)
			status, env = get(t, srv, "/licenses/1")
			assert.Equal(t, http.StatusOK, status)
			if d == zdmtest.DialectV1 {
				assert.Len(t, env["data"], 3, "the identifier ignored: the whole list")
			} else {
				assert.Equal(t, "DR Standard", at(env, "data", "name"))
			}
		})
	}
}
