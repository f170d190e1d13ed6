package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strings"
	"time"
)

// BackupImage is one backup image: the file a run of a backup job wrote
// to a repository, and what a recovery restores (PartitionMapping
// {BackupJob: JobName, BackupFile: Name}).
type BackupImage struct {
	// Name is the image's file name
	// ("web01_ROOT_[2026-01-07_08_44].ZIA"): a recovery's BackupFile.
	Name string `json:"name"`
	// JobName is the backup job that wrote it: a recovery's BackupJob.
	JobName string `json:"jobName"`
	// Type is the image's type as the server names it, lowercased
	// ("full", "increment", "incremental", "update", "different").
	Type string `json:"type"`
	// CreatedAt is when the image was written: RFC 3339, with the
	// server's offset for servers that send zone-less times. See
	// [BackupImage.CreatedTime].
	CreatedAt string `json:"createdAt"`
	// Size is the image's size as the server gives it: on 3.0.0 the data
	// backed up (size.original, before compression); 1.x/2.x servers send
	// one size, image.size, which their documents call the image's (the
	// file's, compressed: their compression.ratio divides it by the
	// partition's size; WIRE-OTHERS 2.9, D12).
	Size Size `json:"size"`
	// CompressedSize is the image file's size (3.0.0); zero when not sent.
	CompressedSize Size `json:"compressedSize,omitzero"`
	// Repository is the repository holding the image: its ID and path.
	Repository RepositoryRef `json:"repository"`
	// Server is the name of the server backed up.
	Server string `json:"server"`
	// OS is the server's operating system as sent; "" for an image whose
	// server was removed.
	OS string `json:"os,omitempty"`
	// Partition is the Linux mount point backed up ("/"); "" for a drive.
	Partition string `json:"partition,omitempty"`
	// Device is the partition's device ("/dev/sda1").
	Device string `json:"device,omitempty"`
	// Drive is the Windows drive backed up ("C:"); "" for a partition.
	Drive string `json:"drive,omitempty"`
}

// CreatedTime reads CreatedAt; ok is false when it is not given or not a
// time.
func (i BackupImage) CreatedTime() (time.Time, bool) { return parseTime(i.CreatedAt, nil) }

// PartitionName is the image's partition, else its drive.
func (i BackupImage) PartitionName() string { return firstOf(i.Partition, i.Drive) }

// ListBackupImagesOptions narrows ListImages and ListAllImages. Only the
// fields set are sent.
type ListBackupImagesOptions struct {
	// ListOptions pages the images; servers answer them all unless Page
	// or Limit is set.
	ListOptions
	// Server keeps the images of this server: its name (any server), or
	// its ID (3.0.0). Required by 1.x/2.x servers, which list images only
	// per server; "" lists every image on 3.0.0.
	Server string `url:"server,omitempty"`
	// Center scans the repositories of these centers only, by ID or name,
	// or a comma list of them.
	Center string `url:"center,omitempty"`
	// RepositoryID scans this repository only; 0 is no filter.
	RepositoryID int64 `url:"repositoryId,omitempty"`
	// RepositoryType scans the repositories of this type only, "smb" or
	// "nfs" (3.0.0).
	RepositoryType string `url:"repositoryType,omitempty"`
	// RepositoryPath keeps the images of the repository at this path.
	RepositoryPath string `url:"repositoryPath,omitempty"`
	// JobName keeps the images of this backup job (an exact match).
	JobName string `url:"jobName,omitempty"`
	// Partition keeps the images of this partition or drive ("/", "C");
	// set at most one of Partition and Drive.
	Partition string `url:"partition,omitempty"`
	// Drive keeps the images of this Windows drive ("C" or "C:").
	Drive string `url:"drive,omitempty"`
	// Sort orders the images by creation time, SortAscending or
	// SortDescending (3.0.0; the default is newest first).
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *ListBackupImagesOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListBackupImagesOptions", o.ListOptions, rules(columnRules(o.Partition, o.Drive), []rule{
		{"Sort", oneOf(o.Sort, sortOrders)},
		{"RepositoryID", notNegative(o.RepositoryID, "a repository ID (0 for no filter)")},
	}, textFilters("Server", o.Server, "Center", o.Center, "RepositoryType", o.RepositoryType,
		"RepositoryPath", o.RepositoryPath, "JobName", o.JobName))...)
}

