package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The benchmarks compare MonitorJob with what a user would write by hand
// (net/http + encoding/json into plain structs of the same shape), on the
// same loopback server in the same run. Compare with benchstat or read the
// ratios side by side:
//
//	go test -run '^$' -bench . -benchmem -count 6 .

// rawEnvelope and friends are the hand-written baseline's types.
type rawEnvelope struct {
	Success   bool       `json:"success"`
	RequestID string     `json:"requestID"`
	Data      rawMonitor `json:"data"`
	Message   string     `json:"message"`
	Timestamp string     `json:"timestamp"`
}

type rawMonitor struct {
	System struct {
		Source rawServer `json:"source"`
		Target rawServer `json:"target"`
	} `json:"system"`
	Job struct {
		Info struct {
			Name     string `json:"name"`
			Platform string `json:"platform"`
			Mode     string `json:"mode"`
		} `json:"info"`
		Log     []string `json:"log"`
		Details []struct {
			Partition    string `json:"partition"`
			Drive        string `json:"drive"`
			Device       string `json:"device"`
			Mode         string `json:"mode"`
			ProgressInfo struct {
				Status  string `json:"status"`
				Percent string `json:"percent"`
				Message string `json:"message"`
				Start   string `json:"start"`
				Elapsed string `json:"elapsed"`
				End     string `json:"end"`
			} `json:"progressInfo"`
			Backup struct {
				JobName  string `json:"jobName"`
				FileName string `json:"fileName"`
			} `json:"backup"`
			Repository struct {
				ID   string `json:"id"`
				Type string `json:"type"`
				Path string `json:"path"`
			} `json:"repository"`
		} `json:"details"`
	} `json:"job"`
}

type rawServer struct {
	Name  string `json:"name"`
	OS    string `json:"os"`
	Agent string `json:"agent"`
	IP    struct {
		Public  string   `json:"public"`
		Private []string `json:"private"`
	} `json:"ip"`
}

// benchPayload builds a realistic monitoring answer with n partitions and
// logLines log lines; detail adds the detail=true extras.
func benchPayload(n, logLines int, detail bool) []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"requestID":"req-7f3e9c21","data":{"system":{`)
	for i, side := range []string{"source", "target"} {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%s":{"name":"web-prod-%02d"`, side, i)
		if detail {
			b.WriteString(`,"os":"Rocky Linux 9.3","agent":"ZDM Agent 2.0.1","ip":{"public":"203.0.113.24","private":["10.0.4.21","172.16.0.9"]}`)
		}
		b.WriteByte('}')
	}
	b.WriteString(`},"job":{"info":{"name":"web-prod-01-recovery"`)
	if detail {
		b.WriteString(`,"platform":"OpenStack","mode":"full"`)
	}
	b.WriteString(`},"log":[`)
	for i := 0; i < logLines; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"2025-03-02 09:%02d:%02d Partition /data%d: transferred %d MiB of 51200 MiB"`, i/60%60, i%60, i%n, i*25)
	}
	b.WriteString(`],"details":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"partition":"/data%d","drive":null`, i)
		if detail {
			fmt.Fprintf(&b, `,"device":"/dev/vdb%d","mode":"full","backup":{"jobName":"web-prod-01-backup","fileName":"web-prod-01_data%d_20250301.zdm"},"repository":{"id":"1","type":"NFS","path":"/mnt/zdm"}`, i, i)
		}
		fmt.Fprintf(&b, `,"progressInfo":{"status":"Processing","percent":"%d%%","message":"Transferring data...","start":"2025-03-02T09:00:12Z","elapsed":"00:%02d:10","end":"-"}}`, i%101, i%60)
	}
	b.WriteString(`]}},"message":"Recovery monitoring info","timestamp":"2025-03-03T11:03:22Z"}`)
	return []byte(b.String())
}

var benchCases = []struct {
	name           string
	partitions     int
	logLines       int
	detail         bool
	wantPartitions int
}{
	{"small", 2, 2, false, 2},
	{"large", 64, 2000, true, 64},
}

func benchServer(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkMonitorJob(b *testing.B) {
	for _, bc := range benchCases {
		body := benchPayload(bc.partitions, bc.logLines, bc.detail)
		srv := benchServer(b, body)
		hc := srv.Client()
		opts := &MonitorJobOptions{Detail: bc.detail}

		b.Run(bc.name+"/raw", func(b *testing.B) {
			url := srv.URL + "/api/v1/recoveries/monitoring/job/daily-recovery"
			if bc.detail {
				url += "?detail=true"
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
				if err != nil {
					b.Fatal(err)
				}
				req.Header.Set("Authorization", "Bearer tok")
				req.Header.Set("Accept", "application/json")
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				var env rawEnvelope
				err = json.NewDecoder(resp.Body).Decode(&env)
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				if err != nil || len(env.Data.Job.Details) != bc.wantPartitions {
					b.Fatalf("raw decode: %v", err)
				}
			}
		})
		b.Run(bc.name+"/sdk", func(b *testing.B) {
			c, err := NewClient(srv.URL, WithHTTPClient(hc), WithToken("tok"))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				m, _, err := c.Recoveries.MonitorJob(context.Background(), "daily-recovery", opts)
				if err != nil || len(m.Job.Details) != bc.wantPartitions {
					b.Fatalf("sdk: %v", err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, bc := range benchCases {
		body := benchPayload(bc.partitions, bc.logLines, bc.detail)
		b.Run(bc.name+"/raw", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var env rawEnvelope
				if err := json.Unmarshal(body, &env); err != nil || len(env.Data.Job.Details) != bc.wantPartitions {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.name+"/sdk", func(b *testing.B) {
			resp := &http.Response{StatusCode: 200, Header: http.Header{}}
			c := decodingClient(b)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var w wireMonitoring
				if _, err := decodeAnswer(c, resp, body, &w); err != nil {
					b.Fatal(err)
				}
				if m := w.model(zone{}); len(m.Job.Details) != bc.wantPartitions {
					b.Fatal("wrong partition count")
				}
			}
		})
	}
}
