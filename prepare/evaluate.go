package prepare

import (
	"slices"
	"strings"
)

// CheckID names one check of `prepare import`.
type CheckID string

// The checks, in the order they are reported.
const (
	CheckGlobalAdmins      CheckID = "global-admins"            // 2 to 4 holders
	CheckAdminMethods      CheckID = "admin-methods"            // each admin: at least two MFA methods
	CheckAdminPhishRes     CheckID = "admin-phishing-resistant" // each admin: at least one phishing-resistant method
	CheckAdminNotPhoneOnly CheckID = "admin-not-phone-only"     // each admin: not only SMS/voice
	CheckBreakGlassCount   CheckID = "break-glass-count"        // two or more named
	CheckBreakGlassActive  CheckID = "break-glass-active"       // each: in the file, active Global Admin
	CheckBreakGlassCloud   CheckID = "break-glass-cloud-only"   // each: *.onmicrosoft.com, not synced
	CheckBreakGlassMethod  CheckID = "break-glass-method"       // each: phishing-resistant, unlike the admins'
)

// Result is the outcome of one check for one subject (an account, or the
// tenant when Subject is empty). The fields after Pass are the facts the
// message layer words.
type Result struct {
	Check        CheckID      `json:"check"`
	Pass         bool         `json:"pass"`
	Subject      string       `json:"subject,omitempty"`
	Count        int          `json:"count"`                   // holders, methods or accounts counted
	Active       int          `json:"active,omitempty"`        // global-admins: active holders
	Eligible     int          `json:"eligible,omitempty"`      // global-admins: holders only PIM-eligible
	Methods      []MethodType `json:"methods,omitempty"`       // the subject's methods that count
	Shared       []MethodType `json:"shared,omitempty"`        // break-glass-method: types the admins use too
	Missing      bool         `json:"missing,omitempty"`       // the subject is not in the file
	NoMethods    bool         `json:"no_methods,omitempty"`    // the file has no method list for the subject
	OnPrem       bool         `json:"on_prem,omitempty"`       // break-glass-cloud-only: synced from on-premises
	EligibleOnly bool         `json:"eligible_only,omitempty"` // break-glass-active: only PIM-eligible
	Source       string       `json:"source"`
}

