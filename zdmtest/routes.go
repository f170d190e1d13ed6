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
	{"GET", "recoveries", DialectSeed, (*Server).handleList},
	{"POST", "recoveries", DialectSeed, (*Server).handleCreate},
	{"GET", "recoveries/histories", DialectSeed, (*Server).handleHistories},
	{"GET", "recoveries/histories/:id", DialectSeed, (*Server).handleHistory},
	{"GET", "recoveries/monitoring/job/:id", DialectSeed, (*Server).handleMonitor},
	{"GET", "recoveries/monitoring/system/:id", DialectSeed, (*Server).handleSystem},
	{"GET", "recoveries/:id", DialectSeed, (*Server).handleGet},
	{"PUT", "recoveries/:id", DialectSeed, (*Server).handleUpdate},
	{"DELETE", "recoveries/:id", DialectSeed, (*Server).handleDelete},

	{"GET", "backups", DialectSeed, (*Server).handleBackups},
	{"POST", "backups", DialectSeed, (*Server).handleCreateBackup},
	{"GET", "backups/images", DialectV3, (*Server).handleImages},
	{"GET", "backups/images/server/:server", DialectV1, (*Server).handleImages},
	{"GET", "backups/histories", DialectV1, (*Server).handleBackupHistories},
	{"GET", "backups/histories/:id", DialectV1, (*Server).handleBackupHistory},
	{"GET", "backups/monitoring/job/:id", DialectSeed, (*Server).handleBackupMonitor},
	{"GET", "backups/monitoring/system/:id", DialectSeed, (*Server).handleBackupSystem},
	{"GET", "backups/:id", DialectSeed, (*Server).handleBackup},
	{"PUT", "backups/:id", DialectSeed, (*Server).handleUpdateBackup},
	{"DELETE", "backups/:id", DialectSeed, (*Server).handleDeleteBackup},

	{"GET", "servers", DialectSeed, (*Server).handleServers},
	{"GET", "servers/partitions", DialectSeed, (*Server).handlePartitions},
	{"GET", "servers/:id", DialectSeed, (*Server).handleServer},
	{"GET", "servers/:id/partitions", DialectSeed, (*Server).handlePartitions},
	{"DELETE", "servers/:id", DialectSeed, (*Server).handleDeleteServer},

	{"GET", "zdms", DialectSeed, (*Server).handleCenters},
	{"GET", "zdms/repositories", DialectSeed, (*Server).handleRepositories},
	{"POST", "zdms/repositories", DialectSeed, (*Server).handleCreateRepository},
	{"POST", "zdms/repositories/verify", DialectV1, (*Server).handleVerifyRepository},
	{"PUT", "zdms/repositories/:id", DialectV1, (*Server).handleUpdateRepository},
	{"DELETE", "zdms/repositories/:id", DialectV1, (*Server).handleDeleteRepository},
	{"GET", "zdms/:id", DialectSeed, (*Server).handleCenter},
	{"GET", "zdms/:id/repositories", DialectSeed, (*Server).handleRepositories},

	{"GET", "schedules", DialectSeed, (*Server).handleSchedules},
	{"POST", "schedules", DialectSeed, (*Server).handleCreateSchedule},
	{"GET", "schedules/:id", DialectSeed, (*Server).handleSchedule},
	{"DELETE", "schedules/:id", DialectV1, (*Server).handleDeleteSchedule},

	{"GET", "licenses", DialectSeed, (*Server).handleLicenses},
	{"PUT", "licenses/assign", DialectSeed, (*Server).handleAssignLicense},
	{"GET", "licenses/key/:key", DialectSeed, (*Server).handleLicenseKey},
	{"GET", "licenses/:id", DialectSeed, (*Server).handleLicense},
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
