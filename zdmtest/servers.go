package zdmtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// The servers of the world: GET {api}/servers, /servers/:id,
// /servers/:id/partitions, /servers/partitions, DELETE /servers/:id.

// includes are the include flags of the server and center routes.
type includes struct {
	detail, disk, network, partition, repository, zos bool
}

func (qr *queryReader) includes() includes {
	return includes{detail: qr.boolean("detail"), disk: qr.boolean("disk"), network: qr.boolean("network"),
		partition: qr.boolean("partition"), repository: qr.boolean("repository"), zos: qr.boolean("zosRepository")}
}

// serverKeys are the query keys of the server list and get; the draft
// API has no paging, sort or center.
func (s *Server) serverKeys(list bool) []string {
	keys := []string{"disk", "network", "partition", "repository", "detail", "center", "sort"}
	if list {
		keys = append(keys, "mode", "os", "connection", "license", "page", "limit")
	}
	return keys
}

// handleServers answers GET {api}/servers.
func (s *Server) handleServers(r *http.Request, _ []string, now time.Time) reply {
	qr := s.newQuery(r.URL.Query(), s.serverKeys(true), "")
	mode := qr.enum("mode", "source", "target")
	osf := qr.enum("os", "win", "lin", "cloud")
	conn := qr.enum("connection", "connect", "disconnect")
	lic := qr.enum("license", "assign", "unassign")
	inc, center := qr.includes(), qr.str("center")
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.centersExistLocked(center); p != nil {
		return s.errorReply(*p, now)
	}
	var rows []*serverRow
	for _, sv := range s.servers {
		switch {
		case mode != "" && string(sv.spec.Mode) != mode,
			osf == "win" && !sv.windows(), osf == "lin" && sv.windows(), osf == "cloud",
			conn == "connect" && sv.spec.Disconnected, conn == "disconnect" && !sv.spec.Disconnected,
			lic == "assign" && sv.spec.License == 0, lic == "unassign" && sv.spec.License != 0,
			!s.matchesCenter(center, sv.spec.Center):
			continue
		}
		rows = append(rows, sv)
	}
	sortByID(rows, desc, func(r *serverRow) int { return r.spec.ID })
	return listPage(s, rows, pg, func(sv *serverRow) obj { return s.serverItem(sv, inc) }, text{en: "Server information list"}, now)
}

// handleServer answers GET {api}/servers/:id. With a center, 3.0.0 looks
// the server up in it; older servers take the first of that name and
// refuse one of another center (403).
func (s *Server) handleServer(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	qr := s.newQuery(r.URL.Query(), s.serverKeys(false), "")
	inc, center := qr.includes(), qr.str("center")
	qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, p := s.findServerLocked(id, center)
	if p != nil {
		return s.errorReply(*p, now)
	}
	return s.success(http.StatusOK, s.serverItem(sv, inc), text{en: "Server information retrieved"}, now)
}

// findServerLocked finds the server of a route, by ID or name, with the
// center parameter's rules.
func (s *Server) findServerLocked(id, center string) (*serverRow, *problem) {
	if s.cfg.dialect == DialectV3 {
		if p := s.centersExistLocked(center); p != nil {
			return nil, p
		}
		if sv := s.serverInLocked(center, id); sv != nil {
			return sv, nil
		}
		p := s.serverNotFound(id)
		return nil, &p
	}
	sv := s.serverInLocked("", id)
	if sv == nil {
		p := s.serverNotFound(id)
		return nil, &p
	}
	if center != "" && s.cfg.dialect != DialectDraft && !s.matchesCenter(center, sv.spec.Center) {
		return nil, &problem{status: http.StatusForbidden, code: "CENTER-ERROR-01", msg: text{en: "Server does not belong to center '" + center + "'"}}
	}
	return sv, nil
}

