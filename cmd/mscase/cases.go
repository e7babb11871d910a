package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/recovery"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() { addCommand("", newCasesCmd) }

func newCasesCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "cases",
		Short: "Record and follow lockout cases: TrackingID, stage, every call and email",
		Long: `Record and follow lockout cases.

A case is one lockout: the TrackingID Microsoft support gave you, the tenant,
its domain, the locked admin account, the Data Protection Team stage, and a
log of every call and email. REF in the commands below is the case number
or its TrackingID.

Stages, in order:
` + stageTable(),
		Example: `  mscase cases new --domain contoso.co.jp --admin admin@contoso.co.jp --tracking-id 2411250040001234 --country JP
  mscase cases log 1 --channel phone --summary "escalated to Data Protection Team" --callback-by "2026-11-26 18:00"
  mscase cases stage 1 dpt-review
  mscase cases list
  mscase cases show 1`,
	}
}

func stageTable() string {
	var b strings.Builder
	for _, s := range cases.Stages {
		fmt.Fprintf(&b, "  %-14s %s\n", s, s.About())
	}
	return b.String()
}

// caseFields are the flags shared by `cases new` and `cases edit`.
type caseFields struct {
	trackingID, tenantID, domain, admin, phone, country, region, lang, severity, title, plan, customer string
	allowMixedScript                                                                                   bool
}

func (f *caseFields) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.trackingID, "tracking-id", "", "Microsoft's service request number, e.g. 2411250040001234")
	fs.StringVar(&f.tenantID, "tenant-id", "", "tenant ID (a GUID)")
	fs.StringVar(&f.domain, "domain", "", "the tenant's domain, e.g. contoso.co.jp or contoso.onmicrosoft.com")
	fs.StringVar(&f.admin, "admin", "", "the locked admin account (UPN), e.g. admin@contoso.co.jp")
	fs.StringVar(&f.phone, "phone", "", "your callback number, ideally the one on the tenant's admin profile")
	fs.StringVar(&f.country, "country", "", "ISO 3166 code of the country you call from, e.g. JP")
	fs.StringVar(&f.region, "region", "", "state or province whose public holidays count too, where they differ by region (AU NSW, DE BY, US CA); \"mscase calendar show CC\" lists them")
	fs.StringVar(&f.lang, "lang", "", "the case's language `L` (ja, en, de, ...): of its nudges, its brief and the support lines suggested for it; what this command prints follows MSCASE_LANG or LANG")
	fs.StringVar(&f.severity, "severity", "", "severity Microsoft gave the request: A, B or C")
	fs.StringVar(&f.title, "title", "", fmt.Sprintf("a short title (one line, at most %d characters)", cases.MaxTitle))
	fs.BoolVar(&f.allowMixedScript, "allow-mixed-script", false, "accept a domain whose labels mix Latin, Greek or Cyrillic letters (refused by default: the look-alike trick)")
	fs.StringVar(&f.customer, "customer", "", fmt.Sprintf("the client the case is for, by `name`, when you track lockouts for several organisations (one line, at most %d characters); \"\" clears it", cases.MaxCustomer))
	fs.StringVar(&f.plan, "plan", "", "the tenant's plan where the support page splits numbers by plan: enterprise (Office 365 Enterprise) or other (Other Plans); \"\" clears it")
}

// apply validates the flags that were set and writes them into c. Nothing is
// applied unless every set flag is valid.
func (f *caseFields) apply(fs *pflag.FlagSet, c *cases.Case) error {
	next := *c
	set := func(name string) bool { return fs.Changed(name) }
	var err error
	if set("tracking-id") {
		if strings.TrimSpace(f.trackingID) == "" {
			next.TrackingID = ""
		} else if next.TrackingID, err = cases.ParseTrackingID(f.trackingID); err != nil {
			return err
		}
	}
	if set("tenant-id") {
		if strings.TrimSpace(f.tenantID) == "" {
			next.TenantID = ""
		} else if next.TenantID, err = cases.ParseTenantID(f.tenantID); err != nil {
			return err
		}
	}
	if set("domain") {
		if next.Domain, err = parseTypedDomain(f.domain, f.allowMixedScript); err != nil {
			return err
		}
	}
	if set("admin") {
		if next.Admin, err = parseTypedUPN(f.admin, f.allowMixedScript); err != nil {
			return err
		}
	}
	if set("phone") {
		if strings.TrimSpace(f.phone) == "" {
			next.Phone = ""
		} else if next.Phone, err = cases.ParsePhone(f.phone); err != nil {
			return err
		}
	}
	if set("country") {
		if next.Country, err = cases.ParseCountry(f.country); err != nil {
			return err
		}
	}
	if set("region") {
		next.Region = f.region
	}
	if next.Region != "" && (set("region") || set("country")) {
		if next.Region, err = parseRegion(next.Country, next.Region); err != nil {
			return err
		}
	}
	if set("lang") {
		if next.Lang, err = cases.ParseLang(f.lang); err != nil {
			return err
		}
	}
	if set("severity") {
		if next.Severity, err = cases.ParseSeverity(f.severity); err != nil {
			return err
		}
	}
	if set("plan") {
		if next.Plan, err = cases.ParsePlan(f.plan); err != nil {
			return err
		}
	}
	if set("title") {
		if err := cases.CheckTyped("--title", f.title, cases.MaxTitle, false); err != nil {
			return err
		}
		next.Title = strings.Join(strings.Fields(f.title), " ")
	}
	if set("customer") {
		if next.Customer, err = parseCustomer("--customer", f.customer); err != nil {
			return err
		}
	}
	*c = next
	return nil
}

