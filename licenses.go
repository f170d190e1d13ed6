package zdm

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// LicensesService holds the calls about licences. Get it from
// [Client.Licenses].
type LicensesService service

func (s *LicensesService) checked(checks ...error) (*Client, error) {
	return (*service)(s).checked("LicensesService", checks...)
}

// LicenseCategory is a licence's category.
type LicenseCategory string

// The licence categories. Answers spell them "zdm(backup)" or
// "ZDM(Backup)"; the model reads them lowercased, as these.
const (
	LicenseCategoryBackup    LicenseCategory = "zdm(backup)"
	LicenseCategoryDR        LicenseCategory = "zdm(dr)"
	LicenseCategoryMigration LicenseCategory = "zdm(migration)"
)

var licenseCategories = []LicenseCategory{LicenseCategoryBackup, LicenseCategoryDR, LicenseCategoryMigration}

// License is a licence as List and Get return it, from every server
// generation (the prototype's flat fields included).
type License struct {
	// ID is the licence's ID.
	ID int64 `json:"id"`
	// Name is the licence's name.
	Name string `json:"name"`
	// Key is the licence key, which encodes its category, copies and
	// expiry.
	Key string `json:"key"`
	// Category is the licence's category, lowercased
	// (LicenseCategoryBackup, ...).
	Category LicenseCategory `json:"category"`
	// Copies counts the servers the licence covers.
	Copies LicenseCopies `json:"copies"`
	// Description is the licence's description.
	Description string `json:"description"`
	// Dates are when the licence was registered and expires.
	Dates LicenseDates `json:"dates"`
}

// LicenseCopies counts the servers a licence covers.
type LicenseCopies struct {
	// Total is how many servers it covers.
	Total int `json:"total"`
	// Used is how many servers it is assigned to.
	Used int `json:"used"`
	// Available is how many more it can be assigned to.
	Available int `json:"available"`
	// Usage is the percent used, 0 to 100.
	Usage int `json:"usage"`
}

// LicenseDates are a licence's dates as sent ("2026-01-01").
type LicenseDates struct {
	// Created is when the licence was registered (before 3.0.0, servers
	// may send another date here).
	Created string `json:"created"`
	// Expires is when the licence expires.
	Expires string `json:"expires"`
	// DaysRemaining is the number of days until it expires, 0 once it
	// has.
	DaysRemaining int `json:"daysRemaining"`
}

// CreatedAt reads Created: a date ("2006-01-02", as midnight UTC) or a
// time; ok is false when not given.
func (d LicenseDates) CreatedAt() (time.Time, bool) { return parseDate(d.Created) }

// ExpiresAt reads Expires like CreatedAt.
func (d LicenseDates) ExpiresAt() (time.Time, bool) { return parseDate(d.Expires) }

