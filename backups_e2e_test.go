package zdm_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The backup family meets the recovery family here: a backup run on the
// fake writes the image a planned recovery restores, per generation,
// through the SDK alone.

// e2eTimeout guards each generation's run: runs on the fake take a few
// polls of ClientPollInterval, so this is a hang guard far above them.
const e2eTimeout = 30 * time.Second

// TestBackupsE2E_BackupPlanRecoverDelete backs web01's "/" up, runs the
// backup (waiting for the run it started), finds its image, plans a
// recovery of web01 onto web01-dr from the newest backups (the new image
// for "/", the world's for "/boot"), creates and runs it, reads both
// history rows and deletes both jobs, on the fake of each generation.
// The draft API has no image routes and no backup histories: there the
// test asserts the errors those calls get, and names the image by hand,
// as an operator reads it off the repository.
func TestBackupsE2E_BackupPlanRecoverDelete(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectDraft, zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
			defer cancel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			c := srv.Client()
			draft := d == zdmtest.DialectDraft

			// A backup job of web01's "/", run once.
			created, _, err := c.Backups.Create(ctx, &zdm.CreateBackupRequest{Center: "zdm-a", Server: "web01",
				Mode: zdm.BackupModeFull, Partitions: []string{"/"}, JobName: "e2e",
				Repository: zdm.RepositoryRef{ID: 9, Type: "nfs", Path: "/mnt/backup"}}) // ID, or the draft's type and path
			require.NoError(t, err)
			require.Len(t, created.Jobs, 1, "one job per partition")
			backup := created.Jobs[0].JobName
			assert.Equal(t, "e2e_ROOT", backup, "the job name plus the partition's suffix")
			ran, err := c.Backups.Run(ctx, backup, "zdm-a", nil)
			require.NoError(t, err)
			assert.Equal(t, zdm.PhaseCompleted, ran.ProgressInfo.Status.Phase())
			assert.Equal(t, "/", ran.Partition)
			assert.Equal(t, "web01", ran.Server)

			// Its image.
			var image *zdm.BackupImage
			images, _, err := c.Backups.ListImages(ctx, &zdm.ListBackupImagesOptions{Server: "web01", JobName: backup})
			if draft {
				require.ErrorIs(t, err, zdm.ErrEndpointNotFound, "the draft API lists no images (WIRE-OTHERS summary: b and c only)")
				assert.NotErrorIs(t, err, zdm.ErrNotFound)
				for _, im := range srv.Images() {
					if im.Job == backup {
						image = &zdm.BackupImage{Name: im.Name, JobName: im.Job}
					}
				}
				require.NotNil(t, image, "the run wrote an image")
			} else {
				require.NoError(t, err)
				require.Len(t, images, 1, "one run, one image")
				image = images[0]
				assert.Equal(t, backup, image.JobName)
				assert.Equal(t, "/", image.Partition)
				assert.Equal(t, "web01", image.Server)
				assert.Equal(t, int64(9), image.Repository.ID)
				assert.Regexp(t, `^e2e_ROOT_\[\d{4}-\d\d-\d\d_\d\d_\d\d\]\.ZIA$`, image.Name)
				_, ok := image.CreatedTime()
				assert.True(t, ok, "a creation time: %q", image.CreatedAt)
				var all []string
				for im, err := range c.Backups.ListAllImages(ctx, &zdm.ListBackupImagesOptions{Server: "web01",
					ListOptions: zdm.ListOptions{Limit: 2}}) {
					require.NoError(t, err)
					all = append(all, im.Name)
				}
				assert.Len(t, all, 4, "the world's three of web01 and the new one, over pages of two")
				assert.Contains(t, all, image.Name)
			}

			// The plan: the newest image of each partition of web01.
			plan, err := c.Recoveries.PlanFromBackups(ctx, &zdm.PlanRecoveryOptions{Center: "zdm-a", Source: "web01",
				Target: "web01-dr", Platform: "vmware"})
			if draft {
				require.ErrorIs(t, err, zdm.ErrEndpointNotFound, "a plan reads the images, which the draft API does not list")
				plan = &zdm.CreateRecoveryRequest{Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
					Mode: zdm.ModeFull, ListOnly: true, Repository: zdm.RepositoryRef{Type: "nfs", Path: "/mnt/backup"},
					Partitions: []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/", BackupJob: backup, BackupFile: image.Name}}}
			} else {
				require.NoError(t, err)
				require.Len(t, plan.Partitions, 2)
				assert.Equal(t, zdm.PartitionMapping{SourcePartition: "/", TargetPartition: "/", BackupJob: backup, BackupFile: image.Name},
					plan.Partitions[0], "the new image, the newest of /")
				assert.Equal(t, "/boot", plan.Partitions[1].SourcePartition)
				assert.Equal(t, "web01_boot", plan.Partitions[1].BackupJob, "the world's backup of /boot")
				assert.Equal(t, zdm.RepositoryRef{ID: 9}, plan.Repository)
			}

			// A wrong file fails as the servers fail: a name no image has
			// is 404, an image of another partition 400 (WIRE-RECOVERIES 4.3).
			wrong := *plan
			wrong.JobName = "e2e-wrong-file"
			wrong.Partitions = append([]zdm.PartitionMapping(nil), plan.Partitions...)
			wrong.Partitions[0].BackupFile = "e2e_ROOT_[1999-01-01_00_00].ZIA"
			wrong.Partitions[0].BackupJob = ""
			_, _, err = c.Recoveries.Create(ctx, &wrong)
			require.ErrorIs(t, err, zdm.ErrNotFound)
			assert.Contains(t, err.Error(), "e2e_ROOT_[1999-01-01_00_00].ZIA", "the file is named")
			var ae *zdm.APIError
			if d == zdmtest.DialectV3 {
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, "JOB-ERROR-01", ae.Code)
			}
			if len(plan.Partitions) > 1 {
				wrong.Partitions[0].BackupFile = plan.Partitions[1].BackupFile // /boot's image for /
				_, _, err = c.Recoveries.Create(ctx, &wrong)
				require.ErrorIs(t, err, zdm.ErrBadRequest)
				if d == zdmtest.DialectV3 {
					require.ErrorAs(t, err, &ae)
					assert.Equal(t, "BAD_REQUEST", ae.Code)
				}
			}

			// Create the planned recovery and run it.
			plan.JobName = "e2e-restore"
			restore, _, err := c.Recoveries.Create(ctx, plan)
			require.NoError(t, err)
			assert.Equal(t, "e2e-restore", restore.JobName)
			require.Len(t, restore.Partitions, len(plan.Partitions))
			assert.Equal(t, image.Name, restore.Partitions[0].BackupFile)
			done, err := c.Recoveries.Run(ctx, restore.JobName, "zdm-a", nil)
			require.NoError(t, err)
			require.Len(t, done.Job.Details, len(plan.Partitions))
			for _, p := range done.Job.Details {
				assert.Equal(t, zdm.PhaseCompleted, p.ProgressInfo.Status.Phase(), p.Name())
			}

			// The history rows of both runs.
			rows, _, err := c.Recoveries.ListHistories(ctx, &zdm.ListHistoriesOptions{JobName: restore.JobName, Center: "zdm-a"})
			require.NoError(t, err)
			require.Len(t, rows, 1)
			assert.True(t, rows[0].Succeeded(), "%+v", rows[0].Result)
			assert.Equal(t, "web01-dr", rows[0].Job.RecoverySystemName)
			assert.Len(t, rows[0].Job.RecoverDrive, len(plan.Partitions))
			runs, _, err := c.Backups.ListHistories(ctx, &zdm.ListBackupHistoriesOptions{JobName: backup, Center: "zdm-a"})
			if draft {
				require.ErrorIs(t, err, zdm.ErrNotFound, `the draft API has no backup histories: "histories" is read as a job name`)
				assert.Contains(t, err.Error(), "histories")
			} else {
				require.NoError(t, err)
				require.Len(t, runs, 1)
				assert.True(t, runs[0].Succeeded(), "%+v", runs[0].Result)
				assert.Equal(t, "/", runs[0].Job.Partition)
				assert.Equal(t, "web01", runs[0].System.Name)
			}

			// Delete both.
			_, _, err = c.Recoveries.Delete(ctx, restore.JobName, &zdm.DeleteRecoveryOptions{Center: "zdm-a"})
			require.NoError(t, err)
			_, _, err = c.Recoveries.Get(ctx, restore.JobName, &zdm.GetRecoveryOptions{Center: "zdm-a"})
			require.ErrorIs(t, err, zdm.ErrNotFound)
			gone, _, err := c.Backups.Delete(ctx, backup, &zdm.DeleteBackupOptions{Center: "zdm-a"})
			require.NoError(t, err)
			assert.Equal(t, "success", gone.State)
			_, _, err = c.Backups.Get(ctx, backup, &zdm.GetBackupOptions{Center: "zdm-a"})
			require.ErrorIs(t, err, zdm.ErrNotFound)
			if !draft {
				runs, _, err = c.Backups.ListHistories(ctx, &zdm.ListBackupHistoriesOptions{JobName: backup, Center: "zdm-a"})
				require.NoError(t, err)
				assert.Empty(t, runs, "the job's histories went with it")
				images, _, err = c.Backups.ListImages(ctx, &zdm.ListBackupImagesOptions{Server: "web01", JobName: backup})
				require.NoError(t, err)
				assert.Len(t, images, 1, "its image stays in the repository (WIRE-OTHERS 2.5, 2.9)")
			}
		})
	}
}

