package zdmtest_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// apiError is err as an *zdm.APIError, failing the test when it is none.
func apiError(t *testing.T, err error) *zdm.APIError {
	t.Helper()
	var ae *zdm.APIError
	require.True(t, errors.As(err, &ae), "%v", err)
	return ae
}

// names are the names of what a list holds.
func names[T any](items []*T, name func(*T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = name(it)
	}
	return out
}

func serverName(s *zdm.Server) string { return s.Name }

// TestServers_TheWorldsThroughTheSDK: the default world's servers read
// through the SDK on every generation, with their agents, connections,
// licences and partitions, filtered as the servers filter.
func TestServers_TheWorldsThroughTheSDK(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			ss := srv.Client().Servers
			ctx := context.Background()

			all, resp, err := ss.List(ctx, &zdm.ListServersOptions{Sort: sortAsc(d)})
			require.NoError(t, err)
			assert.Nil(t, resp.Pagination, "no page asked for, none sent")
			want := []string{"web01", "web01-dr", "win01", "win01-dr", "db01", "db01-dr", "erp01", "erp01-dr"}
			if d == zdmtest.DialectDraft {
				slices.Reverse(want) // the draft API has no sort: newest first
			}
			assert.Equal(t, want, names(all, serverName))

			web, _, err := ss.Get(ctx, "web01", &zdm.GetServerOptions{ServerIncludes: zdm.ServerIncludes{Partition: true, Detail: true}})
			require.NoError(t, err)
			assert.Equal(t, int64(1), web.ID)
			assert.Equal(t, zdm.ServerModeSource, web.Mode())
			assert.True(t, web.Connected())
			assert.Equal(t, int64(1), web.License.ID)
			assert.Equal(t, "Rocky Linux 9.3", web.OS.Version)
			assert.Equal(t, "3.2.1", web.Agent.Version)
			require.Len(t, web.Partitions, 2)
			assert.Equal(t, "/", web.Partitions[0].MountPoint())
			assert.Equal(t, int64(50<<30), web.Partitions[0].Size.Bytes)
			assert.Equal(t, 24, web.Partitions[0].Usage)
			assert.NotNil(t, web.Resources)

			byID, _, err := ss.Get(ctx, "4", nil)
			require.NoError(t, err)
			assert.Equal(t, "win01-dr", byID.Name)
			assert.Equal(t, zdm.ServerModeTarget, byID.Mode())
			assert.Zero(t, byID.License.ID, "no licence")

			dr, _, err := ss.ListPartitions(ctx, "win01-dr", nil)
			require.NoError(t, err)
			require.Len(t, dr, 2)
			assert.Equal(t, []string{"C:", "D:"}, []string{dr[0].Drive(), dr[1].Drive()})

			_, _, err = ss.Get(ctx, "no-such-server", nil)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			ae := apiError(t, err)
			switch d {
			case zdmtest.DialectV3:
				assert.Equal(t, "SERVER-ERROR-01", ae.Code)
				assert.Equal(t, "Server with Name 'no-such-server' not found", ae.Message)
			case zdmtest.DialectV1:
				assert.Equal(t, "Name이 'no-such-server'인 Server를 찾을 수 없습니다", ae.Message)
			}

			if d == zdmtest.DialectDraft {
				return // the draft API's list takes the filters below too, but no center or page
			}
			for _, tc := range []struct {
				opts zdm.ListServersOptions
				want []string
			}{
				{zdm.ListServersOptions{Connection: zdm.ConnectionDisconnected}, []string{"db01-dr"}},
				{zdm.ListServersOptions{Center: "zdm-b"}, []string{"erp01-dr", "erp01"}},
				{zdm.ListServersOptions{Center: "2"}, []string{"erp01-dr", "erp01"}},
				{zdm.ListServersOptions{OS: zdm.OSWindows}, []string{"win01-dr", "win01"}},
				{zdm.ListServersOptions{Mode: zdm.ServerModeTarget, Center: "zdm-a"}, []string{"db01-dr", "win01-dr", "web01-dr"}},
				{zdm.ListServersOptions{License: zdm.LicenseAssigned}, []string{"erp01", "db01", "win01", "web01"}},
			} {
				got, _, err := ss.List(ctx, &tc.opts)
				require.NoError(t, err)
				assert.Equal(t, tc.want, names(got, serverName), "%+v", tc.opts)
			}
			page, resp, err := ss.List(ctx, &zdm.ListServersOptions{ListOptions: zdm.ListOptions{Page: 2, Limit: 3}})
			require.NoError(t, err)
			assert.Equal(t, []string{"db01", "win01-dr", "win01"}, names(page, serverName), "newest first")
			require.NotNil(t, resp.Pagination)
			assert.Equal(t, 8, resp.Pagination.TotalItems)
			assert.Equal(t, 3, resp.NextPage)
			var every []string
			for s, err := range ss.ListAll(ctx, &zdm.ListServersOptions{ListOptions: zdm.ListOptions{Limit: 3}}) {
				require.NoError(t, err)
				every = append(every, s.Name)
			}
			assert.Len(t, every, 8)
		})
	}
}

