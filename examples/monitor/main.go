// Command monitor reads one recovery job's progress once.
//
// With ZDM_URL and ZDM_TOKEN (or ZDM_EMAIL and ZDM_PASSWORD) set it asks
// that server about the job named by its argument; with no settings it
// asks a local stand-in server answering with the documented example.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/zdmkit/go-zdm"
)

const seedExample = `{"success":true,"requestID":"req-abc123","data":{"system":{"source":{"name":"source-server"},"target":{"name":"target-server"}},"job":{"info":{"name":"daily-recovery"},"log":["Starting recovery...","Transferring data..."],"details":[{"partition":"/","progressInfo":{"status":"run","percent":"45%","message":"Transferring data...","start":"2025-01-15T10:00:00Z","elapsed":"00:15:00","end":"-"}},{"partition":"/home","progressInfo":{"status":"pending","percent":"0%","message":"Waiting...","start":"-","elapsed":"-","end":"-"}}]}},"message":"Recovery monitoring info","timestamp":"2025-01-15T10:15:00Z"}`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "monitor:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	base := os.Getenv("ZDM_URL")
	var opts []zdm.ClientOption
	job := "daily-recovery"
	if len(os.Args) > 1 {
		job = os.Args[1]
	}
	switch {
	case base == "":
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(seedExample))
		}))
		defer srv.Close()
		base = srv.URL
		opts = append(opts, zdm.WithToken("stand-in"))
	case os.Getenv("ZDM_TOKEN") != "":
		opts = append(opts, zdm.WithToken(os.Getenv("ZDM_TOKEN")))
	default:
		opts = append(opts, zdm.WithCredentials(os.Getenv("ZDM_EMAIL"), os.Getenv("ZDM_PASSWORD")))
	}
	c, err := zdm.NewClient(base, opts...)
	if err != nil {
		return err
	}
	m, _, err := c.Recoveries.MonitorJob(ctx, job, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %s -> %s\n", m.Job.Info.Name, m.System.Source.Name, m.System.Target.Name)
	for _, d := range m.Job.Details {
		fmt.Printf("  %-8s %-10s %5s  %s\n", d.Name(), d.ProgressInfo.Status.Phase(), d.ProgressInfo.Percent, d.ProgressInfo.Message)
	}
	return nil
}
