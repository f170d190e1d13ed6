package zdm

import "strings"

// Server is a machine a ZDM agent registered: a source to back up, or a
// target to recover to. List and Get return it from every server
// generation. The lists after LastUpdated are filled only when the
// options ask for them (Detail, Disk, Network, Partition, Repository).
//
// IDs are numbers whether the server sent "1" or 1 (0 when not given);
// text fields read the servers' placeholders ("-", "Unknown", null) as
// empty; times are stored as RFC 3339, with the server's offset for
// servers that send zone-less times (see WithServerTimeZone).
type Server struct {
	// ID is the server's ID.
	ID int64 `json:"id"`
	// Name is the server's name as registered, which often carries its
	// address ("web-01 (192.168.1.10)"); names are unique only within a
	// center.
	Name string `json:"name"`
	// Agent is the ZDM agent on the server: its role and version.
	Agent ServerAgent `json:"agent"`
	// OS is the server's operating system.
	OS OSInfo `json:"os"`
	// IP holds the server's addresses.
	IP IPAddresses `json:"ip"`
	// License is the licence assigned to the server; its ID is 0 when
	// none is.
	License LicenseRef `json:"license"`
	// Status is the agent's connection status; see [Server.Connected].
	Status ServerStatus `json:"status"`
	// LastUpdated is when the agent last reported.
	LastUpdated string `json:"lastUpdated"`
	// MachineParts are the server's hardware, disks, network interfaces,
	// partitions and mounted repositories, each filled only when the
	// options ask for it.
	MachineParts
}

// MachineParts are the parts of a machine (a server, or a center's host)
// that the include flags of the options ask for: each is empty unless
// asked for.
type MachineParts struct {
	// Resources is the hardware, with Detail set (for centers, on 3.0.0
	// servers); nil otherwise.
	Resources *Resources `json:"resources,omitempty"`
	// Disks are the disks (wire disk), with Disk set.
	Disks []Disk `json:"disks,omitempty"`
	// Networks are the network interfaces (wire network), with Network
	// set.
	Networks []NetworkInterface `json:"networks,omitempty"`
	// Partitions are the partitions or drives (wire partition), with
	// Partition set. Servers from 2.0.1 on leave out those with no free
	// space (swap, CD-ROMs).
	Partitions []ServerPartition `json:"partitions,omitempty"`
	// Repositories are the repositories mounted (wire repository), with
	// Repository set: a center's own, or those a server mounts.
	Repositories []Repository `json:"repositories,omitempty"`
}

// ServerAgent is the ZDM agent on a server.
type ServerAgent struct {
	// Mode is the agent's role as sent ("Source", "Target"); see
	// [Server.Mode].
	Mode string `json:"mode"`
	// Version is the agent's version ("3.2.1"), sent with Detail set.
	Version string `json:"version,omitempty"`
}

// OSInfo is a machine's operating system.
type OSInfo struct {
	// Version is the operating system as the agent reports it, free text
	// ("Ubuntu 22.04 LTS", "Windows Server 2019").
	Version string `json:"version"`
}

// LicenseRef names a licence by its ID.
type LicenseRef struct {
	// ID is the licence's ID; 0 when none is assigned.
	ID int64 `json:"id"`
}

// ServerStatus is the agent's connection status.
type ServerStatus struct {
	// Connect is the status as sent ("connect", "disconnect"); see
	// [Server.Connected].
	Connect string `json:"connect"`
}

// ServerMode is a server's role: the source of backups, or the target of
// recoveries.
type ServerMode string

// The server modes; Server.Mode reads the agent's mode as one of them.
const (
	ServerModeSource ServerMode = "source"
	ServerModeTarget ServerMode = "target"
)

var serverModes = []ServerMode{ServerModeSource, ServerModeTarget}

// Connected reports whether the server's agent is connected.
func (s Server) Connected() bool { return connected(s.Status.Connect) }

// Mode is the agent's role: ServerModeSource or ServerModeTarget, in
// whatever case the server sent it; "" when it sent another value or
// none.
func (s Server) Mode() ServerMode {
	m := ServerMode(strings.ToLower(strings.TrimSpace(s.Agent.Mode)))
	for _, known := range serverModes {
		if m == known {
			return m
		}
	}
	return ""
}

// Resources is a machine's hardware (Detail set in the options). Counts
// and sizes the server sent as text ("48", "137438953472 (128.0 GB)") are
// read as numbers.
type Resources struct {
	// Model is the machine's model.
	Model string `json:"model,omitempty"`
	// Type is the kind of machine ("Physical", "Virtual").
	Type string `json:"type,omitempty"`
	// Manufacturer is the machine's manufacturer.
	Manufacturer string `json:"manufacturer,omitempty"`
	// Kernel is the operating system's kernel version.
	Kernel string `json:"kernel,omitempty"`
	// CPU is the processor's name.
	CPU string `json:"cpu,omitempty"`
	// CPUCount is the number of processors; 0 when not given.
	CPUCount int `json:"cpuCount,omitempty"`
	// Memory is the machine's memory.
	Memory Size `json:"memory"`
	// SystemType is the architecture ("x86_64"), sent for centers.
	SystemType string `json:"systemType,omitempty"`
	// Organization is the registered organization, sent for centers.
	Organization string `json:"organization,omitempty"`
}

