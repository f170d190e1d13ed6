package main

import (
	"fmt"
	"net/http"
	"strings"
)

// route is one control route: the mux, GET /_fake/ and -h are made from
// the table of them.
type route struct {
	method, path string // path under controlRoot, as http.ServeMux patterns it
	shown        string // the path as GET /_fake/ and -h show it ("" for path)
	help         string // what it does, for -h (wrapped there)
	handle       func(f *fake, w http.ResponseWriter, r *http.Request)
}

// controlRoutes are the control routes. (A function, not a variable:
// the index handler lists them.)
func controlRoutes() []route {
	return []route{
		{"GET", "/{$}", "/", "the server: dialect, url, prefix, token, credentials, routes", (*fake).handleIndex},
		{"GET", "/health", "", "{\"status\": \"ok\", \"dialect\": ...}: 200 once serving", (*fake).handleHealth},
		{"POST", "/reset", "", "back to the scenario (or to the scenario in the body): jobs, users, faults, clock; tokens and the log are forgotten; answers {\"token\", \"url\"}", (*fake).handleReset},
		{"GET", "/jobs", "", "jobs: id, name, status, runs, polls, center", (*fake).handleJobs},
		{"POST", "/jobs", "", "add a job (a scenario job object)", (*fake).handleAddJob},
		{"GET", "/jobs/{job}", "", "one job (ID or name), with its log and histories", (*fake).handleJob},
		{"PUT", "/jobs/{job}", "", "replace a job (same ID)", (*fake).handleReplaceJob},
		{"DELETE", "/jobs/{job}", "", "remove a job", (*fake).handleRemoveJob},
		{"POST", "/jobs/{job}/{action}", "", "start, stop, advance, complete, cancel, fail {\"message\"}, set {\"partition\": i, \"step\": {...}}, plan {\"steps\": [...]} (later runs), log {\"lines\": [...]}", (*fake).handleJobAction},
		{"GET", "/backups", "", "backup jobs: id, name, server, partition, status, runs, polls, center", (*fake).handleBackups},
		{"POST", "/backups", "", "add a backup job (a scenario backup object)", (*fake).handleAddBackup},
		{"GET", "/backups/{job}", "", "one backup job (ID or name), with its log, histories and images", (*fake).handleBackup},
		{"POST", "/backups/{job}/{action}", "", "run a backup: start (a run, which writes an image and a history row when it completes), and stop, advance, complete, cancel, fail, set, plan, log as for jobs", (*fake).handleBackupAction},
		{"GET", "/faults", "", "the faults still pending, oldest first, each with the count of answers it has left: {\"pending\": n, \"faults\": [...]}", (*fake).handleFaults},
		{"POST", "/faults", "", "inject a fault object, or an array of them; answers {\"injected\": [...], \"pending\": n, \"faults\": [...]}", (*fake).handleInject},
		{"GET", "/clock", "", "{\"now\": ..., \"frozen\": ...}", (*fake).handleClock},
		{"POST", "/clock", "", "{\"advance\": \"10m\"}, {\"set\": time}, {\"freeze\": true|false}, or together (a freeze first, a thaw last)", (*fake).handleSetClock},
		{"POST", "/tokens", "", "a fresh token of the default user", (*fake).handleToken},
		{"POST", "/tokens/expire", "", "every token so far expires (401)", (*fake).handleTokens},
		{"POST", "/tokens/revoke", "", "every token so far is forgotten (401)", (*fake).handleTokens},
		{"POST", "/users", "", "add a user {\"email\", \"password\"}", (*fake).handleAddUser},
		{"GET", "/requests", "/requests?since=n", "the request log from entry n (0 first): {\"total\", \"kept\", \"requests\": [{\"seq\", \"method\", \"path\", \"rawPath\", \"query\", \"auth\", \"header\", \"time\", \"status\", \"fault\"}]}; the log keeps the last -request-log requests", (*fake).handleRequests},
		{"DELETE", "/requests", "", "forget the request log", (*fake).handleClearRequests},
	}
}

// shownPath is the route's path as the index and -h show it.
func (rt route) shownPath() string {
	if rt.shown != "" {
		return controlRoot + rt.shown
	}
	return controlRoot + rt.path
}

// controlMux registers the routes.
func controlMux(f *fake) *http.ServeMux {
	m := http.NewServeMux()
	for _, rt := range controlRoutes() {
		m.HandleFunc(rt.method+" "+controlRoot+rt.path, func(w http.ResponseWriter, r *http.Request) { rt.handle(f, w, r) })
	}
	return m
}

// routeList is the routes as GET /_fake/ lists them.
func routeList() []string {
	routes := controlRoutes()
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.method + " " + rt.shownPath()
	}
	return out
}

// routeHelp is the routes as -h lists them.
func routeHelp() string {
	var b strings.Builder
	for _, rt := range controlRoutes() {
		for i, l := range wrap(rt.help, 41) {
			if i == 0 {
				fmt.Fprintf(&b, "  %-6s %-28s %s\n", rt.method, rt.shownPath(), l)
			} else {
				fmt.Fprintf(&b, "  %-6s %-28s %s\n", "", "", l)
			}
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines, line = append(lines, line), ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
