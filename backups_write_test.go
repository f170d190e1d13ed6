package zdm

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackupsCreate_SendsOneBodyAndReturnsTheJobNames(t *testing.T) {
	ts := backupServer(t, map[string]route{"POST backups": {201, "create_v1.json"}})
	off, on := false, true
	res, _, err := fixtureClient(t, ts).Backups.Create(context.Background(), &CreateBackupRequest{
		Center: "zdm-a", Server: "web01", Mode: BackupModeFull, Partitions: []string{"/", "/boot/efi"},
		Repository: RepositoryRef{ID: 13}, JobName: "backupTest", Rotation: 7, Compression: &on, Encryption: &off,
		ExcludeDirs: []string{"/tmp", "/var/cache"}, Schedule: json.RawMessage(`{"type":4,"basic":{"day":[25,28],"time":"12:00"}}`),
		NetworkLimit: 100, ScriptPath: "/opt/pre.sh", ScriptRun: ScriptTimingBefore, MailEvent: "ops@example.com",
		Individual: []BackupPartitionSettings{{Partition: "/boot/efi", JobName: "efi-nightly", RepositoryID: 14}},
	})
	require.NoError(t, err)
	require.Len(t, ts.requests(), 1)
	assert.JSONEq(t, `{"center":"zdm-a","server":"web01","type":"full","partition":["/","/boot/efi"],
		"repository":{"id":13},"jobName":"backupTest","autoStart":"not use","rotation":7,"compression":"use","encryption":"not use",
		"excludeDir":"/tmp,/var/cache","schedule":{"type":4,"basic":{"day":[25,28],"time":"12:00"}},"networkLimit":100,
		"scriptPath":"/opt/pre.sh","scriptRun":"before","mailEvent":"ops@example.com",
		"individual":[{"partition":"/boot/efi","jobName":"efi-nightly","repository":{"id":14}}]}`, ts.requests()[0].Body)
	assert.Equal(t, CreateSummary{Total: 2, Successful: 2}, res.Summary)
	require.Len(t, res.Jobs, 2)
	assert.Equal(t, CreatedBackupJob{JobName: "backupTest_boot_efi", Partition: "/boot/efi", State: "success", Mode: "Full Backup",
		Schedule: &ScheduleInfo{Type: "Monthly on Specific Date", Description: "[Basic] Start working at 12:00 25, 28 every month."}}, res.Jobs[1])
}

func TestBackupsCreate_EmptyPartitionsSendsEveryPartition(t *testing.T) {
	ts := backupServer(t, map[string]route{"POST backups": {201, "create_seed.json"}})
	res, _, err := fixtureClient(t, ts).Backups.Create(context.Background(), validBackupCreate())
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(ts.requests()[0].Body), &body))
	assert.Equal(t, []any{}, body["partition"], "an empty list, never null: the servers' \"every partition\"")
	assert.Equal(t, "backupTest_ROOT", res.Jobs[0].JobName)
}

func TestBackupsCreate_DecodesEveryGeneration(t *testing.T) {
	ts := backupServer(t, map[string]route{"POST backups": {200, "create_v3.json"}})
	res, _, err := fixtureClient(t, ts).Backups.Create(context.Background(), validBackupCreate())
	require.NoError(t, err)
	require.Len(t, res.Jobs, 1)
	j := res.Jobs[0]
	assert.True(t, j.AutoStart)
	assert.Equal(t, int64(10), j.Schedule.ID, "2.0.2 and later send the schedule's ID as a number")
	assert.Equal(t, &ScheduleInfo{ID: 11, Type: "Smart Daily", Description: "[Advanced] Start working at 03:00 every day."}, j.AdvancedSchedule)
	assert.Equal(t, "before job", j.ScriptRunTiming)
}

func TestBackupsCreate_PartialFailureReturnsTheResultAndNamesTheJob(t *testing.T) {
	ts := backupServer(t, map[string]route{"POST backups": {201, "create_v1_partial.json"}})
	res, _, err := fixtureClient(t, ts).Backups.Create(context.Background(), validBackupCreate())
	assert.Contains(t, err.Error(), "web01_data (/data): Partition '/data' not found")
	require.ErrorIs(t, err, ErrPartialFailure)
	assert.Equal(t, CreateSummary{Total: 2, Successful: 1, Failed: 1}, res.Summary, "the result comes beside the error")
}

