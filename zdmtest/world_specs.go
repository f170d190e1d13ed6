package zdmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zdmkit/go-zdm"
)

// The specs of the world a server holds besides its jobs (see [World]).
// Each has a JSON form, with the names in its tags, which is how
// zdm-fake's scenario files declare the world; only what a test cares
// about needs setting, the rest takes the defaults each field names.

// CenterSpec is a center: a ZDM server that owns servers, repositories,
// schedules, licences and jobs (GET {api}/zdms). In JSON a center may be
// given by its name alone: "zdm-a".
type CenterSpec struct {
	// ID is the center's ID; 0 takes the next free one.
	ID int `json:"id,omitempty"`
	// Name is the center's name, the one "center" parameters take. Names
	// are unique, and hold no comma and not only digits (a center
	// parameter is a comma list of IDs and names).
	Name string `json:"name"`
	// Host is its host name (default "<name>-host").
	Host string `json:"host,omitempty"`
	// OS is its host's operating system (default "Rocky Linux 9.3").
	OS string `json:"os,omitempty"`
	// PublicIP is its address (default 10.<id>.0.10).
	PublicIP string `json:"publicIP,omitempty"`
	// PrivateIPs are its private addresses.
	PrivateIPs []string `json:"privateIPs,omitempty"`
	// Disconnected makes the center show "disconnect": repositories it
	// is asked to register or verify then fail (500), as a center that
	// does not answer makes them fail.
	Disconnected bool `json:"disconnected,omitempty"`
	// Inactive makes the center show activation "fail".
	Inactive bool `json:"inactive,omitempty"`
}

// ServerSpec is a server a ZDM agent registered in a center: the source
// of backups or the target of recoveries (GET {api}/servers). Server
// names are unique per center, not across centers.
type ServerSpec struct {
	// ID is the server's ID; 0 takes the next free one.
	ID int `json:"id,omitempty"`
	// Name is the server's name as registered ("web01", or
	// "web01 (10.0.0.7)" as agents often name them).
	Name string `json:"name"`
	// Center is the center it belongs to; "" is the world's first
	// center (none when the world has no center).
	Center string `json:"center,omitempty"`
	// Mode is its agent's role, zdm.ServerModeSource (the default) or
	// zdm.ServerModeTarget.
	Mode zdm.ServerMode `json:"mode,omitempty"`
	// OS is its operating system, free text (default "Rocky Linux
	// 9.3"); one that names Windows makes a Windows server, whose
	// partitions are drives.
	OS string `json:"os,omitempty"`
	// Agent is the agent's version ("3.2.1"), shown with detail=true.
	Agent string `json:"agent,omitempty"`
	// PublicIP is its public address.
	PublicIP string `json:"publicIP,omitempty"`
	// PrivateIPs are its private addresses.
	PrivateIPs []string `json:"privateIPs,omitempty"`
	// Disconnected makes its agent show "disconnect".
	Disconnected bool `json:"disconnected,omitempty"`
	// License is the ID of the licence assigned to it (0 for none); the
	// licence must be of the same center.
	License int `json:"license,omitempty"`
	// Partitions are its partitions (Linux) or drives (Windows); none
	// gives one: "/" on /dev/sda1, or "C:".
	Partitions []Volume `json:"partitions,omitempty"`
}

// Volume is one partition (Linux, Letter "/home") or drive (Windows,
// Letter "C:") of a server.
type Volume struct {
	// Letter is the mount point or the drive ("C", "c:" and "C:" are
	// the same drive).
	Letter string `json:"letter"`
	// Device is its device ("/dev/sda1"; default one made up).
	Device string `json:"device,omitempty"`
	// FileSystem is its file system (default "xfs", or "NTFS" for a
	// drive).
	FileSystem string `json:"fileSystem,omitempty"`
	// Size is its size (default 50 GiB).
	Size Bytes `json:"size,omitempty"`
	// Used is the space in use (default a fifth of Size). A volume with
	// no free space (swap, a CD-ROM) is left out of every answer but the
	// draft API's, as servers from 2.0.1 on leave them out.
	Used Bytes `json:"used,omitempty"`
}

// RepositorySpec is a backup repository of a center: an NFS export or an
// SMB share (GET {api}/zdms/repositories).
type RepositorySpec struct {
	// ID is the repository's ID, the one backups and recoveries name;
	// 0 takes the next free one.
	ID int `json:"id,omitempty"`
	// Center is the center it belongs to; "" is the world's first.
	Center string `json:"center,omitempty"`
	// Type is zdm.RepositoryNFS (the default) or zdm.RepositorySMB.
	Type zdm.RepositoryType `json:"type,omitempty"`
	// RemotePath is the export path ("/backup") or the share ("backup")
	// on the storage server (default "/backup", or "backup" for SMB).
	RemotePath string `json:"remotePath,omitempty"`
	// LocalPath is where the center mounts it (default "/mnt/backup",
	// or "B:" for SMB).
	LocalPath string `json:"localPath,omitempty"`
	// IPs are the storage server's addresses (default 192.168.1.200).
	IPs []string `json:"ips,omitempty"`
	// Port is the storage server's port (default 2049, or 445 for SMB).
	Port int `json:"port,omitempty"`
	// Account is the SMB user it is mounted with.
	Account string `json:"account,omitempty"`
	// Size is its capacity (default 2 TiB).
	Size Bytes `json:"size,omitempty"`
	// Used is the space in use (default none).
	Used Bytes `json:"used,omitempty"`
	// Unreachable makes image scans of the repository fail, as when the
	// center cannot reach its storage: 3.0.0 lists the images of the
	// other repositories with the failure in scan (and fails when every
	// repository failed).
	Unreachable bool `json:"unreachable,omitempty"`
}

