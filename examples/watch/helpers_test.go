package main

import (
	"context"
	"os"
	"syscall"

	"github.com/zdmkit/go-zdm"
)

func sampleSnapshot() *zdm.JobMonitoring {
	row := func(name, status, pct, msg string) zdm.PartitionProgress {
		return zdm.PartitionProgress{Partition: name, ProgressInfo: zdm.ProgressInfo{Status: zdm.Status(status), Percent: pct, Message: msg}}
	}
	return &zdm.JobMonitoring{
		System: zdm.Systems{Source: zdm.ServerInfo{Name: "web-prod-01"}, Target: zdm.ServerInfo{Name: "web-dr-01"}},
		Job: zdm.JobProgress{
			Info: zdm.JobInfo{Name: "web-prod-01-recovery"},
			Details: []zdm.PartitionProgress{
				row("/boot", "Complete", "100%", "Recovery completed"),
				row("/", "Processing", "45%", "Transferring data..."),
				row("/var/lib/mysql", "Error", "70%", "Write failed on /dev/vdc1: no space left on device"),
				{Drive: "C:", ProgressInfo: zdm.ProgressInfo{Status: "Registered", Percent: "-", Message: "-"}},
			},
		},
	}
}

func sampleWatchError() error {
	return &zdm.WatchError{
		Identifier: "web-prod-01-recovery",
		Err:        context.Canceled,
		LastError:  &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED},
		LastState:  sampleSnapshot(),
		Polls:      1,
	}
}
