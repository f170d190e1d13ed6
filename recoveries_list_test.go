package zdm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// route is a canned answer of a fixture server: status and a fixture
// under testdata/recoveries.
type route struct {
	status  int
	fixture string
}

// fixtureServer answers "METHOD path" (path under the API root, without
// query) with its route, and 599 otherwise.
func fixtureServer(t *testing.T, routes map[string]route) *testServer {
	t.Helper()
	return fixtureServerIn(t, "recoveries", routes)
}

// fixtureServerIn is fixtureServer with the fixtures under testdata/dir.
func fixtureServerIn(t *testing.T, dir string, routes map[string]route) *testServer {
	t.Helper()
	bodies := map[string][]byte{}
	for k, r := range routes {
		bodies[k] = fixture(t, dir+"/"+r.fixture)
	}
	return newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " " + strings.TrimPrefix(r.URL.Path, testPrefix+"/")
		rt, ok := routes[key]
		if !ok {
			http.Error(w, "no route "+key, 599)
			return
		}
		reply(w, rt.status, "application/json", bodies[key])
	})
}

func fixtureClient(t *testing.T, ts *testServer, opts ...ClientOption) *Client {
	t.Helper()
	c, err := NewClient(ts.base(), append([]ClientOption{WithToken("tok"), WithRetryWait(time.Millisecond, 2*time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestList_DecodesEveryGeneration(t *testing.T) {
	for _, tc := range []struct {
		fixture    string
		wantStatus Status
		wantStart  string
		wantPages  bool
		wantDetail bool
	}{
		{"list_seed.json", "complete", "2025-01-15T10:00:00Z", false, false},
		{"list_v1_paged.json", StatusComplete, "2025-01-15T10:00:00Z", true, false},
		{"list_v1_detail.json", StatusComplete, "2025-01-15T10:00:00Z", false, true},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			ts := fixtureServer(t, map[string]route{"GET recoveries": {200, tc.fixture}})
			jobs, resp, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC)).Recoveries.List(context.Background(), nil)
			require.NoError(t, err)
			require.Len(t, jobs, 1)
			j := jobs[0]
			assert.Equal(t, int64(1), j.Job.Info.ID)
			assert.Equal(t, "daily-recovery", j.Job.Info.Name)
			assert.Equal(t, "source-server", j.System.Source.Name)
			assert.Equal(t, tc.wantStatus, j.Job.Info.Status.Current)
			assert.Equal(t, tc.wantStart, j.Job.Info.Status.Time.Start)
			d, ok := j.Job.Info.Status.Time.ElapsedDuration()
			assert.True(t, ok)
			assert.Equal(t, 30*time.Minute, d)
			require.NotNil(t, j.Job.Info.Schedule)
			assert.Equal(t, "daily", j.Job.Info.Schedule.Type)
			require.Len(t, j.Job.Detail, 1)
			m := j.Job.Detail[0]
			assert.Equal(t, "/", m.From)
			assert.Equal(t, "/dev/sda1", m.TargetDevice)
			assert.True(t, m.Backup.Latest, "latest %q reads true", "use/true")
			assert.Equal(t, int64(1), m.Repository.ID)
			assert.Equal(t, tc.wantPages, resp.Pagination != nil)
			if tc.wantPages {
				assert.Equal(t, 2, resp.NextPage)
			}
			if tc.wantDetail {
				assert.Equal(t, "vmware", j.Job.Info.Platform)
				assert.Equal(t, "5.15.0-generic", j.Job.Info.Kernel)
				assert.True(t, m.Overwrite)
				assert.Equal(t, "ext4", m.FileSystem)
				assert.Equal(t, "admin@example.com", j.Job.Info.Mail)
			}
		})
	}
}

func TestList_V3EmptyPageIsEmptyList(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"GET recoveries": {200, "list_v3_empty.json"}})
	jobs, resp, err := fixtureClient(t, ts).Recoveries.List(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 10}})
	require.NoError(t, err)
	assert.Empty(t, jobs)
	require.NotNil(t, resp.Pagination)
	assert.Equal(t, 0, resp.NextPage)
	assert.Equal(t, "a1b2c3d4e5f60718293a4b5c6d7e8f90", resp.RequestID)
}

func TestList_ShapesQueryForGeneration(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  Generation
		opts *ListRecoveriesOptions
		want string
	}{
		{"nil sends nothing", GenerationV1, nil, ""},
		{"paginates only when asked", GenerationV1, &ListRecoveriesOptions{JobName: "a b"}, "jobName=a+b"},
		{"status lowercased", GenerationV1, &ListRecoveriesOptions{Status: StatusProcessing, Detail: true}, "detail=true&status=processing"},
		{"status in seed words", GenerationDraft, &ListRecoveriesOptions{Status: StatusRegistered}, "status=waiting"},
		{"v3 lowercased too", GenerationV3, &ListRecoveriesOptions{Status: "COMPLETE", Sort: SortAscending}, "sort=asc&status=complete"},
		{"page and repository", GenerationV3, &ListRecoveriesOptions{ListOptions: ListOptions{Page: 2, Limit: 5}, RepositoryID: 9}, "limit=5&page=2&repositoryID=9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := fixtureServer(t, map[string]route{"GET recoveries": {200, "list_v3_empty.json"}})
			_, _, err := fixtureClient(t, ts, WithServerGeneration(tc.gen)).Recoveries.List(context.Background(), tc.opts)
			require.NoError(t, err)
			reqs := ts.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tc.want, reqs[0].Query)
		})
	}
}

