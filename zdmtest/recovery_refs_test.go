package zdmtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// recovery is a registration of the default world, changed by f.
func recovery(f func(r *zdm.CreateRecoveryRequest)) *zdm.CreateRecoveryRequest {
	r := &zdm.CreateRecoveryRequest{Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
		Repository: zdm.RepositoryRef{ID: 9, Type: "nfs", Path: "/backup"}, Mode: zdm.ModeFull, JobName: "restore",
		Partitions: []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/"}}}
	if f != nil {
		f(r)
	}
	return r
}

// TestRecoveryReferences_RefusedAsTheServersRefuseThem: a recovery for a
// center, server, partition, repository, backup job or image the world
// lacks is refused on every generation with the status the servers
// answer, the code 3.0.0 sends and the message 1.x/2.x send, and nothing
// is registered.
func TestRecoveryReferences_RefusedAsTheServersRefuseThem(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *zdm.CreateRecoveryRequest)
		is     error
		code   string // 3.0.0
		v1     string // the 1.x/2.x message
	}{
		{"center", func(r *zdm.CreateRecoveryRequest) { r.Center = "Atlantis" }, zdm.ErrNotFound,
			"ZDM-ERROR-01", "Name이 'Atlantis'인 Center를 찾을 수 없습니다"},
		{"center by ID", func(r *zdm.CreateRecoveryRequest) { r.Center = "99" }, zdm.ErrNotFound,
			"ZDM-ERROR-01", "ID가 '99'인 Center를 찾을 수 없습니다"},
		{"source", func(r *zdm.CreateRecoveryRequest) { r.Source = "no-such-server" }, zdm.ErrNotFound,
			"JOB-ERROR-02", "작업 대상 서버를 찾을 수 없습니다: 'no-such-server' (Center: zdm-a)"},
		{"target of another center", func(r *zdm.CreateRecoveryRequest) { r.Target = "erp01-dr" }, zdm.ErrNotFound,
			"JOB-ERROR-02", "작업 대상 서버를 찾을 수 없습니다: 'erp01-dr' (Center: zdm-a)"},
		{"repository", func(r *zdm.CreateRecoveryRequest) { r.Repository.ID = 11 }, zdm.ErrNotFound,
			"ZDM-REPOSITORY-ERROR-01", "요청한 Repository ID 11를 찾을 수 없습니다 (사용 가능한 Repository ID: 9, 10)"},
		{"partition", func(r *zdm.CreateRecoveryRequest) { r.Partitions[0].SourcePartition = "/home" }, zdm.ErrNotFound,
			"JOB-ERROR-13", "서버 'web01'에서 파티션 '/home'을(를) 찾을 수 없습니다"},
		{"backup file", func(r *zdm.CreateRecoveryRequest) { r.Partitions[0].BackupFile = "web01_ROOT_[1999-01-01_00_00].ZIA" }, zdm.ErrNotFound,
			"JOB-ERROR-01", "백업 이미지가 존재하지 않음 (Server: web01, Image: web01_ROOT_[1999-01-01_00_00].ZIA)"},
		{"backup job", func(r *zdm.CreateRecoveryRequest) { r.Partitions[0].BackupJob = "web01_boot" }, zdm.ErrNotFound,
			"JOB-ERROR-01", "서버 'web01'의 파티션 '/'에 대한 Backup 작업 'web01_boot'을(를) 찾을 수 없습니다"},
	}
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		for _, tt := range tests {
			t.Run(d.String()+" "+tt.name, func(t *testing.T) {
				t.Parallel()
				srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
				_, _, err := srv.Client().Recoveries.Create(context.Background(), recovery(tt.change))
				require.ErrorIs(t, err, tt.is)
				ae := apiError(t, err)
				if d == zdmtest.DialectV3 {
					assert.Equal(t, tt.code, ae.Code)
				} else {
					assert.Equal(t, tt.v1, ae.Message)
				}
				assert.Empty(t, srv.Jobs(), "nothing registered")
			})
		}
	}
}

// TestRecoveryReferences_RepositoryErrorListsTheCentersIDs: the 3.0.0
// answer to an unknown repository names the ones the center has.
func TestRecoveryReferences_RepositoryErrorListsTheCentersIDs(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3), zdmtest.WithInProcess())
	_, _, err := srv.Client().Recoveries.Create(context.Background(), recovery(func(r *zdm.CreateRecoveryRequest) { r.Repository.ID = 99 }))
	require.ErrorIs(t, err, zdm.ErrNotFound)
	assert.Equal(t, "Repository with ID '99' does not exist in this center. Available repository IDs: 9, 10.", apiError(t, err).Message)
}

