package zdm

import (
	"context"
	"encoding/json"
	"fmt"
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
		"no platform":      func(r *CreateRecoveryRequest) { r.Platform = " " },
		"no repository":    func(r *CreateRecoveryRequest) { r.Repository = RepositoryRef{} },
		"blank script run": func(r *CreateRecoveryRequest) { r.ScriptRun = " " },
		"row target":       func(r *CreateRecoveryRequest) { r.Partitions[0].TargetPartition = "" },
		"row mode":         func(r *CreateRecoveryRequest) { r.Partitions[0].Mode = "smart" },
		"two schedules":    func(r *CreateRecoveryRequest) { r.ScheduleID, r.Schedule = 3, json.RawMessage(`{"type":3}`) },
		"negative limit":   func(r *CreateRecoveryRequest) { r.NetworkLimit = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			ts := fixtureServer(t, nil)
			req := validCreate()
			mutate(req)
			_, _, err := fixtureClient(t, ts).Recoveries.Create(context.Background(), req)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), "CreateRecoveryRequest.", "the error names the field")
			assert.Empty(t, ts.requests())
		})
	}
}

// Platforms, after-reboot actions and script timings the SDK has no
// constant for are sent as given (lowercased): a new platform needs no SDK
// release. Closed sets (Mode) stay checked.
func TestCreateUpdate_SendOpenEnumerationsAsGiven(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"POST recoveries": {201, "create_v1.json"}, "PUT recoveries/7": {200, "update_v1.json"}})
	c := fixtureClient(t, ts)
	req := validCreate()
	req.Platform, req.AfterReboot, req.ScriptRun, req.ScriptPath = " Mainframe ", "None", "During", "/opt/x.sh"
	_, _, err := c.Recoveries.Create(context.Background(), req)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(ts.requests()[0].Body), &body))
	assert.Equal(t, "mainframe", body["platform"])
	assert.Equal(t, "none", body["afterReboot"])
	assert.Equal(t, "during", body["scriptRun"])

	_, _, err = c.Recoveries.Update(context.Background(), "7", &UpdateRecoveryRequest{Center: "1", Platform: PlatformOpenStack, AfterReboot: "Hibernate"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"center":"1","platform":"openstack","afterReboot":"hibernate"}`, ts.requests()[1].Body)
}

// Create and Update check their shared settings with one table: the same
// input is refused alike, naming the field and what was expected.
func TestCreateUpdate_ShareTheirChecks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		create  func(*CreateRecoveryRequest)
		update  UpdateRecoveryRequest
		wantErr string
	}{
		{"mode", func(r *CreateRecoveryRequest) { r.Mode = "smart" }, UpdateRecoveryRequest{Mode: "smart"}, `.Mode "smart" is unknown: expected "full" or "increment"`},
		{"network limit", func(r *CreateRecoveryRequest) { r.NetworkLimit = -5 }, UpdateRecoveryRequest{NetworkLimit: func() *int { n := -5; return &n }()}, ".NetworkLimit -5 is negative: expected 0 (unlimited) or more"},
		{"schedule", func(r *CreateRecoveryRequest) { r.Schedule = json.RawMessage(`[3]`) }, UpdateRecoveryRequest{Schedule: json.RawMessage(`[3]`)}, ".Schedule is not a JSON object"},
		{"both schedules", func(r *CreateRecoveryRequest) { r.ScheduleID, r.Schedule = 2, json.RawMessage(`{}`) }, UpdateRecoveryRequest{ScheduleID: 2, Schedule: json.RawMessage(`{}`)}, ".Schedule and ScheduleID are both set"},
		{"blank platform", func(r *CreateRecoveryRequest) { r.Platform = "\t" }, UpdateRecoveryRequest{Platform: "\t"}, ".Platform is"},
		{"after reboot", func(r *CreateRecoveryRequest) { r.AfterReboot = " " }, UpdateRecoveryRequest{AfterReboot: " "}, ".AfterReboot is blank"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := fixtureServer(t, nil)
			c := fixtureClient(t, ts)
			req := validCreate()
			tc.create(req)
			_, _, err := c.Recoveries.Create(context.Background(), req)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), "CreateRecoveryRequest"+tc.wantErr)
			_, _, err = c.Recoveries.Update(context.Background(), "7", &tc.update)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Contains(t, err.Error(), "UpdateRecoveryRequest"+tc.wantErr)
			assert.Empty(t, ts.requests())
		})
	}
}

// An update that changes nothing (not even with a Center) is refused,
// and nothing is sent: an empty PUT would "succeed" and do nothing.
func TestUpdate_NothingToChangeIsInvalidAndNotSent(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"PUT recoveries/7": {200, "update_v1.json"}})
	c := fixtureClient(t, ts)
	for _, req := range []*UpdateRecoveryRequest{{}, {Center: "1"}, {Center: "1", Partitions: []PartitionUpdate{}}} {
		_, _, err := c.Recoveries.Update(context.Background(), "7", req)
		require.ErrorIs(t, err, ErrInvalidArgument)
		assert.Contains(t, err.Error(), "changes nothing")
	}
	assert.Empty(t, ts.requests())
}

// FieldChange values print as their JSON text with %v and %+v (not as
// byte lists), and read and write as the JSON they are.
func TestUpdate_FieldChangesPrintAsJSONText(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"PUT recoveries/7": {200, "update_v1.json"}})
	res, _, err := fixtureClient(t, ts).Recoveries.Update(context.Background(), "7", &UpdateRecoveryRequest{Center: "1", Name: "renamed"})
	require.NoError(t, err)
	require.NotEmpty(t, res.Changes)
	ch := res.Changes[0]
	assert.Equal(t, fmt.Sprintf("{Field:%s Previous:%s New:%s}", ch.Field, string(ch.Previous), string(ch.New)), fmt.Sprintf("%+v", ch))
	assert.NotContains(t, fmt.Sprintf("%+v", res), "[34 ", "no byte lists")

	c := FieldChange{Field: "Schedule(Basic)", Previous: JSONValue(`null`), New: JSONValue(`{"id":3}`)}
	assert.Equal(t, `{Schedule(Basic) null {"id":3}}`, fmt.Sprintf("%v", c))
	assert.Equal(t, "null", FieldChange{}.Previous.String(), "an absent value prints as null")
	out, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"field":"Schedule(Basic)","previous":null,"new":{"id":3}}`, string(out))
	var back FieldChange
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, c, back)
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
		{GenerationDraft, true, `{"center":"1","state":"cancel"}`, ""},
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

