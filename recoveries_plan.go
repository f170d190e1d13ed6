package zdm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// PlanRecoveryOptions says what PlanFromBackups plans: which server to
// recover onto which, from which backups.
type PlanRecoveryOptions struct {
	// Center is the center of the source's backups and of the recovery,
	// by ID or name. Required.
	Center string
	// Source is the server the backups were taken from: its name (1.x/2.x
	// servers list images by name only; 3.0.0 servers also take its ID).
	// Required.
	Source string
	// Target is the server to recover onto, by ID or name. Required.
	Target string
	// Platform is the target's platform ("vmware", "aws", ...; see
	// [Platform]). Required.
	Platform string
	// Mode is the recovery mode, ModeFull (the default) or ModeIncrement.
	Mode Mode
	// Before picks, per partition, the newest image created at or before
	// it; the zero time picks the newest image.
	Before time.Time
	// Partitions are the source partitions ("/", "/boot") or drives ("C:",
	// "C" alike) to recover, each of which must have an image; nil
	// recovers every partition of the source, each of which must have
	// one too.
	Partitions []string
	// Targets maps a source partition or drive to the target partition
	// or drive to restore it to, instead of the one with the same mount
	// point or letter ({"/data": "/mnt/data"}). The target is taken as
	// given.
	Targets map[string]string
}

// PlanError is the error of a plan that cannot restore every partition
// it should: it names each source partition without an image and each
// without a target partition. It wraps ErrInvalidArgument: nothing was
// created.
type PlanError struct {
	// Source and Target are the servers planned for, as given.
	Source, Target string
	// Before is the options' Before (the zero time for none).
	Before time.Time
	// NoImage are the source partitions or drives without a backup image
	// (at or before Before).
	NoImage []string
	// NoTarget are the source partitions or drives the target has no
	// partition or drive for (same mount point or letter).
	NoTarget []string
}

// Error names every partition the plan cannot restore, and why, with
// text from the server escaped.
func (e *PlanError) Error() string {
	var parts []string
	if len(e.NoImage) > 0 {
		when := ""
		if !e.Before.IsZero() {
			when = " at or before " + e.Before.Format(time.RFC3339)
		}
		parts = append(parts, fmt.Sprintf("no backup image%s of %s", when, strings.Join(e.NoImage, ", ")))
	}
	if len(e.NoTarget) > 0 {
		parts = append(parts, fmt.Sprintf("no partition on %q for %s (map it in PlanRecoveryOptions.Targets)", e.Target, strings.Join(e.NoTarget, ", ")))
	}
	return Printable(fmt.Sprintf("zdm: planning the recovery of %q onto %q: %s", e.Source, e.Target, strings.Join(parts, "; ")))
}

// Unwrap returns ErrInvalidArgument.
func (e *PlanError) Unwrap() error { return ErrInvalidArgument }

func (o *PlanRecoveryOptions) validate() error {
	const what = "PlanRecoveryOptions"
	if o == nil {
		return invalidArg("%s is nil", what)
	}
	table := []rule{
		{"Center", requiredText(o.Center)},
		{"Source", requiredText(o.Source)},
		{"Target", requiredText(o.Target)},
		{"Platform", requiredText(o.Platform)},
		{"Mode", oneOf(o.Mode, modes)},
	}
	for i, p := range o.Partitions {
		table = append(table, rule{fmt.Sprintf("Partitions[%d]", i), requiredText(p)})
	}
	for from, to := range o.Targets {
		table = append(table, rule{fmt.Sprintf("Targets[%q]", from), firstOf(requiredText(from), requiredText(to))})
	}
	return check(what, table...)
}

// PlanFromBackups plans a recovery of Source onto Target from the
// source's backups, and returns the CreateRecoveryRequest to register it
// (see [RecoveriesService.Create]); it creates nothing. It reads the
// source's backup images (Backups.ListAllImages), the source's partitions
// (Servers.ListPartitions, unless opts.Partitions names them) and the
// target's, and maps every partition (or drive) of the source, or every
// one of opts.Partitions, to the target partition with the same mount
// point (or drive letter), or to the one opts.Targets names, restoring
// the newest image created at or before opts.Before (the newest when
// Before is zero). The request restores only the listed partitions
// (ListOnly), each from its image's backup job, file and repository.
//
// A source partition without an image, or without a target partition,
// makes a *PlanError naming each of them (it wraps ErrInvalidArgument):
// a partition that was never backed up is not left out in silence. A
// source the center no longer has (ErrNotFound) is planned from its
// images alone, which servers still list by its name.
// Invalid options wrap ErrInvalidArgument, and nothing is sent. An image
// list the server gave in part (3.0.0's partial scan) is an error
// matching ErrPartialFailure: a plan from it could miss newer images.
func (s *RecoveriesService) PlanFromBackups(ctx context.Context, opts *PlanRecoveryOptions) (*CreateRecoveryRequest, error) {
	c, err := recoveryFamily.client((*service)(s), opts)
	if err != nil {
		return nil, err
	}
	var images []*BackupImage
	for img, err := range c.Backups.ListAllImages(ctx, &ListBackupImagesOptions{Server: opts.Source, Center: opts.Center}) {
		if err != nil {
			return nil, fmt.Errorf("zdm: planning a recovery: the images of %q: %w", opts.Source, err)
		}
		images = append(images, img)
	}
	var sources []*ServerPartition
	if opts.Partitions == nil {
		sources, _, err = c.Servers.ListPartitions(ctx, opts.Source, &ListPartitionsOptions{Center: opts.Center})
		if errors.Is(err, ErrNotFound) {
			sources, err = nil, nil // a source no longer registered: its images are still listed
		}
		if err != nil {
			return nil, fmt.Errorf("zdm: planning a recovery: the partitions of %q: %w", opts.Source, err)
		}
	}
	targets, _, err := c.Servers.ListPartitions(ctx, opts.Target, &ListPartitionsOptions{Center: opts.Center})
	if err != nil {
		return nil, fmt.Errorf("zdm: planning a recovery: the partitions of %q: %w", opts.Target, err)
	}
	return planRecovery(opts, images, sources, targets)
}

