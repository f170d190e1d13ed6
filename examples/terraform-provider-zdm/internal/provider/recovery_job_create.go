package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/resource"

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

// findRecovery reads the recovery job of that name in the center, with
// its settings.
func (r *recoveryJobResource) findRecovery(ctx context.Context, center, name string) (*zdm.Recovery, *zdm.Response, error) {
	return r.client.Recoveries.Get(ctx, name, &zdm.GetRecoveryOptions{Center: center, Detail: true})
}

// recoveryID is a recovery job's ID, as the resource's id holds it.
func recoveryID(j *zdm.Recovery) string { return viewOf(j).ID }

// Create registers the job and reads it back. A configured name is
// checked first: a job of that name in the center is reported, with how
// to import it, rather than registered twice. A create whose answer is
// lost (zdm.ErrOutcomeUnknown) is settled by looking the job up by name:
// found, it is adopted (the name was free just before); not found, the
// create did not take effect.
func (r *recoveryJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan recoveryJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := plan.settings(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if known(plan.Name) {
		if nameTaken(ctx, recoveryJobKind, r.findRecovery, recoveryID, s.Center, s.Name, &resp.Diagnostics) {
			return
		}
	} else {
		s.Name = generatedName(s.Source)
	}

	res, cresp, err := r.client.Recoveries.Create(ctx, createRequest(s))
	logCall(ctx, "create the recovery job", cresp, err)
	requestID := ""
	if cresp != nil {
		requestID = cresp.RequestID
	}
	var job *zdm.Recovery
	partial := errors.Is(err, zdm.ErrPartialFailure) && res != nil && res.JobName != ""
	switch {
	case errors.Is(err, zdm.ErrOutcomeUnknown):
		var ok bool
		if job, ok = settleLostCreate(ctx, recoveryJobKind, r.findRecovery, recoveryID, s.Center, s.Name, err, &resp.Diagnostics); !ok {
			return
		}
	case err != nil && !partial:
		addError(&resp.Diagnostics, "Could not create the recovery job", err, nil, requestID)
		return
	default:
		if res.JobName != "" {
			s.Name = res.JobName
		}
		// Servers answer no job ID: look the job up by its name.
		var gresp *zdm.Response
		var gerr error
		job, gresp, gerr = r.findRecovery(ctx, s.Center, s.Name)
		logCall(ctx, "read the created recovery job", gresp, gerr)
		if gerr != nil {
			readBackFailed(&resp.Diagnostics, recoveryJobKind, s.Center, s.Name, gerr, requestID)
			return
		}
	}
	plan.fill(ctx, viewOf(job), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if partial {
		// The job exists and is in state: the apply fails, and the job is
		// tainted, so the next apply replaces it.
		addError(&resp.Diagnostics, "The recovery job was registered only in part", err, nil, requestID)
	}
}
