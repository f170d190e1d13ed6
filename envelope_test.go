package zdm

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnvelope_SuccessWithoutDataIsUnexpected(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"requestID":"r"}`))
	})
	c := newLocalClient(t, h, WithRetryMax(0))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	assert.Contains(t, err.Error(), "without data")
}

func TestEnvelope_BOMAndAMessageObjectAreAccepted(t *testing.T) {
	t.Parallel()
	body := append([]byte("\xef\xbb\xbf"), []byte(`{"success":true,"message":{"ko":"조회","en":"ok"},"data":{"job":{"info":{"name":"x"}}}}`)...)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", body) })
	m, resp, err := newLocalClient(t, h).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, "x", m.Job.Info.Name)
	assert.JSONEq(t, `{"ko":"조회","en":"ok"}`, resp.Message, "a non-string message is kept as its JSON text")
}

// TestDecode_ErrorEnvelopeWithDataOfAnotherShapeIsStillAnError: a 404
// whose envelope carries data that does not fit is the job missing (with
// its code), not a missing route; the DELETE is sent once.
func TestDecode_ErrorEnvelopeWithDataOfAnotherShapeIsStillAnError(t *testing.T) {
	t.Parallel()
	var deletes atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			deletes.Add(1)
		}
		reply(w, 404, "application/json", []byte(`{"success":false,"error":{"code":"JOB-ERROR-01","message":"no such job"},"data":{}}`))
	})
	c := rootClient(t, "https://zdm.example.com", h)
	req, err := c.NewRequest(http.MethodDelete, "recoveries/nightly", nil)
	require.NoError(t, err)
	var v []map[string]any
	_, err = c.Do(context.Background(), req, &v)
	require.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrEndpointNotFound)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "JOB-ERROR-01", apiErr.Code)
	assert.Equal(t, int32(1), deletes.Load())

	h500 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 500, "application/json", []byte(`{"success":false,"error":{"code":"JOB-ERROR-16","message":"incomplete"},"data":[]}`))
	})
	_, _, err = newLocalClient(t, h500).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "JOB-ERROR-16", apiErr.Code)
	assert.False(t, apiErr.transient())
}

// TestEnvelope_DataIsTheDataMemberNotAWord: a success whose message (or
// any other value) is the word "data" has no data: a call expecting data
// gets ErrUnexpectedResponse; a member named "data" only inside another
// does not count either.
func TestEnvelope_DataIsTheDataMemberNotAWord(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"success":true,"message":"data"}`,
		`{"success":true,"requestID":"data","meta":{"data":[1]}}`,
	} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", []byte(body)) })
		_, _, err := newLocalClient(t, h, WithRetryMax(0)).Recoveries.MonitorJob(context.Background(), "1", nil)
		require.ErrorIs(t, err, ErrUnexpectedResponse, body)
		assert.Contains(t, err.Error(), "without data", body)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"message":"x","DATA":{"job":{"info":{"name":"n"}}}}`))
	})
	m, _, err := newLocalClient(t, h).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err, "keys match case-insensitively, as encoding/json matches them")
	assert.Equal(t, "n", m.Job.Info.Name)
}

// TestDo_SuccessWithoutDataIsASuccessWhenNoneIsExpected: endpoints that
// answer a success with no data at all (repository register and verify
// on 1.x and later) succeed through Do with v == nil; a call that
// expects data still gets ErrUnexpectedResponse.
func TestDo_SuccessWithoutDataIsASuccessWhenNoneIsExpected(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"message":"저장소가 등록되었습니다","requestID":"r-1"}`))
	})
	c := newLocalClient(t, h)
	req, err := c.NewRequest(http.MethodPost, "zdms/repositories", map[string]string{"type": "nfs"})
	require.NoError(t, err)
	resp, err := c.Do(context.Background(), req, nil)
	require.NoError(t, err)
	assert.Equal(t, "r-1", resp.RequestID)

	req, err = c.NewRequest(http.MethodPost, "zdms/repositories", map[string]string{"type": "nfs"})
	require.NoError(t, err)
	var v map[string]any
	_, err = c.Do(context.Background(), req, &v)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the server said it succeeded")
}

// TestHasMember_FindsOnlyATopLevelMember pins the walk that tells whether
// an envelope has "data".
func TestHasMember_FindsOnlyATopLevelMember(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]bool{
		`{"success":true,"data":{}}`:                               true,
		` { "success" : true , "Data" : null } `:                   true,
		`{"success":true,"d\u0061ta":[1]}`:                         true,
		`{"success":true,"message":"data"}`:                        false,
		`{"success":true,"meta":{"data":1},"x":["data"]}`:          false,
		`{"success":true,"m":"say \"data\": no","n":[{"data":1}]}`: false,
		`{"a":1,"b":-2.5e3,"c":false,"d":null,"e":"}","data":0}`:   true,
		`{"success":true}`:                                         false,
		`[{"data":1}]`:                                             false,
		`{"`:                                                       false,
		``:                                                         false,
	} {
		assert.Equal(t, want, hasMember([]byte(body), "data"), body)
	}
}
