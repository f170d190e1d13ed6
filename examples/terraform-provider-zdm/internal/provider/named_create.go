package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zdmkit/go-zdm"
)

// lookupTimeout bounds the look-up of a job after a create whose answer
// was lost: it runs even when the create's own context has ended.
const lookupTimeout = 2 * time.Minute

// jobKind is a kind of job the server names uniquely within a center
// (a recovery job, a backup job), as diagnostics name it.
type jobKind string

// The kinds of job the resources create.
const (
	recoveryJobKind jobKind = "recovery job"
	backupJobKind   jobKind = "backup job"
)

// title is the kind with a capital ("Recovery job").
func (k jobKind) title() string { return strings.ToUpper(string(k[:1])) + string(k[1:]) }

// family is the kind's job family ("recovery").
func (k jobKind) family() string { return strings.TrimSuffix(string(k), " job") }

// typeName is the type name of the kind's resource, after the
// provider's ("recovery_job").
func (k jobKind) typeName() string { return strings.ReplaceAll(string(k), " ", "_") }

// findJob looks a job up by name in a center: the job, or an error
// matching zdm.ErrNotFound when the center has none of that name.
type findJob[T any] func(ctx context.Context, center, name string) (T, *zdm.Response, error)

// nameTaken reports (as an error at name) a job of that name in the
// center, with how to import it. Adopting it silently could hand this
// configuration someone else's job, to change or to delete with its
// histories: importing it is the user's decision.
func nameTaken[T any](ctx context.Context, kind jobKind, find findJob[T], idOf func(T) string, center, name string, diags *diag.Diagnostics) bool {
	job, gresp, err := find(ctx, center, name)
	logCall(ctx, "check that the "+string(kind)+"'s name is free", gresp, err)
	switch {
	case errors.Is(err, zdm.ErrNotFound):
		return false
	case err != nil:
		addError(diags, fmt.Sprintf("Could not create the %s: could not check whether center %q already has a job named %q", kind, center, name),
			err, nil, "")
		return true
	}
	diags.AddAttributeError(path.Root("name"), kind.title()+" already exists", fmt.Sprintf(
		"Center %q already has a %s named %q (ID %s). If an earlier apply registered it (for example one that "+
			"failed with a server error after the server had acted), import it instead of creating it again:\n\n"+
			"  %s\n\nor with an import block:\n\n  import {\n    to = <resource address>\n    id = %q\n  }\n\n"+
			"Otherwise choose another name. The provider does not adopt it by itself: it may belong to someone else.",
		center, kind, name, idOf(job), importHint(center, name), center+"/"+name))
	return true
}

// settleLostCreate looks up, by name, the job of a create whose answer
// was lost, and returns it (with a warning saying it was adopted), or
// false with an error saying what is known.
func settleLostCreate[T any](ctx context.Context, kind jobKind, find findJob[T], idOf func(T) string, center, name string, createErr error, diags *diag.Diagnostics) (T, bool) {
	// The create's context may be what ended: the look-up gets its own.
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()
	job, gresp, err := find(lctx, center, name)
	logCall(ctx, "look up the "+string(kind)+" after a lost answer", gresp, err)
	switch {
	case err == nil:
		diags.AddWarning(kind.title()+" adopted after a lost answer", fmt.Sprintf(
			"The server's answer to the create was lost (%v). Center %q has a job named %q (ID %s): the name was free "+
				"just before this create, so it is the job this apply registered, and it is now in Terraform's state.",
			createErr, center, name, idOf(job)))
		return job, true
	case errors.Is(err, zdm.ErrNotFound):
		diags.AddError(kind.title()+" not created", fmt.Sprintf(
			"The server's answer to the create was lost (%v), and center %q has no job named %q: "+
				"the create did not take effect. Apply again.", createErr, center, name))
	default:
		diags.AddError("Could not create the "+string(kind)+": outcome unknown", fmt.Sprintf(
			"The server's answer to the create was lost (%v), and looking for the job by its name failed too (%v).\n\n"+
				"Before applying again, check whether center %q has a job named %q; if it does, import it: %s",
			createErr, err, center, name, importHint(center, name)))
	}
	var zero T
	return zero, false
}

// readBackFailed says that a created job could not be read back: it is
// on the server, not in Terraform's state.
func readBackFailed(diags *diag.Diagnostics, kind jobKind, center, name string, err error, requestID string) {
	addError(diags, fmt.Sprintf("Created the %s %q but could not read it back", kind, name), err, nil, requestID)
	diags.AddWarning(kind.title()+" may be left behind", fmt.Sprintf(
		"The job %q was registered in center %q but is not in Terraform's state: import it (%s) or delete it.",
		name, center, importHint(center, name)))
}

// importHint is the command that imports the job of that name.
func importHint(center, name string) string {
	return "terraform import <resource address> " + strconv.Quote(center+"/"+name)
}

// deleteOrGone deletes an object with call (what names it: "backup job
// 42"); one already gone is deleted, and one the server refuses to
// delete because something uses it says so.
func deleteOrGone(ctx context.Context, what string, call func(context.Context) (*zdm.Response, error), diags *diag.Diagnostics) {
	resp, err := call(ctx)
	logCall(ctx, "delete the "+what, resp, err)
	if err == nil || errors.Is(err, zdm.ErrNotFound) {
		return
	}
	summary := "Could not delete the " + what
	if errors.Is(err, zdm.ErrConflict) {
		summary += ": something still uses it (change or destroy that first)"
	}
	addError(diags, summary, err, nil, "")
}
