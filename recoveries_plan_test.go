package zdm

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func img(job, name, part, created string, repo int64) *BackupImage {
	i := &BackupImage{Name: name, JobName: job, CreatedAt: created, Repository: RepositoryRef{ID: repo}}
	if strings.HasPrefix(part, "/") {
		i.Partition = part
	} else {
		i.Drive = part
	}
	return i
}

func parts(letters ...string) []*ServerPartition {
	out := make([]*ServerPartition, len(letters))
	for i, l := range letters {
		out[i] = &ServerPartition{Letter: l}
	}
	return out
}

func TestPlanRecovery_PicksTheNewestImagePerPartition(t *testing.T) {
	linux := []*BackupImage{
		img("web_ROOT", "web_ROOT_1.ZIA", "/", "2026-01-07T08:00:00+09:00", 13),
		img("web_ROOT", "web_ROOT_3.ZIA", "/", "2026-01-09T08:00:00+09:00", 13),
		img("web_ROOT", "web_ROOT_2.ZIA", "/", "2026-01-08T08:00:00+09:00", 13),
		img("web_boot", "web_boot_1.ZIA", "/boot/", "2026-01-07T09:00:00+09:00", 14),
	}
	base := PlanRecoveryOptions{Center: "zdm-a", Source: "web", Target: "dr-web", Platform: "vmware"}
	for _, tc := range []struct {
		name    string
		edit    func(o *PlanRecoveryOptions)
		images  []*BackupImage
		targets []*ServerPartition
		want    []PartitionMapping
		wantErr *PlanError
	}{
		{name: "newest of each, same mount points, by the first image's repository",
			images: linux, targets: parts("/", "/boot", "/data"),
			want: []PartitionMapping{
				{SourcePartition: "/", TargetPartition: "/", BackupJob: "web_ROOT", BackupFile: "web_ROOT_3.ZIA"},
				{SourcePartition: "/boot/", TargetPartition: "/boot", BackupJob: "web_boot", BackupFile: "web_boot_1.ZIA", RepositoryID: 14},
			}},
		{name: "at or before Before (an instant in any zone)",
			edit:   func(o *PlanRecoveryOptions) { o.Before = time.Date(2026, 1, 7, 23, 0, 0, 0, time.UTC) }, // 08:00 +09:00 on the 8th
			images: linux, targets: parts("/", "/boot"),
			want: []PartitionMapping{
				{SourcePartition: "/", TargetPartition: "/", BackupJob: "web_ROOT", BackupFile: "web_ROOT_2.ZIA"},
				{SourcePartition: "/boot/", TargetPartition: "/boot", BackupJob: "web_boot", BackupFile: "web_boot_1.ZIA", RepositoryID: 14},
			}},
		{name: "selected partitions only, in the order given",
			edit:   func(o *PlanRecoveryOptions) { o.Partitions = []string{"/boot"} },
			images: linux, targets: parts("/", "/boot"),
			want: []PartitionMapping{{SourcePartition: "/boot/", TargetPartition: "/boot", BackupJob: "web_boot", BackupFile: "web_boot_1.ZIA"}}},
		{name: "a target override",
			edit: func(o *PlanRecoveryOptions) {
				o.Partitions, o.Targets = []string{"/"}, map[string]string{"/": "/mnt/root"}
			},
			images: linux, targets: parts("/boot"),
			want: []PartitionMapping{{SourcePartition: "/", TargetPartition: "/mnt/root", BackupJob: "web_ROOT", BackupFile: "web_ROOT_3.ZIA"}}},
		{name: "Windows drives match by letter, any spelling",
			images:  []*BackupImage{img("win_C", "win_C.ZIA", "C:", "2025-12-22T16:30:01+09:00", 13), img("win_D", "win_D.ZIA", "d", "2025-12-22T17:00:00+09:00", 13)},
			targets: parts("C:", "D:"),
			want: []PartitionMapping{
				{SourcePartition: "C:", TargetPartition: "C:", BackupJob: "win_C", BackupFile: "win_C.ZIA"},
				{SourcePartition: "d", TargetPartition: "D:", BackupJob: "win_D", BackupFile: "win_D.ZIA"},
			}},
		{name: "every gap named: no image, none before Before, no target",
			edit: func(o *PlanRecoveryOptions) {
				o.Partitions = []string{"/", "/boot", "/data"}
				o.Before = time.Date(2026, 1, 7, 0, 30, 0, 0, time.UTC)
			},
			images: linux, targets: parts("/"),
			wantErr: &PlanError{NoImage: []string{"/data"}, NoTarget: []string{"/boot", "/data"}}},
		{name: "every image after Before",
			edit:   func(o *PlanRecoveryOptions) { o.Before = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
			images: linux, targets: parts("/", "/boot"),
			wantErr: &PlanError{NoImage: []string{"/", "/boot"}}},
		{name: "a partition the target lacks",
			images: linux, targets: parts("/"),
			wantErr: &PlanError{NoTarget: []string{"/boot"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			if tc.edit != nil {
				tc.edit(&o)
			}
			req, err := planRecovery(&o, tc.images, nil, tc.targets)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, ErrInvalidArgument)
				var pe *PlanError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tc.wantErr.NoImage, pe.NoImage)
				assert.Equal(t, tc.wantErr.NoTarget, pe.NoTarget)
				assert.Nil(t, req)
				for _, p := range append(pe.NoImage, pe.NoTarget...) {
					assert.Contains(t, err.Error(), p)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, req.Partitions)
			assert.Positive(t, req.Repository.ID, "the repository of the first mapping's image")
			for _, m := range req.Partitions {
				assert.NotEqual(t, req.Repository.ID, m.RepositoryID, "a mapping names its repository only when it is not the request's")
			}
			assert.Equal(t, ModeFull, req.Mode, "the default mode")
			assert.True(t, req.ListOnly)
			assert.Equal(t, Platform("vmware"), req.Platform)
			assert.NoError(t, req.validate(GenerationV3), "a ready request")
		})
	}
}

