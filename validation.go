package zdm

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Input checks. Each request and options type lists its fields in one
// table of rules (its validate method); check reports the first rule
// broken, naming the field and saying what was expected, as an error
// wrapping ErrInvalidArgument. The helpers below each return what is wrong
// with one value, "" when nothing is.

// rule is one field of a table and what is wrong with its value ("" when
// nothing is).
type rule struct{ field, problem string }

// check returns the first broken rule of a table as an error wrapping
// ErrInvalidArgument: "<what>.<field> <problem>".
func check(what string, rules ...rule) error {
	for _, r := range rules {
		if r.problem != "" {
			return invalidArg("%s.%s %s", what, r.field, r.problem)
		}
	}
	return nil
}

// checkList checks the options of a list: its page, then its table of
// rules (see check).
func checkList(what string, page ListOptions, rules ...rule) error {
	if err := page.validate(what); err != nil {
		return err
	}
	return check(what, rules...)
}

// The helpers below that build tables (textFilters, columnRules, rules)
// keep only the broken rules, in order: check reports the first of them
// all the same, and input with nothing wrong (every call's usual case)
// costs no allocation.

// textFilters are the broken rules of text filters, given as field name
// and value pairs: a blank filter is refused (see filter).
func textFilters(pairs ...string) []rule {
	var out []rule
	for i := 0; i+1 < len(pairs); i += 2 {
		if p := filter(pairs[i+1]); p != "" {
			out = append(out, rule{pairs[i], p})
		}
	}
	return out
}

// columnRules are the broken rules of a Partition / Drive pair of
// filters.
func columnRules(partition, drive string) []rule {
	return rules([]rule{{"Partition", oneColumn(partition, drive)}}, textFilters("Partition", partition, "Drive", drive))
}

// rules joins tables of rules, keeping the broken ones.
func rules(tables ...[]rule) []rule {
	var out []rule
	for _, t := range tables {
		for _, r := range t {
			if r.problem != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// required is an error when a text a call cannot do without is blank or
// not UTF-8; what names it.
func required(what, v string) error {
	if p := requiredText(v); p != "" {
		return invalidArg("%s %s", what, p)
	}
	return nil
}

// requiredText is a text the request cannot do without.
func requiredText(v string) string {
	if strings.TrimSpace(v) == "" {
		return "is required"
	}
	return validText(v)
}

// optional is a text that may be left unset, but not set blank.
func optional[T ~string](v T) string {
	if v == "" {
		return ""
	}
	if strings.TrimSpace(string(v)) == "" {
		return "is blank: expected a value, or leave it unset"
	}
	return validText(string(v))
}

// filter is a text filter: servers treat an empty value as "no filter"
// (1.x/2.x) or refuse it (3.0.0), so a blank one is refused.
func filter(v string) string {
	if v != "" && strings.TrimSpace(v) == "" {
		return "is blank: servers refuse an empty filter; leave it unset"
	}
	return validText(v)
}

func validText(v string) string {
	if !utf8.ValidString(v) {
		return "is not valid UTF-8"
	}
	return ""
}

// oneOf is a value of a closed set; "" (unset) passes.
func oneOf[T ~string](v T, known []T) string {
	if v == "" || slices.Contains(known, v) {
		return ""
	}
	return fmt.Sprintf("%q is unknown: expected %s", v, alternatives(known))
}

// requiredOneOf is a value of a closed set that must be set.
func requiredOneOf[T ~string](v T, known []T) string {
	if v == "" {
		return "is required: expected " + alternatives(known)
	}
	return oneOf(v, known)
}

// alternatives writes a set as `"a" or "b"`, or `one of a, b, c`.
func alternatives[T ~string](known []T) string {
	if len(known) == 2 {
		return fmt.Sprintf("%q or %q", known[0], known[1])
	}
	words := make([]string, len(known))
	for i, k := range known {
		words[i] = string(k)
	}
	return "one of " + strings.Join(words, ", ")
}

// statusFilter is a status any server spells (its phase is known).
func statusFilter(s Status) string {
	if s == "" || s.Phase() != PhaseUnknown {
		return ""
	}
	return fmt.Sprintf("%q is unknown: expected one of preparing, processing, complete, scheduled, registered, canceling, canceled, error", s)
}

// notNegative is a number that may be 0 or more.
func notNegative[N int | int64](n N, expected string) string {
	if n < 0 {
		return fmt.Sprintf("%d is negative: expected %s", n, expected)
	}
	return ""
}

// jobID is a filter that takes a job's ID.
func jobID(v string) string {
	if v != "" && !allDigits(v) {
		return fmt.Sprintf("%q is not a job ID: expected digits", v)
	}
	return ""
}

// oneColumn refuses a Partition and a Drive filter together: they filter
// the same column, and servers refuse the pair. It is the Partition
// field's rule.
func oneColumn(partition, drive string) string {
	if partition != "" && drive != "" {
		return fmt.Sprintf("(%q) and Drive (%q) are both set: they filter the same column, set one", partition, drive)
	}
	return ""
}

// schedule is a ScheduleID / Schedule pair: at most one, the inline one a
// JSON object. It is the Schedule field's rule.
func schedule(id int64, raw json.RawMessage) string {
	switch {
	case id > 0 && len(raw) > 0:
		return "and ScheduleID are both set: set one"
	case len(raw) > 0 && (!json.Valid(raw) || strings.TrimSpace(string(raw))[0] != '{'):
		return "is not a JSON object: expected an object such as {\"type\": 3, \"basic\": {\"time\": \"03:00\"}}"
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
