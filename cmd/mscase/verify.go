package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/recovery"
	"github.com/spf13/cobra"

	"github.com/mscase/mscase/safetext"
)

func init() { addCommand("", newVerifyCmd) }

// verifyDNSOptions are the inputs of "verify dns".
type verifyDNSOptions struct {
	ref      string
	txt      string
	servers  []string
	wait     time.Duration
	interval time.Duration

	// Set by newVerifyCmd; tests replace them to stay on loopback.
	dns    *recovery.DNS
	public []recovery.Nameserver
}

func newVerifyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the proof of ownership Microsoft asked for",
		Long: `Check that the proof of ownership the Data Protection Team asked for is in
place, from outside the locked tenant, and log the result on the case.`,
		Example: `  mscase verify dns 1 --txt "MS=ms12345678"`,
		Args:    cobra.NoArgs,
	}
	opts := &verifyDNSOptions{dns: &recovery.DNS{Timeout: 3 * time.Second}, public: recovery.PublicResolvers}
	dnsCmd := &cobra.Command{
		Use:   "dns REF --txt VALUE",
		Short: "See which DNS servers already show the TXT record Microsoft asked for",
		Long: `Look up the TXT record Microsoft asked for (commonly MS=ms followed by
digits) at the case's domain, and report per DNS server whether it sees it.

By default mscase asks public resolvers (Cloudflare 1.1.1.1, Google 8.8.8.8,
Quad9 9.9.9.9) and the domain's own authoritative name servers; --server
asks only the servers given. The domain's own servers see a new record
first; resolvers may keep an older answer until its TTL runs out.

With --wait, mscase asks again every --interval until every server sees the
record or the wait is over. Each run logs one "check" entry on the case with
its result (not one per round), so the next call can say since when the
record is visible. A check is your own action, not contact with Microsoft:
it does not reset the stall clock.

Exit status: 0 when every server sees the record, 1 when some do not,
2 for a malformed value.`,
		Example: `  mscase verify dns 1 --txt "MS=ms12345678"
  mscase verify dns 2411250040001234 --txt MS=ms12345678 --wait 30m
  mscase verify dns 1 --txt MS=ms12345678 --server ns1.contoso.co.jp --server 192.0.2.53:53`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			if !cmd.Flags().Changed("txt") {
				return withHintT(usageT("refuse.txt_required"), "hint.txt_in_email")
			}
			if cmd.Flags().Changed("interval") && !cmd.Flags().Changed("wait") {
				return usageT("usage_x.interval_without_wait")
			}
			return runVerifyDNS(cmd.Context(), a, opts)
		},
	}
	f := dnsCmd.Flags()
	f.StringVar(&opts.txt, "txt", "", "the TXT value Microsoft asked for, like MS=ms12345678 (required)")
	f.StringArrayVar(&opts.servers, "server", nil, "ask only this DNS server, HOST[:PORT] (repeatable)")
	f.DurationVar(&opts.wait, "wait", 0, "keep asking until every server sees the record, up to this long (e.g. 30m)")
	f.DurationVar(&opts.interval, "interval", 10*time.Second, "time between rounds with --wait")
	cmd.AddCommand(dnsCmd)
	return cmd
}

// parseServer reads HOST[:PORT]; the port defaults to 53.
func parseServer(s string) (string, error) {
	v := strings.TrimSpace(s)
	bad := usageT("usage_x.bad_server", "Server", safetext.Quote(s))
	if v == "" {
		return "", bad
	}
	if ip := net.ParseIP(strings.Trim(v, "[]")); ip != nil {
		return net.JoinHostPort(ip.String(), "53"), nil
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		host, port = v, "53"
	}
	if host == "" || strings.ContainsAny(host, " /") {
		return "", bad
	}
	if n, err := net.LookupPort("udp", port); err != nil || n <= 0 {
		return "", bad
	}
	return net.JoinHostPort(host, port), nil
}

// serverResult is one server's row in the output.
type serverResult struct {
	Addr          string     `json:"addr"`
	Name          string     `json:"name,omitempty"`
	Authoritative bool       `json:"authoritative"`
	Visible       bool       `json:"visible"`
	Status        string     `json:"status"`
	Values        []string   `json:"values"`
	Since         *time.Time `json:"since,omitempty"` // first seen in this run
}

// verifyReport is the --json output.
type verifyReport struct {
	Case       uint64         `json:"case"`
	Domain     string         `json:"domain"`
	TXT        string         `json:"txt"`
	Visible    int            `json:"visible"`
	Servers    int            `json:"servers"`
	AllVisible bool           `json:"all_visible"`
	Since      *time.Time     `json:"since,omitempty"` // when every server first saw it
	Waited     string         `json:"waited,omitempty"`
	Results    []serverResult `json:"results"`
	Logged     *cases.Contact `json:"logged,omitempty"`
	Warnings   []string       `json:"warnings,omitempty"`
	c          *cases.Case    // the case as read before the check
	last       []recovery.TXTResult
}