// serverItem is a server as the server routes show it.
func (s *Server) serverItem(sv *serverRow, inc includes) obj {
	sp := &sv.spec
	agent := obj{{"mode", strings.ToUpper(string(sp.Mode[:1])) + string(sp.Mode[1:])}}
	if inc.detail {
		agent = append(agent, field{"version", orDash(sp.Agent)})
	}
	var license any = "-"
	switch {
	case sp.License != 0:
		license = strconv.Itoa(sp.License)
	case s.cfg.dialect == DialectV3:
		license = nil
	}
	conn := "connect"
	if sp.Disconnected {
		conn = "disconnect"
	}
	when := s.cfg.dataTime(sv.updated)
	o := obj{
		{"id", strconv.Itoa(sp.ID)}, {"name", sp.Name},
		{"agent", agent}, {"os", obj{{"version", orDash(sp.OS)}}},
		{"ip", obj{{"public", orDash(sp.PublicIP)}, {"private", append([]string{}, sp.PrivateIPs...)}}},
		{"license", obj{{"id", license}}}, {"status", obj{{"connect", conn}}}, {"lastUpdated", when},
	}
	if inc.detail {
		kernel, model := "5.14.0-362.8.1.el9_3.x86_64", "VMware Virtual Platform"
		if sv.windows() {
			kernel = "10.0.20348"
		}
		o = append(o, field{"resources", obj{{"model", model}, {"type", "Virtual"}, {"manufacturer", "VMware, Inc."},
			{"kernel", kernel}, {"cpu", "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz"}, {"cpuCount", "8"},
			{"memory", fmt.Sprintf("%d (%s)", 32*GiB, s.cfg.formatSize(32*GiB))}}})
	}
	if inc.disk {
		var total Bytes
		for _, v := range sp.Partitions {
			total += v.Size
		}
		dev := "/dev/sda"
		if sv.windows() {
			dev = `\\.\PHYSICALDRIVE0`
		}
		o = append(o, field{"disk", []obj{{{"caption", "VMware Virtual disk"}, {"device", dev}, {"diskType", "SSD"},
			{"diskSize", s.cfg.size(total)}, {"lastUpdated", when}}}})
	}
	if inc.network {
		o = append(o, field{"network", []obj{{{"name", "eth0"}, {"ipAddress", orDash(sp.PublicIP)}, {"subNet", "255.255.255.0"},
			{"gateWay", gateway(sp.PublicIP)}, {"macAddress", fmt.Sprintf("00:50:56:00:%02X:%02X", sp.ID/256%256, sp.ID%256)}, {"lastUpdated", when}}}})
	}
	if inc.partition {
		o = append(o, field{"partition", s.volumeItems(sv, "", nil)})
	}
	if inc.repository {
		var repos []obj
		for _, rp := range s.reposOfLocked(sp.Center) {
			if (rp.spec.Type == zdm.RepositorySMB) == sv.windows() {
				repos = append(repos, s.repositoryItem(rp, true))
			}
		}
		o = append(o, field{"repository", append([]obj{}, repos...)})
	}
	return o
}

// gateway is the ".1" of an address's /24.
func gateway(ip string) string {
	if i := strings.LastIndexByte(ip, '.'); i > 0 {
		return ip[:i] + ".1"
	}
	return "-"
}

// volumeItems are a server's partitions as sent, those with no free
// space left out (2.0.1 on), filtered by keep when given.
func (s *Server) volumeItems(sv *serverRow, system string, keep func(v *Volume) bool) []obj {
	out := []obj{}
	for i := range sv.spec.Partitions {
		v := &sv.spec.Partitions[i]
		if v.Used >= v.Size && s.cfg.dialect != DialectDraft || keep != nil && !keep(v) {
			continue
		}
		usage := 0
		if v.Size > 0 {
			usage = int(v.Used * 100 / v.Size)
		}
		o := obj{{"system", or(system, sv.spec.Name)}, {"letter", v.Letter}, {"device", v.Device},
			{"size", s.cfg.size(v.Size)}, {"used", s.cfg.size(v.Used)}, {"free", s.cfg.size(v.Size - v.Used)},
			{"usage", usage}, {"fileSystem", v.FileSystem}, {"lastUpdated", s.cfg.dataTime(sv.updated)}}
		out = append(out, o)
	}
	return out
}

