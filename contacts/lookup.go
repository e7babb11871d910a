package contacts

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/mscase/mscase/safetext"
)

// UnknownCountryError is a country query that matches nothing. Suggestions
// are the closest names, best first.
type UnknownCountryError struct {
	Query       string
	Suggestions []*Entry
}

func (e *UnknownCountryError) Error() string {
	msg := "unknown country " + safetext.Quote(e.Query)
	if len(e.Suggestions) > 0 {
		var names []string
		for _, s := range e.Suggestions {
			names = append(names, fmt.Sprintf("%s (%s)", s.Country, s.ISO2))
		}
		return msg + ": did you mean " + strings.Join(names, " or ") + "?"
	}
	return msg + ": expected an ISO code like JP or a name like Japan"
}

// InputError is a query value that has the wrong shape: an unknown
// language, time zone or plan.
type InputError struct {
	Field string
	Value string
	Want  string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Field, safetext.Quote(e.Value), e.Want)
}

// foldedAliases is aliases with folded keys (built on first use: every
// mscase command pays for init, only lookups need this), so that "España" and
// "Espana" both find Spain.
var foldedAliases = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(aliases()))
	for k, v := range aliases() {
		m[fold(k)] = v
	}
	return m
})

// fold makes names comparable: lower case, no accents, single spaces, and
// "St"/"Saint" and "&"/"and" made one.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.ToLower(out)
	out = strings.NewReplacer("&", " and ", ".", "", "’", "'", ",", " ", "(", " ", ")", " ").Replace(out)
	f := strings.Fields(out)
	for i, w := range f {
		if w == "saint" {
			f[i] = "st"
		}
	}
	return strings.Join(f, " ")
}

// Lookup finds the entries for a country given as an ISO code (any case),
// its English name as the page writes it, or another common name (日本,
// Deutschland, USA). Several entries can share a code: CN (China and its
// 21Vianet subsection), BQ (Bonaire, Saba, Sint Eustatius), SJ.
func (d *Directory) Lookup(query string) ([]*Entry, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil, &UnknownCountryError{Query: query}
	}
	if len(q) == 2 {
		if es := d.byCode(strings.ToUpper(q)); len(es) > 0 {
			return es, nil
		}
	}
	fq := fold(q)
	var out []*Entry
	for _, e := range d.Entries {
		if fold(e.Country) == fq || fold(e.Name()) == fq {
			out = append(out, e)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	if code, ok := foldedAliases()[fq]; ok {
		es := d.byCode(code)
		if strings.Contains(fq, "21vianet") {
			es = filter(es, func(e *Entry) bool { return e.Subsection != "" })
		}
		if len(es) > 0 {
			return es, nil
		}
	}
	return nil, &UnknownCountryError{Query: query, Suggestions: d.closest(fq)}
}

func (d *Directory) byCode(code string) []*Entry {
	return filter(d.Entries, func(e *Entry) bool { return e.ISO2 == code })
}

func filter(es []*Entry, keep func(*Entry) bool) []*Entry {
	var out []*Entry
	for _, e := range es {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// closest returns up to three entries whose names (or aliases) are within a
// small edit distance of q, or that q is a prefix of.
func (d *Directory) closest(q string) []*Entry {
	type cand struct {
		e    *Entry
		dist int
	}
	best := map[string]cand{} // by ISO code + name, so China appears once
	consider := func(name string, e *Entry) {
		dist := editDistance(q, name)
		if len([]rune(q)) >= 3 && strings.HasPrefix(name, q) {
			dist = 1
		}
		limit := max(1, len([]rune(q))/3)
		if dist > limit {
			return
		}
		k := e.ISO2 + e.Country
		if c, ok := best[k]; !ok || dist < c.dist {
			best[k] = cand{e, dist}
		}
	}
	for _, e := range d.Entries {
		consider(fold(e.Country), e)
	}
	for alias, code := range foldedAliases() {
		if es := d.byCode(code); len(es) > 0 {
			consider(alias, es[0])
		}
	}
	cands := make([]cand, 0, len(best))
	for _, c := range best {
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].e.Country < cands[j].e.Country
	})
	var out []*Entry
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].e)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Regions lists the page's region headings in page order.
func (d *Directory) Regions() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range d.Entries {
		if e.Region != "" && !seen[e.Region] {
			seen[e.Region] = true
			out = append(out, e.Region)
		}
	}
	return out
}

// Region returns the entries under the region heading that r names (any
// case, any unambiguous part: "asia", "north america", "pacific").
func (d *Directory) Region(r string) ([]*Entry, error) {
	fr := fold(r)
	var match []string
	for _, name := range d.Regions() {
		if fold(name) == fr {
			match = []string{name}
			break
		}
		if fr != "" && strings.Contains(fold(name), fr) {
			match = append(match, name)
		}
	}
	if len(match) != 1 {
		return nil, &InputError{Field: "region", Value: r, Want: "expected one of " + strings.Join(d.Regions(), ", ")}
	}
	return filter(d.Entries, func(e *Entry) bool { return e.Region == match[0] }), nil
}
