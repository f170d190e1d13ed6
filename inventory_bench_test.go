package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// The inventory benchmarks compare Servers.List (a page of 100 servers
// with partition=true) and Repositories.ListAll with what a user would
// write by hand (net/http + encoding/json into plain structs of the same
// shape), on the same loopback server in the same run:
//
//	go test -run '^$' -bench 'Servers|Repositories' -benchmem -count 5 .

type rawSize struct {
	Raw       int64  `json:"raw"`
	Formatted string `json:"formatted"`
}

type rawPartition struct {
	System, Letter, Device string
	Size                   rawSize `json:"size"`
	Used                   rawSize `json:"used"`
	Free                   rawSize `json:"free"`
	Usage                  int     `json:"usage"`
	FileSystem             string  `json:"fileSystem"`
	LastUpdated            string  `json:"lastUpdated"`
}

type rawServerItem struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Agent struct {
		Mode string `json:"mode"`
	} `json:"agent"`
	OS struct {
		Version string `json:"version"`
	} `json:"os"`
	IP struct {
		Public  string   `json:"public"`
		Private []string `json:"private"`
	} `json:"ip"`
	License struct {
		ID string `json:"id"`
	} `json:"license"`
	Status struct {
		Connect string `json:"connect"`
	} `json:"status"`
	LastUpdated string         `json:"lastUpdated"`
	Partition   []rawPartition `json:"partition"`
}

type rawRepository struct {
	ID          string   `json:"id"`
	Center      string   `json:"center"`
	Type        string   `json:"type"`
	Size        rawSize  `json:"size"`
	Used        rawSize  `json:"used"`
	Free        rawSize  `json:"free"`
	Usage       int      `json:"usage"`
	RemotePath  string   `json:"remotePath"`
	LocalPath   string   `json:"localPath"`
	IPAddress   []string `json:"ipAddress"`
	Port        string   `json:"port"`
	LastUpdated string   `json:"lastUpdated"`
}

type rawPage[T any] struct {
	Success    bool `json:"success"`
	Data       []T  `json:"data"`
	Pagination *struct {
		CurrentPage int  `json:"currentPage"`
		HasNextPage bool `json:"hasNextPage"`
	} `json:"pagination"`
}

func rawGet[T any](b *testing.B, hc *http.Client, url string) rawPage[T] {
	resp, err := hc.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	var env rawPage[T]
	err = json.NewDecoder(resp.Body).Decode(&env)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
	return env
}

// benchSize is a size object as 1.x/2.x servers send it.
func benchSize(b *strings.Builder, raw int64) {
	fmt.Fprintf(b, `{"raw":%d,"formatted":"%.1f GB"}`, raw, float64(raw)/(1<<30))
}

// serversPage is a page of n servers with parts partitions each, as a
// 1.x/2.x server sends it with partition=true.
func serversPage(n, parts, page, pages int) []byte {
	var b strings.Builder
	b.WriteString(`{"requestID":"3f6c1a9e-5b2d-4e8f-9a71-0c4d2b8e6f13","message":"Server information list","success":true,"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := (page-1)*n + i + 1
		fmt.Fprintf(&b, `{"id":"%d","name":"app-server-%04d (10.0.%d.%d)","agent":{"mode":"Source"},"os":{"version":"Rocky Linux release 9.3 (Blue Onyx)"},`+
			`"ip":{"public":"10.0.%d.%d","private":["10.0.%d.%d","172.16.%d.%d"]},"license":{"id":"%d"},"status":{"connect":"connect"},`+
			`"lastUpdated":"2026-01-17 15:02:40","partition":[`, id, id, id/250, id%250, id/250, id%250, id/250, id%250, id/250, id%250, id%7+1)
		for p := range parts {
			if p > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"system":"app-server-%04d (10.0.%d.%d)","letter":"/data%d","device":"/dev/sd%c1","size":`, id, id/250, id%250, p, 'a'+p)
			benchSize(&b, 107374182400)
			b.WriteString(`,"used":`)
			benchSize(&b, 32212254720)
			b.WriteString(`,"free":`)
			benchSize(&b, 75161927680)
			b.WriteString(`,"usage":30,"fileSystem":"xfs","lastUpdated":"2026-01-17 15:02:40"}`)
		}
		b.WriteString(`]}`)
	}
	fmt.Fprintf(&b, `],"pagination":{"currentPage":%d,"totalPages":%d,"totalItems":%d,"itemsPerPage":%d,"hasNextPage":%t,"hasPreviousPage":%t},"timestamp":"2026-01-17 15:03:11"}`,
		page, pages, n*pages, n, page < pages, page > 1)
	return []byte(b.String())
}

