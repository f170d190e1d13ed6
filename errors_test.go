package zdm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		contentType string
		file        string
		header      map[string]string
		is          error
		code        string
		message     string
		requestID   string
		detail      string // JSON, "" for none
		timestamp   string
		keepsBody   bool
		inError     []string
	}{
		{
			name: "string error 404", status: 404, contentType: "application/json", file: "error_string_404.json",
			is: ErrNotFound, message: "Name 'daily-recovery'에 해당하는 복구 작업이 존재하지 않습니다.", requestID: "req-9c2d41",
			timestamp: "2026-01-17 16:02:11", inError: []string{"404 Not Found", "daily-recovery", "[request req-9c2d41]"},
		},
		{
			name: "object error 400 with details", status: 400, contentType: "application/json", file: "error_object_400.json",
			is: ErrBadRequest, code: "DTO-VALIDATION-03", message: "Invalid query parameter", requestID: "a8f3c2d1e0b94f6a",
			detail:    `{"partition": ["partition and drive cannot be used together"]}`,
			timestamp: "2026-03-02T09:40:00.000+09:00", inError: []string{"(DTO-VALIDATION-03)", "Invalid query parameter"},
		},
		{
			name: "validation detail", status: 400, contentType: "application/json", file: "error_validation_detail.json",
			is: ErrBadRequest, message: "요청 값이 올바르지 않습니다.", requestID: "req-55aa01",
			detail: `{"validationErrors": {"mode": ["mode must be one of: full, increment"]}}`, timestamp: "2026-01-17 16:05:00",
		},
		{
			name: "429 without request id", status: 429, contentType: "application/json", file: "error_rate_limit_429.json",
			is: ErrRateLimited, code: "RATE-LIMIT-01", message: "Too many requests, please try again later.",
		},
		{
			name: "trace id header", status: 403, contentType: "application/json",
			header: map[string]string{"X-Trace-Id": "hdr-trace-1"}, file: "error_rate_limit_429.json",
			is: ErrForbidden, code: "RATE-LIMIT-01", message: "Too many requests, please try again later.", requestID: "hdr-trace-1",
		},
		{
			name: "HTML 502 from nginx", status: 502, contentType: "text/html", file: "nginx_502.html",
			is: ErrServer, keepsBody: true, inError: []string{"502 Bad Gateway", "text/html", "<html> <head><title>502 Bad Gateway"},
		},
		{
			name: "empty 401", status: 401, is: ErrUnauthorized, keepsBody: true, inError: []string{"401 Unauthorized", "empty body"},
		},
		{
			name: "framework 404", status: 404, contentType: "text/html; charset=utf-8", is: ErrEndpointNotFound, keepsBody: true,
			inError: []string{"<pre>Cannot GET", "has no route", "check the base URL"},
		},
		{
			name: "200 with success false", status: 200, contentType: "application/json", file: "success_false_200.json",
			message: "복구 작업 정보를 조회할 수 없습니다.", requestID: "req-200-false", timestamp: "2026-01-17 16:20:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.file != "" {
				body = fixture(t, tt.file)
			}
			if tt.name == "framework 404" {
				body = []byte("<!DOCTYPE html>\n<html lang=\"en\"><body><pre>Cannot GET /zdm-proxy/api/v1/recoveries/monitoring/job/1</pre></body></html>\n")
			}
			c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				reply(w, tt.status, tt.contentType, body)
			}), WithRetryMax(0))
			m, resp, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
			assert.Nil(t, m)
			require.NotNil(t, resp, "the response comes back with the error")
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			for _, other := range statusSentinels {
				if other != tt.is {
					assert.NotErrorIs(t, err, other)
				}
			}
			assert.Equal(t, tt.code, apiErr.Code)
			if tt.message != "" {
				assert.Equal(t, tt.message, apiErr.Message)
			}
			assert.Equal(t, tt.requestID, apiErr.RequestID)
			assert.Equal(t, tt.timestamp, apiErr.Timestamp)
			if tt.detail == "" {
				assert.Nil(t, apiErr.Detail)
			} else {
				assert.JSONEq(t, tt.detail, string(apiErr.Detail))
			}
			if tt.keepsBody {
				assert.NotNil(t, apiErr.Body, "a body that is not an envelope is kept")
				assert.Equal(t, string(body), string(apiErr.Body))
			} else {
				assert.Nil(t, apiErr.Body, "an envelope is not kept raw")
			}
			assert.Equal(t, http.MethodGet, apiErr.Method)
			assert.Equal(t, "http://zdm.test"+testPrefix+"/recoveries/monitoring/job/1", apiErr.URL)
			assert.Equal(t, 1, apiErr.Attempts)
			for _, s := range tt.inError {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

// statusSentinels are every sentinel an *APIError can match.
var statusSentinels = []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict,
	ErrValidation, ErrRateLimited, ErrServer, ErrUnexpectedResponse, ErrEndpointNotFound, ErrInvalidArgument,
	ErrJobFailed, ErrJobCanceled, ErrPartialFailure}