// ScheduleSpec is one schedule row of a center (GET {api}/schedules). A
// smart schedule (types 7 to 11) is two rows, its basic timing and its
// advanced one: give the second with Advanced set.
type ScheduleSpec struct {
	// ID is the schedule's ID; 0 takes the next free one.
	ID int `json:"id,omitempty"`
	// Center is the center it belongs to; "" is the world's first.
	Center string `json:"center,omitempty"`
	// Type is the schedule's type, 0 to 11 (in JSON a number or the
	// display name, "Daily").
	Type zdm.ScheduleType `json:"type"`
	// Timing is when it runs, as POST {api}/schedules takes it; the
	// description the servers show is made from it.
	Timing
	// Advanced marks the advanced row of a smart schedule.
	Advanced bool `json:"advanced,omitempty"`
	// JobName is the job it belongs to ("" for none).
	JobName string `json:"jobName,omitempty"`
	// Disabled makes it show "Disabled".
	Disabled bool `json:"disabled,omitempty"`
}

// Timing is a schedule's timing as the servers take it: every value
// text, lists comma-separated ("mon,wed"), Time "HH:mm".
type Timing struct {
	Year     string    `json:"year,omitempty"`
	Month    string    `json:"month,omitempty"`
	Week     string    `json:"week,omitempty"`
	Day      string    `json:"day,omitempty"`
	Time     string    `json:"time,omitempty"`
	Interval *Interval `json:"interval,omitempty"`
}

// Interval is how often an Every Minute or Hourly schedule runs.
type Interval struct {
	Minute string `json:"minute,omitempty"`
	Hour   string `json:"hour,omitempty"`
}

// LicenseSpec is a licence of a center (GET {api}/licenses). The servers
// it is assigned to are those whose ServerSpec.License names it.
type LicenseSpec struct {
	// ID is the licence's ID; 0 takes the next free one.
	ID int `json:"id,omitempty"`
	// Name is its name (default "License-<id>").
	Name string `json:"name,omitempty"`
	// Key is its key, letters and digits (default one made up).
	Key string `json:"key,omitempty"`
	// Center is the center it belongs to; "" is the world's first.
	Center string `json:"center,omitempty"`
	// Category is zdm.LicenseCategoryDR (the default),
	// zdm.LicenseCategoryBackup or zdm.LicenseCategoryMigration.
	Category zdm.LicenseCategory `json:"category,omitempty"`
	// Copies is how many servers it may license (default 10).
	Copies int `json:"copies,omitempty"`
	// Description is its description.
	Description string `json:"description,omitempty"`
	// Created and Expires bound it (default: a year from 30 days
	// before the licence is added). In JSON RFC 3339 times.
	Created time.Time `json:"created,omitzero"`
	Expires time.Time `json:"expires,omitzero"`
}

// BackupJobSpec is a backup job: one partition or drive of a server,
// backed up into a repository of its center (GET {api}/backups). It runs
// as recovery jobs do (see [JobSpec]: its plan is Steps, Ramp or
// Simulation, else the server's plan for its name or the default); each
// run that completes writes an [ImageSpec]-like image into its
// repository, and each run that ends a history row.
type BackupJobSpec struct {
	// ID is the backup job's ID; 0 takes the next free one (backup jobs
	// and recovery jobs are numbered apart).
	ID int `json:"id,omitempty"`
	// Name is the job's name; "" gives the server's name with the
	// partition's suffix ("web01_ROOT", "web01_boot", "win01_C").
	Name string `json:"name,omitempty"`
	// Server is the server backed up, by name. Required.
	Server string `json:"server"`
	// Center is the center of the job and its server; "" is the first
	// center holding a server of that name.
	Center string `json:"center,omitempty"`
	// Partition is the Linux partition backed up ("/"); Drive the
	// Windows drive ("C:"). Set at most one; neither takes the server's
	// first.
	Partition string `json:"partition,omitempty"`
	Drive     string `json:"drive,omitempty"`
	// Mode is "full" (the default), "increment" or "smart".
	Mode string `json:"mode,omitempty"`
	// Repository is the ID of the repository it writes to; 0 is the
	// center's first.
	Repository int `json:"repository,omitempty"`
	// Schedule is the ID of its schedule row (0 for none): the job then
	// shows Scheduled instead of Registered, and the schedule cannot be
	// deleted while the job uses it.
	Schedule int `json:"schedule,omitempty"`
	// Steps, Ramp or Simulation script its runs, as a recovery
	// partition's do.
	Steps      []Step      `json:"steps,omitempty"`
	Ramp       []int       `json:"ramp,omitempty"`
	Simulation *Simulation `json:"simulation,omitempty"`
	// Idle makes the job wait to be started, as one registered without
	// autoStart does; without it its first run starts when it is added.
	Idle bool `json:"idle,omitempty"`
	// Compression, Encryption, Rotation (default 1) and ExcludeDir are
	// its options, shown with detail=true.
	Compression bool   `json:"compression,omitempty"`
	Encryption  bool   `json:"encryption,omitempty"`
	Rotation    int    `json:"rotation,omitempty"`
	ExcludeDir  string `json:"excludeDir,omitempty"`
}

