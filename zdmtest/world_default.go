package zdmtest

import (
	"time"

	"github.com/zdmkit/go-zdm"
)

// DefaultWorld is the world a new server holds (unless [WithWorld] says
// otherwise), with the images of its backups written before now:
//
//	centers       1 zdm-a, 2 zdm-b
//	servers       zdm-a: 1 web01 (Rocky Linux, "/", "/boot"), 2 web01-dr,
//	              3 win01 (Windows, "C:", "D:"), 4 win01-dr,
//	              5 db01 (Ubuntu, "/", "/data"), 6 db01-dr (disconnected);
//	              zdm-b: 7 erp01 (RHEL, "/", "/var"), 8 erp01-dr.
//	              The first of each pair is a source, the "-dr" one its
//	              target with the same partitions.
//	repositories  9 NFS and 10 SMB of zdm-a, 11 NFS of zdm-b
//	schedules     7 Daily 03:00 (web01_ROOT), 8 Weekly Saturday 03:00
//	              (win01_C) of zdm-a; 9 Monthly on the 1st 04:00 of zdm-b,
//	              used by no job
//	licences      1 DR Standard (zdm-a, on web01, win01 and db01),
//	              2 Backup Basic (zdm-a, unassigned), 3 DR Standard B
//	              (zdm-b, on erp01)
//	backup jobs   one per source partition, idle: web01_ROOT, web01_boot,
//	              win01_C, win01_D, db01_ROOT, db01_data (repository 9
//	              or 10), erp01_ROOT, erp01_var (repository 11)
//	images        one full image per backup job, a day or two old, and
//	              a newer increment of web01_ROOT
func DefaultWorld(now time.Time) World {
	linux := func(letters ...string) []Volume {
		out := make([]Volume, len(letters))
		for i, l := range letters {
			out[i] = Volume{Letter: l, Size: 50 * GiB, Used: 12 * GiB}
			switch l {
			case "/boot":
				out[i].Size, out[i].Used = GiB, 200*MiB
			case "/data", "/var":
				out[i].Size, out[i].Used = 200*GiB, 150*GiB
			}
		}
		return out
	}
	win := []Volume{{Letter: "C:", Size: 120 * GiB, Used: 40 * GiB}, {Letter: "D:", Size: 500 * GiB, Used: 220 * GiB}}
	const rocky, ws, ubuntu, rhel = "Rocky Linux 9.3", "Windows Server 2022 Standard", "Ubuntu 22.04 LTS", "Red Hat Enterprise Linux 8.8"
	target := zdm.ServerModeTarget
	ago := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour).Truncate(time.Minute) }
	return World{
		Centers: []CenterSpec{
			{ID: 1, Name: "zdm-a", Host: "zdm-a.example.internal", OS: rocky, PublicIP: "10.1.0.10"},
			{ID: 2, Name: "zdm-b", Host: "zdm-b.example.internal", OS: ubuntu, PublicIP: "10.2.0.10"},
		},
		Servers: []ServerSpec{
			{ID: 1, Name: "web01", Center: "zdm-a", OS: rocky, Agent: "3.2.1", PublicIP: "10.1.1.11", License: 1, Partitions: linux("/", "/boot")},
			{ID: 2, Name: "web01-dr", Center: "zdm-a", Mode: target, OS: rocky, Agent: "3.2.1", PublicIP: "10.1.2.11", Partitions: linux("/", "/boot")},
			{ID: 3, Name: "win01", Center: "zdm-a", OS: ws, Agent: "3.2.1", PublicIP: "10.1.1.21", License: 1, Partitions: win},
			{ID: 4, Name: "win01-dr", Center: "zdm-a", Mode: target, OS: ws, Agent: "3.2.1", PublicIP: "10.1.2.21", Partitions: win},
			{ID: 5, Name: "db01", Center: "zdm-a", OS: ubuntu, Agent: "3.2.1", PublicIP: "10.1.1.31", License: 1, Partitions: linux("/", "/data")},
			{ID: 6, Name: "db01-dr", Center: "zdm-a", Mode: target, OS: ubuntu, Agent: "3.2.1", PublicIP: "10.1.2.31", Disconnected: true, Partitions: linux("/", "/data")},
			{ID: 7, Name: "erp01", Center: "zdm-b", OS: rhel, Agent: "3.2.0", PublicIP: "10.2.1.11", License: 3, Partitions: linux("/", "/var")},
			{ID: 8, Name: "erp01-dr", Center: "zdm-b", Mode: target, OS: rhel, Agent: "3.2.0", PublicIP: "10.2.2.11", Partitions: linux("/", "/var")},
		},
		Repositories: []RepositorySpec{
			{ID: 9, Center: "zdm-a", Type: zdm.RepositoryNFS, RemotePath: "/backup", LocalPath: "/mnt/backup", IPs: []string{"192.168.1.200"}, Size: 2 * TiB, Used: 512 * GiB},
			{ID: 10, Center: "zdm-a", Type: zdm.RepositorySMB, RemotePath: "backup", LocalPath: "B:", IPs: []string{"192.168.1.210"}, Account: "zdm", Size: TiB, Used: 300 * GiB},
			{ID: 11, Center: "zdm-b", Type: zdm.RepositoryNFS, RemotePath: "/export/zdm", LocalPath: "/mnt/zdm", IPs: []string{"192.168.2.200"}, Size: 4 * TiB, Used: TiB},
		},
		Schedules: []ScheduleSpec{
			{ID: 7, Center: "zdm-a", Type: zdm.ScheduleDaily, Timing: Timing{Time: "03:00"}, JobName: "web01_ROOT"},
			{ID: 8, Center: "zdm-a", Type: zdm.ScheduleWeekly, Timing: Timing{Day: "sat", Time: "03:00"}, JobName: "win01_C"},
			{ID: 9, Center: "zdm-b", Type: zdm.ScheduleMonthlyDate, Timing: Timing{Day: "1", Time: "04:00"}},
		},
		Licenses: []LicenseSpec{
			{ID: 1, Name: "DR Standard", Key: "ZDMDR0001STANDARD", Center: "zdm-a", Category: zdm.LicenseCategoryDR, Copies: 10, Description: "DR licence of the zdm-a sources"},
			{ID: 2, Name: "Backup Basic", Key: "ZDMBK0002BASIC", Center: "zdm-a", Category: zdm.LicenseCategoryBackup, Copies: 5},
			{ID: 3, Name: "DR Standard B", Key: "ZDMDR0003STANDARDB", Center: "zdm-b", Category: zdm.LicenseCategoryDR, Copies: 5},
		},
		Backups: []BackupJobSpec{
			{ID: 1, Name: "web01_ROOT", Server: "web01", Center: "zdm-a", Partition: "/", Repository: 9, Schedule: 7, Idle: true, Compression: true, Rotation: 7},
			{ID: 2, Name: "web01_boot", Server: "web01", Center: "zdm-a", Partition: "/boot", Repository: 9, Idle: true, Compression: true, Rotation: 7},
			{ID: 3, Name: "win01_C", Server: "win01", Center: "zdm-a", Drive: "C:", Repository: 10, Schedule: 8, Idle: true},
			{ID: 4, Name: "win01_D", Server: "win01", Center: "zdm-a", Drive: "D:", Repository: 10, Idle: true},
			{ID: 5, Name: "db01_ROOT", Server: "db01", Center: "zdm-a", Partition: "/", Repository: 9, Idle: true},
			{ID: 6, Name: "db01_data", Server: "db01", Center: "zdm-a", Partition: "/data", Repository: 9, Idle: true},
			{ID: 7, Name: "erp01_ROOT", Server: "erp01", Center: "zdm-b", Partition: "/", Repository: 11, Idle: true},
			{ID: 8, Name: "erp01_var", Server: "erp01", Center: "zdm-b", Partition: "/var", Repository: 11, Idle: true},
		},
		Images: []ImageSpec{
			{Job: "web01_ROOT", Center: "zdm-a", CreatedAt: ago(48)},
			{Job: "web01_ROOT", Center: "zdm-a", Type: "increment", CreatedAt: ago(24), Size: 2 * GiB},
			{Job: "web01_boot", Center: "zdm-a", CreatedAt: ago(48)},
			{Job: "win01_C", Center: "zdm-a", CreatedAt: ago(26)},
			{Job: "win01_D", Center: "zdm-a", CreatedAt: ago(26)},
			{Job: "db01_ROOT", Center: "zdm-a", CreatedAt: ago(30)},
			{Job: "db01_data", Center: "zdm-a", CreatedAt: ago(30)},
			{Job: "erp01_ROOT", Center: "zdm-b", CreatedAt: ago(20)},
			{Job: "erp01_var", Center: "zdm-b", CreatedAt: ago(20)},
		},
	}
}
