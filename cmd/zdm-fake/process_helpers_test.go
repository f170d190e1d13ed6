package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds how long a started zdm-fake may take to print its
// banner; stopTimeout how long it may take to exit after a signal.
const (
	startTimeout = 20 * time.Second
	stopTimeout  = 15 * time.Second
)

// buildFake builds zdm-fake into a temporary directory with the go
// command from PATH, as a user would.
func buildFake(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	bin := filepath.Join(t.TempDir(), "zdm-fake")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	out, err := exec.Command(goCmd, append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is a running zdm-fake.
type proc struct {
	t                           *testing.T
	cmd                         *exec.Cmd
	url, token, email, password string
	control                     string            // ".../_fake/"
	banner                      map[string]string // every line of the banner
	client                      *http.Client

	mu     sync.Mutex
	lines  []string // stdout after the banner
	stderr bytes.Buffer
	exited chan struct{}
	err    error // Wait's, after exited
}

// startFake starts zdm-fake on a free loopback port and waits for its
// banner. It is killed at the end of the test if still running.
func startFake(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Stderr = &lockedWriter{mu: &p.mu, w: &p.stderr}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan map[string]string, 1)
	go p.read(stdout, ready)
	tr := &http.Transport{}
	p.client = &http.Client{Transport: tr, Timeout: 10 * time.Second}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
	select {
	case banner := <-ready:
		p.url, p.token, p.control, p.banner = banner["url"], banner["token"], banner["control"], banner
		p.email, p.password = banner["email"], banner["password"]
	case <-p.exited:
		t.Fatalf("zdm-fake exited before serving: %v\n%s", p.err, p.stderrText())
	case <-time.After(startTimeout):
		t.Fatalf("zdm-fake printed no banner in %v", startTimeout)
	}
	return p
}

// read parses the banner, then keeps the other lines, until EOF; then it
// waits for the process.
func (p *proc) read(r io.Reader, ready chan<- map[string]string) {
	sc := bufio.NewScanner(r)
	banner := map[string]string{}
	for sc.Scan() {
		line := sc.Text()
		if banner != nil {
			k, v, _ := strings.Cut(line, " ")
			banner[k] = strings.TrimSpace(v)
			if k == "control" {
				ready <- banner
				banner = nil
			}
			continue
		}
		p.mu.Lock()
		p.lines = append(p.lines, line)
		p.mu.Unlock()
	}
	_, _ = io.Copy(io.Discard, r)
	p.err = p.cmd.Wait()
	close(p.exited)
}

// logLines are the request lines printed so far.
func (p *proc) logLines() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lines...)
}

func (p *proc) stderrText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// stop sends SIGTERM and returns the exit code.
func (p *proc) stop() int {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatalf("SIGTERM: %v", err)
	}
	return p.wait()
}

// wait waits for the process to exit and returns its exit code.
func (p *proc) wait() int {
	p.t.Helper()
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		p.t.Fatalf("zdm-fake did not exit in %v", stopTimeout)
	}
	return p.cmd.ProcessState.ExitCode()
}

// do sends a request with an optional JSON body and decodes a JSON answer
// into out (when not nil); it returns the status.
func (p *proc) do(method, url, token string, body any, out any) int {
	p.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			p.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		p.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatalf("%s %s: reading: %v", method, url, err)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			p.t.Fatalf("%s %s: %v\n%s", method, url, err, b)
		}
	}
	return resp.StatusCode
}

// ctl calls the control API: ctl("POST", "faults", body, &out).
func (p *proc) ctl(method, route string, body, out any) int {
	p.t.Helper()
	return p.do(method, p.control+route, "", body, out)
}

// api calls the ZDM API with the printed token.
func (p *proc) api(method, route string, body, out any) int {
	p.t.Helper()
	return p.do(method, p.url+"/"+route, p.token, body, out)
}

// loggedRequest is an entry of GET /_fake/requests.
type loggedRequest struct {
	Seq    int    `json:"seq"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Auth   string `json:"auth"`
	Status int    `json:"status"`
	Fault  string `json:"fault"`
}

// requests reads the request log.
func (p *proc) requests() []loggedRequest {
	p.t.Helper()
	var out struct {
		Total    int             `json:"total"`
		Requests []loggedRequest `json:"requests"`
	}
	if st := p.ctl("GET", "requests", nil, &out); st != http.StatusOK {
		p.t.Fatalf("GET /_fake/requests: %d", st)
	}
	return out.Requests
}

// lockedWriter writes under a mutex.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// runFake runs zdm-fake to completion and returns its exit code, stdout
// and stderr.
func runFake(t *testing.T, bin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(stopTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("zdm-fake %v did not exit", args)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}
