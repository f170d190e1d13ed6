package zdmtest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestRegister_IDsOfTheWorld checks that RegisterServer and
// RegisterCenter give the world's IDs, add what the world lacks (next
// IDs), and that a server added that way is known to the routes before
// any job names it.
func TestRegister_IDsOfTheWorld(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	assert.Equal(t, 1, srv.RegisterServer("web01"), "the default world's")
	assert.Equal(t, 9, srv.RegisterServer("web-01"), "added, after the world's eight")
	assert.Equal(t, 9, srv.RegisterServer("web-01"), "a known name keeps its ID")
	assert.Equal(t, 2, srv.RegisterCenter("zdm-b"))
	assert.Equal(t, 3, srv.RegisterCenter("Seoul DC"))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Source: zdmtest.Machine{Name: "db-01"}, Target: zdmtest.Machine{Name: "web-01"}})
	assert.Equal(t, 10, srv.RegisterServer("db-01"), "a job adds the servers it names")

	status, env := get(t, srv, "/recoveries/monitoring/system/web01")
	assert.Equal(t, http.StatusOK, status, "a server with no job: %v", env)
	status, _ = get(t, srv, "/recoveries/monitoring/system/11")
	assert.Equal(t, http.StatusNotFound, status)
	assert.NoError(t, srv.Err())
}

// TestRegister_EmptyNameIsMisuse checks the misuse report.
func TestRegister_EmptyNameIsMisuse(t *testing.T) {
	srv, err := zdmtest.Start(zdmtest.WithInProcess())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	assert.Equal(t, 0, srv.RegisterServer(" "))
	assert.Equal(t, 0, srv.RegisterCenter(""))
	assert.ErrorContains(t, srv.Err(), "RegisterCenter: empty name")
}
