package zdm

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLicensesList_DecodesEveryGeneration(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		fixture string
		want    License
	}{
		{"licenses_list_seed.json", License{ID: 5, Name: "Backup Standard", Key: "ABCDEFGH12345678IJKLMN", Category: LicenseCategoryBackup,
			Copies: LicenseCopies{Total: 10, Used: 3, Available: 7, Usage: 30}, Description: "Backup licence for the web tier",
			Dates: LicenseDates{Created: "2025-01-01", Expires: "2026-01-01", DaysRemaining: 351}}},
		{"licenses_list_v1.json", License{ID: 5, Name: "Backup Standard", Key: "ABCDEFGH12345678IJKLMN", Category: LicenseCategoryBackup,
			Copies: LicenseCopies{Total: 10, Used: 3, Available: 7, Usage: 30}, Description: "Backup licence for the web tier",
			Dates: LicenseDates{Created: "2026-01-01", Expires: "2027-01-01", DaysRemaining: 228}}},
		{"licenses_list_v3.json", License{ID: 9, Name: "DR Enterprise", Key: "DRENT0000111122223333", Category: LicenseCategoryDR,
			Copies: LicenseCopies{Total: 50, Used: 12, Available: 38, Usage: 24},
			Dates:  LicenseDates{Created: "2026-07-01", Expires: "2027-07-01", DaysRemaining: 303}}},
		{"licenses_list_t1.json", License{ID: 12, Key: "MIGR4444555566667777", Category: LicenseCategoryMigration,
			Copies: LicenseCopies{Total: 20, Used: 4},
			Dates:  LicenseDates{Created: "2025-01-02T00:00:00.000Z", Expires: "2025-12-31T00:00:00.000Z"}}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"GET licenses": {200, tc.fixture}})
			list, _, err := fixtureClient(t, ts).Licenses.List(ctx, nil)
			require.NoError(t, err)
			require.NotEmpty(t, list)
			assert.Equal(t, tc.want, *list[0])
		})
	}
}

func TestLicenseDates_Readings(t *testing.T) {
	d := LicenseDates{Created: "2026-01-01", Expires: "2027-07-01T00:00:00+09:00"}
	c, ok := d.CreatedAt()
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), c)
	e, ok := d.ExpiresAt()
	require.True(t, ok)
	assert.Equal(t, 2027, e.Year())
	_, ok = LicenseDates{Expires: "-"}.ExpiresAt()
	assert.False(t, ok)
}

func TestLicensesGet_ReadsOneTheSameWayOnEveryGeneration(t *testing.T) {
	ctx := context.Background()
	t.Run("by ID: ?id=, matched exactly", func(t *testing.T) {
		// The draft API ignores ?id= and answers every licence.
		ts := inventoryServer(t, map[string]route{"GET licenses": {200, "licenses_list_v1.json"}})
		l, _, err := fixtureClient(t, ts).Licenses.Get(ctx, "6")
		require.NoError(t, err)
		assert.Equal(t, int64(6), l.ID)
		assert.Equal(t, LicenseCategoryDR, l.Category)
		assert.Equal(t, "id=6", sentQuery(t, ts))
	})
	t.Run("by name: exact, though servers match partially", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET licenses": {200, "licenses_list_v1.json"}})
		l, _, err := fixtureClient(t, ts).Licenses.Get(ctx, "Backup Standard")
		require.NoError(t, err)
		assert.Equal(t, int64(5), l.ID, `not "Backup Standard 2"`)
		assert.Equal(t, "name=Backup+Standard", sentQuery(t, ts))
	})
	t.Run("no match is ErrNotFound", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET licenses": {200, "licenses_list_empty_v1.json"}})
		l, resp, err := fixtureClient(t, ts).Licenses.Get(ctx, "999")
		assert.Nil(t, l)
		require.ErrorIs(t, err, ErrNotFound)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.MethodGet, apiErr.Method)
		assert.Contains(t, apiErr.URL, "/licenses?id=999")
		assert.Equal(t, "2b4c6d8e-0f1a-4b2c-6d8e-0f1a3b5c7d9e", apiErr.RequestID)
		assert.Contains(t, err.Error(), `no licence with ID "999"`)
		assert.NotNil(t, resp)
	})
	t.Run("a name two licences have is ErrConflict", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			row := `{"id":%s,"name":"Shared","key":"K%s","category":"zdm(backup)"}`
			body := `{"success":true,"data":[` + strings.NewReplacer("%s", "1").Replace(row) + "," + strings.NewReplacer("%s", "2").Replace(row) + `]}`
			reply(w, 200, "application/json", []byte(body))
		})
		_, _, err := fixtureClient(t, ts).Licenses.Get(ctx, "Shared")
		require.ErrorIs(t, err, ErrConflict)
		assert.NotErrorIs(t, err, ErrNotFound)
		assert.Contains(t, err.Error(), "IDs 1, 2")
	})
}

