package prepare

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/safetext"
)

// Thresholds, each with its source.
const (
	// MinGlobalAdmins and MaxGlobalAdmins: "Have 2 to 4 Global Admins"
	// [SrcAdminRoles]; five or more raises an alert [SrcRoleBestPractices].
	MinGlobalAdmins = 2
	MaxGlobalAdmins = 4
	// MinBreakGlass: keep two or more emergency-access accounts
	// [SrcEmergencyAccess].
	MinBreakGlass = 2
	// MinMethods: an admin's password reset needs two methods, so one lost
	// phone can block a single-method admin [SrcSSPRPolicy].
	MinMethods = 2
	// DefaultDrillDays: test the emergency-access accounts at least every
	// 90 days [SrcEmergencyAccess].
	DefaultDrillDays = 90
	// MaxDrillDays bounds the configurable drill interval.
	MaxDrillDays = 366
	// DirectoryMaxAgeDays: past a year, re-check the bundled support
	// directory against Microsoft's page (mscase's own rule, not Microsoft's).
	DirectoryMaxAgeDays = 365
)

// Plans, as the support directory distinguishes them.
const (
	PlanEnterprise = cases.PlanEnterprise
	PlanOther      = cases.PlanOther
)

// ErrNoProfile means the database holds no tenant profile yet.
var ErrNoProfile = errors.New("no tenant profile")

