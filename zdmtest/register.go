package zdmtest

import "strings"

// RegisterServer gives a server name an ID (in order of first
// appearance, from 1, shared with the servers named in jobs) before any
// job names it, so that registrations by numeric ID and server
// monitoring know it. It returns the ID; a name already known keeps its
// own. An empty name is misuse (0 is returned).
func (s *Server) RegisterServer(name string) int {
	if strings.TrimSpace(name) == "" {
		s.misuse("RegisterServer: empty name")
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.machines.add(name)
}

// RegisterCenter gives a center name an ID (in order of first
// appearance, from 1, shared with the centers named in jobs) before any
// job names it, so that registrations and center filters by numeric ID
// know it. It returns the ID; a name already known keeps its own. An
// empty name is misuse (0 is returned).
func (s *Server) RegisterCenter(name string) int {
	if strings.TrimSpace(name) == "" {
		s.misuse("RegisterCenter: empty name")
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.centers.add(name)
}
