package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mscase/mscase/recovery"
	"github.com/spf13/cobra"

	"github.com/mscase/mscase/safetext"
)

func init() { addCommand("", newTenantCmd) }

// loginTimeout bounds each request to Microsoft's login service: long
// enough for a slow hotel network, short enough that offline is said fast.
const loginTimeout = 5 * time.Second

// tenantLookupOptions are the inputs of "tenant lookup".
type tenantLookupOptions struct {
	domain string
}

func newTenantCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tenant",
		Short: "Find a tenant's ID and sign-in type without signing in",
		Long: `Find out about a Microsoft 365 tenant from Microsoft's public endpoints,
which need no sign-in: useful when the only admin is locked out and the
tenant ID is written down nowhere.`,
		Example: "  mscase tenant lookup contoso.co.jp",
		Args:    cobra.NoArgs,
	}
	opts := &tenantLookupOptions{}
	lookup := &cobra.Command{
		Use:   "lookup DOMAIN",
		Short: "Show the tenant ID, namespace type and cloud of a domain",
		Long: `Show the tenant ID of the Microsoft 365 tenant that holds DOMAIN, from
Microsoft's public OpenID configuration
(https://login.microsoftonline.com/DOMAIN/v2.0/.well-known/openid-configuration),
and whether sign-in is Managed (passwords in Entra ID) or Federated (at the
organisation's own identity provider), from the public user-realm endpoint.
Nothing here needs a sign-in, and nothing is written.

Environment:
  MSCASE_LOGIN_URL  the login service to ask (default ` + recovery.DefaultLoginURL + `)`,
		Example: `  mscase tenant lookup contoso.co.jp
  mscase tenant lookup contoso.onmicrosoft.com --json
  mscase tenant lookup microsoft.com`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.domain = args[0]
			return runTenantLookup(cmd.Context(), a, opts)
		},
	}
	cmd.AddCommand(lookup)
	return cmd
}

func runTenantLookup(ctx context.Context, a *app, opts *tenantLookupOptions) error {
	base, err := a.loginURL()
	if err != nil {
		return err
	}
	t, err := recovery.LookupTenant(ctx, &http.Client{Timeout: loginTimeout}, base, opts.domain)
	if err != nil {
		return tenantError(err, opts.domain)
	}
	for _, l := range sovereignNote(a.p, t.CloudInstance) {
		fmt.Fprintf(a.errOut, "mscase: warning: %s\n", l)
	}
	if a.jsonOut {
		return a.writeJSON(t)
	}
	ns := t.NameSpaceType
	switch ns {
	case "Managed", "Federated":
		ns = a.p.T("tenant.ns_" + strings.ToLower(ns))
	}
	cloud := t.CloudInstance
	if t.RegionScope != "" {
		cloud += a.p.T("tenant.region", "Region", t.RegionScope)
	}
	rows := [][]string{
		{"domain", t.Domain},
		{"tenant_id", t.TenantID},
		{"namespace", t.NameSpaceType},
		{"organisation", t.BrandName},
		{"cloud", t.CloudInstance},
		{"region", t.RegionScope},
	}
	if t.FederationAuth != "" {
		rows = append(rows, []string{"federation_url", t.FederationAuth})
	}
	if !a.isTTY {
		return a.printTable([]string{"FIELD", "VALUE"}, rows, nil)
	}
	var label []string
	for _, id := range []string{"domain", "tenant_id", "namespace", "organisation", "cloud"} {
		label = append(label, a.p.T("tenant.label."+id))
	}
	// The values are Microsoft's answer over the network: shown escaped.
	line := safetext.Line
	vals := []string{line(t.Domain), a.st.Bold.Render(line(t.TenantID)), line(ns), line(t.BrandName), line(cloud)}
	if t.FederationAuth != "" {
		label = append(label, a.p.T("tenant.label.federation"))
		vals = append(vals, line(t.FederationAuth))
	}
	var rows2 [][]string
	for i, l := range label {
		if vals[i] != "" {
			rows2 = append(rows2, []string{l, vals[i]})
		}
	}
	var b strings.Builder
	if a.p.JA() {
		// Aligned by display width: the labels are double width.
		writeAlignedRows(&b, rows2)
	} else {
		for _, r := range rows2 {
			fmt.Fprintf(&b, "%-13s %s\n", r[0], r[1])
		}
	}
	if _, err := fmt.Fprint(a.out, b.String()); err != nil {
		return err
	}
	a.hint("%s", a.p.T("tenant.write_down"))
	return nil
}

// loginURL is Microsoft's login service, or MSCASE_LOGIN_URL.
func (a *app) loginURL() (string, error) {
	v := strings.TrimSpace(a.getenv("MSCASE_LOGIN_URL"))
	if v == "" {
		return recovery.DefaultLoginURL, nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usageT("usage_x.login_url", "Value", safetext.Quote(v), "Example", recovery.DefaultLoginURL)
	}
	return v, nil
}

// tenantError adds the hint a user needs to the errors of a tenant lookup:
// a domain Microsoft does not know is bad input (exit 2), being offline is
// a failure (exit 1).
func tenantError(err error, domain string) error {
	var nm *recovery.NotM365Error
	var ne *recovery.NetError
	switch {
	case errors.As(err, &nm):
		return withHintT(usageT("tenant_x.not_m365", "Domain", nm.Domain), "tenant_x.not_m365_hint", "Domain", nm.Domain)
	case errors.As(err, &ne) && errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &ne):
		url := recovery.DefaultLoginURL + "/" + strings.TrimSpace(domain) + "/v2.0/.well-known/openid-configuration"
		return withHintT(err, "tenant_x.offline_hint", "URL", url)
	}
	return err
}
