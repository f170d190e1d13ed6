package zdm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// SchedulesService holds the calls about schedules. Servers have no call
// to change a schedule: a job's schedule changes through the job's update.
// Get it from [Client.Schedules].
type SchedulesService service

func (s *SchedulesService) checked(checks ...error) (*Client, error) {
	return (*service)(s).checked("SchedulesService", checks...)
}

// ListSchedulesOptions narrows List and ListAll. The zero value (or nil)
// asks for every schedule; only the fields set are sent.
type ListSchedulesOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// ID keeps the schedule with this ID; 0 is no filter.
	ID int64 `url:"id,omitempty"`
	// JobName keeps the schedules of the job of this name.
	JobName string `url:"jobName,omitempty"`
	// Type, when not nil, keeps the schedules of this type. It is sent
	// as the type's display name ("Daily"), or its alias ("daily") to
	// servers of the draft API: servers refuse numbers here.
	Type *ScheduleType `url:"-"`
	// State keeps the enabled (ScheduleEnabled) or disabled
	// (ScheduleDisabled) schedules.
	State ScheduleState `url:"state,omitempty"`
	// Center keeps the schedules of these centers, by ID or name, or a
	// comma list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Sort orders the schedules, SortAscending or SortDescending (1.0.3
	// and later).
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *ListSchedulesOptions) validate() error {
	if o == nil {
		return nil
	}
	typ := ""
	if o.Type != nil && !o.Type.valid() {
		typ = "is " + o.Type.String() + ": expected ScheduleOnce (0) to ScheduleSmartCustomDate (11), or nil for no filter"
	}
	return checkList("ListSchedulesOptions", o.ListOptions, append([]rule{
		{"ID", notNegative(o.ID, "a schedule's ID, or 0 for no filter")},
		{"Type", typ},
		{"State", oneOf(o.State, scheduleStates)},
		{"Sort", oneOf(o.Sort, sortOrders)},
	}, textFilters("JobName", o.JobName, "Center", o.Center)...)...)
}

// scheduleQuery is the shape of the options: the type filter in the
// words the client's server takes (its display name; its alias on the
// draft API).
func scheduleQuery(c *Client, o *ListSchedulesOptions) (url.Values, error) {
	q, err := values(o)
	if err != nil || o == nil || o.Type == nil {
		return q, err
	}
	if q == nil {
		q = url.Values{}
	}
	name := scheduleNames[*o.Type]
	q.Set("type", name.display)
	if c.queryGeneration() == GenerationDraft {
		q.Set("type", name.alias)
	}
	return q, nil
}

// List lists schedules: GET {api}/schedules. opts may be nil. Servers
// answer every schedule unless Page or Limit is set (1.0.3 and later). A
// smart schedule is listed as two rows, its basic and its advanced
// timing.
//
// Invalid options (negative Page, Limit or ID, an unknown Type, State or
// Sort, a blank filter) are an error wrapping ErrInvalidArgument, and
// nothing is sent.
func (s *SchedulesService) List(ctx context.Context, opts *ListSchedulesOptions) ([]*Schedule, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "schedules", opts, scheduleQuery, (*wireScheduleRow).model)
}

// ListAll lists every schedule matching opts, fetching pages lazily as
// the loop asks for them (see [RecoveriesService.ListAll]).
func (s *SchedulesService) ListAll(ctx context.Context, opts *ListSchedulesOptions) iter.Seq2[*Schedule, error] {
	return allPages(opts, func(o *ListSchedulesOptions) ([]*Schedule, *Response, error) { return s.List(ctx, o) })
}

// Get reads one schedule by its ID: GET {api}/schedules/{id}. A missing
// schedule is an *APIError matching ErrNotFound.
func (s *SchedulesService) Get(ctx context.Context, id int64) (*Schedule, *Response, error) {
	c, err := s.checked(positiveID("id", id))
	if err != nil {
		return nil, nil, err
	}
	return readOne(ctx, c, "schedules/"+idPath(id), (*noOptions)(nil), plainQuery[noOptions], (*wireScheduleRow).model)
}

// Create registers a schedule: POST {api}/schedules. It returns the
// schedule's ID, type, state and the server's description of it; for
// smart types the advanced half is in Advanced, with its own ID.
//
// The request is checked against what its type takes before anything is
// sent (see [ScheduleTiming]): a missing or extra part, a value out of
// range, several values where the type takes one (a smart type's Basic),
// an Advanced timing for a basic type or none for a smart one, a Time not
// "HH:mm" are errors wrapping ErrInvalidArgument that name the field. A
// lost answer matches ErrOutcomeUnknown and is never resent: list by
// JobName before trying again.
func (s *SchedulesService) Create(ctx context.Context, req *CreateScheduleRequest) (*Schedule, *Response, error) {
	c, err := s.checked(req.validate())
	if err != nil {
		return nil, nil, err
	}
	gen := c.queryGeneration()
	if len(req.Basic.Weekdays) > 0 || req.Advanced != nil && len(req.Advanced.Weekdays) > 0 {
		gen = c.writeGeneration(ctx) // the draft API numbers weekdays
	}
	body := &wireCreateSchedule{Center: req.Center, User: req.User, JobName: req.JobName,
		Type: int(req.Type), Basic: req.Basic.wire(req.Type, gen)}
	if req.Advanced != nil {
		body.Advanced = req.Advanced.wire(req.Type, gen)
	}
	return writeIn(ctx, c, http.MethodPost, "schedules", body, (*wireCreatedSchedule).model, nil)
}

// Delete removes a schedule: DELETE {api}/schedules/{id} (servers from
// 1.0.3 of 2026-01 on). A schedule a job still uses is an *APIError
// matching ErrConflict (the message counts the jobs); a missing one
// ErrNotFound; a lost answer ErrOutcomeUnknown. 3.0.0 servers want the
// schedule's center: Delete reads the schedule first on those servers to
// send it.
func (s *SchedulesService) Delete(ctx context.Context, id int64) (*Response, error) {
	c, err := s.checked(positiveID("id", id))
	if err != nil {
		return nil, err
	}
	q := ""
	if c.writeGeneration(ctx) == GenerationV3 {
		sch, resp, err := s.Get(ctx, id)
		if err != nil {
			return resp, err
		}
		if center := firstOf(idPathOr(sch.Center.ID), sch.Center.Name); center != "" {
			q = "?center=" + url.QueryEscape(center)
		}
	}
	return request(ctx, c, http.MethodDelete, "schedules/"+idPath(id)+q, nil, nil)
}

// idPathOr is an ID as text, "" for 0.
func idPathOr(id int64) string {
	if id == 0 {
		return ""
	}
	return idPath(id)
}
