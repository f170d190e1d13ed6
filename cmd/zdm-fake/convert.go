package main

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// problems collects what is wrong with a document, by field path.
type problems struct {
	list []fieldProblem
}

// fieldProblem is one thing wrong with one field.
type fieldProblem struct {
	path, msg string
}

func (p *problems) add(path, format string, args ...any) {
	path = strings.TrimPrefix(path, ".") // a field of a document that is one job or fault
	p.list = append(p.list, fieldProblem{path, fmt.Sprintf(format, args...)})
}

// err returns the problems as one error, each line placed with idx in
// the document name (or, without an index, named by path only).
func (p *problems) err(name string, data []byte, idx *jsonIndex) error {
	if len(p.list) == 0 {
		return nil
	}
	const most = 20
	var lines []string
	for i, fp := range p.list {
		if i == most {
			lines = append(lines, fmt.Sprintf("... and %d more", len(p.list)-most))
			break
		}
		if idx == nil {
			lines = append(lines, fmt.Sprintf("%s: %s", fp.path, fp.msg))
			continue
		}
		lines = append(lines, posError(name, data, idx.offset(fp.path), fp.path, fp.msg).Error())
	}
	return fmt.Errorf("%s", strings.Join(lines, "\n"))
}

// phaseNames are the phases as scenario files spell them.
var phaseNames = map[string]zdmtest.Phase{
	"pending": zdmtest.PhasePending, "preparing": zdmtest.PhasePreparing, "running": zdmtest.PhaseRunning,
	"rebooting": zdmtest.PhaseRebooting, "completed": zdmtest.PhaseCompleted, "scheduled": zdmtest.PhaseScheduled,
	"failed": zdmtest.PhaseFailed, "canceling": zdmtest.PhaseCanceling, "canceled": zdmtest.PhaseCanceled,
}

// keys lists a map's keys, sorted, for messages.
func keys[V any](m map[string]V) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// duration parses a Go duration field; "" is zero.
func (p *problems) duration(path, s string, negativeOK bool) time.Duration {
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		p.add(path, "%q is not a duration such as \"90s\" or \"1m30s\"", s)
	case d < 0 && !negativeOK:
		p.add(path, "%q is negative", s)
	}
	return d
}

// percent checks a percent field.
func (p *problems) percent(path string, v int) {
	if v < 0 || v > 100 {
		p.add(path, "%d is outside 0..100", v)
	}
}

// steps converts scripted steps.
func (p *problems) steps(path string, docs []stepDoc) []zdmtest.Step {
	out := make([]zdmtest.Step, 0, len(docs))
	for i, d := range docs {
		sp := fmt.Sprintf("%s[%d]", path, i)
		ph, ok := phaseNames[strings.ToLower(d.Phase)]
		if !ok {
			p.add(sp+".phase", "unknown phase %q (want one of %s)", d.Phase, keys(phaseNames))
		}
		p.percent(sp+".percent", d.Percent)
		out = append(out, zdmtest.Step{Phase: ph, Percent: d.Percent, Message: d.Message, Log: d.Log})
	}
	return out
}

// mode converts a mode field.
func (p *problems) mode(path, s string) zdm.Mode {
	m := zdm.Mode(strings.ToLower(s))
	if m != "" && m != zdm.ModeFull && m != zdm.ModeIncrement {
		p.add(path, "unknown mode %q (want full or increment)", s)
	}
	return m
}

