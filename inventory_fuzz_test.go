package zdm

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzInventoryDecoders feeds arbitrary answers to the decoders of the
// servers, centers, repositories, schedules and licences: nothing may
// panic, a success needs valid JSON, every failure is an *APIError, and
// what decodes survives a round trip through the model's own JSON.
func FuzzInventoryDecoders(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "inventory", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Add(uint8(0), []byte(`{"success":true,"data":[{"partition":[{"size":{"raw":"1e3","formatted":null},"used":"12 (x)"}]}]}`))
	f.Add(uint8(2), []byte(`{"success":true,"data":[{"size":{"raw":1,"raw":"2"},"ipAddress":["a|b|-"]}]}`))
	f.Add(uint8(3), []byte(`{"success":true,"data":[{"type":"smart_custom_week","state":0,"center":{"id":"-"}}]}`))
	c := decodingClient(f)
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
		switch kind % 6 {
		case 0:
			fuzzList(t, c, resp, body, (*wireServerItem).model, func(s *Server) {
				_, _ = s.Connected(), s.Mode()
				for _, p := range s.Partitions {
					_, _ = p.MountPoint(), p.Drive()
				}
			})
		case 1:
			fuzzList(t, c, resp, body, (*wireCenter).model, func(s *Center) { _, _ = s.Connected(), s.Activated() })
		case 2:
			fuzzList(t, c, resp, body, (*wireRepositoryItem).model, func(r *Repository) { _ = r.Size.String() })
		case 3:
			fuzzList(t, c, resp, body, (*wireScheduleRow).model, func(s *Schedule) { _, _, _ = s.Enabled(), s.Type.String(), s.Type.Smart() })
		case 4:
			fuzzList(t, c, resp, body, (*wireLicense).model, func(l *License) { _, _ = l.Dates.ExpiresAt() })
		default:
			fuzzList(t, c, resp, body, (*wireServerPartition).model, func(p *ServerPartition) { _, _ = p.MountPoint(), p.Drive() })
		}
	})
}

// fuzzList decodes body as a list of W, checks the outcome and round-trips
// the models.
func fuzzList[W, M any](t *testing.T, c *Client, resp *http.Response, body []byte, model func(*W, *times) M, read func(*M)) {
	var w []W
	_, err := decodeAnswer(c, resp, body, &w)
	if err != nil {
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("error %T is not an *APIError: %v", err, err)
		}
		_ = apiErr.Error()
		return
	}
	if !json.Valid(body) {
		t.Fatalf("success from invalid JSON %q", body)
	}
	for _, m := range modelsOf(w, zone{}, model) {
		read(m)
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back := new(M)
		if err := json.Unmarshal(out, back); err != nil {
			t.Fatalf("the model's own JSON does not decode: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(m, back) {
			t.Fatalf("round trip changed the model:\n%+v\n%+v", m, back)
		}
	}
}

// FuzzSizeObject checks the walker's reading of {raw, formatted}
// (flatMembers) against encoding/json's (readJSON): on any valid object both read the same size (or both
// fail), and no input, valid or not, makes UnmarshalJSON panic.
func FuzzSizeObject(f *testing.F) {
	for _, s := range []string{`{"raw":512110190592,"formatted":"477.0 GB"}`, `{ "raw" : "12" , "formatted" : null }`,
		`{"RAW":1,"Formatted":"x","raw":2}`, `{"raw":1.5e3}`, `{"raw":-1}`, `{"x":{"raw":1},"raw":3}`, `{"raw":"\u0031"}`,
		`{"formatted":"a\"b","raw":"-"}`, `{}`, `{"raw`, `{"raw":1,"formatted":"GB"`, `"12 (1 KB)"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast size
		fastErr := fast.UnmarshalJSON(b)
		if !json.Valid(b) || len(b) == 0 || b[0] != '{' {
			return
		}
		var slow size
		slowErr := slow.readJSON(b)
		if (fastErr == nil) != (slowErr == nil) {
			t.Fatalf("%s: scanner error %v, encoding/json error %v", b, fastErr, slowErr)
		}
		if fastErr == nil && fast != slow {
			t.Fatalf("%s: scanner read %+v, encoding/json %+v", b, fast, slow)
		}
	})
}
