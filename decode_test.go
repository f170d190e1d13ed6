package zdm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// monitorFixture serves a fixture as the monitoring answer and returns
// what MonitorJob made of it.
func monitorFixture(t *testing.T, name string, opts ...ClientOption) (*JobMonitoring, *Response, error) {
	t.Helper()
	body := fixture(t, name)
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, "application/json; charset=utf-8", body)
	}), opts...)
	return c.Recoveries.MonitorJob(context.Background(), "1", nil)
}

func TestDecodeSeedShape(t *testing.T) {
	t.Parallel()
	m, resp, err := monitorFixture(t, "monitor_seed.json")
	require.NoError(t, err)
	assert.Equal(t, "req-abc123", resp.RequestID)
	assert.Equal(t, "Recovery monitoring info", resp.Message)
	assert.Equal(t, "2025-01-15T10:15:00Z", resp.Timestamp)
	assert.Equal(t, 1, resp.Attempts)

	assert.Equal(t, "source-server", m.System.Source.Name)
	assert.Equal(t, "target-server", m.System.Target.Name)
	assert.Equal(t, "daily-recovery", m.Job.Info.Name)
	assert.Equal(t, []string{"Starting recovery...", "Transferring data..."}, m.Job.Log)
	require.Len(t, m.Job.Details, 2)

	root := m.Job.Details[0]
	assert.Equal(t, "/", root.Name())
	assert.Equal(t, Status("run"), root.ProgressInfo.Status)
	assert.Equal(t, PhaseRunning, root.ProgressInfo.Status.Phase())
	pct, ok := root.ProgressInfo.PercentValue()
	assert.True(t, ok)
	assert.InDelta(t, 45, pct, 1e-9)
	start, ok := root.ProgressInfo.StartTime()
	assert.True(t, ok)
	assert.Equal(t, time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC), start.UTC())
	el, ok := root.ProgressInfo.ElapsedDuration()
	assert.True(t, ok)
	assert.Equal(t, 15*time.Minute, el)
	assert.Equal(t, "-", root.ProgressInfo.End, "\"-\" is kept as sent")
	_, ok = root.ProgressInfo.EndTime()
	assert.False(t, ok)

	home := m.Job.Details[1]
	assert.Equal(t, PhasePending, home.ProgressInfo.Status.Phase())
	assert.False(t, m.Job.Done())
	assert.Nil(t, m.Job.Progress)
}

func TestDecodeCLIDetailWithNulls(t *testing.T) {
	t.Parallel()
	m, _, err := monitorFixture(t, "monitor_cli_detail.json")
	require.NoError(t, err)
	src := m.System.Source
	assert.Equal(t, "Rocky Linux 9.3", src.OS)
	assert.Equal(t, "ZDM Agent 2.0.1", src.Agent)
	assert.Equal(t, "203.0.113.24", src.IP.Public)
	assert.Equal(t, []string{"10.0.4.21", "172.16.0.9"}, src.IP.Private)
	assert.Equal(t, "", m.System.Target.IP.Public, "null reads as empty")
	assert.Equal(t, "OpenStack", m.Job.Info.Platform)
	assert.Equal(t, "full", m.Job.Info.Mode)
	assert.Equal(t, "", m.Job.Log[2], "a null log line reads as empty")

	require.Len(t, m.Job.Details, 2)
	d0, d1 := m.Job.Details[0], m.Job.Details[1]
	assert.Equal(t, "/", d0.Name())
	assert.Equal(t, "", d0.Drive, "null drive reads as empty")
	assert.Equal(t, "/dev/vda1", d0.Device)
	assert.Equal(t, BackupInfo{JobName: "web-prod-01-backup", FileName: "web-prod-01_root_20250301.zdm"}, d0.Backup)
	assert.Equal(t, RepositoryInfo{ID: 1, Type: "SMB", Path: `\\nas01\zdm-repo`}, d0.Repository)
	assert.Equal(t, int64(2), d1.Repository.ID, "a numeric id reads as the number")
	assert.Equal(t, "", d1.Backup.FileName)
	assert.Equal(t, "", d1.ProgressInfo.Message)
	el, ok := d1.ProgressInfo.ElapsedDuration()
	assert.True(t, ok)
	assert.Equal(t, 26*time.Hour+3*time.Minute+10*time.Second, el, "hours past 24")
	assert.True(t, d0.Finished())
	assert.False(t, d1.Finished())
}

