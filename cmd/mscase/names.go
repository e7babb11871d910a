package main

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// The names of countries (English and Japanese) and languages (Japanese)
// that nudges and `contacts` print. They used to come from
// golang.org/x/text/language/display, whose package init (~1 ms and 200 kB
// of tables built at start) every command paid for, `mscase version`
// included; these tables are display's own names, written out by
// TestNameTables -update (names_test.go), which also checks them against it.

// regionNames looks up a region's name by its code; the table is sorted.
func regionNameOf(r language.Region, ja bool) string {
	code := r.String()
	i, ok := slices.BinarySearchFunc(regionNames[:], code, func(e regionEntry, c string) int { return strings.Compare(e.code, c) })
	if !ok {
		return ""
	}
	if ja {
		return regionNames[i].ja
	}
	return regionNames[i].en
}

// languageNameJA is the Japanese name of a language tag's base code, ""
// when the table has none.
func languageNameJA(t language.Tag) string {
	code := t.String()
	i, ok := slices.BinarySearchFunc(languageNamesJA[:], code, func(e languageEntry, c string) int { return strings.Compare(e.code, c) })
	if !ok {
		return ""
	}
	return languageNamesJA[i].ja
}

type regionEntry struct{ code, en, ja string }

type languageEntry struct{ code, ja string }
