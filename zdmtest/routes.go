package zdmtest

import (
	"net/http"
	"strings"
	"time"
)

// handler answers one route; args are the path's parameters, escaped
// as sent.
type handler func(s *Server, r *http.Request, args []string, now time.Time) reply

// apiRoute is one route of the API: a method, a pattern relative to the
// API root (":" segments match any one segment), the oldest dialect
// that serves it, and its handler. Every route but the token issue one
// wants a valid token first.
type apiRoute struct {
	method, pattern string
	since           Dialect
	handle          handler
}

// apiRoutes are the routes, literal segments before parameters where
// both could match.
var apiRoutes = []apiRoute{
	{"GET", "recoveries", DialectDraft, (*Server).handleList},
	{"POST", "recoveries", DialectDraft, (*Server).handleCreate},
	{"GET", "recoveries/histories", DialectDraft, (*Server).handleHistories},
	{"GET", "recoveries/histories/:id", DialectDraft, (*Server).handleHistory},
	{"GET", "recoveries/monitoring/job/:id", DialectDraft, (*Server).handleMonitor},
	{"GET", "recoveries/monitoring/system/:id", DialectDraft, (*Server).handleSystem},
	{"GET", "recoveries/:id", DialectDraft, (*Server).handleGet},
	{"PUT", "recoveries/:id", DialectDraft, (*Server).handleUpdate},
	{"DELETE", "recoveries/:id", DialectDraft, (*Server).handleDelete},

	{"GET", "backups", DialectDraft, (*Server).handleBackups},
	{"POST", "backups", DialectDraft, (*Server).handleCreateBackup},
	{"GET", "backups/images", DialectV3, (*Server).handleImages},
	{"GET", "backups/images/server/:server", DialectV1, (*Server).handleImages},
	{"GET", "backups/histories", DialectV1, (*Server).handleBackupHistories},
	{"GET", "backups/histories/:id", DialectV1, (*Server).handleBackupHistory},
	{"GET", "backups/monitoring/job/:id", DialectDraft, (*Server).handleBackupMonitor},
	{"GET", "backups/monitoring/system/:id", DialectDraft, (*Server).handleBackupSystem},
	{"GET", "backups/:id", DialectDraft, (*Server).handleBackup},
	{"PUT", "backups/:id", DialectDraft, (*Server).handleUpdateBackup},
	{"DELETE", "backups/:id", DialectDraft, (*Server).handleDeleteBackup},

	{"GET", "servers", DialectDraft, (*Server).handleServers},
	{"GET", "servers/partitions", DialectDraft, (*Server).handlePartitions},
	{"GET", "servers/:id", DialectDraft, (*Server).handleServer},
	{"GET", "servers/:id/partitions", DialectDraft, (*Server).handlePartitions},
	{"DELETE", "servers/:id", DialectDraft, (*Server).handleDeleteServer},

	{"GET", "zdms", DialectDraft, (*Server).handleCenters},
	{"GET", "zdms/repositories", DialectDraft, (*Server).handleRepositories},
	{"POST", "zdms/repositories", DialectDraft, (*Server).handleCreateRepository},
	{"POST", "zdms/repositories/verify", DialectV1, (*Server).handleVerifyRepository},
	{"PUT", "zdms/repositories/:id", DialectV1, (*Server).handleUpdateRepository},
	{"DELETE", "zdms/repositories/:id", DialectV1, (*Server).handleDeleteRepository},
	{"GET", "zdms/:id", DialectDraft, (*Server).handleCenter},
	{"GET", "zdms/:id/repositories", DialectDraft, (*Server).handleRepositories},

	{"GET", "schedules", DialectDraft, (*Server).handleSchedules},
	{"POST", "schedules", DialectDraft, (*Server).handleCreateSchedule},
	{"GET", "schedules/:id", DialectDraft, (*Server).handleSchedule},
	{"DELETE", "schedules/:id", DialectV1, (*Server).handleDeleteSchedule},

	{"GET", "licenses", DialectDraft, (*Server).handleLicenses},
	{"PUT", "licenses/assign", DialectDraft, (*Server).handleAssignLicense},
	{"GET", "licenses/key/:key", DialectDraft, (*Server).handleLicenseKey},
	{"GET", "licenses/:id", DialectDraft, (*Server).handleLicense},
}

// route dispatches r to its handler, or answers like Express for a route
// that does not exist.
func (s *Server) route(r *http.Request, now time.Time) reply {
	rel, ok := s.relPath(r.URL.EscapedPath())
	if !ok {
		return expressNotFound(r)
	}
	if r.Method == http.MethodPost && s.servesIssue(rel) {
		return s.handleIssue(r, now)
	}
	rel = strings.TrimSuffix(rel, "/") // Express routes are not strict about a trailing slash
	segs := strings.Split(rel, "/")
	for _, rt := range apiRoutes {
		if rt.method != r.Method || s.cfg.dialect < rt.since {
			continue
		}
		args, ok := match(rt.pattern, segs)
		if !ok {
			continue
		}
		if p := s.authenticate(r, now); p != nil {
			return s.errorReply(*p, now)
		}
		return rt.handle(s, r, args, now)
	}
	return expressNotFound(r)
}

// match matches path segments against a pattern and returns the
// parameters.
func match(pattern string, segs []string) ([]string, bool) {
	pat := strings.Split(pattern, "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	var args []string
	for i, p := range pat {
		switch {
		case strings.HasPrefix(p, ":"):
			if segs[i] == "" {
				return nil, false
			}
			args = append(args, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return args, true
}
