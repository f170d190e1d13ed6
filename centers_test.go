package zdm

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCentersList_DecodesEveryGeneration(t *testing.T) {
	ctx := context.Background()
	t.Run("draft API", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET zdms": {200, "centers_list_seed.json"}})
		list, _, err := fixtureClient(t, ts).Centers.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, list, 1)
		c := list[0]
		assert.Equal(t, CenterName{Center: "Main-Center", Host: "zdm-host-01"}, c.Name)
		assert.Equal(t, CenterID{Center: 1, Install: "INST-001", Machine: "550e8400-e29b-41d4-a716-446655440000"}, c.ID)
		assert.True(t, c.Connected())
		assert.True(t, c.Activated())
		assert.Equal(t, CenterPaths{LogFile: "/opt/zdm/logs/zdm.log", Install: "/opt/zdm"}, c.Path)
		assert.Equal(t, "2025-01-15T10:00:00Z", c.LastUpdated)
	})
	t.Run("1.x/2.x with every part", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET zdms": {200, "centers_list_v1.json"}})
		opts := &ListCentersOptions{ListOptions: ListOptions{Limit: 20},
			CenterIncludes: CenterIncludes{Disk: true, Network: true, Partition: true, Repository: true, ObjectStorage: true}}
		list, resp, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC)).Centers.List(ctx, opts)
		require.NoError(t, err)
		assert.Equal(t, "disk=true&limit=20&network=true&partition=true&repository=true&zosRepository=true", sentQuery(t, ts))
		require.Len(t, list, 2)
		main, dr := list[0], list[1]
		assert.Equal(t, []Disk{{Caption: "VMware Virtual disk SCSI Disk Device", Type: "HDD",
			Size: Size{214748364800, "200.0 GB"}, LastUpdated: "2026-01-17T15:02:40Z"}}, main.Disks, "diskCaption reads as Caption")
		require.Len(t, main.Networks, 1)
		assert.Equal(t, "00:50:56:A1:B2:C3", main.Networks[0].MACAddress)
		require.Len(t, main.Partitions, 1)
		assert.Empty(t, main.Partitions[0].Server, "a center's partitions name no server")
		require.Len(t, main.Repositories, 1)
		assert.Equal(t, "Main-Center", main.Repositories[0].Center)
		assert.Nil(t, main.ObjectStorage, "an empty list reads nil")
		assert.False(t, dr.Connected())
		assert.False(t, dr.Activated())
		assert.Empty(t, dr.Path.LogFile)
		assert.Nil(t, dr.IP.Private)
		assert.Equal(t, 0, resp.NextPage)
	})
}

func TestCentersGet_DecodesTheDetailOf300(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"GET zdms/zdm-b": {200, "center_get_v3.json"}})
	c, _, err := fixtureClient(t, ts, WithServerTimeZone(time.FixedZone("KST", 9*3600))).Centers.Get(context.Background(), "zdm-b",
		&GetCenterOptions{CenterIncludes{Detail: true, ObjectStorage: true}})
	require.NoError(t, err)
	assert.Equal(t, "detail=true&zosRepository=true", sentQuery(t, ts))
	assert.Equal(t, int64(3), c.ID.Center, "a numeric id reads too")
	require.NotNil(t, c.Resources)
	assert.Equal(t, Resources{CPU: "AMD EPYC 7543 32-Core Processor", CPUCount: 2, Memory: Size{34359738368, "32.00 GB"},
		Kernel: "6.8.0-41-generic", SystemType: "x86_64", Organization: "Example Corp"}, *c.Resources)
	assert.Nil(t, c.Disks)
	assert.Equal(t, []ObjectStorageRepository{{ID: 4, Center: "zdm-b", Size: Size{Formatted: "500GB"}, Platform: "AWS",
		CloudKeyID: "7", BucketName: "zdm-backup-apne2", Created: "2026-08-20T13:45:00+09:00", LastUpdated: "2026-09-01T08:00:00+09:00"}}, c.ObjectStorage)
}

func TestCenters_RejectInvalidInputWithoutSending(t *testing.T) {
	ctx := context.Background()
	checkRefusals(t, []refusal{
		{"unknown connection", "ListCentersOptions.Connection", func(c *Client) error {
			_, _, err := c.Centers.List(ctx, &ListCentersOptions{Connection: "up"})
			return err
		}},
		{"unknown activation", "ListCentersOptions.Activation", func(c *Client) error {
			_, _, err := c.Centers.List(ctx, &ListCentersOptions{Activation: "active"})
			return err
		}},
		{"unknown sort", "ListCentersOptions.Sort", func(c *Client) error {
			_, _, err := c.Centers.List(ctx, &ListCentersOptions{Sort: "by-name"})
			return err
		}},
		{"negative page", "ListCentersOptions.Page", func(c *Client) error {
			_, _, err := c.Centers.List(ctx, &ListCentersOptions{ListOptions: ListOptions{Page: -2}})
			return err
		}},
		{"blank identifier", "identifier", func(c *Client) error {
			_, _, err := c.Centers.Get(ctx, "", nil)
			return err
		}},
		{"control characters", "identifier", func(c *Client) error {
			_, _, err := c.Centers.Get(ctx, "Main\nCenter", nil)
			return err
		}},
	})
}

func TestCentersListAll_ReadsEveryPage(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"GET zdms": {200, "centers_list_v1.json"}})
	var names []string
	for c, err := range fixtureClient(t, ts).Centers.ListAll(context.Background(), &ListCentersOptions{Connection: ConnectionConnected}) {
		require.NoError(t, err)
		names = append(names, c.Name.Center)
	}
	assert.Equal(t, []string{"Main-Center", "DR-Center"}, names)
	assert.Equal(t, "connection=connect&limit=100&page=1", sentQuery(t, ts), "one page: hasNextPage is false")
}
