// Command devserver runs go-zdm's fake ZDM server (zdmtest) until
// interrupted, to try the provider by hand without a real server:
//
//	go run ./devserver            # prints the ZDM_* settings to export
//	go run ./devserver -dialect v3
//
// It holds zdmtest's default world (centers zdm-a and zdm-b, servers such
// as web01 and web01-dr with their partitions, repositories 9 to 11,
// backup jobs and their images), which the README's main.tf uses. Backup
// and recovery jobs registered through it run one step per poll
// (Preparing, Running at 50%, then Complete). Its state lives in memory
// only.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/zdmkit/go-zdm/zdmtest"
)

func main() {
	dialect := flag.String("dialect", "v1", "the server generation to imitate: v1 (1.x/2.x) or v3 (3.0.0)")
	flag.Parse()
	d := zdmtest.DialectV1
	switch *dialect {
	case "v1":
	case "v3":
		d = zdmtest.DialectV3
	default:
		log.Fatalf("-dialect %q: expected v1 or v3", *dialect)
	}
	srv, err := zdmtest.Start(zdmtest.WithDialect(d))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	// The fake moves a run one step per poll: poll often.
	fmt.Printf("export ZDM_URL=%s\nexport ZDM_EMAIL=%s\nexport ZDM_PASSWORD=%s\nexport ZDM_POLL_INTERVAL=200ms\n",
		srv.URL, zdmtest.DefaultEmail, zdmtest.DefaultPassword)
	fmt.Fprintf(os.Stderr, "fake ZDM server (%s dialect) serving; Ctrl-C stops it\n", d)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
