package zdm

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validCreate() *CreateRecoveryRequest {
	no := false
	return &CreateRecoveryRequest{
		Center: "1", Source: "src", Target: "dst", Platform: "VMware", Repository: RepositoryRef{ID: 9},
		Mode: ModeFull, JobName: "daily-recovery", AutoStart: true, ExcludePartitions: []string{"/boot", "/home"},
		Partitions: []PartitionMapping{{SourcePartition: "/", TargetPartition: "/", Overwrite: &no, RepositoryID: 10}},
	}
}

func TestCreate_SendsTheDocumentedBodyAndDecodesEveryGeneration(t *testing.T) {
	for _, fx := range []string{"create_seed.json", "create_v1.json", "create_v3.json", "create_v3_image.json"} {
		t.Run(fx, func(t *testing.T) {
			ts := fixtureServer(t, map[string]route{"POST recoveries": {201, fx}})
			res, resp, err := fixtureClient(t, ts).Recoveries.Create(context.Background(), validCreate())
			require.NoError(t, err)
			require.NotNil(t, resp)
			assert.NotEmpty(t, res.JobName)
			assert.Equal(t, "success", res.State)
			assert.Equal(t, "/", res.Partitions[0].SourcePartition)
			assert.True(t, res.Summary.Successful > 0)
			assert.JSONEq(t, `{"center":"1","source":"src","target":"dst","platform":"vmware","repository":{"id":9},
				"mode":"full","jobName":"daily-recovery","autoStart":"use","excludePartition":"/boot,/home",
				"jobList":[{"sourcePartition":"/","targetPartition":"/","overwrite":"not allow","repository":{"id":10}}]}`, ts.requests()[0].Body)
		})
	}
}

func TestCreate_ReturnsResultWithPartialFailure(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"POST recoveries": {201, "create_v1_partial.json"}})
	res, _, err := fixtureClient(t, ts).Recoveries.Create(context.Background(), validCreate())
	require.ErrorIs(t, err, ErrPartialFailure)
	require.NotNil(t, res)
	assert.Equal(t, 1, res.Summary.Failed)
	assert.Len(t, res.Notices, 1)
}

func TestCreate_RejectsInvalidInputWithoutSending(t *testing.T) {
	for name, mutate := range map[string]func(*CreateRecoveryRequest){
		"no center":        func(r *CreateRecoveryRequest) { r.Center = " " },
		"no source":        func(r *CreateRecoveryRequest) { r.Source = "" },
		"no mode":          func(r *CreateRecoveryRequest) { r.Mode = "" },
		"unknown mode":     func(r *CreateRecoveryRequest) { r.Mode = "smart" },
		"unknown platform": func(r *CreateRecoveryRequest) { r.Platform = "mainframe" },
		"no repository":    func(r *CreateRecoveryRequest) { r.Repository = RepositoryRef{} },
		"after reboot":     func(r *CreateRecoveryRequest) { r.AfterReboot = "none" },
		"row target":       func(r *CreateRecoveryRequest) { r.Partitions[0].TargetPartition = "" },
		"two schedules":    func(r *CreateRecoveryRequest) { r.ScheduleID, r.Schedule = 3, json.RawMessage(`{"type":3}`) },
	} {
		t.Run(name, func(t *testing.T) {
			ts := fixtureServer(t, nil)
			req := validCreate()
			mutate(req)
			_, _, err := fixtureClient(t, ts).Recoveries.Create(context.Background(), req)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Empty(t, ts.requests())
		})
	}
}

