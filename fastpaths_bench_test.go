package zdm

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkFastPaths measures each hand-written fast path of the decoder
// beside what it replaces (plain encoding/json), on the shape of an
// answer users read, in the same run:
//   - sizes: the 1,200 size objects of a page of 100 servers with 4
//     partitions each (BenchmarkServersList's page), read member by member
//     (flatMembers) or by encoding/json (size.readJSON).
//   - schedules: the schedules of a page of 100 backup jobs
//     (BenchmarkBackupsList's page), likewise (wireScheduleBasic.readJSON).
//   - data: whether a success envelope has a "data" member, on a small
//     and a large monitoring answer (BenchmarkMonitorJob's): hasMember
//     walks the body's top-level members after the one decoding pass; the
//     probe is encoding/json's own way, data decoded through a wrapper
//     that notes it was there (a second pass over the data).
//
// The README's "kept" table quotes these rows:
//
//	go test -run '^$' -bench FastPaths -benchmem -count 8 .
func BenchmarkFastPaths(b *testing.B) {
	run := func(name string, decode func() error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := decode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}

	sizes := sizesOfAServersPage()
	run("sizes/walker", func() error {
		w := make([]size, 0, 1200)
		return json.Unmarshal(sizes, &w)
	})
	run("sizes/json", func() error {
		w := make([]jsonSize, 0, 1200)
		return json.Unmarshal(sizes, &w)
	})

	schedules := schedulesOfABackupsPage()
	run("schedules/walker", func() error {
		w := make([]wireSchedule, 0, 100)
		return json.Unmarshal(schedules, &w)
	})
	run("schedules/json", func() error {
		w := make([]struct{ Basic, Advanced jsonScheduleBasic }, 0, 100)
		return json.Unmarshal(schedules, &w)
	})

	for _, bc := range benchCases {
		body := benchPayload(bc.partitions, bc.logLines, bc.detail)
		run("data/hasMember/"+bc.name, func() error {
			var w wireMonitoring
			env := envelope{Data: &w}
			if err := json.Unmarshal(body, &env); err != nil || !hasMember(body, "data") {
				return fmt.Errorf("no data: %v", err)
			}
			return nil
		})
		run("data/probe/"+bc.name, func() error {
			var w wireMonitoring
			probe := &dataProbe{v: &w}
			env := envelope{Data: probe}
			if err := json.Unmarshal(body, &env); err != nil || !probe.seen {
				return fmt.Errorf("no data: %v", err)
			}
			return nil
		})
	}
}

// jsonSize is a size read without the walker.
type jsonSize size

func (s *jsonSize) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		*s = jsonSize{}
		return (*size)(s).readJSON(b)
	}
	return (*size)(s).UnmarshalJSON(b)
}

// jsonScheduleBasic is a schedule read without the walker.
type jsonScheduleBasic wireScheduleBasic

func (s *jsonScheduleBasic) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		return (*wireScheduleBasic)(s).readJSON(b)
	}
	return (*wireScheduleBasic)(s).UnmarshalJSON(b)
}

// dataProbe decodes data into v and notes that it was there.
type dataProbe struct {
	v    any
	seen bool
}

func (p *dataProbe) UnmarshalJSON(b []byte) error {
	p.seen = string(b) != "null"
	return json.Unmarshal(b, p.v)
}

// sizesOfAServersPage is the size objects of serversPage(100, 4, ...), as
// a JSON array.
func sizesOfAServersPage() []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range 400 {
		for j, raw := range []int64{107374182400, 32212254720, 75161927680} {
			if i > 0 || j > 0 {
				b.WriteByte(',')
			}
			benchSize(&b, raw)
		}
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// schedulesOfABackupsPage is the schedules of a page of 100 backup jobs,
// as a JSON array.
func schedulesOfABackupsPage() []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"basic":{"id":"%d","type":"daily","description":"Every day at 02:00"},"advanced":"-"}`, i%7+1)
	}
	b.WriteByte(']')
	return []byte(b.String())
}