// TestBackupsE2E_APartitionNeverBackedUpIsAPlanError: a source with a
// partition no backup covers gets no plan that leaves it out, but a
// *PlanError naming it; Partitions that leave it out plan the rest.
func TestBackupsE2E_APartitionNeverBackedUpIsAPlanError(t *testing.T) {
	t.Parallel()
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
			defer cancel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			vols := []zdmtest.Volume{{Letter: "/", Size: 40 * zdmtest.GiB, Used: 8 * zdmtest.GiB},
				{Letter: "/srv", Size: 100 * zdmtest.GiB, Used: 60 * zdmtest.GiB}}
			srv.AddServer(zdmtest.ServerSpec{Name: "app01", Center: "zdm-a", Partitions: vols})
			srv.AddServer(zdmtest.ServerSpec{Name: "app01-dr", Center: "zdm-a", Mode: zdm.ServerModeTarget, Partitions: vols})
			c := srv.Client()

			created, _, err := c.Backups.Create(ctx, &zdm.CreateBackupRequest{Center: "zdm-a", Server: "app01",
				Mode: zdm.BackupModeFull, Partitions: []string{"/"}, Repository: zdm.RepositoryRef{ID: 9}})
			require.NoError(t, err)
			_, err = c.Backups.Run(ctx, created.Jobs[0].JobName, "zdm-a", nil)
			require.NoError(t, err)

			opts := &zdm.PlanRecoveryOptions{Center: "zdm-a", Source: "app01", Target: "app01-dr", Platform: "aws"}
			plan, err := c.Recoveries.PlanFromBackups(ctx, opts)
			require.ErrorIs(t, err, zdm.ErrInvalidArgument)
			var gaps *zdm.PlanError
			require.ErrorAs(t, err, &gaps)
			assert.Equal(t, []string{"/srv"}, gaps.NoImage)
			assert.Empty(t, gaps.NoTarget)
			assert.Nil(t, plan)
			assert.Contains(t, err.Error(), `planning the recovery of "app01" onto "app01-dr": no backup image of /srv`)

			opts.Partitions = []string{"/"}
			plan, err = c.Recoveries.PlanFromBackups(ctx, opts)
			require.NoError(t, err)
			require.Len(t, plan.Partitions, 1)
			assert.Equal(t, created.Jobs[0].JobName, plan.Partitions[0].BackupJob)
			_, _, err = c.Recoveries.Create(ctx, plan)
			require.NoError(t, err, "a plan is a request the server takes")
		})
	}
}