// parseDate reads a date or a time as servers send them.
func parseDate(s string) (time.Time, bool) {
	if t, ok := parseTime(s, nil); ok {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

type wireLicense struct {
	ID          id    `json:"id"`
	Name        known `json:"name"`
	Key         known `json:"key"`
	Category    known `json:"category"`
	Description known `json:"description"`
	Copies      struct {
		Total     text `json:"total"`
		Used      text `json:"used"`
		Available text `json:"available"`
		Usage     text `json:"usage"`
	} `json:"copies"`
	Dates struct {
		Created       knownStamp `json:"created"`
		Expires       knownStamp `json:"expires"`
		DaysRemaining text       `json:"daysRemaining"`
	} `json:"dates"`

	// The prototype's flat fields.
	LicenseKey            known      `json:"licenseKey"`
	LicenseCategory       known      `json:"licenseCategory"`
	LicenseCopyNumber     text       `json:"licenseCopyNumber"`
	LicenseUseCopyNumber  text       `json:"licenseUseCopyNumber"`
	LicenseExpirationDate knownStamp `json:"licenseExpirationDate"`
	LicenseCreateDate     knownStamp `json:"licenseCreateDate"`
}

func (w *wireLicense) model(t *times) License {
	c := &w.Copies
	return License{
		ID: int64(w.ID), Name: string(w.Name), Key: string(firstOf(w.Key, w.LicenseKey)),
		Category:    LicenseCategory(lower(firstOf(w.Category, w.LicenseCategory))),
		Description: string(w.Description),
		Copies: LicenseCopies{Total: atoi(firstOf(c.Total, w.LicenseCopyNumber)),
			Used: atoi(firstOf(c.Used, w.LicenseUseCopyNumber)), Available: atoi(c.Available), Usage: percentOf(c.Usage)},
		Dates: LicenseDates{Created: t.of(orStamp(w.Dates.Created, w.LicenseCreateDate)),
			Expires: t.of(orStamp(w.Dates.Expires, w.LicenseExpirationDate)), DaysRemaining: atoi(w.Dates.DaysRemaining)},
	}
}

// ListLicensesOptions narrows List and ListAll. The zero value (or nil)
// asks for every licence; only the fields set are sent.
type ListLicensesOptions struct {
	// ListOptions pages the list (see ListAll).
	ListOptions
	// ID keeps the licence with this ID (1.0.3 and later); 0 is no
	// filter.
	ID int64 `url:"id,omitempty"`
	// Name keeps the licences whose name contains this text (1.0.3 and
	// later).
	Name string `url:"name,omitempty"`
	// Category keeps the licences of one category.
	Category LicenseCategory `url:"category,omitempty"`
	// Expires keeps the licences expiring on this date, "YYYY-MM-DD"
	// (wire exp).
	Expires string `url:"exp,omitempty"`
	// Created keeps the licences registered on this date, "YYYY-MM-DD".
	Created string `url:"created,omitempty"`
	// Center keeps the licences of these centers, by ID or name, or a
	// comma list of them (2.0.0 and later).
	Center string `url:"center,omitempty"`
	// Sort orders the licences, SortAscending or SortDescending (servers
	// before 3.0.0 ignore it).
	Sort SortOrder `url:"sort,omitempty"`
}

func (o *ListLicensesOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkList("ListLicensesOptions", o.ListOptions, append([]rule{
		{"ID", notNegative(o.ID, "a licence's ID, or 0 for no filter")},
		{"Category", oneOf(o.Category, licenseCategories)},
		{"Expires", date(o.Expires)},
		{"Created", date(o.Created)},
		{"Sort", oneOf(o.Sort, sortOrders)},
	}, textFilters("Name", o.Name, "Center", o.Center)...)...)
}

// date is the rule of an optional "YYYY-MM-DD" filter.
func date(v string) string {
	if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
		return strconv.Quote(v) + ` is not a date: expected "YYYY-MM-DD"`
	}
	return ""
}

// List lists licences: GET {api}/licenses. opts may be nil. Servers
// answer every licence unless Page or Limit is set (1.0.3 and later).
// Invalid options are an error wrapping ErrInvalidArgument, and nothing is
// sent.
func (s *LicensesService) List(ctx context.Context, opts *ListLicensesOptions) ([]*License, *Response, error) {
	c, err := s.checked(opts.validate())
	if err != nil {
		return nil, nil, err
	}
	return readList(ctx, c, "licenses", opts, plainQuery[ListLicensesOptions], (*wireLicense).model)
}

// ListAll lists every licence matching opts, fetching pages lazily as the
// loop asks for them (see [RecoveriesService.ListAll]).
func (s *LicensesService) ListAll(ctx context.Context, opts *ListLicensesOptions) iter.Seq2[*License, error] {
	return allPages(opts, func(o *ListLicensesOptions) ([]*License, *Response, error) { return s.List(ctx, o) })
}

// Get reads one licence by its ID (digits) or its exact name. It lists
// with an id or name filter and picks the match itself (GET
// {api}/licenses?id=), which reads the same on every server generation:
// GET /licenses/{identifier} answers the whole list on some 2.0.x servers
// and matched names partially before 3.0.0. No match is an *APIError
// matching ErrNotFound; a name several licences have, one matching
// ErrConflict that lists their IDs (get one by ID).
func (s *LicensesService) Get(ctx context.Context, identifier string) (*License, *Response, error) {
	if _, err := s.checked(checkRef("identifier", "a licence ID (digits) or name", identifier)); err != nil {
		return nil, nil, err
	}
	opts := &ListLicensesOptions{Name: identifier}
	n, err := strconv.ParseInt(identifier, 10, 64)
	byID := allDigits(identifier) && err == nil
	if byID {
		opts = &ListLicensesOptions{ID: n}
	}
	list, resp, err := s.List(ctx, opts)
	if err != nil {
		return nil, resp, err
	}
	var found []*License
	for _, l := range list {
		if byID && l.ID == n || !byID && l.Name == identifier {
			found = append(found, l)
		}
	}
	switch len(found) {
	case 1:
		return found[0], resp, nil
	case 0:
		how := "named"
		if byID {
			how = "with ID"
		}
		return nil, resp, listAnswerError(resp, ErrNotFound, "no licence %s %q", how, identifier)
	}
	ids := make([]string, len(found))
	for i, l := range found {
		ids[i] = idPath(l.ID)
	}
	return nil, resp, listAnswerError(resp, ErrConflict, "%d licences are named %q (IDs %s): get one by ID", len(found), identifier, strings.Join(ids, ", "))
}

// AssignLicenseRequest assigns a licence to a server (PUT
// {api}/licenses/assign). License and Server are required.
type AssignLicenseRequest struct {
	// License is the licence to assign, by ID or name.
	License string
	// Server is the server to license, by ID or name.
	Server string
	// Center is the center both belong to, by ID or name (2.0.0 and
	// later check it); "" sends none.
	Center string
	// User is the ZDM user assigning it, by ID or email; "" leaves it to
	// the server.
	User string
}

// AssignLicenseResult is the assignment the server made.
type AssignLicenseResult struct {
	// Server is the licensed server.
	Server ServerRef
	// License is the assigned licence.
	License AssignedLicense
}

// AssignedLicense is a licence as an assignment reports it.
type AssignedLicense struct {
	// ID is the licence's ID.
	ID int64
	// Name is the licence's name.
	Name string
	// Category is the licence's category, lowercased.
	Category LicenseCategory
	// Created is when the licence was registered, as sent.
	Created string
	// Expires is when the licence expires, as sent (wire expiration).
	Expires string
}

type wireAssignLicense struct {
	Server  string `json:"server"`
	License string `json:"license"`
	Center  string `json:"center,omitempty"`
	User    string `json:"user,omitempty"`
}

type wireAssignResult struct {
	Server struct {
		ID   id    `json:"id"`
		Name known `json:"name"`
	} `json:"server"`
	License struct {
		ID         id         `json:"id"`
		Name       known      `json:"name"`
		Category   known      `json:"category"`
		Created    knownStamp `json:"created"`
		Expiration knownStamp `json:"expiration"`
	} `json:"license"`
}

func (w *wireAssignResult) model(t *times) *AssignLicenseResult {
	l := &w.License
	return &AssignLicenseResult{
		Server: ServerRef{ID: int64(w.Server.ID), Name: string(w.Server.Name)},
		License: AssignedLicense{ID: int64(l.ID), Name: string(l.Name), Category: LicenseCategory(lower(l.Category)),
			Created: t.of(l.Created.stamp), Expires: t.of(l.Expiration.stamp)},
	}
}

// Assign assigns a licence to a server: PUT {api}/licenses/assign (POST
// where a server has no PUT route for it, as the CLI's reference says).
//
// An assignment can never be undone or changed: no server generation has
// a call to unassign a licence or delete one, and a server that once had
// a licence in a center can never be given another there (409). A
// licence and server of different centers is an *APIError matching
// ErrForbidden; a server that already has a licence ErrConflict; a
// missing licence or server ErrNotFound. Invalid input wraps
// ErrInvalidArgument and nothing is sent; a lost answer matches
// ErrOutcomeUnknown: read the server's License.ID before trying again.
func (s *LicensesService) Assign(ctx context.Context, req *AssignLicenseRequest) (*AssignLicenseResult, *Response, error) {
	c, err := s.checked(req.validate())
	if err != nil {
		return nil, nil, err
	}
	body := &wireAssignLicense{Server: req.Server, License: req.License, Center: req.Center, User: req.User}
	out, resp, err := writeIn(ctx, c, http.MethodPut, "licenses/assign", body, (*wireAssignResult).model, nil)
	if errors.Is(err, ErrEndpointNotFound) {
		out, resp, err = writeIn(ctx, c, http.MethodPost, "licenses/assign", body, (*wireAssignResult).model, nil)
	}
	return out, resp, err
}

func (r *AssignLicenseRequest) validate() error {
	const what = "AssignLicenseRequest"
	if r == nil {
		return invalidArg("%s is nil", what)
	}
	return check(what,
		rule{"License", requiredText(r.License)},
		rule{"Server", requiredText(r.Server)},
		rule{"Center", optional(r.Center)},
		rule{"User", optional(r.User)},
	)
}

// orStamp is a, or b when a was not sent (or was a placeholder).
func orStamp(a, b knownStamp) stamp {
	if a == (knownStamp{}) {
		return b.stamp
	}
	return a.stamp
}
