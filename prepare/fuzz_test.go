package prepare

import (
	"encoding/json"
	"testing"
)

// FuzzParse feeds outside JSON to the import's parser. Property: no panic;
// either an error of one line or a report whose strings are bounded, and
// the evaluation of any report does not panic and cites a source.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"activeAssignments":{"value":[]},"users":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Parse(b)
		if err != nil {
			for _, c := range err.Error() {
				if c == '\n' {
					t.Fatalf("error of more than one line: %q", err)
				}
			}
			return
		}
		for _, u := range r.Users {
			if len([]rune(u.UPN)) > maxFieldRunes+1 || len(u.Methods) > maxItems {
				t.Fatalf("unbounded user %q", u.UPN)
			}
		}
		rs := Evaluate(r, []string{"a@b.example"}, []string{"bg@b.onmicrosoft.com"})
		for _, x := range rs {
			if x.Source == "" {
				t.Fatalf("%s without a source", x.Check)
			}
		}
		if _, err := json.Marshal(rs); err != nil {
			t.Fatal(err)
		}
	})
}