// ImageSpec is a backup image a past run of a backup job wrote: a .ZIA
// file in the job's repository, the input of a recovery (its JobName is
// a recovery's backupJob, its Name the backupFile). Each also adds the
// history row of the run that wrote it.
type ImageSpec struct {
	// Name is the file's name; "" gives "<job>_[<created>].ZIA", such
	// as "web01_ROOT_[2026-01-07_08_44].ZIA".
	Name string `json:"name,omitempty"`
	// Job is the name of the backup job that wrote it. Required.
	Job string `json:"job"`
	// Center picks the job when several centers have one of that name.
	Center string `json:"center,omitempty"`
	// Type is "full" (the default) or "increment".
	Type string `json:"type,omitempty"`
	// CreatedAt is when it was written; zero is the server's clock when
	// it is added. In JSON an RFC 3339 time.
	CreatedAt time.Time `json:"createdAt,omitzero"`
	// Size is the data it holds (default the partition's Used);
	// Compressed its size on disk (default 40% of Size).
	Size       Bytes `json:"size,omitempty"`
	Compressed Bytes `json:"compressed,omitempty"`
}

// Bytes is a size in bytes. In JSON it is a number of bytes, or text
// with a unit, counted in 1024s: "50GB", "1.5 TiB", "512 MB", "0".
type Bytes int64

// Sizes, for specs.
const (
	KiB Bytes = 1 << (10 * (iota + 1))
	MiB
	GiB
	TiB
)

// UnmarshalJSON reads a number of bytes or a size with a unit.
func (b *Bytes) UnmarshalJSON(data []byte) error {
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == '"' {
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return err
		}
		v, err := parseBytes(s)
		if err != nil {
			return err
		}
		*b = v
		return nil
	}
	var n int64
	if err := json.Unmarshal(t, &n); err != nil || n < 0 {
		return fmt.Errorf("%s is not a size: want bytes (a whole number) or text such as \"50GB\"", t)
	}
	*b = Bytes(n)
	return nil
}

// parseBytes reads "50GB", "1.5 TiB", "512 MB", "42".
func parseBytes(s string) (Bytes, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	}
	v, err := strconv.ParseFloat(num, 64)
	mult := map[string]float64{"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20,
		"G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30, "T": 1 << 40, "TB": 1 << 40, "TIB": 1 << 40}[unit]
	if err != nil || mult == 0 || v < 0 || v*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("%q is not a size: want text such as \"50GB\", \"1.5 TiB\" or \"512 MB\"", s)
	}
	return Bytes(v * mult), nil
}

// formatSize renders a size as servers do: 1024-based, one decimal (the
// draft API and 1.x/2.x, "477.0 GB") or two (3.0.0, "4.00 TB").
func (c *Settings) formatSize(b Bytes) string {
	if b <= 0 {
		return "0 B"
	}
	v, unit := float64(b), 0
	units := [...]string{"B", "KB", "MB", "GB", "TB", "PB"}
	for v >= 1024 && unit < len(units)-1 {
		v /= 1024
		unit++
	}
	if unit == 0 {
		return strconv.FormatInt(int64(b), 10) + " B"
	}
	prec := 1
	if c.dialect == DialectV3 {
		prec = 2
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + " " + units[unit]
}

// size is a size object, {raw, formatted}.
func (c *Settings) size(b Bytes) obj {
	return obj{{"raw", int64(b)}, {"formatted", c.formatSize(b)}}
}

// UnmarshalJSON reads a center given by its name ("zdm-a") or as an
// object.
func (c *CenterSpec) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		*c = CenterSpec{}
		return json.Unmarshal(t, &c.Name)
	}
	type plain CenterSpec
	var v plain
	if err := decodeObject(b, &v); err != nil {
		return err
	}
	*c = CenterSpec(v)
	return nil
}

// windows reports whether an OS text names Windows.
func windows(os string) bool { return strings.Contains(strings.ToLower(os), "windows") }