// TestRecoveryReferences_BackupsTheRowsRestoreFrom: a row restores the
// image it names (of its own partition and backup job), or the newest
// usable backup; 3.0.0 refuses a backup job that never ran or whose last
// run failed, and skips, with a notice, a partition with no backup.
func TestRecoveryReferences_BackupsTheRowsRestoreFrom(t *testing.T) {
	for _, d := range []zdmtest.Dialect{zdmtest.DialectV1, zdmtest.DialectV3} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := zdmtest.NewServer(t, zdmtest.WithDialect(d), zdmtest.WithInProcess())
			rs := srv.Client().Recoveries
			ctx := context.Background()
			images := srv.Images()
			var root, boot string
			for _, im := range images {
				switch im.Job {
				case "web01_ROOT":
					root = im.Name // the newest, as Images lists oldest first
				case "web01_boot":
					boot = im.Name
				}
			}

			created, _, err := rs.Create(ctx, recovery(func(r *zdm.CreateRecoveryRequest) {
				r.Partitions = []zdm.PartitionMapping{
					{SourcePartition: "/", TargetPartition: "/", BackupJob: "web01_ROOT", BackupFile: root},
					{SourcePartition: "/boot", TargetPartition: "/dev/sda2", BackupFile: boot},
				}
			}))
			require.NoError(t, err)
			require.Len(t, created.Partitions, 2)
			assert.Equal(t, "web01_boot", created.Partitions[1].BackupJob, "the image's job")

			_, _, err = rs.Create(ctx, recovery(func(r *zdm.CreateRecoveryRequest) {
				r.JobName = "crossed"
				r.Partitions[0].BackupFile = boot
			}))
			require.ErrorIs(t, err, zdm.ErrBadRequest, "an image of /boot restored onto /")
			assert.Contains(t, apiError(t, err).Message, "is of partition '/boot', not '/'")

			never := srv.AddBackupJob(zdmtest.BackupJobSpec{Name: "web01_root_new", Server: "web01", Partition: "/", Idle: true})
			require.NotNil(t, never)
			_, _, err = rs.Create(ctx, recovery(func(r *zdm.CreateRecoveryRequest) {
				r.JobName = "from-new"
				r.Partitions[0].BackupJob = "web01_root_new"
			}))
			if d == zdmtest.DialectV3 {
				require.ErrorIs(t, err, zdm.ErrBadRequest, "3.0.0 refuses a backup that never ran")
				assert.Equal(t, "JOB-ERROR-67", apiError(t, err).Code)
				assert.Contains(t, apiError(t, err).Message, "because it has never run")
			} else {
				require.NoError(t, err, "older servers take it: the image is chosen when the run starts")
			}

			srv.SetPlan("db01_ROOT", zdmtest.Step{Phase: zdmtest.PhaseFailed, Message: "repository full"})
			db := srv.BackupJob("db01_ROOT")
			db.Start()
			get(t, srv, "/backups/monitoring/job/db01_ROOT")
			require.Equal(t, zdmtest.PhaseFailed, db.Status())
			body := recovery(func(r *zdm.CreateRecoveryRequest) {
				r.JobName, r.Source, r.Target = "db-restore", "db01", "db01-dr"
				r.Partitions = []zdm.PartitionMapping{{SourcePartition: "/", TargetPartition: "/"}, {SourcePartition: "/data", TargetPartition: "/data"}}
			})
			res, _, err := rs.Create(ctx, body)
			require.NoError(t, err)
			if d == zdmtest.DialectV3 {
				require.Len(t, res.Partitions, 1, "/ skipped: its backup's last run failed")
				assert.Equal(t, "/data", res.Partitions[0].SourcePartition)
				require.Len(t, res.Notices, 1)
				assert.Equal(t, "Partition/drive '/' was skipped — no backup available: Partition '/' has no usable backup job — the last run failed for every backup job (jobs: db01_ROOT).", res.Notices[0])
			} else {
				assert.Len(t, res.Partitions, 2, "an image is there: older servers take it")
			}

			srv.AddServer(zdmtest.ServerSpec{Name: "bare", Partitions: []zdmtest.Volume{{Letter: "/"}}})
			_, _, err = rs.Create(ctx, recovery(func(r *zdm.CreateRecoveryRequest) { r.JobName, r.Source = "bare-restore", "bare" }))
			if d == zdmtest.DialectV3 {
				require.ErrorIs(t, err, zdm.ErrBadRequest, "nothing left to register")
				assert.Equal(t, "JOB-ERROR-14", apiError(t, err).Code)
				assert.Contains(t, apiError(t, err).Message, "Partition '/' has no backup job.")
			} else {
				require.ErrorIs(t, err, zdm.ErrNotFound, "2.0.2 skips it too, then 404")
				assert.Contains(t, apiError(t, err).Message, "Backup job not found for partition '/' on server 'bare'")
			}
		})
	}
}
