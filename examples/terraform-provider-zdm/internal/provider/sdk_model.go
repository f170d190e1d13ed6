package provider

import (
	"strconv"
	"strings"

	"github.com/zdmkit/go-zdm"
)

// This file is where the provider reads go-zdm's model types and builds
// its requests: a change of those types (IDs as numbers, a typed
// platform) is a change here, and the resources and data sources work on
// jobView.

// platforms are the target platforms servers accept (go-zdm's
// CreateRecoveryRequest.Platform), lowercase; the provider accepts any
// case and sends them lowercased.
var platforms = []string{"oci", "ncp", "gcp", "aws", "azure", "vmware", "scp", "openstack",
	"cloudstack", "kt", "nhn", "nutanix", "proxmox", "kvm", "hyperv", "xenserver"}

// The values of the other enumerations a job takes.
var (
	afterRebootActions = []string{"reboot", "shutdown", "maintain"}
	scriptTimings      = []string{"before", "after"}
)

// serverRef is a server as a job's answer names it.
type serverRef struct {
	ID   string
	Name string
}

// names reports whether a configured server (an ID or a name) is this
// one. An answer without the server's ID cannot tell an ID apart: an ID
// is then taken on trust rather than replacing a job that may be right.
func (s serverRef) names(configured string) bool {
	switch {
	case s.Name == "" && s.ID == "":
		return false
	case configured == s.Name || (s.ID != "" && configured == s.ID):
		return true
	}
	_, isID := parseID(configured)
	return s.ID == "" && isID
}

// parseID reads a numeric ID ("42").
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// partitionPair is one source partition restored to a target one, from
// a backup job's image ("" when the server chooses).
type partitionPair struct {
	Source, Target        string
	BackupJob, BackupFile string
}

// jobView is a recovery job as the provider reads it.
type jobView struct {
	ID          string // decimal
	Name        string
	Status      string // as the server spells it
	LastUpdated string
	Source      serverRef
	Target      serverRef
	Platform    string // as sent
	// Mode is "full" or "increment", read from the partitions' modes;
	// "" when they disagree or say nothing.
	Mode string
	// RepositoryID is the first partition's repository; 0 when not sent.
	RepositoryID int64
	Partitions   []partitionPair
	AfterReboot  string
	// NetworkLimit is the transfer cap in Mbps; nil when not sent.
	NetworkLimit *int64
	// ScheduleID is the linked schedule; 0 for none.
	ScheduleID int64
	ScriptPath string
	ScriptRun  string
}

// viewOf reads a job as Get answers it (with Detail for the settings).
func viewOf(r *zdm.Recovery) jobView {
	info := r.Job.Info
	v := jobView{
		ID:          strconv.FormatInt(info.ID, 10),
		Name:        info.Name,
		Status:      string(info.Status.Current),
		LastUpdated: info.LastUpdated,
		Source:      serverRef{ID: idText(r.System.Source.ID), Name: r.System.Source.Name},
		Target:      serverRef{ID: idText(r.System.Target.ID), Name: r.System.Target.Name},
		Platform:    sent(info.Platform),
		Mode:        jobMode(r.Job.Detail),
		AfterReboot: sent(info.AfterReboot),
		ScriptPath:  sent(info.ScriptPath),
		ScriptRun:   sent(info.ScriptRun),
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(info.NetworkSpeed), 10, 64); err == nil {
		v.NetworkLimit = &n
	}
	if info.Schedule != nil {
		v.ScheduleID = info.Schedule.ID
	}
	if len(r.Job.Detail) > 0 {
		v.RepositoryID = r.Job.Detail[0].Repository.ID
	}
	for _, row := range r.Job.Detail {
		to := row.To
		if to == "" { // the draft API sends no target: the same partition
			to = row.From
		}
		v.Partitions = append(v.Partitions, partitionPair{Source: row.From, Target: to,
			BackupJob: sent(row.Backup.JobName), BackupFile: sent(row.Backup.FileName)})
	}
	return v
}

// sent is a text field as sent, "" for the servers' "-" placeholder.
func sent(s string) string {
	if s = strings.TrimSpace(s); s == "-" {
		return ""
	}
	return s
}

