package zdm

import (
	"context"
	"iter"
	"net/url"
	"strings"
)

// CentersService holds the calls about centers: the ZDM servers (/zdms)
// that own servers, repositories and jobs. Every "center" parameter of
// the SDK names one of them, by its ID (Center.ID.Center) or name
// (Center.Name.Center). Get it from [Client.Centers].
type CentersService service

func (s *CentersService) checked(checks ...error) (*Client, error) {
	return (*service)(s).checked("CentersService", checks...)
}

// CenterIncludes are the include flags of the center calls: each asks for
// one more part of every center. Only the flags set are sent.
type CenterIncludes struct {
	// Detail asks for the hardware (Resources; 3.0.0 servers).
	Detail bool `url:"detail,omitempty"`
	// Disk asks for the disks.
	Disk bool `url:"disk,omitempty"`
	// Network asks for the network interfaces.
	Network bool `url:"network,omitempty"`
	// Partition asks for the partitions.
	Partition bool `url:"partition,omitempty"`
	// Repository asks for the repositories.
	Repository bool `url:"repository,omitempty"`
	// ObjectStorage asks for the object-storage (ZOS) repositories (wire
	// zosRepository; filled by 3.0.0 servers, empty before).
	ObjectStorage bool `url:"zosRepository,omitempty"`
}

// ListCentersOptions narrows List and ListAll. The zero value (or nil)
// asks for every center; only the fields set are sent.
type ListCentersOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// CenterIncludes ask for parts of every center.
	CenterIncludes
	// Connection keeps the connected (ConnectionConnected) or
	// disconnected (ConnectionDisconnected) centers.
	Connection ConnectionState `url:"connection,omitempty"`
	// Activation keeps the activated (ActivationOK) or not activated
	// (ActivationFailed) centers.
	Activation Activation `url:"activation,omitempty"`
	// Sort orders the centers, SortAscending or SortDescending (1.0.3
	// and later).
	Sort SortOrder `url:"sort,omitempty"`
}

// Activation is whether a center is activated, as the activation filter
// takes it.
type Activation string

// The activation states.
const (
	ActivationOK     Activation = "ok"
	ActivationFailed Activation = "fail"
)

var activations = []Activation{ActivationOK, ActivationFailed}

func (o *ListCentersOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListCentersOptions", o.ListOptions,
		rule{"Connection", oneOf(o.Connection, connectionStates)},
		rule{"Activation", oneOf(o.Activation, activations)},
		rule{"Sort", oneOf(o.Sort, sortOrders)},
	)
}

// GetCenterOptions narrows Get: the parts to include. The zero value (or
// nil) asks for the center alone.
type GetCenterOptions struct {
	// CenterIncludes ask for parts of the center.
	CenterIncludes
}

// Center is a ZDM server, as List and Get return it from every server
// generation. It mirrors the wire: Name{Center, Host}, ID{Center,
// Install, Machine}, Status{Connect, Activate}. The parts after
// LastUpdated are filled only when the options ask for them.
type Center struct {
	// Name is the center's name and its host's.
	Name CenterName `json:"name"`
	// ID is the center's ID and its installation's identifiers.
	ID CenterID `json:"id"`
	// OS is the host's operating system.
	OS OSInfo `json:"os"`
	// IP holds the host's addresses.
	IP IPAddresses `json:"ip"`
	// Status is the center's connection and activation; see
	// [Center.Connected] and [Center.Activated].
	Status CenterStatus `json:"status"`
	// Path holds where the center is installed and logs.
	Path CenterPaths `json:"path"`
	// LastUpdated is when the center last reported.
	LastUpdated string `json:"lastUpdated"`
	// MachineParts are the host's hardware, disks, network interfaces
	// and partitions, and the center's repositories, each filled only
	// when the options ask for it.
	MachineParts
	// ObjectStorage are the center's object-storage repositories (wire
	// zosRepository), with ObjectStorage set.
	ObjectStorage []ObjectStorageRepository `json:"objectStorage,omitempty"`
}

// CenterName is a center's name and its host's.
type CenterName struct {
	// Center is the center's name, the one "center" parameters take.
	Center string `json:"center"`
	// Host is the host name of the machine it runs on.
	Host string `json:"host"`
}

// CenterID is a center's ID and its installation's identifiers.
type CenterID struct {
	// Center is the center's ID, the one "center" parameters take.
	Center int64 `json:"center"`
	// Install is the installation's identifier ("INST-001").
	Install string `json:"install"`
	// Machine is the machine's identifier (a UUID).
	Machine string `json:"machine"`
}

// CenterStatus is a center's connection and activation, as sent.
type CenterStatus struct {
	// Connect is "connect" or "disconnect"; see [Center.Connected].
	Connect string `json:"connect"`
	// Activate is "ok" or "fail"; see [Center.Activated].
	Activate string `json:"activate"`
}

// CenterPaths holds where a center is installed and logs.
type CenterPaths struct {
	// LogFile is the center's log file.
	LogFile string `json:"logFile"`
	// Install is the installation directory.
	Install string `json:"install"`
}

