package zdmtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Backup images, the inputs of recoveries: GET
// {api}/backups/images/server/:server (1.x/2.x by name, 3.0.0 by ID or
// name) and GET {api}/backups/images (3.0.0). Each request scans the
// repositories in scope; an Unreachable one fails its scan: 3.0.0 lists
// the others with the failure in scan, and fails when every one failed.

// handleImages answers both image routes (args holds the server of the
// first).
func (s *Server) handleImages(r *http.Request, args []string, now time.Time) reply {
	v3 := s.cfg.dialect == DialectV3
	q := r.URL.Query()
	qr := s.newQuery(nil, nil, "") // the images query is not strict
	qr.q = q
	for k, vs := range q {
		if v3 && (k == "center" || k == "server") && len(vs) > 0 && strings.TrimSpace(vs[0]) == "" {
			qr.fail(k, k+" must contain at least one identifier", "")
		}
	}
	server := qr.str("server")
	if len(args) == 1 {
		server, _ = ident(args[0])
		if strings.TrimSpace(server) == "" {
			return s.errorReply(problem{status: http.StatusBadRequest, code: "DTO-VALIDATION-02", msg: text{en: "URL parameter validation failed.", ko: "서버 이름(serverName)이 필요합니다."},
				fields: []fieldError{{"server", "server is required"}}}, now)
		}
	}
	center, repoID, repoPath := qr.str("center"), qr.str("repositoryId"), qr.str("repositoryPath")
	repoType := qr.enum("repositoryType", "smb", "nfs")
	jobName := strings.TrimSuffix(qr.str("jobName"), ".ZIA")
	parts, drives := qr.partitionFilter()
	wanted := append(parts, drives...)
	pg := qr.paging()
	desc := len(args) == 0 && qr.sortDesc()
	if repoID != "" && !isDigits(repoID) {
		qr.fail("repositoryId", "repositoryId must be a number", "'repositoryId' 값은 숫자여야 합니다.")
	}
	if qr.errs != nil {
		return s.errorReply(s.queryProblem(qr.errs), now)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleAllLocked(now)
	var centers []string
	for _, item := range list(center) {
		c := s.centerByIdentLocked(item)
		if c == nil {
			return s.errorReply(s.filterCenterNotFound(item), now)
		}
		centers = append(centers, c.spec.Name)
	}
	// The repositories scanned.
	var repos []*repoRow
	for _, rp := range s.repos {
		switch {
		case len(centers) > 0 && !slices.Contains(centers, rp.spec.Center),
			repoID != "" && repoID != strconv.Itoa(rp.spec.ID),
			repoType != "" && string(rp.spec.Type) != repoType,
			repoPath != "" && repoPath != rp.spec.LocalPath && repoPath != rp.spec.RemotePath:
			continue
		}
		repos = append(repos, rp)
	}
	if len(repos) == 0 {
		msg := text{en: "No registered Repositories found", ko: "등록된 Repository가 없습니다"}
		if repoID != "" {
			msg = text{en: "Requested Repository ID " + repoID + " not found", ko: "요청한 Repository ID " + repoID + "를 찾을 수 없습니다"}
		}
		return s.errorReply(problem{status: http.StatusNotFound, code: "ZDM-REPOSITORY-ERROR-01", msg: msg}, now)
	}
	// The server: a name, or (3.0.0) an ID turned into its name; an ID
	// no server has finds nothing, as orphans are found by name only.
	if server != "" && isDigits(server) && v3 {
		if sv := s.serverInLocked("", server); sv != nil {
			server = sv.spec.Name
		} else {
			server = "\x00"
		}
	}
	if len(args) == 1 && !v3 && s.serverInLocked("", server) == nil && !slices.ContainsFunc(s.images, func(im *imageRow) bool { return im.server == server }) {
		return s.errorReply(problem{status: http.StatusNotFound, code: "SERVER-ERROR-01", msg: text{
			en: "Server '" + server + "' not found", ko: "서버 '" + server + "'을(를) 찾을 수 없습니다"}}, now)
	}
	var failures []obj
	var rows []*imageRow
	for _, rp := range repos {
		if rp.spec.Unreachable {
			failures = append(failures, obj{{"centerName", rp.spec.Center}, {"repositoryId", rp.spec.ID}, {"code", "JOB-ERROR-68"},
				{"reason", fmt.Sprintf("Backup image lookup timed out (30 seconds elapsed, Center: %s, Repository ID: %d, last job status: Waiting(3))", rp.spec.Center, rp.spec.ID)},
				{"retryable", true}})
			continue
		}
		for _, im := range s.sortedImagesLocked() {
			switch {
			case im.repo != rp.spec.ID,
				server != "" && im.server != server,
				jobName != "" && im.job.name != jobName,
				len(wanted) > 0 && !slices.Contains(wanted, im.part):
				continue
			}
			rows = append(rows, im)
		}
	}
	if len(failures) == len(repos) {
		first := failures[0][3].value.(string)
		if !v3 {
			first = fmt.Sprintf("백업 이미지 조회 작업 시간 초과 (10초 경과, Center: %s, Repository ID: %d)", repos[0].spec.Center, repos[0].spec.ID)
		}
		return s.errorReply(problem{status: http.StatusInternalServerError, code: "INTERNAL_SERVER_ERROR", msg: text{en: first}}, now)
	}
	slices.SortStableFunc(rows, func(a, b *imageRow) int {
		if desc {
			return b.spec.CreatedAt.Compare(a.spec.CreatedAt)
		}
		return a.spec.CreatedAt.Compare(b.spec.CreatedAt)
	})
	lo, hi, meta := pg.window(len(rows))
	items := make([]obj, 0, hi-lo)
	for _, im := range rows[lo:hi] {
		items = append(items, s.imageItem(im)) // not listPage: scan goes beside data
	}
	message := text{en: "Backup images retrieved successfully"}
	if len(failures) > 0 {
		message = text{en: fmt.Sprintf("Backup images retrieved (%d of %d repositories scanned)", len(repos)-len(failures), len(repos))}
	}
	id := s.nextRequestID()
	env := obj{{"success", true}, s.idField(id), {"data", items}}
	if meta != nil {
		env = append(env, field{"pagination", meta})
	}
	if v3 {
		env = append(env, field{"scan", obj{{"total", len(repos)}, {"succeeded", len(repos) - len(failures)},
			{"failed", len(failures)}, {"failures", append([]obj{}, failures...)}}})
	}
	env = append(env, field{"message", s.cfg.say(message)}, field{"timestamp", s.cfg.formatTime(now)})
	return s.jsonReply(http.StatusOK, env, id)
}

// imageItem is an image as the image routes show it: 1.x/2.x's
// documented shape, or 3.0.0's (sizes before and after compression).
func (s *Server) imageItem(im *imageRow) obj {
	sp := &im.spec
	sv := s.serverNamedLocked(im.center, im.server)
	osText, win := "UNKNOWN", isDrive(im.part)
	if sv != nil {
		osText = sv.spec.OS
	}
	rp := s.repoLocked(im.repo)
	path := "-"
	if rp != nil {
		path = rp.spec.LocalPath
	}
	ratio := 0.0
	if sp.Size > 0 {
		ratio = float64(int64(10000*(1-float64(sp.Compressed)/float64(sp.Size)))) / 100
	}
	var vol *Volume
	if sv != nil {
		vol = sv.volume(im.part)
	}
	if s.cfg.dialect != DialectV3 {
		image := obj{{"name", sp.Name}, {"jobName", im.job.name}, {"type", sp.Type}, {"size", s.cfg.size(sp.Compressed)},
			{"createdAt", s.cfg.dataTime(sp.CreatedAt)},
			{"compression", obj{{"enabled", true}, {"ratio", strconv.FormatFloat(ratio, 'f', 2, 64) + "%"}}},
			{"repository", obj{{"id", im.repo}, {"path", path}}}}
		size, fs := Bytes(0), "-"
		if vol != nil {
			size, fs = vol.Size, vol.FileSystem
		}
		where := field{"partition", obj{{"mountPoint", im.part}, {"device", im.device}, {"size", s.cfg.size(size)}, {"filesystem", fs}}}
		if win {
			where = field{"drive", obj{{"letter", im.part}, {"size", s.cfg.size(size)}, {"filesystem", fs}}}
		}
		return obj{{"image", image}, {"server", obj{{"name", im.server}, {"os", osText}}}, where}
	}
	typ := "Full"
	if sp.Type == "increment" {
		typ = "Incremental"
	}
	image := obj{{"name", sp.Name}, {"jobName", im.job.name}, {"type", typ},
		{"size", obj{{"original", s.cfg.size(sp.Size)}, {"compressed", s.cfg.size(sp.Compressed)}}},
		{"createdAt", s.cfg.dataTime(sp.CreatedAt)},
		{"compression", obj{{"level", "Default"}, {"ratio", obj{{"percent", ratio}, {"formatted", strconv.FormatFloat(ratio, 'f', 2, 64) + "%"}}}}},
		{"repository", obj{{"id", im.repo}, {"path", path}}}, {"comment", ""}}
	where := field{"partition", obj{{"mountPoint", im.part}, {"device", im.device}}}
	if win {
		where = field{"drive", obj{{"letter", im.part}}}
	}
	return obj{{"image", image}, {"server", obj{{"name", im.server}, {"os", osText}}}, where}
}
