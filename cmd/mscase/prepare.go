package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/prepare"
	"github.com/mscase/mscase/recovery"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() {
	addCommand("", newPrepareCmd)
	addCommand("prepare", newPrepareInitCmd)
	addCommand("prepare", newPrepareShowCmd)
	addCommand("prepare", newPrepareEditCmd)
}

func newPrepareCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "prepare",
		Short: "Before a lockout: tenant profile, emergency card, Graph checks, drills",
		Long: `Get ready before the day an admin is locked out.

"prepare init" looks the tenant up (no sign-in needed) and keeps a profile
in the database: tenant ID, domains, sign-in type, country, language, plan,
the everyday admins and the emergency-access ("break-glass") accounts by
name, and where their credentials are kept. Never passwords.
"cases new --domain" fills a new case from it.

"prepare card" prints a one-page emergency card to keep offline.
"prepare checks" prints the Microsoft Graph PowerShell commands that read
who holds Global Administrator and with which sign-in methods;
"prepare import" checks their JSON against Microsoft's recommendations.
After "prepare init", the reminders add a drill every 90 days.`,
		Example: `  mscase prepare init --domain contoso.co.jp --country JP --lang ja --plan other --admin admin@contoso.co.jp
  mscase prepare edit --break-glass bg1@contoso.onmicrosoft.com --break-glass bg2@contoso.onmicrosoft.com --credentials-at "safes A and B"
  mscase prepare checks
  mscase prepare import mscase-checks.json
  mscase prepare card --html > card.html`,
		Args: cobra.NoArgs,
	}
}

// profileFields are the flags shared by "prepare init" and "prepare edit".
type profileFields struct {
	country, lang, plan, credentialsAt, lastDrill string
	domains, admins, breakGlass                   []string
	drillDays                                     int
}

func (f *profileFields) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.country, "country", "", "ISO 3166 code of the country you would call support from, e.g. JP")
	fs.StringVar(&f.lang, "lang", "", "the tenant's language `L` (ja, en, ...), kept in the profile: for the support lines and the card; what this command prints follows MSCASE_LANG or LANG")
	fs.StringVar(&f.plan, "plan", "", "the subscription's plan family for the support numbers: enterprise or other")
	fs.StringArrayVar(&f.domains, "also-domain", nil, "another verified domain of the tenant (repeat for more)")
	fs.StringArrayVar(&f.admins, "admin", nil, "an everyday Global Administrator's UPN (repeat for more)")
	fs.StringArrayVar(&f.breakGlass, "break-glass", nil, "an emergency-access account's UPN (repeat for more)")
	fs.StringVar(&f.credentialsAt, "credentials-at", "", "where the break-glass credentials are kept (free text, no passwords)")
	fs.IntVar(&f.drillDays, "drill-days", 0, fmt.Sprintf("days between drills (default %d)", prepare.DefaultDrillDays))
}

// apply validates the set flags and writes them into p; nothing is applied
// unless every set flag is valid.
func (f *profileFields) apply(fs *pflag.FlagSet, p *prepare.Profile) error {
	next := *p
	set := fs.Changed
	var err error
	if set("country") {
		if strings.TrimSpace(f.country) == "" {
			next.Country = ""
		} else if next.Country, err = cases.ParseCountry(f.country); err != nil {
			return err
		}
	}
	if set("lang") {
		if strings.TrimSpace(f.lang) == "" {
			next.Lang = ""
		} else if next.Lang, err = cases.ParseLang(f.lang); err != nil {
			return err
		}
	}
	if set("plan") {
		if next.Plan, err = prepare.ParsePlan(f.plan); err != nil {
			return err
		}
	}
	if set("also-domain") {
		next.Domains = nil
		for _, d := range f.domains {
			if strings.TrimSpace(d) == "" {
				continue
			}
			v, err := cases.ParseDomain(d)
			if err != nil {
				return err
			}
			next.Domains = append(next.Domains, v)
		}
	}
	upns := func(flag string, in []string) ([]string, error) {
		var out []string
		for _, u := range in {
			if strings.TrimSpace(u) == "" {
				continue
			}
			v, err := cases.ParseUPN(u)
			if err != nil {
				return nil, &cases.InputError{Field: "--" + flag, Value: u, Want: "expected an account like admin@contoso.onmicrosoft.com"}
			}
			out = append(out, v)
		}
		return out, nil
	}
	if set("admin") {
		if next.Admins, err = upns("admin", f.admins); err != nil {
			return err
		}
	}
	if set("break-glass") {
		if next.BreakGlass, err = upns("break-glass", f.breakGlass); err != nil {
			return err
		}
	}
	if set("credentials-at") {
		next.CredentialsAt = strings.TrimSpace(f.credentialsAt)
	}
	if set("drill-days") {
		if f.drillDays < 1 || f.drillDays > prepare.MaxDrillDays {
			return &cases.InputError{Field: "--drill-days", Value: strconv.Itoa(f.drillDays), Want: fmt.Sprintf("expected a number of days from 1 to %d", prepare.MaxDrillDays)}
		}
		next.DrillDays = f.drillDays
	}
	*p = next
	return nil
}

