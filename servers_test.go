package zdm

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServersList_DecodesEveryGeneration(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	t.Run("draft API", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers": {200, "servers_list_seed.json"}})
		list, resp, err := fixtureClient(t, ts).Servers.List(context.Background(), nil)
		require.NoError(t, err)
		require.Len(t, list, 2)
		s := list[0]
		assert.Equal(t, int64(1), s.ID)
		assert.Equal(t, "web-server-01", s.Name)
		assert.Equal(t, ServerModeSource, s.Mode())
		assert.Equal(t, "Ubuntu 22.04 LTS", s.OS.Version)
		assert.Equal(t, IPAddresses{Public: "192.168.1.100", Private: []string{"10.0.0.1", "10.0.0.2"}}, s.IP)
		assert.Equal(t, int64(5), s.License.ID)
		assert.True(t, s.Connected())
		assert.Equal(t, "2025-01-15T10:00:00Z", s.LastUpdated)
		assert.Nil(t, s.Partitions, "not asked for")
		assert.Nil(t, s.Resources)
		assert.Equal(t, ServerModeTarget, list[1].Mode())
		assert.False(t, list[1].Connected())
		assert.Zero(t, list[1].License.ID, `"-" reads as no licence`)
		assert.Nil(t, list[1].IP.Private)
		assert.Nil(t, resp.Pagination)
	})
	t.Run("1.x/2.x with partitions", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers": {200, "servers_list_v1_partition.json"}})
		opts := &ListServersOptions{ListOptions: ListOptions{Limit: 20}, ServerIncludes: ServerIncludes{Partition: true}}
		list, resp, err := fixtureClient(t, ts, WithServerTimeZone(kst)).Servers.List(context.Background(), opts)
		require.NoError(t, err)
		require.Len(t, list, 2)
		linux, win := list[0], list[1]
		assert.Equal(t, "source-centos7-bios (192.168.2.104)", linux.Name)
		assert.Equal(t, ServerModeSource, linux.Mode(), `"Source" reads as source`)
		assert.Equal(t, "2026-01-17T15:02:40+09:00", linux.LastUpdated)
		require.Len(t, linux.Partitions, 2)
		root := linux.Partitions[0]
		assert.Equal(t, ServerPartition{
			Server: "source-centos7-bios (192.168.2.104)", Letter: "/", Device: "/dev/sda2",
			Size: Size{53660876800, "50.0 GB"}, Used: Size{9663676416, "9.0 GB"}, Free: Size{43997200384, "41.0 GB"},
			Usage: 18, FileSystem: "xfs", LastUpdated: "2026-01-17T15:02:40+09:00",
		}, root)
		assert.Equal(t, "/", root.MountPoint())
		assert.Empty(t, root.Drive())
		assert.Equal(t, ServerModeTarget, win.Mode())
		require.Len(t, win.Partitions, 1)
		assert.Equal(t, "C:", win.Partitions[0].Drive())
		assert.Empty(t, win.Partitions[0].MountPoint())
		assert.Equal(t, `\Device\HarddiskVolume2`, win.Partitions[0].Device)
		require.NotNil(t, resp.Pagination)
		assert.Equal(t, 2, resp.NextPage)
		assert.Equal(t, "limit=20&partition=true", sentQuery(t, ts))
	})
	t.Run("3.0.0", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers": {200, "servers_list_v3.json"}})
		c := fixtureClient(t, ts, WithServerTimeZone(kst))
		list, resp, err := c.Servers.List(context.Background(), &ListServersOptions{ListOptions: ListOptions{Page: 2}})
		require.NoError(t, err)
		require.Len(t, list, 1)
		s := list[0]
		assert.Equal(t, int64(12), s.ID)
		assert.True(t, s.Connected(), `"Connect" in any case`)
		assert.Zero(t, s.License.ID, "null reads 0")
		assert.Equal(t, []string{"10.20.0.13"}, s.IP.Private, "null and \"-\" entries dropped")
		assert.Equal(t, "2026-09-02T11:20:45+09:00", s.LastUpdated)
		assert.Equal(t, "9b2e4c6a8d0f41e3a5c7e9b1d3f5a7c9", resp.RequestID)
		assert.Equal(t, 0, resp.NextPage)
		assert.Equal(t, GenerationV3, c.ServerGeneration(), "learnt from the traceId")
	})
}