// Profile is what mscase knows about the tenant before a lockout. It holds
// account names, never passwords: where the break-glass credentials are
// kept is free text ("safe in the Osaka office, envelope 2").
type Profile struct {
	TenantID      string    `json:"tenant_id"`
	Domain        string    `json:"domain"`            // the domain looked up, ASCII
	Domains       []string  `json:"domains,omitempty"` // more verified domains, ASCII
	Cloud         string    `json:"cloud,omitempty"`   // cloud_instance_name, e.g. microsoftonline.com
	Region        string    `json:"region,omitempty"`  // tenant_region_scope
	NameSpaceType string    `json:"namespace_type"`    // Managed or Federated
	Brand         string    `json:"brand,omitempty"`   // the organisation's name, as Microsoft returned it
	FederationURL string    `json:"federation_url,omitempty"`
	Country       string    `json:"country,omitempty"`
	Lang          string    `json:"lang,omitempty"`
	Plan          string    `json:"plan,omitempty"`
	Admins        []string  `json:"admins,omitempty"`      // everyday Global Admins' UPNs
	BreakGlass    []string  `json:"break_glass,omitempty"` // emergency-access accounts' UPNs
	CredentialsAt string    `json:"credentials_at,omitempty"`
	DrillDays     int       `json:"drill_days,omitempty"` // 0 means DefaultDrillDays
	LastDrill     time.Time `json:"last_drill,omitzero"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}

// Federated reports whether sign-in for the profile's domain happens at the
// organisation's own identity provider.
func (p *Profile) Federated() bool { return strings.EqualFold(p.NameSpaceType, "Federated") }

// AllDomains is the looked-up domain and the others, without repeats.
func (p *Profile) AllDomains() []string {
	out := []string{p.Domain}
	for _, d := range p.Domains {
		if d != p.Domain {
			out = append(out, d)
		}
	}
	return out
}

// HasDomain reports whether domain (ASCII) is one of the profile's.
func (p *Profile) HasDomain(domain string) bool {
	for _, d := range p.AllDomains() {
		if strings.EqualFold(d, domain) {
			return true
		}
	}
	return false
}

// Drill is the drill interval in days.
func (p *Profile) Drill() int {
	if p.DrillDays <= 0 {
		return DefaultDrillDays
	}
	return p.DrillDays
}

// DrillAnchor is the instant drills count from: the last drill, or when
// the profile was made.
func (p *Profile) DrillAnchor() time.Time {
	if !p.LastDrill.IsZero() {
		return p.LastDrill
	}
	return p.Created
}

// maxCredentialsAt bounds the free text: it goes on a one-page card.
const maxCredentialsAt = 300

// maxAccounts bounds the admin and break-glass lists.
const maxAccounts = 20

// Validate checks every field and returns the first problem as a
// *cases.InputError.
func (p *Profile) Validate() error {
	if _, err := cases.ParseTenantID(p.TenantID); err != nil {
		return err
	}
	for _, d := range p.AllDomains() {
		if v, err := cases.ParseDomain(d); err != nil || v != d {
			return &cases.InputError{Field: "domain", Value: d, Want: "expected a DNS name like contoso.onmicrosoft.com", Code: cases.CodeDomain}
		}
	}
	if p.Country != "" {
		if v, err := cases.ParseCountry(p.Country); err != nil || v != p.Country {
			return &cases.InputError{Field: "--country", Value: p.Country, Want: "expected an ISO 3166-1 alpha-2 code like JP", Code: cases.CodeCountry}
		}
	}
	if p.Lang != "" {
		if v, err := cases.ParseLang(p.Lang); err != nil || v != p.Lang {
			return &cases.InputError{Field: "--lang", Value: p.Lang, Want: "expected a language code like ja or en", Code: cases.CodeLanguage}
		}
	}
	if _, err := ParsePlan(p.Plan); err != nil {
		return err
	}
	for _, l := range []struct {
		field string
		upns  []string
	}{{"--admin", p.Admins}, {"--break-glass", p.BreakGlass}} {
		if len(l.upns) > maxAccounts {
			return &cases.InputError{Field: l.field, Value: fmt.Sprint(len(l.upns), " accounts"), Want: fmt.Sprintf("expected at most %d", maxAccounts)}
		}
		for _, u := range l.upns {
			if v, err := cases.ParseUPN(u); err != nil || v != u {
				return &cases.InputError{Field: l.field, Value: u, Want: "expected an account like admin@contoso.onmicrosoft.com"}
			}
		}
	}
	for _, a := range p.Admins {
		for _, b := range p.BreakGlass {
			if strings.EqualFold(a, b) {
				return &cases.InputError{Field: "--break-glass", Value: b, Want: "an emergency-access account is not also an everyday admin: name it once"}
			}
		}
	}
	if err := CheckFreeText("--credentials-at", p.CredentialsAt, maxCredentialsAt); err != nil {
		return err
	}
	if p.DrillDays < 0 || p.DrillDays > MaxDrillDays {
		return &cases.InputError{Field: "--drill-days", Value: fmt.Sprint(p.DrillDays), Want: fmt.Sprintf("expected a number of days from 1 to %d", MaxDrillDays)}
	}
	return nil
}

// ParsePlan accepts the plan as cases.ParsePlan does: enterprise, other,
// or "" (unknown).
func ParsePlan(s string) (string, error) {
	v, err := cases.ParsePlan(s)
	var ie *cases.InputError
	if errors.As(err, &ie) {
		ie.Field = "--plan"
	}
	return v, err
}

// CheckFreeText refuses text with control characters or longer than max
// runes: it is printed on a card and in terminals.
func CheckFreeText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return &cases.InputError{Field: field, Value: s, Want: "expected UTF-8 text"}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return &cases.InputError{Field: field, Value: s[:min(len(s), 40)] + "…", Want: fmt.Sprintf("expected at most %d characters, got %d", max, n)}
	}
	if safetext.HasControl(s) || strings.ContainsAny(s, "\u2028\u2029") {
		return &cases.InputError{Field: field, Value: s, Want: "expected one line of text without control characters"}
	}
	return nil
}

var keyProfile = []byte("profile")

// BucketProfile is the bucket beside the cases that holds the profile.
const BucketProfile = "prepare.profile"

const bucketProfile = BucketProfile

// Buckets is a store that keeps buckets beside the cases: the bbolt file
// (*cases.Store) or a store on etcd.
type Buckets interface {
	ViewBuckets(fn func(cases.Tx) error) error
	UpdateBuckets(fn func(cases.Tx) error) error
}

// Load reads the profile from the database; ErrNoProfile when there is none.
func Load(db Buckets) (*Profile, error) {
	var p *Profile
	err := db.ViewBuckets(func(tx cases.Tx) error {
		b := tx.Bucket(bucketProfile)
		if b == nil {
			return ErrNoProfile
		}
		v := b.Get(keyProfile)
		if v == nil {
			return ErrNoProfile
		}
		p = &Profile{}
		if err := json.Unmarshal(v, p); err != nil {
			return fmt.Errorf("decode tenant profile: %w", err)
		}
		return nil
	})
	return p, err
}

// Save validates p and writes it in one transaction.
func Save(db Buckets, p *Profile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	v, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return db.UpdateBuckets(func(tx cases.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketProfile)
		if err != nil {
			return err
		}
		return b.Put(keyProfile, v)
	})
}

// Update applies fn to the stored profile and writes the result, validated,
// in one transaction: if fn or validation fails nothing is written.
func Update(db Buckets, fn func(p *Profile) error) (*Profile, error) {
	var out *Profile
	err := db.UpdateBuckets(func(tx cases.Tx) error {
		b := tx.Bucket(bucketProfile)
		if b == nil || b.Get(keyProfile) == nil {
			return ErrNoProfile
		}
		p := &Profile{}
		if err := json.Unmarshal(b.Get(keyProfile), p); err != nil {
			return fmt.Errorf("decode tenant profile: %w", err)
		}
		if err := fn(p); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		v, err := json.Marshal(p)
		if err != nil {
			return err
		}
		out = p
		return b.Put(keyProfile, v)
	})
	return out, err
}