// simulation converts a simulation.
func (p *problems) simulation(path string, d *simDoc) *zdmtest.Simulation {
	sim := &zdmtest.Simulation{
		Delay:   p.duration(path+".delay", d.Delay, false),
		Prepare: p.duration(path+".prepare", d.Prepare, false),
		Copy:    p.duration(path+".copy", d.Copy, false),
		Reboot:  p.duration(path+".reboot", d.Reboot, false),
	}
	canceling := p.duration(path+".canceling", d.Canceling, false)
	switch {
	case d.FailAt != nil && d.CancelAt != nil:
		p.add(path+".cancelAt", "set with failAt: a simulation fails or is canceled, not both")
	case d.FailAt != nil:
		p.percent(path+".failAt", *d.FailAt)
		sim.Ending = zdmtest.FailAt(*d.FailAt, d.FailMessage)
	case d.CancelAt != nil:
		p.percent(path+".cancelAt", *d.CancelAt)
		sim.Ending = zdmtest.CancelAt(*d.CancelAt, canceling)
	}
	if d.FailMessage != "" && d.FailAt == nil {
		p.add(path+".failMessage", "set without failAt")
	}
	if d.Canceling != "" && d.CancelAt == nil {
		p.add(path+".canceling", "set without cancelAt")
	}
	return sim
}

// partition converts one row of a job.
func (p *problems) partition(path string, d partitionDoc) zdmtest.PartitionSpec {
	spec := zdmtest.PartitionSpec{
		Partition: d.Partition, Drive: d.Drive, Mode: p.mode(path+".mode", d.Mode),
		Device: d.Device, FileSystem: d.FileSystem, TargetPartition: d.TargetPart,
		BackupJob: d.BackupJob, BackupFile: d.BackupFile,
	}
	switch {
	case d.Partition == "" && d.Drive == "":
		p.add(path, "set partition (\"/\", \"/home\") or drive (\"C:\")")
	case d.Partition != "" && d.Drive != "":
		p.add(path+".drive", "set with partition: a row is one or the other")
	}
	plans := 0
	if len(d.Steps) > 0 {
		plans++
		spec.Steps = p.steps(path+".steps", d.Steps)
	}
	if d.Ramp != nil {
		plans++
		for i, v := range d.Ramp {
			p.percent(fmt.Sprintf("%s.ramp[%d]", path, i), v)
		}
		spec.Steps = zdmtest.Ramp(d.Ramp...)
	}
	if d.Simulation != nil {
		plans++
		spec.Simulation = p.simulation(path+".simulation", d.Simulation)
	}
	if plans > 1 {
		p.add(path, "choose one of steps, ramp and simulation")
	}
	return spec
}

// jobEnv is what a job is checked against: the declared servers and
// centers, and the clock for relative start times.
type jobEnv struct {
	servers map[string]zdmtest.Machine // nil: any name
	centers map[string]bool            // nil: any name
	now     time.Time
}

// job converts a job document; plan is its Plan (nil for none).
func (p *problems) job(path string, d jobDoc, env jobEnv) (spec zdmtest.JobSpec, plan []zdmtest.Step) {
	spec = zdmtest.JobSpec{
		ID: d.ID, Name: d.Name, Center: d.Center, Platform: d.Platform,
		Mode: p.mode(path+".mode", d.Mode), Idle: d.Idle, Scheduled: d.Scheduled,
		PollsPerStep: d.PollsPerStep, Log: d.Log,
	}
	if d.ID < 0 {
		p.add(path+".id", "%d is negative", d.ID)
	}
	if d.PollsPerStep < 0 {
		p.add(path+".pollsPerStep", "%d is negative", d.PollsPerStep)
	}
	spec.Source = p.machine(path+".source", d.Source, env)
	spec.Target = p.machine(path+".target", d.Target, env)
	if d.Center != "" && env.centers != nil && !env.centers[d.Center] {
		p.add(path+".center", "%q is not among the declared centers", d.Center)
	}
	if d.StartedAt != "" {
		if t, err := time.Parse(time.RFC3339, d.StartedAt); err == nil {
			spec.StartedAt = t
		} else if rel, err := time.ParseDuration(d.StartedAt); err == nil {
			spec.StartedAt = env.now.Add(rel)
		} else {
			p.add(path+".startedAt", "%q is neither an RFC 3339 time nor a duration from now such as \"-90s\"", d.StartedAt)
		}
	}
	for i, pd := range d.Partitions {
		spec.Partitions = append(spec.Partitions, p.partition(fmt.Sprintf("%s.partitions[%d]", path, i), pd))
	}
	if len(d.Plan) > 0 {
		plan = p.steps(path+".plan", d.Plan)
	}
	return spec, plan
}

