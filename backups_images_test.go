package zdm

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackupsListImages_DecodesEveryGeneration(t *testing.T) {
	t.Run("1.x/2.x", func(t *testing.T) {
		ts := backupServer(t, map[string]route{"GET backups/images/server/source-centos7-bios (192.168.2.104)": {200, "images_v1.json"}})
		imgs, _, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC), WithServerGeneration(GenerationV1)).Backups.ListImages(context.Background(),
			&ListBackupImagesOptions{Server: "source-centos7-bios (192.168.2.104)"})
		require.NoError(t, err)
		require.Len(t, imgs, 2)
		assert.Equal(t, BackupImage{Name: "source-centos7-bios_ROOT_[2026-01-08_01_19].ZIA", JobName: "source-centos7-bios_ROOT",
			Type: "increment", CreatedAt: "2026-01-08T01:19:29Z", Size: Size{Bytes: 157310976, Formatted: "150.02 MB"},
			Repository: RepositoryRef{ID: 13, Path: "/ZConverter"}, Server: "source-centos7-bios (192.168.2.104)",
			OS: "CentOS Linux release 7.9.2009 (Core)", Partition: "/", Device: "/dev/mapper/centos-root"}, *imgs[1])
		at, ok := imgs[1].CreatedTime()
		require.True(t, ok)
		assert.Equal(t, time.Date(2026, 1, 8, 1, 19, 29, 0, time.UTC), at)
	})
	t.Run("3.0.0", func(t *testing.T) {
		ts := backupServer(t, map[string]route{"GET backups/images": {200, "images_v3.json"}})
		imgs, _, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Backups.ListImages(context.Background(), &ListBackupImagesOptions{Server: "12"})
		require.NoError(t, err)
		require.Len(t, imgs, 3)
		assert.Equal(t, "full", imgs[0].Type, "lowercased")
		assert.Equal(t, "2026-01-07T08:43:48+09:00", imgs[0].CreatedAt, "the zone of the envelope's timestamp")
		assert.Equal(t, Size{Bytes: 2328637440, Formatted: "2.17 GB"}, imgs[0].Size, "the original size")
		assert.Equal(t, Size{Bytes: 831622708, Formatted: "793.10 MB"}, imgs[0].CompressedSize)
		assert.Equal(t, "/boot", imgs[1].PartitionName())
		assert.Equal(t, "incremental", imgs[2].Type)
		assert.Equal(t, "C:", imgs[2].Drive, `"C::" reads "C:"`)
		assert.Equal(t, int64(14), imgs[2].Repository.ID)
	})
}

func TestBackupsListImages_PicksTheRouteForTheGeneration(t *testing.T) {
	full := &ListBackupImagesOptions{ListOptions: ListOptions{Limit: 10}, Server: "web01 (10.0.0.1)", Center: "6", RepositoryID: 13, Partition: "/"}
	for _, tc := range []struct {
		name       string
		gen        Generation
		opts       *ListBackupImagesOptions
		wantPaths  []string
		wantQuery  string
		wantRefuse string
	}{
		{name: "1.x/2.x: per server, without the server in the query", gen: GenerationV1, opts: full,
			wantPaths: []string{"/backups/images/server/web01%20%2810.0.0.1%29"}, wantQuery: "center=6&limit=10&partition=%2F&repositoryId=13"},
		{name: "3.0.0: the list, the server in the query", gen: GenerationV3, opts: full,
			wantPaths: []string{"/backups/images"}, wantQuery: "center=6&limit=10&partition=%2F&repositoryId=13&server=web01+%2810.0.0.1%29"},
		{name: "3.0.0: every image", gen: GenerationV3, opts: nil, wantPaths: []string{"/backups/images"}},
		{name: "unknown: per server, which both generations serve", gen: GenerationAuto, opts: full,
			wantPaths: []string{"/backups/images/server/web01%20%2810.0.0.1%29"}, wantQuery: "center=6&limit=10&partition=%2F&repositoryId=13"},
		{name: "unknown without a server: learns the generation first", gen: GenerationAuto, opts: &ListBackupImagesOptions{Sort: SortAscending},
			wantPaths: []string{"/recoveries", "/backups/images"}, wantQuery: "sort=asc"},
		{name: "1.x/2.x without a server", gen: GenerationV1, opts: &ListBackupImagesOptions{Center: "6"}, wantRefuse: "ListBackupImagesOptions.Server (required)"},
		{name: "1.x/2.x with a 3.0.0 filter", gen: GenerationV1, opts: &ListBackupImagesOptions{Server: "web01", RepositoryType: "nfs"}, wantRefuse: "RepositoryType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/recoveries") { // the probe: a 3.0.0 envelope
					reply(w, 200, "application/json", []byte(`{"success":true,"traceId":"t","data":[],"timestamp":"2026-01-09T10:30:00.000+09:00"}`))
					return
				}
				reply(w, 200, "application/json", fixture(t, "backups/images_v3.json"))
			})
			_, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Backups.ListImages(context.Background(), tc.opts)
			if tc.wantRefuse != "" {
				require.ErrorIs(t, err, ErrInvalidArgument)
				assert.Contains(t, err.Error(), tc.wantRefuse)
				assert.Empty(t, ts.requests())
				return
			}
			require.NoError(t, err)
			reqs := ts.requests()
			require.Len(t, reqs, len(tc.wantPaths))
			for i, p := range tc.wantPaths {
				assert.Equal(t, testPrefix+p, reqs[i].RawPath)
			}
			assert.Equal(t, tc.wantQuery, reqs[len(reqs)-1].Query)
		})
	}
}

