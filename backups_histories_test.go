package zdm

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackupsListHistories_DecodesRowsOfBothOSes(t *testing.T) {
	ts := backupServer(t, map[string]route{"GET backups/histories": {200, "histories_v1.json"}})
	rows, _, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC)).Backups.ListHistories(context.Background(),
		&ListBackupHistoriesOptions{JobName: "daily-backup", Result: HistoryResultSuccess, Partition: "C", Sort: SortDescending, Center: "1,zdm-b"})
	require.NoError(t, err)
	assert.Equal(t, "center=1%2Czdm-b&jobName=daily-backup&partition=C&result=success&sort=desc", sentQuery(t, ts))
	require.Len(t, rows, 2)
	assert.Equal(t, BackupHistory{ID: 2, System: HistorySystem{Name: "server-01"},
		Job:    BackupHistoryJob{Name: "daily-backup", ID: 10, BackupType: "Full Backup", Partition: "/", RepositoryPath: "/backup/server-01"},
		Result: HistoryOutcome{Status: "COMPLETE", Description: "Backup completed successfully"},
		Time:   TimeInfo{Start: "2026-03-03T02:00:00Z", Elapsed: "00:30:00", End: "2026-03-03T02:30:00Z"}}, *rows[0])
	assert.True(t, rows[0].Succeeded())
	assert.Equal(t, "C:", rows[1].Job.Partition, "drives come under the same key")
	assert.False(t, rows[1].Succeeded())
}

func TestBackupsGetHistory_TakesTheRowID(t *testing.T) {
	ts := backupServer(t, map[string]route{"GET backups/histories/1024": {200, "history_v3.json"}})
	h, _, err := fixtureClient(t, ts).Backups.GetHistory(context.Background(), 1024, &GetBackupHistoryOptions{Center: "zdm-a"})
	require.NoError(t, err)
	assert.Equal(t, int64(1024), h.ID, "3.0.0: the number is the row's ID")
	assert.Equal(t, int64(10), h.Job.ID)
	assert.Equal(t, "center=zdm-a", sentQuery(t, ts))
}
