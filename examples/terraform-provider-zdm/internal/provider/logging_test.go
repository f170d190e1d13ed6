package provider

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// logEntries decodes tflogtest's JSON lines.
func logEntries(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	entries, err := tflogtest.MultilineJSONDecode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("decoding the log: %v\n%s", err, buf)
	}
	return entries
}

// findEntry returns the first entry with that message whose fields hold
// want (compared as text).
func findEntry(entries []map[string]any, message string, want map[string]string) map[string]any {
next:
	for _, e := range entries {
		if e["@message"] != message {
			continue
		}
		for k, v := range want {
			if got, ok := e[k]; !ok || !strings.Contains(toText(got), v) {
				continue next
			}
		}
		return e
	}
	return nil
}

func toText(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// TestTflogHandler_LogsEveryAttemptWithoutSecrets sends the SDK's lines
// to tflog: each attempt with its method, URL and number, each answer's
// status, a retry's wait (logged without a request's context), the token
// issue; and the provider's line per call with its request ID. Neither
// the password nor a token shows.
func TestTflogHandler_LogsEveryAttemptWithoutSecrets(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	srv := newServer(t, zdmtest.DialectV1)
	token := srv.Token()
	logger := zdm.WithLogger(slog.New(newTflogHandler(ctx, token, zdmtest.DefaultPassword)))

	srv.Inject(1, zdmtest.Status(http.StatusServiceUnavailable).On(http.MethodGet, "recoveries"))
	_, resp, err := srv.Client(zdm.WithCredentials(zdmtest.DefaultEmail, zdmtest.DefaultPassword), logger).Recoveries.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	logCall(ctx, "list the recovery jobs", resp, err)
	if _, _, err := srv.Client(logger).Recoveries.List(ctx, nil); err != nil {
		t.Fatal(err)
	}

	entries := logEntries(t, &buf)
	for _, c := range []struct {
		message string
		fields  map[string]string
	}{
		{"zdm: request", map[string]string{"method": "GET", "url": "/recoveries", "attempt": "1"}},
		{"zdm: request", map[string]string{"method": "GET", "url": "/recoveries", "attempt": "2"}},
		{"zdm: response", map[string]string{"method": "GET", "status": "503"}},
		{"zdm: response", map[string]string{"method": "GET", "status": "200"}},
		{"zdm: retrying", map[string]string{"status": "503", "retry": "1"}},
		{"zdm: token issued", map[string]string{"route": "token/issue"}},
		{"zdm: call", map[string]string{"operation": "list the recovery jobs", "method": "GET", "path": "/recoveries", "status": "200", "attempts": "2", "request_id": "-"}},
	} {
		if findEntry(entries, c.message, c.fields) == nil {
			t.Errorf("no %q line with %v in the log:\n%s", c.message, c.fields, buf.String())
		}
	}
	for _, secret := range []string{zdmtest.DefaultPassword, token} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log holds a secret %q:\n%s", secret, buf.String())
		}
	}
}

// TestTflogHandler_MasksSecretsLoggedByMistake masks the configured
// token and password, and fields named like secrets, even in a line that
// carries them.
func TestTflogHandler_MasksSecretsLoggedByMistake(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	log := slog.New(newTflogHandler(ctx, "tok-123", "hunter2"))
	log.DebugContext(ctx, "issued tok-123 for hunter2", "authorization", "Bearer xyz", "header", "Bearer tok-123",
		slog.Group("req", "password", "pw"))
	log.Debug("no context: hunter2") // the Configure context's logger takes it
	out := buf.String()
	for _, secret := range []string{"tok-123", "hunter2", "xyz"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("%d lines logged, want 2:\n%s", n, out)
	}
}

// TestAccProvider_LogsRequestsWithoutSecrets runs applies with
// Terraform's TRACE log on, the credentials in the environment (a token,
// then an e-mail and password): the log has the provider's request lines,
// and neither the token nor the password.
func TestAccProvider_LogsRequestsWithoutSecrets(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath) // TRACE, Terraform's and the provider's
	srv := newServer(t, zdmtest.DialectV1)
	token := srv.Token()
	t.Setenv(EnvToken, token)
	t.Setenv(EnvEmail, "")
	t.Setenv(EnvPassword, "")
	cfg := fmt.Sprintf("provider \"zdm\" {\n  url = %q\n%s}\n", srv.URL, fastPolls) + jobConfig{Name: "logged"}.hcl()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy:             noJobsLeft(srv),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					os.Setenv(EnvToken, "")
					os.Setenv(EnvEmail, zdmtest.DefaultEmail)
					os.Setenv(EnvPassword, zdmtest.DefaultPassword)
				},
				Config: cfg + "data \"zdm_recovery_jobs\" \"all\" {}\n",
			},
		},
	})
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	for _, want := range [][]string{
		{`zdm: request: `, `method=POST`, `url=\S+/api/recoveries( |$)`, `attempt=1`},
		{`zdm: response: `, `method=POST`, `status=201`},
		{`zdm: request: `, `method=DELETE`, `url=\S+/api/recoveries/\d+`},
		{`zdm: token issued: `, `route=token/issue`},
		{`zdm: call: `, `operation="create the recovery job"`, `request_id=\S+`, `status=201`},
	} {
		if !hasLine(log, want) {
			t.Errorf("the TRACE log has no line matching all of %q", want)
		}
	}
	for _, secret := range []string{token, zdmtest.DefaultPassword} {
		if strings.Contains(log, secret) {
			t.Errorf("the TRACE log (%d bytes) holds a secret %q", len(log), secret)
		}
	}
}

// hasLine reports whether a line of log matches every pattern.
func hasLine(log string, patterns []string) bool {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
next:
	for _, line := range strings.Split(log, "\n") {
		for _, re := range res {
			if !re.MatchString(line) {
				continue next
			}
		}
		return true
	}
	return false
}
