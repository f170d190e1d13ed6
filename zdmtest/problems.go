package zdmtest

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a [Scenario] (or a spec given to the
// server): where, as the JSON path of the field in the scenario's JSON
// form ("jobs[0].partitions[1].steps[2].percent"), and what.
type Problem struct {
	// Path is the field's JSON path; "" for the whole document.
	Path string
	// Message says what is wrong and what was expected.
	Message string
}

// String returns "path: message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ScenarioError is what [Server.Load] found wrong with a scenario: every
// problem, in the order of the scenario's fields. Nothing of the scenario
// was loaded.
type ScenarioError struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ScenarioError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects what is wrong with a spec, by JSON path.
type problems struct {
	list []Problem
}

func (p *problems) add(path, format string, args ...any) {
	p.list = append(p.list, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// err is the problems as a *ScenarioError, or nil.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ScenarioError{Problems: p.list}
}

// member is the path of a member of the value at path.
func member(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// elem is the path of an element of the array at path.
func elem(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// percent checks a percent.
func (p *problems) percent(path string, v int) {
	if v < 0 || v > 100 {
		p.add(path, "%d is outside 0..100", v)
	}
}
