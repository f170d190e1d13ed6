package zdm

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// FuzzBackupDecoders feeds arbitrary answers to the decoders of backup
// jobs, images, histories, monitoring and write results: nothing may
// panic, a success needs valid JSON, every failure is an *APIError, and
// the list models survive a round trip through their own JSON.
func FuzzBackupDecoders(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "backups", "*.json"))
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
	f.Add(uint8(1), []byte(`{"success":true,"data":[{"image":{"size":{"raw":"1e3"}}}],"scan":{"failed":"x","failures":[{}]}}`))
	f.Add(uint8(0), []byte(`{"success":true,"data":[{"job":{"info":{"schedule":{"basic":{"id":"1","i\u0064":2},"advanced":[]}}}}]}`))
	c := decodingClient(f)
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
		switch kind % 7 {
		case 0:
			fuzzList(t, c, resp, body, (*wireBackup).model, func(b *Backup) { _ = b.Job.Info.Status.Current.Phase() })
		case 1:
			var w []wireImage
			if r, err := decodeAnswer(c, resp, body, &w); err == nil {
				_ = scanOutcome(r)
				for _, m := range modelsOf(w, zone{}, (*wireImage).model) {
					_, _ = m.CreatedTime()
				}
			} else {
				fuzzAPIError(t, err)
			}
		case 2:
			fuzzList(t, c, resp, body, (*wireHistory).backup, func(h *BackupHistory) { _ = h.Succeeded() })
		case 3:
			fuzzOne(t, c, resp, body, func(w *wireMonitoring) { m := backupOf(ptr(w.model(zone{}))); _ = m.Finished() })
		case 4:
			fuzzOne(t, c, resp, body, func(w *wireSystemMonitoring) { _ = w.backups(zone{}.times()) })
		case 5:
			fuzzOne(t, c, resp, body, func(w *wireCreateBackupResult) { _ = w.model().outcome(nil) })
		default:
			fuzzOne(t, c, resp, body, func(w *wireUpdateBackupResult) { _ = w.model().outcome(nil) })
		}
	})
}

// fuzzOne decodes body as one W and reads it with read.
func fuzzOne[W any](t *testing.T, c *Client, resp *http.Response, body []byte, read func(*W)) {
	var w W
	if _, err := decodeAnswer(c, resp, body, &w); err != nil {
		fuzzAPIError(t, err)
		return
	}
	if !json.Valid(body) {
		t.Fatalf("success from invalid JSON %q", body)
	}
	read(&w)
}

func fuzzAPIError(t *testing.T, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T is not an *APIError: %v", err, err)
	}
	_ = apiErr.Error()
}

func ptr[T any](v T) *T { return &v }

// FuzzScheduleObject checks the member walker of a schedule against
// encoding/json: on any valid object both read the same schedule (or
// both fail).
func FuzzScheduleObject(f *testing.F) {
	for _, s := range []string{`{"id":"1","type":"daily","description":"Every day"}`, `{ "ID" : 7 , "type":null }`,
		`{"id":1,"id":"2"}`, `{"description":"a\"b,}","type":"x"}`, `{"id":-1}`, `{"x":{"id":1},"id":3}`, `{"id":"\u0031"}`,
		`{"type":true,"description":12.5}`, `{}`, `{"id`, `"cron"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast wireScheduleBasic
		fastErr := fast.UnmarshalJSON(b)
		if !json.Valid(b) || len(b) == 0 || b[0] != '{' {
			return
		}
		type plain wireScheduleBasic
		var slow wireScheduleBasic
		slowErr := json.Unmarshal(b, (*plain)(&slow))
		if (fastErr == nil) != (slowErr == nil) {
			t.Fatalf("%s: walker error %v, encoding/json error %v", b, fastErr, slowErr)
		}
		if fastErr == nil && fast != slow {
			t.Fatalf("%s: walker read %+v, encoding/json %+v", b, fast, slow)
		}
	})
}