func TestPlanRecovery_NoImageAtAllIsInvalidArgument(t *testing.T) {
	_, err := planRecovery(&PlanRecoveryOptions{Center: "c", Source: "s", Target: "t", Platform: "aws"}, nil, nil, parts("/"))
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), `"s" has no backup image`)
}

func TestPlanFromBackups_InvalidOptionsSendNothing(t *testing.T) {
	c := fixtureClient(t, refusingServer(t))
	for field, o := range map[string]*PlanRecoveryOptions{
		"PlanRecoveryOptions is nil":       nil,
		"PlanRecoveryOptions.Center":       {Source: "s", Target: "t", Platform: "aws"},
		"PlanRecoveryOptions.Target":       {Center: "c", Source: "s", Platform: "aws"},
		"PlanRecoveryOptions.Mode":         {Center: "c", Source: "s", Target: "t", Platform: "aws", Mode: "smart"},
		`PlanRecoveryOptions.Targets["/"]`: {Center: "c", Source: "s", Target: "t", Platform: "aws", Targets: map[string]string{"/": " "}},
	} {
		_, err := c.Recoveries.PlanFromBackups(context.Background(), o)
		require.ErrorIs(t, err, ErrInvalidArgument, field)
		assert.Contains(t, err.Error(), field)
	}
}

func TestPlanFromBackups_ReadsImagesAndPartitionsPerGeneration(t *testing.T) {
	for _, tc := range []struct {
		gen                  Generation
		imagesRoute, partsFx string
		imagesFx, sourceFx   string
		partitions           []string
	}{
		// The 1.x/2.x fixture holds images of "/" only: the plan restores
		// that one.
		{GenerationV1, "GET backups/images/server/source-centos7-bios (192.168.2.104)", "partitions_target_v1.json", "images_v1.json",
			"partitions_source_v1.json", []string{"/"}},
		{GenerationV3, "GET backups/images", "partitions_target_v3.json", "images_v3.json", "partitions_source_v3.json", nil},
	} {
		t.Run(tc.gen.String(), func(t *testing.T) {
			ts := backupServer(t, map[string]route{
				tc.imagesRoute:                          {200, tc.imagesFx},
				"GET servers/target-centos7/partitions": {200, tc.partsFx},
				"GET servers/source-centos7-bios (192.168.2.104)/partitions": {200, tc.sourceFx},
			})
			c := fixtureClient(t, ts, WithServerGeneration(tc.gen))
			req, err := c.Recoveries.PlanFromBackups(context.Background(), &PlanRecoveryOptions{Center: "zdm-a",
				Source: "source-centos7-bios (192.168.2.104)", Target: "target-centos7", Platform: "vmware", Mode: ModeIncrement,
				Partitions: tc.partitions})
			require.NoError(t, err)
			assert.Equal(t, "target-centos7", req.Target)
			assert.Equal(t, ModeIncrement, req.Mode)
			require.NotEmpty(t, req.Partitions)
			root := req.Partitions[0]
			assert.Equal(t, "/", root.SourcePartition)
			assert.Equal(t, "/", root.TargetPartition)
			assert.Equal(t, "source-centos7-bios_ROOT", root.BackupJob)
			if tc.gen == GenerationV1 {
				assert.Equal(t, "source-centos7-bios_ROOT_[2026-01-08_01_19].ZIA", root.BackupFile, "the newest of two")
			} else {
				require.Len(t, req.Partitions, 2, "the Windows image of another server is not the source's")
				assert.Equal(t, "/boot", req.Partitions[1].TargetPartition)
			}
			readSource := false
			for _, r := range ts.requests() {
				assert.Equal(t, http.MethodGet, r.Method, "nothing is created")
				assert.Contains(t, r.Query, "center=zdm-a")
				readSource = readSource || strings.Contains(r.Path, "source-centos7-bios (192.168.2.104)/partitions")
			}
			assert.Equal(t, tc.partitions == nil, readSource, "the source's partitions are read when Partitions does not name them")
		})
	}
}

