package zdmtest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestRegister_IDsBeforeJobs checks that registered servers and centers
// take IDs in order, shared with jobs, and are known before any job
// names them.
func TestRegister_IDsBeforeJobs(t *testing.T) {
	srv := zdmtest.NewServer(t, zdmtest.WithDialect(zdmtest.DialectV3))
	assert.Equal(t, 1, srv.RegisterServer("web-01"))
	assert.Equal(t, 2, srv.RegisterServer("web-01-dr"))
	assert.Equal(t, 1, srv.RegisterServer("web-01"), "a known name keeps its ID")
	assert.Equal(t, 1, srv.RegisterCenter("Seoul DC"))
	srv.AddRecoveryJob(zdmtest.JobSpec{Name: "j", Source: zdmtest.Machine{Name: "db-01"}, Target: zdmtest.Machine{Name: "web-01-dr"}})
	assert.Equal(t, 3, srv.RegisterServer("db-01"), "jobs share the sequence")

	status, env := get(t, srv, "/recoveries/monitoring/system/web-01")
	assert.Equal(t, http.StatusOK, status, "a registered server with no job: %v", env)
	status, _ = get(t, srv, "/recoveries/monitoring/system/4")
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
