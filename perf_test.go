package zdm

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

// slowFix is zone.fix as it was before the fast path: time.Parse, then
// Format.
func slowFix(z zone, s string) string {
	if !zoneless(s) {
		return s
	}
	t, ok := ParseTime(s, z.loc)
	if !ok {
		return s
	}
	return t.Format(time.RFC3339Nano)
}

func fixZones(t testing.TB) []zone {
	zs := []zone{{}, {time.UTC}, {fixedZone(9 * 3600)}, {fixedZone(-(3*3600 + 30*60))}}
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe"} {
		if loc, err := time.LoadLocation(name); err == nil {
			zs = append(zs, zone{loc})
		} else {
			t.Logf("no zone %s: %v", name, err)
		}
	}
	return zs
}

func TestFixMatchesTimeParse(t *testing.T) {
	inputs := []string{
		"2025-01-15 10:00:00", "2025-01-15T10:00:00", "2025-01-15 10:00:00.5",
		"2025-01-15 10:00:00.123456789", "2025-01-15 10:00:00.1234567891", "2025-01-15 10:00:00.",
		"2025-01-15 10:00:00.000", "2025-01-15 10:00:00,5", "2024-02-29 23:59:59", "2025-02-29 00:00:00",
		"1900-02-29 00:00:00", "2000-02-29 00:00:00", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
		"2025-13-01 00:00:00", "2025-00-01 00:00:00", "2025-04-31 00:00:00", "2025-01-00 00:00:00",
		"2025-01-15 24:00:00", "2025-01-15 23:60:00", "2025-01-15 23:59:60", "2025-01-15  1:00:00",
		"2025-01-15 1::00:00", "+025-01-15 10:00:00", "2025-01-15 10:00:0a", "2025-01-15X10:00:00",
		"2025-03-09 02:30:00", "2025-11-02 01:30:00", "2025-03-30 01:30:00", "2025-10-05 02:15:00",
		"2025-01-15T10:00:00Z", "2025-01-15 10:00:00+09:00", "-", "", " 2025-01-15 10:00:00",
		"2025-01-15 10:00:00 ", "2025-01-15 10:00:00.1x", "2025-1-15 10:00:00", "２025-01-15 10:00:00",
	}
	for _, z := range fixZones(t) {
		for _, s := range inputs {
			if got, want := z.fix(text(s)), slowFix(z, s); got != want {
				t.Errorf("fix(%q) in %v = %q, want %q", s, z.loc, got, want)
			}
		}
	}
}

func FuzzFixMatchesTimeParse(f *testing.F) {
	f.Add("2025-01-15 10:00:00.5")
	f.Add("2025-03-09T02:30:00")
	zs := fixZones(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, z := range zs {
			if got, want := z.fix(text(s)), slowFix(z, s); got != want {
				t.Fatalf("fix(%q) in %v = %q, want %q", s, z.loc, got, want)
			}
		}
	})
}

// checkServerFast checks wireServer's in-place object reading against
// encoding/json on the plain type, starting from the same value.
func checkServerFast(t *testing.T, b []byte) {
	if !json.Valid(b) || len(b) == 0 || b[0] != '{' {
		return
	}
	type plain wireServer
	start := wireServer{Name: "old", IP: struct {
		Public  text   `json:"public"`
		Private []text `json:"private"`
	}{Public: "p", Private: []text{"a", "b", "c"}}}
	want := start
	want.IP.Private = slices.Clone(start.IP.Private)
	wantErr := json.Unmarshal(b, (*plain)(&want))
	got := start
	got.IP.Private = slices.Clone(start.IP.Private)
	if !got.decodeObject(b) {
		return // left to encoding/json
	}
	if wantErr != nil {
		t.Fatalf("%s: fast path took it, encoding/json says %v", b, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %#v\nwant %#v", b, got, want)
	}
}

var serverSeeds = []string{
	`{}`, `{"name":"src","id":"1"}`, `{"id":2,"NAME":"x","Os":null,"agent":true,"license":"L"}`,
	`{ "name" : "a\u00e9\n" , "ip" : { "public" : "1.2.3.4" , "private" : [ "10.0.0.1" , null , 7 ] } }`,
	`{"ip":null}`, `{"ip":{"private":null}}`, `{"ip":{"private":[]}}`, `{"ip":{"private":["x"]}}`,
	`{"ip":"1.2.3.4"}`, `{"name":{"a":1}}`, `{"name":"a","name":"b"}`, `{"other":{"x":[1,{"y":"}"}]},"name":"n"}`,
	`{"n\u0061me":"esc"}`, `{"ſ":"x","oſ":"y"}`, `{"ip":{"public":"a","PUBLIC":"b"}}`, `{"ip":{"private":["a",[1]]}}`,
	`{"x":"\"}","name":"after"}`, `{"name":-1.5e3,"id":false}`,
}

func TestServerObjectMatchesEncodingJSON(t *testing.T) {
	for _, s := range serverSeeds {
		checkServerFast(t, []byte(s))
	}
}

func FuzzServerObjectMatchesEncodingJSON(f *testing.F) {
	for _, s := range serverSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkServerFast)
}

