package prepare

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// GlobalAdminRoleID is the template ID of the Global Administrator role,
// the same in every tenant [SrcRoleTemplateGA].
const GlobalAdminRoleID = "62e90394-69f5-4237-9190-012177145e10"

// MethodType is an authentication method's Graph type without the
// "#microsoft.graph." prefix and "AuthenticationMethod" suffix: "fido2",
// "phone", "microsoftAuthenticator", ...
type MethodType string

// The method types of Graph's /authentication/methods [SrcListMethods].
const (
	MethodFido2        MethodType = "fido2"
	MethodAuthApp      MethodType = "microsoftAuthenticator"
	MethodPhone        MethodType = "phone"
	MethodPassword     MethodType = "password"
	MethodWHfB         MethodType = "windowsHelloForBusiness"
	MethodSoftwareOath MethodType = "softwareOath"
	MethodHardwareOath MethodType = "hardwareOath"
	MethodTAP          MethodType = "temporaryAccessPass"
	MethodEmail        MethodType = "email"
	MethodCertificate  MethodType = "x509Certificate"
	MethodPlatformCred MethodType = "platformCredential"
)

// PhishingResistant reports whether a method meets the built-in
// "Phishing-resistant MFA" authentication strength [SrcAuthStrengths]:
// passkeys (FIDO2), Windows Hello for Business or platform credential, and
// certificate-based authentication.
func (m MethodType) PhishingResistant() bool {
	switch m {
	case MethodFido2, MethodWHfB, MethodCertificate, MethodPlatformCred:
		return true
	}
	return false
}

// SecondFactor reports whether a method can satisfy MFA on its own account:
// password, email (self-service password reset only) and the temporary
// access pass (a time-limited bootstrap) do not count.
func (m MethodType) SecondFactor() bool {
	switch m {
	case MethodPassword, MethodEmail, MethodTAP, "":
		return false
	}
	return true
}

// Method is one registered authentication method, as received.
type Method struct {
	Type      MethodType `json:"type"`
	ODataType string     `json:"odata_type"` // the full @odata.type as received
	ID        string     `json:"id,omitempty"`
	Name      string     `json:"name,omitempty"`       // displayName, model or phone type: evidence only
	PhoneType string     `json:"phone_type,omitempty"` // mobile, alternateMobile, office
}

// User is one account in the checks' output.
type User struct {
	ID          string   `json:"id"`
	UPN         string   `json:"upn"`
	DisplayName string   `json:"display_name,omitempty"`
	OnPremSync  bool     `json:"on_premises_sync,omitempty"`
	Methods     []Method `json:"methods"`
	HasMethods  bool     `json:"has_methods"` // the methods were in the file (even if none)
}

// Assignment is one holder of the Global Administrator role.
type Assignment struct {
	PrincipalID string `json:"principal_id"`
	UPN         string `json:"upn,omitempty"` // empty for groups and service principals
	Kind        string `json:"kind"`          // user, group, servicePrincipal
	Name        string `json:"name,omitempty"`
	Eligible    bool   `json:"eligible"` // PIM-eligible rather than active
}

// Report is what the checks' JSON says about the tenant.
type Report struct {
	TenantID    string       `json:"tenant_id,omitempty"`
	Assignments []Assignment `json:"assignments"`
	HasEligible bool         `json:"has_eligible"` // the file held the PIM-eligible list
	Users       []User       `json:"users"`
}

// Limits on outside input: a tenant with more Global Admins or methods than
// this is not what the checks are for, and a huge file must not take the
// machine down.
const (
	MaxFileSize   = 16 << 20
	maxItems      = 5000
	maxFieldRunes = 256
)

// ParseError is JSON the import cannot read, said in one line.
type ParseError struct {
	Reason string
}

func (e *ParseError) Error() string { return e.Reason }

// rawFile is the shape `mscase prepare checks` writes: Graph's own answers
// (Invoke-MgGraphRequest), wrapped in one object. Keys match without regard
// to case, so the PascalCase output of the Get-Mg* cmdlets reads too.
type rawFile struct {
	TenantID string          `json:"tenantId"`
	Active   json.RawMessage `json:"activeAssignments"`
	Eligible json.RawMessage `json:"eligibleAssignments"`
	Users    json.RawMessage `json:"users"`
}

