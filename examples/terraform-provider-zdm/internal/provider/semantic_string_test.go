package provider

import (
	"context"
	"regexp"
	"testing"
)

func TestSpelledString_SameSpellingsAreEqual(t *testing.T) {
	for _, c := range []struct {
		sp   spelling
		a, b string
		same bool
	}{
		{anyCase, "vmware", "VMware", true},
		{anyCase, " aws ", "AWS", true},
		{anyCase, "aws", "azure", false},
		{partitionSpelling, "c", "C:", true},
		{partitionSpelling, "C", "c:", true},
		{partitionSpelling, "/boot", "/boot", true},
		{partitionSpelling, "/boot", "/Boot", false},
		{partitionSpelling, "C:", "D:", false},
	} {
		got, diags := spelled(c.sp, c.a).StringSemanticEquals(context.Background(), spelled(c.sp, c.b))
		if diags.HasError() || got != c.same {
			t.Errorf("%q vs %q (spelling %d): %v %v, want %v", c.a, c.b, c.sp, got, diags, c.same)
		}
	}
	if same, _ := spelledNull(anyCase).StringSemanticEquals(context.Background(), spelled(anyCase, "")); same {
		t.Error("null is semantically equal to \"\"")
	}
}

func TestServerRef_NamesByIDOrName(t *testing.T) {
	s := serverRef{ID: "17", Name: "web01"}
	for v, want := range map[string]bool{"17": true, "web01": true, "18": false, "web02": false, "": false} {
		if got := s.names(v); got != want {
			t.Errorf("names(%q) = %v, want %v", v, got, want)
		}
	}
	// An answer without the server's ID takes an ID on trust.
	if !(serverRef{Name: "web01"}).names("17") || (serverRef{Name: "web01"}).names("web02") {
		t.Error("an answer without ID: an ID should be trusted, another name not")
	}
}

func TestGeneratedName_FindableAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []struct{ source, pattern string }{
		{"web01", `^web01-recovery-[0-9a-f]{8}$`},
		{"17", `^tf-recovery-[0-9a-f]{8}$`},
		{"web 01/a", `^tf-recovery-[0-9a-f]{8}$`},
	} {
		for range 50 {
			n := generatedName(c.source)
			if !regexp.MustCompile(c.pattern).MatchString(n) || seen[n] {
				t.Fatalf("generatedName(%q) = %q: want %s, never twice", c.source, n, c.pattern)
			}
			seen[n] = true
		}
	}
}

func TestUpdateRequest_SendsOnlyRealChanges(t *testing.T) {
	limit := int64(0)
	state := jobSettings{Center: "zdm-a", Name: "a", Mode: "full", Platform: "vmware", AfterReboot: "reboot", NetworkLimit: &limit, ScriptRun: "before"}
	respelled := state
	respelled.Platform, respelled.AfterReboot, respelled.ScriptRun = "VMware", "REBOOT", "Before"
	if _, send := updateRequest(state, respelled); send {
		t.Error("a respelling is sent as an update")
	}
	changed := respelled
	changed.Platform = "AWS"
	ur, send := updateRequest(state, changed)
	if !send || ur.Platform != "AWS" || ur.AfterReboot != "" || ur.Name != "" || ur.Mode != "" || ur.NetworkLimit != nil || ur.Center != "zdm-a" {
		t.Errorf("platform change: send %v, %+v", send, ur)
	}
}
