package zdmtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zdmkit/go-zdm"
)

// The centers of the world and their repositories: GET {api}/zdms,
// /zdms/:id, /zdms/repositories, /zdms/:id/repositories.

// handleCenters answers GET {api}/zdms.
func (s *Server) handleCenters(r *http.Request, _ []string, now time.Time) reply {
	keys := []string{"connection", "activation", "network", "disk", "partition", "repository", "zosRepository", "detail", "page", "limit", "sort"}
	qr := s.newQuery(r.URL.Query(), keys, "")
	conn := qr.enum("connection", "connect", "disconnect")
	act := qr.enum("activation", "ok", "fail")
	inc := qr.includes()
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var rows []*centerRow
	for _, c := range s.centers {
		switch {
		case conn == "connect" && c.spec.Disconnected, conn == "disconnect" && !c.spec.Disconnected,
			act == "ok" && c.spec.Inactive, act == "fail" && !c.spec.Inactive:
			continue
		}
		rows = append(rows, c)
	}
	sortByID(rows, desc, func(r *centerRow) int { return r.spec.ID })
	return listPage(s, rows, pg, func(c *centerRow) obj { return s.centerItem(c, inc) }, text{en: "ZDM information list"}, now)
}

// handleCenter answers GET {api}/zdms/:id.
func (s *Server) handleCenter(r *http.Request, args []string, now time.Time) reply {
	id, _ := ident(args[0])
	keys := []string{"network", "disk", "partition", "repository", "zosRepository", "detail"}
	qr := s.newQuery(r.URL.Query(), keys, "")
	inc := qr.includes()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.centerByIdentLocked(id)
	if c == nil {
		return s.errorReply(s.zdmNotFound(id), now)
	}
	return s.success(http.StatusOK, s.centerItem(c, inc), text{en: "ZDM information retrieved"}, now)
}

// zdmNotFound is the 404 of the center routes.
func (s *Server) zdmNotFound(id string) problem {
	p := s.centerNotFound(id)
	p.msg.ko = "'" + id + "'에 해당하는 ZDM을 찾을 수 없습니다"
	if isDigits(id) {
		p.msg.ko = "ID가 '" + id + "'인 ZDM을 찾을 수 없습니다"
	}
	if s.cfg.dialect == DialectDraft {
		p.code, p.msg.en = "ZDM_NOT_FOUND", p.msg.ko
	}
	return p
}

// centerItem is a center as the center routes show it. 3.0.0 always
// sends the include lists, empty when not asked for.
func (s *Server) centerItem(c *centerRow, inc includes) obj {
	sp := &c.spec
	v3 := s.cfg.dialect == DialectV3
	var id any = strconv.Itoa(sp.ID)
	if v3 {
		id = sp.ID
	}
	conn, act := "connect", "ok"
	if sp.Disconnected {
		conn = "disconnect"
	}
	if sp.Inactive {
		act = "fail"
	}
	when := s.cfg.dataTime(c.updated)
	o := obj{
		{"name", obj{{"center", sp.Name}, {"host", sp.Host}}},
		{"id", obj{{"center", id}, {"install", fmt.Sprintf("INST-%03d", sp.ID)},
			{"machine", fmt.Sprintf("550e8400-e29b-41d4-a716-%012x", sp.ID)}}},
		{"os", obj{{"version", sp.OS}}},
		{"ip", obj{{"public", sp.PublicIP}, {"private", append([]string{}, sp.PrivateIPs...)}}},
		{"status", obj{{"connect", conn}, {"activate", act}}},
		{"path", obj{{"logFile", "/opt/zdm/logs/zdm.log"}, {"install", "/opt/zdm"}}},
		{"lastUpdated", when},
	}
	if inc.detail && v3 {
		o = append(o, field{"resources", obj{{"model", "-"}, {"cpu", "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz"}, {"cpuCount", "2"},
			{"memory", fmt.Sprintf("%d (%s)", 32*GiB, s.cfg.formatSize(32*GiB))}, {"kernel", "5.14.0-362.8.1.el9_3.x86_64"},
			{"systemType", "x86_64"}, {"organization", "-"}}})
	}
	list := func(key string, on bool, items func() []obj) {
		switch {
		case on:
			o = append(o, field{key, append([]obj{}, items()...)})
		case v3:
			o = append(o, field{key, []obj{}})
		}
	}
	list("disk", inc.disk, func() []obj {
		return []obj{{{"diskCaption", "VMware Virtual disk SCSI Disk Device"}, {"diskType", "HDD"},
			{"diskSize", s.cfg.size(200 * GiB)}, {"lastUpdated", when}}}
	})
	list("network", inc.network, func() []obj {
		return []obj{{{"name", "ens192"}, {"ipAddress", sp.PublicIP}, {"subNet", "255.255.255.0"}, {"gateWay", gateway(sp.PublicIP)},
			{"macAddress", fmt.Sprintf("00:50:56:A1:00:%02X", sp.ID%256)}, {"lastUpdated", when}}}
	})
	list("partition", inc.partition, func() []obj {
		return []obj{{{"letter", "/"}, {"device", "/dev/sda2"}, {"size", s.cfg.size(198 * GiB)}, {"used", s.cfg.size(40 * GiB)},
			{"free", s.cfg.size(158 * GiB)}, {"usage", 20}, {"fileSystem", "xfs"}, {"lastUpdated", when}}}
	})
	list("repository", inc.repository, func() []obj {
		var out []obj
		for _, rp := range s.reposOfLocked(sp.Name) {
			out = append(out, s.repositoryItem(rp, false))
		}
		return out
	})
	list("zosRepository", inc.zos, func() []obj { return nil })
	return o
}

