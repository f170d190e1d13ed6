package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zdmkit/go-zdm"
)

// TestProcess builds zdm-fake once and drives it as users do: as a
// process on a free port, over HTTP and through the SDK, stopped by a
// signal.
func TestProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := buildFake(t)
	t.Run("Help", func(t *testing.T) { testHelp(t, bin) })
	t.Run("BadUsage", func(t *testing.T) { testBadUsage(t, bin) })
	t.Run("InvalidScenario", func(t *testing.T) { testInvalidScenario(t, bin) })
	t.Run("HTTPAndControl", func(t *testing.T) { testHTTPAndControl(t, bin) })
	t.Run("SDK", func(t *testing.T) { testSDK(t, bin) })
	t.Run("SIGTERMFinishesInFlight", func(t *testing.T) { testSIGTERM(t, bin) })
	t.Run("TLSAndRedirect", func(t *testing.T) { testTLS(t, bin) })
}

// testTLS serves HTTPS with a certificate made at start, trusted through
// the PEM file the banner names, with a plain listener that redirects to
// it; the control API and the SDK work over it.
func testTLS(t *testing.T, bin string) {
	p := startFake(t, bin, "-quiet", "-tls", "-redirect-addr", "127.0.0.1:0")
	if !strings.HasPrefix(p.url, "https://127.0.0.1:") || !strings.HasPrefix(p.control, "https://") {
		t.Fatalf("banner: %v", p.banner)
	}
	pemFile := p.banner["cert"]
	pemBytes, err := os.ReadFile(pemFile)
	if err != nil {
		t.Fatalf("the banner's cert: %v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("%s holds no certificate", pemFile)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	defer tr.CloseIdleConnections()
	p.client = &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, err := p.client.Get(p.control + "health")
	if err != nil {
		t.Fatalf("GET /_fake/health over HTTPS: %v", err)
	}
	resp.Body.Close()
	sum := sha256.Sum256(resp.TLS.PeerCertificates[0].Raw)
	if got := strings.ReplaceAll(fmt.Sprintf("% X", sum[:]), " ", ":"); got != p.banner["sha256"] {
		t.Errorf("served certificate's SHA-256 %s, banner says %s", got, p.banner["sha256"])
	}
	if _, err := (&http.Client{Timeout: 10 * time.Second}).Get(p.control + "health"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client that does not trust the certificate: %v", err)
	}

	redirect := p.banner["redirect"]
	if !strings.HasPrefix(redirect, "http://127.0.0.1:") || !strings.HasSuffix(redirect, "/api") {
		t.Fatalf("redirect line %q", redirect)
	}
	resp, err = p.client.Get(redirect + "/recoveries?page=2")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != p.url+"/recoveries?page=2" {
		t.Errorf("plain listener: %d to %q, want 308 to %s/recoveries?page=2", resp.StatusCode, resp.Header.Get("Location"), p.url)
	}

	c, err := zdm.NewClient(p.url, zdm.WithToken(p.token), zdm.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, _, err := c.Recoveries.MonitorJob(ctx, "nightly", nil); !errors.Is(err, zdm.ErrNotFound) {
		t.Errorf("MonitorJob over HTTPS: %v, want the server's 404", err)
	}
	if code := p.stop(); code != exitStopped {
		t.Errorf("exit %d\n%s", code, p.stderrText())
	}
	if _, err := os.Stat(pemFile); !os.IsNotExist(err) {
		t.Errorf("the certificate's file outlived the program: %v", err)
	}
}

func testHelp(t *testing.T, bin string) {
	code, stdout, _ := runFake(t, bin, "-h")
	if code != exitStopped {
		t.Errorf("-h exit code %d, want 0", code)
	}
	if stdout != usageText() {
		t.Errorf("-h printed something other than usageText():\n%s", stdout)
	}
	for _, want := range []string{
		"usage: zdm-fake", "-addr", "-dialect", "-prefix", "-time-zone", "-scenario", "-quiet",
		"Exit codes:", "POST   /_fake/faults", "POST   /_fake/clock", "GET    /_fake/requests",
		"POST   /_fake/reset", "\"simulation\"", "\"faults\"",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-h does not mention %q", want)
		}
	}
}

func testBadUsage(t *testing.T, bin string) {
	for _, args := range [][]string{{"-nope"}, {"-dialect", "v4"}, {"-time-zone", "Mars/Base"}, {"extra"}, {"-scenario", "testdata/missing.json"}} {
		code, _, stderr := runFake(t, bin, args...)
		if code != exitUsage || !strings.Contains(stderr, "zdm-fake: ") {
			t.Errorf("zdm-fake %v: exit %d, stderr %q; want 2 and an error", args, code, stderr)
		}
	}
}

func testInvalidScenario(t *testing.T, bin string) {
	code, _, stderr := runFake(t, bin, "-scenario", "testdata/invalid/bad-phase.json")
	want := "testdata/invalid/bad-phase.json:9:13: jobs[0].partitions[0].steps[1].phase: unknown phase \"runing\""
	if code != exitUsage || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}

// testHTTPAndControl drives the demo scenario over plain HTTP.
func testHTTPAndControl(t *testing.T, bin string) {
	p := startFake(t, bin, "-scenario", "testdata/demo.json", "-dialect", "v1")
	if !strings.HasSuffix(p.url, "/api") || p.token == "" || p.email != defaultEmail || p.password != defaultPassword {
		t.Fatalf("banner: url %q token %q email %q password %q", p.url, p.token, p.email, p.password)
	}

	var list struct {
		Success bool `json:"success"`
		Data    []struct {
			Name string `json:"name"`
		} `json:"data"`
	}
	if st := p.api("GET", "recoveries", nil, &list); st != http.StatusOK || len(list.Data) != 3 {
		t.Fatalf("GET recoveries: %d, %+v", st, list)
	}
	if st := p.do("GET", p.url+"/recoveries", "", nil, nil); st != http.StatusUnauthorized {
		t.Errorf("GET recoveries without a token: %d, want 401", st)
	}
	var issued struct {
		Data struct {
			Token string `json:"token"`
		} `json:"data"`
	}
	if st := p.do("POST", p.url+"/token/issue", "", map[string]string{"email": "ops@example.com", "password": "ops-secret"}, &issued); st != http.StatusCreated || issued.Data.Token == "" {
		t.Errorf("token/issue for the scenario's user: %d %+v", st, issued)
	}

	// The scenario's fault: the first histories GET answers 503.
	if st := p.api("GET", "recoveries/histories", nil, nil); st != http.StatusServiceUnavailable {
		t.Errorf("first histories GET: %d, want the scenario's 503", st)
	}
	if st := p.api("GET", "recoveries/histories", nil, nil); st != http.StatusOK {
		t.Errorf("second histories GET: %d, want 200", st)
	}

	// Add a job and move it through the control API.
	var job jobView
	body := map[string]any{"name": "added", "source": "web01", "target": "web01-dr",
		"partitions": []any{map[string]any{"partition": "/", "steps": []any{map[string]any{"phase": "running", "percent": 30}}}}}
	if st := p.ctl("POST", "jobs", body, &job); st != http.StatusCreated || job.ID != 4 || job.Status != "running" {
		t.Fatalf("POST /_fake/jobs: %d %+v", st, job)
	}
	if st := p.ctl("POST", "jobs", body, nil); st != http.StatusConflict {
		t.Errorf("POST /_fake/jobs with a taken name: %d, want 409", st)
	}
	var bad map[string]string
	badBody := map[string]any{"name": "x", "source": "nowhere", "partitions": []any{map[string]any{"partition": "/"}}}
	if st := p.ctl("POST", "jobs", badBody, &bad); st != http.StatusBadRequest || !strings.Contains(bad["error"], "source") {
		t.Errorf("POST /_fake/jobs with an undeclared server: %d %v", st, bad)
	}
	if st := p.ctl("POST", "jobs/added/fail", map[string]string{"message": "target lost"}, &job); st != http.StatusOK || job.Status != "failed" {
		t.Errorf("fail: %d %+v", st, job)
	}
	var mon struct {
		Data struct {
			Job struct {
				Details []struct {
					ProgressInfo struct{ Status, Message string } `json:"progressInfo"`
				} `json:"details"`
			} `json:"job"`
		} `json:"data"`
	}
	if st := p.api("GET", "recoveries/monitoring/job/added", nil, &mon); st != http.StatusOK ||
		len(mon.Data.Job.Details) != 1 || mon.Data.Job.Details[0].ProgressInfo.Status != "Error" {
		t.Errorf("monitoring after fail: %d %+v", st, mon)
	}

	// A backup run through the control API, then one through the API:
	// each writes an image into the world.
	var bk backupView
	if st := p.ctl("POST", "backups/web01_boot/start", nil, &bk); st != http.StatusOK || bk.Status != "preparing" || bk.Runs != 1 {
		t.Fatalf("POST /_fake/backups/web01_boot/start: %d %+v", st, bk)
	}
	var bmon struct {
		Data struct {
			Job struct {
				ProgressInfo struct{ Status string } `json:"progressInfo"`
			} `json:"job"`
		} `json:"data"`
	}
	for i := 0; i < 3 && bmon.Data.Job.ProgressInfo.Status != "Complete"; i++ {
		if st := p.api("GET", "backups/monitoring/job/web01_boot", nil, &bmon); st != http.StatusOK {
			t.Fatalf("backup monitoring: %d", st)
		}
	}
	if st := p.ctl("GET", "backups/web01_boot", nil, &bk); st != http.StatusOK || bk.Status != "completed" || len(bk.Images) != 2 || len(bk.Histories) != 2 {
		t.Errorf("after the run: %d %+v (want completed, the world's image and this run's)", st, bk)
	}
	if st := p.ctl("POST", "backups/nope/start", nil, nil); st != http.StatusNotFound {
		t.Errorf("start of no backup: %d, want 404", st)
	}
	var bad2 map[string]string
	if st := p.ctl("POST", "backups", map[string]any{"server": "web01", "partition": "/home"}, &bad2); st != http.StatusBadRequest ||
		!strings.Contains(bad2["error"], `partition: "/home" is not a partition of server "web01"`) {
		t.Errorf("POST /_fake/backups of a partition the world lacks: %d %v", st, bad2)
	}
	var refused struct {
		Error string `json:"error"`
	}
	lost := map[string]any{"center": "Atlantis", "source": "web01", "target": "web01-dr", "platform": "vmware", "mode": "full",
		"repository": map[string]any{"id": 9}}
	if st := p.api("POST", "recoveries", lost, &refused); st != http.StatusNotFound || refused.Error != "Name이 'Atlantis'인 Center를 찾을 수 없습니다" {
		t.Errorf("a recovery for a center the demo lacks: %d %+v", st, refused)
	}

	// The simulated job moves with the clock.
	var clock struct {
		Now    string `json:"now"`
		Frozen bool   `json:"frozen"`
	}
	if st := p.ctl("POST", "clock", map[string]any{"freeze": true, "advance": "10m"}, &clock); st != http.StatusOK || !clock.Frozen {
		t.Errorf("POST /_fake/clock: %d %+v", st, clock)
	}
	if st := p.ctl("GET", "jobs/db-migration", nil, &job); st != http.StatusOK || job.Status != "failed" && job.Status != "canceled" {
		t.Errorf("db-migration after 10 minutes: %d %+v (want its D: canceled)", st, job)
	}

	// Expired tokens get 401; a fresh one works.
	p.ctl("POST", "tokens/expire", nil, nil)
	if st := p.api("GET", "recoveries", nil, nil); st != http.StatusUnauthorized {
		t.Errorf("after tokens/expire: %d, want 401", st)
	}
	var tok map[string]string
	p.ctl("POST", "tokens", nil, &tok)
	if st := p.do("GET", p.url+"/recoveries", tok["token"], nil, nil); st != http.StatusOK {
		t.Errorf("with a fresh token: %d", st)
	}

	// Unknown routes and methods.
	if st := p.ctl("GET", "nope", nil, nil); st != http.StatusNotFound {
		t.Errorf("GET /_fake/nope: %d", st)
	}
	if st := p.ctl("DELETE", "clock", nil, nil); st != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /_fake/clock: %d", st)
	}

	// Reset: back to the scenario, with a new ready token.
	var reset map[string]string
	if st := p.ctl("POST", "reset", nil, &reset); st != http.StatusOK || reset["token"] == "" {
		t.Fatalf("reset: %d %v", st, reset)
	}
	var jobs []jobView
	p.ctl("GET", "jobs", nil, &jobs)
	if len(jobs) != 3 {
		t.Errorf("after reset: %d jobs, want the scenario's 3", len(jobs))
	}
	if got := p.requests(); len(got) != 0 {
		t.Errorf("after reset: %d logged requests, want none", len(got))
	}
	if st := p.do("GET", p.url+"/recoveries", reset["token"], nil, nil); st != http.StatusOK {
		t.Errorf("with the reset's token: %d", st)
	}
	if code := p.stop(); code != exitStopped {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, p.stderrText())
	}
	lines := p.logLines()
	found := false
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 5 && f[0] == "GET" && f[1] == "/api/recoveries" && f[2] == "200" && strings.HasSuffix(f[3], "ms") && f[4] != "-" {
			found = true
		}
	}
	if !found {
		t.Errorf("no request line \"GET /api/recoveries 200 <duration> <request id>\" in:\n%s", strings.Join(lines, "\n"))
	}
}