// parseCustomer reads a customer name the user typed: one line of plain
// text, its spaces collapsed, so that "Contoso  Ltd" and "Contoso Ltd"
// are one customer.
func parseCustomer(flag, v string) (string, error) {
	if err := cases.CheckTyped(flag, v, cases.MaxCustomer, false); err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(v), " "), nil
}

// parseTypedDomain reads a domain the user typed: a label that mixes
// Latin, Greek or Cyrillic letters is refused unless allowMixed.
func parseTypedDomain(s string, allowMixed bool) (string, error) {
	d, err := cases.ParseDomain(s)
	if err != nil {
		return "", err
	}
	if !allowMixed {
		if err := cases.CheckScripts(d); err != nil {
			return "", withHintT(err, "hint.mixed_script")
		}
	}
	return d, nil
}

// parseTypedUPN reads an admin account the user typed, with its domain
// checked as parseTypedDomain does.
func parseTypedUPN(s string, allowMixed bool) (string, error) {
	u, err := cases.ParseUPN(s)
	if err != nil {
		return "", err
	}
	if _, err := parseTypedDomain(u[strings.LastIndexByte(u, '@')+1:], allowMixed); err != nil {
		return "", err
	}
	return u, nil
}

// lookupFailed is a tenant lookup that got no usable answer: offline, a
// refused redirect, a page that is not the metadata. cases new records the
// case anyway; the other callers report it as the error it wraps.
type lookupFailed struct{ err error }

func (e *lookupFailed) Error() string { return e.err.Error() }
func (e *lookupFailed) Unwrap() error { return e.err }

// discoverTenant looks up the tenant ID of domain over Microsoft's public
// endpoints and sets it on c. A tenant ID the user gave that differs is kept
// and a warning names both: discovery never overwrites silently.
func discoverTenant(ctx context.Context, a *app, c *cases.Case) error {
	base, err := a.loginURL()
	if err != nil {
		return err
	}
	t, err := recovery.DiscoverTenant(ctx, &http.Client{Timeout: loginTimeout}, base, c.Domain)
	if err != nil {
		var nm *recovery.NotM365Error
		if errors.As(err, &nm) || errors.Is(err, context.Canceled) {
			return tenantError(err, c.Domain)
		}
		return &lookupFailed{err: tenantError(err, c.Domain)}
	}
	id := t.TenantID
	if recovery.SovereignCloud(t.CloudInstance) != recovery.SovereignNone && len(t.CloudInstance) <= 64 && !safetext.HasControl(t.CloudInstance) {
		c.Cloud = t.CloudInstance
		for _, l := range sovereignNote(a.p, t.CloudInstance) {
			a.confirm("mscase: warning: %s", l)
		}
	}
	switch {
	case c.TenantID == "":
		c.TenantID = id
		a.say("ok.discovered", "TenantID", id, "Domain", cases.DisplayDomain(c.Domain))
	case c.TenantID != id:
		a.say("ok.tenant_differs", "Domain", cases.DisplayDomain(c.Domain), "Found", id, "Has", c.TenantID)
	}
	return nil
}

// registerCaseCompletions completes the case-field flags that take a fixed
// set of values: --plan, --severity, --country and --lang.
func registerCaseCompletions(cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("plan", cobra.FixedCompletions([]string{"enterprise\tOffice 365 Enterprise", "other\tOther Plans"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("severity", cobra.FixedCompletions([]string{"A", "B", "C"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("country", completeCountries)
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "ja", "de", "fr", "es", "it", "pt", "zh", "ko", "nl"}, cobra.ShellCompDirectiveNoFileComp))
}

// completeRefs offers case numbers and TrackingIDs for shell completion.
func completeRefs(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		_ = a.withStore(true, func(s store) error {
			if s == nil {
				return nil
			}
			return s.EachSummary(func(sum *cases.Summary) error {
				desc := cases.DisplayDomain(sum.Domain) + " (" + string(sum.Stage) + ")"
				out = append(out, strconv.FormatUint(sum.Number, 10)+"\t"+desc)
				if sum.TrackingID != "" {
					out = append(out, sum.TrackingID+"\tcase "+strconv.FormatUint(sum.Number, 10)+" "+desc)
				}
				return nil
			})
		})
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeStages offers stage names.
func completeStages(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, s := range cases.Stages {
		out = append(out, string(s)+"\t"+s.About())
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// updateCase opens the store for writing and applies fn to the case REF.
// A malformed REF, or a database that does not exist yet, is reported
// without creating anything.
//
// What fn adds to the case (log entries, stage changes, corrections) is
// signed with a.who.
func (a *app) updateCase(ref string, fn func(c *cases.Case) error) (*cases.Case, error) {
	w, err := a.who()
	if err != nil {
		return nil, err
	}
	s, err := a.openExisting(ref)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Update(ref, signed(w, fn))
}

// openExisting opens the store for writing to change the case REF: REF is
// checked first, and a missing database means no such case (it is not
// created).
func (a *app) openExisting(ref string) (store, error) {
	if err := cases.CheckRef(ref); err != nil {
		return nil, err
	}
	if a.dbPath != "" && !a.shared() {
		if _, err := os.Stat(a.dbPath); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("case %s: %w (the database %s does not exist yet)", strings.TrimSpace(ref), cases.ErrNotFound, a.dbPath)
		}
	}
	return a.openStore(false)
}

// readCase reads the case REF from a read-only store.
func (a *app) readCase(ref string) (*cases.Case, error) {
	var c *cases.Case
	err := a.withStore(true, func(s store) error {
		if s == nil {
			return fmt.Errorf("case %s: %w (the database %s does not exist yet)", strings.TrimSpace(ref), cases.ErrNotFound, a.dbPath)
		}
		var err error
		c, err = s.Get(ref)
		return err
	})
	return c, err
}