type rawAssignment struct {
	PrincipalID      string          `json:"principalId"`
	RoleDefinitionID string          `json:"roleDefinitionId"`
	Principal        json.RawMessage `json:"principal"`
}

type rawUserEntry struct {
	User    json.RawMessage `json:"user"`
	Methods json.RawMessage `json:"methods"`
}

// Parse reads the checks' JSON: UTF-8 (with or without a byte-order mark,
// as PowerShell 5.1 writes it) or UTF-16 with a byte-order mark (Out-File's
// default in PowerShell 5.1). It accepts Graph's REST shapes
// ({"value": [...]}, "@odata.type" on each object) and the Get-Mg* cmdlet
// shapes (bare arrays, "AdditionalProperties"). Strings are kept as
// received, cut to a bounded length; displaying them safely is the
// caller's job.
func Parse(b []byte) (*Report, error) {
	if len(b) > MaxFileSize {
		return nil, &ParseError{fmt.Sprintf("the file is %d bytes; expected at most %d", len(b), MaxFileSize)}
	}
	b, err := toUTF8(b)
	if err != nil {
		return nil, err
	}
	var raw rawFile
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, &ParseError{jsonReason(b, err)}
	}
	if raw.Active == nil && raw.Users == nil {
		return nil, &ParseError{`no "activeAssignments" or "users": expected the JSON that the "mscase prepare checks" commands write`}
	}
	r := &Report{TenantID: clip(raw.TenantID)}
	for _, part := range []struct {
		raw      json.RawMessage
		eligible bool
	}{{raw.Active, false}, {raw.Eligible, true}} {
		items, err := list(part.raw)
		if err != nil {
			return nil, &ParseError{"assignments: " + err.Error()}
		}
		if part.eligible && part.raw != nil && string(part.raw) != "null" {
			r.HasEligible = true
		}
		for _, it := range items {
			var ra rawAssignment
			if err := json.Unmarshal(it, &ra); err != nil {
				return nil, &ParseError{"an assignment is not a JSON object"}
			}
			if ra.RoleDefinitionID != "" && !strings.EqualFold(ra.RoleDefinitionID, GlobalAdminRoleID) {
				continue // another role: the filter was not applied
			}
			a := Assignment{PrincipalID: clip(ra.PrincipalID), Eligible: part.eligible}
			if len(ra.Principal) > 0 && string(ra.Principal) != "null" {
				obj, err := object(ra.Principal)
				if err != nil {
					return nil, &ParseError{"an assignment's principal is not a JSON object"}
				}
				a.Kind = shortType(str(obj, "@odata.type"), "")
				a.UPN = clip(str(obj, "userPrincipalName"))
				a.Name = clip(str(obj, "displayName"))
				if a.PrincipalID == "" {
					a.PrincipalID = clip(str(obj, "id"))
				}
			}
			if a.Kind == "" && a.UPN != "" {
				a.Kind = "user"
			}
			r.Assignments = append(r.Assignments, a)
		}
	}
	entries, err := list(raw.Users)
	if err != nil {
		return nil, &ParseError{"users: " + err.Error()}
	}
	for _, e := range entries {
		var re rawUserEntry
		if err := json.Unmarshal(e, &re); err != nil {
			return nil, &ParseError{"a users entry is not a JSON object"}
		}
		u := User{}
		if len(re.User) > 0 && string(re.User) != "null" {
			obj, err := object(re.User)
			if err != nil {
				return nil, &ParseError{"a user is not a JSON object"}
			}
			u.ID = clip(str(obj, "id"))
			u.UPN = clip(str(obj, "userPrincipalName"))
			u.DisplayName = clip(str(obj, "displayName"))
			if v, ok := field(obj, "onPremisesSyncEnabled").(bool); ok {
				u.OnPremSync = v
			}
		}
		if re.Methods != nil && string(re.Methods) != "null" {
			u.HasMethods = true
		}
		ms, err := list(re.Methods)
		if err != nil {
			return nil, &ParseError{"methods of " + orDash(u.UPN) + ": " + err.Error()}
		}
		for _, m := range ms {
			obj, err := object(m)
			if err != nil {
				return nil, &ParseError{"a method of " + orDash(u.UPN) + " is not a JSON object"}
			}
			od := str(obj, "@odata.type")
			mt := MethodType(shortType(od, "AuthenticationMethod"))
			name := str(obj, "displayName")
			if name == "" {
				name = str(obj, "model")
			}
			u.Methods = append(u.Methods, Method{Type: mt, ODataType: clip(od), ID: clip(str(obj, "id")), Name: clip(name), PhoneType: clip(str(obj, "phoneType"))})
		}
		if u.UPN == "" && u.ID == "" {
			continue
		}
		r.Users = append(r.Users, u)
	}
	if len(r.Assignments) > maxItems || len(r.Users) > maxItems {
		return nil, &ParseError{fmt.Sprintf("more than %d assignments or users: expected the Global Administrators of one tenant", maxItems)}
	}
	return r, nil
}