func TestServersGet_DecodesDetailAndEveryIncludedPart(t *testing.T) {
	t.Run("1.x/2.x", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers/web-server-01": {200, "server_get_v1_detail.json"}})
		opts := &GetServerOptions{ServerIncludes: ServerIncludes{Detail: true, Disk: true, Network: true, Partition: true, Repository: true}}
		s, _, err := fixtureClient(t, ts, WithServerTimeZone(time.UTC)).Servers.Get(context.Background(), "web-server-01", opts)
		require.NoError(t, err)
		assert.Equal(t, "detail=true&disk=true&network=true&partition=true&repository=true", sentQuery(t, ts))
		assert.Equal(t, "3.2.1", s.Agent.Version)
		require.NotNil(t, s.Resources)
		assert.Equal(t, Resources{Model: "PowerEdge R740", Type: "Physical", Manufacturer: "Dell Inc.", Kernel: "5.15.0-91-generic",
			CPU: "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", CPUCount: 48, Memory: Size{137438953472, "128.0 GB"}}, *s.Resources)
		assert.Equal(t, []Disk{{Caption: "Samsung SSD 870 EVO 500GB", Device: "/dev/sda", Type: "SSD",
			Size: Size{500107862016, "465.8 GB"}, LastUpdated: "2026-01-17T15:02:40Z"}}, s.Disks)
		assert.Equal(t, []NetworkInterface{{Name: "eth0", IPAddress: "192.168.1.100", Subnet: "255.255.255.0", Gateway: "192.168.1.1",
			MACAddress: "00:1A:2B:3C:4D:5E", LastUpdated: "2026-01-17T15:02:40Z"}}, s.Networks)
		require.Len(t, s.Partitions, 1)
		assert.Equal(t, 25, s.Partitions[0].Usage)
		require.Len(t, s.Repositories, 1)
		r := s.Repositories[0]
		assert.Equal(t, int64(1), r.ID)
		assert.Equal(t, RepositoryNFS, r.Type, `"NFS" reads as nfs`)
		assert.Equal(t, []string{"192.168.1.200"}, r.IPs)
		assert.Equal(t, 2049, r.Port)
		assert.Equal(t, "lin", r.OS)
		assert.Empty(t, r.RemoteUser, `"-" reads empty`)
	})
	t.Run("3.0.0", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers/7": {200, "server_get_v3.json"}})
		s, _, err := fixtureClient(t, ts).Servers.Get(context.Background(), "7", &GetServerOptions{Center: "zdm-b"})
		require.NoError(t, err)
		assert.Equal(t, "center=zdm-b", sentQuery(t, ts))
		assert.Equal(t, int64(9), s.License.ID)
		assert.Equal(t, Size{34359738368, "32.00 GB"}, s.Resources.Memory, "memory as {raw, formatted}")
		assert.Empty(t, s.Resources.Kernel)
		require.Len(t, s.Partitions, 2)
		assert.Equal(t, []string{"C:", "D:"}, []string{s.Partitions[0].Drive(), s.Partitions[1].Drive()})
		assert.Equal(t, Size{Formatted: "0 B"}, s.Partitions[1].Used)
	})
}

