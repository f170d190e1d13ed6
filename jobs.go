package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// What the two job families, recoveries and backups, share beyond the
// calls every service makes (calls.go): the delete, run-state and
// history-probe paths are whole here, told apart by the family's facts.

// family is what the shared paths need to know of a job family.
type family struct {
	service string // the service's type name, for "has no client"
	kind    string // "Recovery", "Backup": in the names of its types
	path    string // the family's path under the API root
	what    string // "recovery job", "backup job": for messages
	ref     string // what an identifier names, for messages
	// draftRun is the body field the draft API (/api/v1) takes the run
	// state in ("state" for recoveries, "status" for backups).
	draftRun string
	// centerToRun: 3.0.0 servers need the job's center to start or stop
	// it.
	centerToRun bool
	// centerByName: 3.0.0 servers need the center to delete a job by
	// name.
	centerByName bool
}

var (
	recoveryFamily = &family{service: "RecoveriesService", kind: "Recovery", path: "recoveries", what: "recovery job",
		ref: "a recovery ID (digits) or name", draftRun: "state", centerToRun: true, centerByName: true}
	backupFamily = &family{service: "BackupsService", kind: "Backup", path: "backups", what: "backup job",
		ref: "a backup job ID (digits) or name", draftRun: "status"}
)

// ready is s's client for a call about identifier: an error when s has
// no client or identifier cannot name a job.
func (f *family) ready(s *service, identifier string) (*Client, error) {
	return s.checked(f.service, checkRef("identifier", f.ref, identifier))
}

// jobPath is the path of one job of the family.
func (f *family) jobPath(identifier string) string { return f.path + "/" + url.PathEscape(identifier) }

// failedState reports a "fail" state, in any case.
func failedState(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "fail") }

// partialFailure is the error returned beside a result the server
// accepted in part.
func partialFailure(op, detail string) error {
	return fmt.Errorf("%w: %s: %s", ErrPartialFailure, op, Printable(detail))
}

// createOutcome is a create's partial failure: some parts failed (a
// failed count, or a "fail" state with its reason).
func createOutcome(state, reason string, sum CreateSummary) error {
	switch {
	case failedState(state):
		return partialFailure("create", fmt.Sprintf("state %q: %s", state, reason))
	case sum.Failed > 0:
		return partialFailure("create", fmt.Sprintf("%d of %d not registered", sum.Failed, sum.Total))
	}
	return nil
}

// runStateBody is the body that starts ("start") or stops ("stop") a job
// of f on c's server, with the job's center ("" for none). The draft API
// takes the word in f.draftRun, and "cancel" for stop.
func (f *family) runStateBody(ctx context.Context, c *Client, center, word string) (map[string]string, error) {
	gen := c.writeGeneration(ctx)
	switch {
	case center != "":
		if err := required("center", center); err != nil {
			return nil, err
		}
	case gen == GenerationV3 && f.centerToRun:
		return nil, invalidArg("center is required by %s servers: the job's center ID or name", gen)
	}
	body := map[string]string{}
	if center != "" {
		body["center"] = center
	}
	if gen == GenerationDraft || (gen == GenerationAuto && c.guessGeneration() == GenerationDraft) {
		body[f.draftRun] = map[string]string{"start": "start", "stop": "cancel"}[word]
	} else {
		body["status"] = word
	}
	return body, nil
}

// deleteQuery checks the center of a delete ("" for none; exactly one
// otherwise) and returns its query.
func (f *family) deleteQuery(identifier, center string, gen Generation) (string, error) {
	byName := ""
	if gen == GenerationV3 && f.centerByName && !allDigits(identifier) {
		byName = fmt.Sprintf("is required to delete by name on %s servers (names are unique only within a center)", gen)
	}
	q, problem := centerQuery(center, byName)
	return q, check("Delete"+f.kind+"Options", rule{"Center", problem})
}

// delete removes a job of f with its parts, histories and logs: DELETE
// {api}/{path}/{identifier}?center={center}.
func (f *family) delete(ctx context.Context, s *service, identifier, center string) (*DeleteResult, *Response, error) {
	c, err := f.ready(s, identifier)
	if err != nil {
		return nil, nil, err
	}
	q, err := f.deleteQuery(identifier, center, c.queryGeneration())
	if err != nil {
		return nil, nil, err
	}
	return write(ctx, c, http.MethodDelete, f.jobPath(identifier)+q, nil, (*wireDeleteResult).model, deleteOutcome)
}

// deleteOutcome is a delete's failure beside its result: a "fail" state
// (some parts could not be removed) is a partial failure; "not_found"
// (nothing was there to remove) an *APIError matching ErrNotFound.
func deleteOutcome(out *DeleteResult, resp *Response) error {
	if strings.EqualFold(strings.TrimSpace(out.State), "not_found") {
		return listAnswerError(resp, ErrNotFound, "delete: state %q: the server found nothing to delete", out.State)
	}
	if !failedState(out.State) {
		return nil
	}
	msg := ""
	for _, j := range out.Jobs {
		if j.ErrorMessage != "" {
			msg += "; " + j.Partition + ": " + j.ErrorMessage
		}
	}
	return partialFailure("delete", fmt.Sprintf("state %q%s", out.State, msg))
}