// jobMode is the job's mode, read from its partitions' modes ("full",
// "Full Recovery", "increment", "Incremental"); "" when they disagree or
// say nothing.
func jobMode(rows []zdm.RecoveryMapping) string {
	mode := ""
	for _, row := range rows {
		m := strings.ToLower(row.Mode)
		switch {
		case strings.Contains(m, "incr"):
			m = string(zdm.ModeIncrement)
		case strings.Contains(m, "full"):
			m = string(zdm.ModeFull)
		default:
			continue
		}
		if mode != "" && mode != m {
			return ""
		}
		mode = m
	}
	return mode
}

// jobSettings are the settings of a job a create sends and an update
// changes.
type jobSettings struct {
	Center, Source, Target, Platform, Mode, Name string
	RepositoryID                                 int64
	Partitions                                   []partitionPair
	AfterReboot                                  string
	NetworkLimit                                 *int64
	ScheduleID                                   int64
	ScriptPath, ScriptRun                        string
}

// createRequest is the create request for s.
func createRequest(s jobSettings) *zdm.CreateRecoveryRequest {
	cr := &zdm.CreateRecoveryRequest{
		Center:      s.Center,
		Source:      s.Source,
		Target:      s.Target,
		Platform:    zdm.Platform(s.Platform),
		Repository:  zdm.RepositoryRef{ID: s.RepositoryID},
		Mode:        zdm.Mode(s.Mode),
		JobName:     s.Name,
		AfterReboot: zdm.AfterReboot(s.AfterReboot),
		ScheduleID:  s.ScheduleID,
		ScriptPath:  s.ScriptPath,
		ScriptRun:   zdm.ScriptTiming(s.ScriptRun),
	}
	if s.NetworkLimit != nil {
		cr.NetworkLimit = int(*s.NetworkLimit)
	}
	for _, p := range s.Partitions {
		cr.Partitions = append(cr.Partitions, zdm.PartitionMapping{SourcePartition: p.Source, TargetPartition: p.Target,
			BackupJob: p.BackupJob, BackupFile: p.BackupFile})
	}
	return cr
}

// updateRequest is the update that takes a job from the settings in
// state to the planned ones, and whether there is anything to send.
func updateRequest(state, plan jobSettings) (*zdm.UpdateRecoveryRequest, bool) {
	ur := &zdm.UpdateRecoveryRequest{Center: plan.Center}
	changed := func(from, to string) bool { return to != "" && !strings.EqualFold(from, to) }
	if plan.Name != "" && plan.Name != state.Name {
		ur.Name = plan.Name
	}
	if plan.Mode != state.Mode {
		ur.Mode = zdm.Mode(plan.Mode)
	}
	if changed(state.Platform, plan.Platform) {
		ur.Platform = zdm.Platform(plan.Platform)
	}
	if changed(state.AfterReboot, plan.AfterReboot) {
		ur.AfterReboot = zdm.AfterReboot(plan.AfterReboot)
	}
	if plan.NetworkLimit != nil && (state.NetworkLimit == nil || *state.NetworkLimit != *plan.NetworkLimit) {
		n := int(*plan.NetworkLimit)
		ur.NetworkLimit = &n
	}
	if plan.ScheduleID != 0 && plan.ScheduleID != state.ScheduleID {
		ur.ScheduleID = plan.ScheduleID
	}
	if plan.ScriptPath != "" && plan.ScriptPath != state.ScriptPath {
		ur.ScriptPath = plan.ScriptPath
	}
	if changed(state.ScriptRun, plan.ScriptRun) {
		ur.ScriptRun = zdm.ScriptTiming(plan.ScriptRun)
	}
	send := ur.Name != "" || ur.Mode != "" || ur.Platform != "" || ur.AfterReboot != "" || ur.NetworkLimit != nil ||
		ur.ScheduleID != 0 || ur.ScriptPath != "" || ur.ScriptRun != ""
	return ur, send
}

// idText is an ID as the provider's string attributes hold it: decimal, ""
// for none (0).
func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