// toUTF8 decodes a byte-order-marked UTF-16 file and drops a UTF-8 BOM.
func toUTF8(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		if len(b)%2 != 0 {
			return nil, &ParseError{"the file starts like UTF-16 but is not: save it as UTF-8"}
		}
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return nil, &ParseError{"the file starts like UTF-16 but is not: save it as UTF-8"}
		}
		return out, nil
	}
	return b, nil
}

// jsonReason says where JSON went wrong, in one line.
func jsonReason(b []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return "the file is empty: expected the JSON that the \"mscase prepare checks\" commands write"
	case errors.As(err, &se):
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("not valid JSON at line %d: %s", line, se.Error())
	case errors.As(err, &te):
		return fmt.Sprintf("unexpected JSON: %s is a %s, expected %s", orDash(te.Field), te.Value, te.Type)
	}
	return "not valid JSON: " + err.Error()
}

// maxItemsPerList bounds one list while it is read.
const maxItemsPerList = maxItems

// list reads {"value": [...]}, a bare array, or a single object (PowerShell
// unwraps one-element arrays) as a list. Absent or null is empty.
func list(raw json.RawMessage) ([]json.RawMessage, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return nil, nil
	}
	var arr []json.RawMessage
	switch t[0] {
	case '[':
		if err := json.Unmarshal(t, &arr); err != nil {
			return nil, errors.New("not a JSON array")
		}
	case '{':
		var wrap map[string]json.RawMessage
		if err := json.Unmarshal(t, &wrap); err != nil {
			return nil, errors.New("not a JSON object")
		}
		if v, ok := lookup(wrap, "value"); ok {
			return list(v)
		}
		arr = []json.RawMessage{t}
	default:
		return nil, errors.New("expected a list, {\"value\": [...]} or an object")
	}
	if len(arr) > maxItemsPerList {
		return nil, fmt.Errorf("%d entries: expected at most %d", len(arr), maxItemsPerList)
	}
	return arr, nil
}

func lookup(m map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// object decodes a JSON object and folds the cmdlets' AdditionalProperties
// into it, so that "@odata.type" is found either way.
func object(raw json.RawMessage) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null")
	}
	if ap, ok := field(m, "AdditionalProperties").(map[string]any); ok {
		for k, v := range ap {
			if field(m, k) == nil {
				m[k] = v
			}
		}
	}
	return m, nil
}

// field is m[key], matching the key without regard to case.
func field(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

func str(m map[string]any, key string) string {
	s, _ := field(m, key).(string)
	return s
}

// shortType turns "#microsoft.graph.fido2AuthenticationMethod" into "fido2"
// (with suffix "AuthenticationMethod") and "#microsoft.graph.user" into
// "user".
func shortType(odata, suffix string) string {
	t := odata
	if i := strings.LastIndex(t, "."); i >= 0 {
		t = t[i+1:]
	}
	t = strings.TrimPrefix(t, "#")
	if suffix != "" {
		t = strings.TrimSuffix(t, suffix)
	}
	return clip(t)
}

// clip bounds a string from the file; invalid UTF-8 is replaced.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) <= maxFieldRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxFieldRunes]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