func TestDecodeV1ZonelessTimesAndReboot(t *testing.T) {
	t.Parallel()
	seoul := time.FixedZone("KST", 9*3600)
	m, _, err := monitorFixture(t, "monitor_v1_windows.json", WithServerTimeZone(seoul))
	require.NoError(t, err)
	require.Len(t, m.Job.Details, 3)
	c, d, e := m.Job.Details[0], m.Job.Details[1], m.Job.Details[2]
	assert.Equal(t, "C:", c.Name())
	assert.Equal(t, "", c.Partition)

	start, ok := c.ProgressInfo.StartTime()
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 1, 17, 6, 2, 40, 0, time.UTC), start.UTC(), "zone-less time read in the server's zone")

	assert.False(t, c.Finished(), "Processing at 100%% is the reboot phase, not done")
	assert.True(t, d.Finished(), "Scheduled with 100%% and an end time is a finished run")
	assert.Equal(t, PhasePending, e.ProgressInfo.Status.Phase())
	_, ok = e.ProgressInfo.PercentValue()
	assert.False(t, ok)
	assert.False(t, m.Job.Done())

	// Without the option, zone-less times read as UTC.
	m, _, err = monitorFixture(t, "monitor_v1_windows.json")
	require.NoError(t, err)
	start, ok = m.Job.Details[0].ProgressInfo.StartTime()
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 1, 17, 15, 2, 40, 0, time.UTC), start)
}

func TestDecodeV3Shape(t *testing.T) {
	t.Parallel()
	m, resp, err := monitorFixture(t, "monitor_v3.json")
	require.NoError(t, err)
	assert.Equal(t, "7c1d0f5e2b9a4e31", resp.RequestID, "traceId is the request id")
	assert.Equal(t, "db-prod-02", m.System.Source.Name)
	assert.Equal(t, "db-dr-02", m.System.Target.Name)
	assert.Equal(t, int64(42), m.Job.Info.ID)
	require.Len(t, m.Job.Details, 3, "rows of the same partition stay distinct")
	assert.Equal(t, "/", m.Job.Details[0].Name())
	assert.Equal(t, "/", m.Job.Details[1].Name())
	assert.NotEqual(t, m.Job.Details[0].BackupFile, m.Job.Details[1].BackupFile)
	end, ok := m.Job.Details[1].ProgressInfo.EndTime()
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 3, 2, 0, 12, 30, 0, time.UTC), end.UTC())

	require.NotNil(t, m.Job.Progress)
	assert.Equal(t, Status("Processing"), m.Job.Progress.Status)
	assert.Equal(t, "00:33:05", m.Job.Progress.Elapsed, "job times come from job.timeInfo")
	for _, d := range m.Job.Details {
		assert.True(t, d.Finished())
	}
	assert.False(t, m.Job.Done(), "the job-level status rules: still rebooting")
}

func TestDecodeDraftShape(t *testing.T) {
	t.Parallel()
	m, _, err := monitorFixture(t, "monitor_draft.json")
	require.NoError(t, err)
	assert.Equal(t, "legacy-app-01", m.System.Source.Name, "server as a plain string")
	assert.Equal(t, "legacy-app-01-dr", m.System.Target.Name)
	require.Len(t, m.Job.Details, 1)
	d := m.Job.Details[0]
	assert.Equal(t, "/", d.Name())
	assert.Equal(t, PhaseRunning, d.ProgressInfo.Status.Phase())
	pct, ok := d.ProgressInfo.PercentValue()
	assert.True(t, ok)
	assert.InDelta(t, 60, pct, 1e-9)
	el, ok := d.ProgressInfo.ElapsedDuration()
	assert.True(t, ok)
	assert.Equal(t, 90*time.Minute, el)
}

func TestDecodeUnexpectedBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, contentType string
		wantIn                  []string
	}{
		{"truncated JSON", "monitor_truncated.json", "application/json", []string{"invalid JSON", "900 bytes of application/json"}},
		{"wrong JSON types", "monitor_wrong_types.json", "application/json", []string{"wrong JSON type"}},
		{"HTML with 200", "nginx_502.html", "text/html", []string{"text/html", "<html>"}},
		{"empty body", "", "", []string{"an empty body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.file != "" {
				body = fixture(t, tt.file)
			}
			c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reply(w, http.StatusOK, tt.contentType, body)
			}))
			m, resp, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.NotNil(t, resp)
			assert.ErrorIs(t, err, ErrUnexpectedResponse)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusOK, apiErr.StatusCode)
			assert.True(t, apiErr.transient())
			for _, s := range tt.wantIn {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

func TestUnmarshalJobMonitoringDirectly(t *testing.T) {
	t.Parallel()
	var env struct {
		Data JobMonitoring `json:"data"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "monitor_v3.json"), &env))
	assert.Equal(t, "db-prod-02", env.Data.System.Source.Name)
	assert.Len(t, env.Data.Job.Details, 3)

	// A model marshalled and read back is the same model.
	out, err := json.Marshal(env.Data)
	require.NoError(t, err)
	var back JobMonitoring
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, env.Data, back)

	var bad JobMonitoring
	err = json.Unmarshal([]byte(`{"job":{"details":{}}}`), &bad)
	var typeErr *json.UnmarshalTypeError
	assert.True(t, errors.As(err, &typeErr), "got %v", err)
}

func TestUnmarshalDraftDirectly(t *testing.T) {
	t.Parallel()
	var env struct {
		Data JobMonitoring `json:"data"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "monitor_draft.json"), &env))
	assert.Equal(t, "legacy-app-01", env.Data.System.Source.Name)
	assert.Len(t, env.Data.Job.Details, 1)

	// A draft with another type error still reports it.
	var m JobMonitoring
	err := json.Unmarshal([]byte(`{"system":{"source":"a"},"job":{"details":"x"}}`), &m)
	var typeErr *json.UnmarshalTypeError
	require.ErrorAs(t, err, &typeErr)
	assert.Equal(t, "job.details", typeErr.Field)

	// Through the client too.
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"data":{"system":{"source":"a","target":"b"},"job":{"details":"x"}}}`))
	}))
	_, _, err = c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	assert.Contains(t, err.Error(), "data.job.details")
}

func TestDecodeObjectWhereTextExpected(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"success":true,"data":{"job":{"details":[{"partition":"/","progressInfo":{"percent":{"value":45}}}]}}}`,
		`{"success":true,"data":{"job":{"info":{"name":["a"]}}}}`,
	} {
		c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, "application/json", []byte(body))
		}))
		_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
		require.ErrorIs(t, err, ErrUnexpectedResponse)
		assert.Contains(t, err.Error(), "wrong JSON type")
	}
}

func TestDecodeNumbersWhereTextExpected(t *testing.T) {
	t.Parallel()
	body := `{"success":true,"requestID":"r","data":{"system":{"source":{"name":"a","ip":{"public":null,"private":["10.0.0.1",null]}},"target":"b"},` +
		`"job":{"info":{"name":"n","mode":1},"log":["x",7],"details":[{"partition":"/","progressInfo":{"status":"run","percent":45,"message":true,"elapsed":"00:00:01"}}]}}}`
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(body))
	}))
	m, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	p := m.Job.Details[0].ProgressInfo
	assert.Equal(t, "45", p.Percent)
	assert.Equal(t, "true", p.Message)
	assert.Equal(t, "1", m.Job.Info.Mode)
	assert.Equal(t, []string{"x", "7"}, m.Job.Log)
	assert.Equal(t, "b", m.System.Target.Name, "a draft's plain name, in the same tolerant pass")
	assert.Equal(t, []string{"10.0.0.1"}, m.System.Source.IP.Private)

	var direct JobMonitoring
	require.NoError(t, json.Unmarshal([]byte(`{"job":{"details":[{"partition":"/","progressInfo":{"percent":60}}]}}`), &direct))
	assert.Equal(t, "60", direct.Job.Details[0].ProgressInfo.Percent)
}