func TestList_RejectsInvalidOptionsWithoutSending(t *testing.T) {
	for name, opts := range map[string]*ListRecoveriesOptions{
		"negative page":       {ListOptions: ListOptions{Page: -1}},
		"unknown mode":        {Mode: "smart"},
		"unknown status":      {Status: "sleeping"},
		"unknown sort":        {Sort: "up"},
		"unknown serverType":  {ServerType: "both"},
		"partition and drive": {Partition: "/", Drive: "C:"},
		"blank filter":        {JobName: "  "},
		"jobId not digits":    {JobID: "REC-1"},
	} {
		t.Run(name, func(t *testing.T) {
			ts := fixtureServer(t, nil)
			_, _, err := fixtureClient(t, ts).Recoveries.List(context.Background(), opts)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Empty(t, ts.requests())
		})
	}
}

// pagedServer serves total jobs in pages as 1.x/2.x servers do.
func pagedServer(t testing.TB, total int, failPage int) (http.Handler, *[]string) {
	var queries []string
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if page == failPage {
			reply(w, 400, "application/json", []byte(`{"success":false,"requestID":"r","error":"bad page","timestamp":"2025-01-15 10:30:00"}`))
			return
		}
		_, _ = w.Write(pageBody(total, page, limit))
	}), &queries
}

func pageBody(total, page, limit int) []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"requestID":"req-1","data":[`)
	first := (page - 1) * limit
	for i := first; i < min(first+limit, total); i++ {
		if i > first {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"system":{"source":{"id":"1","name":"src"},"target":{"id":"2","name":"dst"}},"job":{"info":{"id":"%d","name":"job-%d","status":{"current":"Complete","time":{"start":"2025-01-15 10:00:00","elapsed":"00:30:00","end":"2025-01-15 10:30:00"}},"lastUpdated":"2025-01-15 10:30:00"},"detail":[{"from":"/","to":"/","targetDevice":"/dev/sda1","mode":"full","backup":{"jobName":"b","fileName":"f.img","latest":"use"},"repository":{"id":"1","path":"/backup","type":"nfs"},"lastUpdated":"2025-01-15 10:30:00"}]}}`, i+1, i+1)
	}
	pages := (total + limit - 1) / limit
	fmt.Fprintf(&b, `],"pagination":{"currentPage":%d,"totalPages":%d,"totalItems":%d,"itemsPerPage":%d,"hasNextPage":%t,"hasPreviousPage":%t},"message":"Recovery job list","timestamp":"2025-01-15 10:30:00"}`,
		page, pages, total, limit, page < pages, page > 1)
	return []byte(b.String())
}

func TestListAll_FetchesPagesLazily(t *testing.T) {
	h, queries := pagedServer(t, 250, 0)
	c := newLocalClient(t, h)
	n := 0
	for r, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{Status: StatusComplete}) {
		require.NoError(t, err)
		n++
		assert.Equal(t, int64(n), r.Job.Info.ID)
	}
	assert.Equal(t, 250, n)
	assert.Equal(t, []string{"limit=100&page=1&status=complete", "limit=100&page=2&status=complete", "limit=100&page=3&status=complete"}, *queries)
}

func TestListAll_StopsWhenTheLoopStops(t *testing.T) {
	h, queries := pagedServer(t, 250, 0)
	c := newLocalClient(t, h)
	n := 0
	for _, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{ListOptions: ListOptions{Limit: 10}}) {
		require.NoError(t, err)
		if n++; n == 15 {
			break
		}
	}
	assert.Len(t, *queries, 2, "only the pages the loop read")
}

func TestListAll_YieldsAnErrorOnceThenEnds(t *testing.T) {
	h, _ := pagedServer(t, 250, 2)
	c := newLocalClient(t, h)
	var errs []error
	n := 0
	for _, err := range c.Recoveries.ListAll(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Equal(t, 100, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrBadRequest)
}

func TestListAll_UnpaginatedAnswerIsTheWholeList(t *testing.T) {
	ts := fixtureServer(t, map[string]route{"GET recoveries": {200, "list_seed.json"}})
	n := 0
	for _, err := range fixtureClient(t, ts).Recoveries.ListAll(context.Background(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Len(t, ts.requests(), 1)
}

func TestListAll_InvalidOptionsYieldOnce(t *testing.T) {
	c := newLocalClient(t, http.NotFoundHandler())
	var got []error
	for _, err := range c.Recoveries.ListAll(context.Background(), &ListRecoveriesOptions{Mode: "x"}) {
		got = append(got, err)
	}
	require.Len(t, got, 1)
	assert.True(t, errors.Is(got[0], ErrInvalidArgument))
}
