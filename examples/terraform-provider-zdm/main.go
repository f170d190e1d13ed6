// Command terraform-provider-zdm serves the ZDM Terraform provider, built
// on go-zdm, to Terraform.
//
// Build it with `go build` (or `go install`) and point Terraform at the
// binary with a dev_overrides block (see README.md). Run it with -debug to
// serve it for a debugger and print the TF_REATTACH_PROVIDERS value to use.
package main

// The registry documentation in docs/, from the schema and examples/
// (scripts/docs-check fails when it is stale).
//go:generate scripts/docs

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/zdmkit/go-zdm/examples/terraform-provider-zdm/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

// registryAddress is where Terraform finds the provider: the source in a
// required_providers block and the key of a dev_overrides entry.
const registryAddress = "registry.terraform.io/zdmkit/zdm"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "serve the provider for a debugger (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         registryAddress,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
