package jsonkind

import (
	"reflect"
	"testing"
	"time"
)

func TestOf_NamesTheJSONATypeDecodesFrom(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"", "a string"},
		{int64(0), "a number"},
		{0, "a number"},
		{0.5, "a number"},
		{false, "true or false"},
		{[]string{}, "an array"},
		{struct{}{}, "an object"},
		{map[string]int{}, "an object"},
		{&struct{}{}, "an object"},
		{time.Duration(0), "a number"},
		{uint8(0), "uint8"},
	} {
		if got := Of(reflect.TypeOf(tc.v)); got != tc.want {
			t.Errorf("Of(%T) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