// onlyV3 names the filters that only the 3.0.0 list of every image takes.
func (o *ListBackupImagesOptions) onlyV3() string {
	var f []string
	if o.Sort != "" {
		f = append(f, "Sort")
	}
	if o.RepositoryType != "" {
		f = append(f, "RepositoryType")
	}
	if o.Server == "" {
		f = append(f, "Server (required)")
	}
	return strings.Join(f, ", ")
}

// imagesPath picks the route of an image list for gen: GET
// {api}/backups/images/server/{server} on 1.x/2.x (the only one they
// have), GET {api}/backups/images?server= on 3.0.0. The per-server
// route's query leaves the server out.
func imagesPath(o *ListBackupImagesOptions, gen Generation) (string, *ListBackupImagesOptions, error) {
	v3 := o.onlyV3()
	switch {
	case gen == GenerationV3, gen == GenerationAuto && v3 != "":
		// A server that did not tell its generation gets the only route
		// that takes these options.
		return "backups/images", o, nil
	case v3 != "":
		return "", nil, invalidArg("ListBackupImagesOptions.%s: 1.x/2.x servers list images only per server, without Sort or RepositoryType", v3)
	}
	q := *o
	q.Server = ""
	return "backups/images/server/" + url.PathEscape(o.Server), &q, nil
}

// ListImages lists backup images, newest first on 3.0.0 servers. With
// Server set it reads GET {api}/backups/images/server/{server} from
// 1.x/2.x servers and GET {api}/backups/images?server= from 3.0.0
// servers; without it (3.0.0 only), every image.
//
// While the client does not know its server's generation, a call with
// Server and no 3.0.0-only filter takes the per-server route, which both
// generations serve (3.0.0 servers too): no extra round trip, and the
// answer teaches the generation. Any other call first learns it (one GET
// of a one-item list) rather than try a route and fall back, since 3.0.0
// servers serve both routes and a fallback could not tell a missing route
// from a filter they refuse.
//
// 3.0.0 servers scan each repository and report the ones that failed
// (scan.failed > 0): the images found are returned with a *ScanError
// matching ErrPartialFailure that names the repositories. When every
// repository failed, servers answer an error instead (a 500, ErrServer).
func (s *BackupsService) ListImages(ctx context.Context, opts *ListBackupImagesOptions) ([]*BackupImage, *Response, error) {
	c, err := backupFamily.client((*service)(s), opts)
	if err != nil {
		return nil, nil, err
	}
	o := opts
	if o == nil {
		o = &ListBackupImagesOptions{}
	}
	gen := c.queryGeneration()
	if gen == GenerationAuto && o.onlyV3() != "" {
		gen = c.writeGeneration(ctx)
	}
	path, q, err := imagesPath(o, gen)
	if err != nil {
		return nil, nil, err
	}
	w := pageBuffer[wireImage](q.Limit)
	resp, err := getList(ctx, c, path, q, &w)
	if err != nil {
		return nil, resp, err
	}
	return modelsOf(w, resp.zone, (*wireImage).model), resp, scanOutcome(resp)
}

// ListAllImages is ListImages over every page, fetched lazily as the loop
// asks (see [RecoveriesService.ListAll]). Pages whose scan missed
// repositories yield their images; the *ScanError (ErrPartialFailure)
// comes once, after the last image.
func (s *BackupsService) ListAllImages(ctx context.Context, opts *ListBackupImagesOptions) iter.Seq2[*BackupImage, error] {
	return func(yield func(*BackupImage, error) bool) {
		var partial error
		for img, err := range allPages(opts, func(o *ListBackupImagesOptions) ([]*BackupImage, *Response, error) {
			items, resp, err := s.ListImages(ctx, o)
			if _, ok := err.(*ScanError); ok {
				partial, err = err, nil
			}
			return items, resp, err
		}) {
			if !yield(img, err) || err != nil {
				return
			}
		}
		if partial != nil {
			yield(nil, partial)
		}
	}
}

// ScanError is the error of an image list the server gave in part: some
// repositories could not be scanned (3.0.0's scan.failed > 0). It matches
// ErrPartialFailure; the images found come beside it.
type ScanError struct {
	// Total is how many repositories were to be scanned.
	Total int
	// Succeeded is how many were.
	Succeeded int
	// Failures are the repositories that were not.
	Failures []ScanFailure
}

// ScanFailure is one repository a scan missed.
type ScanFailure struct {
	// Center is the name of the repository's center.
	Center string
	// RepositoryID is the repository's ID.
	RepositoryID int64
	// Code is the stable code of the cause ("JOB-ERROR-68"); "" when the
	// server did not classify it.
	Code string
	// Reason is the server's text for the cause.
	Reason string
	// Retryable reports that another call may succeed (a timeout, a lock).
	Retryable bool
}

