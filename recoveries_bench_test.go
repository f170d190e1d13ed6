package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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

// BenchmarkDecodeList compares decoding a page of 100 jobs (envelope and
// model, no network) with encoding/json into the raw client's types: the
// list shape without the loopback's noise. sdk decodes as List does, into
// a slice sized from the page's Limit (pageBuffer); sdk-unsized is the
// same without it, to show what that buys.
func BenchmarkDecodeList(b *testing.B) {
	body := pageBody(10000, 1, 100)
	b.Run("page100/raw", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var env rawPage[rawRecovery]
			if err := json.Unmarshal(body, &env); err != nil || len(env.Data) != 100 {
				b.Fatal(err)
			}
		}
	})
	for _, sized := range []bool{true, false} {
		name := "page100/sdk"
		if !sized {
			name += "-unsized"
		}
		b.Run(name, func(b *testing.B) {
			resp := &http.Response{StatusCode: 200, Header: http.Header{}}
			c := decodingClient(b)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var w []wireRecovery
				if sized {
					w = pageBuffer[wireRecovery](100)
				}
				r, err := decodeAnswer(c, resp, body, &w)
				if err != nil || len(w) != 100 {
					b.Fatal(err)
				}
				_ = modelsOf(w, r.zone, (*wireRecovery).model)
			}
		})
	}
}

// BenchmarkDecodeFields compares, on the 400 times and 400 IDs of a
// list page (four of each per job), the field types the wire schema uses
// with reading the same values as text first:
//   - times/stamp reads the wall clock with time.Parse while decoding and
//     writes it in the answer's zone afterwards; times/text keeps a copy of
//     the text and parses it afterwards (zone.fix).
//   - ids/id reads the digits in place; ids/text copies them out as text
//     and parses that.
func BenchmarkDecodeFields(b *testing.B) {
	list := func(format string) []byte {
		var sb strings.Builder
		sb.WriteByte('[')
		for i := range 400 {
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, format, i/60%60, i%60)
		}
		sb.WriteByte(']')
		return []byte(sb.String())
	}
	times, ids := list(`"2025-01-15 10:%02d:%02d"`), list(`"%d%02d"`)
	z := zone{fixedZone(9 * 3600)}
	bench := func(name string, body []byte, decode func() error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := decode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	bench("times/stamp", times, func() error {
		w := make([]stamp, 0, 400)
		err := json.Unmarshal(times, &w)
		for _, s := range w {
			_ = s.in(z)
		}
		return err
	})
	bench("times/text", times, func() error {
		w := make([]text, 0, 400)
		err := json.Unmarshal(times, &w)
		for _, s := range w {
			_ = z.fix(s)
		}
		return err
	})
	bench("ids/id", ids, func() error {
		w := make([]id, 0, 400)
		return json.Unmarshal(ids, &w)
	})
	bench("ids/text", ids, func() error {
		w := make([]text, 0, 400)
		err := json.Unmarshal(ids, &w)
		for _, s := range w {
			if _, perr := strconv.ParseInt(string(s), 10, 64); perr != nil {
				return perr
			}
		}
		return err
	})
}
