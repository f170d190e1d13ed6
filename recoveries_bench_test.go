package zdm

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// rawRecovery is the hand-written baseline's item type for List.
type rawRecovery struct {
	System struct {
		Source rawServer `json:"source"`
		Target rawServer `json:"target"`
	} `json:"system"`
	Job struct {
		Info struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Status struct {
				Current string                               `json:"current"`
				Time    struct{ Start, Elapsed, End string } `json:"time"`
			} `json:"status"`
			LastUpdated string `json:"lastUpdated"`
		} `json:"info"`
		Detail []struct {
			From, To, TargetDevice, Mode string
			Backup                       struct{ JobName, FileName, Latest string } `json:"backup"`
			Repository                   struct{ ID, Path, Type string }            `json:"repository"`
			LastUpdated                  string                                     `json:"lastUpdated"`
		} `json:"detail"`
	} `json:"job"`
}

// rawList is the hand-written baseline's List: one page, decoded by
// encoding/json from the response stream.
func rawList(b *testing.B, hc *http.Client, url string) rawPage[rawRecovery] {
	return rawGet[rawRecovery](b, hc, url)
}

// BenchmarkList compares List (a 100-job page, detail=true) and ListAll
// (10,000 jobs in pages of 100) with net/http + encoding/json on the same
// loopback server.
func BenchmarkList(b *testing.B) {
	const total = 10000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		body := pageBody(total, max(page, 1), max(limit, 100))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	hc := srv.Client()
	c, err := NewClient(srv.URL+"/api", WithHTTPClient(hc), WithToken("tok"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("page100/raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if env := rawList(b, hc, srv.URL+"/api/recoveries?detail=true&limit=100&page=1"); len(env.Data) != 100 {
				b.Fatal("short page")
			}
		}
	})
	b.Run("page100/sdk", func(b *testing.B) {
		b.ReportAllocs()
		opts := &ListRecoveriesOptions{ListOptions: ListOptions{Page: 1, Limit: 100}, Detail: true}
		for b.Loop() {
			if jobs, _, err := c.Recoveries.List(context.Background(), opts); err != nil || len(jobs) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("all10000/raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for page := 1; ; page++ {
				env := rawList(b, hc, srv.URL+"/api/recoveries?limit=100&page="+strconv.Itoa(page))
				n += len(env.Data)
				if env.Pagination == nil || !env.Pagination.HasNextPage {
					break
				}
			}
			if n != total {
				b.Fatal(n)
			}
		}
	})
	b.Run("all10000/sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range c.Recoveries.ListAll(context.Background(), nil) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != total {
				b.Fatal(n)
			}
		}
	})
}
