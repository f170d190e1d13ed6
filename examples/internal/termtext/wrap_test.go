package termtext

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWrap: text breaks at the last space that leaves a line within the
// width, the lines after the first indented; a word longer than a line
// starts a line and is cut across lines, and the words after it follow:
// nothing is lost.
func TestWrap(t *testing.T) {
	long := "/mnt/backup/" + strings.Repeat("x", 30) + ".ZIA" // 46 columns
	for _, tc := range []struct {
		name, first, indent, in string
		width                   int
		want                    []string
	}{
		{"fits", "w: ", "  ", "all on one line", 20, []string{"w: all on one line"}},
		{"at spaces", "w: ", "  ", "one two three four five", 12, []string{"w: one two", "  three four", "  five"}},
		{"a word ends at the width", "", "", "abcd efgh", 4, []string{"abcd", "efgh"}},
		{"spacing kept inside a line", "", "", "a  b   c", 20, []string{"a  b   c"}},
		{"a long word in the middle, then more", "w: ", "  ", "cannot read " + long + " on zdm-a: disk full", 20, []string{
			"w: cannot read", "  /mnt/backup/xxxxxx", "  xxxxxxxxxxxxxxxxxx", "  xxxxxx.ZIA on", "  zdm-a: disk full"}},
		{"a long word first", "w: ", "  ", long + " gone?", 30, []string{
			"w: /mnt/backup/xxxxxxxxxxxxxxx", "  xxxxxxxxxxxxxxx.ZIA gone?"}},
		{"wide characters", "", "  ", "백업서버 백업서버 백업서버", 12, []string{"백업서버", "  백업서버", "  백업서버"}},
		{"a wide word cut", "", "", "백업서버백업서버", 5, []string{"백업", "서버", "백업", "서버"}},
		{"no room after the prefix", "long-prefix: ", "", "ab", 5, []string{"long-prefix: a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.first, tc.indent, tc.in, tc.width)
			assert.Equal(t, tc.want, got)
			var kept []string
			for i, l := range got {
				if !strings.HasPrefix(tc.first, "long") {
					assert.LessOrEqual(t, Width(l), tc.width, "%q", l)
				}
				if i == 0 {
					l = strings.TrimPrefix(l, tc.first)
				} else {
					l = strings.TrimPrefix(l, tc.indent)
				}
				kept = append(kept, l)
			}
			assert.Equal(t, strings.ReplaceAll(strings.Join(strings.Fields(tc.in), ""), " ", ""),
				strings.ReplaceAll(strings.Join(kept, ""), " ", ""), "every rune is kept")
		})
	}
}
