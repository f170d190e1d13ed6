package zdmtest

import (
	"maps"
	"slices"
	"strconv"
)

// jobTable holds one family's jobs (recoveries, or backups: each family
// numbers its jobs and checks its names on its own, as the servers keep
// them in tables of their own). Guarded by Server.mu.
//
// Job names are unique per center, not across the server: the vendor's
// servers let two centers each have a job called "nightly" (which is why
// 3.0.0 wants a center to act on a job by name). byName holds every job
// of a name, in order of registration (a rename counts as one). A job of
// no center is within every center (as for the center filters), so its
// name is taken in all of them, and a name used in any center is taken
// for a job of no center.
type jobTable struct {
	byID   map[int]*Job
	byName map[string][]*Job // per name, in order of registration
	nextID int
}

// clone copies the table (not the jobs), for a snapshot.
func (t *jobTable) clone() jobTable {
	c := jobTable{byID: maps.Clone(t.byID), byName: maps.Clone(t.byName), nextID: t.nextID}
	for k, v := range c.byName {
		c.byName[k] = slices.Clone(v)
	}
	return c
}

// next is the ID a job without one takes.
func (t *jobTable) next() int { return max(t.nextID, 1) }

// add files j by its ID and name.
func (t *jobTable) add(j *Job) {
	if t.byID == nil {
		t.byID, t.byName = map[int]*Job{}, map[string][]*Job{}
	}
	t.byID[j.id] = j
	t.addName(j)
	t.nextID = max(t.next(), j.id+1)
}

// has reports whether j is in the table.
func (t *jobTable) has(j *Job) bool { return t.byID[j.id] == j }

// remove takes j out of the table.
func (t *jobTable) remove(j *Job) {
	if t.has(j) {
		delete(t.byID, j.id)
		t.dropName(j)
	}
}

// nameTaken returns a job other than except that holds name in center,
// or nil.
func (t *jobTable) nameTaken(name, center string, except *Job) *Job {
	for _, o := range t.byName[name] {
		if o != except && (o.spec.Center == center || o.spec.Center == "" || center == "") {
			return o
		}
	}
	return nil
}

// addName files j under its name, as the most recent of that name.
func (t *jobTable) addName(j *Job) {
	if t.byName == nil {
		t.byName = map[string][]*Job{}
	}
	t.byName[j.name] = append(t.byName[j.name], j)
}

// dropName removes j from its name's jobs.
func (t *jobTable) dropName(j *Job) {
	same := slices.DeleteFunc(t.byName[j.name], func(o *Job) bool { return o == j })
	if len(same) == 0 {
		delete(t.byName, j.name)
	} else {
		t.byName[j.name] = same
	}
}

// sorted is every job by ID, ascending or descending.
func (t *jobTable) sorted(desc bool) []*Job {
	out := slices.Collect(maps.Values(t.byID))
	sortByID(out, desc, func(j *Job) int { return j.id })
	return out
}

// lookup finds a job by ID (when identifier is digits: centers play no
// part) or name. For a name, centers (a comma list of center names or
// IDs, "" for none) choose among the jobs of that name: the most recently
// registered one within them, or else, for the caller to refuse, the most
// recently registered one of any center. No centers, the most recently
// registered one of that name: the servers' documentation says nothing of
// a read by a name two centers hold (WIRE-RECOVERIES §3.4), and a newest-
// first listing (the default sort) would show that one first. 3.0.0's
// writes by name never get here without a center (a PUT without one is a
// 422, a DELETE by name without one a 400 CENTER-ERROR-02); the draft's
// PUT and DELETE have no center, and 1.x/2.x's writes without one act on
// the same job a read would.
func (s *Server) lookup(t *jobTable, identifier, centers string) *Job {
	if id, err := strconv.Atoi(identifier); err == nil && isDigits(identifier) {
		if j, ok := t.byID[id]; ok {
			return j
		}
	}
	same := t.byName[identifier]
	for i := len(same) - 1; i >= 0; i-- {
		if s.matchesCenter(centers, same[i].spec.Center) {
			return same[i]
		}
	}
	if len(same) == 0 {
		return nil
	}
	return same[len(same)-1]
}
