package termtext

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zdmkit/go-zdm"
)

// TestWidth: East Asian wide characters and emoji take two columns,
// combining marks none, the rest one, as terminals draw them.
func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"web01 /boot", 11},
		{"백업서버-01", 11},                       // Hangul syllables
		{"ﾊﾞｯｸｱｯﾌﾟ", 8},                       // half-width Katakana: one column each
		{"ＡＢＣ", 6},                            // full-width forms
		{"データ", 6},                            // Katakana
		{"𠀋", 2},                              // a CJK extension B character
		{"done 😀", 7},                         // an emoji
		{"\u3030\u303f", 3},                   // the half-width ideographic space is narrow
		{"배포 🚀 ✅ 🧪", 13},                      // emoji of the transport, dingbat and supplemental blocks
		{"\u1107\u1162\u11a8\u1109\u1165", 4}, // 백서 decomposed (NFD), as macOS names files
		{"cafe\u0301", 4},                     // an accent on the e
		{"\u2764\ufe0f", 1},                   // a variation selector takes no column
		{"\u26a1\u26a0", 3},                   // ⚡ is wide, ⚠ is not
	} {
		assert.Equal(t, tc.want, Width(tc.in), "%q", tc.in)
	}
}

// TestCut: names are cut at the end, the start (keeping a file's date)
// or the middle (keeping a job's partition suffix), to the columns
// given, wide characters counted as two.
func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in    string
		w     int
		where Where
		want  string
	}{
		{"web01_ROOT_[2026-12-03_00_20].ZIA", 24, Start, "…_[2026-12-03_00_20].ZIA"},
		{"web01_ROOT_[2026-12-03_00_20].ZIA", 40, Start, "web01_ROOT_[2026-12-03_00_20].ZIA"},
		{"source-centos7-bios (192.168.2.104)_ROOT", 16, Middle, "source-c…4)_ROOT"},
		{"source-centos7-bios (192.168.2.104)", 12, End, "source-cent…"},
		{"백업서버-01", 6, End, "백업…"},
		{"백업서버-01_ROOT", 9, Middle, "백업…ROOT"},
		{"백업서버", 4, End, "백…"}, // a wide character that does not fit leaves a column empty
		{"abc", 0, End, ""},
		{"abc", -3, Middle, ""},
	} {
		got := Cut(tc.in, tc.w, tc.where)
		assert.Equal(t, tc.want, got, "%q in %d", tc.in, tc.w)
		assert.LessOrEqual(t, Width(got), max(tc.w, 0))
	}
}

// TestPad: text is filled with spaces to the columns given, on the
// right or the left, and never shortened.
func TestPad(t *testing.T) {
	assert.Equal(t, "ab   |", Pad("ab", 5)+"|")
	assert.Equal(t, "|   ab", "|"+PadLeft("ab", 5))
	assert.Equal(t, "백업 |", Pad("백업", 5)+"|")
	assert.Equal(t, "| 백업", "|"+PadLeft("백업", 5))
	assert.Equal(t, "toolong", Pad("toolong", 3))
	assert.Equal(t, "toolong", PadLeft("toolong", 3))
}

// TestTerminal: what is not a terminal (a buffer, a pipe) redraws
// nothing and is laid out at LineWidth.
func TestTerminal(t *testing.T) {
	width, ok := Terminal(&bytes.Buffer{})
	assert.False(t, ok)
	assert.Equal(t, LineWidth, width())
}

// TestUnsafe_IsWhatPrintableEscapes: the printable-ASCII shortcut agrees
// with zdm.Printable on every rune up to U+2FFF.
func TestUnsafe_IsWhatPrintableEscapes(t *testing.T) {
	for r := rune(0); r <= 0x2fff; r++ {
		if want := zdm.Printable(string(r)) != string(r); Unsafe(r) != want {
			t.Fatalf("Unsafe(%U) = %v, Printable escapes it: %v", r, !want, want)
		}
	}
}