func runVerifyDNS(ctx context.Context, a *app, opts *verifyDNSOptions) error {
	// Everything the user typed is checked before any query or write.
	value, warning, err := recovery.ParseTXTValue(opts.txt)
	if err != nil {
		return err
	}
	var given []recovery.Nameserver
	for _, s := range opts.servers {
		addr, err := parseServer(s)
		if err != nil {
			return err
		}
		given = append(given, recovery.Nameserver{Addr: addr})
	}
	if opts.wait < 0 {
		return usageT("usage_x.bad_wait", "Wait", opts.wait.String())
	}
	if opts.interval <= 0 {
		return usageT("usage_x.bad_interval", "Interval", opts.interval.String())
	}
	c, err := a.readCase(opts.ref)
	if err != nil {
		return err
	}
	if c.IsClosed() {
		return &cases.ClosedError{Number: c.Number}
	}
	rep := &verifyReport{Case: c.Number, Domain: c.Domain, TXT: value, Results: []serverResult{}, c: c}
	if warning != "" {
		rep.Warnings = append(rep.Warnings, warning)
		a.warn("%s", warning)
	}

	servers := given
	if len(servers) == 0 {
		servers = append(servers, opts.public...)
		auth, err := opts.dns.Authoritative(ctx, opts.public, c.Domain)
		if err != nil {
			if ctx.Err() != nil {
				cause := ctx.Err()
				return errWordsOf(cause, func(p *msg.Printer) string { return p.T("verify.err_stopped", "Err", cause) })
			}
			w := fmt.Sprintf("%v: checking the public resolvers only", err)
			rep.Warnings = append(rep.Warnings, w)
			a.warn("%s", w)
		}
		servers = append(servers, auth...)
	}
	if len(servers) == 0 {
		return errWords(func(p *msg.Printer) string { return p.T("usage_x.no_dns_servers") })
	}

	elapsed, stopped, err := pollTXT(ctx, a, opts, servers, rep)
	if err != nil {
		return err
	}
	visible, failed := recovery.CountVisible(rep.last)
	rep.Visible, rep.Servers, rep.AllVisible = visible, len(rep.last), visible == len(rep.last)
	if opts.wait > 0 {
		rep.Waited = fmtWait(elapsed)
	}
	if failed == len(rep.last) {
		// Offline, most likely: there is nothing to log.
		if err := a.printVerify(rep); err != nil {
			return err
		}
		return withHintT(errWords(func(p *msg.Printer) string {
			return p.T("usage_x.dns_unreachable", "Count", failed, "Status", rep.last[0].Status())
		}),
			"hint.dns_offline")
	}

	// Log before printing, so that an interrupted print loses nothing.
	e := cases.Contact{At: a.now.Add(elapsed), Kind: cases.KindCheck, Summary: verifySummary(a, rep, stopped)}
	if _, err := a.updateCase(fmt.Sprint(c.Number), func(c *cases.Case) error { return c.AddContact(e, a.now.Add(elapsed)) }); err != nil {
		return errWordsOf(err, func(p *msg.Printer) string {
			return p.T("verify.err_log", "Case", c.Number, "Err", errIn(p, err))
		})
	}
	e.Logged = a.now.Add(elapsed)
	rep.Logged = &e
	if err := a.printVerify(rep); err != nil {
		return err
	}
	a.say("ok.verify_logged", "Case", c.Number, "Summary", e.Summary)
	switch {
	case stopped:
		wait := fmtWait(elapsed)
		return errWordsOf(context.Canceled, func(p *msg.Printer) string {
			return p.T("verify.err_stopped_after", "Wait", wait, "Err", context.Canceled)
		})
	case !rep.AllVisible:
		hint := "hint.dns_ttl"
		if opts.wait > 0 {
			hint = "hint.dns_check_record"
		}
		return withHintT(errWords(func(p *msg.Printer) string {
			return p.T("usage_x.dns_partly", "Value", value, "Visible", visible, "Servers", len(rep.last))
		}), hint, "Value", value)
	}
	return nil
}