// planRecovery is the plan of opts from the source's images and
// partitions and the target's partitions.
func planRecovery(o *PlanRecoveryOptions, images []*BackupImage, sources, targets []*ServerPartition) (*CreateRecoveryRequest, error) {
	newest := map[string]*BackupImage{}
	var order []string // the source partitions, in the options' order or sorted
	wanted := o.Partitions
	for _, p := range sources {
		wanted = append(wanted, p.Letter)
	}
	for _, p := range wanted {
		if k := partitionKey(p); k != "" && !slices.Contains(order, k) {
			order = append(order, k)
			newest[k] = nil
		}
	}
	for _, img := range images {
		k := partitionKey(img.PartitionName())
		if _, wanted := newest[k]; k == "" || (o.Partitions != nil && !wanted) || !o.ofSource(img) {
			continue
		}
		if _, seen := newest[k]; !seen {
			order = append(order, k)
			newest[k] = nil
		}
		if t, ok := img.CreatedTime(); !o.Before.IsZero() && (!ok || t.After(o.Before)) {
			continue
		}
		if cur := newest[k]; cur == nil || newerImage(img, cur) {
			newest[k] = img
		}
	}
	if o.Partitions == nil {
		slices.Sort(order)
	}
	onTarget := map[string]string{}
	for _, p := range targets {
		onTarget[partitionKey(p.Letter)] = strings.TrimSpace(p.Letter)
	}
	overrides := map[string]string{}
	for from, to := range o.Targets {
		overrides[partitionKey(from)] = to
	}

	req := &CreateRecoveryRequest{Center: o.Center, Source: o.Source, Target: o.Target, Platform: Platform(o.Platform),
		Mode: firstOf(o.Mode, ModeFull), ListOnly: true}
	perr := &PlanError{Source: o.Source, Target: o.Target, Before: o.Before}
	for _, k := range order {
		img, to := newest[k], firstOf(overrides[k], onTarget[k])
		if img == nil {
			perr.NoImage = append(perr.NoImage, k)
		}
		if to == "" {
			perr.NoTarget = append(perr.NoTarget, k)
		}
		if img == nil || to == "" {
			continue
		}
		if req.Repository.ID == 0 {
			req.Repository = RepositoryRef{ID: img.Repository.ID}
		}
		m := PartitionMapping{SourcePartition: img.PartitionName(), TargetPartition: to, BackupJob: img.JobName, BackupFile: img.Name}
		if img.Repository.ID != req.Repository.ID {
			m.RepositoryID = img.Repository.ID
		}
		req.Partitions = append(req.Partitions, m)
	}
	switch {
	case perr.NoImage != nil || perr.NoTarget != nil:
		return nil, perr
	case len(req.Partitions) == 0:
		return nil, fmt.Errorf("%w: planning the recovery of %q onto %q: %q has no backup image (center %q)",
			ErrInvalidArgument, o.Source, o.Target, o.Source, o.Center)
	}
	return req, nil
}

// ofSource reports whether img may be the source's: when Source is a
// name, an image naming another server is not (a server that ignored
// the server filter).
func (o *PlanRecoveryOptions) ofSource(img *BackupImage) bool {
	return img.Server == "" || allDigits(o.Source) || img.Server == o.Source
}

// newerImage reports whether a was created after b: by creation time,
// an image with a readable time before one without, then by name.
func newerImage(a, b *BackupImage) bool {
	ta, oka := a.CreatedTime()
	tb, okb := b.CreatedTime()
	switch {
	case oka && okb && !ta.Equal(tb):
		return ta.After(tb)
	case oka != okb:
		return oka
	}
	return a.Name > b.Name
}

// partitionKey is a partition or drive as plans compare them: a mount
// point without a trailing slash ("/data/" is "/data", "/" stays "/"), a
// drive as an upper-case letter with a colon ("c", "C:" and "C::" are
// "C:").
func partitionKey(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "/") {
		if t := strings.TrimRight(p, "/"); t != "" {
			return t
		}
		return "/"
	}
	if d := strings.TrimRight(p, ":"); len(d) == 1 && unicode.IsLetter(rune(d[0])) {
		return strings.ToUpper(d) + ":"
	}
	return p
}
