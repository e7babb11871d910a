package main

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/prepare"
	"github.com/spf13/cobra"
)

func init() { addCommand("prepare", newPrepareCardCmd) }

type prepareCardOptions struct {
	lang           string
	markdown, html bool
}

func newPrepareCardCmd(a *app) *cobra.Command {
	opts := &prepareCardOptions{}
	cmd := &cobra.Command{
		Use:   "card [--lang en|ja] [--markdown | --html]",
		Short: "Print a one-page emergency card to keep offline",
		Long: `Print one page to print and keep offline, for the day the admin is locked
out: the tenant ID and domains, the support numbers for the profile's
country and plan with their hours, what to say on the call, what the Data
Protection Team may ask for, blank fields for the TrackingID, the
emergency-access accounts and where their credentials are kept, and the
date the card was made. With a second admin in the profile it adds the
Graph PowerShell commands that admin runs to reset you; for a federated
domain, the path an on-premises admin may still have.

--html writes one self-contained HTML file (no external resources) sized
for one A4 page; print it from a browser.`,
		Example: `  mscase prepare card
  mscase prepare card --lang ja --html > card.html
  mscase prepare card --markdown > card.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.markdown && opts.html {
				return usageT("usage_x.card_two_outputs")
			}
			return runPrepareCard(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.lang, "lang", "", "language of the card: en or ja (default: the profile's)")
	cmd.Flags().BoolVar(&opts.markdown, "markdown", false, "write Markdown")
	cmd.Flags().BoolVar(&opts.html, "html", false, "write one self-contained HTML page (A4)")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "ja"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// card is the content of the emergency card, rendered as text, Markdown or
// HTML. Every string in it is already neutralised for display; HTML
// escaping is html/template's.
type card struct {
	Lang, Title, Made string
	Sections          []cardSection
	Sources           []string
}

type cardSection struct {
	Head  string
	Facts [][2]string // label, value
	Lines []string
	Code  []string // PowerShell commands, one per entry
	Blank []string // labels of fields to fill in by hand
}

func runPrepareCard(_ context.Context, a *app, opts *prepareCardOptions) error {
	if _, err := prepareLang(opts.lang, ""); err != nil {
		return err
	}
	p, err := a.needProfile()
	if err != nil {
		return err
	}
	lang, _ := prepareLang(opts.lang, p.Lang)
	c := a.buildCard(p, lang)
	switch {
	case opts.html:
		return c.html(a.out)
	case opts.markdown:
		return c.markdown(a.out)
	}
	return c.text(a.out)
}

func (a *app) buildCard(p *prepare.Profile, lang string) *card {
	w, bw, pw := cardWordsFor(lang), briefWords(lang), prepareWordsFor(lang)
	pr, ja := msg.For(lang), lang == msg.Japanese
	domain := cases.DisplayDomain(p.Domain)
	c := &card{Lang: lang, Title: w.title + ": " + domain, Made: w.made + " " + a.now.In(a.loc).Format("2006-01-02")}

	var doms []string
	for _, d := range p.AllDomains() {
		doms = append(doms, cases.DisplayDomain(d))
	}
	signIn := w.managed
	if p.Federated() {
		signIn = w.federated
	}
	tenant := cardSection{Head: w.tenant, Facts: [][2]string{
		{w.tenantID, p.TenantID},
		{w.domains, strings.Join(doms, ", ")},
	}}
	if p.Brand != "" {
		tenant.Facts = append(tenant.Facts, [2]string{w.org, shown(p.Brand)})
	}
	tenant.Facts = append(tenant.Facts, [2]string{w.signIn, signIn})
	if p.Cloud != "" {
		tenant.Facts = append(tenant.Facts, [2]string{w.cloud, strings.TrimSpace(shown(p.Cloud + " " + p.Region))})
	}
	c.Sections = append(c.Sections, tenant)

	// Who to call, from the support directory.
	call := cardSection{Head: w.call}
	if p.Country == "" {
		call.Lines = append(call.Lines, w.noCountry)
	} else if d, _, err := contacts.Load(data.FS, a.overridePath()); err == nil {
		entries, _ := d.Lookup(p.Country)
		for _, e := range entries {
			for _, n := range e.Numbers {
				if p.Plan != "" && n.Plan != "" && n.Plan != p.Plan {
					continue
				}
				line := shown(e.Name()) + ": " + shown(n.Raw)
				if ja {
					line = entryName(pr, e) + ": " + shown(n.Raw)
				}
				switch {
				case n.Note != "" && ja:
					line += " " + pageNote(pr, shown(n.Note))
				case n.Note != "":
					line += " " + shown(n.Note)
				case n.Plan != "":
					line += " (" + w.plan + ": " + contacts.PlanLabel(n.Plan) + ")"
				}
				call.Lines = appendNew(call.Lines, line)
			}
			for _, h := range e.Hours {
				if h.Online || (p.Plan != "" && h.Plan != "" && h.Plan != p.Plan) {
					continue
				}
				if ja {
					// The schedule in Japanese; the page's own line where
					// mscase keeps it as text (hoursJA quotes it).
					lang := pr.T("contactsx.show.no_language")
					if h.Language != "" {
						lang = languageName(pr, firstOf(h.Langs...), h.Language)
					}
					call.Lines = appendNew(call.Lines, w.hours+": "+lang+" "+hoursJA(pr, h))
					continue
				}
				call.Lines = appendNew(call.Lines, w.hours+": "+shown(h.Raw))
			}
			if e.NoPhone() {
				call.Lines = append(call.Lines, w.noPhone)
			}
			if e.DialInstructions != "" && ja {
				call.Lines = append(call.Lines, pr.T("contactsx.show.dial", "Text", pageNote(pr, shown(e.DialInstructions))))
			} else if e.DialInstructions != "" {
				call.Lines = append(call.Lines, shown(e.DialInstructions))
			}
		}
		c.Sources = append(c.Sources, fmt.Sprintf("%s %s @ %.12s (%s)", d.Source.Repo, d.Source.Path, d.Source.Commit, d.Source.Retrieved))
	}
	call.Lines = append(call.Lines, w.askFor+": "+bw.dpt)
	c.Sections = append(c.Sections, call)

	who := fmt.Sprintf(bw.tenantFmt, p.TenantID, domain)
	say := fmt.Sprintf(bw.sayNoID, who)
	if lang == "ja" {
		say = "「" + say + "」"
	} else {
		say = "\"" + say + "\""
	}
	c.Sections = append(c.Sections, cardSection{Head: w.say, Lines: []string{say}},
		cardSection{Head: w.dptAsks, Lines: []string{w.dptItems}},
		cardSection{Head: w.pin, Lines: []string{pick(lang == "ja", contacts.PINWarning, msg.For(lang).T("brief.pin_warning"))}},
		cardSection{Head: w.trackingID, Blank: []string{w.trackingID, w.callAt, w.agent}},
	)
	dpt := prepare.SrcDPT
	if ja {
		dpt = prepare.SrcDPTRef + pr.T("card_x.unconfirmed")
	}
	c.Sources = append(c.Sources, prepare.SrcSupportPhones, dpt)

	bg := cardSection{Head: w.breakGlass}
	if len(p.BreakGlass) == 0 {
		bg.Lines = append(bg.Lines, w.noBreakGlass)
	}
	for _, u := range p.BreakGlass {
		bg.Lines = append(bg.Lines, u)
	}
	if p.CredentialsAt != "" {
		bg.Facts = append(bg.Facts, [2]string{w.keptAt, shown(p.CredentialsAt)})
	} else {
		bg.Blank = append(bg.Blank, w.keptAt)
	}
	c.Sections = append(c.Sections, bg)
	c.Sources = append(c.Sources, prepare.SrcEmergencyAccess)

	if len(p.Admins) >= 2 {
		s := cardSection{Head: w.otherAdmin, Lines: []string{fmt.Sprintf(w.otherAdminIntro, strings.Join(p.Admins, ", "))}}
		for _, cmd := range prepare.Reset(p.TenantID, w.lockedUPN) {
			s.Code = append(s.Code, "# "+pw.step[string(cmd.ID)])
			s.Code = append(s.Code, strings.Split(cmd.Graph, "\n")...)
			c.Sources = appendNew(c.Sources, cmd.Sources...)
		}
		c.Sections = append(c.Sections, s)
	}
	if p.Federated() {
		var b strings.Builder
		fmt.Fprintf(&b, pw.federatedBody, domain, shown(firstOf(p.FederationURL, "AD FS")))
		c.Sections = append(c.Sections, cardSection{Head: pw.federatedHead, Lines: []string{b.String()}})
		c.Sources = appendNew(c.Sources, prepare.SrcFederation)
	}
	c.Sections = append(c.Sections, cardSection{Lines: []string{w.checks}})
	return c
}

// appendNew appends the values not yet in list.
func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		found := false
		for _, l := range list {
			if l == v {
				found = true
				break
			}
		}
		if !found {
			list = append(list, v)
		}
	}
	return list
}

const blankLine = "______________________________"

func (c *card) text(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", c.Title, c.Made)
	for _, s := range c.Sections {
		b.WriteString("\n")
		if s.Head != "" {
			b.WriteString(s.Head + "\n")
		}
		for _, f := range s.Facts {
			fmt.Fprintf(&b, "  %s: %s\n", f[0], f[1])
		}
		for _, l := range s.Lines {
			b.WriteString("  " + l + "\n")
		}
		for _, l := range s.Code {
			b.WriteString("    " + l + "\n")
		}
		for _, l := range s.Blank {
			fmt.Fprintf(&b, "  %s: %s\n", l, blankLine)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", cardWordsFor(c.Lang).source+": "+strings.Join(c.Sources, "; "))
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *card) markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n_%s_\n", mdEscape(c.Title), c.Made)
	for _, s := range c.Sections {
		b.WriteString("\n")
		if s.Head != "" {
			fmt.Fprintf(&b, "## %s\n\n", mdEscape(s.Head))
		}
		for _, f := range s.Facts {
			fmt.Fprintf(&b, "- **%s**: %s\n", mdEscape(f[0]), mdEscape(f[1]))
		}
		for _, l := range s.Lines {
			fmt.Fprintf(&b, "- %s\n", mdEscape(l))
		}
		if len(s.Code) > 0 {
			fmt.Fprintf(&b, "\n```powershell\n%s\n```\n", strings.Join(s.Code, "\n"))
		}
		for _, l := range s.Blank {
			fmt.Fprintf(&b, "- **%s**: %s\n", mdEscape(l), strings.ReplaceAll(blankLine, "_", "\\_"))
		}
	}
	fmt.Fprintf(&b, "\n_%s: %s_\n", cardWordsFor(c.Lang).source, mdEscape(strings.Join(c.Sources, "; ")))
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape keeps outside text from becoming Markdown: links, images, HTML
// or emphasis.
func mdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`, "`", "\\`").Replace(s)
}