// Evaluate checks the report against Microsoft's thresholds. admins and
// breakGlass are the profile's UPNs (either may be empty): every holder of
// Global Administrator not named as break-glass counts as an everyday
// admin. It is pure.
func Evaluate(r *Report, admins, breakGlass []string) []Result {
	isBG := func(upn string) bool {
		return upn != "" && slices.ContainsFunc(breakGlass, func(b string) bool { return strings.EqualFold(b, upn) })
	}
	var out []Result

	// Holders of Global Administrator, by principal.
	type holder struct {
		upn            string
		active, eligib bool
	}
	var holders []*holder
	byKey := map[string]*holder{}
	for _, a := range r.Assignments {
		key := strings.ToLower(a.PrincipalID)
		if key == "" {
			key = strings.ToLower(a.UPN)
		}
		if key == "" {
			continue
		}
		h := byKey[key]
		if h == nil {
			h = &holder{upn: a.UPN}
			byKey[key] = h
			holders = append(holders, h)
		}
		if h.upn == "" {
			h.upn = a.UPN
		}
		if a.Eligible {
			h.eligib = true
		} else {
			h.active = true
		}
	}
	ga := Result{Check: CheckGlobalAdmins, Count: len(holders), Source: SrcAdminRoles + "; " + SrcRoleBestPractices}
	for _, h := range holders {
		if h.active {
			ga.Active++
		} else {
			ga.Eligible++
		}
	}
	ga.Pass = ga.Count >= MinGlobalAdmins && ga.Count <= MaxGlobalAdmins
	out = append(out, ga)

	// Everyday admins: holders that are not break-glass, then the
	// profile's admins that the file does not list as holders.
	var everyday []string
	seen := map[string]bool{}
	addAdmin := func(upn string) {
		k := strings.ToLower(upn)
		if upn == "" || seen[k] || isBG(upn) {
			return
		}
		seen[k] = true
		everyday = append(everyday, upn)
	}
	for _, h := range holders {
		addAdmin(h.upn)
	}
	for _, a := range admins {
		addAdmin(a)
	}
	adminTypes := map[MethodType]bool{}
	for _, upn := range everyday {
		u := r.user(upn)
		base := Result{Subject: upn}
		if u == nil || !u.HasMethods {
			base.Missing = u == nil
			base.NoMethods = u != nil
			for _, c := range []struct {
				id  CheckID
				src string
			}{{CheckAdminMethods, SrcSSPRPolicy}, {CheckAdminPhishRes, SrcAdminPhishResistant + "; " + SrcAuthStrengths}, {CheckAdminNotPhoneOnly, SrcSSPRPolicy + "; " + SrcEmergencyAccess}} {
				res := base
				res.Check, res.Source = c.id, c.src
				out = append(out, res)
			}
			continue
		}
		ms := u.secondFactors()
		for _, m := range ms {
			adminTypes[m] = true
		}
		count := base
		count.Check, count.Count, count.Methods, count.Source = CheckAdminMethods, len(ms), ms, SrcSSPRPolicy
		count.Pass = len(ms) >= MinMethods
		pr := base
		pr.Check, pr.Source = CheckAdminPhishRes, SrcAdminPhishResistant+"; "+SrcAuthStrengths
		for _, m := range ms {
			if m.PhishingResistant() {
				pr.Methods = append(pr.Methods, m)
			}
		}
		pr.Count, pr.Pass = len(pr.Methods), len(pr.Methods) > 0
		phone := base
		phone.Check, phone.Methods, phone.Source = CheckAdminNotPhoneOnly, ms, SrcSSPRPolicy+"; "+SrcEmergencyAccess
		phone.Pass = slices.ContainsFunc(ms, func(m MethodType) bool { return m != MethodPhone })
		out = append(out, count, pr, phone)
	}

	// Emergency-access accounts.
	bgc := Result{Check: CheckBreakGlassCount, Count: len(breakGlass), Pass: len(breakGlass) >= MinBreakGlass, Source: SrcEmergencyAccess}
	out = append(out, bgc)
	for _, upn := range breakGlass {
		u := r.user(upn)
		act := Result{Check: CheckBreakGlassActive, Subject: upn, Source: SrcEmergencyAccess}
		act.Missing = u == nil
		for _, a := range r.Assignments {
			if a.matches(upn, u) {
				if a.Eligible {
					act.EligibleOnly = true
				} else {
					act.Pass, act.EligibleOnly = true, false
					break
				}
			}
		}
		if act.Pass {
			act.EligibleOnly = false
		}
		cloud := Result{Check: CheckBreakGlassCloud, Subject: upn, Source: SrcEmergencyAccess}
		cloud.OnPrem = u != nil && u.OnPremSync
		cloud.Pass = strings.HasSuffix(strings.ToLower(upn), ".onmicrosoft.com") && !cloud.OnPrem
		meth := Result{Check: CheckBreakGlassMethod, Subject: upn, Source: SrcEmergencyAccess + "; " + SrcAuthStrengths}
		switch {
		case u == nil:
			meth.Missing = true
		case !u.HasMethods:
			meth.NoMethods = true
		default:
			for _, m := range u.secondFactors() {
				if !m.PhishingResistant() {
					continue
				}
				meth.Methods = append(meth.Methods, m)
				if adminTypes[m] {
					meth.Shared = append(meth.Shared, m)
				} else {
					meth.Pass = true
				}
			}
			meth.Count = len(meth.Methods)
		}
		out = append(out, act, cloud, meth)
	}
	return out
}

// user finds an account of the report by UPN (any case).
func (r *Report) user(upn string) *User {
	for i := range r.Users {
		if strings.EqualFold(r.Users[i].UPN, upn) {
			return &r.Users[i]
		}
	}
	// A holder known only by ID: match through the assignments.
	for _, a := range r.Assignments {
		if strings.EqualFold(a.UPN, upn) && a.PrincipalID != "" {
			for i := range r.Users {
				if strings.EqualFold(r.Users[i].ID, a.PrincipalID) {
					return &r.Users[i]
				}
			}
		}
	}
	return nil
}

func (a Assignment) matches(upn string, u *User) bool {
	if a.UPN != "" && strings.EqualFold(a.UPN, upn) {
		return true
	}
	return u != nil && u.ID != "" && strings.EqualFold(a.PrincipalID, u.ID)
}

// secondFactors lists the user's method types that count for MFA, each
// once, in the order first seen.
func (u *User) secondFactors() []MethodType {
	var out []MethodType
	for _, m := range u.Methods {
		if m.Type.SecondFactor() && !slices.Contains(out, m.Type) {
			out = append(out, m.Type)
		}
	}
	return out
}

// Passed reports whether every result passed.
func Passed(rs []Result) bool {
	for _, r := range rs {
		if !r.Pass {
			return false
		}
	}
	return true
}
