package zdm

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPagination_ReadWhereverTheServerPutIt(t *testing.T) {
	t.Parallel()
	want := &Pagination{CurrentPage: 1, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasNextPage: true}
	for _, tt := range []struct {
		name, body string
	}{
		{"beside data", `{"success":true,"data":[],"pagination":{"currentPage":1,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true,"hasPreviousPage":false}}`},
		{"seed-era meta", `{"success":true,"data":[],"meta":{"currentPage":1,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":true,"hasPreviousPage":false}}`},
		{"numbers as strings", `{"success":true,"data":[],"pagination":{"currentPage":"1","totalPages":"3","totalItems":"25","itemsPerPage":"10","hasNextPage":"true"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v []string
			r, err := decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}}, []byte(tt.body), &v)
			require.NoError(t, err)
			assert.Equal(t, want, r.Pagination)
			assert.Equal(t, 2, r.NextPage)
		})
	}
	var d pagedData
	r, err := decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}},
		[]byte(`{"success":true,"data":{"items":[],"pagination":{"currentPage":3,"totalPages":3,"totalItems":25,"itemsPerPage":10,"hasNextPage":false,"hasPreviousPage":true}}}`), &d)
	require.NoError(t, err)
	assert.Equal(t, &Pagination{CurrentPage: 3, TotalPages: 3, TotalItems: 25, ItemsPerPage: 10, HasPreviousPage: true}, r.Pagination, "inside data")
	assert.Zero(t, r.NextPage, "the last page")

	r, err = decodeAnswer(decodingClient(t), &http.Response{StatusCode: 200, Header: http.Header{}}, []byte(`{"success":true,"data":[]}`), &[]string{})
	require.NoError(t, err)
	assert.Nil(t, r.Pagination, "not paginated")
}

// pagedData carries its pagination inside data, as server monitoring does.
type pagedData struct {
	Items      []string        `json:"items"`
	Pagination *wirePagination `json:"pagination"`
}

func (d *pagedData) pagination() *Pagination { return d.Pagination.model() }