// handlePartitions answers GET {api}/servers/:id/partitions and
// GET {api}/servers/partitions (every server's).
func (s *Server) handlePartitions(r *http.Request, args []string, now time.Time) reply {
	keys := []string{"partition", "drive", "device", "fileSystem", "detail", "page", "limit", "center", "sort"}
	qr := s.newQuery(r.URL.Query(), keys, "")
	parts, drives := qr.partitionFilter()
	device, fs, center := qr.str("device"), qr.str("fileSystem"), qr.str("center")
	qr.boolean("detail")
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	wanted := append(parts, drives...)
	keep := func(v *Volume) bool {
		return (len(wanted) == 0 || slices.Contains(wanted, v.Letter)) && (device == "" || device == v.Device) &&
			(fs == "" || strings.EqualFold(fs, v.FileSystem))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var servers []*serverRow
	msg := text{en: "Partition information list"}
	if len(args) == 1 {
		id, _ := ident(args[0])
		sv, p := s.findServerLocked(id, center)
		if p != nil {
			return s.errorReply(*p, now)
		}
		servers, msg = []*serverRow{sv}, text{en: "Partition information retrieved"}
	} else {
		if p := s.centersExistLocked(center); p != nil {
			return s.errorReply(*p, now)
		}
		for _, sv := range s.servers {
			if s.matchesCenter(center, sv.spec.Center) {
				servers = append(servers, sv)
			}
		}
		sortByID(servers, desc, func(r *serverRow) int { return r.spec.ID })
	}
	var items []obj
	for _, sv := range servers {
		items = append(items, s.volumeItems(sv, "", keep)...)
	}
	lo, hi, meta := pg.window(len(items))
	return s.list(append([]obj{}, items[lo:hi]...), meta, msg, now)
}

// handleDeleteServer answers DELETE {api}/servers/:id: the server goes
// with its parts; 3.0.0 deletes its backup and recovery jobs too.
func (s *Server) handleDeleteServer(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	center, p := s.oneCenter(r)
	if p != nil {
		return s.errorReply(*p, now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv := s.serverInLocked("", id)
	if s.cfg.dialect == DialectV3 && center != "" {
		if in := s.serverInLocked(center, id); in != nil {
			sv = in
		}
	}
	if sv == nil {
		return s.errorReply(s.serverNotFound(id), now)
	}
	if p := s.ownedBy(center, sv.spec.Center, "Server", sv.spec.Name); p != nil {
		return s.errorReply(*p, now)
	}
	s.servers = slices.DeleteFunc(s.servers, func(o *serverRow) bool { return o == sv })
	counts := fmt.Sprintf("disk: 1, network: 1, partition: %d, repository: 0", len(sv.spec.Partitions))
	if s.cfg.dialect == DialectV3 {
		backups, recoveries := 0, 0
		for _, j := range s.backups.sorted(false) {
			if j.spec.Center == sv.spec.Center && j.spec.Source.Name == sv.spec.Name {
				s.removeBackupLocked(j)
				backups++
			}
		}
		for _, j := range s.recoveries.sorted(false) {
			if j.spec.Center == sv.spec.Center && (j.spec.Source.Name == sv.spec.Name || j.spec.Target.Name == sv.spec.Name) {
				s.recoveries.remove(j)
				recoveries++
			}
		}
		counts += fmt.Sprintf(", backup: %d, recovery: %d", backups, recoveries)
	}
	msg := text{en: "Server and related data successfully deleted. (" + counts + ")", ko: "Server 및 관련 데이터가 성공적으로 삭제되었습니다. (" + counts + ")"}
	return s.success(http.StatusOK, obj{{"result", "success"}, {"server", obj{{"id", sv.spec.ID}, {"name", sv.spec.Name}}},
		{"message", s.cfg.say(msg)}}, text{en: "Server deletion completed"}, now)
}