// machine resolves a server name against the declared servers.
func (p *problems) machine(path, name string, env jobEnv) zdmtest.Machine {
	if name == "" {
		return zdmtest.Machine{}
	}
	if env.servers == nil {
		return zdmtest.Machine{Name: name}
	}
	m, ok := env.servers[name]
	if !ok {
		p.add(path, "%q is not among the declared servers", name)
		return zdmtest.Machine{Name: name}
	}
	return m
}

// faultKinds are the faults, as scenario files and the control API name
// them.
var faultKinds = map[string]bool{
	"status": true, "empty": true, "canned": true, "nginx502": true, "truncated": true,
	"wrongTypes": true, "successFalse": true, "huge": true, "invalidUTF8": true,
	"deepNesting": true, "drop": true, "cutBody": true, "delay": true,
}

// fault converts a fault document; count defaults to 1.
func (p *problems) fault(path string, d faultDoc) (int, zdmtest.Fault) {
	count := d.Count
	if count == 0 {
		count = 1
	}
	if count < 0 {
		p.add(path+".count", "%d is negative", d.Count)
	}
	status := func(def int) int {
		if d.Status == 0 {
			return def
		}
		if d.Status < 200 || d.Status > 599 {
			p.add(path+".status", "%d is outside 200..599", d.Status)
		}
		return d.Status
	}
	size := func(def int) int {
		if d.Size < 0 {
			p.add(path+".size", "%d is negative", d.Size)
		}
		if d.Size == 0 {
			return def
		}
		return d.Size
	}
	delay := p.duration(path+".delay", d.Delay, false)
	var f zdmtest.Fault
	switch d.Kind {
	case "status":
		f = zdmtest.Status(status(http.StatusServiceUnavailable))
	case "empty":
		f = zdmtest.EmptyBody(status(http.StatusUnauthorized))
	case "canned":
		f = zdmtest.Canned(status(http.StatusOK), d.ContentType, []byte(d.Body))
	case "nginx502":
		f = zdmtest.NginxBadGateway()
	case "truncated":
		f = zdmtest.TruncatedJSON()
	case "wrongTypes":
		f = zdmtest.WrongTypes()
	case "successFalse":
		f = zdmtest.SuccessFalse()
	case "huge":
		f = zdmtest.HugeBody(size(1 << 20))
	case "invalidUTF8":
		f = zdmtest.InvalidUTF8()
	case "deepNesting":
		f = zdmtest.DeepNesting(size(20000))
	case "drop":
		f = zdmtest.DropConnection()
	case "cutBody":
		f = zdmtest.CloseMidBody()
	case "delay":
		if delay == 0 {
			p.add(path+".delay", "a delay fault needs a positive delay such as \"2s\"")
		}
		f = zdmtest.Delay(delay)
	case "":
		p.add(path+".kind", "missing (want one of %s)", keys(faultKinds))
	default:
		p.add(path+".kind", "unknown kind %q (want one of %s)", d.Kind, keys(faultKinds))
	}
	if d.Kind != "delay" && delay > 0 {
		f = f.WithDelay(delay)
	}
	if d.Code != "" || d.Message != "" {
		if d.Kind != "status" && d.Kind != "successFalse" {
			p.add(path+".code", "code and message go with kind status or successFalse")
		}
		f = f.WithError(d.Code, d.Message)
	}
	if d.RetryAfter != "" {
		f = f.WithRetryAfter(p.duration(path+".retryAfter", d.RetryAfter, false))
	}
	if d.Method != "" || d.Path != "" {
		f = f.On(strings.ToUpper(d.Method), d.Path)
	}
	return count, f
}