// Disk is one of a machine's disks.
type Disk struct {
	// Caption is the disk's name (wire caption, or diskCaption for
	// centers).
	Caption string `json:"caption"`
	// Device is the disk's device ("/dev/sda"); centers send none.
	Device string `json:"device,omitempty"`
	// Type is the kind of disk ("SSD", "HDD"; wire diskType).
	Type string `json:"type"`
	// Size is the disk's size (wire diskSize).
	Size Size `json:"size"`
	// LastUpdated is when the disk was last reported.
	LastUpdated string `json:"lastUpdated"`
}

// NetworkInterface is one of a machine's network interfaces.
type NetworkInterface struct {
	// Name is the interface's name ("eth0").
	Name string `json:"name"`
	// IPAddress is the interface's address.
	IPAddress string `json:"ipAddress"`
	// Subnet is the interface's subnet mask (wire subNet).
	Subnet string `json:"subnet"`
	// Gateway is the interface's gateway (wire gateWay).
	Gateway string `json:"gateway"`
	// MACAddress is the interface's hardware address.
	MACAddress string `json:"macAddress"`
	// LastUpdated is when the interface was last reported.
	LastUpdated string `json:"lastUpdated"`
}

// ServerPartition is one partition (Linux) or drive (Windows) of a
// machine. Letter holds either; [ServerPartition.MountPoint] and
// [ServerPartition.Drive] tell which. Source partitions are what backups
// take; target partitions are where recoveries write.
type ServerPartition struct {
	// Server is the name of the server the partition belongs to (wire
	// system); centers' partitions have none.
	Server string `json:"system,omitempty"`
	// Letter is the partition's mount point ("/", "/boot") or drive
	// ("C:") as sent.
	Letter string `json:"letter"`
	// Device is the partition's device ("/dev/sda1").
	Device string `json:"device"`
	// Size is the partition's size.
	Size Size `json:"size"`
	// Used is the space in use.
	Used Size `json:"used"`
	// Free is the free space.
	Free Size `json:"free"`
	// Usage is the percent in use, 0 to 100.
	Usage int `json:"usage"`
	// FileSystem is the file system ("ext4", "xfs", "NTFS").
	FileSystem string `json:"fileSystem"`
	// LastUpdated is when the partition was last reported.
	LastUpdated string `json:"lastUpdated"`
}

// MountPoint is the partition's Linux mount point ("/", "/home"); "" when
// Letter is a Windows drive.
func (p ServerPartition) MountPoint() string {
	if l := strings.TrimSpace(p.Letter); strings.HasPrefix(l, "/") {
		return l
	}
	return ""
}