// TestBackupsE2E_PartialScanReachesThePlan: a 3.0.0 repository that
// cannot be scanned is reported in the answer's scan (beside data, as
// WIRE-OTHERS 2.9 and the vendor's page put it: "the response's scan
// field"), which the SDK reads there: the images found come with a
// *ScanError naming the repository, and a plan refuses to pick "the
// newest" from a list it knows is partial.
func TestBackupsE2E_PartialScanReachesThePlan(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer cancel()
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithInProcess())
	srv.AddRepository(zdmtest.RepositorySpec{ID: 20, Center: "zdm-a", RemotePath: "/far", Unreachable: true})
	c := srv.Client()

	images, resp, err := c.Backups.ListImages(ctx, &zdm.ListBackupImagesOptions{Server: "web01", Center: "zdm-a"})
	require.ErrorIs(t, err, zdm.ErrPartialFailure)
	var scan *zdm.ScanError
	require.ErrorAs(t, err, &scan)
	assert.Equal(t, 3, scan.Total)
	assert.Equal(t, 2, scan.Succeeded)
	require.Len(t, scan.Failures, 1)
	assert.Equal(t, int64(20), scan.Failures[0].RepositoryID)
	assert.Equal(t, "zdm-a", scan.Failures[0].Center)
	assert.True(t, scan.Failures[0].Retryable)
	assert.Len(t, images, 3, "the images found come beside the error")
	assert.Equal(t, "Backup images retrieved (2 of 3 repositories scanned)", resp.Message)

	_, err = c.Recoveries.PlanFromBackups(ctx, &zdm.PlanRecoveryOptions{Center: "zdm-a", Source: "web01",
		Target: "web01-dr", Platform: "vmware"})
	require.ErrorIs(t, err, zdm.ErrPartialFailure)
	assert.True(t, strings.Contains(err.Error(), "repository 20 of center \"zdm-a\""), err.Error())

	// Narrowed to the repositories that answer, the list is whole.
	images, _, err = c.Backups.ListImages(ctx, &zdm.ListBackupImagesOptions{Server: "web01", RepositoryID: 9})
	require.NoError(t, err)
	assert.Len(t, images, 3)
	assert.False(t, errors.Is(err, zdm.ErrPartialFailure))
}
