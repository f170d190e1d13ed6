package zdm

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sentTo counts the requests ts saw on route ("METHOD path").
func sentTo(ts *testServer, route string) int {
	method, path, _ := strings.Cut(route, " ")
	n := 0
	for _, r := range ts.requests() {
		if r.Method == method && strings.HasSuffix(r.Path, "/"+path) {
			n++
		}
	}
	return n
}

// TestInventoryErrors_MapToSentinels answers every documented error body
// of the inventory endpoints (WIRE-OTHERS.md 3-6, each generation) and
// checks the sentinel, the code, the message and that nothing is retried.
func TestInventoryErrors_MapToSentinels(t *testing.T) {
	ctx := context.Background()
	nfs := &CreateRepositoryRequest{Center: "999", Type: RepositoryNFS, RemotePath: "/b", LocalPath: "/mnt/b", IP: "10.0.0.9"}
	smart := &CreateScheduleRequest{Center: "1", Type: ScheduleSmartWeekly, Basic: ScheduleTiming{Time: "01:00", Weekdays: []time.Weekday{time.Monday}},
		Advanced: &ScheduleTiming{Time: "02:00", Weekdays: []time.Weekday{time.Tuesday}}}
	calls := map[string]func(*Client) error{
		"servers.list": func(c *Client) error { _, _, err := c.Servers.List(ctx, nil); return err },
		"servers.get":  func(c *Client) error { _, _, err := c.Servers.Get(ctx, "999", nil); return err },
		"servers.partitions": func(c *Client) error {
			_, _, err := c.Servers.ListPartitions(ctx, "999", nil)
			return err
		},
		"servers.delete":      func(c *Client) error { _, _, err := c.Servers.Delete(ctx, "999", "center-01"); return err },
		"centers.list":        func(c *Client) error { _, _, err := c.Centers.List(ctx, nil); return err },
		"centers.get":         func(c *Client) error { _, _, err := c.Centers.Get(ctx, "999", nil); return err },
		"repositories.create": func(c *Client) error { _, _, err := c.Repositories.Create(ctx, nfs); return err },
		"repositories.update": func(c *Client) error {
			_, _, err := c.Repositories.Update(ctx, 999, &UpdateRepositoryRequest{Center: "1", IP: "192.168.1.200"})
			return err
		},
		"repositories.delete": func(c *Client) error { _, err := c.Repositories.Delete(ctx, 999, "Main-Center"); return err },
		"repositories.verify": func(c *Client) error {
			_, err := c.Repositories.Verify(ctx, &VerifyRepositoryRequest{Center: "1", Type: RepositoryNFS, Path: "h:/b"})
			return err
		},
		"schedules.get":    func(c *Client) error { _, _, err := c.Schedules.Get(ctx, 999); return err },
		"schedules.create": func(c *Client) error { _, _, err := c.Schedules.Create(ctx, smart); return err },
		"schedules.delete": func(c *Client) error { _, err := c.Schedules.Delete(ctx, 999); return err },
		"licenses.list":    func(c *Client) error { _, _, err := c.Licenses.List(ctx, nil); return err },
		"licenses.assign": func(c *Client) error {
			_, _, err := c.Licenses.Assign(ctx, &AssignLicenseRequest{License: "999", Server: "1"})
			return err
		},
		"repositories.created": func(c *Client) error { _, _, err := c.Repositories.Create(ctx, nfs); return err },
	}
	routeOf := map[string]string{
		"servers.list": "GET servers", "servers.get": "GET servers/999", "servers.partitions": "GET servers/999/partitions",
		"servers.delete": "DELETE servers/999", "centers.list": "GET zdms", "centers.get": "GET zdms/999",
		"repositories.create": "GET zdms/999/repositories", "repositories.created": "POST zdms/repositories",
		"repositories.update": "PUT zdms/repositories/999", "repositories.delete": "DELETE zdms/repositories/999",
		"repositories.verify": "POST zdms/repositories/verify", "schedules.get": "GET schedules/999",
		"schedules.create": "POST schedules", "schedules.delete": "DELETE schedules/999", "licenses.list": "GET licenses",
		"licenses.assign": "PUT licenses/assign",
	}
	for _, tc := range []struct {
		call, fixture string
		status        int
		want          error
		code, message string
	}{
		{"servers.list", "err_servers_list_v1_400.json", 400, ErrBadRequest, "", "허용된 값: source, target"},
		{"servers.list", "err_servers_list_v1_401.json", 401, ErrUnauthorized, "", "토큰이 만료되었습니다."},
		{"servers.get", "err_server_get_seed_404.json", 404, ErrNotFound, "SERVER_NOT_FOUND", "Server를 찾을 수 없습니다"},
		{"servers.get", "err_server_get_v1_404.json", 404, ErrNotFound, "", "ID가 '999'인 Server를 찾을 수 없습니다"},
		{"servers.get", "err_server_get_v3_404.json", 404, ErrNotFound, "SERVER-ERROR-01", "Server with ID '999' not found"},
		{"servers.partitions", "err_partitions_v1_404.json", 404, ErrNotFound, "", "Server를 찾을 수 없습니다"},
		{"servers.partitions", "err_partitions_v3_400.json", 400, ErrBadRequest, "DTO-VALIDATION-03", "Invalid query parameters."},
		{"servers.delete", "err_server_delete_v1_403.json", 403, ErrForbidden, "", "does not belong to center 'center-01'"},
		{"servers.delete", "err_server_delete_v3_403.json", 403, ErrForbidden, "CENTER-ERROR-01", "does not belong to center"},
		{"servers.delete", "err_server_delete_v3_400.json", 400, ErrBadRequest, "DTO-VALIDATION-03", "Invalid query parameters."},
		{"servers.delete", "err_server_delete_v3_404.json", 404, ErrNotFound, "SERVER-ERROR-01", "not found"},
		{"centers.list", "err_centers_list_v1_400.json", 400, ErrBadRequest, "", "'connection'"},
		{"centers.get", "err_center_get_seed_404.json", 404, ErrNotFound, "ZDM_NOT_FOUND", "ZDM을 찾을 수 없습니다"},
		{"centers.get", "err_center_get_v1_404.json", 404, ErrNotFound, "", "ZDM을 찾을 수 없습니다"},
		{"centers.get", "err_center_get_v3_404.json", 404, ErrNotFound, "ZDM-ERROR-01", "Zdm with ID '999' not found"},
		{"repositories.create", "err_repository_create_v1_404.json", 404, ErrNotFound, "", "Center를 찾을 수 없습니다"},
		{"repositories.created", "err_repository_create_seed_400.json", 400, ErrBadRequest, "VALIDATION_ERROR", "account는 필수입니다"},
		{"repositories.created", "err_repository_create_v1_404.json", 404, ErrNotFound, "", "Center를 찾을 수 없습니다"},
		{"repositories.created", "err_repository_create_v1_500.json", 500, ErrServer, "", "timed out (10s elapsed)"},
		{"repositories.created", "err_repository_create_v3_400.json", 400, ErrBadRequest, "REPOSITORY-ERROR-11", "must start with '/'"},
		{"repositories.update", "err_repository_update_v1_400.json", 400, ErrBadRequest, "", "identifier는 숫자"},
		{"repositories.update", "err_repository_update_b1_409.json", 409, ErrConflict, "", "이미 등록되어 있습니다"},
		{"repositories.update", "err_repository_update_v2_400.json", 400, ErrBadRequest, "", "이미 등록되어 있습니다"},
		{"repositories.update", "err_repository_update_v3_403.json", 403, ErrForbidden, "CENTER-ERROR-01", "does not belong"},
		{"repositories.delete", "err_repository_delete_v1_404.json", 404, ErrNotFound, "", "Repository를 찾을 수 없습니다"},
		{"repositories.delete", "err_repository_delete_v2_403.json", 403, ErrForbidden, "", "does not belong to center 'Main-Center'"},
		{"repositories.delete", "err_repository_delete_v3_404.json", 404, ErrNotFound, "ZDM-REPOSITORY-ERROR-01", "available: 1, 3, 14"},
		{"repositories.verify", "err_repository_verify_v1_400.json", 400, ErrBadRequest, "", "Request body validation failed"},
		{"repositories.verify", "err_repository_verify_v1_500.json", 500, ErrServer, "", "verify failed (result: FAIL)"},
		{"schedules.get", "err_schedule_get_v1_404.json", 404, ErrNotFound, "", "Schedule with ID '999' not found"},
		{"schedules.get", "err_schedule_get_b1_404.json", 404, ErrNotFound, "", "Schedule를 찾을 수 없습니다"},
		{"schedules.create", "err_schedule_create_seed_400.json", 400, ErrBadRequest, "VALIDATION_ERROR", "0 ~ 11"},
		{"schedules.create", "err_schedule_create_v2_409.json", 409, ErrConflict, "", "does not allow multiple weekday selections"},
		{"schedules.create", "err_schedule_create_v3_409.json", 409, ErrConflict, "SCHEDULE-ERROR-23", "does not allow multiple weekday selections"},
		{"schedules.create", "err_schedule_create_v2_422.json", 422, ErrValidation, "", "Request body validation failed."},
		{"schedules.create", "err_schedule_create_v3_404.json", 404, ErrNotFound, "ZDM-ERROR-01", "Zdm with ID '999' not found"},
		{"schedules.delete", "err_schedule_delete_v1_409.json", 409, ErrConflict, "", "referenced by: backup(2), recovery(1)"},
		{"schedules.delete", "err_schedule_delete_v3_409.json", 409, ErrConflict, "SCHEDULE-ERROR-51", "referenced by: backup(1)"},
		{"schedules.delete", "err_schedule_delete_v1_404.json", 404, ErrNotFound, "", "Schedule을 찾을 수 없습니다"},
		{"licenses.list", "err_licenses_list_v1_400.json", 400, ErrBadRequest, "", "'category'"},
		{"licenses.assign", "err_license_assign_v1_403.json", 403, ErrForbidden, "", "belong to different centers"},
		{"licenses.assign", "err_license_assign_v1_409.json", 409, ErrConflict, "", "already has a license assigned"},
		{"licenses.assign", "err_license_assign_v1_409_history.json", 409, ErrConflict, "", "is already assigned to server"},
		{"licenses.assign", "err_license_assign_v3_409.json", 409, ErrConflict, "LICENSE-ERROR-02", "already has a license"},
		{"licenses.assign", "err_license_assign_v3_404.json", 404, ErrNotFound, "LICENSE-ERROR-01", "License with ID '999' not found"},
		{"licenses.assign", "err_license_assign_v3_403.json", 403, ErrForbidden, "CENTER-ERROR-01", "belong to different centers"},
	} {
		t.Run(tc.call+"/"+tc.fixture, func(t *testing.T) {
			routes := map[string]route{routeOf[tc.call]: {tc.status, tc.fixture}}
			if tc.call == "repositories.created" {
				routes["GET zdms/999/repositories"] = route{200, "repositories_list_v3.json"}
			}
			ts := inventoryServer(t, routes)
			err := calls[tc.call](fixtureClient(t, ts, WithServerGeneration(GenerationV1)))
			require.Error(t, err)
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "%v", err)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Contains(t, apiErr.Message, tc.message)
			assert.NotEmpty(t, apiErr.RequestID)
			assert.ErrorIs(t, err, tc.want)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the server answered: the outcome is known")
			assert.NotErrorIs(t, err, ErrEndpointNotFound)
			assert.Equal(t, 1, sentTo(ts, routeOf[tc.call]), "errors are not retried")
		})
	}
}