// Error names each repository that failed and why, with the server's
// text escaped.
func (e *ScanError) Error() string {
	parts := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		parts[i] = fmt.Sprintf("repository %d of center %q: %s", f.RepositoryID, f.Center, firstOf(f.Reason, f.Code))
	}
	return Printable(fmt.Sprintf("zdm: backup images: %d of %d repositories not scanned: %s",
		e.Total-e.Succeeded, e.Total, strings.Join(parts, "; ")))
}

// Is matches ErrPartialFailure.
func (e *ScanError) Is(target error) bool { return target == ErrPartialFailure }

type wireScan struct {
	Total     text `json:"total"`
	Succeeded text `json:"succeeded"`
	Failed    text `json:"failed"`
	Failures  []struct {
		CenterName   known `json:"centerName"`
		RepositoryID id    `json:"repositoryId"`
		Code         text  `json:"code"`
		Reason       text  `json:"reason"`
		Retryable    text  `json:"retryable"`
	} `json:"failures"`
}

// scanOutcome is the partial failure the scan report beside an image
// list's data tells, nil when every repository was scanned (or the
// server sent no report). A report that cannot be read is an *APIError
// matching ErrUnexpectedResponse: the list's completeness is unknown.
func scanOutcome(resp *Response) error {
	if isAbsent(resp.scan) {
		return nil
	}
	var s wireScan
	if err := json.Unmarshal(resp.scan, &s); err != nil {
		return listAnswerError(resp, ErrUnexpectedResponse, "the scan report beside the images cannot be read: %v", err)
	}
	return s.outcome()
}

// outcome is the scan's partial failure, nil when every repository was
// scanned.
func (s *wireScan) outcome() error {
	if atoi(s.Failed) == 0 && len(s.Failures) == 0 {
		return nil
	}
	e := &ScanError{Total: atoi(s.Total), Succeeded: atoi(s.Succeeded)}
	for _, f := range s.Failures {
		e.Failures = append(e.Failures, ScanFailure{Center: string(f.CenterName), RepositoryID: int64(f.RepositoryID),
			Code: string(f.Code), Reason: string(f.Reason), Retryable: truthy(f.Retryable)})
	}
	return e
}

// wireImage is an image as servers send it: 3.0.0's size{original,
// compressed} or 1.x/2.x's size{raw, formatted}; partition{mountPoint,
// device} or drive{letter}.
type wireImage struct {
	Image struct {
		Name    known `json:"name"`
		JobName known `json:"jobName"`
		Type    known `json:"type"`
		Size    struct {
			Original   size  `json:"original"`
			Compressed size  `json:"compressed"`
			Raw        text  `json:"raw"`
			Formatted  known `json:"formatted"`
		} `json:"size"`
		CreatedAt  stamp          `json:"createdAt"`
		Repository wireRepository `json:"repository"`
	} `json:"image"`
	Server struct {
		Name known `json:"name"`
		OS   known `json:"os"`
	} `json:"server"`
	Partition struct {
		MountPoint known `json:"mountPoint"`
		Device     known `json:"device"`
	} `json:"partition"`
	Drive struct {
		Letter known `json:"letter"`
	} `json:"drive"`
}

func (w *wireImage) model(t *times) BackupImage {
	i := &w.Image
	original := Size(i.Size.Original)
	if original == (Size{}) {
		var s size
		_ = s.setBytes(string(i.Size.Raw)) // a size that is not bytes reads as its text alone
		original = Size{Bytes: s.Bytes, Formatted: string(i.Size.Formatted)}
	}
	return BackupImage{
		Name: string(i.Name), JobName: string(i.JobName), Type: lower(i.Type), CreatedAt: emptied(t.of(i.CreatedAt)),
		Size: original, CompressedSize: Size(i.Size.Compressed),
		Repository: RepositoryRef{ID: int64(i.Repository.ID), Type: string(i.Repository.Type), Path: string(i.Repository.Path)},
		Server:     string(w.Server.Name), OS: string(w.Server.OS),
		Partition: string(w.Partition.MountPoint), Device: string(w.Partition.Device),
		Drive: driveLetter(string(w.Drive.Letter)),
	}
}

// driveLetter is a drive as "C:", whatever colons a server wrote ("C",
// "C::").
func driveLetter(d string) string {
	d = strings.TrimRight(strings.TrimSpace(d), ":")
	if d == "" {
		return ""
	}
	return d + ":"
}