func TestBackupsCreate_InvalidRequestNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		field string
		gen   Generation
		edit  func(r *CreateBackupRequest)
	}{
		{"CreateBackupRequest.Center", GenerationAuto, func(r *CreateBackupRequest) { r.Center = "" }},
		{"CreateBackupRequest.Server", GenerationAuto, func(r *CreateBackupRequest) { r.Server = " " }},
		{"CreateBackupRequest.Mode", GenerationAuto, func(r *CreateBackupRequest) { r.Mode = "" }},
		{"CreateBackupRequest.Mode", GenerationAuto, func(r *CreateBackupRequest) { r.Mode = "differential" }},
		{"CreateBackupRequest.Repository", GenerationV1, func(r *CreateBackupRequest) { r.Repository = RepositoryRef{Type: "nfs", Path: "/x"} }},
		{"CreateBackupRequest.Repository", GenerationDraft, func(r *CreateBackupRequest) { r.Repository = RepositoryRef{} }},
		{"CreateBackupRequest.Rotation", GenerationAuto, func(r *CreateBackupRequest) { r.Rotation = 31 }},
		{"CreateBackupRequest.NetworkLimit", GenerationAuto, func(r *CreateBackupRequest) { r.NetworkLimit = -1 }},
		{"CreateBackupRequest.Schedule", GenerationAuto, func(r *CreateBackupRequest) { r.ScheduleID, r.Schedule = 3, json.RawMessage(`{}`) }},
		{"CreateBackupRequest.Schedule", GenerationAuto, func(r *CreateBackupRequest) { r.Schedule = json.RawMessage(`[1]`) }},
		{"CreateBackupRequest.Partitions[1]", GenerationAuto, func(r *CreateBackupRequest) { r.Partitions = []string{"/", ""} }},
		{"CreateBackupRequest.Individual[0].Partition", GenerationAuto, func(r *CreateBackupRequest) {
			r.Individual = []BackupPartitionSettings{{JobName: "x"}}
		}},
		{"CreateBackupRequest.Individual[0].Mode", GenerationAuto, func(r *CreateBackupRequest) {
			r.Individual = []BackupPartitionSettings{{Partition: "/", Mode: "weekly"}}
		}},
	} {
		t.Run(tc.field, func(t *testing.T) {
			r := validBackupCreate()
			tc.edit(r)
			_, _, err := fixtureClient(t, refusingServer(t), WithServerGeneration(tc.gen)).Backups.Create(context.Background(), r)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	_, _, err := fixtureClient(t, refusingServer(t)).Backups.Create(context.Background(), nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestBackupsUpdate_SendsOnlyWhatIsSetWithTheCenter(t *testing.T) {
	ts := backupServer(t, map[string]route{"PUT backups/1": {200, "update_v1.json"}})
	rot, limit := 14, 0
	res, _, err := fixtureClient(t, ts).Backups.Update(context.Background(), "1", &UpdateBackupRequest{
		Center: "zdm-a", Name: "daily-backup-v2", Rotation: &rot, NetworkLimit: &limit, ExcludeDirs: []string{},
		Repository: &RepositoryRef{Path: "/backup/new"},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"center":"zdm-a","changeName":"daily-backup-v2","rotation":14,"networkLimit":0,"excludeDir":"","repository":{"path":"/backup/new"}}`,
		ts.requests()[0].Body, "a 0 limit and an empty exclusion list are changes; the center rides along (3.0.0 checks it)")
	require.Len(t, res.Jobs, 1)
	assert.Equal(t, UpdatedBackupJob{ID: 1, Name: "daily-backup-v2", Partition: "/"}, res.Jobs[0])
	require.Len(t, res.Changes, 2)
	assert.Equal(t, "rotation", res.Changes[1].Field)
	assert.Equal(t, "7", res.Changes[1].Previous.String(), "numbers stay numbers")
}

func TestBackupsUpdate_DecodesSchedulesAndNotices(t *testing.T) {
	ts := backupServer(t, map[string]route{"PUT backups/db-backup": {200, "update_v2_schedule.json"}})
	res, _, err := fixtureClient(t, ts).Backups.Update(context.Background(), "db-backup", &UpdateBackupRequest{ScheduleID: 5})
	require.NoError(t, err)
	assert.JSONEq(t, `{"schedule":5}`, ts.requests()[0].Body)
	assert.Equal(t, "C:", res.Jobs[0].Partition)
	assert.Equal(t, "Schedule(Basic)", res.Changes[0].Field)
	assert.JSONEq(t, `{"id":10,"type":"Weekly","description":"Every Monday at 02:00"}`, res.Changes[0].New.String())
	assert.Len(t, res.Notices, 1)
}

func TestBackupsUpdate_FailStateIsPartialFailure(t *testing.T) {
	ts := backupServer(t, map[string]route{"PUT backups/1": {200, "update_v1_fail.json"}})
	res, _, err := fixtureClient(t, ts).Backups.Update(context.Background(), "1", &UpdateBackupRequest{Mode: BackupModeIncrement})
	require.ErrorIs(t, err, ErrPartialFailure)
	assert.Contains(t, err.Error(), "Schedule lookup failed")
	assert.Equal(t, "fail", res.State)
}

func TestBackupsUpdate_NothingToChangeIsRefused(t *testing.T) {
	c := fixtureClient(t, refusingServer(t))
	for _, r := range []*UpdateBackupRequest{nil, {}, {Center: "zdm-a"}} {
		_, _, err := c.Backups.Update(context.Background(), "1", r)
		require.ErrorIs(t, err, ErrInvalidArgument)
	}
	zero := 0
	_, _, err := c.Backups.Update(context.Background(), "1", &UpdateBackupRequest{Rotation: &zero})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "UpdateBackupRequest.Rotation")
	assert.Contains(t, err.Error(), "0 is not a rotation: expected 1 to 30, or nil", "the message names the value given")
	assert.NotContains(t, err.Error(), "-1")
}

func TestBackupsStartStop_BodyPerGeneration(t *testing.T) {
	for _, tc := range []struct {
		gen          Generation
		word, center string
		want         string
	}{
		{GenerationDraft, "start", "", `{"status":"start"}`},
		{GenerationDraft, "stop", "", `{"status":"cancel"}`},
		{GenerationV1, "start", "", `{"status":"start"}`},
		{GenerationV1, "stop", "1", `{"center":"1","status":"stop"}`},
		{GenerationV3, "start", "zdm-a", `{"center":"zdm-a","status":"start"}`},
		{GenerationV3, "stop", "", `{"status":"stop"}`},
	} {
		t.Run(tc.gen.String()+" "+tc.word, func(t *testing.T) {
			ts := backupServer(t, map[string]route{"PUT backups/10": {200, "update_v3_start.json"}})
			bs := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Backups
			call := bs.Start
			if tc.word == "stop" {
				call = bs.Stop
			}
			res, _, err := call(context.Background(), "10", tc.center)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, ts.requests()[0].Body)
			assert.Equal(t, "Job Status", res.Changes[0].Field)
			assert.Equal(t, int64(10), res.Jobs[0].ID)
		})
	}
}

func TestBackupsDelete_OutcomesOfTheSummaryState(t *testing.T) {
	ctx := context.Background()
	t.Run("success", func(t *testing.T) {
		ts := backupServer(t, map[string]route{"DELETE backups/daily-backup": {200, "delete_v3.json"}})
		res, _, err := fixtureClient(t, ts).Backups.Delete(ctx, "daily-backup", &DeleteBackupOptions{Center: "zdm-a"})
		require.NoError(t, err)
		assert.Equal(t, "center=zdm-a", ts.requests()[0].Query, "one center, no partition (3.0.0 refuses it)")
		assert.Equal(t, DeleteCounts{BasicInfo: 1, DetailInfo: 1, HistoryData: 5, LogData: 10}, res.Affected)
		assert.True(t, res.Jobs[0].Components.HistoryData)
	})
	t.Run("not_found is ErrNotFound", func(t *testing.T) {
		ts := backupServer(t, map[string]route{"DELETE backups/7": {200, "delete_v3_not_found.json"}})
		res, _, err := fixtureClient(t, ts).Backups.Delete(ctx, "7", nil)
		require.ErrorIs(t, err, ErrNotFound)
		assert.NotErrorIs(t, err, ErrPartialFailure)
		assert.Equal(t, "not_found", res.State)
	})
	t.Run("fail is a partial failure naming the partition", func(t *testing.T) {
		ts := backupServer(t, map[string]route{"DELETE backups/7": {200, "delete_v1_fail.json"}})
		res, _, err := fixtureClient(t, ts).Backups.Delete(ctx, "7", nil)
		require.ErrorIs(t, err, ErrPartialFailure)
		assert.Contains(t, err.Error(), "/: history table locked")
		assert.False(t, res.Jobs[0].Components.HistoryData)
	})
}

func TestBackupsWrites_LostAnswerIsOutcomeUnknownAndSentOnce(t *testing.T) {
	ctx := context.Background()
	for name, call := range map[string]func(c *Client) error{
		"create": func(c *Client) error { _, _, err := c.Backups.Create(ctx, validBackupCreate()); return err },
		"start":  func(c *Client) error { _, _, err := c.Backups.Start(ctx, "7", "1"); return err },
		"delete": func(c *Client) error { _, _, err := c.Backups.Delete(ctx, "7", nil); return err },
		"update": func(c *Client) error {
			_, _, err := c.Backups.Update(ctx, "7", &UpdateBackupRequest{Name: "n"})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusBadGateway)
			})
			err := call(fixtureClient(t, ts, WithServerGeneration(GenerationV1), WithRetryWait(time.Millisecond, time.Millisecond)))
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Len(t, ts.requests(), 1, "a write the server may have acted on is never resent")
		})
	}
}
