package main

import (
	"fmt"

	"github.com/zdmkit/go-zdm"
	"github.com/zdmkit/go-zdm/zdmtest"
)

const demoJob = "web-prod-01-recovery"

// startDemo starts zdmtest with a simulated Linux recovery of three
// partitions of different sizes (the small boot partition finishes early)
// lasting about s.demoDuration, and a client for it.
func startDemo(s settings) (*zdm.Client, string, func(), error) {
	srv, err := zdmtest.Start(zdmtest.WithDialect(zdmtest.DialectV1))
	if err != nil {
		return nil, "", nil, fmt.Errorf("starting the demo server: %w", err)
	}
	// The plan, in seventeenths of the whole run.
	unit := s.demoDuration / 17
	var ending zdmtest.Ending
	if s.demoFail {
		ending = zdmtest.FailAt(70, "Write failed on /dev/vdc1: no space left on device")
	}
	srv.AddRecoveryJob(zdmtest.JobSpec{
		Name:     demoJob,
		Source:   zdmtest.Machine{Name: "web-prod-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1"},
		Target:   zdmtest.Machine{Name: "web-dr-01", OS: "Rocky Linux 9.3", Agent: "ZDM Agent 2.0.1"},
		Platform: "OpenStack",
		Log:      []string{"Recovery job registered"},
		Partitions: []zdmtest.PartitionSpec{
			{Partition: "/boot", Device: "/dev/vda1", Simulation: &zdmtest.Simulation{Prepare: unit, Copy: 2 * unit}},
			{Partition: "/", Device: "/dev/vda2", Simulation: &zdmtest.Simulation{Delay: unit, Prepare: unit, Copy: 9 * unit, Reboot: 2 * unit}},
			{Partition: "/var/lib/mysql", Device: "/dev/vdc1", Simulation: &zdmtest.Simulation{Prepare: 2 * unit, Copy: 13 * unit, Reboot: 2 * unit, Ending: ending}},
		},
	})
	c := srv.Client()
	cleanup := func() {
		srv.Close()
	}
	return c, demoJob, cleanup, nil
}
