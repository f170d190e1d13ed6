package zdm

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// The backup benchmarks compare Backups.List (a page of 100 jobs) and
// Backups.ListAllImages (10,000 images in pages of 100) with what a user
// would write by hand (net/http + encoding/json into plain structs of the
// same shape), on the same loopback server in the same run:
//
//	go test -run '^$' -bench 'BackupsList|BackupImages' -benchmem -count 5 .

type rawBackup struct {
	System struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		OS   string `json:"os"`
	} `json:"system"`
	Job struct {
		Info struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			Mode      string `json:"mode"`
			Partition string `json:"partition"`
			Schedule  struct {
				Basic struct {
					ID          string `json:"id"`
					Type        string `json:"type"`
					Description string `json:"description"`
				} `json:"basic"`
				Advanced string `json:"advanced"`
			} `json:"schedule"`
			Status struct {
				Current string `json:"current"`
				Time    struct {
					Start   string `json:"start"`
					Elapsed string `json:"elapsed"`
					End     string `json:"end"`
				} `json:"time"`
			} `json:"status"`
		} `json:"info"`
		LastUpdated string `json:"lastUpdated"`
	} `json:"job"`
	Repository struct {
		ID   string `json:"id"`
		Type string `json:"type"`
		Path string `json:"path"`
	} `json:"repository"`
}

type rawImage struct {
	Image struct {
		Name    string `json:"name"`
		JobName string `json:"jobName"`
		Type    string `json:"type"`
		Size    struct {
			Original   rawSize `json:"original"`
			Compressed rawSize `json:"compressed"`
		} `json:"size"`
		CreatedAt   string `json:"createdAt"`
		Compression struct {
			Level string `json:"level"`
			Ratio *struct {
				Percent   float64 `json:"percent"`
				Formatted string  `json:"formatted"`
			} `json:"ratio"`
		} `json:"compression"`
		Repository struct {
			ID   int64  `json:"id"`
			Path string `json:"path"`
		} `json:"repository"`
		Comment string `json:"comment"`
	} `json:"image"`
	Server struct {
		Name string `json:"name"`
		OS   string `json:"os"`
	} `json:"server"`
	Partition struct {
		MountPoint string `json:"mountPoint"`
		Device     string `json:"device"`
	} `json:"partition"`
}

// backupsPage is a page of n backup jobs as a 1.x/2.x server sends it.
func backupsPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"requestID":"3f6c1a9e-5b2d-4e8f-9a71-0c4d2b8e6f13","message":"Backup job list","success":true,"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"system":{"id":"%d","name":"app-server-%04d (10.0.%d.%d)","os":"Linux"},"job":{"info":{"id":"%d","name":"app-server-%04d_ROOT","mode":"full","partition":"/",`+
			`"schedule":{"basic":{"id":"%d","type":"daily","description":"Every day at 02:00"},"advanced":"-"},`+
			`"status":{"current":"Scheduled","time":{"start":"2026-01-15 02:%02d:00","elapsed":"00:30:00","end":"2026-01-15 02:%02d:00"}}},"lastUpdated":"2026-01-15 02:%02d:00"},`+
			`"repository":{"id":"%d","type":"nfs","path":"/backup/zdm"}}`, i+1, i, i/250, i%250, i+1, i, i+1, i%30, i%30+30, i%30+30, i%4+1)
	}
	b.WriteString(`],"pagination":{"currentPage":1,"totalPages":3,"totalItems":300,"itemsPerPage":100,"hasNextPage":true,"hasPreviousPage":false},"timestamp":"2026-01-15 10:00:00"}`)
	return []byte(b.String())
}

// imagesPage is one page of a 3.0.0 image list of total images.
func imagesPage(total, page, limit int) []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"traceId":"a1b2c3d4e5f60718293a4b5c6d7e8f90","data":[`)
	sep := ""
	for i := (page - 1) * limit; i < min(page*limit, total); i++ {
		b.WriteString(sep)
		sep = ","
		fmt.Fprintf(&b, `{"image":{"name":"web%03d_ROOT_[2026-01-%02d_08_44].ZIA","jobName":"web%03d_ROOT","type":"Full",`+
			`"size":{"original":{"raw":%d,"formatted":"2.17 GB"},"compressed":{"raw":831622708,"formatted":"793.10 MB"}},`+
			`"createdAt":"2026-01-%02d 08:43:%02d","compression":{"level":"Default","ratio":{"percent":64.29,"formatted":"64.29%%"}},`+
			`"repository":{"id":%d,"path":"/ZConverter"},"comment":""},"server":{"name":"web%03d (10.0.%d.%d)","os":"Rocky Linux release 9.3"},`+
			`"partition":{"mountPoint":"/","device":"/dev/mapper/rl-root"}}`,
			i/30, i%28+1, i/30, 2328637440+i, i%28+1, i%60, i%3+13, i/30, i/250, i%250)
	}
	pages := (total + limit - 1) / limit
	fmt.Fprintf(&b, `],"pagination":{"currentPage":%d,"totalPages":%d,"totalItems":%d,"itemsPerPage":%d,"hasNextPage":%t,"hasPreviousPage":%t},`+
		`"scan":{"total":3,"succeeded":3,"failed":0,"failures":[]},"message":"Backup images retrieved successfully","timestamp":"2026-01-09T10:30:00.000+09:00"}`,
		page, pages, total, limit, page < pages, page > 1)
	return []byte(b.String())
}

// backupBenchServer serves a page of 100 jobs and a list of total images
// in pages of 100.
func backupBenchServer(tb testing.TB, total int) (*httptest.Server, *Client) {
	jobs := backupsPage(100)
	cache := map[int][]byte{}
	for p := 1; p <= (total+99)/100; p++ {
		cache[p] = imagesPage(total, p, 100)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := jobs
		if strings.HasSuffix(r.URL.Path, "/backups/images") {
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			body = cache[max(page, 1)]
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	c, err := NewClient(srv.URL+"/api", WithHTTPClient(srv.Client()), WithToken("tok"), WithServerGeneration(GenerationV3))
	if err != nil {
		tb.Fatal(err)
	}
	return srv, c
}

func BenchmarkBackupsList(b *testing.B) {
	srv, c := backupBenchServer(b, 100)
	hc := srv.Client()
	b.Run("page100/raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if env := rawGet[rawBackup](b, hc, srv.URL+"/api/backups?limit=100&page=1"); len(env.Data) != 100 {
				b.Fatal("short page")
			}
		}
	})
	b.Run("page100/sdk", func(b *testing.B) {
		b.ReportAllocs()
		opts := &ListBackupsOptions{ListOptions: ListOptions{Page: 1, Limit: 100}}
		for b.Loop() {
			if list, _, err := c.Backups.List(context.Background(), opts); err != nil || len(list) != 100 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkBackupImagesListAll(b *testing.B) {
	srv, c := backupBenchServer(b, 10000)
	hc := srv.Client()
	b.Run("all10000/raw", func(b *testing.B) {
		loopCounting(b, 10000, func() int {
			return rawCountAll[rawImage](b, hc, srv.URL+"/api/backups/images?limit=100&page=")
		})
	})
	b.Run("all10000/sdk", func(b *testing.B) {
		loopCounting(b, 10000, func() int { return countSeq(b, c.Backups.ListAllImages(context.Background(), nil)) })
	})
}
