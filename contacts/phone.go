package contacts

import (
	"sort"
	"strings"
	"sync"
)

// Number is one phone number as the page writes it, with what mscase could
// work out about it.
type Number struct {
	Raw     string `json:"number"` // exactly as the page writes it
	Kind    string `json:"kind"`   // "primary" or "alternate"
	Note    string `json:"note,omitempty"`
	Plan    string `json:"plan,omitempty"`    // "enterprise", "other" or "" for every plan
	E164    string `json:"e164,omitempty"`    // "+81120996680"; empty when it has no international form
	Calling string `json:"calling,omitempty"` // the calling code E164 starts with: "81", "1", "800"
	Problem string `json:"problem,omitempty"` // why E164 is empty
}

// TelURI is a tel: link (RFC 3966): global when the number has an E.164
// form, otherwise local with the country's calling code as its context.
func (n Number) TelURI(iso2 string) string {
	if n.E164 != "" {
		return "tel:" + n.E164
	}
	d := digits(n.Raw)
	if d == "" {
		return ""
	}
	if c, ok := countries()[iso2]; ok {
		return "tel:" + d + ";phone-context=+" + c.code
	}
	return ""
}

// digits keeps the digits of s.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkNumber says what is wrong with a user-typed number, or "".
func checkNumber(s string) string {
	if strings.TrimSpace(s) == "" {
		return "empty: expected a phone number like \"0120 996 680\" or \"+81 3 4332 5493\""
	}
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9', r == ' ', r == '-', r == '(', r == ')', r == '.':
		case r == '+' && i == 0:
		default:
			return "expected digits, spaces, hyphens and an optional leading +"
		}
	}
	if n := len(digits(s)); n < 3 || n > 17 {
		return "expected 3 to 17 digits"
	}
	if strings.HasPrefix(s, "+") {
		if n := parseNumber(s, "", "", ""); n.Problem != "" {
			return n.Problem
		}
	}
	return ""
}

// callingCodes is every calling code mscase knows, longest first, plus the
// international freephone code 800.
var callingCodes = sync.OnceValue(func() []string {
	seen := map[string]bool{"800": true}
	out := []string{"800"}
	for _, c := range countries() {
		if !seen[c.code] {
			seen[c.code] = true
			out = append(out, c.code)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
})

// callingCodeOf finds the calling code an international digit string
// starts with.
func callingCodeOf(d string) (string, bool) {
	for _, c := range callingCodes() {
		if strings.HasPrefix(d, c) {
			return c, true
		}
	}
	return "", false
}

// trunkPrefix is the digit dialled before national numbers inside a
// country and dropped after the calling code. Italy, San Marino and the
// Vatican keep their leading 0; several former Soviet countries used 8.
func trunkPrefix(iso2 string) string {
	switch iso2 {
	case "IT", "VA", "SM":
		return ""
	case "BY", "LT", "RU", "KZ", "UZ", "TM", "TJ":
		return "8"
	}
	if c, ok := countries()[iso2]; ok && c.code == "1" {
		return "1"
	}
	return "0"
}

// parseNumber works out the E.164 form of a number the page lists for the
// country iso2. It only writes one where the digits leave no doubt; numbers
// written with an international access code ("00800 …", "000 800 …", "001
// 803 …") are dialled as written from inside the country and get none.
func parseNumber(raw, kind, note, iso2 string) Number {
	n := Number{Raw: raw, Kind: kind, Note: note, Plan: planOf(note)}
	d := digits(raw)
	cc := countries()[iso2].code
	set := func(e164digits string) {
		code, ok := callingCodeOf(e164digits)
		if !ok {
			n.Problem = "no country calling code starts with +" + e164digits[:1]
			return
		}
		n.E164, n.Calling = "+"+e164digits, code
	}
	trimmed := strings.TrimSpace(raw)
	switch {
	case d == "":
		n.Problem = "no digits"
	case strings.HasPrefix(trimmed, "+"):
		// The first group as written is the calling code: "+8 800 …" is not
		// +880 (Bangladesh) but a domestic number with a stray "+".
		group := digits(strings.Fields(trimmed[1:] + " ")[0])
		if code, ok := callingCodeOf(group); ok {
			n.E164, n.Calling = "+"+d, code
		} else {
			n.Problem = "+" + group + " is not a country calling code"
		}
	case cc == "1" && len(d) == 11 && d[0] == '1':
		set(d)
	case cc == "1" && len(d) == 10 && d[0] >= '2':
		set("1" + d)
	case strings.HasPrefix(d, "001") && len(d) == 13 && d[3] >= '2' && d[3] <= '7':
		// 00 (international access) + 1 + a US geographic area code.
		set(d[2:])
	case strings.HasPrefix(d, "810") && (iso2 == "RU" || iso2 == "BY"):
		// 8~10 is the old Russian international access code.
		set(d[3:])
	case strings.HasPrefix(d, "00"):
		n.Problem = "written with an access code (" + d[:min(3, len(d))] + "…): dial it as written from inside the country"
	default:
		national := d
		if t := trunkPrefix(iso2); t != "" && strings.HasPrefix(national, t) && t != "1" {
			national = national[len(t):]
		}
		if cc == "" {
			n.Problem = "no calling code known for " + iso2
			return n
		}
		set(cc + national)
	}
	return n
}
