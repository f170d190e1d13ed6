package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/zdmkit/go-zdm"
)

// plainName is a source name that can start a generated job name.
var plainName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$`)

// generatedName names a job created without a name, so that the job can
// be found by name if the create's answer is lost: "<source>-recovery-"
// and 8 random hex digits ("tf-recovery-..." for a source given by ID).
func generatedName(source string) string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	prefix := "tf"
	if _, isID := parseID(source); plainName.MatchString(source) && !isID {
		prefix = source
	}
	return prefix + "-recovery-" + hex.EncodeToString(b[:])
}

// create is the create request of the plan. A job configured without a
// name gets one generated.
func (r recoveryJobs) create(ctx context.Context, plan *recoveryJobModel, diags *diag.Diagnostics) jobCreate {
	s := plan.settings(ctx, diags)
	generated := !known(plan.Name)
	if generated {
		s.Name = generatedName(s.Source)
	}
	return jobCreate{name: s.Name, generated: generated, send: func(ctx context.Context) jobCreated {
		res, cresp, err := r.c.Recoveries.Create(ctx, createRequest(s))
		out := jobCreated{resp: cresp, err: err, failed: "Could not create the recovery job"}
		if res != nil {
			out.name = res.JobName
			out.partial = errors.Is(err, zdm.ErrPartialFailure) && res.JobName != ""
		}
		return out
	}}
}
