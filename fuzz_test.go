package zdm

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"
)

// addTestdata seeds a fuzz target with every file under testdata.
func addTestdata(f *testing.F, add func(b []byte)) {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			continue
		}
		add(b)
	}
}

// FuzzDecodeResponse feeds arbitrary bodies and statuses to the envelope
// and monitoring decoders: nothing may panic, a success needs a 2xx and
// valid JSON, and every failure is an *APIError that says what came back.
func FuzzDecodeResponse(f *testing.F) {
	addTestdata(f, func(b []byte) {
		f.Add(200, b)
		f.Add(404, b)
	})
	f.Add(200, []byte(`{"success":true,"data":{"job":{"details":[{"partition":1,"progressInfo":{"status":null,"percent":45}}]}}}`))
	f.Add(200, []byte(`{"success":true,"data":{"system":{"source":"a","target":{"ip":"1.2.3.4"}},"job":{"progressInfo":{}}}}`))
	f.Add(500, []byte(`{"success":false,"error":["x"]}`))
	f.Add(200, []byte(`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`))
	c := decodingClient(f)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 200
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}
		var w wireMonitoring
		r, err := decodeAnswer(c, resp, body, &w)
		if r == nil {
			t.Fatal("nil Response")
		}
		if err == nil {
			if status < 200 || status > 299 {
				t.Fatalf("success on status %d", status)
			}
			if !json.Valid(body) {
				t.Fatalf("success from invalid JSON %q", body)
			}
			m := w.model(zone{})
			_ = m.Job.Done()
			for _, d := range m.Job.Details {
				_ = d.Name()
				_, _ = d.ProgressInfo.PercentValue()
				_, _ = d.ProgressInfo.StartTime()
				_, _ = d.ProgressInfo.ElapsedDuration()
			}
			return
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("error %T is not an *APIError: %v", err, err)
		}
		if apiErr.StatusCode != status {
			t.Fatalf("status %d reported as %d", status, apiErr.StatusCode)
		}
		if len(apiErr.Body) > bodyKeep {
			t.Fatalf("kept %d bytes of body", len(apiErr.Body))
		}
		_ = apiErr.Error()
		_ = apiErr.transient()
	})
}

// FuzzUnmarshalJobMonitoring decodes arbitrary data objects directly and
// checks that what decodes survives a round trip through the model.
func FuzzUnmarshalJobMonitoring(f *testing.F) {
	addTestdata(f, func(b []byte) {
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(b, &env) == nil && len(env.Data) > 0 {
			f.Add([]byte(env.Data))
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		var m JobMonitoring
		if err := json.Unmarshal(data, &m); err != nil {
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back JobMonitoring
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("the model's own JSON does not decode: %v\n%s", err, out)
		}
		again, _ := json.Marshal(back)
		if !bytes.Equal(out, again) {
			t.Fatalf("round trip changed the model:\n%s\n%s", out, again)
		}
	})
}

// FuzzReadings checks the typed readings on arbitrary text: no panic,
// and what reads is sane.
func FuzzReadings(f *testing.F) {
	for _, s := range []string{"45%", "60", "45.5 %", "-", "", "00:15:00", "26:03:10", "1h 30m", "2d 3h",
		"2025-01-15T10:00:00Z", "2026-01-17 15:02:40", "2026-03-02T09:10:00.000+09:00", "Processing", "No Data", "1e400%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := parsePercent(s); ok && (v < 0 || math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("percent %q read as %v", s, v)
		}
		if d, ok := parseElapsed(s); ok && d < 0 {
			t.Fatalf("elapsed %q read as %v", s, d)
		}
		if tm, ok := parseTime(s, time.FixedZone("KST", 9*3600)); ok && (tm.Year() < 0 || tm.Year() > 9999) {
			t.Fatalf("time %q read as %v", s, tm)
		}
		p := Status(s).Phase()
		if p < PhaseUnknown || p > PhaseCanceled {
			t.Fatalf("phase %d out of range", p)
		}
		if utf8.ValidString(s) {
			_ = (ProgressInfo{Status: Status(s), Percent: s, End: s}).finished()
		}
	})
}

// FuzzWireFieldTypes feeds any JSON value to the wire schema's field types:
// nothing panics, an id is never negative, and a stamp (which reads a
// zone-less time while decoding) ends up as the same text as the value
// read as text and put in the zone afterwards.
func FuzzWireFieldTypes(f *testing.F) {
	for _, s := range []string{`"2025-01-15 10:00:00"`, `"2025-01-15T10:00:00.25"`, `"2025-02-30 10:00:00"`, `"-"`, `null`, `7`,
		`"7"`, `" 7 "`, `"Unknown"`, `"2025-01-15\u002010:00:00"`, `"2025-01-15  1:00:00"`, `"2025-01-15T10:00:00Z"`, `{}`, `[1]`, `-1`, `1e3`} {
		f.Add([]byte(s))
	}
	zones := []zone{{}, {time.FixedZone("KST", 9*3600)}, {time.FixedZone("NST", -(3*3600 + 30*60))}}
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		zones = append(zones, zone{ny})
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		var i id
		if json.Unmarshal(b, &i) == nil && i < 0 {
			t.Fatalf("%s read as id %d", b, i)
		}
		var k known
		_ = json.Unmarshal(b, &k)
		var s stamp
		var x text
		errS, errX := json.Unmarshal(b, &s), json.Unmarshal(b, &x)
		if (errS == nil) != (errX == nil) {
			t.Fatalf("%s: stamp error %v, text error %v", b, errS, errX)
		}
		for _, z := range zones {
			if got, want := s.in(z), z.fix(x); got != want {
				t.Fatalf("%s in %v: stamp %q, text %q", b, z.loc, got, want)
			}
		}
	})
}