type prepareInitOptions struct {
	fields  profileFields
	flags   *pflag.FlagSet
	domain  string
	replace bool
}

func newPrepareInitCmd(a *app) *cobra.Command {
	opts := &prepareInitOptions{}
	cmd := &cobra.Command{
		Use:   "init --domain DOMAIN [--country CC --lang L --plan P]",
		Short: "Look the tenant up and keep its profile for the day of a lockout",
		Long: `Look the tenant of DOMAIN up on Microsoft's public sign-in endpoints (no
sign-in needed: tenant ID, cloud, Managed or Federated) and keep it, with the
flags you give, as the tenant profile in the database. Name the everyday
admins and the emergency-access accounts by UPN; never give passwords.

One profile per database; --replace overwrites an existing one (use
"prepare edit" to change fields).

Environment:
  MSCASE_LOGIN_URL  the login service to ask (default ` + recovery.DefaultLoginURL + `)`,
		Example: `  mscase prepare init --domain contoso.co.jp --country JP --lang ja --plan other
  mscase prepare init --domain contoso.co.jp --admin admin@contoso.co.jp --admin it@contoso.co.jp \
      --break-glass bg1@contoso.onmicrosoft.com --break-glass bg2@contoso.onmicrosoft.com \
      --credentials-at "FIDO2 keys in the safes of the Tokyo and Osaka offices"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.flags = cmd.Flags()
			return runPrepareInit(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.domain, "domain", "", "a verified domain of the tenant, e.g. contoso.co.jp")
	cmd.Flags().BoolVar(&opts.replace, "replace", false, "overwrite the existing profile")
	opts.fields.register(cmd.Flags())
	_ = cmd.MarkFlagRequired("domain")
	return cmd
}

func runPrepareInit(ctx context.Context, a *app, opts *prepareInitOptions) error {
	domain, err := cases.ParseDomain(opts.domain)
	if err != nil {
		return err
	}
	p := &prepare.Profile{Domain: domain, Created: a.now, Updated: a.now}
	if err := opts.fields.apply(opts.flags, p); err != nil {
		return err
	}
	// Refuse before the network when a profile exists.
	if !opts.replace {
		if old, err := a.loadProfile(); err != nil {
			return err
		} else if old != nil {
			return withHintT(usageT("prepare_x.has_profile", "Domain", cases.DisplayDomain(old.Domain), "Tenant", old.TenantID), "prepare_x.has_profile_hint")
		}
	}
	base, err := a.loginURL()
	if err != nil {
		return err
	}
	t, err := recovery.LookupTenant(ctx, &http.Client{Timeout: loginTimeout}, base, domain)
	if err != nil {
		return tenantError(err, domain)
	}
	p.TenantID, p.NameSpaceType = t.TenantID, t.NameSpaceType
	p.Cloud, p.Region = firstOf(t.CloudInstance, t.RealmCloud), t.RegionScope
	p.Brand, p.FederationURL = t.BrandName, t.FederationAuth
	if err := p.Validate(); err != nil {
		return err
	}
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	defer s.Close()
	if !opts.replace {
		if _, err := prepare.Load(s); err == nil {
			return usageT("prepare_x.has_profile_replace")
		}
	}
	if err := prepare.Save(s, p); err != nil {
		return fmt.Errorf("save tenant profile: %w", err)
	}
	if err := a.writeProfile(p); err != nil {
		return err
	}
	due := p.DrillAnchor().AddDate(0, 0, p.Drill()).In(a.loc)
	day := due.Format("Mon 2006-01-02")
	if a.p.JA() {
		day = a.p.Date(due)
	}
	a.say("prepare_x.saved", "Domain", cases.DisplayDomain(p.Domain), "Tenant", p.TenantID, "Due", day)
	if p.Federated() {
		a.say("prepare_x.federated", "Domain", cases.DisplayDomain(p.Domain), "At", shown(firstOf(p.FederationURL, a.p.T("prepare_x.your_idp"))))
	}
	if len(p.BreakGlass) < prepare.MinBreakGlass {
		a.hint("%s", a.p.T("prepare_x.name_break_glass"))
	}
	return nil
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// loadProfile reads the tenant profile; nil (and no error) when there is no
// database or no profile yet.
func (a *app) loadProfile() (*prepare.Profile, error) {
	var p *prepare.Profile
	err := a.withStore(true, func(s store) error {
		if s == nil {
			return nil
		}
		var err error
		p, err = prepare.Load(s)
		if errors.Is(err, prepare.ErrNoProfile) {
			p, err = nil, nil
		}
		return err
	})
	return p, err
}

// needProfile is loadProfile for the commands that cannot work without one.
func (a *app) needProfile() (*prepare.Profile, error) {
	p, err := a.loadProfile()
	if err == nil && p == nil {
		err = withHintT(errors.New(a.p.T("prepare_x.no_profile")), "prepare_x.no_profile_hint")
	}
	return p, err
}

func newPrepareShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show",
		Short:   "Show the tenant profile",
		Long:    "Show the tenant profile. Piped, each line is a field and its value, tab-separated; --json gives the record.",
		Example: "  mscase prepare show\n  mscase prepare show --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := a.needProfile()
			if err != nil {
				return err
			}
			return a.writeProfile(p)
		},
	}
}

// writeProfile prints the profile: JSON, tab-separated fields, or aligned
// on a terminal. Text Microsoft returned (the brand name, the federation
// URL) is neutralised.
func (a *app) writeProfile(p *prepare.Profile) error {
	if a.jsonOut {
		return a.writeJSON(p)
	}
	var doms []string
	for _, d := range p.AllDomains() {
		doms = append(doms, cases.DisplayDomain(d))
	}
	rows := [][]string{
		{"tenant_id", p.TenantID},
		{"domains", strings.Join(doms, " ")},
		{"organisation", shown(p.Brand)},
		{"namespace", p.NameSpaceType},
		{"cloud", strings.TrimSpace(p.Cloud + " " + p.Region)},
		{"country", p.Country},
		{"lang", p.Lang},
		{"plan", p.Plan},
		{"admins", strings.Join(p.Admins, " ")},
		{"break_glass", strings.Join(p.BreakGlass, " ")},
		{"credentials_at", p.CredentialsAt},
		{"drill_every", msg.For(msg.English).N("unit.day", p.Drill())},
		{"next_drill", a.fmtTime(p.DrillAnchor().AddDate(0, 0, p.Drill()))},
		{"last_drill", a.fmtTime(p.LastDrill)},
	}
	if p.FederationURL != "" {
		rows = append(rows, []string{"federation_url", shown(p.FederationURL)})
	}
	for i := range rows {
		if rows[i][1] == "" {
			rows[i][1] = "-"
		}
	}
	if a.isTTY && a.p.JA() {
		// Piped keeps the field names and values scripts read.
		for i, r := range rows {
			switch r[0] {
			case "namespace":
				if id := "prepare_x.namespace." + r[1]; msg.Has(a.lang, id) {
					rows[i][1] = a.p.T(id)
				}
			case "drill_every":
				rows[i][1] = a.p.N("unit.day", p.Drill())
			}
			rows[i][0] = a.p.T("prepare_x.field." + r[0])
		}
	}
	return a.printTable([]string{"FIELD", "VALUE"}, rows, nil)
}

type prepareEditOptions struct {
	fields profileFields
	flags  *pflag.FlagSet
}

func newPrepareEditCmd(a *app) *cobra.Command {
	opts := &prepareEditOptions{}
	cmd := &cobra.Command{
		Use:   "edit [flags]",
		Short: "Change the tenant profile",
		Long: `Change fields of the tenant profile. --admin, --break-glass and --also-domain
replace their lists (repeat the flag for each account; give "" to clear).
--last-drill records when you last tested the emergency-access sign-in: the
next drill is due --drill-days after it.`,
		Example: `  mscase prepare edit --plan enterprise
  mscase prepare edit --break-glass bg1@contoso.onmicrosoft.com --break-glass bg2@contoso.onmicrosoft.com
  mscase prepare edit --last-drill now
  mscase prepare edit --drill-days 60`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.flags = cmd.Flags()
			if cmd.Flags().NFlag() == 0 {
				return usageT("prepare_x.nothing_to_change")
			}
			return runPrepareEdit(cmd.Context(), a, opts)
		},
	}
	opts.fields.register(cmd.Flags())
	cmd.Flags().StringVar(&opts.fields.lastDrill, "last-drill", "", "when you last tested the emergency-access sign-in (\"now\", 2026-11-25)")
	return cmd
}

func runPrepareEdit(_ context.Context, a *app, opts *prepareEditOptions) error {
	var scratch prepare.Profile
	if err := opts.fields.apply(opts.flags, &scratch); err != nil {
		return err
	}
	var last time.Time
	if opts.flags.Changed("last-drill") {
		t, err := a.parseTime("last-drill", opts.fields.lastDrill)
		if err != nil {
			return err
		}
		if t.After(a.now) {
			return &cases.InputError{Field: "--last-drill", Value: opts.fields.lastDrill, Want: "expected a time in the past"}
		}
		last = t
	}
	if p, err := a.loadProfile(); err != nil {
		return err
	} else if p == nil {
		_, err := a.needProfile()
		return err
	}
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := prepare.Update(s, func(p *prepare.Profile) error {
		if err := opts.fields.apply(opts.flags, p); err != nil {
			return err
		}
		if !last.IsZero() {
			p.LastDrill = last
		}
		p.Updated = a.now
		return nil
	})
	if err != nil {
		return err
	}
	a.say("prepare_x.updated", "Domain", cases.DisplayDomain(p.Domain))
	return a.writeProfile(p)
}
