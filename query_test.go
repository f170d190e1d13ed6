package zdm

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEncodeQuery_ShapedPerClientAndCall: a query is shaped for the
// generation its client knows when it is encoded, and nothing of it is
// shared with another client (there is no process-wide cache: a client
// that learnt 1.x/2.x while shaping does not make a fresh one drop the
// serverName filter).
func TestEncodeQuery_ShapedPerClientAndCall(t *testing.T) {
	t.Parallel()
	c, err := NewClient("http://zdm.test/api")
	require.NoError(t, err)
	opts := &MonitorJobOptions{ServerName: "cache-probe-" + t.Name()}
	shape := func(c *Client, o *MonitorJobOptions) (url.Values, error) {
		c.learn(GenerationV1, true) // the generation is learnt meanwhile
		return c.monitorQuery(o)
	}
	q, err := encodeQuery(c, opts, shape)
	require.NoError(t, err)
	assert.NotContains(t, q, "serverName")
	fresh, err := NewClient("http://zdm.test/api")
	require.NoError(t, err)
	q, err = encodeQuery(fresh, opts, (*Client).monitorQuery)
	require.NoError(t, err)
	assert.Contains(t, q, "serverName=", "a client that does not know its generation sends both names")
	assert.Contains(t, q, "server=")
}
