package zdmtest

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// World is what a server holds besides its recovery jobs: centers,
// servers with their partitions and agents, repositories, schedules,
// licences, backup jobs and their images. Every family checks its
// references against it as the vendor's servers do: a recovery or a
// backup for a center, server, repository, schedule or image the world
// lacks is refused. A new server holds [DefaultWorld] unless
// [WithWorld] gives another; [Server.Load] and the Add methods
// ([Server.AddCenter], [Server.AddServer], ...) add to it. Its JSON form
// is part of a [Scenario]'s.
type World struct {
	// Centers are added first, in order (IDs 1, 2, ... on an empty
	// world).
	Centers []CenterSpec `json:"centers,omitempty"`
	// Servers are added after the licences they name.
	Servers []ServerSpec `json:"servers,omitempty"`
	// Repositories, Schedules and Licenses belong to centers.
	Repositories []RepositorySpec `json:"repositories,omitempty"`
	Schedules    []ScheduleSpec   `json:"schedules,omitempty"`
	Licenses     []LicenseSpec    `json:"licenses,omitempty"`
	// Backups are backup jobs, added after the servers, repositories and
	// schedules they name.
	Backups []BackupJobSpec `json:"backups,omitempty"`
	// Images are backup images of the backup jobs, added last.
	Images []ImageSpec `json:"images,omitempty"`
}

// WithWorld makes the server hold w instead of [DefaultWorld] when it
// starts: WithWorld(zdmtest.World{}) starts it empty. A world with
// problems (a server of a center it does not declare, ...) makes Start
// return an error naming each by its JSON path.
func WithWorld(w World) Option {
	return func(c *Settings) error {
		c.world = &w
		return nil
	}
}

// The rows of the world. Guarded by Server.mu.
type (
	centerRow struct {
		spec    CenterSpec // ID and defaults filled in
		updated time.Time
	}
	serverRow struct {
		spec    ServerSpec // ID, Center, Mode and partitions filled in
		updated time.Time
	}
	repoRow struct {
		spec    RepositorySpec
		secret  string // the SMB password, never shown
		updated time.Time
	}
	scheduleRow struct {
		spec        ScheduleSpec
		description string
		lastRun     time.Time
	}
	licenseRow struct {
		spec LicenseSpec
	}
	imageRow struct {
		spec   ImageSpec // Name and CreatedAt filled in
		job    *Job      // the backup job that wrote it
		repo   int
		server string
		center string
		part   string // "/" or "C:"
		device string
	}
)

// worldState is a Server's world. Guarded by Server.mu.
type worldState struct {
	centers   []*centerRow
	servers   []*serverRow
	repos     []*repoRow
	schedules []*scheduleRow
	licenses  []*licenseRow
	images    []*imageRow
	licensed  map[int]bool // servers that ever had a licence: assigned once, never again
}

// snapshot is a copy of what Load may change, to undo a refused
// scenario.
type snapshot struct {
	world      worldState
	users      map[string]string
	recoveries jobTable
	backups    jobTable
	// The history rows an image adds, and the IDs handed out: a refused
	// scenario must not leave rows of images it never added, nor make
	// the next IDs skip the ones it would have taken.
	backupRuns []*History
	backupSeq  int
	histories  []*History
	historySeq int
	highID     map[string]int
	lastBackup *Job
}

func (s *Server) snapshotLocked() snapshot {
	w := s.worldState
	w.licensed = maps.Clone(w.licensed)
	return snapshot{world: w, users: maps.Clone(s.users), recoveries: s.recoveries.clone(), backups: s.backups.clone(),
		backupRuns: slices.Clone(s.backupRuns), backupSeq: s.backupSeq, histories: slices.Clone(s.histories),
		historySeq: s.historySeq, highID: maps.Clone(s.highID), lastBackup: s.lastBackup}
}

func (s *Server) restoreLocked(sn snapshot) {
	s.worldState, s.users, s.recoveries, s.backups = sn.world, sn.users, sn.recoveries, sn.backups
	s.backupRuns, s.backupSeq, s.histories, s.historySeq = sn.backupRuns, sn.backupSeq, sn.histories, sn.historySeq
	s.highID, s.lastBackup = sn.highID, sn.lastBackup
}