// ObjectStorageRepository is an object-storage (ZOS) repository of a
// center.
type ObjectStorageRepository struct {
	// ID is the repository's ID.
	ID int64 `json:"id"`
	// Center is the center's name (wire centerName).
	Center string `json:"center"`
	// Size is its size as sent ("500GB" reads as Formatted).
	Size Size `json:"size"`
	// Platform is the cloud platform ("AWS").
	Platform string `json:"platform"`
	// CloudKeyID is the cloud key it authenticates with.
	CloudKeyID string `json:"cloudKeyId"`
	// BucketName is the bucket it stores into.
	BucketName string `json:"bucketName"`
	// Created is when it was registered.
	Created string `json:"created"`
	// LastUpdated is when it was last reported.
	LastUpdated string `json:"lastUpdated"`
}

// Connected reports whether the center is connected.
func (c Center) Connected() bool { return connected(c.Status.Connect) }

// Activated reports whether the center is activated ("ok", in any case;
// "active" in an older draft).
func (c Center) Activated() bool {
	a := strings.TrimSpace(c.Status.Activate)
	return strings.EqualFold(a, "ok") || strings.EqualFold(a, "active")
}

type wireCenter struct {
	Name struct {
		Center known `json:"center"`
		Host   known `json:"host"`
	} `json:"name"`
	ID struct {
		Center  id    `json:"center"`
		Install known `json:"install"`
		Machine known `json:"machine"`
	} `json:"id"`
	OS     wireOS `json:"os"`
	IP     wireIP `json:"ip"`
	Status struct {
		Connect  known `json:"connect"`
		Activate known `json:"activate"`
	} `json:"status"`
	Path struct {
		LogFile known `json:"logFile"`
		Install known `json:"install"`
	} `json:"path"`
	LastUpdated knownStamp `json:"lastUpdated"`
	wireMachineParts
	ZOSRepository []struct {
		ID          id         `json:"id"`
		CenterName  known      `json:"centerName"`
		Size        size       `json:"size"`
		Platform    known      `json:"platform"`
		CloudKeyID  known      `json:"cloudKeyId"`
		BucketName  known      `json:"bucketName"`
		Created     knownStamp `json:"created"`
		LastUpdated knownStamp `json:"lastUpdated"`
	} `json:"zosRepository"`
}

func (w *wireCenter) model(t *times) Center {
	c := Center{
		Name:        CenterName{Center: string(w.Name.Center), Host: string(w.Name.Host)},
		ID:          CenterID{Center: int64(w.ID.Center), Install: string(w.ID.Install), Machine: string(w.ID.Machine)},
		OS:          OSInfo{Version: string(w.OS.Version)},
		IP:          w.IP.model(),
		Status:      CenterStatus{Connect: string(w.Status.Connect), Activate: string(w.Status.Activate)},
		Path:        CenterPaths{LogFile: string(w.Path.LogFile), Install: string(w.Path.Install)},
		LastUpdated: t.of(w.LastUpdated.stamp),
	}
	c.MachineParts = w.wireMachineParts.model(t)
	for _, r := range w.ZOSRepository {
		c.ObjectStorage = append(c.ObjectStorage, ObjectStorageRepository{
			ID: int64(r.ID), Center: string(r.CenterName), Size: Size(r.Size), Platform: string(r.Platform),
			CloudKeyID: string(r.CloudKeyID), BucketName: string(r.BucketName),
			Created: t.of(r.Created.stamp), LastUpdated: t.of(r.LastUpdated.stamp),
		})
	}
	return c
}

// List lists centers: GET {api}/zdms. opts may be nil. Servers answer
// every center unless Page or Limit is set (1.0.3 and later). Invalid
// options (negative Page or Limit, an unknown Connection, Activation or
// Sort) are an error wrapping ErrInvalidArgument, and nothing is sent.
func (s *CentersService) List(ctx context.Context, opts *ListCentersOptions) ([]*Center, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "zdms", opts, plainQuery[ListCentersOptions], (*wireCenter).model)
}

// ListAll lists every center matching opts, fetching pages lazily as the
// loop asks for them (see [RecoveriesService.ListAll]).
func (s *CentersService) ListAll(ctx context.Context, opts *ListCentersOptions) iter.Seq2[*Center, error] {
	return allPages(opts, func(o *ListCentersOptions) ([]*Center, *Response, error) { return s.List(ctx, o) })
}

// Get reads one center: GET {api}/zdms/{identifier}, where identifier is
// the center's ID (digits) or name (path-escaped). opts may be nil. A
// missing center is an *APIError matching ErrNotFound.
func (s *CentersService) Get(ctx context.Context, identifier string, opts *GetCenterOptions) (*Center, *Response, error) {
	c, err := s.checked(checkRef("identifier", "a center ID (digits) or name", identifier))
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, "zdms/"+url.PathEscape(identifier), opts, plainQuery[GetCenterOptions], (*wireCenter).model)
}
