package reminders

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
)

// exchangeOnlineHosts are the SMTP hosts of Exchange Online and
// Outlook.com (a host matches itself and its subdomains). Mail through
// them from an account in a locked tenant does not go out.
var exchangeOnlineHosts = []string{
	"smtp.office365.com",
	"office365.com",
	"office365.us",
	"outlook.com",
	"outlook.office.com",
	"protection.outlook.com",
	"partner.outlook.cn",
}

// teamsWebhookHosts are the hosts of Teams webhooks: the retired Office
// 365 connectors and the Power Automate workflows that replaced them. All
// run inside a Microsoft 365 tenant.
var teamsWebhookHosts = []string{
	"webhook.office.com",
	"logic.azure.com",
	"powerautomate.com",
	"environment.api.powerplatform.com",
}

// Guard warns about channels that depend on a locked tenant, so the nudge
// could not reach the admin while their Microsoft 365 is locked:
// an email recipient, sender, SMTP user or SMTP host in a locked domain
// (or a subdomain of it), an Exchange Online SMTP host
// (smtp.office365.com, *.outlook.com, *.protection.outlook.com), and a
// Teams webhook (format teams, or a URL on *.webhook.office.com,
// *.logic.azure.com, *.powerautomate.com,
// *.environment.api.powerplatform.com). lockedDomains are the domains of
// the open cases; with none, nothing is locked and Guard returns nil. A
// webhook URL held in an environment variable is only checked if the
// caller copies it into URL first (Masked keeps the host, which is enough).
// Each warning is one lower-case line that names the channel.
func Guard(chans []ChannelConfig, lockedDomains []string) []string {
	var locked []string
	for _, d := range lockedDomains {
		d = normHost(d)
		if d != "" {
			locked = append(locked, d)
		}
	}
	if len(locked) == 0 {
		return nil
	}
	lockedList := strings.Join(locked, ", ")
	var warns []string
	add := func(format string, args ...any) {
		w := fmt.Sprintf(format, args...)
		for _, x := range warns {
			if x == w {
				return
			}
		}
		warns = append(warns, w)
	}
	for _, c := range chans {
		name := nameOr(c)
		switch strings.ToLower(c.Type) {
		case TypeEmail:
			for _, to := range c.To {
				if d := inDomains(addrDomain(to), locked); d != "" {
					add("channel %s: recipient %s is in %s, a locked tenant: mail to it may not arrive while Microsoft 365 is locked; add an address outside the tenant", name, addrOnly(to), d)
				}
			}
			if d := inDomains(addrDomain(c.From), locked); d != "" {
				add("channel %s: sender %s is in %s, a locked tenant: its mailbox may not send while Microsoft 365 is locked; send from an account outside the tenant", name, addrOnly(c.From), d)
			}
			if d := inDomains(addrDomain(c.Username), locked); d != "" {
				add("channel %s: smtp username %s is in %s, a locked tenant: it cannot sign in while Microsoft 365 is locked; use an account outside the tenant", name, c.Username, d)
			}
			host := normHost(c.SMTPHost)
			if d := inDomains(host, locked); d != "" {
				add("channel %s: smtp host %s is in %s, a locked tenant; send through a mail server outside it", name, host, d)
			} else if inDomains(host, exchangeOnlineHosts) != "" {
				add("channel %s: smtp host %s is Exchange Online: if its account is in a locked tenant (%s) nothing will be sent; use a mail server outside Microsoft 365", name, host, lockedList)
			}
		case TypeWebhook:
			host := ""
			if u, err := url.Parse(c.URL); err == nil {
				host = normHost(u.Hostname())
			}
			if strings.EqualFold(c.Format, FormatTeams) || inDomains(host, teamsWebhookHosts) != "" {
				add("channel %s: a Teams webhook runs inside a Microsoft 365 tenant: if that is a locked one (%s) the nudge is lost; add a channel outside Microsoft 365 (ntfy, Slack, Discord, email elsewhere)", name, lockedList)
			} else if d := inDomains(host, locked); d != "" {
				add("channel %s: the webhook host %s is in %s, a locked tenant; make sure it does not depend on that tenant", name, host, d)
			}
		}
	}
	return warns
}

// inDomains returns the domain in list that host equals or is a subdomain
// of, or "".
func inDomains(host string, list []string) string {
	if host == "" {
		return ""
	}
	for _, d := range list {
		if host == d || strings.HasSuffix(host, "."+d) {
			return d
		}
	}
	return ""
}

// normHost lower-cases a host or domain and drops a trailing dot.
func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}

// addrOnly is the bare address of "Name <a@b>", or s as given.
func addrOnly(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return strings.TrimSpace(s)
}

// addrDomain is the domain of a mail address, or "".
func addrDomain(s string) string {
	a := addrOnly(s)
	i := strings.LastIndexByte(a, '@')
	if i < 0 {
		return ""
	}
	return normHost(a[i+1:])
}
