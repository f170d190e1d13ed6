package zdm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// The README's "Backups and recovery plans" snippet, run on zdmtest's
// default world (web01 with its backups, its target web01-dr): plan from
// the newest images at least 12 hours old, create, run.
func ExampleRecoveriesService_PlanFromBackups_createAndRun() {
	srv, err := zdmtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, ctx := srv.Client(), context.Background()

	req, err := c.Recoveries.PlanFromBackups(ctx, &zdm.PlanRecoveryOptions{
		Center: "zdm-a", Source: "web01", Target: "web01-dr", Platform: "vmware",
		Before: time.Now().Add(-12 * time.Hour), // optional: the newest images 12 hours old or older
	})
	var gaps *zdm.PlanError
	if errors.As(err, &gaps) { // wraps ErrInvalidArgument; nothing was created
		log.Fatalf("no image of %v, no target partition for %v", gaps.NoImage, gaps.NoTarget)
	} else if err != nil {
		log.Fatal(err)
	}
	for _, m := range req.Partitions {
		fmt.Println(m.SourcePartition, "->", m.TargetPartition, "from", m.BackupJob)
	}
	res, _, err := c.Recoveries.Create(ctx, req) // review or edit req first
	if err != nil {
		log.Fatal(err)
	}
	final, err := c.Recoveries.Run(ctx, res.JobName, req.Center, nil) // ErrJobFailed if a partition failed
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(final.Job.Details[0].ProgressInfo.Status, final.Job.Details[1].ProgressInfo.Status)
	// Output:
	// / -> / from web01_ROOT
	// /boot -> /boot from web01_boot
	// Complete Complete
}

// TestREADME_PlanSnippetIsTheExample: every line of the README's
// "Backups and recovery plans" snippet is a line of the example above, in
// order, so that the snippet runs as the example does.
func TestREADME_PlanSnippetIsTheExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "## Backups and recovery plans")
	require.True(t, ok, "the README has the section")
	_, snippet, ok := strings.Cut(section, "```go\n")
	require.True(t, ok, "the section has a Go snippet")
	snippet, _, _ = strings.Cut(snippet, "```")
	source, err := os.ReadFile("dr_e2e_example_test.go")
	require.NoError(t, err)
	_, example, _ := strings.Cut(string(source), "func ExampleRecoveriesService_PlanFromBackups_createAndRun() {")
	lines := strings.Split(example, "\n")
	at := 0
	for _, want := range strings.Split(strings.TrimSpace(snippet), "\n") {
		want = strings.TrimSpace(want)
		for at < len(lines) && strings.TrimSpace(lines[at]) != want {
			at++
		}
		require.Less(t, at, len(lines), "the README's line %q is not in the example (in order)", want)
	}
}
