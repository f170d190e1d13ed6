package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inventoryServer answers "METHOD path" routes with fixtures under
// testdata/inventory (see fixtureServer).
func inventoryServer(t *testing.T, routes map[string]route) *testServer {
	t.Helper()
	return fixtureServerIn(t, "inventory", routes)
}

// refusingServer fails the test on any request: for input that must be
// refused before anything is sent.
func refusingServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("nothing should be sent, got %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
		http.Error(w, "unexpected", http.StatusTeapot)
	})
}

// sentQuery is the query of the one request ts saw.
func sentQuery(t *testing.T, ts *testServer) string {
	t.Helper()
	reqs := ts.requests()
	require.Len(t, reqs, 1)
	return reqs[0].Query
}

func TestSize_ReadsEveryFormServersSend(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Size
	}{
		{`{"raw": 512110190592, "formatted": "477.0 GB"}`, Size{512110190592, "477.0 GB"}},
		{`{"raw": "1099511627776", "formatted": "1.0 TB"}`, Size{1099511627776, "1.0 TB"}},
		{`{"raw": 5.12e11, "formatted": "476.8 GB"}`, Size{512000000000, "476.8 GB"}},
		{`{"raw": null, "formatted": "-"}`, Size{}},
		{`{"formatted": "Unknown"}`, Size{}},
		{`"137438953472 (128.0 GB)"`, Size{137438953472, "128.0 GB"}},
		{`"Unknown"`, Size{}},
		{`"-"`, Size{}},
		{`null`, Size{}},
		{`""`, Size{}},
		{`2049`, Size{Bytes: 2049}},
		{`"4096"`, Size{Bytes: 4096}},
		{`"500GB"`, Size{Formatted: "500GB"}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var s size
			require.NoError(t, json.Unmarshal([]byte(tc.in), &s))
			assert.Equal(t, tc.want, Size(s))
		})
	}
}

func TestSize_RawThatIsNotBytesIsADecodeErrorNamingTheField(t *testing.T) {
	for _, in := range []string{`{"raw": -1}`, `{"raw": "lots"}`, `{"raw": 1.5}`, `"abc (1 GB)"`, `[1]`, `{"raw": {}}`} {
		t.Run(in, func(t *testing.T) {
			var p wireServerPartition
			err := json.Unmarshal([]byte(`{"letter":"/","size":`+in+`}`), &p)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "size")
		})
	}
}

func TestSize_StringWritesTheServersTextOrUnits(t *testing.T) {
	assert.Equal(t, "477.0 GB", Size{Bytes: 1, Formatted: "477.0 GB"}.String())
	assert.Equal(t, "512 B", Size{Bytes: 512}.String())
	assert.Equal(t, "1.5 GB", Size{Bytes: 3 << 29}.String())
	assert.Equal(t, "0 B", Size{}.String())
}

// TestInventoryRequests_PasswordNeverPrints pins that no fmt verb shows a
// request's password (and JSON leaves it out).
func TestInventoryRequests_PasswordNeverPrints(t *testing.T) {
	const secret = "Sup3r-S3cret!"
	for _, v := range []any{
		CreateRepositoryRequest{Center: "1", Type: RepositorySMB, Account: "backup", Password: secret},
		&UpdateRepositoryRequest{Center: "1", Password: secret},
		VerifyRepositoryRequest{Center: "1", Password: secret},
	} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%100v"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, secret, verb)
			assert.NotContains(t, out, fmt.Sprintf("%x", secret), verb)
		}
		out := fmt.Sprintf("%+v", v)
		assert.Contains(t, out, "Password:[REDACTED]")
		assert.Contains(t, out, "Center:1", "the rest prints as usual")
		b, err := json.Marshal(v)
		require.NoError(t, err)
		assert.NotContains(t, string(b), secret)
	}
	assert.Contains(t, fmt.Sprintf("%#v", CreateRepositoryRequest{Password: secret}), "zdm.CreateRepositoryRequest{")
	assert.Contains(t, CreateRepositoryRequest{Password: secret}.String(), "[REDACTED]")
	assert.Contains(t, VerifyRepositoryRequest{Password: secret}.GoString(), "zdm.VerifyRepositoryRequest{")
	assert.NotContains(t, fmt.Sprintf("%+v", CreateRepositoryRequest{}), "REDACTED", "an unset password prints empty")
}

func TestInventoryServices_WithoutClientAreInvalidArgument(t *testing.T) {
	ctx := t.Context()
	for name, call := range map[string]func() error{
		"servers":      func() error { _, _, err := (&ServersService{}).List(ctx, nil); return err },
		"centers":      func() error { _, _, err := (*CentersService)(nil).Get(ctx, "1", nil); return err },
		"repositories": func() error { _, err := (&RepositoriesService{}).Delete(ctx, 1, ""); return err },
		"schedules":    func() error { _, _, err := (&SchedulesService{}).Get(ctx, 1); return err },
		"licenses":     func() error { _, _, err := (&LicensesService{}).Get(ctx, "1"); return err },
	} {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), "NewClient")
		})
	}
}

// TestDo_ASuccessWithoutDataIsASuccessWhenNoDataIsExpected pins API.md:
// Do(ctx, req, nil) accepts {"success": true} with no data (repository
// register and verify answer so), while a call that expects data still
// refuses it.
func TestDo_ASuccessWithoutDataIsASuccessWhenNoDataIsExpected(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"POST zdms/repositories/verify": {200, "repository_verify_v1.json"}})
	c := fixtureClient(t, ts)
	req, err := c.NewRequest(http.MethodPost, "zdms/repositories/verify", map[string]string{"center": "1"})
	require.NoError(t, err)
	resp, err := c.Do(t.Context(), req, nil)
	require.NoError(t, err)
	assert.Equal(t, "Repository Verify Results", resp.Message)

	req, err = c.NewRequest(http.MethodPost, "zdms/repositories/verify", nil)
	require.NoError(t, err)
	var data map[string]any
	_, err = c.Do(t.Context(), req, &data)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	assert.Contains(t, err.Error(), "without data")
}