// sortAsc is an ascending sort where the dialect has one.
func sortAsc(d zdmtest.Dialect) zdm.SortOrder {
	if d == zdmtest.DialectDraft {
		return ""
	}
	return zdm.SortAscending
}

// TestServers_NamesAreUniquePerCenter: two centers may each have a server
// called web01; 3.0.0 looks the server up in the center given, older
// servers take the first of that name and refuse one of another center.
func TestServers_NamesAreUniquePerCenter(t *testing.T) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			id := srv.AddServer(zdmtest.ServerSpec{Name: "web01", Center: "zdm-b"})
			assert.Equal(t, 9, id)
			misuse, err := zdmtest.Start(zdmtest.WithInProcess())
			require.NoError(t, err)
			defer misuse.Close()
			assert.Zero(t, misuse.AddServer(zdmtest.ServerSpec{Name: "web01", Center: "zdm-a"}))
			assert.ErrorContains(t, misuse.Err(), `name: "web01" is taken by another server of center "zdm-a"`)

			ss := srv.Client().Servers
			got, _, err := ss.Get(context.Background(), "web01", &zdm.GetServerOptions{Center: "zdm-b"})
			if d == zdmtest.DialectV3 {
				require.NoError(t, err)
				assert.Equal(t, int64(9), got.ID, "zdm-b's own")
			} else {
				require.ErrorIs(t, err, zdm.ErrForbidden, "the first of that name is zdm-a's")
				assert.Equal(t, "Server does not belong to center 'zdm-b'", apiError(t, err).Message)
			}
			first, _, err := ss.Get(context.Background(), "web01", nil)
			require.NoError(t, err)
			assert.Equal(t, int64(1), first.ID, "no center: the first")
		})
	}
}

// TestServers_Delete: a server goes with its parts; 3.0.0 wants its one
// center and deletes its jobs too; another center is 403.
func TestServers_Delete(t *testing.T) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			ctx := context.Background()
			ss := srv.Client().Servers
			register(t, srv, regBody(d, "to-db", map[string]any{"sourcePartition": "/", "targetPartition": "/"}))
			body := regBody(d, "onto-db01-dr")
			body["target"] = "db01-dr"
			register(t, srv, body)

			_, _, err := ss.Delete(ctx, "db01-dr", "zdm-b")
			require.ErrorIs(t, err, zdm.ErrForbidden)
			if d == zdmtest.DialectV3 {
				assert.Equal(t, "CENTER-ERROR-01", apiError(t, err).Code)
				assert.Equal(t, "Server 'db01-dr' does not belong to center 'zdm-b'", apiError(t, err).Message)
			}
			res, _, err := ss.Delete(ctx, "db01-dr", "zdm-a")
			require.NoError(t, err)
			assert.Equal(t, "success", res.Result)
			assert.Equal(t, int64(6), res.Server.ID)
			_, _, err = ss.Get(ctx, "db01-dr", nil)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			if d == zdmtest.DialectV3 {
				assert.Contains(t, res.Message, "backup: 0, recovery: 1")
				assert.Nil(t, srv.Job("onto-db01-dr"), "3.0.0 deletes the server's jobs")
			} else {
				assert.NotNil(t, srv.Job("onto-db01-dr"), "older servers keep them")
			}
			assert.NotNil(t, srv.Job("to-db"))

			status, env := call(t, srv, http.MethodDelete, "/servers/web01", nil)
			if d == zdmtest.DialectV3 {
				assert.Equal(t, http.StatusBadRequest, status, "3.0.0 wants the one center")
				assert.Equal(t, []any{"exactly one center must be specified"}, at(env, "error", "details", "center"))
			} else {
				assert.Equal(t, http.StatusOK, status)
			}
		})
	}
}

// TestServers_QueryRules: 3.0.0 refuses unknown keys and empty values
// (400 DTO-VALIDATION-03) and names an unknown center (404); 1.x/2.x
// ignore them; an unknown mode is 400 in the dialect's words.
func TestServers_QueryRules(t *testing.T) {
	tests := []struct {
		dialect zdmtest.Dialect
		query   string
		status  int
		want    string // v3 code, or the 1.x/2.x error text
	}{
		{zdmtest.DialectV3, "colour=red", 400, "DTO-VALIDATION-03"},
		{zdmtest.DialectV3, "center=", 400, "DTO-VALIDATION-03"},
		{zdmtest.DialectV3, "center=zdm-a,Atlantis", 404, "ZDM-ERROR-01"},
		{zdmtest.DialectV3, "mode=Target", 200, ""},
		{zdmtest.DialectV1, "colour=red", 200, ""},
		{zdmtest.DialectV1, "center=Atlantis", 200, ""},
		{zdmtest.DialectV1, "mode=sideways", 400, "유효하지 않은 'mode' 값입니다. 허용된 값: source, target"},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String()+" "+tt.query, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect), zdmtest.WithInProcess())
			status, env := get(t, srv, "/servers?"+tt.query)
			assert.Equal(t, tt.status, status, "%v", env)
			if tt.want != "" {
				assert.Equal(t, tt.want, errorCode(env))
			}
		})
	}
}
