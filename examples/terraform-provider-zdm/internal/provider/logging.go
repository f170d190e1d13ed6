package provider

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zdmkit/go-zdm"
)

// secretFields are log field names whose values are masked, whatever
// logs them.
var secretFields = []string{"token", "password", "authorization", "Authorization"}

// tflogHandler is the slog.Handler the provider gives go-zdm
// (zdm.WithLogger): the SDK's request, response, retry and token lines go
// to tflog, under TF_LOG / TF_LOG_PROVIDER like the provider's own. The
// SDK never logs a secret; the handler masks the configured token and
// password and the fields named like secrets anyway.
type tflogHandler struct {
	// fallback is the context of the provider's Configure, for records
	// the SDK logs without a request's context (a retry's wait).
	fallback context.Context
	secrets  []string
	attrs    []slog.Attr
	group    string
}

// newTflogHandler returns a handler that masks the given secret values
// ("" ignored).
func newTflogHandler(fallback context.Context, secrets ...string) *tflogHandler {
	h := &tflogHandler{fallback: context.WithoutCancel(fallback)}
	for _, s := range secrets {
		if s != "" {
			h.secrets = append(h.secrets, s)
		}
	}
	return h
}

// Enabled reports true: tflog filters by level itself.
func (h *tflogHandler) Enabled(context.Context, slog.Level) bool { return true }

// Handle writes the record to tflog at its level (below Debug: Trace).
func (h *tflogHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx == nil || ctx == context.Background() || ctx == context.TODO() {
		ctx = h.fallback
	}
	fields := make(map[string]any, len(h.attrs)+r.NumAttrs())
	for _, a := range h.attrs {
		addField(fields, "", a)
	}
	r.Attrs(func(a slog.Attr) bool {
		addField(fields, h.group, a)
		return true
	})
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFields...)
	if len(h.secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, h.secrets...)
		ctx = tflog.MaskMessageStrings(ctx, h.secrets...)
	}
	switch {
	case r.Level >= slog.LevelError:
		tflog.Error(ctx, r.Message, fields)
	case r.Level >= slog.LevelWarn:
		tflog.Warn(ctx, r.Message, fields)
	case r.Level >= slog.LevelInfo:
		tflog.Info(ctx, r.Message, fields)
	case r.Level >= slog.LevelDebug:
		tflog.Debug(ctx, r.Message, fields)
	default:
		tflog.Trace(ctx, r.Message, fields)
	}
	return nil
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *tflogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = slices.Clip(h.attrs)
	for _, a := range attrs {
		if h.group != "" {
			a.Key = h.group + "." + a.Key
		}
		c.attrs = append(c.attrs, a)
	}
	return &c
}

// WithGroup returns a handler that prefixes the keys of later attributes
// with name.
func (h *tflogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	if c.group != "" {
		name = c.group + "." + name
	}
	c.group = name
	return &c
}

// addField adds an attribute (a group flattened as "group.key") to
// fields, as text or a number tflog's JSON shows as such.
func addField(fields map[string]any, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	key := a.Key
	if prefix != "" {
		key = prefix + "." + key
	}
	switch v.Kind() {
	case slog.KindGroup:
		for _, ga := range v.Group() {
			addField(fields, key, ga)
		}
	case slog.KindDuration:
		fields[key] = v.Duration().String()
	case slog.KindTime:
		fields[key] = v.Time().Format(time.RFC3339Nano)
	case slog.KindAny:
		fields[key] = v.String()
	default:
		if key != "" {
			fields[key] = v.Any()
		}
	}
}

// logCall logs, at Debug, the outcome of one SDK call: what the provider
// was doing, and the final answer's method, path, status, attempts and
// request ID (the one to quote to the vendor). The SDK's own lines show
// each attempt.
func logCall(ctx context.Context, operation string, resp *zdm.Response, err error) {
	fields := map[string]any{"operation": operation}
	if resp != nil {
		fields["request_id"] = resp.RequestID
		fields["attempts"] = resp.Attempts
		if resp.Response != nil {
			fields["status"] = resp.StatusCode
			if req := resp.Request; req != nil && req.URL != nil {
				fields["method"] = req.Method
				fields["path"] = req.URL.Path
			}
		}
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	tflog.Debug(tflog.MaskFieldValuesWithFieldKeys(ctx, secretFields...), "zdm: call", fields)
}