// testSDK drives a scenario through the SDK: a job progressing and
// failing, a simulated one moved by the clock, a 503 burst.
func testSDK(t *testing.T, bin string) {
	p := startFake(t, bin, "-quiet", "-scenario", "testdata/sdk.json")
	c, err := zdm.NewClient(p.url, zdm.WithToken(p.token), zdm.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	fast := &zdm.WatchOptions{Interval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond}

	// A scripted job: watched as it progresses, until /data fails.
	var percents []string
	fast.OnUpdate = func(m *zdm.JobMonitoring) {
		percents = append(percents, m.Job.Details[0].ProgressInfo.Percent)
	}
	m, err := c.Recoveries.Watch(ctx, "nightly", nil, fast)
	var failed *zdm.JobFailedError
	if !errors.Is(err, zdm.ErrJobFailed) || !errors.As(err, &failed) || len(failed.Failed) != 1 || failed.Failed[0].Name() != "/boot" {
		t.Fatalf("Watch(nightly): %v, want /boot failed", err)
	}
	if m == nil || len(percents) < 3 {
		t.Errorf("Watch(nightly) saw %d updates %v, want the ramp to progress", len(percents), percents)
	}
	if msg := failed.Failed[0].ProgressInfo.Message; msg != "disk full" {
		t.Errorf("failure message %q, want the scenario's", msg)
	}
	fast.OnUpdate = nil

	// A simulated job, on the frozen clock: the control API moves it.
	m, _, err = c.Recoveries.MonitorJob(ctx, "simulated", nil)
	if err != nil || m.Job.Details[0].ProgressInfo.Status != "Preparing" {
		t.Fatalf("MonitorJob(simulated) at start: %v %+v", err, m)
	}
	p.ctl("POST", "clock", map[string]string{"advance": "3m"}, nil) // 1m prepare + 2m of a 10m copy
	m, _, err = c.Recoveries.MonitorJob(ctx, "simulated", nil)
	if err != nil || m.Job.Details[0].ProgressInfo.Status.Phase() != zdm.PhaseRunning || m.Job.Details[0].ProgressInfo.Percent != "20%" {
		t.Fatalf("MonitorJob(simulated) after 3m: %v %+v", err, m.Job.Details[0].ProgressInfo)
	}
	p.ctl("POST", "clock", map[string]string{"advance": "10m"}, nil)
	_, err = c.Recoveries.Watch(ctx, "simulated", nil, fast)
	if !errors.As(err, &failed) || failed.Failed[0].ProgressInfo.Message != "network lost" {
		t.Fatalf("Watch(simulated): %v, want the simulation's failure", err)
	}

	// A 503 burst injected through the control API: the SDK retries it.
	p.ctl("DELETE", "requests", nil, nil)
	var pending struct {
		Pending int `json:"pending"`
		Faults  []struct {
			Kind  string `json:"kind"`
			Count int    `json:"count"`
		} `json:"faults"`
	}
	burst := map[string]any{"kind": "status", "status": 503, "count": 2, "method": "GET", "path": "recoveries/monitoring/job/"}
	if st := p.ctl("POST", "faults", burst, &pending); st != http.StatusCreated || pending.Pending != 2 || len(pending.Faults) != 1 || pending.Faults[0].Count != 2 {
		t.Fatalf("POST /_fake/faults: %d %+v", st, pending)
	}
	_, resp, err := c.Recoveries.MonitorJob(ctx, "nightly", nil)
	if err != nil || resp.Attempts != 3 {
		t.Fatalf("MonitorJob through a 503 burst: %v, attempts %d, want 3", err, resp.Attempts)
	}
	got := p.requests()
	if len(got) != 3 {
		t.Fatalf("request log has %d entries, want 3: %+v", len(got), got)
	}
	for i, want := range []struct {
		status int
		fault  string
	}{{503, "status 503"}, {503, "status 503"}, {200, ""}} {
		r := got[i]
		if r.Status != want.status || r.Fault != want.fault || r.Method != "GET" || r.Path != "/api/recoveries/monitoring/job/nightly" || r.Auth != "Bearer [REDACTED]" {
			t.Errorf("request %d: %+v, want %d %q", i, r, want.status, want.fault)
		}
	}
	if code := p.stop(); code != exitStopped {
		t.Errorf("exit code %d, want 0\n%s", code, p.stderrText())
	}
}

// testSIGTERM stops zdm-fake while a request waits on a delay fault: the
// request gets its answer and the program exits 0.
func testSIGTERM(t *testing.T, bin string) {
	p := startFake(t, bin)
	delay := map[string]any{"kind": "delay", "delay": "1500ms", "method": "GET", "path": "recoveries"}
	if st := p.ctl("POST", "faults", delay, nil); st != http.StatusCreated {
		t.Fatalf("POST /_fake/faults: %d", st)
	}
	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("GET", p.url+"/recoveries", nil)
		req.Header.Set("Authorization", "Bearer "+p.token)
		resp, err := p.client.Do(req)
		if err != nil {
			answered <- -1
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		reqs := p.requests()
		if len(reqs) == 1 && reqs[0].Fault != "" {
			break // the request is in: it waits on the delay
		}
		if time.Now().After(deadline) {
			t.Fatalf("the delayed request never arrived: %+v", reqs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	code := p.stop() // fails after stopTimeout, a hang guard 10x the delay
	if code != exitStopped {
		t.Errorf("exit code %d, want 0\n%s", code, p.stderrText())
	}
	if st := <-answered; st != http.StatusOK {
		t.Errorf("the request in flight got %d, want 200", st)
	}
	if !strings.Contains(strings.Join(p.logLines(), "\n"), "zdm-fake stopped") {
		t.Errorf("no \"zdm-fake stopped\" line")
	}
}