// The repository is named by ID on 1.0.3 and later servers, by Type and
// Path on the draft API's; while the generation is unknown either will do.
func TestCreate_RepositoryIsAnIDOrOnTheDraftAPITypeAndPath(t *testing.T) {
	byPath := RepositoryRef{Type: "nfs", Path: "/backup"}
	for _, tc := range []struct {
		gen  Generation
		repo RepositoryRef
		ok   bool
	}{
		{GenerationV1, RepositoryRef{ID: 3}, true},
		{GenerationV1, byPath, false},
		{GenerationV3, byPath, false},
		{GenerationDraft, byPath, true},
		{GenerationDraft, RepositoryRef{Type: "nfs"}, false},
		{GenerationAuto, byPath, true},
		{GenerationAuto, RepositoryRef{Path: "/backup"}, false},
		{GenerationAuto, RepositoryRef{ID: -1}, false},
	} {
		ts := fixtureServer(t, map[string]route{"POST recoveries": {201, "create_v1.json"}})
		req := validCreate()
		req.Repository = tc.repo
		_, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Recoveries.Create(context.Background(), req)
		if tc.ok {
			assert.NoError(t, err, "%v %+v", tc.gen, tc.repo)
			continue
		}
		assert.ErrorIs(t, err, ErrInvalidArgument, "%v %+v", tc.gen, tc.repo)
		assert.Contains(t, err.Error(), "CreateRecoveryRequest.Repository")
		assert.Empty(t, ts.requests())
	}
}
