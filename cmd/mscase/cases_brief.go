package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesBriefCmd) }

type casesBriefOptions struct {
	ref      string
	lang     string
	markdown bool
}

func newCasesBriefCmd(a *app) *cobra.Command {
	opts := &casesBriefOptions{}
	cmd := &cobra.Command{
		Use:   "brief REF [--lang en|ja] [--markdown]",
		Short: "One screen to read from during a support call",
		Long: `Print one screen to read from during a call to Microsoft support: the number
to call now and the menu path, what to say in two sentences, the facts the
agent will ask for, what happened so far, any open promise, and the PIN
warning. --lang ja prints it in Japanese (the default follows the case's
language). --markdown writes it for a note or an email to a colleague.`,
		Example: `  mscase cases brief 1
  mscase cases brief 2411250040001234 --lang ja
  mscase cases brief 1 --markdown > call-notes.md`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			if opts.markdown && a.jsonOut {
				return usagef("--markdown and --json ask for two different outputs: give one of them")
			}
			return runCasesBrief(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.lang, "lang", "", "language of the brief: en or ja (default: the case's language)")
	cmd.Flags().BoolVar(&opts.markdown, "markdown", false, "write Markdown")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "ja"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// briefText holds the fixed words of the brief in one language.
type briefText struct {
	title, callNow, menu, askFor, dpt, say, ready, soFar, promise, pin                 string
	trackingID, tenantID, domain, admin, phone, reachable                              string
	noTracking, noTenant, noPhone, noCountry, nothingYet, overdue, due, noPromise, via string
	sayFmt, sayNoID, tenantFmt, tenantOfDomain                                         string
	stage                                                                              map[cases.Stage]string
}

var briefTexts = map[string]briefText{
	"en": {
		title: "Call brief", callNow: "Call now", menu: "Menu", askFor: "Ask for",
		dpt: "the Data Protection Team, which handles sole-admin lockouts (named in Microsoft Q&A answers, not in Microsoft's docs: unconfirmed)",
		say: "Say", ready: "Have ready", soFar: "So far", promise: "Open promise", pin: "PIN check",
		trackingID: "TrackingID", tenantID: "Tenant ID", domain: "Domain", admin: "Admin account", phone: "Callback number", reachable: "Reachable",
		noTracking: "none yet: ask for a service request number", noTenant: "unknown: run \"mscase tenant lookup %s\"",
		noPhone: "not recorded: add it with \"mscase cases edit %d --phone NUMBER\"", noCountry: "no country on the case: add it with \"mscase cases edit %d --country CC\", or see \"mscase contacts list\"",
		nothingYet: "no contact logged yet", overdue: "overdue", due: "due", noPromise: "none", via: "via",
		tenantFmt: "tenant %s (%s)", tenantOfDomain: "the tenant for %s",
		sayFmt:  "I am the only global administrator of %s, and I am locked out by multi-factor authentication. My TrackingID is %s and %s: please tell me who owns the case now and when I will hear back.",
		sayNoID: "I am the only global administrator of %s, and I am locked out by multi-factor authentication. Nobody else can reset me: please open a service request for the Data Protection Team and give me its number.",
		stage: map[cases.Stage]string{
			cases.StageLockedOut:    "I have not reached support about it yet",
			cases.StageTicketOpen:   "the request is open but not yet with the Data Protection Team",
			cases.StageDPTReview:    "the case is with the Data Protection Team",
			cases.StageVerifying:    "I am proving ownership of the organisation and the domain",
			cases.StageResetPending: "ownership was verified and I am waiting for the reset",
			cases.StageRecovered:    "I can sign in again",
			cases.StageClosed:       "the case was closed",
		},
	},
	"ja": {
		title: "通話メモ", callNow: "電話番号", menu: "音声ガイダンス", askFor: "依頼先",
		dpt: "データ保護チーム（Data Protection Team）: 唯一の管理者のロックアウトを扱う（Microsoft Q&A の回答による。公式ドキュメントでは未確認）",
		say: "伝えること", ready: "準備するもの", soFar: "これまでの経過", promise: "未完了の約束", pin: "PIN 確認",
		trackingID: "TrackingID", tenantID: "テナント ID", domain: "ドメイン", admin: "管理者アカウント", phone: "折り返し電話番号", reachable: "連絡可能な時間",
		noTracking: "未取得: サービス リクエスト番号を依頼してください", noTenant: "不明: \"mscase tenant lookup %s\" で調べられます",
		noPhone: "未登録: \"mscase cases edit %d --phone 番号\" で追加", noCountry: "国が未設定です: \"mscase cases edit %d --country JP\" で追加するか、\"mscase contacts list\" を参照",
		nothingYet: "連絡記録はまだありません", overdue: "期限切れ", due: "期限", noPromise: "なし", via: "経由",
		tenantFmt: "テナント %s（%s）", tenantOfDomain: "%s のテナント",
		sayFmt:  "%sの唯一のグローバル管理者ですが、多要素認証のためサインインできません。TrackingID は %s で、%s。現在の担当者と次の連絡時期を教えてください。",
		sayNoID: "%sの唯一のグローバル管理者ですが、多要素認証のためサインインできません。他にリセットできる管理者がいません。データ保護チーム宛てのサービス リクエストを作成し、番号を教えてください。",
		stage: map[cases.Stage]string{
			cases.StageLockedOut:    "まだサポートに連絡していません",
			cases.StageTicketOpen:   "リクエストは作成済みですが、データ保護チームにはまだ引き継がれていません",
			cases.StageDPTReview:    "データ保護チームに引き継がれています",
			cases.StageVerifying:    "組織とドメインの所有権を証明しているところです",
			cases.StageResetPending: "所有権の確認は完了し、リセットを待っています",
			cases.StageRecovered:    "再びサインインできるようになりました",
			cases.StageClosed:       "ケースはクローズされました",
		},
	},
}

// pinWarningJA is contacts.PINWarning in Japanese.
const pinWarningJA = "管理者プロファイルに登録されていない電話番号から発信すると、サポートは登録済みのメールまたは電話に確認コードを送ります。ロックアウト中は受け取れない場合があります。可能ならテナントの管理者プロファイルに登録された番号から発信し、テナント ID、ドメイン、TrackingID を手元に用意してください。"

func runCasesBrief(_ context.Context, a *app, opts *casesBriefOptions) error {
	if opts.lang != "" {
		if _, ok := briefTexts[strings.ToLower(opts.lang)]; !ok {
			return &cases.InputError{Field: "--lang", Value: opts.lang, Want: "expected en or ja"}
		}
	}
	c, err := a.readCase(opts.ref)
	if err != nil {
		return err
	}
	lang := strings.ToLower(opts.lang)
	if lang == "" {
		lang = "en"
		if strings.HasPrefix(c.Lang, "ja") {
			lang = "ja"
		}
	}
	b := a.buildBrief(c, lang)
	if a.jsonOut {
		return a.writeJSON(b.json(c, lang))
	}
	if opts.markdown {
		return b.markdown(a.out)
	}
	return b.text(a.out, a)
}

// brief is the content of a call brief, rendered as text or Markdown.
type brief struct {
	t        briefText
	title    string
	call     []string       // "call now" lines
	menu     string         // what to do after dialling
	say      string         // the two sentences
	facts    [][2]string    // label, value
	soFar    []string       // last three contacts, oldest first
	promise  string         // "" when none
	pin      string         // the PIN warning
	source   string         // where the number came from
	sections []briefSection // in order, for rendering
}

// briefJSON is the call brief as data: the same lines as the text, by part.
type briefJSON struct {
	Case       uint64            `json:"case"`
	TrackingID string            `json:"tracking_id,omitempty"`
	Stage      cases.Stage       `json:"stage"`
	Lang       string            `json:"lang"`
	Call       []string          `json:"call"`
	Menu       string            `json:"menu,omitempty"`
	Say        string            `json:"say"`
	Facts      map[string]string `json:"facts"`
	SoFar      []string          `json:"so_far"`
	Promise    string            `json:"promise,omitempty"`
	PIN        string            `json:"pin_warning"`
	Source     string            `json:"source,omitempty"`
}

func (b *brief) json(c *cases.Case, lang string) briefJSON {
	facts := map[string]string{}
	for _, f := range b.facts {
		facts[f[0]] = f[1]
	}
	call := b.call
	if call == nil {
		call = []string{}
	}
	return briefJSON{Case: c.Number, TrackingID: c.TrackingID, Stage: c.Stage, Lang: lang, Call: call, Menu: b.menu,
		Say: b.say, Facts: facts, SoFar: b.soFar, Promise: b.promise, PIN: b.pin, Source: b.source}
}

type briefSection struct {
	head  string
	lines []string
	facts [][2]string
	code  []string // commands, printed as a code block
}

func (a *app) buildBrief(c *cases.Case, lang string) *brief {
	t := briefTexts[lang]
	b := &brief{t: t}
	id := c.TrackingID
	b.title = fmt.Sprintf("%s: case %d · %s %s · %s", t.title, c.Number, t.trackingID, or(id, "-"), c.Stage)

	// Who to call now, from the directory.
	b.pin = contacts.PINWarning
	if lang == "ja" {
		b.pin = pinWarningJA
	}
	if c.Country == "" {
		b.call = []string{fmt.Sprintf(t.noCountry, c.Number)}
	} else if d, _, err := contacts.Load(data.FS, a.overridePath()); err == nil {
		neutralise(d)
		sum := c.Summarize()
		q := caseQuery(&sum, a.now)
		q.Lang = langOr(c.Lang)
		if sg, err := d.Suggest(q); err == nil {
			switch {
			case sg.NoPhone != "":
				b.call = append(b.call, pick(lang == "ja", sg.NoPhone, "この国には電話サポートがありません: 管理センターのオンライン サポートを使ってください（管理センターはサインインが必要です。他国の番号への電話で対応してもらえるかは未確認）"))
			case len(sg.Options) > 0:
				b.call = append(b.call, callLine(sg.Options[0], lang == "ja"))
			}
			for _, o := range sg.Options {
				if o.Entry != nil && o.Entry.DialInstructions != "" {
					b.menu = o.Entry.DialInstructions
					break
				}
			}
			b.source = fmt.Sprintf("%s %s @ %.12s (%s)", sg.Source.Repo, sg.Source.Path, sg.Source.Commit, sg.Source.Retrieved)
		}
	}

	domain := cases.DisplayDomain(c.Domain)
	who := fmt.Sprintf(t.tenantOfDomain, domain)
	if c.TenantID != "" {
		who = fmt.Sprintf(t.tenantFmt, c.TenantID, domain)
	}
	if id != "" {
		b.say = fmt.Sprintf(t.sayFmt, who, id, t.stage[c.Stage])
	} else {
		b.say = fmt.Sprintf(t.sayNoID, who)
	}

	b.facts = [][2]string{
		{t.trackingID, or(id, t.noTracking)},
		{t.tenantID, or(c.TenantID, fmt.Sprintf(t.noTenant, c.Domain))},
		{t.domain, domain},
		{t.admin, c.Admin},
		{t.phone, or(c.Phone, fmt.Sprintf(t.noPhone, c.Number))},
		{t.reachable, a.reachable(c)},
	}

	start := len(c.Contacts) - 3
	if start < 0 {
		start = 0
	}
	for _, k := range c.Contacts[start:] {
		line := padRight(a.fmtTime(k.At), a.timeWidth()) + "  " + string(k.Channel) + " " + map[cases.Direction]string{cases.DirIn: "←", cases.DirOut: "→"}[k.Direction]
		if !k.IsContact() {
			line = padRight(a.fmtTime(k.At), a.timeWidth()) + "  " + string(k.Kind)
		}
		if k.Agent != "" {
			line += " " + k.Agent
		}
		b.soFar = append(b.soFar, line+": "+k.Summary)
	}
	if len(b.soFar) == 0 {
		b.soFar = []string{t.nothingYet}
	}
	if p := c.OpenPromise(); p != nil {
		state := t.due
		if a.now.After(*p) {
			state = t.overdue
		}
		b.promise = fmt.Sprintf("%s %s (%s)", a.fmtTime(*p), state, p.In(a.loc).Format("2006-01-02 15:04 MST"))
	}

	if note := sovereignNote(c.Cloud); note != nil {
		b.call = append(note, b.call...)
	}
	b.sections = []briefSection{
		{head: t.callNow, lines: b.call},
	}
	if b.menu != "" {
		b.sections[0].lines = append(b.sections[0].lines, t.menu+": "+b.menu)
	}
	b.sections[0].lines = append(b.sections[0].lines, t.askFor+": "+t.dpt)
	b.sections = append(b.sections,
		briefSection{head: t.say, lines: []string{"「" + b.say + "」"}},
		briefSection{head: t.ready, facts: b.facts},
		briefSection{head: t.soFar, lines: b.soFar},
		briefSection{head: t.promise, lines: []string{or(b.promise, t.noPromise)}},
		briefSection{head: t.pin, lines: []string{b.pin}},
	)
	if lang == "en" {
		b.sections[1].lines[0] = "\"" + b.say + "\""
	}
	if s, ok := a.resetSection(c, lang); ok {
		b.sections = append(b.sections, s)
	}
	return b
}

// reachable says where and when the admin can take a call back: the zone
// and working hours of the case's business calendar (see "mscase config
// show"), with the weekdays that are working days.
func (a *app) reachable(c *cases.Case) string {
	rs, err := loadReminders(a)
	if err != nil {
		return a.loc.String()
	}
	cal := rs.pol.CalendarIn(c.Country, c.Region)
	var days []string
	for d := time.Monday; d <= time.Monday+6; d++ {
		if wd := d % 7; cal.IsWorkdayOfWeek(wd) {
			days = append(days, wd.String()[:3])
		}
	}
	span := strings.Join(days, " ")
	if len(days) == 5 && days[0] == "Mon" && days[4] == "Fri" {
		span = "Mon-Fri"
	}
	return fmt.Sprintf("%s, %s %s-%s", cal.Loc, span, cal.Open, cal.Close)
}

// The brief quotes the case's fields and its last contacts, which may come
// from an import or an email: text and markdown show every line and value
// through safetext.Line before styling it.

func (b *brief) text(w io.Writer, a *app) error {
	line := safetext.Line
	head := line(b.title)
	if a.isTTY {
		head = a.st.Bold.Render(head)
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, a.now.In(a.loc).Format("Mon 2006-01-02 15:04 MST"))
	width := 0
	for _, f := range b.facts {
		if n := runewidth.StringWidth(f[0]); n > width {
			width = n
		}
	}
	for _, s := range b.sections {
		h := s.head
		if a.isTTY {
			h = a.st.Header.Render(h)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, h)
		for _, l := range s.lines {
			fmt.Fprintln(w, "  "+line(l))
		}
		for _, f := range s.facts {
			fmt.Fprintf(w, "  %s  %s\n", padRight(f[0], width), line(f[1]))
		}
		for _, l := range s.code {
			fmt.Fprintln(w, "    "+l)
		}
	}
	if b.source != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "source: "+line(b.source))
	}
	return nil
}

func (b *brief) markdown(w io.Writer) error {
	line := safetext.Line
	fmt.Fprintf(w, "# %s\n", line(b.title))
	for _, s := range b.sections {
		fmt.Fprintf(w, "\n## %s\n\n", s.head)
		for _, l := range s.lines {
			fmt.Fprintf(w, "- %s\n", line(l))
		}
		for _, f := range s.facts {
			fmt.Fprintf(w, "- **%s**: %s\n", f[0], line(f[1]))
		}
		if len(s.code) > 0 {
			fmt.Fprintf(w, "\n```powershell\n%s\n```\n", strings.Join(s.code, "\n"))
		}
	}
	if b.source != "" {
		fmt.Fprintf(w, "\n_source: %s_\n", line(b.source))
	}
	return nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func langOr(l string) string {
	if _, err := contacts.ParseLang(l); err != nil {
		return ""
	}
	return l
}
