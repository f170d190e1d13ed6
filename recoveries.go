package zdm

import (
	"context"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RecoveriesService holds the calls about recovery jobs. Get it from
// [Client.Recoveries].
type RecoveriesService service

func (s *RecoveriesService) checked(checks ...error) (*Client, error) {
	return (*service)(s).checked(recoveryFamily.service, checks...)
}

// MonitorJobOptions narrows a monitoring query. The zero value (or nil)
// asks for the whole job without detail; only the fields set are sent.
// Partition and Drive filter the same column: set at most one.
type MonitorJobOptions struct {
	// Mode keeps the rows of one recovery mode (ModeFull, ModeIncrement).
	Mode Mode `url:"mode,omitempty"`
	// Partition keeps one Linux partition's row ("/home").
	Partition string `url:"partition,omitempty"`
	// Drive keeps one Windows drive's row ("C:").
	Drive string `url:"drive,omitempty"`
	// ServerName keeps the job only when this server (by name) takes
	// part in it; with ServerType, on the given side. Sent as "server" to
	// 1.x/2.x servers (under both names while the generation is unknown);
	// 3.0.0 servers refuse it.
	ServerName string `url:"serverName,omitempty"`
	// ServerType says which side ServerName names; 3.0.0 servers refuse
	// it.
	ServerType ServerType `url:"serverType,omitempty"`
	// JobName keeps the job only when its name matches; 3.0.0 servers
	// refuse it.
	JobName string `url:"jobName,omitempty"`
	// Detail asks for the extras (os, agent, ip, platform, device, backup,
	// repository). The vendor advises against it in frequent polls.
	Detail bool `url:"detail,omitempty"`
	// Center narrows the query to one center, on servers that have
	// centers; a job of another center answers 403.
	Center string `url:"center,omitempty"`
}

// validate checks the options before anything is sent.
func (o *MonitorJobOptions) validate() error {
	if o == nil {
		return nil
	}
	return check("MonitorJobOptions", rules([]rule{
		{"Mode", oneOf(o.Mode, modes)},
		{"ServerType", oneOf(o.ServerType, serverTypes)},
	}, columnRules(o.Partition, o.Drive), textFilters("ServerName", o.ServerName, "JobName", o.JobName, "Center", o.Center))...)
}

// checkRef rejects references no server can match (blank, "." and
// "..", which URL normalisation turns into other paths, control
// characters and invalid UTF-8) for a parameter named param that takes
// what expected says ("a server ID (digits) or name").
func checkRef(param, expected, id string) error {
	switch strings.TrimSpace(id) {
	case "":
		return invalidArg("%s is blank: expected %s", param, expected)
	case ".", "..":
		return invalidArg("%s %q is a path step, not %s", param, id, expected)
	}
	if !utf8.ValidString(id) {
		return invalidArg("%s %q is not valid UTF-8", param, id)
	}
	if strings.IndexFunc(id, unicode.IsControl) >= 0 {
		return invalidArg("%s %q holds control characters", param, id)
	}
	return nil
}

// MonitorJob reads the monitoring snapshot of one recovery job:
// GET {api}/recoveries/monitoring/job/{identifier}, where identifier is the
// recovery ID (digits) or its name (which may hold spaces, "/", "%" or
// Hangul; it is path-escaped). opts may be nil. Only the filters set are
// sent, shaped for the server's generation (see [Generation]).
//
// Invalid input (a blank identifier, an unknown Mode or ServerType, both
// Partition and Drive) is an error wrapping ErrInvalidArgument, and nothing
// is sent. Server answers that are not a success are *APIError values;
// errors.Is(err, ErrNotFound) tells a missing job. The *Response is
// returned whenever the server answered.
func (s *RecoveriesService) MonitorJob(ctx context.Context, identifier string, opts *MonitorJobOptions) (*JobMonitoring, *Response, error) {
	c, err := s.checked(checkRef("identifier", recoveryFamily.ref, identifier), opts.validate())
	if err != nil {
		return nil, nil, err
	}
	var w wireMonitoring
	resp, err := getShaped(ctx, c, "recoveries/monitoring/job/"+url.PathEscape(identifier), opts, (*Client).monitorQuery, &w)
	if err != nil {
		return nil, resp, err
	}
	c.learn(generationOf(&w.Job, resp), true)
	m := w.model(resp.zone)
	return &m, resp, nil
}