func checkScheduleFast(t *testing.T, b []byte) {
	if !json.Valid(b) || len(b) == 0 || b[0] != '{' {
		return
	}
	type plain wireScheduleBasic
	want := wireScheduleBasic{ID: "9", str: "s"}
	wantErr := json.Unmarshal(b, (*plain)(&want))
	got := wireScheduleBasic{ID: "9", str: "s"}
	if !got.decodeObject(b) {
		return
	}
	if wantErr != nil || got != want {
		t.Fatalf("%s: got %#v, want %#v (%v)", b, got, want, wantErr)
	}
}

func FuzzScheduleObjectMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"id":"1","type":"daily","description":"d"}`, `{"ID":3,"Type":null}`, `{"id":{}}`, `{"x":[],"id":"a","id":"b"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(checkScheduleFast)
}

// FuzzStampMatchesText checks that a time field read as a stamp ends up
// as the text the same value read as text, then fixed, would be.
func FuzzStampMatchesText(f *testing.F) {
	for _, s := range []string{`"2025-01-15 10:00:00"`, `"2025-01-15T10:00:00.25"`, `"2025-02-30 10:00:00"`, `"-"`, `null`, `7`,
		`"2025-01-15\u002010:00:00"`, `"2025-01-15  1:00:00"`, `"2025-01-15T10:00:00Z"`, `{}`} {
		f.Add([]byte(s))
	}
	zs := fixZones(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		var s stamp
		var x text
		errS, errX := json.Unmarshal(b, &s), json.Unmarshal(b, &x)
		if (errS == nil) != (errX == nil) {
			t.Fatalf("%s: stamp error %v, text error %v", b, errS, errX)
		}
		for _, z := range zs {
			if got, want := z.stamp(s), z.fix(x); got != want {
				t.Fatalf("%s in %v: stamp %q, text %q", b, z.loc, got, want)
			}
		}
	})
}

// FuzzFixFieldsMatchTimeParse builds times field by field, so that the
// fuzzer spends its time near the valid ranges.
func FuzzFixFieldsMatchTimeParse(f *testing.F) {
	f.Add(uint16(2024), uint8(2), uint8(29), uint8(23), uint8(59), uint8(59), "5", true)
	f.Add(uint16(2025), uint8(3), uint8(9), uint8(2), uint8(30), uint8(0), "", false)
	zs := fixZones(f)
	f.Fuzz(func(t *testing.T, y uint16, mo, d, h, mi, s uint8, frac string, tee bool) {
		sep := " "
		if tee {
			sep = "T"
		}
		in := fmt.Sprintf("%04d-%02d-%02d%s%02d:%02d:%02d", y%10000, mo, d, sep, h, mi, s)
		if frac != "" {
			in += "." + frac
		}
		for _, z := range zs {
			if got, want := z.fix(text(in)), slowFix(z, in); got != want {
				t.Fatalf("fix(%q) in %v = %q, want %q", in, z.loc, got, want)
			}
		}
	})
}
