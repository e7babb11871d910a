package prepare

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"golang.org/x/text/encoding/unicode"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outcome is a result reduced to what a test compares: check, subject,
// pass, and the count.
type outcome struct {
	check   CheckID
	subject string
	pass    bool
	count   int
}

func outcomes(rs []Result) []outcome {
	var out []outcome
	for _, r := range rs {
		out = append(out, outcome{r.Check, r.Subject, r.Pass, r.Count})
	}
	return out
}

func TestEvaluateFixtures(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		admins, bg []string
		want       []outcome
	}{
		{"sole admin with SMS only", "sole-admin-sms.json", []string{"admin@contoso.example"}, nil, []outcome{
			{CheckGlobalAdmins, "", false, 1},
			{CheckAdminMethods, "admin@contoso.example", false, 1},
			{CheckAdminPhishRes, "admin@contoso.example", false, 0},
			{CheckAdminNotPhoneOnly, "admin@contoso.example", false, 0},
			{CheckBreakGlassCount, "", false, 0},
		}},
		{"two admins and two break-glass with FIDO2", "two-admins-two-breakglass.json", []string{"admin@contoso.example", "hanako@contoso.example"},
			[]string{"bg1@contoso.onmicrosoft.com", "bg2@contoso.onmicrosoft.com"}, []outcome{
				{CheckGlobalAdmins, "", true, 4},
				{CheckAdminMethods, "admin@contoso.example", true, 3},
				{CheckAdminPhishRes, "admin@contoso.example", true, 1},
				{CheckAdminNotPhoneOnly, "admin@contoso.example", true, 0},
				{CheckAdminMethods, "hanako@contoso.example", true, 3},
				{CheckAdminPhishRes, "hanako@contoso.example", true, 1},
				{CheckAdminNotPhoneOnly, "hanako@contoso.example", true, 0},
				{CheckBreakGlassCount, "", true, 2},
				{CheckBreakGlassActive, "bg1@contoso.onmicrosoft.com", true, 0},
				{CheckBreakGlassCloud, "bg1@contoso.onmicrosoft.com", true, 0},
				{CheckBreakGlassMethod, "bg1@contoso.onmicrosoft.com", true, 1},
				{CheckBreakGlassActive, "bg2@contoso.onmicrosoft.com", true, 0},
				{CheckBreakGlassCloud, "bg2@contoso.onmicrosoft.com", true, 0},
				{CheckBreakGlassMethod, "bg2@contoso.onmicrosoft.com", true, 1},
			}},
		{"break-glass not named: the accounts count as everyday admins", "two-admins-two-breakglass.json", nil, nil, []outcome{
			{CheckGlobalAdmins, "", true, 4},
			{CheckAdminMethods, "admin@contoso.example", true, 3},
			{CheckAdminPhishRes, "admin@contoso.example", true, 1},
			{CheckAdminNotPhoneOnly, "admin@contoso.example", true, 0},
			{CheckAdminMethods, "bg1@contoso.onmicrosoft.com", false, 1},
			{CheckAdminPhishRes, "bg1@contoso.onmicrosoft.com", true, 1},
			{CheckAdminNotPhoneOnly, "bg1@contoso.onmicrosoft.com", true, 0},
			{CheckAdminMethods, "bg2@contoso.onmicrosoft.com", false, 1},
			{CheckAdminPhishRes, "bg2@contoso.onmicrosoft.com", true, 1},
			{CheckAdminNotPhoneOnly, "bg2@contoso.onmicrosoft.com", true, 0},
			{CheckAdminMethods, "hanako@contoso.example", true, 3},
			{CheckAdminPhishRes, "hanako@contoso.example", true, 1},
			{CheckAdminNotPhoneOnly, "hanako@contoso.example", true, 0},
			{CheckBreakGlassCount, "", false, 0},
		}},
		{"cmdlet shape, synced break-glass named but absent", "cmdlet-shape.json", nil, []string{"bg1@contoso.onmicrosoft.com", "admin@contoso.example"}, []outcome{
			{CheckGlobalAdmins, "", false, 1},
			{CheckBreakGlassCount, "", true, 2},
			{CheckBreakGlassActive, "bg1@contoso.onmicrosoft.com", false, 0},
			{CheckBreakGlassCloud, "bg1@contoso.onmicrosoft.com", true, 0},
			{CheckBreakGlassMethod, "bg1@contoso.onmicrosoft.com", false, 0},
			{CheckBreakGlassActive, "admin@contoso.example", true, 0},
			{CheckBreakGlassCloud, "admin@contoso.example", false, 0},
			{CheckBreakGlassMethod, "admin@contoso.example", false, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := outcomes(Evaluate(r, tt.admins, tt.bg))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestEvaluateFacts(t *testing.T) {
	r, err := Parse(readFixture(t, "cmdlet-shape.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Users) != 1 || !r.Users[0].OnPremSync || len(r.Users[0].Methods) != 1 || r.Users[0].Methods[0].Type != MethodPhone {
		t.Fatalf("cmdlet shape read as %+v", r.Users)
	}
	// Five holders fail (Entra alerts at five); a break-glass account with
	// the admins' own FIDO2 key type fails the "different method" check.
	r = &Report{Users: []User{
		{UPN: "a@x.example", HasMethods: true, Methods: []Method{{Type: MethodFido2}, {Type: MethodAuthApp}}},
		{UPN: "bg@x.onmicrosoft.com", HasMethods: true, Methods: []Method{{Type: MethodFido2}}},
	}}
	for i, u := range []string{"a@x.example", "bg@x.onmicrosoft.com", "c@x.example", "d@x.example", "e@x.example"} {
		r.Assignments = append(r.Assignments, Assignment{PrincipalID: string(rune('1' + i)), UPN: u, Kind: "user"})
	}
	rs := Evaluate(r, nil, []string{"bg@x.onmicrosoft.com"})
	if rs[0].Check != CheckGlobalAdmins || rs[0].Pass || rs[0].Count != 5 || rs[0].Active != 5 {
		t.Errorf("five holders: %+v", rs[0])
	}
	var meth *Result
	for i := range rs {
		if rs[i].Check == CheckBreakGlassMethod {
			meth = &rs[i]
		}
	}
	if meth == nil || meth.Pass || !slices.Equal(meth.Shared, []MethodType{MethodFido2}) {
		t.Errorf("break-glass sharing the admins' method type: %+v", meth)
	}
	for _, r := range rs {
		if r.Source == "" {
			t.Errorf("%s has no source", r.Check)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "the file is empty"},
		{"syntax", "{\n\"users\": [,]}", "not valid JSON at line 2"},
		{"wrong type", `{"tenantId": 5, "users": []}`, "unexpected JSON: tenantId is a number"},
		{"not ours", `{"value": []}`, `no "activeAssignments" or "users"`},
		{"list of numbers", `{"users": [1]}`, "a users entry is not a JSON object"},
		{"methods a string", `{"users": [{"user": {"userPrincipalName": "a@b.example"}, "methods": "x"}]}`, "methods of a@b.example: expected a list"},
		{"bad utf16", "\xff\xfe\x00", "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Parse(%q) = %v, want one line with %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseEncodings(t *testing.T) {
	plain := readFixture(t, "sole-admin-sms.json")
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"utf8": plain, "utf8 bom": append([]byte("\xef\xbb\xbf"), plain...), "utf16le bom": utf16} {
		r, err := Parse(b)
		if err != nil || len(r.Users) != 1 || r.Users[0].UPN != "admin@contoso.example" || len(r.Users[0].Methods) != 3 {
			t.Errorf("%s: %v %+v", name, err, r)
		}
	}
}

func TestParseBounds(t *testing.T) {
	long := strings.Repeat("é", 5000)
	r, err := Parse([]byte(`{"users":[{"user":{"userPrincipalName":"` + long + `"},"methods":[]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(r.Users[0].UPN)); n != maxFieldRunes+1 {
		t.Errorf("UPN kept %d runes, want %d", n, maxFieldRunes+1)
	}
	if _, err := Parse(make([]byte, MaxFileSize+1)); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("oversized file: %v", err)
	}
}

func TestProfileStore(t *testing.T) {
	st, err := cases.Open(filepath.Join(t.TempDir(), "mscase.db"), cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Load(st); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("empty database: %v", err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	p := &Profile{TenantID: "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", Domain: "contoso.example", NameSpaceType: "Managed",
		Country: "JP", Lang: "ja", Plan: PlanOther, Admins: []string{"admin@contoso.example"}, Created: now, Updated: now}
	if err := Save(st, p); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		fn   func(p *Profile)
		want string
	}{
		{"plan", func(p *Profile) { p.Plan = "business" }, "--plan"},
		{"upn", func(p *Profile) { p.BreakGlass = []string{"not an account"} }, "--break-glass"},
		{"both lists", func(p *Profile) { p.BreakGlass = []string{"admin@contoso.example"} }, "name it once"},
		{"control chars", func(p *Profile) { p.CredentialsAt = "safe\x1b[2J" }, "control characters"},
		{"bidi override", func(p *Profile) { p.CredentialsAt = "safe \u202e" }, "control characters"},
		{"drill", func(p *Profile) { p.DrillDays = 400 }, "--drill-days"},
		{"country", func(p *Profile) { p.Country = "ZZ" }, "--country"},
	}
	for _, tt := range bad {
		_, err := Update(st, func(p *Profile) error { tt.fn(p); return nil })
		var ie *cases.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	got, err := Load(st)
	if err != nil {
		t.Fatal(err)
	}
	if got.Plan != PlanOther || len(got.BreakGlass) != 0 || got.CredentialsAt != "" || !got.Created.Equal(now) || got.Drill() != DefaultDrillDays {
		t.Errorf("a refused update changed the profile: %+v", got)
	}
	if !got.HasDomain("CONTOSO.example") || got.HasDomain("fabrikam.example") {
		t.Errorf("HasDomain wrong for %v", got.AllDomains())
	}
}

func TestCommandsSourced(t *testing.T) {
	cmds := append(Checks("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", []string{"admin@contoso.example"}, []string{"bg'1@contoso.onmicrosoft.com"}, "checks.json", "contoso.example"),
		Reset("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", "admin@contoso.example")...)
	for _, c := range cmds {
		if len(c.Sources) == 0 || c.Graph == "" {
			t.Errorf("%s: no source or no command", c.ID)
		}
		if strings.Contains(c.Graph, "Msol") || strings.Contains(c.Graph, "AzureAD") {
			t.Errorf("%s: the Graph command uses a retired module: %s", c.ID, c.Graph)
		}
	}
	joined := cmds[0].Graph + cmds[4].Graph
	for _, want := range []string{"-TenantId '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b'", "RoleManagement.Read.Directory", "ConvertTo-Json -Depth 10", "'bg''1@contoso.onmicrosoft.com'", GlobalAdminRoleID} {
		if !strings.Contains(joined, want) {
			t.Errorf("checks lack %q", want)
		}
	}
	if strings.Contains(cmds[0].Graph, "ReadWrite") {
		t.Errorf("the checks connect with a write scope: %s", cmds[0].Graph)
	}
}
