package main

// scenario is a scenario file (-scenario file.json), and the body of
// POST /_fake/reset when one is sent. Every field is optional. Durations
// are Go duration strings ("90s", "1m30s"); times are RFC 3339. See the
// schema in the README and in -h.
type scenario struct {
	// Dialect, Prefix, TimeZone and TokenLifetime are used when the
	// matching flag is not given.
	Dialect       string `json:"dialect,omitempty"`
	Prefix        string `json:"prefix,omitempty"`
	TimeZone      string `json:"timeZone,omitempty"`
	TokenLifetime string `json:"tokenLifetime,omitempty"`
	// Clock starts the server's clock at a time, running or frozen.
	Clock *clockDoc `json:"clock,omitempty"`
	// DefaultPlan is the steps of runs of jobs that have no plan.
	DefaultPlan []stepDoc `json:"defaultPlan,omitempty"`
	// Users may issue tokens besides the default user.
	Users []userDoc `json:"users,omitempty"`
	// Centers and Servers get IDs 1, 2, ... in order. When they are
	// given, jobs must name declared ones.
	Centers []string    `json:"centers,omitempty"`
	Servers []serverDoc `json:"servers,omitempty"`
	// Jobs are the recovery jobs, with their partitions and plans.
	Jobs []jobDoc `json:"jobs,omitempty"`
	// Faults queue at start: each serves its next count matching requests.
	Faults []faultDoc `json:"faults,omitempty"`
}

// clockDoc is the clock's start.
type clockDoc struct {
	Start  string `json:"start,omitempty"`  // RFC 3339; "" is now
	Frozen bool   `json:"frozen,omitempty"` // stays at Start until moved
}

// userDoc is one user.
type userDoc struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// serverDoc is one server (machine), named by jobs' source and target.
type serverDoc struct {
	Name       string   `json:"name"`
	OS         string   `json:"os,omitempty"`
	Agent      string   `json:"agent,omitempty"`
	PublicIP   string   `json:"publicIP,omitempty"`
	PrivateIPs []string `json:"privateIPs,omitempty"`
}

// jobDoc is one recovery job, in scenario files and in POST /_fake/jobs.
type jobDoc struct {
	ID           int      `json:"id,omitempty"`   // 0: the next free one
	Name         string   `json:"name,omitempty"` // "": recovery-<id>
	Source       string   `json:"source,omitempty"`
	Target       string   `json:"target,omitempty"`
	Center       string   `json:"center,omitempty"`
	Platform     string   `json:"platform,omitempty"`
	Mode         string   `json:"mode,omitempty"` // full (default) or increment
	Idle         bool     `json:"idle,omitempty"` // registered, waits for a start
	Scheduled    bool     `json:"scheduled,omitempty"`
	PollsPerStep int      `json:"pollsPerStep,omitempty"`
	StartedAt    string   `json:"startedAt,omitempty"` // RFC 3339, or a duration from now ("-90s")
	Log          []string `json:"log,omitempty"`
	// Plan is the steps every partition follows on runs started later
	// (PUT status start, POST /_fake/jobs/{job}/start).
	Plan       []stepDoc      `json:"plan,omitempty"`
	Partitions []partitionDoc `json:"partitions,omitempty"`
}

// partitionDoc is one row of a job: a Linux partition or a Windows
// drive, following scripted steps (one per poll), a ramp, or a
// simulation on the clock.
type partitionDoc struct {
	Partition  string    `json:"partition,omitempty"`
	Drive      string    `json:"drive,omitempty"`
	Steps      []stepDoc `json:"steps,omitempty"`
	Ramp       []int     `json:"ramp,omitempty"` // running at each percent, then completed
	Simulation *simDoc   `json:"simulation,omitempty"`
	Mode       string    `json:"mode,omitempty"`
	Device     string    `json:"device,omitempty"`
	FileSystem string    `json:"fileSystem,omitempty"`
	TargetPart string    `json:"targetPartition,omitempty"`
	BackupJob  string    `json:"backupJob,omitempty"`
	BackupFile string    `json:"backupFile,omitempty"`
}

// stepDoc is one scripted state.
type stepDoc struct {
	Phase   string `json:"phase"` // pending, preparing, running, rebooting, completed, scheduled, failed, canceling, canceled
	Percent int    `json:"percent,omitempty"`
	Message string `json:"message,omitempty"`
	Log     string `json:"log,omitempty"`
}

// simDoc is a simulation over the server's clock.
type simDoc struct {
	Delay       string `json:"delay,omitempty"`
	Prepare     string `json:"prepare,omitempty"`
	Copy        string `json:"copy,omitempty"`
	Reboot      string `json:"reboot,omitempty"`
	FailAt      *int   `json:"failAt,omitempty"` // fail when the copy reaches this percent
	FailMessage string `json:"failMessage,omitempty"`
	CancelAt    *int   `json:"cancelAt,omitempty"` // cancel when the copy reaches this percent
	Canceling   string `json:"canceling,omitempty"`
}

// faultDoc is a fault on cue, in scenario files and in POST /_fake/faults.
type faultDoc struct {
	Count       int    `json:"count,omitempty"` // default 1
	Kind        string `json:"kind"`
	Status      int    `json:"status,omitempty"`
	Code        string `json:"code,omitempty"`
	Message     string `json:"message,omitempty"`
	RetryAfter  string `json:"retryAfter,omitempty"`
	Delay       string `json:"delay,omitempty"`
	Size        int    `json:"size,omitempty"`
	Body        string `json:"body,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Method      string `json:"method,omitempty"`
	Path        string `json:"path,omitempty"` // relative to the API root: "recoveries/monitoring/job/"
}
