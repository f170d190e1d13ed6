package zdm

// BackupMode is a backup job's mode, as the mode filters and Create take
// it.
type BackupMode string

// The backup modes.
const (
	BackupModeFull      BackupMode = "full"
	BackupModeIncrement BackupMode = "increment"
	BackupModeSmart     BackupMode = "smart"
)

var backupModes = []BackupMode{BackupModeFull, BackupModeIncrement, BackupModeSmart}

// Backup is one backup job as List and Get return it: one (server,
// partition or drive) pair, whatever server generation sent it.
//
// IDs are numbers whether the server sent "1" or 1 (0 when not given).
// Every field, statuses and times included, reads the servers'
// placeholders ("-", "Unknown", null) as empty (API.md rev. 3); zone-less
// times are stored as RFC 3339 with the server's offset. (Only the
// monitoring answer, [BackupMonitoring], keeps its text as sent, as the
// recovery family's monitoring does.)
type Backup struct {
	// System is the server backed up: its ID, name and OS ("Linux",
	// "Windows"); with Detail set in the options, also its agent
	// version, addresses and licence.
	System ServerInfo `json:"system"`
	// Job is the job's settings and status.
	Job BackupJob `json:"job"`
	// Repository is where the job writes its images; its Type is as sent
	// ("nfs", "cifs").
	Repository RepositoryInfo `json:"repository"`
}

// BackupJob is a backup job's identity, status and settings.
type BackupJob struct {
	// Info is the job's identity, status, schedule and (with Detail)
	// options.
	Info BackupJobInfo `json:"info"`
	// LastUpdated is when the job last changed: RFC 3339, with the
	// server's offset for servers that send zone-less times.
	LastUpdated string `json:"lastUpdated"`
}

// BackupJobInfo describes a backup job. Options is sent only with Detail
// set in the options.
type BackupJobInfo struct {
	// ID is the job's ID, whether the server sent "1" or 1.
	ID int64 `json:"id"`
	// Name is the job's name (the one recoveries name as BackupJob).
	// Names are unique only within a center.
	Name string `json:"name"`
	// Mode is the job's mode as sent ("full", "increment", "smart").
	Mode string `json:"mode"`
	// Partition is the Linux partition backed up ("/"); "" for a drive.
	Partition string `json:"partition,omitempty"`
	// Drive is the Windows drive backed up ("C:"); "" for a partition.
	Drive string `json:"drive,omitempty"`
	// Schedule is the job's basic schedule, nil when it has none.
	Schedule *ScheduleInfo `json:"schedule,omitempty"`
	// AdvancedSchedule is a smart job's advanced schedule, nil when it
	// has none.
	AdvancedSchedule *ScheduleInfo `json:"advancedSchedule,omitempty"`
	// Status is the job's status as the server computes it ("Scheduled",
	// "Processing", ...; see [Status.Phase]) and the times of its last
	// run.
	Status JobStatus `json:"status"`
	// Options are the job's settings, with Detail set.
	Options BackupOptions `json:"options,omitzero"`
}

// BackupOptions are a backup job's settings (Detail set).
type BackupOptions struct {
	// Compression reports that images are compressed (wire "use").
	Compression bool `json:"compression,omitempty"`
	// Encryption reports that images are encrypted.
	Encryption bool `json:"encryption,omitempty"`
	// Rotation is how many images are kept (wire "7"); 0 when not sent.
	Rotation int `json:"rotation,omitempty"`
	// ExcludeDirs are the directories left out ("/tmp", "/var/cache").
	ExcludeDirs []string `json:"excludeDirs,omitempty"`
	// NetworkSpeed is the transfer rate cap as sent, in Mbps; "0" is
	// unlimited.
	NetworkSpeed string `json:"networkSpeed,omitempty"`
	// Mail is the address notified about the job; "" when none.
	Mail string `json:"mail,omitempty"`
}

// PartitionName is the job's partition, else its drive.
func (i BackupJobInfo) PartitionName() string { return firstOf(i.Partition, i.Drive) }

// Wire schema of a backup job (list and get).

type wireBackup struct {
	System wireServer `json:"system"`
	Job    struct {
		Info        wireBackupInfo `json:"info"`
		LastUpdated stamp          `json:"lastUpdated"`
	} `json:"job"`
	Repository wireRepository `json:"repository"`
}

type wireBackupInfo struct {
	ID        id           `json:"id"`
	Name      known        `json:"name"`
	Mode      known        `json:"mode"`
	Partition known        `json:"partition"`
	Drive     known        `json:"drive"`
	Schedule  wireSchedule `json:"schedule"`
	Status    struct {
		Current text         `json:"current"`
		Time    wireTimeInfo `json:"time"`
	} `json:"status"`
	Options struct {
		Compression  text      `json:"compression"`
		Encryption   text      `json:"encryption"`
		Rotation     text      `json:"rotation"`
		ExcludeDir   textOrSet `json:"excludeDir"`
		NetworkSpeed known     `json:"networkSpeed"`
		Notification struct {
			Mail known `json:"mail"`
		} `json:"notification"`
	} `json:"options"`
}

func (w *wireBackup) model(t *times) Backup {
	i, o := &w.Job.Info, &w.Job.Info.Options
	run := i.Status.Time.known(t) // before LastUpdated, which is usually the run's end
	return Backup{
		System:     w.System.model(),
		Repository: w.Repository.model(),
		Job: BackupJob{LastUpdated: emptied(t.of(w.Job.LastUpdated)), Info: BackupJobInfo{
			ID: int64(i.ID), Name: string(i.Name), Mode: string(i.Mode),
			Partition: string(i.Partition), Drive: string(i.Drive),
			Schedule: knownSchedule(i.Schedule.Basic.model()), AdvancedSchedule: knownSchedule(i.Schedule.Advanced.model()),
			Status: JobStatus{Current: Status(emptied(string(i.Status.Current))), Time: run},
			Options: BackupOptions{Compression: truthy(o.Compression), Encryption: truthy(o.Encryption),
				Rotation: atoi(o.Rotation), ExcludeDirs: o.ExcludeDir, NetworkSpeed: string(o.NetworkSpeed),
				Mail: string(o.Notification.Mail)},
		}},
	}
}

// knownSchedule is s with a placeholder description read as "" (the
// recovery family keeps it as sent).
func knownSchedule(s *ScheduleInfo) *ScheduleInfo {
	if s != nil {
		s.Description = emptied(s.Description)
	}
	return s
}
