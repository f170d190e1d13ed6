package provider

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zdmkit/go-zdm"
)

// addError turns an error from go-zdm into diagnostics a Terraform user
// can act on: a validation error the server tied to request fields points
// at the attributes they are, a failed run names its failed partitions
// and their messages, and the detail always carries the server's request
// id when there was one (requestID names the request that registered the
// job when the error itself has none, as a failed run's does not).
func addError(diags *diag.Diagnostics, summary string, err error, snap *zdm.JobMonitoring, requestID string) {
	var b strings.Builder
	b.WriteString(err.Error())
	if failed := failedPartitions(snap); failed != "" {
		b.WriteString("\n\nFailed partitions:\n")
		b.WriteString(failed)
	}
	if hint := hintFor(err); hint != "" {
		b.WriteString("\n\n")
		b.WriteString(hint)
	}
	var apiErr *zdm.APIError
	if errors.As(err, &apiErr) && apiErr.RequestID != "" {
		requestID = apiErr.RequestID
	}
	if requestID != "" {
		b.WriteString("\n\nRequest ID: ")
		b.WriteString(requestID)
	}
	detail := b.String()

	if apiErr == nil || len(apiErr.Fields) == 0 {
		diags.AddError(summary, detail)
		return
	}
	names := make([]string, 0, len(apiErr.Fields))
	for f := range apiErr.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		msg := fmt.Sprintf("The server refused %s: %s.\n\n%s", f, strings.Join(apiErr.Fields[f], "; "), detail)
		if p, ok := attributeFor(f); ok {
			diags.AddAttributeError(p, summary, msg)
		} else {
			diags.AddError(summary, msg)
		}
	}
}

// jobListField is a partition row's field in a server's validation error:
// "jobList.0.sourcePartition", "jobList[1].mode".
var jobListField = regexp.MustCompile(`^jobList(?:\.|\[)(\d+)\]?(?:\.(\w+))?$`)

// attributeFor maps a request field the server named to the resource
// attribute it came from.
func attributeFor(field string) (path.Path, bool) {
	switch field {
	case "center", "source", "target", "platform", "mode":
		return path.Root(field), true
	case "jobName", "changeName", "name":
		return path.Root("name"), true
	case "repository", "repository.id", "repositoryID", "repositoryId":
		return path.Root("repository_id"), true
	case "afterReboot":
		return path.Root("after_reboot"), true
	case "networkLimit":
		return path.Root("network_limit"), true
	case "schedule":
		return path.Root("schedule_id"), true
	case "scriptPath":
		return path.Root("script_path"), true
	case "scriptRun":
		return path.Root("script_run"), true
	case "jobList":
		return path.Root("partitions"), true
	}
	if m := jobListField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		row := path.Root("partitions").AtListIndex(i)
		switch m[2] {
		case "sourcePartition":
			return row.AtName("source"), true
		case "targetPartition":
			return row.AtName("target"), true
		}
		return row, true
	}
	return path.Empty(), false
}

// failedPartitions lists the partitions of a finished run that did not
// complete, with their state and the server's message, one per line.
func failedPartitions(snap *zdm.JobMonitoring) string {
	if snap == nil {
		return ""
	}
	var b strings.Builder
	for _, d := range snap.Job.Details {
		p := d.ProgressInfo
		switch p.Status.Phase() {
		case zdm.PhaseFailed, zdm.PhaseCanceled, zdm.PhaseCanceling:
		default:
			continue
		}
		fmt.Fprintf(&b, "  - partition %q: %s at %s", d.Name(), p.Status, p.Percent)
		if p.Message != "" && p.Message != "-" {
			fmt.Fprintf(&b, ": %s", p.Message)
		}
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// hintFor says what to check for the errors users can fix themselves.
func hintFor(err error) string {
	switch {
	case errors.Is(err, zdm.ErrEndpointNotFound):
		return "The server has no such route: check the provider's url (its base path, e.g. https://zdm.example/api) " +
			"and that the server's version serves recovery jobs. Terraform's state was left as it was."
	case errors.Is(err, zdm.ErrUnauthorized):
		return "Check the provider's token, or its email and password (tokens expire after about an hour: prefer email and password)."
	case errors.Is(err, zdm.ErrForbidden):
		return "The user may not act on this job or center."
	case errors.Is(err, zdm.ErrOutcomeUnknown):
		return "The request may have taken effect. Run terraform plan to see the job as the server has it " +
			"(or terraform import it) before applying again."
	case errors.Is(err, zdm.ErrConflict):
		return "Another recovery may be running on the same target, or a job of that name exists: wait for it, or import the job."
	case errors.Is(err, zdm.ErrServer):
		return "The server failed. Writes are not retried on a server error (the server may have acted): apply again; " +
			"a create first checks whether the job exists already."
	}
	return ""
}
