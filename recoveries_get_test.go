package zdm

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every ID reads as a number whether the server sent "7" or 7; a
// placeholder reads 0.
func TestGet_IDsAreNumbersWhateverTheServerSent(t *testing.T) {
	body := `{"success":true,"requestID":"req-1","data":{
		"system":{"source":{"id":"11","name":"src"},"target":{"id":12,"name":"dst"}},
		"job":{"info":{"id":7,"name":"n","schedule":{"basic":{"id":3,"type":"Unknown","description":"Schedule lookup failed"}},
			"status":{"current":"Registered","time":{"start":"-","elapsed":"-","end":"-"}}},
		"detail":[{"from":"/","to":"/","repository":{"id":"5","type":"nfs","path":"/backup"}},
		          {"from":"/boot","to":"/boot","repository":{"id":"-","type":"-","path":"-"}},
		          {"from":"/data","to":"/data","repository":{"id":null,"type":null,"path":null}}]}},
		"message":"ok","timestamp":"2025-01-15 10:30:00"}`
	c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(body))
	}))
	got, _, err := c.Recoveries.Get(context.Background(), "n", nil)
	require.NoError(t, err)
	assert.Equal(t, int64(7), got.Job.Info.ID)
	assert.Equal(t, int64(11), got.System.Source.ID)
	assert.Equal(t, int64(12), got.System.Target.ID)
	assert.Equal(t, &ScheduleInfo{ID: 3, Description: "Schedule lookup failed"}, got.Job.Info.Schedule, `type "Unknown" reads empty`)
	assert.Equal(t, RepositoryInfo{ID: 5, Type: "nfs", Path: "/backup"}, got.Job.Detail[0].Repository)
	assert.Equal(t, RepositoryInfo{}, got.Job.Detail[1].Repository, `"-" reads as the zero value`)
	assert.Equal(t, RepositoryInfo{}, got.Job.Detail[2].Repository, "null reads as the zero value")
	assert.Equal(t, "-", got.Job.Info.Status.Time.Start, "times keep their text for the readings")
}

// An ID that is not a number is a decode error that names the field.
func TestGet_IDThatIsNotANumberIsAnErrorNamingTheField(t *testing.T) {
	for _, tc := range []struct{ id, field string }{
		{`"seven"`, "data.job.info.id"},
		{`"-7"`, "data.job.info.id"},
		{`7.5`, "data.job.info.id"},
		{`{"value":7}`, "data.job.info.id"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			c := newLocalClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reply(w, 200, "application/json", []byte(`{"success":true,"data":{"job":{"info":{"id":`+tc.id+`,"name":"n"}}}}`))
			}))
			got, _, err := c.Recoveries.Get(context.Background(), "n", nil)
			assert.Nil(t, got)
			require.ErrorIs(t, err, ErrUnexpectedResponse)
			assert.Contains(t, err.Error(), tc.field)
			assert.Contains(t, err.Error(), "int64")
		})
	}
}
