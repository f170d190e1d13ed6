package zdm

import (
	"context"
	"net/http"
)

// writeGeneration is the generation to shape a write for. Writes differ
// more between generations than reads do (the draft API's "state" where
// later servers take "status", 3.0.0's partition lists keyed by backup
// file), so when the client does not know its server's generation yet,
// it asks first: one GET of a one-item list, whose envelope tells (it
// also settles the API root). Its outcome is otherwise ignored: the write
// reports its own errors. GenerationAuto when the server still did not
// tell.
func (c *Client) writeGeneration(ctx context.Context) Generation {
	if g := c.ServerGeneration(); g != GenerationAuto || ctx == nil || ctx.Err() != nil {
		return g
	}
	req, err := c.NewRequest(http.MethodGet, "recoveries?limit=1", nil)
	if err == nil {
		_, _ = c.Do(ctx, req, &noData{})
	}
	return c.ServerGeneration()
}