func TestAPIError_MatchesTheSentinelOfItsStatusAndNoOther(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		code int
		want error // nil: no sentinel
	}{
		{400, ErrBadRequest}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound},
		{409, ErrConflict}, {422, ErrValidation}, {429, ErrRateLimited},
		{500, ErrServer}, {501, ErrServer}, {502, ErrServer}, {503, ErrServer}, {504, ErrServer}, {599, ErrServer},
		{200, nil}, {301, nil}, {405, nil}, {408, nil}, {410, nil}, {418, nil},
	} {
		e := &APIError{StatusCode: tt.code}
		wrapped := errors.Join(errors.New("context"), e)
		for _, s := range statusSentinels {
			if s == tt.want {
				assert.ErrorIs(t, e, s, "%d", tt.code)
				assert.ErrorIs(t, wrapped, s, "%d wrapped", tt.code)
			} else {
				assert.NotErrorIs(t, e, s, "%d must not match %v", tt.code, s)
			}
		}
		assert.False(t, e.Is(nil))
	}
	// An APIError users build in their own fakes matches by status too.
	var err error = &APIError{StatusCode: 404, Message: "no such job"}
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "zdm: 404 Not Found: no such job", err.Error())
}

// A server's 422 (the status that carries Fields) matches ErrValidation,
// with the fields it named.
func TestAPIError_422MatchesErrValidationWithItsFields(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusUnprocessableEntity, "application/json", fixture(t, "recoveries/err_create_v3_422_platform.json"))
	}), WithRetryMax(0))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrValidation)
	assert.NotErrorIs(t, err, ErrBadRequest)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Fields)
}

func TestErrorSnippetRedactsSecrets(t *testing.T) {
	t.Parallel()
	// A broken proxy echoing the request headers back in an HTML page.
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 502, "text/html", []byte("<html><pre>upstream failed for "+r.Header.Get("Authorization")+"</pre></html>"))
	}), WithToken("echoed-secret-token"), WithRetryMax(0))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrServer)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, err.Error(), "echoed-secret-token")
	assert.NotContains(t, string(apiErr.Body), "echoed-secret-token")
	assert.Contains(t, err.Error(), "[REDACTED]")
}

func TestSuccessEnvelopeWithNullData(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"data":null,"message":"ok"}`))
	}))
	_, _, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse)
	assert.Contains(t, err.Error(), "without data")
}

func TestResponseEnvelopeFields(t *testing.T) {
	t.Parallel()
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Trace-Id", "from-header")
		reply(w, 200, "application/json", []byte(`{"success":true,"data":{"job":{"info":{"name":"x"}}},"message":"m","timestamp":"t","meta":{"version":"2.0.2"},"pagination":{"currentPage":"2","totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true}}`))
	}))
	_, resp, err := c.Recoveries.MonitorJob(context.Background(), "1", nil)
	require.NoError(t, err)
	assert.Equal(t, "from-header", resp.RequestID, "X-Trace-Id when the body has no id")
	assert.Equal(t, "m", resp.Message)
	assert.Equal(t, "t", resp.Timestamp)
	assert.JSONEq(t, `{"version":"2.0.2"}`, string(resp.Meta))
	assert.Equal(t, &Pagination{CurrentPage: 2, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasNextPage: true, HasPreviousPage: true}, resp.Pagination)
	assert.Equal(t, 3, resp.NextPage)
	assert.Equal(t, 200, resp.StatusCode)
	var probe map[string]any
	assert.NoError(t, json.Unmarshal(resp.Meta, &probe))
}

func TestErrors_ServerTextCannotForgeOutput(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 400, "application/json", []byte(`{"success":false,"error":{"code":"X\u001b[2J","message":"bad\r\nlevel=ERROR msg=forged \u202egnp.exe"}}`))
	})
	_, _, err := newLocalClient(t, h).Recoveries.MonitorJob(context.Background(), "1", nil)
	require.Error(t, err)
	msg := err.Error()
	for _, c := range []string{"\r", "\n", "\x1b", "\u202e"} {
		assert.NotContains(t, msg, c)
	}
	assert.Contains(t, msg, `bad\r\nlevel=ERROR`)
}
