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
	assert.False(t, apiErr.Temporary())
}
