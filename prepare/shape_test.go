package prepare

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// graphFields are the properties Microsoft's Graph v1.0 reference documents
// for each object the checks read (see testdata/README.md for the pages):
// a fixture object must hold only these, and every one of them, so that the
// hand-written fixtures keep the shape of real answers.
var graphFields = map[string][]string{
	"assignment":  {"id", "principalId", "resourceScope", "directoryScopeId", "roleDefinitionId", "principal"},
	"eligibility": {"id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "createdUsing", "createdDateTime", "modifiedDateTime", "status", "memberType", "scheduleInfo", "principal"},
	"schedule":    {"startDateTime", "recurrence", "expiration"},
	"expiration":  {"type", "endDateTime", "duration"},
	"selectUser":  {"@odata.context", "id", "userPrincipalName", "displayName", "onPremisesSyncEnabled"},
	"#microsoft.graph.passwordAuthenticationMethod":                {"@odata.type", "id", "password", "createdDateTime"},
	"#microsoft.graph.phoneAuthenticationMethod":                   {"@odata.type", "id", "phoneNumber", "phoneType", "smsSignInState"},
	"#microsoft.graph.emailAuthenticationMethod":                   {"@odata.type", "id", "emailAddress"},
	"#microsoft.graph.fido2AuthenticationMethod":                   {"@odata.type", "id", "displayName", "createdDateTime", "aaGuid", "model", "attestationCertificates", "attestationLevel"},
	"#microsoft.graph.microsoftAuthenticatorAuthenticationMethod":  {"@odata.type", "id", "displayName", "deviceTag", "phoneAppVersion", "createdDateTime"},
	"#microsoft.graph.windowsHelloForBusinessAuthenticationMethod": {"@odata.type", "id", "displayName", "createdDateTime", "keyStrength"},
	"#microsoft.graph.softwareOathAuthenticationMethod":            {"@odata.type", "id", "secretKey"},
	"#microsoft.graph.temporaryAccessPassAuthenticationMethod":     {"@odata.type", "id", "temporaryAccessPass", "createdDateTime", "startDateTime", "lifetimeInMinutes", "isUsableOnce", "isUsable", "methodUsabilityReason"},
}

// principalFields may appear on an expanded user principal: a user has
// many more properties; these are the ones the documented example shows
// plus the userPrincipalName the checks read.
var principalFields = []string{"@odata.type", "id", "accountEnabled", "displayName", "userPrincipalName", "mail", "mailNickname", "imAddresses", "userType"}

func TestFixturesMatchGraphShapes(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if filepath.Base(f) == "cmdlet-shape.json" {
			continue // the SDK cmdlets' shape, not a REST answer
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var file struct {
			Active, Eligible struct {
				Context string           `json:"@odata.context"`
				Value   []map[string]any `json:"value"`
			}
			Users []struct {
				User    map[string]any `json:"user"`
				Methods struct {
					Context string           `json:"@odata.context"`
					Value   []map[string]any `json:"value"`
				} `json:"methods"`
			} `json:"users"`
		}
		// The wrapper keys are ours; map them by hand.
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for key, dst := range map[string]any{"activeAssignments": &file.Active, "eligibleAssignments": &file.Eligible, "users": &file.Users} {
			if err := json.Unmarshal(top[key], dst); err != nil {
				t.Fatalf("%s: %s: %v", f, key, err)
			}
		}
		if !strings.HasSuffix(file.Active.Context, "/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())") {
			t.Errorf("%s: activeAssignments @odata.context %q", f, file.Active.Context)
		}
		if !strings.HasSuffix(file.Eligible.Context, "/v1.0/$metadata#roleManagement/directory/roleEligibilitySchedules(principal())") {
			t.Errorf("%s: eligibleAssignments @odata.context %q", f, file.Eligible.Context)
		}
		for _, a := range file.Active.Value {
			checked += checkShape(t, f, "assignment", a, graphFields["assignment"])
			checked += checkPrincipal(t, f, a)
		}
		for _, a := range file.Eligible.Value {
			checked += checkShape(t, f, "eligibility", a, graphFields["eligibility"])
			checked += checkPrincipal(t, f, a)
			si, _ := a["scheduleInfo"].(map[string]any)
			checked += checkShape(t, f, "scheduleInfo", si, graphFields["schedule"])
			ex, _ := si["expiration"].(map[string]any)
			checked += checkShape(t, f, "expiration", ex, graphFields["expiration"])
		}
		for _, u := range file.Users {
			checked += checkShape(t, f, "user", u.User, graphFields["selectUser"])
			id, _ := u.User["id"].(string)
			if want := "/v1.0/$metadata#users('" + id + "')/authentication/methods"; !strings.HasSuffix(u.Methods.Context, want) {
				t.Errorf("%s: methods of %s: @odata.context %q, want it to end %q", f, id, u.Methods.Context, want)
			}
			for _, m := range u.Methods.Value {
				typ, _ := m["@odata.type"].(string)
				want, ok := graphFields[typ]
				if !ok {
					t.Errorf("%s: method @odata.type %q is not a documented authentication method type", f, typ)
					continue
				}
				checked += checkShape(t, f, typ, m, want)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d objects: the fixtures were not read", checked)
	}
}

func checkPrincipal(t *testing.T, file string, a map[string]any) int {
	t.Helper()
	p, _ := a["principal"].(map[string]any)
	if p["@odata.type"] != "#microsoft.graph.user" || p["id"] != a["principalId"] {
		t.Errorf("%s: principal %v: want @odata.type #microsoft.graph.user and the assignment's principalId", file, p)
	}
	for k := range p {
		if !slices.Contains(principalFields, k) {
			t.Errorf("%s: principal has %q, not a documented user property here", file, k)
		}
	}
	return 1
}

// checkShape fails unless obj has exactly the fields want.
func checkShape(t *testing.T, file, what string, obj map[string]any, want []string) int {
	t.Helper()
	if obj == nil {
		t.Errorf("%s: %s missing", file, what)
		return 0
	}
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	w := slices.Clone(want)
	sort.Strings(w)
	if !slices.Equal(got, w) {
		t.Errorf("%s: %s has fields %v, the Graph reference documents %v", file, what, got, w)
	}
	return 1
}
