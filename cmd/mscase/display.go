package main

import (
	"reflect"

	"github.com/mscase/mscase/safetext"
)

// neutralise rewrites, in place, every exported string reachable from v (a
// pointer) through structs, pointers and slices with safetext.Line. It is
// for values loaded only to be shown, such as the user's contacts.json
// merged into the directory: every field of it is outside text, and new
// fields are covered without anyone remembering to. Stored evidence (cases)
// is never passed here: it is escaped where it is printed.
func neutralise(v any) {
	neutraliseValue(reflect.ValueOf(v), 0)
}

func neutraliseValue(v reflect.Value, depth int) {
	if depth > 16 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			neutraliseValue(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				neutraliseValue(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			neutraliseValue(v.Index(i), depth+1)
		}
	case reflect.String:
		if v.CanSet() {
			if s := safetext.Line(v.String()); s != v.String() {
				v.SetString(s)
			}
		}
	}
}