func TestBackupsListImages_PartialScanReturnsImagesAndNamesTheRepositories(t *testing.T) {
	ts := backupServer(t, map[string]route{"GET backups/images": {200, "images_v3_partial.json"}})
	imgs, resp, err := fixtureClient(t, ts).Backups.ListImages(context.Background(), nil)
	require.ErrorIs(t, err, ErrPartialFailure)
	require.Len(t, imgs, 1, "the images found come beside the error")
	assert.Equal(t, "Backup images retrieved (2 of 3 repositories scanned)", resp.Message)
	var se *ScanError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []ScanFailure{{Center: "zdm-center-01", RepositoryID: 13, Code: "JOB-ERROR-68",
		Reason:    "Backup image lookup timed out (30 seconds elapsed, Center: zdm-center-01, Repository ID: 13, last job status: Waiting(3))",
		Retryable: true}}, se.Failures)
	assert.Contains(t, err.Error(), `1 of 3 repositories not scanned: repository 13 of center "zdm-center-01"`)
}

func TestBackupsListImages_UnreadableScanReportIsUnexpected(t *testing.T) {
	body := `{"success":true,"traceId":"t","timestamp":"2026-01-09T10:30:00.000+09:00","data":[],"scan":{"failed":{"n":1}}}`
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", []byte(body)) })
	_, _, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Backups.ListImages(context.Background(), nil)
	require.ErrorIs(t, err, ErrUnexpectedResponse, "a list whose completeness cannot be read is not taken as complete")
	assert.NotErrorIs(t, err, ErrPartialFailure)
}

func TestBackupsListAllImages_PartialScanComesOnceAfterTheImages(t *testing.T) {
	page := func(n int, next bool, failed int) string {
		return `{"success":true,"traceId":"t","timestamp":"2026-01-09T10:30:00.000+09:00","data":[` +
			strings.TrimSuffix(strings.Repeat(`{"image":{"name":"a.ZIA","jobName":"a","type":"Full","createdAt":"2026-01-07 08:43:48","repository":{"id":1}},"server":{"name":"s"},"partition":{"mountPoint":"/"}},`, n), ",") +
			`],"pagination":{"currentPage":` + map[bool]string{true: "1", false: "2"}[next] + `,"totalPages":2,"hasNextPage":` + map[bool]string{true: "true", false: "false"}[next] +
			`},"scan":{"total":2,"succeeded":` + map[bool]string{true: "1", false: "2"}[failed == 0] + `,"failed":` + map[bool]string{true: "0", false: "1"}[failed == 0] +
			`,"failures":[` + map[bool]string{true: "", false: `{"centerName":"c","repositoryId":9,"reason":"timeout","retryable":true}`}[failed == 0] + `]}}`
	}
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			reply(w, 200, "application/json", []byte(page(2, false, 0)))
			return
		}
		reply(w, 200, "application/json", []byte(page(3, true, 1)))
	})
	var names []string
	var errs []error
	for img, err := range fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Backups.ListAllImages(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		names = append(names, img.Name)
	}
	assert.Len(t, names, 5, "every image of both pages")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrPartialFailure)
}

// TestListAll_LazyPagesBoundedMemoryImages lists 10,000 images in pages
// of 100: the heap holds about one page whatever the total. (Its name
// extends TestListAll_LazyPagesBoundedMemory's, so that .ci/run's heap
// step, which runs without -race, runs it too.)
func TestListAll_LazyPagesBoundedMemoryImages(t *testing.T) {
	if raceEnabled {
		t.Skip("measures the heap at scale: run without -race (.ci/run does)")
	}
	_, c := backupBenchServer(t, 10000)
	seen := 0
	var atPage2, atPage90 int64
	for img, err := range c.Backups.ListAllImages(context.Background(), &ListBackupImagesOptions{ListOptions: ListOptions{Limit: 100}}) {
		require.NoError(t, err)
		require.NotEmpty(t, img.Name)
		switch seen++; seen {
		case 150:
			atPage2 = heapAfterGC()
		case 8950:
			atPage90 = heapAfterGC()
		}
	}
	assert.Equal(t, 10000, seen)
	grew := atPage90 - atPage2
	t.Logf("heap at page 2: %d KiB, at page 90: %d KiB", atPage2>>10, atPage90>>10)
	// 88 more pages of images, had they been kept, would be about 5 MiB.
	assert.Less(t, grew, int64(1<<20), "memory bounded by one page")
}

// heapAfterGC is the live heap after a collection.
func heapAfterGC() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