// addWorldLocked checks and adds w, part after part, each against the
// world as it stands (the parts of w before it included); problems are
// added to p at their JSON paths under prefix. The caller undoes
// everything when p has any.
func (s *Server) addWorldLocked(w World, p *problems, now time.Time) {
	for i, c := range w.Centers {
		s.addCenterLocked(c, p, elem("centers", i), now)
	}
	for i, r := range w.Repositories {
		s.addRepositoryLocked(r, "", p, elem("repositories", i), now)
	}
	for i, sc := range w.Schedules {
		s.addScheduleLocked(sc, p, elem("schedules", i), now)
	}
	for i, l := range w.Licenses {
		s.addLicenseLocked(l, p, elem("licenses", i), now)
	}
	for i, sv := range w.Servers {
		s.addServerLocked(sv, p, elem("servers", i), now)
	}
	for i, b := range w.Backups {
		s.addBackupJobLocked(b, p, elem("backups", i), now)
	}
	for i, im := range w.Images {
		s.addImageLocked(im, p, elem("images", i), now)
	}
}

// addWorld adds w from a test, reporting its problems as misuse of
// what, and returns how many problems there were.
func (s *Server) addWorld(what string, w World) bool {
	now := s.now()
	s.mu.Lock()
	var p problems
	sn := s.snapshotLocked()
	s.addWorldLocked(w, &p, now)
	if p.list != nil {
		s.restoreLocked(sn)
	}
	s.mu.Unlock()
	if err := p.err(); err != nil {
		s.misuse("%s: %v", what, err)
		return false
	}
	return true
}

// AddCenter adds a center to the world and returns its ID (0, and misuse
// reported, when the spec has a problem: an empty or taken name or ID).
func (s *Server) AddCenter(spec CenterSpec) int {
	if !s.addWorld(fmt.Sprintf("AddCenter(%q)", spec.Name), World{Centers: []CenterSpec{spec}}) {
		return 0
	}
	return s.CenterID(spec.Name)
}

