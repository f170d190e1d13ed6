package zdm

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackups_PlaceholdersReadEmptyInEveryModelField: the backup family
// follows API.md rev. 3 as the inventory does: "-", "Unknown" and null
// read as the zero value in every field of a job, an image and a history
// row (times and statuses included). Only the monitoring answer keeps its
// text as sent, as the recovery monitoring contract does.
func TestBackups_PlaceholdersReadEmptyInEveryModelField(t *testing.T) {
	data := map[string]string{
		"backups": `[{"system":{"id":"1","name":"-","os":"Unknown"},"job":{"info":{"id":"3","name":"web01_ROOT","mode":"-","partition":"/",` +
			`"schedule":{"basic":{"id":"-","type":"Unknown","description":"-"},"advanced":"-"},` +
			`"status":{"current":"-","time":{"start":"-","elapsed":"-","end":"Unknown"}},` +
			`"options":{"compression":"-","encryption":"-","rotation":"-","excludeDir":"-","networkSpeed":"-","notification":{"mail":"-"}}},` +
			`"lastUpdated":"-"},"repository":{"id":"-","type":"Unknown","path":"-"}}]`,
		"backups/images/server/web01": `[{"image":{"name":"web01_ROOT_[2026-01-07_08_44].ZIA","jobName":"web01_ROOT","type":"Unknown",` +
			`"size":{"raw":"-","formatted":"-"},"createdAt":"-","repository":{"id":"-","path":"-"}},` +
			`"server":{"name":"web01","os":"-"},"partition":{"mountPoint":"/","device":"-"}}]`,
		"backups/histories": `[{"id":1,"system":{"name":"-"},"job":{"name":"web01_ROOT","id":3,"backupType":"-","drive":"/","repositoryPath":"-"},` +
			`"result":{"status":"COMPLETE","description":"-"},"time":{"start":"-","end":"Unknown","elapsed":"-"}}]`,
	}
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		d, ok := data[strings.TrimPrefix(r.URL.Path, testPrefix+"/")]
		if !ok {
			http.Error(w, "no route", http.StatusNotFound)
			return
		}
		reply(w, 200, "application/json", []byte(`{"success":true,"requestID":"r","timestamp":"2026-01-01 00:00:00","data":`+d+`}`))
	})
	c := fixtureClient(t, ts)
	ctx := context.Background()
	jobs, _, err := c.Backups.List(ctx, nil)
	require.NoError(t, err)
	images, _, err := c.Backups.ListImages(ctx, &ListBackupImagesOptions{Server: "web01"})
	require.NoError(t, err)
	histories, _, err := c.Backups.ListHistories(ctx, nil)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	require.Len(t, images, 1)
	require.Len(t, histories, 1)
	for name, models := range map[string]any{"Backup": jobs, "BackupImage": images, "BackupHistory": histories} {
		assert.Empty(t, placeholdersIn(reflect.ValueOf(models), name), "model fields that kept a placeholder")
	}
}
