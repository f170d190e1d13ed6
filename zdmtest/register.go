package zdmtest

import "strings"

// RegisterServer returns the ID of the world's server of that name (the
// first of that name when several centers have one), adding it to the
// world's first center (as [Server.AddServer] does with only a name)
// when the world has none. An empty name is misuse (0 is returned).
func (s *Server) RegisterServer(name string) int {
	if strings.TrimSpace(name) == "" {
		s.misuse("RegisterServer: empty name")
		return 0
	}
	if id := s.ServerID("", name); id != 0 {
		return id
	}
	return s.AddServer(ServerSpec{Name: name})
}

// RegisterCenter returns the ID of the world's center of that name,
// adding it (as [Server.AddCenter] does with only a name) when the world
// has none. An empty name is misuse (0 is returned).
func (s *Server) RegisterCenter(name string) int {
	if strings.TrimSpace(name) == "" {
		s.misuse("RegisterCenter: empty name")
		return 0
	}
	if id := s.CenterID(name); id != 0 {
		return id
	}
	return s.AddCenter(CenterSpec{Name: name})
}