func TestServersListPartitions_ReadsSizesInBothForms(t *testing.T) {
	t.Run("1.x/2.x, raw as number or text", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers/web server/01/partitions": {200, "partitions_v1.json"}})
		parts, _, err := fixtureClient(t, ts).Servers.ListPartitions(context.Background(), "web server/01", &ListPartitionsOptions{Partition: "/data"})
		require.NoError(t, err)
		assert.Equal(t, "partition=%2Fdata", sentQuery(t, ts))
		assert.Equal(t, "/zdm-proxy/api/v1/servers/web%20server%2F01/partitions", ts.requests()[0].RawPath, "the name is one path segment")
		require.Len(t, parts, 2)
		assert.Equal(t, Size{1099511627776, "1.0 TB"}, parts[1].Size)
		assert.Equal(t, 50, parts[1].Usage, `"50" reads 50`)
		assert.Equal(t, "/data", parts[1].MountPoint())
	})
	t.Run("the prototype's text sizes", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET servers/partitions": {200, "partitions_t1.json"}})
		parts, _, err := fixtureClient(t, ts).Servers.ListPartitions(context.Background(), "", nil)
		require.NoError(t, err)
		require.Len(t, parts, 2)
		assert.Equal(t, Size{127357939712, "118.6 GB"}, parts[0].Size)
		assert.Equal(t, Size{88703234048, "82.6 GB"}, parts[0].Free)
		assert.Equal(t, 30, parts[0].Usage)
		assert.Equal(t, ServerPartition{Server: "win-build-02", Letter: "E:", LastUpdated: "2025-01-10T06:12:44.000Z"}, *parts[1],
			`"Unknown" and "-" read as zero values`)
		assert.Equal(t, "E:", parts[1].Drive())
	})
}