// Drive is the partition's Windows drive as "C:" (upper case, one colon,
// whether the server sent "C", "c:" or "C::"); "" when Letter is a Linux
// mount point.
func (p ServerPartition) Drive() string {
	l := strings.TrimRight(strings.TrimSpace(p.Letter), `:\`)
	if len(l) != 1 || !(l[0] >= 'A' && l[0] <= 'Z' || l[0] >= 'a' && l[0] <= 'z') {
		return ""
	}
	return strings.ToUpper(l) + ":"
}

// DeleteServerResult is what Servers.Delete removed.
type DeleteServerResult struct {
	// Result is "success" or "fail" as sent; on "fail" Delete returns an
	// error matching ErrPartialFailure beside the result.
	Result string `json:"result"`
	// Server is the deleted server's ID and name.
	Server ServerRef `json:"server"`
	// Message is the server's account of what was removed ("... (disk:
	// 2, network: 3, partition: 5, repository: 1, backup: 2, recovery:
	// 1)").
	Message string `json:"message"`
}

// ServerRef names a server by ID and name.
type ServerRef struct {
	// ID is the server's ID.
	ID int64 `json:"id"`
	// Name is the server's name.
	Name string `json:"name"`
}

// Wire schema of the servers' answers (and the parts centers share).

type wireServerItem struct {
	ID    id    `json:"id"`
	Name  known `json:"name"`
	Agent struct {
		Mode    known `json:"mode"`
		Version known `json:"version"`
	} `json:"agent"`
	OS      wireOS `json:"os"`
	IP      wireIP `json:"ip"`
	License struct {
		ID id `json:"id"`
	} `json:"license"`
	Status struct {
		Connect known `json:"connect"`
	} `json:"status"`
	LastUpdated knownStamp `json:"lastUpdated"`
	wireMachineParts
}

// wireMachineParts are the include flags' parts of a server or center.
type wireMachineParts struct {
	Resources  *wireResources        `json:"resources"`
	Disk       []wireDisk            `json:"disk"`
	Network    []wireNetwork         `json:"network"`
	Partition  []wireServerPartition `json:"partition"`
	Repository []wireRepositoryItem  `json:"repository"`
}

func (w *wireMachineParts) model(t *times) MachineParts {
	return MachineParts{
		Resources:    w.Resources.model(),
		Disks:        valuesOf(w.Disk, t, (*wireDisk).model),
		Networks:     valuesOf(w.Network, t, (*wireNetwork).model),
		Partitions:   valuesOf(w.Partition, t, (*wireServerPartition).model),
		Repositories: valuesOf(w.Repository, t, (*wireRepositoryItem).model),
	}
}

type wireOS struct {
	Version known `json:"version"`
}

type wireIP struct {
	Public  known   `json:"public"`
	Private []known `json:"private"`
}

func (w *wireIP) model() IPAddresses {
	return IPAddresses{Public: string(w.Public), Private: knowns(w.Private)}
}

type wireResources struct {
	Model        known `json:"model"`
	Type         known `json:"type"`
	Manufacturer known `json:"manufacturer"`
	Kernel       known `json:"kernel"`
	CPU          known `json:"cpu"`
	CPUCount     text  `json:"cpuCount"`
	Memory       size  `json:"memory"`
	SystemType   known `json:"systemType"`
	Organization known `json:"organization"`
}

type wireDisk struct {
	Caption     known      `json:"caption"`
	DiskCaption known      `json:"diskCaption"` // centers
	Device      known      `json:"device"`
	DiskType    known      `json:"diskType"`
	DiskSize    size       `json:"diskSize"`
	LastUpdated knownStamp `json:"lastUpdated"`
}

type wireNetwork struct {
	Name        known      `json:"name"`
	IPAddress   known      `json:"ipAddress"`
	SubNet      known      `json:"subNet"`
	GateWay     known      `json:"gateWay"`
	MACAddress  known      `json:"macAddress"`
	LastUpdated knownStamp `json:"lastUpdated"`
}

type wireServerPartition struct {
	System      known      `json:"system"`
	Letter      known      `json:"letter"`
	Device      known      `json:"device"`
	Size        size       `json:"size"`
	Used        size       `json:"used"`
	Free        size       `json:"free"`
	Usage       text       `json:"usage"`
	FileSystem  known      `json:"fileSystem"`
	LastUpdated knownStamp `json:"lastUpdated"`
}

func (w *wireServerItem) model(t *times) Server {
	s := Server{
		ID:          int64(w.ID),
		Name:        string(w.Name),
		Agent:       ServerAgent{Mode: string(w.Agent.Mode), Version: string(w.Agent.Version)},
		OS:          OSInfo{Version: string(w.OS.Version)},
		IP:          w.IP.model(),
		License:     LicenseRef{ID: int64(w.License.ID)},
		Status:      ServerStatus{Connect: string(w.Status.Connect)},
		LastUpdated: t.of(w.LastUpdated.stamp),
	}
	s.MachineParts = w.wireMachineParts.model(t)
	return s
}

func (w *wireResources) model() *Resources {
	if w == nil || *w == (wireResources{}) {
		return nil
	}
	return &Resources{
		Model: string(w.Model), Type: string(w.Type), Manufacturer: string(w.Manufacturer),
		Kernel: string(w.Kernel), CPU: string(w.CPU), CPUCount: atoi(w.CPUCount),
		Memory: Size(w.Memory), SystemType: string(w.SystemType), Organization: string(w.Organization),
	}
}

func (w *wireServerPartition) model(t *times) ServerPartition {
	return ServerPartition{
		Server: string(w.System), Letter: string(w.Letter), Device: string(w.Device),
		Size: Size(w.Size), Used: Size(w.Used), Free: Size(w.Free), Usage: percentOf(w.Usage),
		FileSystem: string(w.FileSystem), LastUpdated: t.of(w.LastUpdated.stamp),
	}
}

// valuesOf is the model of a list held by value; an empty one is nil.
func valuesOf[W, M any](w []W, t *times, model func(*W, *times) M) []M {
	if len(w) == 0 {
		return nil
	}
	out := make([]M, len(w))
	for i := range w {
		out[i] = model(&w[i], t)
	}
	return out
}

func (w *wireDisk) model(t *times) Disk {
	return Disk{Caption: string(firstOf(w.Caption, w.DiskCaption)), Device: string(w.Device),
		Type: string(w.DiskType), Size: Size(w.DiskSize), LastUpdated: t.of(w.LastUpdated.stamp)}
}

func (w *wireNetwork) model(t *times) NetworkInterface {
	return NetworkInterface{Name: string(w.Name), IPAddress: string(w.IPAddress), Subnet: string(w.SubNet),
		Gateway: string(w.GateWay), MACAddress: string(w.MACAddress), LastUpdated: t.of(w.LastUpdated.stamp)}
}

type wireDeleteServer struct {
	Result known `json:"result"`
	Server struct {
		ID   id    `json:"id"`
		Name known `json:"name"`
	} `json:"server"`
	Message known `json:"message"`
}

func (w *wireDeleteServer) model() *DeleteServerResult {
	return &DeleteServerResult{Result: string(w.Result),
		Server: ServerRef{ID: int64(w.Server.ID), Name: string(w.Server.Name)}, Message: string(w.Message)}
}
