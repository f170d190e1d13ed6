package zdm

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStart_FirstWriteIsShapedForTheServersGeneration: a client given a
// draft-API server's root knows neither its API root nor its generation;
// its first Start finds both out before shaping the body ("state", not
// the later servers' "status").
func TestStart_FirstWriteIsShapedForTheServersGeneration(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b []byte
		if r.Body != nil {
			b, _ = readAllLimited(r)
		}
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.RequestURI()+" "+string(b))
		mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/api/v1/") {
			reply(w, 404, "text/html", []byte("<pre>Cannot "+r.Method+" "+r.URL.Path+"</pre>"))
			return
		}
		seed := `"requestID":"req-1","timestamp":"2026-01-17T06:00:00Z"`
		if r.Method == http.MethodGet {
			reply(w, 200, "application/json", []byte(`{"success":true,"data":[],`+seed+`}`))
			return
		}
		reply(w, 200, "application/json", []byte(`{"success":true,"data":{"id":"7","name":"nightly"},`+seed+`}`))
	})
	c := rootClient(t, "https://zdm.example.com", h, WithToken("tok-abcdef"))
	_, _, err := c.Recoveries.Start(context.Background(), "nightly", "1")
	require.NoError(t, err)
	assert.Equal(t, GenerationDraft, c.ServerGeneration())
	var puts []string
	for _, s := range seen {
		if strings.HasPrefix(s, "PUT ") {
			puts = append(puts, s)
		}
	}
	require.Len(t, puts, 1, "the write is sent once, under the root that answered: %q", seen)
	assert.Contains(t, puts[0], "PUT /api/v1/recoveries/nightly ")
	assert.Contains(t, puts[0], `"state":"start"`)
	assert.NotContains(t, puts[0], `"status"`)
}
