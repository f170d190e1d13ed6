package zdm

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Generation is the family of ZDM server versions a client talks to. The
// generations name some query filters differently and refuse others; the
// client learns the generation from the server's first answers unless
// WithServerGeneration says it.
type Generation int

// The server generations the client knows.
const (
	// GenerationAuto learns the generation from the server's answers,
	// only from what no other generation sends. Until it knows, a filter
	// the generations name differently goes under every name, and the
	// token route of the API root in use (/api: released servers,
	// /api/v1: the draft API) is tried first.
	GenerationAuto Generation = iota
	// GenerationDraft is the draft API (/api/v1): auth/issue,
	// the serverName filter, lowercase statuses, RFC 3339 times.
	GenerationDraft
	// GenerationV1 covers the released servers 1.0.3 to 2.0.x: /api,
	// token/issue, the server-name filter called "server", PascalCase
	// statuses, zone-less times.
	GenerationV1
	// GenerationV3 is the announced 3.0.0: the reshaped monitoring answer
	// (job.info, job.progress.partitions, job.timeInfo), traceId, object
	// errors, and the serverName, serverType and jobName filters refused.
	GenerationV3
)

var generationNames = [...]string{"auto", "draft", "1.x/2.x", "3.0.0"}

// String names the generation: "auto", "draft", "1.x/2.x" or "3.0.0".
func (g Generation) String() string {
	if g >= 0 && int(g) < len(generationNames) {
		return generationNames[g]
	}
	return fmt.Sprintf("Generation(%d)", int(g))
}

// WithServerGeneration says which generation the server is, instead of
// learning it from its answers. With GenerationV3, filters those servers
// refuse fail before sending (ErrInvalidArgument) instead of with a 400.
func WithServerGeneration(g Generation) ClientOption {
	return func(c *Client) error {
		if g < GenerationAuto || g > GenerationV3 {
			return invalidArg("WithServerGeneration: unknown generation %d", int(g))
		}
		c.fixedGeneration = g
		return nil
	}
}

// ServerGeneration is the generation the client takes the server to be:
// the one given with WithServerGeneration, else the one learnt from the
// server's answers, else GenerationAuto.
func (c *Client) ServerGeneration() Generation {
	if c.fixedGeneration != GenerationAuto {
		return c.fixedGeneration
	}
	return Generation(c.learnedGeneration.Load())
}

// queryGeneration is the generation to shape a query for: the one given
// or learnt, else GenerationAuto (a filter the generations name
// differently is then sent under every name).
func (c *Client) queryGeneration() Generation { return c.ServerGeneration() }

// guessGeneration is the generation to try the token routes for: what is
// known, else a guess from the API root.
func (c *Client) guessGeneration() Generation {
	if g := c.ServerGeneration(); g != GenerationAuto {
		return g
	}
	if c.root.seedEra() {
		return GenerationDraft
	}
	return GenerationV1
}

// learn records the generation an answer showed. This is where the client
// learns its server's generation, from these signals only, each one that
// no other generation sends:
//
//	signal                                              generation  where
//	monitoring answer with job.progress or job.timeInfo 3.0.0       generationOf (replaces)
//	envelope with traceId and no requestID              3.0.0       envelope.generation
//	envelope timestamp without a zone ("2006-01-02 15:04:05")
//	                                                    1.x/2.x     envelope.generation
//	envelope error as a plain string                    1.x/2.x     envelope.generation
//	requestID beside an RFC 3339 envelope timestamp     draft API   envelope.generation
//	API root discovered at /api/v1 (/api had no route)  draft API   apiRoot.learn
//
// What a monitoring answer's shape shows (strong) replaces what was learnt
// before; the other signals only fill in what is not known yet. A client
// given WithServerGeneration learns nothing and guesses nothing. (The
// token route tried first while the generation is unknown follows the API
// root in use: guessGeneration. That is an order of tries, not a
// generation learnt.)
func (c *Client) learn(g Generation, strong bool) {
	if g == GenerationAuto || c.fixedGeneration != GenerationAuto {
		return
	}
	if strong {
		c.learnedGeneration.Store(int32(g))
	} else {
		c.learnedGeneration.CompareAndSwap(int32(GenerationAuto), int32(g))
	}
}

// generationOf tells which generation sent a monitoring answer: 3.0.0's
// shape (job.progress or job.timeInfo), else what its envelope showed
// (see learn), else GenerationAuto.
func generationOf(j *wireJob, resp *Response) Generation {
	if j.Progress != nil || j.TimeInfo != nil {
		return GenerationV3
	}
	return resp.gen
}

// generation tells what an envelope shows of the server's generation
// (see the table at learn).
func (e *envelope) generation() Generation {
	switch {
	case e.TraceID != "" && e.RequestID == "":
		return GenerationV3
	case zoneless(string(e.Timestamp)), e.Error.isText:
		return GenerationV1
	case e.RequestID != "" && e.TraceID == "" && len(e.Timestamp) >= 20:
		if _, err := time.Parse(time.RFC3339, string(e.Timestamp)); err == nil {
			return GenerationDraft
		}
	}
	return GenerationAuto
}

// monitorQuery shapes the filters for the server's generation: 1.x/2.x
// servers call serverName "server" (both names are sent while the
// generation is unknown); 3.0.0 servers refuse serverName, serverType and
// jobName, which then fail here with a reason.
func (c *Client) monitorQuery(o *MonitorJobOptions) (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	q, err := values(o)
	if err != nil || q == nil {
		return q, err
	}
	switch g := c.queryGeneration(); g {
	case GenerationAuto:
		// Unknown yet: under both names, so that no server drops it.
		if v, ok := q["serverName"]; ok {
			q["server"] = v
		}
	case GenerationV1:
		if v, ok := q["serverName"]; ok {
			delete(q, "serverName")
			q["server"] = v
		}
	case GenerationV3:
		var refused []string
		for _, f := range [...]struct{ field, param string }{
			{"ServerName", "serverName"}, {"ServerType", "serverType"}, {"JobName", "jobName"},
		} {
			if q.Has(f.param) {
				refused = append(refused, f.field)
			}
		}
		if len(refused) > 0 {
			return nil, invalidArg("MonitorJobOptions.%s: %s servers refuse this filter (400); filter the returned details instead",
				strings.Join(refused, ", "), g)
		}
	}
	return q, nil
}
