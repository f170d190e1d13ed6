package zdm

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecoveryErrors_MapToSentinels answers every documented error body of
// the recovery family (WIRE-RECOVERIES.md) and checks the sentinel, the
// code and that the *APIError and *Response come back.
func TestRecoveryErrors_MapToSentinels(t *testing.T) {
	ctx := context.Background()
	create := &CreateRecoveryRequest{Center: "1", Source: "src", Target: "dst", Platform: "vmware", Repository: RepositoryRef{ID: 1}, Mode: ModeFull}
	calls := map[string]func(*Client) error{
		"list":   func(c *Client) error { _, _, err := c.Recoveries.List(ctx, nil); return err },
		"get":    func(c *Client) error { _, _, err := c.Recoveries.Get(ctx, "999", nil); return err },
		"create": func(c *Client) error { _, _, err := c.Recoveries.Create(ctx, create); return err },
		"update": func(c *Client) error {
			_, _, err := c.Recoveries.Update(ctx, "999", &UpdateRecoveryRequest{Center: "1", Name: "x"})
			return err
		},
		"start": func(c *Client) error { _, _, err := c.Recoveries.Start(ctx, "1", "1"); return err },
		"delete": func(c *Client) error {
			_, _, err := c.Recoveries.Delete(ctx, "999", &DeleteRecoveryOptions{Center: "1"})
			return err
		},
		"system":  func(c *Client) error { _, _, err := c.Recoveries.MonitorSystem(ctx, "target-server", nil); return err },
		"history": func(c *Client) error { _, _, err := c.Recoveries.GetHistory(ctx, 999, nil); return err },
		"histories": func(c *Client) error {
			_, _, err := c.Recoveries.ListHistories(ctx, nil)
			return err
		},
	}
	routeOf := map[string]string{
		"list": "GET recoveries", "get": "GET recoveries/999", "create": "POST recoveries",
		"update": "PUT recoveries/999", "start": "PUT recoveries/1", "delete": "DELETE recoveries/999",
		"system": "GET recoveries/monitoring/system/target-server", "history": "GET recoveries/histories/999",
		"histories": "GET recoveries/histories",
	}
	for _, tc := range []struct {
		call, fixture string
		status        int
		want          error
		code          string
	}{
		{"list", "err_list_v1_401.json", 401, ErrUnauthorized, ""},
		{"list", "err_list_v1_400_mode.json", 400, ErrBadRequest, ""},
		{"list", "err_list_v3_401.json", 401, ErrUnauthorized, "UNAUTHORIZED"},
		{"list", "err_list_v3_400_mode.json", 400, ErrBadRequest, "DTO-VALIDATION-03"},
		{"get", "err_get_seed_404.json", 404, ErrNotFound, "RECOVERY_NOT_FOUND"},
		{"get", "err_get_v1_404.json", 404, ErrNotFound, ""},
		{"get", "err_get_v1_404_filter.json", 404, ErrNotFound, ""},
		{"get", "err_get_v3_404.json", 404, ErrNotFound, "JOB-ERROR-01"},
		{"get", "err_get_v3_404_filter.json", 404, ErrNotFound, "JOB-ERROR-01"},
		{"create", "err_create_seed_400.json", 400, ErrBadRequest, "VALIDATION_ERROR"},
		{"create", "err_create_v202_422.json", 422, nil, ""},
		{"create", "err_create_v202_404_allskipped.json", 404, ErrNotFound, ""},
		{"create", "err_create_v3_404_schedule.json", 404, ErrNotFound, "JOB-ERROR-100"},
		{"create", "err_create_v3_422_platform.json", 422, nil, "DTO-VALIDATION-01"},
		{"create", "err_create_v3_400_backup.json", 400, ErrBadRequest, "JOB-ERROR-67"},
		{"create", "err_create_v3_400_nopartitions.json", 400, ErrBadRequest, "JOB-ERROR-14"},
		{"create", "err_create_v3_404_zdm.json", 404, ErrNotFound, "ZDM-ERROR-01"},
		{"update", "err_update_v1_404.json", 404, ErrNotFound, ""},
		{"update", "err_update_v3_404.json", 404, ErrNotFound, "JOB-ERROR-01"},
		{"update", "err_update_v3_404_partition.json", 404, ErrNotFound, "JOB-ERROR-13"},
		{"start", "err_start_v3_409.json", 409, ErrConflict, "JOB-ERROR-64"},
		{"delete", "err_delete_v1_404.json", 404, ErrNotFound, ""},
		{"delete", "err_delete_v3_404.json", 404, ErrNotFound, "JOB-ERROR-01"},
		{"delete", "err_delete_v3_400_center.json", 400, ErrBadRequest, "DTO-VALIDATION-03"},
		{"delete", "err_delete_v3_400_noncenter.json", 400, ErrBadRequest, "CENTER-ERROR-02"},
		{"system", "err_system_v1_404_partition.json", 404, ErrNotFound, ""},
		{"system", "err_system_v1_404_nojob.json", 404, ErrNotFound, ""},
		{"system", "err_system_v1_400_incomplete.json", 400, ErrBadRequest, ""},
		{"system", "err_system_v3_404.json", 404, ErrNotFound, "SERVER-ERROR-01"},
		{"system", "err_system_v3_400_removed.json", 400, ErrBadRequest, "DTO-VALIDATION-03"},
		{"histories", "err_histories_v1_401.json", 401, ErrUnauthorized, ""},
		{"histories", "err_histories_v1_400.json", 400, ErrBadRequest, ""},
		{"histories", "err_histories_v3_400.json", 400, ErrBadRequest, "DTO-VALIDATION-03"},
		{"history", "err_history_v1_404.json", 404, ErrNotFound, ""},
		{"history", "err_history_v3_404.json", 404, ErrNotFound, "NOT_FOUND"},
		{"history", "err_history_v3_404_center.json", 404, ErrNotFound, "NOT_FOUND"},
	} {
		t.Run(tc.call+"/"+tc.fixture, func(t *testing.T) {
			ts := fixtureServer(t, map[string]route{routeOf[tc.call]: {tc.status, tc.fixture}})
			err := calls[tc.call](fixtureClient(t, ts))
			require.Error(t, err)
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "%v", err)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.NotEmpty(t, apiErr.Message)
			assert.NotEmpty(t, apiErr.RequestID)
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
			}
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the server answered: the outcome is known")
			assert.NotErrorIs(t, err, ErrEndpointNotFound)
			if tc.status == 422 {
				assert.NotEmpty(t, apiErr.Fields, "validation errors name their fields")
			}
			// A write on a client that does not know its server's generation
			// is preceded by one GET that finds out: count the route's calls.
			method, path, _ := strings.Cut(routeOf[tc.call], " ")
			sent := 0
			for _, r := range ts.requests() {
				if r.Method == method && strings.HasSuffix(r.Path, "/"+path) {
					sent++
				}
			}
			assert.Equal(t, 1, sent, "errors are not retried")
		})
	}
}