func TestServerPartition_MountPointOrDrive(t *testing.T) {
	for _, tc := range []struct{ letter, mount, drive string }{
		{"/", "/", ""},
		{"/boot/efi", "/boot/efi", ""},
		{"C:", "", "C:"},
		{"c", "", "C:"},
		{"D::", "", "D:"},
		{`E:\`, "", "E:"},
		{"", "", ""},
		{"swap", "", ""},
	} {
		p := ServerPartition{Letter: tc.letter}
		assert.Equal(t, tc.mount, p.MountPoint(), tc.letter)
		assert.Equal(t, tc.drive, p.Drive(), tc.letter)
	}
}

func TestServersList_ShapesTheQuery(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *ListServersOptions
		want string
	}{
		{"nil sends nothing", nil, ""},
		{"zero sends nothing", &ListServersOptions{}, ""},
		{"false flags are not sent", &ListServersOptions{ServerIncludes: ServerIncludes{Disk: true}}, "disk=true"},
		{"filters", &ListServersOptions{Mode: ServerModeTarget, OS: OSWindows, Connection: ConnectionConnected, License: LicenseUnassigned},
			"connection=connect&license=unassign&mode=target&os=win"},
		{"center list, sort, page", &ListServersOptions{ListOptions: ListOptions{Page: 2, Limit: 50}, Center: "1,zdm-b", Sort: SortAscending},
			"center=1%2Czdm-b&limit=50&page=2&sort=asc"},
		{"every include", &ListServersOptions{ServerIncludes: ServerIncludes{true, true, true, true, true}},
			"detail=true&disk=true&network=true&partition=true&repository=true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"GET servers": {200, "servers_list_v3.json"}})
			_, _, err := fixtureClient(t, ts, WithServerGeneration(GenerationV3)).Servers.List(context.Background(), tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, sentQuery(t, ts))
		})
	}
}

func TestServers_RejectInvalidInputWithoutSending(t *testing.T) {
	ctx := context.Background()
	checkRefusals(t, []refusal{
		{"unknown mode", "ListServersOptions.Mode", func(c *Client) error {
			_, _, err := c.Servers.List(ctx, &ListServersOptions{Mode: "both"})
			return err
		}},
		{"unknown os", "ListServersOptions.OS", func(c *Client) error {
			_, _, err := c.Servers.List(ctx, &ListServersOptions{OS: "linux"})
			return err
		}},
		{"unknown connection", "ListServersOptions.Connection", func(c *Client) error {
			_, _, err := c.Servers.List(ctx, &ListServersOptions{Connection: "online"})
			return err
		}},
		{"unknown license", "ListServersOptions.License", func(c *Client) error {
			_, _, err := c.Servers.List(ctx, &ListServersOptions{License: "yes"})
			return err
		}},
		{"blank center", "ListServersOptions.Center", func(c *Client) error {
			_, _, err := c.Servers.List(ctx, &ListServersOptions{Center: " "})
			return err
		}},
		{"negative limit", "ListServersOptions.Limit", func(c *Client) error {
			_, _, err := c.Servers.List(ctx, &ListServersOptions{ListOptions: ListOptions{Limit: -1}})
			return err
		}},
		{"blank identifier", "identifier", func(c *Client) error {
			_, _, err := c.Servers.Get(ctx, "  ", nil)
			return err
		}},
		{"path step", "identifier", func(c *Client) error {
			_, _, err := c.Servers.Get(ctx, "..", nil)
			return err
		}},
		{"get: unknown sort", "GetServerOptions.Sort", func(c *Client) error {
			_, _, err := c.Servers.Get(ctx, "1", &GetServerOptions{Sort: "newest"})
			return err
		}},
		{"partition and drive", "ListPartitionsOptions.Partition", func(c *Client) error {
			_, _, err := c.Servers.ListPartitions(ctx, "1", &ListPartitionsOptions{Partition: "/", Drive: "C"})
			return err
		}},
		{"blank server", "server", func(c *Client) error {
			_, _, err := c.Servers.ListPartitions(ctx, " ", nil)
			return err
		}},
		{"blank device", "ListPartitionsOptions.Device", func(c *Client) error {
			_, _, err := c.Servers.ListPartitions(ctx, "1", &ListPartitionsOptions{Device: "\t"})
			return err
		}},
		{"delete: several centers", "center", func(c *Client) error {
			_, _, err := c.Servers.Delete(ctx, "1", "1,2")
			return err
		}},
		{"delete: blank center", "center", func(c *Client) error {
			_, _, err := c.Servers.Delete(ctx, "1", " ")
			return err
		}},
	})
}

func TestServersDelete_ScopesToOneCenterAndReportsFailure(t *testing.T) {
	ctx := context.Background()
	t.Run("draft API", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"DELETE servers/1": {200, "server_delete_seed.json"}})
		res, _, err := fixtureClient(t, ts).Servers.Delete(ctx, "1", "")
		require.NoError(t, err)
		assert.Equal(t, "success", res.Result)
		assert.Equal(t, ServerRef{ID: 1, Name: "web-server-01"}, res.Server)
		assert.Contains(t, res.Message, "partition: 5")
		assert.Empty(t, sentQuery(t, ts))
	})
	t.Run("3.0.0 needs the center", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"DELETE servers/app-server-03": {200, "server_delete_v3.json"}})
		c := fixtureClient(t, ts, WithServerGeneration(GenerationV3))
		_, _, err := c.Servers.Delete(ctx, "app-server-03", "")
		require.ErrorIs(t, err, ErrInvalidArgument)
		assert.Empty(t, ts.requests())
		res, _, err := c.Servers.Delete(ctx, "app-server-03", "zdm b")
		require.NoError(t, err)
		assert.Equal(t, int64(12), res.Server.ID)
		assert.Contains(t, res.Message, "backup: 2, recovery: 1")
		assert.Equal(t, "center=zdm+b", sentQuery(t, ts))
	})
	t.Run("a fail result is a partial failure", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"DELETE servers/3": {200, "server_delete_v1_fail.json"}})
		res, _, err := fixtureClient(t, ts).Servers.Delete(ctx, "3", "Main-Center")
		require.ErrorIs(t, err, ErrPartialFailure)
		require.NotNil(t, res)
		assert.Equal(t, "fail", res.Result)
		assert.Contains(t, err.Error(), "partition 삭제 실패")
	})
}

func TestServersListAll_PagesLazily(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"GET servers": {200, "servers_list_v1_partition.json"}})
	c := fixtureClient(t, ts)
	n := 0
	for s, err := range c.Servers.ListAll(context.Background(), &ListServersOptions{ServerIncludes: ServerIncludes{Partition: true}}) {
		require.NoError(t, err)
		require.NotEmpty(t, s.Name)
		n++
		break
	}
	assert.Equal(t, 1, n)
	reqs := ts.requests()
	require.Len(t, reqs, 1, "breaking out stops fetching")
	assert.Equal(t, "limit=100&page=1&partition=true", reqs[0].Query)
}
