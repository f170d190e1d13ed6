package main

import (
	"fmt"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// startFake starts zdmtest with its default world (web01 and its
// backups, web01-dr, ...) speaking as a released 1.x/2.x server, runs
// moving one step per poll; fail makes them fail at 72%.
func startFake(fail bool) (*zdm.Client, func(), error) {
	plan := append([]zdmtest.Step{{Phase: zdmtest.PhasePreparing}}, zdmtest.Ramp(8, 21, 37, 55, 72, 90)...)
	if fail {
		plan = append(plan[:6], zdmtest.Step{Phase: zdmtest.PhaseFailed, Percent: 72,
			Message: "Write failed on /dev/sda1: no space left on device"})
	}
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1), zdmtest.WithDefaultPlan(plan...))
	if err != nil {
		return nil, nil, fmt.Errorf("starting the fake server: %w", err)
	}
	return srv.Client(), srv.Close, nil
}