func TestUpdate_ShapesPartitionsForGeneration(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  Generation
		rows []PartitionUpdate
		want string
		bad  bool
	}{
		{"1.x by partition", GenerationV1, []PartitionUpdate{{Partition: "/", Mode: ModeFull}}, `{"center":"1","mode":"increment","jobList":[{"partition":"/","mode":"full"}]}`, false},
		{"1.x by drive", GenerationV1, []PartitionUpdate{{Drive: "C:", Mode: ModeFull}}, `{"center":"1","mode":"increment","jobList":[{"drive":"C:","mode":"full"}]}`, false},
		{"3.0.0 by backupFile", GenerationV3, []PartitionUpdate{{BackupFile: "a.ZIA", TargetPartition: "/data", Mode: ModeFull}}, `{"center":"1","mode":"increment","jobList":[{"backupFile":"a.ZIA","targetPartition":"/data","mode":"full"}]}`, false},
		{"3.0.0 refuses partition rows", GenerationV3, []PartitionUpdate{{Partition: "/"}}, "", true},
		{"1.x refuses backupFile rows", GenerationV1, []PartitionUpdate{{BackupFile: "a.ZIA"}}, "", true},
		{"both ways", GenerationAuto, []PartitionUpdate{{Partition: "/", BackupFile: "a.ZIA"}}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := fixtureServer(t, map[string]route{"PUT recoveries/daily recovery": {200, "update_v1_partition.json"}})
			res, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Recoveries.Update(context.Background(), "daily recovery",
				&UpdateRecoveryRequest{Center: "1", Mode: ModeIncrement, Partitions: tc.rows})
			if tc.bad {
				require.ErrorIs(t, err, ErrInvalidArgument)
				assert.Empty(t, ts.requests())
				return
			}
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, ts.requests()[0].Body)
			assert.Equal(t, "/daily%20recovery", ts.requests()[0].RawPath[len(testPrefix)+len("/recoveries"):])
			require.Len(t, res.PartitionChanges, 1)
			assert.Equal(t, "Recovery Mode", res.Changes[0].Field)
			assert.JSONEq(t, `"full"`, string(res.Changes[0].Previous))
		})
	}
}

func TestStartStop_SendStatusOrSeedState(t *testing.T) {
	for _, tc := range []struct {
		gen        Generation
		stop       bool
		want       string
		wantResult string
	}{
		{GenerationV1, false, `{"center":"1","status":"start"}`, "start"},
		{GenerationV3, true, `{"center":"1","status":"stop"}`, ""},
		{GenerationSeed, true, `{"center":"1","state":"cancel"}`, ""},
	} {
		ts := fixtureServer(t, map[string]route{"PUT recoveries/7": {200, "update_v3_start.json"}})
		c := fixtureClient(t, ts, WithServerGeneration(tc.gen))
		var err error
		var res *UpdateRecoveryResult
		if tc.stop {
			res, _, err = c.Recoveries.Stop(context.Background(), "7", "1")
		} else {
			res, _, err = c.Recoveries.Start(context.Background(), "7", "1")
		}
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, ts.requests()[0].Body)
		assert.Equal(t, "Job Status", res.Changes[0].Field)
	}
}

func TestStart_V3NeedsCenter(t *testing.T) {
	ts := fixtureServer(t, nil)
	_, _, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Recoveries.Start(context.Background(), "7", "")
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, ts.requests())
}

func TestDelete_FailStateIsPartialFailure(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"DELETE recoveries/7": {200, "delete_v1_fail.json"}})
	res, _, err := fixtureClient(t, ts).Recoveries.Delete(context.Background(), "7", &DeleteRecoveryOptions{Center: "zdm-a"})
	require.ErrorIs(t, err, ErrPartialFailure)
	assert.Equal(t, "fail", res.State)
	assert.Equal(t, 5, res.Affected.HistoryData)
	assert.True(t, res.Jobs[0].Components.BasicInfo)
	assert.Equal(t, "center=zdm-a", ts.requests()[0].Query)
}

func TestDelete_V3NeedsOneCenterForNames(t *testing.T) {
	ts := fixtureServer(t, nil)
	c := fixtureClient(t, ts, WithServerGeneration(GenerationV3))
	_, _, err := c.Recoveries.Delete(context.Background(), "daily-recovery", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, _, err = c.Recoveries.Delete(context.Background(), "7", &DeleteRecoveryOptions{Center: "1,zdm-b"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, ts.requests())
}

func TestWrites_LostAnswerIsOutcomeUnknownAndNotRetried(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request)
		timeout time.Duration
	}{
		{"timeout after sending", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, 50 * time.Millisecond},
		{"connection cut", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}, 5 * time.Second},
		{"gateway timeout page", func(w http.ResponseWriter, r *http.Request) {
			reply(w, 504, "text/html", []byte("<html>504 Gateway Time-out</html>"))
		}, 5 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, tc.handler)
			c := fixtureClient(t, ts)
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			_, _, err := c.Recoveries.Create(ctx, validCreate())
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			var wo *WriteOutcomeUnknownError
			require.ErrorAs(t, err, &wo)
			assert.Equal(t, "POST", wo.Method)
			assert.Equal(t, "recoveries", wo.Path)
			assert.Len(t, ts.requests(), 1, "a write whose outcome is unknown is never resent")
		})
	}
}

func TestWrites_UnsentIsNotOutcomeUnknown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens: a dial error
	c, err := NewClient("http://"+addr+"/api", WithToken("t"), WithRetryMax(1), WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	_, _, err = c.Recoveries.Delete(context.Background(), "7", nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = c.Recoveries.Start(ctx, "7", "1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
}
