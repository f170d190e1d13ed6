package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zdmkit/go-zdm"
)

func TestAttributeFor_MapsServerFields(t *testing.T) {
	for field, want := range map[string]path.Path{
		"jobName":                    path.Root("name"),
		"changeName":                 path.Root("name"),
		"repository.id":              path.Root("repository_id"),
		"mode":                       path.Root("mode"),
		"jobList.1.sourcePartition":  path.Root("partitions").AtListIndex(1).AtName("source"),
		"jobList[0].targetPartition": path.Root("partitions").AtListIndex(0).AtName("target"),
		"jobList.2.mode":             path.Root("partitions").AtListIndex(2),
	} {
		got, ok := attributeFor(field)
		if !ok || !got.Equal(want) {
			t.Errorf("attributeFor(%q) = %v, %v; want %v", field, got, ok, want)
		}
	}
	if _, ok := attributeFor("schedule.basic"); ok {
		t.Error("attributeFor(schedule.basic): the resource has no such attribute")
	}
}

func TestAddError_FailedRunNamesPartitionsAndRequestID(t *testing.T) {
	snap := &zdm.JobMonitoring{Job: zdm.JobProgress{Details: []zdm.PartitionProgress{
		{Partition: "/", ProgressInfo: zdm.ProgressInfo{Status: zdm.StatusComplete, Percent: "100%"}},
		{Partition: "/data", ProgressInfo: zdm.ProgressInfo{Status: zdm.StatusError, Percent: "30%", Message: "disk full"}},
	}}}
	var diags diag.Diagnostics
	addError(&diags, "run failed", fmt.Errorf("boom: %w", zdm.ErrJobFailed), snap, "req-7")
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1", len(diags))
	}
	d := diags[0].Detail()
	for _, want := range []string{`partition "/data": Error at 30%: disk full`, "Request ID: req-7"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail lacks %q:\n%s", want, d)
		}
	}
	if strings.Contains(d, `partition "/":`) {
		t.Errorf("detail names the completed partition:\n%s", d)
	}
}

func TestAddError_FieldErrorsPointAtAttributes(t *testing.T) {
	err := &zdm.APIError{StatusCode: 422, RequestID: "req-9", Message: "Request body validation failed.",
		Fields: map[string][]string{"jobName": {"too long"}, "kernel": {"bad"}}}
	var diags diag.Diagnostics
	addError(&diags, "create failed", err, nil, "")
	if len(diags) != 2 {
		t.Fatalf("%d diagnostics, want 2: %v", len(diags), diags)
	}
	var attr diag.DiagnosticWithPath
	for _, d := range diags {
		if p, ok := d.(diag.DiagnosticWithPath); ok {
			attr = p
		}
		if !strings.Contains(d.Detail(), "Request ID: req-9") {
			t.Errorf("detail lacks the request id: %s", d.Detail())
		}
	}
	if attr == nil || !attr.Path().Equal(path.Root("name")) {
		t.Fatalf("no diagnostic at name: %v", diags)
	}
}