// repositoryItem is a repository as the repository routes show it (a
// server's own list adds remoteUser and drops the center).
func (s *Server) repositoryItem(rp *repoRow, ofServer bool) obj {
	sp := &rp.spec
	usage := 0
	if sp.Size > 0 {
		usage = int(sp.Used * 100 / sp.Size)
	}
	o := obj{{"id", strconv.Itoa(sp.ID)}}
	if !ofServer {
		o = append(o, field{"center", sp.Center})
	}
	o = append(o, field{"type", strings.ToUpper(string(sp.Type))},
		field{"size", s.cfg.size(sp.Size)}, field{"used", s.cfg.size(sp.Used)}, field{"free", s.cfg.size(sp.Size - sp.Used)},
		field{"usage", usage}, field{"remotePath", sp.RemotePath}, field{"localPath", sp.LocalPath})
	if ofServer {
		o = append(o, field{"remoteUser", orDash(sp.Account)})
	}
	return append(o, field{"ipAddress", append([]string{}, sp.IPs...)}, field{"port", strconv.Itoa(sp.Port)},
		field{"lastUpdated", s.cfg.dataTime(rp.updated)})
}

// handleRepositories answers GET {api}/zdms/repositories (args empty)
// and GET {api}/zdms/:id/repositories.
func (s *Server) handleRepositories(r *http.Request, args []string, now time.Time) reply {
	keys := []string{"center", "type", "os", "path", "page", "limit", "sort"}
	qr := s.newQuery(r.URL.Query(), keys, "")
	center := qr.str("center")
	typ := qr.enum("type", "nfs", "smb")
	osf := qr.enum("os", "win", "lin")
	path := qr.str("path")
	pg, desc := qr.paging(), qr.sortDesc()
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.centersExistLocked(center); p != nil {
		return s.errorReply(*p, now)
	}
	owner, msg := "", text{en: "Repository list retrieved"}
	if len(args) == 1 {
		id, _ := ident(args[0])
		c := s.centerByIdentLocked(id)
		if c == nil {
			return s.errorReply(s.zdmNotFound(id), now)
		}
		owner, msg = c.spec.Name, text{en: "Repository information retrieved"}
	}
	var rows []*repoRow
	for _, rp := range s.repos {
		smb := rp.spec.Type == zdm.RepositorySMB
		switch {
		case owner != "" && rp.spec.Center != owner,
			!s.matchesCenter(center, rp.spec.Center),
			typ != "" && string(rp.spec.Type) != typ,
			osf == "win" && !smb, osf == "lin" && smb,
			path != "" && path != rp.spec.RemotePath && path != rp.spec.LocalPath:
			continue
		}
		rows = append(rows, rp)
	}
	sortByID(rows, desc, func(r *repoRow) int { return r.spec.ID })
	return listPage(s, rows, pg, func(rp *repoRow) obj { return s.repositoryItem(rp, false) }, msg, now)
}