// repositoriesPage is one page of a list of total repositories.
func repositoriesPage(total, page, limit int) []byte {
	var b strings.Builder
	b.WriteString(`{"requestID":"4e6a8c0e-2a4c-4e6a-8c0e-2a4c6e8a0c2e","message":"Repository list retrieved","success":true,"data":[`)
	first := (page - 1) * limit
	for i := first; i < min(first+limit, total); i++ {
		if i > first {
			b.WriteByte(',')
		}
		center := i / 40 // 40 repositories a center, reported together
		fmt.Fprintf(&b, `{"id":"%d","center":"center-%02d","type":"NFS","size":`, i+1, center)
		benchSize(&b, 2199023255552)
		b.WriteString(`,"used":`)
		benchSize(&b, 659706976665)
		b.WriteString(`,"free":`)
		benchSize(&b, 1539316278886)
		fmt.Fprintf(&b, `,"usage":30,"remotePath":"/export/zdm/%d","localPath":"/mnt/zdm/%d","ipAddress":["192.168.%d.%d"],"port":"2049","lastUpdated":"2026-02-06 10:%02d:00"}`,
			i, i, i/250, i%250, center%60)
	}
	pages := (total + limit - 1) / limit
	fmt.Fprintf(&b, `],"pagination":{"currentPage":%d,"totalPages":%d,"totalItems":%d,"itemsPerPage":%d,"hasNextPage":%t,"hasPreviousPage":%t},"timestamp":"2026-02-06 10:15:30"}`,
		page, pages, total, limit, page < pages, page > 1)
	return []byte(b.String())
}

func inventoryBenchServer(b *testing.B) (*httptest.Server, *Client) {
	servers := serversPage(100, 4, 1, 3)
	const repos = 2000
	cache := map[int][]byte{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := servers
		if strings.HasSuffix(r.URL.Path, "/zdms/repositories") {
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			body = cache[max(page, 1)]
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	for p := 1; p <= (repos+99)/100; p++ {
		cache[p] = repositoriesPage(repos, p, 100)
	}
	b.Cleanup(srv.Close)
	c, err := NewClient(srv.URL+"/api", WithHTTPClient(srv.Client()), WithToken("tok"))
	if err != nil {
		b.Fatal(err)
	}
	return srv, c
}

func BenchmarkServersList(b *testing.B) {
	srv, c := inventoryBenchServer(b)
	hc := srv.Client()
	b.Run("page100/raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if env := rawGet[rawServerItem](b, hc, srv.URL+"/api/servers?limit=100&page=1&partition=true"); len(env.Data) != 100 {
				b.Fatal("short page")
			}
		}
	})
	b.Run("page100/sdk", func(b *testing.B) {
		b.ReportAllocs()
		opts := &ListServersOptions{ListOptions: ListOptions{Page: 1, Limit: 100}, ServerIncludes: ServerIncludes{Partition: true}}
		for b.Loop() {
			if list, _, err := c.Servers.List(context.Background(), opts); err != nil || len(list) != 100 || len(list[99].Partitions) != 4 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRepositoriesListAll(b *testing.B) {
	srv, c := inventoryBenchServer(b)
	hc := srv.Client()
	b.Run("all2000/raw", func(b *testing.B) {
		loopCounting(b, 2000, func() int {
			return rawCountAll[rawRepository](b, hc, srv.URL+"/api/zdms/repositories?limit=100&page=")
		})
	})
	b.Run("all2000/sdk", func(b *testing.B) {
		loopCounting(b, 2000, func() int { return countSeq(b, c.Repositories.ListAll(context.Background(), nil)) })
	})
}

// loopCounting runs count in a benchmark loop; each run must count want.
func loopCounting(b *testing.B, want int, count func() int) {
	b.ReportAllocs()
	for b.Loop() {
		if n := count(); n != want {
			b.Fatalf("read %d items, want %d", n, want)
		}
	}
}

// rawCountAll reads every page of a list by hand (pageURL ends with
// "page=") and counts the items.
func rawCountAll[T any](b *testing.B, hc *http.Client, pageURL string) int {
	n := 0
	for page := 1; ; page++ {
		env := rawGet[T](b, hc, pageURL+strconv.Itoa(page))
		n += len(env.Data)
		if env.Pagination == nil || !env.Pagination.HasNextPage {
			return n
		}
	}
}

// countSeq counts the items of a ListAll sequence.
func countSeq[T any](b *testing.B, seq iter.Seq2[T, error]) int {
	n := 0
	for _, err := range seq {
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}
