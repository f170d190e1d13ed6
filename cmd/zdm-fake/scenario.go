package main

import "github.com/zdmkit/go-zdm/zdmtest"

// scenario is a scenario file (-scenario file.json), and the body of
// POST /_fake/reset when one is sent: zdmtest's Scenario (users, centers,
// servers, jobs, plans, the default plan, faults, in zdmtest's JSON form)
// beside the settings of the server it is loaded into. Every field is optional.
// Durations are Go duration strings ("90s", "1m30s"); times are RFC
// 3339. See the schema in the README and in -h.
type scenario struct {
	// Dialect, Prefix and TimeZone are used when the matching flag (or
	// environment variable) is not given; a reset cannot change them.
	Dialect  string `json:"dialect,omitempty"`
	Prefix   string `json:"prefix,omitempty"`
	TimeZone string `json:"timeZone,omitempty"`
	// TokenLifetime is how long issued tokens live ("1h" by default).
	TokenLifetime string `json:"tokenLifetime,omitempty"`
	// Clock starts the server's clock at a time, running or frozen.
	Clock *clockStart `json:"clock,omitempty"`

	zdmtest.Scenario
}

// clockStart is where the server's clock starts.
type clockStart struct {
	Start  string `json:"start,omitempty"`  // RFC 3339; "" is now
	Frozen bool   `json:"frozen,omitempty"` // stays at Start until moved
}
