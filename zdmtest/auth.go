package zdmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// token is an issued token.
type token struct {
	email   string
	expires time.Time
	expired bool // ExpireTokens
}

// AddUser adds a user who can issue tokens (or changes the password of an
// existing one). An empty e-mail or password is misuse.
func (s *Server) AddUser(email, password string) {
	if strings.TrimSpace(email) == "" || password == "" {
		s.misuse("AddUser(%q): e-mail and password must not be empty", email)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[email] = password
}

// Token returns a fresh valid token of the default user, without going
// through the issue route (it counts neither in IssueCount nor against the
// rate limit).
func (s *Server) Token() string {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := s.issueLocked(DefaultEmail, now)
	return t
}

// ExpireTokens makes every token issued so far expired: requests carrying
// one get 401, as when an hour has passed. Tokens issued later are valid.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expired = true
	}
}

// RevokeTokens forgets every token issued so far: requests carrying one
// get 401, as after a server restart.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// IssueCount is how many requests reached the token issue route, whatever
// their outcome (issued, rejected or rate limited).
func (s *Server) IssueCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueCount
}

// issueLocked makes a token for email.
func (s *Server) issueLocked(email string, now time.Time) (string, time.Time) {
	s.tokenSeq++
	tok := fmt.Sprintf("zdmtest.%016x.%d", s.salt, s.tokenSeq)
	exp := now.Add(s.cfg.tokenLife)
	s.tokens[tok] = &token{email: email, expires: exp}
	return tok, exp
}

// The answers of the issue route and of authentication.
var (
	msgUserNotFound = text{en: "User not found."}
	msgNoToken      = text{"Authorization token is required", "인증 토큰이 필요합니다."}
	msgBadToken     = text{"Invalid token", "유효하지 않은 토큰입니다."}
	msgExpiredToken = text{"Token has expired", "토큰이 만료되었습니다."}
	msgIssued       = text{"Token issued", "토큰이 발급되었습니다."}
	msgBadBody      = text{"Malformed JSON body", "요청 본문이 올바른 JSON이 아닙니다."}
)

// maxRequestBody bounds what the server reads of a request body.
const maxRequestBody = 1 << 20

// handleIssue answers POST {api}/auth/issue or token/issue.
func (s *Server) handleIssue(r *http.Request, now time.Time) reply {
	s.mu.Lock()
	s.issueCount++
	limited := s.rateLimitedLocked(now)
	s.mu.Unlock()
	if limited {
		return s.errorReply(problemRateLimited(), now)
	}

	var body struct {
		Email    *string `json:"email"`
		Password *string `json:"password"`
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil {
		return s.errorReply(problem{status: http.StatusBadRequest, code: "BAD-REQUEST", msg: msgBadBody}, now)
	}
	var fe []fieldError
	if body.Email == nil || strings.TrimSpace(*body.Email) == "" {
		fe = append(fe, fieldError{"email", "email should not be empty"})
	}
	if body.Password == nil || *body.Password == "" {
		fe = append(fe, fieldError{"password", "password should not be empty"})
	}
	if fe != nil {
		return s.errorReply(problem{status: http.StatusUnprocessableEntity, code: "DTO-VALIDATION-01", msg: msgValidation, fields: fe}, now)
	}

	s.mu.Lock()
	pw, ok := s.users[*body.Email]
	ok = ok && pw == *body.Password
	var tok string
	var exp time.Time
	if ok {
		tok, exp = s.issueLocked(*body.Email, now)
	}
	s.mu.Unlock()
	if !ok {
		return s.errorReply(problem{status: http.StatusNotFound, code: "USER-ERROR-01", msg: msgUserNotFound}, now)
	}
	status := http.StatusCreated
	if s.cfg.dialect == DialectDraft {
		status = http.StatusOK
	}
	return s.success(status, obj{{"token", tok}, {"expiresAt", s.cfg.formatTime(exp)}}, msgIssued, now)
}

// rateLimitedLocked counts an issue call in the fixed window and reports
// whether it is over the limit.
func (s *Server) rateLimitedLocked(now time.Time) bool {
	if s.cfg.rateLimit == 0 {
		return false
	}
	if s.rateStart.IsZero() || !now.Before(s.rateStart.Add(s.cfg.rateWindow)) {
		s.rateStart, s.rateCount = now, 0
	}
	s.rateCount++
	return s.rateCount > s.cfg.rateLimit
}

// authenticate checks the request's token: nil when it is valid, else the
// 401 to answer. The seed dialect also takes the bare token; released
// servers want "Bearer <token>".
func (s *Server) authenticate(r *http.Request, now time.Time) *problem {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	fail := func(m text) *problem {
		return &problem{status: http.StatusUnauthorized, code: "UNAUTHORIZED", msg: m}
	}
	if h == "" {
		return fail(msgNoToken)
	}
	tok := h
	if scheme, rest, ok := strings.Cut(h, " "); ok {
		if !strings.EqualFold(scheme, "Bearer") {
			return fail(msgBadToken)
		}
		tok = strings.TrimSpace(rest)
	} else if s.cfg.dialect != DialectDraft {
		return fail(msgBadToken)
	}
	s.mu.Lock()
	t, ok := s.tokens[tok]
	expired := ok && (t.expired || !now.Before(t.expires))
	s.mu.Unlock()
	switch {
	case !ok:
		return fail(msgBadToken)
	case expired:
		return fail(msgExpiredToken)
	}
	return nil
}
