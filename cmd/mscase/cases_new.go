package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/recovery"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() { addCommand("cases", newCasesNewCmd) }

type casesNewOptions struct {
	fields   caseFields
	flags    *pflag.FlagSet
	note     string
	discover bool
}

func newCasesNewCmd(a *app) *cobra.Command {
	opts := &casesNewOptions{}
	cmd := &cobra.Command{
		Use:   "new --domain DOMAIN --admin UPN [flags]",
		Short: "Record a new lockout case",
		Long: `Record a new lockout case and print its number.

--domain and --admin are required. When the tenant profile ("mscase prepare
init") holds the domain, the tenant ID, country and language not given as
flags come from it. A case with a TrackingID starts in
ticket-open; without one it starts in locked-out (you have not reached
Microsoft yet) and you add the TrackingID later with "cases edit".

--discover looks the tenant ID up on Microsoft's public sign-in metadata.
Offline, the case is recorded anyway with a warning; add the tenant ID
later with "mscase cases edit N --discover".

--plan: where the country's page splits numbers by plan, a terminal asks
when --plan is not given (Enter keeps "plan" from the configuration file).

` + planHelp,
		Example: `  mscase cases new --domain contoso.co.jp --admin admin@contoso.co.jp --tracking-id 2411250040001234 --country JP
  mscase cases new --domain contoso.onmicrosoft.com --admin admin@contoso.onmicrosoft.com --country US --lang en --title "MFA phone lost"
  mscase cases new --domain contoso.co.jp --admin admin@contoso.co.jp --country JP --lang ja --plan other
  mscase cases new --domain contoso.co.jp --admin admin@contoso.co.jp --discover`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.flags = cmd.Flags()
			return runCasesNew(cmd.Context(), a, opts)
		},
	}
	opts.fields.register(cmd.Flags())
	cmd.Flags().StringVar(&opts.note, "note", "", fmt.Sprintf("a note for the first stage entry (at most %d characters)", cases.MaxNote))
	cmd.Flags().BoolVar(&opts.discover, "discover", false, "look up the tenant ID from the domain (Microsoft's public sign-in metadata; no sign-in needed)")
	_ = cmd.MarkFlagRequired("domain")
	_ = cmd.MarkFlagRequired("admin")
	_ = cmd.RegisterFlagCompletionFunc("tracking-id", cobra.NoFileCompletions)
	registerCaseCompletions(cmd)
	return cmd
}

func runCasesNew(ctx context.Context, a *app, opts *casesNewOptions) error {
	var c cases.Case
	if err := opts.fields.apply(opts.flags, &c); err != nil {
		return err
	}
	if err := cases.CheckTyped("--note", opts.note, cases.MaxNote, true); err != nil {
		return err
	}
	if err := fillFromProfile(a, opts.flags, &c); err != nil {
		return err
	}
	if !opts.flags.Changed("plan") && c.Plan == "" {
		def := ""
		if cfg, _, err := loadConfig(a); err == nil {
			def = cfg.Plan
		}
		c.Plan = def
		if a.errTTY && !a.jsonOut && countryHasPlans(a, c.Country) {
			p, err := askPlan(a, c.Country, def)
			if err != nil {
				return err
			}
			c.Plan = p
		}
	}
	discoverFailed := false
	if opts.discover {
		if err := discoverTenant(ctx, a, &c); err != nil {
			var lf *lookupFailed
			if !errors.As(err, &lf) || errors.Is(err, context.Canceled) {
				return err
			}
			// Offline, or the service answered badly (a refused redirect,
			// a page that is not the metadata) on the worst day: record
			// the case now, the tenant ID can wait. Only "this domain is
			// not Microsoft 365" refuses, as bad input.
			a.warnT("warn.lookup_failed", "Err", lf.err)
			discoverFailed = true
		}
	}
	nc := cases.New(c, opts.note, a.now)
	if err := nc.Validate(); err != nil {
		return err
	}
	w, err := a.who()
	if err != nil {
		return err
	}
	nc.Sign(cases.Mark{}, w)
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Create(nc); err != nil {
		return fmt.Errorf("record case: %w", err)
	}
	if a.jsonOut {
		return a.writeJSON(nc)
	}
	fmt.Fprintln(a.out, nc.Number)
	id := nc.TrackingID
	if id == "" {
		id = a.p.T("ok.no_tracking_id")
	}
	a.say("ok.recorded", "Case", nc.Number, "Domain", cases.DisplayDomain(nc.Domain), "TrackingID", id, "Stage", a.stageName(nc.Stage))
	if discoverFailed {
		a.confirm("mscase: hint: %s", a.p.T("hint.discover_later", "Case", nc.Number))
	}
	caseHints(a, nc)
	warnNoCalendar(a, nc.Country)
	return nil
}

// fillFromProfile fills the tenant ID, country and language the flags did
// not set from the tenant profile when it holds the case's domain.
func fillFromProfile(a *app, flags *pflag.FlagSet, c *cases.Case) error {
	p, err := a.loadProfile()
	if err != nil || p == nil || !p.HasDomain(c.Domain) {
		return err
	}
	var filled []string
	if !flags.Changed("tenant-id") && c.TenantID == "" {
		c.TenantID = p.TenantID
		filled = append(filled, a.p.T("field.tenant_id"))
	}
	if !flags.Changed("country") && c.Country == "" && p.Country != "" {
		c.Country = p.Country
		filled = append(filled, a.p.T("field.country"))
	}
	if !flags.Changed("lang") && c.Lang == "" && p.Lang != "" {
		c.Lang = p.Lang
		filled = append(filled, a.p.T("field.language"))
	}
	if c.Cloud == "" && recovery.SovereignCloud(p.Cloud) != recovery.SovereignNone {
		c.Cloud = p.Cloud
		filled = append(filled, a.p.T("field.cloud"))
	}
	if !flags.Changed("plan") && c.Plan == "" && p.Plan != "" {
		if v, err := cases.ParsePlan(p.Plan); err == nil && v != "" {
			c.Plan = v
			filled = append(filled, a.p.T("field.plan"))
		}
	}
	if len(filled) > 0 {
		a.say("ok.filled", "Fields", strings.Join(filled, a.p.T("word.sep")))
	}
	return nil
}
