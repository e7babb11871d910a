package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/recovery"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

// planHelp says what the support page's two plan headings mean and how to
// tell which one a tenant is on, with sources, for every --help that takes
// --plan.
const planHelp = `Plans: some countries' support pages (Japan) list separate numbers under
two headings, "Office 365 Enterprise" and "Other Plans"
[MicrosoftDocs/microsoft-365-docs microsoft-365/admin/support-contact-info.md].
The page does not define them. Read as written, a subscription named Office
365 E1, E3 or E5 is "Office 365 Enterprise" (--plan enterprise); any other
plan, such as Microsoft 365 Business Basic, Standard or Premium, the usual
small-company plans, is "Other Plans" (--plan other). Whether Microsoft 365
E3/E5 count as Office 365 Enterprise is not documented: unconfirmed.
To tell which you have: the subscription's name is on the admin center's
Billing > Your products page (needs a sign-in, so ask another admin or
the billing contact) and on Microsoft's invoices
[microsoft-365/commerce/billing-and-payments/view-your-bill-or-invoice.md].
Without a plan mscase ranks both lines. The default for new cases is
"plan" in the configuration file.`

// countryHasPlans reports whether the support page lists numbers per plan
// for country.
func countryHasPlans(a *app, country string) bool {
	if country == "" {
		return false
	}
	d, _, err := contacts.Load(data.FS, a.overridePath())
	if err != nil {
		return false
	}
	entries, err := d.Lookup(country)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if len(e.Plans()) > 0 {
			return true
		}
	}
	return false
}

// askPlan asks on a terminal which plan the tenant is on; Enter keeps def
// (from the configuration), "?" means not known.
func askPlan(a *app, country, def string) (string, error) {
	name := country
	if a.p.JA() {
		name = countryName(a.p, country)
	}
	fmt.Fprintln(a.errOut, a.p.T("plan_x.separate", "Country", name))
	fmt.Fprintln(a.errOut, a.p.T("plan_x.which"))
	shown := def
	if shown == "" {
		shown = a.p.T("plan_x.not_known")
	}
	fmt.Fprint(a.errOut, a.p.T("plan_x.prompt", "Default", shown))
	line, _ := bufio.NewReader(a.in).ReadString('\n')
	if !strings.HasSuffix(line, "\n") {
		fmt.Fprintln(a.errOut)
	}
	v := strings.TrimSpace(line)
	switch v {
	case "":
		return def, nil
	case "?":
		return "", nil
	}
	return cases.ParsePlan(v)
}

// completeCountries offers the ISO codes of the bundled support directory,
// with the country's name as the description.
func completeCountries(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	d, _, err := contacts.Load(data.FS, "")
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range d.Entries {
		if e.ISO2 == "" || seen[e.ISO2] || !strings.HasPrefix(e.ISO2, strings.ToUpper(toComplete)) {
			continue
		}
		seen[e.ISO2] = true
		out = append(out, e.ISO2+"\t"+e.Country)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// sovereignNote says, for a tenant in a government or China cloud, that
// the global numbers may not serve it and where its support lives, with
// the sources; nil for the worldwide cloud.
func sovereignNote(p *msg.Printer, instance string) []string {
	switch recovery.SovereignCloud(instance) {
	case recovery.SovereignUSGov:
		return []string{
			p.T("warn.usgov", "Instance", safetext.Line(instance)),
			p.T("warn.usgov_support"),
		}
	case recovery.SovereignChina:
		return []string{
			p.T("warn.china", "Instance", safetext.Line(instance)),
			p.T("warn.china_support"),
		}
	}
	return nil
}
