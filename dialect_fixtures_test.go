package zdm_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
)

// TestDialects_SavedAnswersDecodeWithEncodingJSONAlone decodes saved
// answers of each dialect with encoding/json alone (no client, so
// zone-less times read as UTC) and asserts the same model-level facts.
func TestDialects_SavedAnswersDecodeWithEncodingJSONAlone(t *testing.T) {
	t.Parallel()
	kst := time.FixedZone("KST", 9*3600)
	type row struct {
		name    string
		phase   zdm.Phase
		percent float64 // -1: not given
		start   time.Time
		elapsed time.Duration // -1: not given
		end     time.Time
		// Extras: 3.0.0's backupFile; the CLI's device and backup.fileName.
		backupFile, device, backupFileName string
	}
	kstTime := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, kst) }
	tests := []struct {
		file           string
		source, target string
		id             int64
		job            string
		log            int
		rows           []row
		zoneless       bool      // times carry no zone
		jobPhase       zdm.Phase // 3.0.0's job-level status; PhaseUnknown: none sent
		jobStart       time.Time // 3.0.0's job.timeInfo.start
		jobElapsed     time.Duration
		sourceOS       string // detail=true
		platform       string // detail=true
	}{
		{
			file: "monitor_seed.json", source: "source-server", target: "target-server", job: "daily-recovery", log: 2,
			rows: []row{
				{name: "/", phase: zdm.PhaseRunning, percent: 45, start: time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC), elapsed: 15 * time.Minute},
				{name: "/home", phase: zdm.PhasePending, percent: 0, elapsed: -1},
			},
		},
		{
			file: "monitor_cli_detail.json", source: "web-prod-01", target: "web-dr-01", job: "web-prod-01-recovery", log: 4,
			sourceOS: "Rocky Linux 9.3", platform: "OpenStack",
			rows: []row{
				{
					"/", zdm.PhaseCompleted, 100, time.Date(2025, 3, 2, 9, 0, 12, 0, time.UTC), 14*time.Minute + 40*time.Second,
					time.Date(2025, 3, 2, 9, 14, 52, 0, time.UTC), "", "/dev/vda1", "web-prod-01_root_20250301.zdm",
				},
				{
					"/data", zdm.PhaseRunning, 62, time.Date(2025, 3, 2, 9, 0, 12, 0, time.UTC), 26*time.Hour + 3*time.Minute + 10*time.Second,
					time.Time{}, "", "/dev/vdb1", "",
				},
			},
		},
		{
			file: "monitor_v1_windows.json", source: "WIN-FS-01", target: "WIN-FS-01-DR", job: "fileserver-weekly", log: 2, zoneless: true,
			rows: []row{
				{name: "C:", phase: zdm.PhaseRunning, percent: 100, start: time.Date(2026, 1, 17, 15, 2, 40, 0, time.UTC), elapsed: 41*time.Minute + 7*time.Second},
				{
					name: "D:", phase: zdm.PhaseScheduled, percent: 100, start: time.Date(2026, 1, 17, 15, 2, 40, 0, time.UTC),
					elapsed: 12*time.Minute + 31*time.Second, end: time.Date(2026, 1, 17, 15, 15, 11, 0, time.UTC),
				},
				{name: "E:", phase: zdm.PhasePending, percent: -1, elapsed: -1},
			},
		},
		{
			file: "monitor_v3.json", source: "db-prod-02", target: "db-dr-02", id: 42, job: "db-cluster-recovery",
			jobPhase: zdm.PhaseRunning, jobStart: kstTime(9, 0, 0), jobElapsed: 33*time.Minute + 5*time.Second,
			rows: []row{
				{
					name: "/", phase: zdm.PhaseCompleted, percent: 100, start: kstTime(9, 0, 0), elapsed: 10 * time.Minute,
					end: kstTime(9, 10, 0), backupFile: "db-prod-02_root_full_20260301.zdm",
				},
				{
					name: "/", phase: zdm.PhaseCompleted, percent: 100, start: kstTime(9, 10, 0), elapsed: 2*time.Minute + 30*time.Second,
					end: kstTime(9, 12, 30), backupFile: "db-prod-02_root_inc_20260302.zdm",
				},
				{
					name: "/var/lib/pgsql", phase: zdm.PhaseCompleted, percent: 100, start: kstTime(9, 0, 0), elapsed: 31*time.Minute + 12*time.Second,
					end: kstTime(9, 31, 12), backupFile: "db-prod-02_pgsql_full_20260301.zdm",
				},
			},
		},
		{
			file: "monitor_draft.json", source: "legacy-app-01", target: "legacy-app-01-dr", job: "legacy-app", log: 1,
			rows: []row{
				{name: "/", phase: zdm.PhaseRunning, percent: 60, start: time.Date(2024, 11, 2, 1, 0, 0, 0, time.UTC), elapsed: 90 * time.Minute},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			require.NoError(t, err)
			var env struct {
				Data zdm.JobMonitoring `json:"data"`
			}
			require.NoError(t, json.Unmarshal(b, &env))
			m := env.Data

			assert.Equal(t, tt.source, m.System.Source.Name)
			assert.Equal(t, tt.target, m.System.Target.Name)
			assert.Equal(t, tt.job, m.Job.Info.Name)
			assert.Equal(t, tt.id, m.Job.Info.ID)
			assert.Len(t, m.Job.Log, tt.log)
			assert.Equal(t, tt.sourceOS, m.System.Source.OS)
			assert.Equal(t, tt.platform, m.Job.Info.Platform)
			require.Len(t, m.Job.Details, len(tt.rows))
			for i, want := range tt.rows {
				d := m.Job.Details[i]
				p := d.ProgressInfo
				assert.Equal(t, want.name, d.Name())
				assert.Equal(t, want.phase, p.Status.Phase(), "%s: %q", want.name, p.Status)

				pct, ok := p.PercentValue()
				assert.Equal(t, want.percent >= 0, ok, "%s: percent %q", want.name, p.Percent)
				if ok {
					assert.InDelta(t, want.percent, pct, 1e-9, "%s", want.name)
				}

				start, ok := p.StartTime()
				assert.Equal(t, !want.start.IsZero(), ok, "%s: start %q", want.name, p.Start)
				assert.True(t, want.start.Equal(start), "%s: start %q read as %v", want.name, p.Start, start)
				// Decoded times carry their offset (a zone-less one gets
				// the server's, UTC here: nothing tells another), so In
				// does not move them.
				inKST, _ := p.In(kst).StartTime()
				assert.True(t, start.Equal(inKST), "%s: %v", want.name, inKST)
				if tt.zoneless && ok {
					assert.True(t, strings.HasSuffix(p.Start, "Z"), "%s: zone-less %q stored with its offset", want.name, p.Start)
				}

				end, ok := p.EndTime()
				assert.Equal(t, !want.end.IsZero(), ok, "%s: end %q", want.name, p.End)
				assert.True(t, want.end.Equal(end), "%s: end %q read as %v", want.name, p.End, end)

				el, ok := p.ElapsedDuration()
				assert.Equal(t, want.elapsed >= 0, ok, "%s: elapsed %q", want.name, p.Elapsed)
				if ok {
					assert.Equal(t, want.elapsed, el, "%s", want.name)
				}

				assert.Equal(t, want.backupFile, d.BackupFile, "%s", want.name)
				assert.Equal(t, want.device, d.Device, "%s", want.name)
				assert.Equal(t, want.backupFileName, d.Backup.FileName, "%s", want.name)
			}
			if tt.jobPhase == zdm.PhaseUnknown {
				assert.Nil(t, m.Job.Progress)
			} else if assert.NotNil(t, m.Job.Progress) {
				// job.progress and job.timeInfo meet in Job.Progress.
				p := m.Job.Progress
				assert.Equal(t, tt.jobPhase, p.Status.Phase())
				start, ok := p.StartTime()
				assert.True(t, ok && tt.jobStart.Equal(start), "job start %q", p.Start)
				el, ok := p.ElapsedDuration()
				assert.True(t, ok)
				assert.Equal(t, tt.jobElapsed, el)
				_, ok = p.EndTime()
				assert.False(t, ok, "job end %q", p.End)
			}
			assert.False(t, m.Job.Done(), "every fixture is mid-way (3.0.0's: rebooting)")
		})
	}
}