// jobRef is a job identifier as a history filter: its ID when it is
// digits, else its name.
func jobRef(identifier string) (jobID, jobName string) {
	if allDigits(identifier) {
		return identifier, ""
	}
	return "", identifier
}

// runProbe is how many rows a job's newest histories hold (Run's check
// that a run ended): at most runProbe.Limit, newest first.
var runProbe = ListOptions{Limit: 20}

// newestRun reads the newest history row ID and the row count of a job's
// histories from one page of them.
func newestRun[H any](rows []H, resp *Response, err error, idOf func(H) int64) (maxID int64, total int, _ error) {
	if err != nil {
		return 0, 0, err
	}
	total = len(rows)
	if resp != nil && resp.Pagination != nil {
		total = resp.Pagination.TotalItems
	}
	for _, row := range rows {
		maxID = max(maxID, idOf(row))
	}
	return maxID, total, nil
}

// wireJobCommon are the body fields the creates and updates of both
// families share.
type wireJobCommon struct {
	Schedule     json.RawMessage `json:"schedule,omitempty"`
	NetworkLimit *int            `json:"networkLimit,omitempty"`
	MailEvent    string          `json:"mailEvent,omitempty"`
	ScriptPath   string          `json:"scriptPath,omitempty"`
	ScriptRun    string          `json:"scriptRun,omitempty"`
}

// commonBody is the shared part of a create's or update's body; a limit
// of 0 is left out.
func commonBody(scheduleID int64, schedule json.RawMessage, mail, script string, run ScriptTiming, limit int) wireJobCommon {
	w := wireJobCommon{Schedule: scheduleBody(scheduleID, schedule), MailEvent: mail, ScriptPath: script, ScriptRun: lower(run)}
	if limit > 0 {
		w.NetworkLimit = &limit
	}
	return w
}

// commonRules are the rules of the settings every job create and update
// takes.
func commonRules(run ScriptTiming, limit int, scheduleID int64, sched json.RawMessage) []rule {
	return []rule{
		{"ScriptRun", optional(run)},
		{"NetworkLimit", notNegative(limit, "0 (unlimited) or more")},
		{"ScheduleID", notNegative(scheduleID, "a schedule's ID, or 0 for none")},
		{"Schedule", schedule(scheduleID, sched)},
	}
}

// changesNothing reports whether an update body sends nothing but the
// center (every other field is omitted when unset).
func changesNothing(body any) bool {
	var fields map[string]json.RawMessage
	b, err := json.Marshal(body)
	if err != nil || json.Unmarshal(b, &fields) != nil {
		return false
	}
	delete(fields, "center")
	return len(fields) == 0
}

// wireCreateSummary counts what a create registered.
type wireCreateSummary struct {
	Total      text `json:"total"`
	Successful text `json:"successful"`
	Failed     text `json:"failed"`
}

func (s *wireCreateSummary) model() CreateSummary {
	return CreateSummary{Total: atoi(s.Total), Successful: atoi(s.Successful), Failed: atoi(s.Failed)}
}

// checked is a call's options or request: checked before anything is
// sent (a nil pointer is valid where the call takes nil).
type checked interface{ validate() error }

// client is s's client for a call of f with input in (nil for none): an
// error when s has no client or in is invalid (see service.checked).
func (f *family) client(s *service, in checked) (*Client, error) {
	return s.checked(f.service, validated(in))
}

// clientAbout is client for a call about the job identifier, which must
// be able to name a job.
func (f *family) clientAbout(s *service, identifier string, in checked) (*Client, error) {
	return s.checked(f.service, checkRef("identifier", f.ref, identifier), validated(in))
}

// clientForServer is client for a call about a server, which must be
// able to name one.
func (f *family) clientForServer(s *service, server string, in checked) (*Client, error) {
	return s.checked(f.service, checkRef("server", serverRef, server), validated(in))
}

// validated is in's check, nil for no input.
func validated(in checked) error {
	if in == nil {
		return nil
	}
	return in.validate()
}

// creator is a create's request, checked against what the client knows
// of its server's generation (what is required differs).
type creator interface{ validate(Generation) error }

// clientToCreate is client for a create of req.
func (f *family) clientToCreate(s *service, req creator) (*Client, error) {
	c, err := s.checked(f.service)
	if err == nil {
		err = req.validate(c.queryGeneration())
	}
	return c, err
}

// runState starts or stops a job of f (word "start" or "stop") through
// the family's update call put.
func runState[M any](ctx context.Context, f *family, s *service, identifier, center, word string,
	put func(context.Context, *Client, string, any) (*M, *Response, error)) (*M, *Response, error) {
	c, err := f.ready(s, identifier)
	if err != nil {
		return nil, nil, err
	}
	body, err := f.runStateBody(ctx, c, center, word)
	if err != nil {
		return nil, nil, err
	}
	return put(ctx, c, identifier, body)
}
