// Package jsonkind names, for error messages, the JSON a Go type wants:
// zdmtest and zdm-fake both say "want a number, got string" when a
// scenario holds the wrong kind of value.
package jsonkind

import "reflect"

// Of names the JSON that t decodes from: "a string", "a number", "true or
// false", "an array", "an object", or t's Go name for any other kind.
func Of(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return t.String()
}