// cardHTML is the A4 card: inline CSS only, no scripts, no external
// resources, two columns and small type so that one page holds it. It is
// parsed when a card is first written, not at every start.
var cardHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("card").Parse(cardHTMLText))
})

const cardHTMLText = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 9mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font: 8pt/1.3 system-ui, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif; color: #000; }
.page { width: 192mm; }
h1 { font-size: 13pt; margin: 0 0 1mm; }
.made { font-size: 8pt; margin: 0 0 2mm; }
.cols { column-count: 2; column-gap: 6mm; }
section { break-inside: avoid; border: 0.3mm solid #000; padding: 1.5mm 2mm; margin: 0 0 2mm; }
h2 { font-size: 9pt; margin: 0 0 1mm; }
p, ul { margin: 0 0 0.8mm; }
ul { padding-left: 4mm; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.3mm 2mm; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { font: 6.5pt/1.2 ui-monospace, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.8mm 0 0; }
.blank { display: block; border-bottom: 0.3mm solid #000; height: 5mm; margin-bottom: 1mm; }
.sources { font-size: 6pt; margin-top: 1mm; overflow-wrap: anywhere; }
</style>
</head>
<body>
<div class="page">
<h1>{{.Title}}</h1>
<p class="made">{{.Made}}</p>
<div class="cols">
{{range .Sections}}<section>
{{if .Head}}<h2>{{.Head}}</h2>
{{end}}{{if .Facts}}<dl>{{range .Facts}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>{{end}}</dl>
{{end}}{{if .Lines}}<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{if .Code}}<pre>{{range .Code}}{{.}}
{{end}}</pre>
{{end}}{{range .Blank}}<div>{{.}}:<span class="blank"></span></div>
{{end}}</section>
{{end}}</div>
<p class="sources">{{range $i, $s := .Sources}}{{if $i}}; {{end}}{{$s}}{{end}}</p>
</div>
</body>
</html>
`

func (c *card) html(w io.Writer) error { return cardHTML().Execute(w, c) }

// resetSection is the part of a call brief for a tenant whose profile
// names another Global Administrator (or an emergency-access account)
// besides the locked one: the Graph PowerShell commands that admin runs to
// reset the locked admin's MFA, sourced, so the admin may not need
// Microsoft at all. ok is false without such a profile.
func (a *app) resetSection(c *cases.Case, lang string) (briefSection, bool) {
	p, err := a.loadProfile()
	if err != nil || p == nil || !p.HasDomain(c.Domain) {
		return briefSection{}, false
	}
	var others []string
	for _, u := range append(append([]string(nil), p.Admins...), p.BreakGlass...) {
		if !strings.EqualFold(u, c.Admin) {
			others = append(others, u)
		}
	}
	if len(others) == 0 {
		return briefSection{}, false
	}
	w, pw := cardWordsFor(lang), prepareWordsFor(lang)
	tenant := c.TenantID
	if tenant == "" {
		tenant = p.TenantID
	}
	s := briefSection{head: w.otherAdmin, lines: []string{fmt.Sprintf(w.briefOtherIntro, strings.Join(others, ", "))}}
	var sources []string
	for _, cmd := range prepare.Reset(tenant, c.Admin) {
		s.code = append(s.code, "# "+pw.step[string(cmd.ID)])
		s.code = append(s.code, strings.Split(cmd.Graph, "\n")...)
		sources = appendNew(sources, cmd.Sources...)
	}
	sources = appendNew(sources, prepare.SrcAdminRoles)
	s.lines = append(s.lines, w.source+": "+strings.Join(sources, "; "))
	return s, true
}
