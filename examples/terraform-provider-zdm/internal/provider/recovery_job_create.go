package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/zdmkit/go-zdm"
)

// lookupTimeout bounds the look-up of a job after a create whose answer
// was lost: it runs even when the create's own context has ended.
const lookupTimeout = 2 * time.Minute

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
		if r.nameTaken(ctx, s.Center, s.Name, &resp.Diagnostics) {
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
		if job = r.settleLostCreate(ctx, s, err, &resp.Diagnostics); job == nil {
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
		job, gresp, gerr = r.client.Recoveries.Get(ctx, s.Name, &zdm.GetRecoveryOptions{Center: s.Center, Detail: true})
		logCall(ctx, "read the created recovery job", gresp, gerr)
		if gerr != nil {
			addError(&resp.Diagnostics, "Created the recovery job "+strconv.Quote(s.Name)+" but could not read it back", gerr, nil, requestID)
			resp.Diagnostics.AddWarning("Recovery job may be left behind",
				"The job "+strconv.Quote(s.Name)+" was registered in center "+strconv.Quote(s.Center)+
					" but is not in Terraform's state: import it ("+importHint(s.Center, s.Name)+") or delete it.")
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

// nameTaken reports (as an error at name) a job of that name in the
// center, with how to import it. Adopting it silently could hand this
// configuration someone else's job, to change or to delete with its
// histories: importing it is the user's decision.
func (r *recoveryJobResource) nameTaken(ctx context.Context, center, name string, diags *diag.Diagnostics) bool {
	job, gresp, err := r.client.Recoveries.Get(ctx, name, &zdm.GetRecoveryOptions{Center: center})
	logCall(ctx, "check that the recovery job's name is free", gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		return false
	case err != nil:
		addError(diags, "Could not create the recovery job: could not check whether center "+strconv.Quote(center)+
			" already has a job named "+strconv.Quote(name), err, nil, "")
		return true
	}
	diags.AddAttributeError(path.Root("name"), "Recovery job already exists", fmt.Sprintf(
		"Center %q already has a recovery job named %q (ID %s). If an earlier apply registered it (for example one that "+
			"failed with a server error after the server had acted), import it instead of creating it again:\n\n"+
			"  %s\n\nor with an import block:\n\n  import {\n    to = <resource address>\n    id = %q\n  }\n\n"+
			"Otherwise choose another name. The provider does not adopt it by itself: it may belong to someone else.",
		center, name, viewOf(job).ID, importHint(center, name), center+"/"+name))
	return true
}

// settleLostCreate looks up, by name, the job of a create whose answer
// was lost, and returns it (with a warning saying it was adopted), or nil
// with an error saying what is known.
func (r *recoveryJobResource) settleLostCreate(ctx context.Context, s jobSettings, createErr error, diags *diag.Diagnostics) *zdm.Recovery {
	// The create's context may be what ended: the look-up gets its own.
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()
	job, gresp, err := r.client.Recoveries.Get(lctx, s.Name, &zdm.GetRecoveryOptions{Center: s.Center, Detail: true})
	logCall(ctx, "look up the recovery job after a lost answer", gresp, err)
	switch {
	case err == nil:
		diags.AddWarning("Recovery job adopted after a lost answer", fmt.Sprintf(
			"The server's answer to the create was lost (%v). Center %q has a job named %q (ID %s): the name was free "+
				"just before this create, so it is the job this apply registered, and it is now in Terraform's state.",
			createErr, s.Center, s.Name, viewOf(job).ID))
		return job
	case errors.Is(err, zdm.ErrNotFound):
		diags.AddError("Recovery job not created", fmt.Sprintf(
			"The server's answer to the create was lost (%v), and center %q has no job named %q: "+
				"the create did not take effect. Apply again.", createErr, s.Center, s.Name))
	default:
		diags.AddError("Could not create the recovery job: outcome unknown", fmt.Sprintf(
			"The server's answer to the create was lost (%v), and looking for the job by its name failed too (%v).\n\n"+
				"Before applying again, check whether center %q has a job named %q; if it does, import it: %s",
			createErr, err, s.Center, s.Name, importHint(s.Center, s.Name)))
	}
	return nil
}

// importHint is the command that imports the job of that name.
func importHint(center, name string) string {
	return "terraform import <resource address> " + strconv.Quote(center+"/"+name)
}