func TestLicensesAssign_DecodesAndSaysItCannotBeUndone(t *testing.T) {
	ctx := context.Background()
	req := &AssignLicenseRequest{License: "5", Server: "web-server-01", Center: "1"}
	for _, tc := range []struct {
		fixture string
		want    AssignLicenseResult
	}{
		{"license_assign_v1.json", AssignLicenseResult{Server: ServerRef{ID: 1, Name: "web-server-01"},
			License: AssignedLicense{ID: 5, Name: "Backup Standard", Category: LicenseCategoryBackup, Created: "2026-01-01", Expires: "2027-01-01"}}},
		{"license_assign_v3.json", AssignLicenseResult{Server: ServerRef{ID: 12, Name: "app-server-03"},
			License: AssignedLicense{ID: 9, Name: "DR Enterprise", Category: LicenseCategoryDR, Created: "2026-07-01", Expires: "2027-07-01"}}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"PUT licenses/assign": {200, tc.fixture}})
			res, _, err := fixtureClient(t, ts).Licenses.Assign(ctx, req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, *res)
			assert.JSONEq(t, `{"server":"web-server-01","license":"5","center":"1"}`, ts.requests()[0].Body)
		})
	}
	t.Run("POST where the server has no PUT route", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				reply(w, 404, "text/html", []byte("<pre>Cannot PUT /api/licenses/assign</pre>"))
				return
			}
			reply(w, 200, "application/json", fixture(t, "inventory/license_assign_v1.json"))
		})
		res, _, err := fixtureClient(t, ts).Licenses.Assign(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, int64(5), res.License.ID)
		reqs := ts.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, []string{"PUT", "POST"}, []string{reqs[0].Method, reqs[1].Method})
	})
	t.Run("a server that already had one is a conflict, never retried", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"PUT licenses/assign": {409, "err_license_assign_v1_409_history.json"}})
		_, _, err := fixtureClient(t, ts).Licenses.Assign(ctx, req)
		require.ErrorIs(t, err, ErrConflict)
		assert.Len(t, ts.requests(), 1)
	})
}

func TestLicenses_RejectInvalidInputWithoutSending(t *testing.T) {
	ctx := context.Background()
	checkRefusals(t, []refusal{
		{"assign nil", "AssignLicenseRequest is nil", func(c *Client) error { _, _, err := c.Licenses.Assign(ctx, nil); return err }},
		{"assign no server", "AssignLicenseRequest.Server", func(c *Client) error {
			_, _, err := c.Licenses.Assign(ctx, &AssignLicenseRequest{License: "5"})
			return err
		}},
		{"assign no license", "AssignLicenseRequest.License", func(c *Client) error {
			_, _, err := c.Licenses.Assign(ctx, &AssignLicenseRequest{Server: "1"})
			return err
		}},
		{"assign blank center", "AssignLicenseRequest.Center", func(c *Client) error {
			_, _, err := c.Licenses.Assign(ctx, &AssignLicenseRequest{License: "5", Server: "1", Center: " "})
			return err
		}},
		{"get blank", "identifier", func(c *Client) error { _, _, err := c.Licenses.Get(ctx, " "); return err }},
		{"list unknown category", "ListLicensesOptions.Category", func(c *Client) error {
			_, _, err := c.Licenses.List(ctx, &ListLicensesOptions{Category: "backup"})
			return err
		}},
		{"list bad date", "ListLicensesOptions.Expires", func(c *Client) error {
			_, _, err := c.Licenses.List(ctx, &ListLicensesOptions{Expires: "01/01/2027"})
			return err
		}},
		{"list negative id", "ListLicensesOptions.ID", func(c *Client) error {
			_, _, err := c.Licenses.List(ctx, &ListLicensesOptions{ID: -1})
			return err
		}},
	})
}

func TestLicensesList_ShapesTheQuery(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"GET licenses": {200, "licenses_list_v3.json"}})
	_, _, err := fixtureClient(t, ts).Licenses.List(context.Background(), &ListLicensesOptions{
		Category: LicenseCategoryMigration, Expires: "2027-01-01", Created: "2026-01-01", Name: "Std", Center: "1", Sort: SortAscending})
	require.NoError(t, err)
	assert.Equal(t, "category=zdm%28migration%29&center=1&created=2026-01-01&exp=2027-01-01&name=Std&sort=asc", sentQuery(t, ts))
}