// refusal is a call that must be refused before anything is sent, with
// an error naming field.
type refusal struct {
	name, field string
	call        func(*Client) error
}

// checkRefusals runs each call on a client (with opts) of a server that
// fails the test on any request, and checks the error.
func checkRefusals(t *testing.T, cases []refusal, opts ...ClientOption) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(fixtureClient(t, refusingServer(t), opts...))
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
}

// TestInventory_PlaceholdersReadEmptyInEveryModelField pins API.md rev. 3
// for the inventory: "-", "Unknown" and null read as the zero value in
// every model field, times included (a schedule's lastRunTime, a
// server's lastUpdated, a licence's dates), whatever the field.
func TestInventory_PlaceholdersReadEmptyInEveryModelField(t *testing.T) {
	const parts = `"resources":{"model":"-","type":"Unknown","manufacturer":"-","kernel":"-","cpu":"-","cpuCount":"-","memory":"Unknown","systemType":"-","organization":"-"},` +
		`"disk":[{"caption":"-","device":"-","diskType":"Unknown","diskSize":"-","lastUpdated":"-"}],` +
		`"network":[{"name":"-","ipAddress":"-","subNet":"-","gateWay":"-","macAddress":"Unknown","lastUpdated":"Unknown"}],` +
		`"partition":[{"system":"-","letter":"-","device":"-","size":"-","used":"-","free":"-","usage":"-","fileSystem":"-","lastUpdated":"-"}],` +
		`"repository":[` + placeholderRepository + `]`
	data := map[string]string{
		"servers": `[{"id":"1","name":"-","agent":{"mode":"-","version":"Unknown"},"os":{"version":"-"},"ip":{"public":"-","private":["-"]},` +
			`"license":{"id":"-"},"status":{"connect":"-"},"lastUpdated":"-",` + parts + `}]`,
		"zdms": `[{"name":{"center":"-","host":"Unknown"},"id":{"center":"1","install":"-","machine":"-"},"os":{"version":"-"},` +
			`"ip":{"public":"-","private":null},"status":{"connect":"-","activate":"Unknown"},"path":{"logFile":"-","install":"-"},"lastUpdated":"-",` +
			parts + `,"zosRepository":[{"id":"1","centerName":"-","size":"-","platform":"-","cloudKeyId":"-","bucketName":"-","created":"-","lastUpdated":"Unknown"}]}]`,
		"zdms/repositories": `[` + placeholderRepository + `]`,
		"schedules": `[{"id":"1","center":{"id":"-","name":"-"},"type":"Unknown","state":"Unknown","jobName":"-","lastRunTime":"-","description":"-"},` +
			`{"id":"2","center":{"id":"1","name":"c"},"type":"Daily","state":"enable","jobName":"j","lastRunTime":null,"description":"Unknown"}]`,
		"licenses": `[{"id":1,"name":"-","key":"Unknown","category":"-","copies":{"total":"-","used":1,"available":"-","usage":"-"},` +
			`"description":"-","dates":{"created":"-","expires":"Unknown","daysRemaining":"-"}},` +
			`{"id":2,"licenseKey":"-","licenseCategory":"-","licenseCopyNumber":"-","licenseExpirationDate":"-","licenseCreateDate":"Unknown"}]`,
	}
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		d, ok := data[strings.TrimPrefix(r.URL.Path, testPrefix+"/")]
		if !ok {
			http.Error(w, "no route", http.StatusNotFound)
			return
		}
		reply(w, 200, "application/json", []byte(`{"success":true,"requestID":"r","timestamp":"2026-01-01 00:00:00","data":`+d+`}`))
	})
	c := fixtureClient(t, ts)
	ctx := context.Background()
	servers, _, err := c.Servers.List(ctx, nil)
	require.NoError(t, err)
	centers, _, err := c.Centers.List(ctx, nil)
	require.NoError(t, err)
	repos, _, err := c.Repositories.List(ctx, nil)
	require.NoError(t, err)
	schedules, _, err := c.Schedules.List(ctx, nil)
	require.NoError(t, err)
	licenses, _, err := c.Licenses.List(ctx, nil)
	require.NoError(t, err)
	for name, models := range map[string]any{"Server": servers, "Center": centers, "Repository": repos, "Schedule": schedules, "License": licenses} {
		assert.Empty(t, placeholdersIn(reflect.ValueOf(models), name), "model fields that kept a placeholder")
	}
	assert.Len(t, servers[0].Partitions, 1, "the parts were read")
	assert.Len(t, centers[0].ObjectStorage, 1)
}

const placeholderRepository = `{"id":"1","center":"-","type":"Unknown","remotePath":"-","localPath":"-","ipAddress":["-"],"port":"-",` +
	`"size":"-","used":"-","free":"-","usage":"-","remoteUser":"-","os":"Unknown","lastUpdated":"-"}`

// placeholdersIn lists the paths of the string fields under v that hold
// a placeholder ("-", "Unknown").
func placeholdersIn(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return placeholdersIn(v.Elem(), path)
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, placeholdersIn(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, placeholdersIn(v.Field(i), path+"."+v.Type().Field(i).Name)...)
			}
		}
		return out
	case reflect.String:
		if s := strings.TrimSpace(v.String()); s == "-" || strings.EqualFold(s, "unknown") {
			return []string{fmt.Sprintf("%s = %q", path, v.String())}
		}
	}
	return nil
}