// pollTXT asks every server, and with --wait keeps asking until all see
// the record, the wait is over, or ctx ends. Waiting uses the real clock;
// times stamped on the case are a.now plus the real time elapsed, so a
// fixed MSCASE_NOW still gives fixed output. stopped is true when ctx
// ended the wait; rep.last then holds the last complete round.
func pollTXT(ctx context.Context, a *app, opts *verifyDNSOptions, servers []recovery.Nameserver, rep *verifyReport) (elapsed time.Duration, stopped bool, err error) {
	start := time.Now()
	since := make([]*time.Time, len(servers))
	progress := 0
	defer func() {
		if progress > 0 {
			fmt.Fprintf(a.errOut, "\r%s\r", strings.Repeat(" ", progress))
		}
	}()
	for {
		res := opts.dns.CheckTXT(ctx, servers, rep.Domain, rep.TXT)
		if ctx.Err() != nil {
			if rep.last == nil {
				cause := ctx.Err()
				return 0, true, errWordsOf(cause, func(p *msg.Printer) string { return p.T("verify.err_stopped_first", "Err", cause) })
			}
			return elapsed, true, nil
		}
		elapsed = time.Since(start)
		now := a.now.Add(elapsed)
		for i, r := range res {
			if r.Visible && since[i] == nil {
				t := now
				since[i] = &t
			}
		}
		rep.last = res
		rep.Results = rep.Results[:0]
		for i, r := range res {
			rep.Results = append(rep.Results, serverResult{Addr: r.Server.Addr, Name: strings.TrimSuffix(r.Server.Name, "."), Authoritative: r.Server.Authoritative,
				Visible: r.Visible, Status: r.Status(), Values: r.Values, Since: since[i]})
		}
		visible, _ := recovery.CountVisible(res)
		if visible == len(res) {
			rep.Since = &now
			return elapsed, false, nil
		}
		if elapsed >= opts.wait {
			return elapsed, false, nil
		}
		if a.errTTY {
			line := fmt.Sprintf("waiting for %s on %s: %d/%d servers see it (%s of %s)", rep.TXT, rep.Domain, visible, len(res), fmtWait(elapsed), fmtWait(opts.wait))
			pad := max(progress-len(line), 0)
			fmt.Fprintf(a.errOut, "\r%s%s", line, strings.Repeat(" ", pad))
			progress = len(line)
		}
		t := time.NewTimer(min(opts.interval, opts.wait-elapsed))
		select {
		case <-ctx.Done():
			t.Stop()
			return elapsed, true, nil
		case <-t.C:
		}
	}
}

// verifySummary is the contact-log line: "DNS TXT MS=ms12345678 at
// contoso.co.jp visible on 3/3 servers (since 10:42)".
// It is the admin's own record, so it is in the language they read.
func verifySummary(a *app, rep *verifyReport, stopped bool) string {
	p := a.p
	var s string
	txt, domain := rep.TXT, cases.DisplayDomain(rep.Domain)
	switch {
	case rep.AllVisible:
		s = p.T("verify.all_visible", "TXT", txt, "Domain", domain, "Visible", rep.Visible, "Servers", rep.Servers, "Since", clock(a, *rep.Since))
	case rep.Visible == 0:
		s = p.T("verify.none_visible", "TXT", txt, "Domain", domain, "Servers", rep.Servers)
	default:
		var missing []string
		for _, r := range rep.last {
			if !r.Visible {
				missing = append(missing, r.Server.Label())
			}
		}
		s = p.T("verify.some_visible", "TXT", txt, "Domain", domain, "Visible", rep.Visible, "Servers", rep.Servers, "Missing", strings.Join(missing, ", "))
	}
	switch {
	case stopped:
		s += p.T("verify.stopped_after", "Wait", rep.Waited)
	case !rep.AllVisible && rep.Waited != "":
		s += p.T("verify.after_waiting", "Wait", rep.Waited)
	}
	return s
}

// clock shows t as 15:04, with the date when it is not a.now's day.
func clock(a *app, t time.Time) string {
	t, now := t.In(a.loc), a.now.In(a.loc)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return t.Format("2 Jan 15:04")
}

// fmtWait writes a wait compactly: "250ms", "45s", "12m", "1h30m".
func fmtWait(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(time.Second).String()
	}
	s := strings.TrimSuffix(d.Round(time.Minute).String(), "0s") // "1h30m", "1h0m", "12m"
	if h, ok := strings.CutSuffix(s, "h0m"); ok {
		return h + "h"
	}
	return s
}

// printVerify writes the per-server report: a table on a terminal,
// tab-separated rows when piped (address, name, kind, status, values
// joined by " | "), or JSON.
func (a *app) printVerify(rep *verifyReport) error {
	if a.jsonOut {
		return a.writeJSON(rep)
	}
	rows := make([][]string, 0, len(rep.Results))
	for _, r := range rep.Results {
		kind := "resolver"
		if r.Authoritative {
			kind = "authoritative"
		}
		seen := strings.Join(r.Values, " | ")
		if a.isTTY {
			if seen == "" {
				seen = "-"
			}
			status := r.Status
			if id := "dnsstatus." + strings.ReplaceAll(r.Status, " ", "_"); msg.Has(a.lang, id) {
				status = a.p.T(id)
			}
			if r.Since != nil {
				status += a.p.T("dnsstatus.since", "Time", clock(a, *r.Since))
			}
			rows = append(rows, []string{r.Addr, r.Name, a.p.T("dnskind." + kind), status, seen})
			continue
		}
		rows = append(rows, []string{r.Addr, r.Name, kind, r.Status, seen})
	}
	return a.printTable([]string{"SERVER", "NAME", "KIND", "STATUS", "TXT VALUES SEEN"}, rows, func(row, col int) lipgloss.Style {
		if col != 3 || row < 0 || row >= len(rep.Results) {
			return a.st.r.NewStyle()
		}
		if rep.Results[row].Visible {
			return a.st.Good
		}
		return a.st.Warn
	})
}