// TestPlanFromBackups_ASourcePartitionWithoutAnImageIsNamed: without
// Partitions a plan covers every partition of the source, so one that
// was never backed up is a *PlanError naming it, not a recovery that
// leaves it out (the 1.x/2.x fixture holds images of "/" only; the
// source also has "/boot").
func TestPlanFromBackups_ASourcePartitionWithoutAnImageIsNamed(t *testing.T) {
	ts := backupServer(t, map[string]route{
		"GET backups/images/server/source-centos7-bios (192.168.2.104)": {200, "images_v1.json"},
		"GET servers/source-centos7-bios (192.168.2.104)/partitions":    {200, "partitions_source_v1.json"},
		"GET servers/target-centos7/partitions":                         {200, "partitions_target_v1.json"},
	})
	c := fixtureClient(t, ts, WithServerGeneration(GenerationV1))
	req, err := c.Recoveries.PlanFromBackups(context.Background(), &PlanRecoveryOptions{Center: "zdm-a",
		Source: "source-centos7-bios (192.168.2.104)", Target: "target-centos7", Platform: "vmware"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	var pe *PlanError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, []string{"/boot"}, pe.NoImage)
	assert.Empty(t, pe.NoTarget)
	assert.Nil(t, req)
	assert.Contains(t, err.Error(), "no backup image of /boot")
}

// TestPlanFromBackups_AnUnregisteredSourcePlansFromItsImages: a source
// the center no longer has (404) still has its images, listed by name
// as orphans (WIRE-OTHERS 2.9): the plan is made from them. Any other
// failure to read the source's partitions is the plan's error.
func TestPlanFromBackups_AnUnregisteredSourcePlansFromItsImages(t *testing.T) {
	for _, tc := range []struct {
		name   string
		source route
		check  func(t *testing.T, req *CreateRecoveryRequest, err error)
	}{
		{"404: from the images", route{404, "err_system_v3_404.json"}, func(t *testing.T, req *CreateRecoveryRequest, err error) {
			require.NoError(t, err)
			require.Len(t, req.Partitions, 2)
			assert.Equal(t, "/boot", req.Partitions[1].SourcePartition)
		}},
		{"500: an error", route{500, "err_images_v3_500_scan.json"}, func(t *testing.T, req *CreateRecoveryRequest, err error) {
			require.ErrorIs(t, err, ErrServer)
			assert.Contains(t, err.Error(), `the partitions of "source-centos7-bios (192.168.2.104)"`)
			assert.Nil(t, req)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := backupServer(t, map[string]route{
				"GET backups/images": {200, "images_v3.json"},
				"GET servers/source-centos7-bios (192.168.2.104)/partitions": tc.source,
				"GET servers/target-centos7/partitions":                      {200, "partitions_target_v3.json"},
			})
			c := fixtureClient(t, ts, WithServerGeneration(GenerationV3), WithRetryMax(0))
			req, err := c.Recoveries.PlanFromBackups(context.Background(), &PlanRecoveryOptions{Center: "zdm-a",
				Source: "source-centos7-bios (192.168.2.104)", Target: "target-centos7", Platform: "vmware"})
			tc.check(t, req, err)
		})
	}
}

func TestPlanFromBackups_PartialScanIsAnError(t *testing.T) {
	ts := backupServer(t, map[string]route{"GET backups/images": {200, "images_v3_partial.json"}})
	_, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Recoveries.PlanFromBackups(context.Background(),
		&PlanRecoveryOptions{Center: "zdm-a", Source: "s", Target: "t", Platform: "aws"})
	require.ErrorIs(t, err, ErrPartialFailure, "a plan from a partial list could miss the newest image")
}