// AddServer adds a server to the world and returns its ID (0, and misuse
// reported, when the spec has a problem: a name its center has already,
// an unknown center or licence, partitions that do not fit its OS, ...).
func (s *Server) AddServer(spec ServerSpec) int {
	if !s.addWorld(fmt.Sprintf("AddServer(%q)", spec.Name), World{Servers: []ServerSpec{spec}}) {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.servers[len(s.servers)-1].spec.ID
}

// AddRepository adds a repository to a center of the world and returns
// its ID (0, and misuse reported, when the spec has a problem).
func (s *Server) AddRepository(spec RepositorySpec) int {
	if !s.addWorld("AddRepository", World{Repositories: []RepositorySpec{spec}}) {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.repos[len(s.repos)-1].spec.ID
}

// AddSchedule adds a schedule row to a center of the world and returns
// its ID (0, and misuse reported, when the spec has a problem).
func (s *Server) AddSchedule(spec ScheduleSpec) int {
	if !s.addWorld("AddSchedule", World{Schedules: []ScheduleSpec{spec}}) {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.schedules[len(s.schedules)-1].spec.ID
}

// AddLicense adds a licence to a center of the world and returns its ID
// (0, and misuse reported, when the spec has a problem).
func (s *Server) AddLicense(spec LicenseSpec) int {
	if !s.addWorld("AddLicense", World{Licenses: []LicenseSpec{spec}}) {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.licenses[len(s.licenses)-1].spec.ID
}

// AddImage adds a backup image of a backup job, with the history row of
// the run that wrote it, and returns its name ("", and misuse reported,
// when the spec has a problem: an unknown job, a name taken).
func (s *Server) AddImage(spec ImageSpec) string {
	if !s.addWorld("AddImage", World{Images: []ImageSpec{spec}}) {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.images[len(s.images)-1].spec.Name
}

// CenterID is the ID of the center of that name, 0 when the world has
// none.
func (s *Server) CenterID(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.centerNamedLocked(name); c != nil {
		return c.spec.ID
	}
	return 0
}

// ServerID is the ID of the server of that name in center (a name or
// ID; "" for the first of that name in any center), 0 when the world
// has none.
func (s *Server) ServerID(center, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sv := s.serverInLocked(center, name); sv != nil {
		return sv.spec.ID
	}
	return 0
}

// addCenterLocked checks and adds one center.
func (s *Server) addCenterLocked(c CenterSpec, p *problems, path string, now time.Time) {
	n := len(p.list)
	c.Name = strings.TrimSpace(c.Name)
	switch {
	case c.Name == "":
		p.add(member(path, "name"), "empty: a center needs a name")
	case s.centerNamedLocked(c.Name) != nil:
		p.add(member(path, "name"), "%q is taken by another center", c.Name)
	case isDigits(c.Name):
		p.add(member(path, "name"), "%q is all digits: center parameters would read it as an ID", c.Name)
	case strings.Contains(c.Name, ","):
		p.add(member(path, "name"), "%q holds a comma: center parameters take a comma-separated list", c.Name)
	}
	c.ID = s.checkID(p, path, "center", c.ID, func(id int) bool { return s.centerLocked(id) != nil }, func() int {
		return 1 + maxOf(s.centers, func(r *centerRow) int { return r.spec.ID })
	})
	checkIPs(p, member(path, "publicIP"), c.PublicIP)
	checkIPs(p, member(path, "privateIPs"), c.PrivateIPs...)
	if len(p.list) > n {
		return
	}
	c.Host = or(c.Host, c.Name+"-host")
	c.OS = or(c.OS, "Rocky Linux 9.3")
	c.PublicIP = or(c.PublicIP, fmt.Sprintf("10.%d.0.10", c.ID%250))
	c.PrivateIPs = slices.Clone(c.PrivateIPs)
	s.centers = append(s.centers, &centerRow{spec: c, updated: now})
}

// checkID checks a spec's ID (taken tells whether one is in use) or
// makes the next one.
func (s *Server) checkID(p *problems, path, table string, id int, taken func(int) bool, next func() int) int {
	switch {
	case id < 0:
		p.add(member(path, "id"), "%d is negative", id)
		return id
	case id == 0:
		id = max(next(), s.highID[table]+1)
	case taken(id):
		p.add(member(path, "id"), "%d is taken", id)
		return id
	}
	// As a database's auto-increment: an ID is never handed out again,
	// even after its row is deleted, so a stale ID never names a new row.
	s.highID[table] = max(s.highID[table], id)
	return id
}

func maxOf[T any](rows []T, id func(T) int) int {
	m := 0
	for _, r := range rows {
		m = max(m, id(r))
	}
	return m
}

// checkIPs checks IPv4 addresses.
func checkIPs(p *problems, path string, ips ...string) {
	for _, ip := range ips {
		if a, err := netip.ParseAddr(ip); ip != "" && (err != nil || !a.Is4()) {
			p.add(path, "%q is not an IPv4 address such as 192.168.1.200", ip)
		}
	}
}

// centerOf resolves a spec's center: "" is the first center (none when
// the world has none).
func (s *Server) centerOf(p *problems, path, name string) (string, bool) {
	if name == "" {
		if len(s.centers) == 0 {
			return "", true
		}
		return s.centers[0].spec.Name, true
	}
	if s.centerNamedLocked(name) == nil {
		p.add(member(path, "center"), "%q is not a center of the world%s", name, s.centerNames())
		return "", false
	}
	return name, true
}

// centerNames lists the centers for a message.
func (s *Server) centerNames() string {
	if len(s.centers) == 0 {
		return " (it has none: add centers first)"
	}
	names := make([]string, len(s.centers))
	for i, c := range s.centers {
		names[i] = strconv.Quote(c.spec.Name)
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// addServerLocked checks and adds one server.
func (s *Server) addServerLocked(sv ServerSpec, p *problems, path string, now time.Time) {
	n := len(p.list)
	sv.Name = strings.TrimSpace(sv.Name)
	center, ok := s.centerOf(p, path, sv.Center)
	switch {
	case sv.Name == "":
		p.add(member(path, "name"), "empty: a server needs a name")
	case ok && s.serverNamedLocked(center, sv.Name) != nil:
		p.add(member(path, "name"), "%q is taken by another server of center %q", sv.Name, center)
	}
	sv.Center = center
	sv.ID = s.checkID(p, path, "server", sv.ID, func(id int) bool { return s.serverLocked(id) != nil }, func() int {
		return 1 + maxOf(s.servers, func(r *serverRow) int { return r.spec.ID })
	})
	switch sv.Mode {
	case "":
		sv.Mode = zdm.ServerModeSource
	case zdm.ServerModeSource, zdm.ServerModeTarget:
	default:
		p.add(member(path, "mode"), "unknown mode %q (want source or target)", sv.Mode)
	}
	checkIPs(p, member(path, "publicIP"), sv.PublicIP)
	checkIPs(p, member(path, "privateIPs"), sv.PrivateIPs...)
	if sv.License != 0 {
		l := s.licenseLocked(sv.License)
		switch {
		case l == nil:
			p.add(member(path, "license"), "%d is not a licence of the world", sv.License)
		case l.spec.Center != center:
			p.add(member(path, "license"), "licence %d is of center %q, not %q", sv.License, l.spec.Center, center)
		}
	}
	sv.OS = or(sv.OS, "Rocky Linux 9.3")
	sv.Partitions = normalizeVolumes(p, member(path, "partitions"), windows(sv.OS), sv.Partitions)
	if len(p.list) > n {
		return
	}
	sv.PrivateIPs = slices.Clone(sv.PrivateIPs)
	s.servers = append(s.servers, &serverRow{spec: sv, updated: now})
	if sv.License != 0 {
		s.markLicensedLocked(sv.ID)
	}
}

func (s *Server) markLicensedLocked(id int) {
	if s.licensed == nil {
		s.licensed = map[int]bool{}
	}
	s.licensed[id] = true
}

// normalizeVolumes checks a server's partitions and fills in their
// defaults; none gives one.
func normalizeVolumes(p *problems, path string, win bool, vs []Volume) []Volume {
	if len(vs) == 0 {
		vs = []Volume{{Letter: "/"}}
		if win {
			vs = []Volume{{Letter: "C:"}}
		}
	}
	out := make([]Volume, 0, len(vs))
	seen := map[string]bool{}
	for i, v := range vs {
		at := elem(path, i)
		v.Letter = normalizePartition(strings.TrimSpace(v.Letter))
		switch {
		case v.Letter == "":
			p.add(member(at, "letter"), "empty: want a mount point (\"/home\") or a drive (\"C:\")")
		case win && !isDrive(v.Letter):
			p.add(member(at, "letter"), "%q is not a drive (\"C:\"): the server's OS is Windows", v.Letter)
		case !win && !strings.HasPrefix(v.Letter, "/"):
			p.add(member(at, "letter"), "%q is not a mount point (\"/home\"): the server's OS is not Windows (drives need a Windows OS)", v.Letter)
		case seen[v.Letter]:
			p.add(member(at, "letter"), "%q is given twice", v.Letter)
		}
		seen[v.Letter] = true
		if v.Size == 0 {
			v.Size = 50 * GiB
		}
		if v.Used == 0 {
			v.Used = v.Size / 5
		}
		if v.Used > v.Size {
			p.add(member(at, "used"), "%d is more than the size %d", v.Used, v.Size)
		}
		if v.Device == "" {
			v.Device = fmt.Sprintf("/dev/sda%d", i+1)
			if win {
				v.Device = fmt.Sprintf(`\Device\HarddiskVolume%d`, i+2)
			}
		}
		if v.FileSystem == "" {
			v.FileSystem = "xfs"
			if win {
				v.FileSystem = "NTFS"
			}
		}
		out = append(out, v)
	}
	return out
}

// addRepositoryLocked checks and adds one repository; secret is the SMB
// password a registration sent.
func (s *Server) addRepositoryLocked(r RepositorySpec, secret string, p *problems, path string, now time.Time) {
	n := len(p.list)
	center, _ := s.centerOf(p, path, r.Center)
	r.Center = center
	r.ID = s.checkID(p, path, "repository", r.ID, func(id int) bool { return s.repoLocked(id) != nil }, func() int {
		return 1 + maxOf(s.repos, func(r *repoRow) int { return r.spec.ID })
	})
	smb := r.Type == zdm.RepositorySMB
	switch r.Type {
	case "":
		r.Type = zdm.RepositoryNFS
	case zdm.RepositoryNFS, zdm.RepositorySMB:
	default:
		p.add(member(path, "type"), "unknown type %q (want nfs or smb)", r.Type)
	}
	def := func(v, nfs, smbv string) string {
		if smb {
			return or(v, smbv)
		}
		return or(v, nfs)
	}
	r.RemotePath, r.LocalPath = def(r.RemotePath, "/backup", "backup"), def(r.LocalPath, "/mnt/backup", "B:")
	if r.Type == zdm.RepositoryNFS && !strings.HasPrefix(r.RemotePath, "/") {
		p.add(member(path, "remotePath"), "%q is not an NFS export path: want one starting with \"/\"", r.RemotePath)
	}
	if len(r.IPs) == 0 {
		r.IPs = []string{"192.168.1.200"}
	}
	checkIPs(p, member(path, "ips"), r.IPs...)
	if r.Port == 0 {
		r.Port = 2049
		if smb {
			r.Port = 445
		}
	}
	if r.Port < 0 || r.Port > 65535 {
		p.add(member(path, "port"), "%d is not a port", r.Port)
	}
	if r.Size == 0 {
		r.Size = 2 * TiB
	}
	if len(p.list) > n {
		return
	}
	r.IPs = slices.Clone(r.IPs)
	s.repos = append(s.repos, &repoRow{spec: r, secret: secret, updated: now})
}

// addScheduleLocked checks and adds one schedule row.
func (s *Server) addScheduleLocked(sc ScheduleSpec, p *problems, path string, _ time.Time) *scheduleRow {
	n := len(p.list)
	center, _ := s.centerOf(p, path, sc.Center)
	sc.Center = center
	sc.ID = s.checkID(p, path, "schedule", sc.ID, func(id int) bool { return s.scheduleLocked(id) != nil }, s.nextScheduleID)
	switch {
	case sc.Type < zdm.ScheduleOnce || sc.Type > zdm.ScheduleSmartCustomDate:
		p.add(member(path, "type"), "%d is not a schedule type (want 0 to 11)", int(sc.Type))
	case sc.Advanced && !sc.Type.Smart():
		p.add(member(path, "advanced"), "set for a %s schedule: only smart types (7 to 11) have an advanced row", sc.Type)
	}
	if sc.Time == "" {
		sc.Time = "00:00"
	}
	if e := timingProblem(sc.Type, sc.Timing); e != nil && len(p.list) == n {
		p.add(member(path, e.field), "%s", e.en)
	}
	if len(p.list) > n {
		return nil
	}
	row := &scheduleRow{spec: sc, description: describeSchedule(sc.Type, sc.Timing, sc.Advanced)}
	s.schedules = append(s.schedules, row)
	return row
}

// nextScheduleID is the ID of the next schedule row.
func (s *Server) nextScheduleID() int {
	return max(1+maxOf(s.schedules, func(r *scheduleRow) int { return r.spec.ID }), s.highID["schedule"]+1)
}

// addLicenseLocked checks and adds one licence.
func (s *Server) addLicenseLocked(l LicenseSpec, p *problems, path string, now time.Time) {
	n := len(p.list)
	center, _ := s.centerOf(p, path, l.Center)
	l.Center = center
	l.ID = s.checkID(p, path, "license", l.ID, func(id int) bool { return s.licenseLocked(id) != nil }, func() int {
		return 1 + maxOf(s.licenses, func(r *licenseRow) int { return r.spec.ID })
	})
	switch strings.ToLower(string(l.Category)) {
	case "":
		l.Category = zdm.LicenseCategoryDR
	case string(zdm.LicenseCategoryDR), string(zdm.LicenseCategoryBackup), string(zdm.LicenseCategoryMigration):
		l.Category = zdm.LicenseCategory(strings.ToLower(string(l.Category)))
	default:
		p.add(member(path, "category"), "unknown category %q (want zdm(backup), zdm(dr) or zdm(migration))", l.Category)
	}
	l.Name = or(strings.TrimSpace(l.Name), "License-"+strconv.Itoa(l.ID))
	l.Key = or(l.Key, fmt.Sprintf("ZDMKEY%06d%08X", l.ID, uint32(l.ID)*2654435761))
	if strings.IndexFunc(l.Key, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) >= 0 {
		p.add(member(path, "key"), "%q: a key holds letters and digits only", l.Key)
	}
	for _, o := range s.licenses {
		if o.spec.Key == l.Key {
			p.add(member(path, "key"), "%q is the key of licence %d", l.Key, o.spec.ID)
		}
	}
	switch {
	case l.Copies < 0:
		p.add(member(path, "copies"), "%d is negative", l.Copies)
	case l.Copies == 0:
		l.Copies = 10
	}
	if l.Created.IsZero() {
		l.Created = now.AddDate(0, 0, -30)
	}
	if l.Expires.IsZero() {
		l.Expires = l.Created.AddDate(1, 0, 0)
	}
	if l.Expires.Before(l.Created) {
		p.add(member(path, "expires"), "before created")
	}
	if len(p.list) > n {
		return
	}
	s.licenses = append(s.licenses, &licenseRow{spec: l})
}

// Lookups. Guarded by Server.mu.

func (s *Server) centerLocked(id int) *centerRow {
	for _, c := range s.centers {
		if c.spec.ID == id {
			return c
		}
	}
	return nil
}

func (s *Server) centerNamedLocked(name string) *centerRow {
	for _, c := range s.centers {
		if c.spec.Name == name {
			return c
		}
	}
	return nil
}

// centerByIdentLocked resolves a center parameter: digits are an ID,
// anything else a name.
func (s *Server) centerByIdentLocked(ident string) *centerRow {
	ident = strings.TrimSpace(ident)
	if isDigits(ident) {
		id, err := strconv.Atoi(ident)
		if err != nil {
			return nil
		}
		return s.centerLocked(id)
	}
	return s.centerNamedLocked(ident)
}

// centerID is a center's ID, 0 for an unknown one.
func (s *Server) centerID(name string) int {
	if c := s.centerNamedLocked(name); c != nil {
		return c.spec.ID
	}
	return 0
}

func (s *Server) serverLocked(id int) *serverRow {
	for _, sv := range s.servers {
		if sv.spec.ID == id {
			return sv
		}
	}
	return nil
}

// serverNamedLocked is the server of that name in center ("" for the
// first of that name in any center).
func (s *Server) serverNamedLocked(center, name string) *serverRow {
	for _, sv := range s.servers {
		if sv.spec.Name == name && (center == "" || sv.spec.Center == center || sv.spec.Center == "") {
			return sv
		}
	}
	return nil
}

// serverInLocked resolves a server identifier (an ID, or a name) within
// a center given by name or ID ("" for any center): a server of another
// center is not found.
func (s *Server) serverInLocked(center, ident string) *serverRow {
	if center != "" {
		c := s.centerByIdentLocked(center)
		if c == nil {
			return nil
		}
		center = c.spec.Name
	}
	if isDigits(ident) {
		id, _ := strconv.Atoi(ident)
		if sv := s.serverLocked(id); sv != nil && (center == "" || sv.spec.Center == center || sv.spec.Center == "") {
			return sv
		}
		return nil
	}
	return s.serverNamedLocked(center, ident)
}

func (s *Server) repoLocked(id int) *repoRow {
	for _, r := range s.repos {
		if r.spec.ID == id {
			return r
		}
	}
	return nil
}

// reposOfLocked are the repositories of a center, by ID.
func (s *Server) reposOfLocked(center string) []*repoRow {
	var out []*repoRow
	for _, r := range s.repos {
		if r.spec.Center == center {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *repoRow) int { return cmp.Compare(a.spec.ID, b.spec.ID) })
	return out
}

func (s *Server) scheduleLocked(id int) *scheduleRow {
	for _, r := range s.schedules {
		if r.spec.ID == id {
			return r
		}
	}
	return nil
}

func (s *Server) licenseLocked(id int) *licenseRow {
	for _, l := range s.licenses {
		if l.spec.ID == id {
			return l
		}
	}
	return nil
}

// licenseUsedLocked is how many servers hold the licence.
func (s *Server) licenseUsedLocked(id int) int {
	n := 0
	for _, sv := range s.servers {
		if sv.spec.License == id {
			n++
		}
	}
	return n
}

// machineOf is a world server as a recovery job's Machine.
func (sv *serverRow) machine() Machine {
	return Machine{Name: sv.spec.Name, OS: sv.spec.OS, Agent: sv.spec.Agent, PublicIP: sv.spec.PublicIP,
		PrivateIPs: slices.Clone(sv.spec.PrivateIPs)}
}

// volume is the server's partition or drive p (normalised), or nil.
func (sv *serverRow) volume(p string) *Volume {
	p = normalizePartition(p)
	for i := range sv.spec.Partitions {
		if sv.spec.Partitions[i].Letter == p {
			return &sv.spec.Partitions[i]
		}
	}
	return nil
}

// windows reports whether the server runs Windows.
func (sv *serverRow) windows() bool { return windows(sv.spec.OS) }
