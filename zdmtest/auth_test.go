package zdmtest_test

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

func TestTokenIssueRoutes(t *testing.T) {
	const body = `{"email":"` + zdmtest.DefaultEmail + `","password":"` + zdmtest.DefaultPassword + `"}`
	var (
		seedTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
		v1Time   = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
		v3Time   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00$`)
	)
	tests := []struct {
		name       string
		opts       []zdmtest.Option
		route      string
		wantStatus int
		wantFormat *regexp.Regexp // of expiresAt; nil: the route is missing
		wantExpiry string
	}{
		{"seed auth/issue", seed(), "/auth/issue", http.StatusOK, seedTime, "2026-01-17T07:00:00Z"},
		{"seed token/issue", seed(), "/token/issue", http.StatusNotFound, nil, ""},
		{"v1 token/issue", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1)}, "/token/issue", http.StatusCreated, v1Time, "2026-01-17 16:00:00"},
		{"v1 auth/issue", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1)}, "/auth/issue", http.StatusNotFound, nil, ""},
		{"v3 token/issue", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV3)}, "/token/issue", http.StatusCreated, v3Time, "2026-01-17T16:00:00.000+09:00"},
		{"seed with both routes", append(seed(), zdmtest.WithBothIssueRoutes()), "/token/issue", http.StatusOK, seedTime, "2026-01-17T07:00:00Z"},
		{"v1 with both routes", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithBothIssueRoutes()}, "/auth/issue", http.StatusCreated, v1Time, "2026-01-17 16:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := zdmtest.NewClock(t0)
			srv := zdmtest.NewServer(t, append(tt.opts, zdmtest.WithClock(clock.Now))...)
			status, h, b := rawDo(t, srv, http.MethodPost, tt.route, "", body)
			require.Equal(t, tt.wantStatus, status, "%s", b)
			if tt.wantFormat == nil {
				assert.Contains(t, string(b), "<pre>Cannot POST ")
				assert.Equal(t, 0, srv.IssueCount())
				return
			}
			assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))
			v := decode(t, b)
			assert.Equal(t, true, v["success"])
			tok, _ := at(v, "data", "token").(string)
			assert.NotEmpty(t, tok)
			exp, _ := at(v, "data", "expiresAt").(string)
			assert.Regexp(t, tt.wantFormat, exp)
			assert.Equal(t, tt.wantExpiry, exp)
			assert.Equal(t, 1, srv.IssueCount())

			// The token works.
			status, _, b = rawDo(t, srv, http.MethodGet, "/recoveries/monitoring/job/nope", "Bearer "+tok, "")
			assert.Equal(t, http.StatusNotFound, status, "%s", b)
		})
	}
}

func TestClient_WithCredentialsFindsTheIssueRoute(t *testing.T) {
	tests := []struct {
		name       string
		dialect    zdmtest.Dialect
		opts       []zdm.ClientOption
		wantRoutes []string // issue calls as recorded: path suffix and status
	}{
		{"seed", zdmtest.DialectDraft, nil, []string{"auth/issue 200"}},
		{"v1", zdmtest.DialectV1, nil, []string{"token/issue 201"}},
		{"v3", zdmtest.DialectV3, nil, []string{"token/issue 201"}},
		// A client that takes a released server for the draft API tries
		// auth/issue first and falls back.
		{"v1 taken for seed", zdmtest.DialectV1, []zdm.ClientOption{zdm.WithServerGeneration(zdm.GenerationDraft)},
			[]string{"auth/issue 404", "token/issue 201"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
			c := srv.Client(append([]zdm.ClientOption{zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword)}, tt.opts...)...)
			for range 3 {
				_, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
				require.NoError(t, err)
			}
			var got []string
			for _, r := range srv.Requests() {
				if r.Method == http.MethodPost {
					got = append(got, fmt.Sprintf("%s %d", strings.TrimPrefix(r.Path, apiPath(t, srv)+"/"), r.Status))
				}
			}
			assert.Equal(t, tt.wantRoutes, got)
			assert.Equal(t, 1, srv.IssueCount(), "one issue call reached the route, the token was reused")
		})
	}
}

func TestWrongCredentialsAre404UserNotFound(t *testing.T) {
	tests := []struct {
		name     string
		opts     []zdmtest.Option
		email    string
		wantCode string
	}{
		{"seed wrong password", nil, zdmtest.DefaultEmail, ""},
		{"seed object errors", []zdmtest.Option{zdmtest.WithObjectErrors()}, "nobody@zdm.test", "USER-ERROR-01"},
		{"v1 unknown user", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1)}, "nobody@zdm.test", ""},
		{"v3 wrong password", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV3)}, zdmtest.DefaultEmail, "USER-ERROR-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, tt.opts...)
			c := srv.Client(zdm.WithCredentials(tt.email, "wrong-password"))
			_, _, err := c.Recoveries.MonitorJob(testCtx(t), "1", nil)
			require.ErrorIs(t, err, zdm.ErrUnauthorized)
			assert.NotErrorIs(t, err, zdm.ErrNotFound)
			var apiErr *zdm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
			assert.Equal(t, tt.wantCode, apiErr.Code)
			assert.Contains(t, apiErr.Message, "User not found.")
			assert.NotContains(t, err.Error(), "wrong-password")
		})
	}
}

func TestAddUser(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	srv.AddUser("ops@example.com", "s3cret")
	_, _, err := srv.Client(zdm.WithCredentials("ops@example.com", "s3cret")).Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.NoError(t, err)
}

func TestUnauthorizedShapes(t *testing.T) {
	tests := []struct {
		name      string
		opts      []zdmtest.Option
		auth      func(srv *zdmtest.Server) string
		wantError any // the envelope's "error": a string, or the object's code
		wantEmpty bool
	}{
		{"seed no header", seed(), func(*zdmtest.Server) string { return "" }, "Authorization token is required", false},
		{"seed bare token is fine", seed(), func(srv *zdmtest.Server) string { return srv.Token() }, nil, false},
		{"v1 bare token", v1(), func(srv *zdmtest.Server) string { return srv.Token() }, "유효하지 않은 토큰입니다.", false},
		{"v1 unknown token", v1(), func(*zdmtest.Server) string { return "Bearer forged" }, "유효하지 않은 토큰입니다.", false},
		{"v1 basic auth", v1(), func(*zdmtest.Server) string { return "Basic YTpi" }, "유효하지 않은 토큰입니다.", false},
		{"v1 expired", v1(), func(srv *zdmtest.Server) string {
			tok := srv.Token()
			srv.ExpireTokens()
			return "Bearer " + tok
		}, "토큰이 만료되었습니다.", false},
		{"v3 revoked", []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV3)}, func(srv *zdmtest.Server) string {
			tok := srv.Token()
			srv.RevokeTokens()
			return "Bearer " + tok
		}, "UNAUTHORIZED", false},
		{"v1 object errors", append(v1(), zdmtest.WithObjectErrors()), func(*zdmtest.Server) string { return "" }, "UNAUTHORIZED", false},
		{"empty 401", append(v1(), zdmtest.WithEmpty401()), func(*zdmtest.Server) string { return "" }, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, tt.opts...)
			srv.AddRecoveryJob(zdmtest.JobSpec{ID: 1})
			status, h, b := rawDo(t, srv, http.MethodGet, "/recoveries/monitoring/job/1", tt.auth(srv), "")
			if tt.wantError == nil && !tt.wantEmpty {
				assert.Equal(t, http.StatusOK, status, "%s", b)
				return
			}
			require.Equal(t, http.StatusUnauthorized, status)
			if tt.wantEmpty {
				assert.Empty(t, b)
				assert.Empty(t, h.Get("Content-Type"))
				return
			}
			v := decode(t, b)
			assert.Equal(t, false, v["success"])
			if code, ok := at(v, "error", "code").(string); ok {
				assert.Equal(t, tt.wantError, code)
			} else {
				assert.Equal(t, tt.wantError, v["error"])
			}
		})
	}
}

func v1() []zdmtest.Option { return []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectV1)} }

func seed() []zdmtest.Option { return []zdmtest.Option{zdmtest.WithDialect(zdmtest.DialectDraft)} }

func TestTokenExpiryOnTheServerClock(t *testing.T) {
	clock := zdmtest.NewClock(t0)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now),
		zdmtest.WithTokenLifetime(time.Hour))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	static := srv.Client()
	issuing := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword))
	for _, c := range []*zdm.Client{static, issuing} {
		_, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
		require.NoError(t, err)
	}
	require.Equal(t, 1, srv.IssueCount())

	clock.Advance(61 * time.Minute)
	_, _, err := static.Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.ErrorIs(t, err, zdm.ErrUnauthorized, "a static token is not renewed")
	_, _, err = issuing.Recoveries.MonitorJob(testCtx(t), "j", nil)
	require.NoError(t, err, "the credentials client re-issues once on 401 and replays")
	assert.Equal(t, 2, srv.IssueCount())
}

func TestIssueRateLimit(t *testing.T) {
	clock := zdmtest.NewClock(t0)
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithClock(clock.Now),
		zdmtest.WithIssueRateLimit(2, 15*time.Minute))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j"})
	poll := func() error {
		c := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword), zdm.WithRetryMax(0))
		_, _, err := c.Recoveries.MonitorJob(testCtx(t), "j", nil)
		return err
	}
	require.NoError(t, poll())
	require.NoError(t, poll())
	err := poll()
	require.ErrorIs(t, err, zdm.ErrRateLimited)
	var apiErr *zdm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "RATE-LIMIT-01", apiErr.Code)
	assert.Empty(t, apiErr.RequestID, "the rate limiter's answer carries no request id")
	assert.Empty(t, apiErr.Timestamp)
	assert.Equal(t, 3, srv.IssueCount())

	clock.Advance(15 * time.Minute) // a new window
	require.NoError(t, poll())
}

func TestIssueBodyValidation(t *testing.T) {
	tests := []struct {
		name, body string
		dialect    zdmtest.Dialect
		wantStatus int
		wantField  string // the field with a validation message
	}{
		{"no password v1", `{"email":"a@b.c"}`, zdmtest.DialectV1, http.StatusUnprocessableEntity, "password"},
		{"no email v3", `{"password":"x"}`, zdmtest.DialectV3, http.StatusUnprocessableEntity, "email"},
		{"not JSON", `email=a`, zdmtest.DialectDraft, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(tt.dialect))
			route := "/token/issue"
			if tt.dialect == zdmtest.DialectDraft {
				route = "/auth/issue"
			}
			status, _, b := rawDo(t, srv, http.MethodPost, route, "", tt.body)
			require.Equal(t, tt.wantStatus, status, "%s", b)
			v := decode(t, b)
			if tt.wantField == "" {
				return
			}
			if tt.dialect == zdmtest.DialectV3 {
				assert.NotEmpty(t, at(v, "error", "details", tt.wantField))
			} else {
				assert.NotEmpty(t, at(v, "detail", "validationErrors", tt.wantField))
			}
		})
	}
}

func TestTokenNeverAppearsInErrors(t *testing.T) {
	srv := zdmtest.NewServer(t)
	tok := srv.Token()
	srv.RevokeTokens()
	c, err := zdm.NewClient(srv.URL, append(srv.ClientOptions(), zdm.WithToken(tok))...)
	require.NoError(t, err)
	_, _, err = c.Recoveries.MonitorJob(testCtx(t), "1", nil)
	require.ErrorIs(t, err, zdm.ErrUnauthorized)
	assert.NotContains(t, err.Error(), tok)
	var apiErr *zdm.APIError
	require.True(t, errors.As(err, &apiErr))
	for _, r := range srv.Requests() {
		assert.Equal(t, "Bearer [REDACTED]", r.Auth)
		assert.NotContains(t, strings.Join(r.Header.Values("Authorization"), ","), tok)
	}
}
