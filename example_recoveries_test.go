package zdm_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/zdmkit/go-zdm"
)

// fixtureAPI serves documented answers from testdata/recoveries by
// "METHOD path" under /api.
func fixtureAPI(routes map[string]string) *httptest.Server { return fixtureAPIIn("recoveries", routes) }

// fixtureAPIIn is fixtureAPI with the answers under testdata/dir.
func fixtureAPIIn(dir string, routes map[string]string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := routes[r.Method+" "+strings.TrimPrefix(r.URL.Path, "/api/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, _ := os.ReadFile("testdata/" + dir + "/" + name)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = w.Write(body)
	}))
}

func ExampleRecoveriesService_List() {
	srv := fixtureAPI(map[string]string{"GET recoveries": "list_v1_paged.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	jobs, resp, err := c.Recoveries.List(context.Background(), &zdm.ListRecoveriesOptions{ListOptions: zdm.ListOptions{Limit: 10}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range jobs {
		fmt.Println(j.Job.Info.ID, j.Job.Info.Name, j.Job.Info.Status.Current, j.Job.Detail[0].From, "->", j.Job.Detail[0].To)
	}
	fmt.Println("next page:", resp.NextPage)
	// Output:
	// 1 daily-recovery Complete / -> /
	// next page: 2
}

func ExampleRecoveriesService_Create() {
	srv := fixtureAPI(map[string]string{"POST recoveries": "create_v3.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	res, _, err := c.Recoveries.Create(context.Background(), &zdm.CreateRecoveryRequest{
		Center: "1", Source: "source-server", Target: "target-server", Platform: "vmware",
		Repository: zdm.RepositoryRef{ID: 1}, Mode: zdm.ModeFull, JobName: "daily-recovery",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.JobName, res.State, res.Summary.Successful, "of", res.Summary.Total)
	// Output: daily-recovery success 2 of 2
}

func ExampleRecoveriesService_MonitorSystem() {
	srv := fixtureAPI(map[string]string{"GET recoveries/monitoring/system/target-server": "system_v3.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	m, _, err := c.Recoveries.MonitorSystem(context.Background(), "target-server", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("jobs:", m.Summary.Total, "overall:", m.Summary.OverallProgress)
	for i, j := range m.Jobs {
		fmt.Println(j.Info.Name, m.JobServers[i].Role, len(j.Details), "rows")
	}
	// Output:
	// jobs: 3 overall: 45%
	// daily-recovery target 3 rows
	// weekly-recovery target 1 rows
	// dr-drill-recovery source 1 rows
}

func ExampleRecoveriesService_GetHistory() {
	srv := fixtureAPI(map[string]string{"GET recoveries/histories/1024": "history_v3.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	h, _, err := c.Recoveries.GetHistory(context.Background(), 1024, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	took, _ := h.Time.ElapsedDuration()
	fmt.Println(h.ID, h.Job.Name, h.Job.RecoverDrive, h.Succeeded(), took)
	// Output: 1024 daily-recovery [C: D:] true 30m0s
}
