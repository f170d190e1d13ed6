package zdm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/zdmkit/go-zdm"
)

// inventoryAPI serves documented answers from testdata/inventory by
// "METHOD path" under /api.
func inventoryAPI(routes map[string]string) *httptest.Server {
	under := map[string]string{}
	for route, name := range routes {
		under[route] = "../inventory/" + name
	}
	return fixtureAPI(under)
}

func ExampleServersService_List() {
	srv := inventoryAPI(map[string]string{"GET servers": "servers_list_v1_partition.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	servers, _, err := c.Servers.List(context.Background(), &zdm.ListServersOptions{
		ServerIncludes: zdm.ServerIncludes{Partition: true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range servers {
		fmt.Printf("%s %s connected=%t\n", s.Name, s.Mode(), s.Connected())
		for _, p := range s.Partitions {
			fmt.Printf("  %-6s %s free of %s\n", p.Letter, p.Free, p.Size)
		}
	}
	// Output:
	// source-centos7-bios (192.168.2.104) source connected=true
	//   /      41.0 GB free of 50.0 GB
	//   /boot  827.0 MB free of 1014.0 MB
	// WIN-SRV01 target connected=false
	//   C:     82.6 GB free of 118.6 GB
}

func ExampleServersService_ListPartitions() {
	srv := inventoryAPI(map[string]string{"GET servers/web-server-01/partitions": "partitions_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	parts, _, err := c.Servers.ListPartitions(context.Background(), "web-server-01", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		fmt.Println(p.MountPoint(), p.FileSystem, p.Usage, "%", p.Size.Bytes)
	}
	// Output:
	// / ext4 25 % 512110190592
	// /data xfs 50 % 1099511627776
}

func ExampleCentersService_List() {
	srv := inventoryAPI(map[string]string{"GET zdms": "centers_list_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	for center, err := range c.Centers.ListAll(context.Background(), nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(center.ID.Center, center.Name.Center, center.Connected(), center.Activated())
	}
	// Output:
	// 1 Main-Center true true
	// 2 DR-Center false false
}

func ExampleRepositoriesService_Create() {
	srv := inventoryAPI(map[string]string{
		"POST zdms/repositories":            "repository_create_v1.json", // no data, no ID
		"GET zdms/Main-Center/repositories": "repositories_list_v1.json",
	})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	repo, _, err := c.Repositories.Create(context.Background(), &zdm.CreateRepositoryRequest{
		Center: "Main-Center", Type: zdm.RepositorySMB, RemotePath: "backup", LocalPath: "B:",
		IP: "192.168.1.210", Account: "zdm-backup", Password: "s3cret",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(repo.ID, repo.Type, repo.LocalPath, repo.IPs)
	// Output: 3 smb B: [192.168.1.210]
}

func ExampleSchedulesService_Create() {
	srv := inventoryAPI(map[string]string{"POST schedules": "schedule_create_v3.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	// A smart schedule: full backups on the first Monday of the month,
	// increments on Tuesdays and Fridays of the first and third weeks.
	s, _, err := c.Schedules.Create(context.Background(), &zdm.CreateScheduleRequest{
		Center: "zdm-b",
		Type:   zdm.ScheduleSmartMonthlyWeekday,
		Basic:  zdm.ScheduleTiming{Time: "01:00", Weeks: []int{1}, Weekdays: []time.Weekday{time.Monday}},
		Advanced: &zdm.ScheduleTiming{Time: "13:00", Weeks: []int{1, 3},
			Weekdays: []time.Weekday{time.Tuesday, time.Friday}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.ID, s.Type, s.Enabled())
	fmt.Println(s.Advanced.ID, s.Advanced.Description)
	// Output:
	// 31 Smart Monthly (Specific Week and Day of the Week) true
	// 32 [Advanced] Start working at 13:00 First Week, Third Week / Tuesday, Friday every month.
}

func ExampleSchedulesService_Create_invalid() {
	c, _ := zdm.NewClient("https://zdm.example.com/api", zdm.WithToken("tok"))
	// Smart types take one weekday in Basic: refused before anything is sent.
	_, _, err := c.Schedules.Create(context.Background(), &zdm.CreateScheduleRequest{
		Center:   "1",
		Type:     zdm.ScheduleSmartWeekly,
		Basic:    zdm.ScheduleTiming{Time: "01:00", Weekdays: []time.Weekday{time.Monday, time.Tuesday}},
		Advanced: &zdm.ScheduleTiming{Time: "13:00", Weekdays: []time.Weekday{time.Friday}},
	})
	fmt.Println(errors.Is(err, zdm.ErrInvalidArgument))
	fmt.Println(err)
	// Output:
	// true
	// zdm: invalid argument: CreateScheduleRequest.Basic.Weekdays has 2 values: Smart Weekly (Specific Day of the Week) takes one here
}

func ExampleCreateScheduleRequest_Validate() {
	// Checked with no client and no server: a schedule that runs daily
	// takes no weekdays.
	req := &zdm.CreateScheduleRequest{
		Center: "zdm-a",
		Type:   zdm.ScheduleDaily,
		Basic:  zdm.ScheduleTiming{Time: "03:00", Weekdays: []time.Weekday{time.Monday}},
	}
	fmt.Println(req.Validate())
	req.Basic.Weekdays = nil
	fmt.Println(req.Validate())
	// Output:
	// zdm: invalid argument: CreateScheduleRequest.Basic.Weekdays is not used by Daily: leave it unset
	// <nil>
}

func ExampleLicensesService_Get() {
	srv := inventoryAPI(map[string]string{"GET licenses": "licenses_list_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	l, _, err := c.Licenses.Get(context.Background(), "Backup Standard")
	if err != nil {
		fmt.Println(err)
		return
	}
	expires, _ := l.Dates.ExpiresAt()
	fmt.Println(l.ID, l.Category, l.Copies.Available, "of", l.Copies.Total, "free until", expires.Format(time.DateOnly))
	// Output: 5 zdm(backup) 7 of 10 free until 2027-01-01
}

func ExampleLicensesService_Assign() {
	srv := inventoryAPI(map[string]string{"PUT licenses/assign": "license_assign_v1.json"})
	defer srv.Close()
	c, _ := zdm.NewClient(srv.URL+"/api", zdm.WithToken("tok"))
	// There is no way back: servers cannot unassign or reassign a licence.
	res, _, err := c.Licenses.Assign(context.Background(), &zdm.AssignLicenseRequest{License: "5", Server: "web-server-01"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Server.Name, "has", res.License.Name, "until", res.License.Expires)
	// Output: web-server-01 has Backup Standard until 2027-01-01
}
