package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesShowCmd) }

type casesShowOptions struct{ ref string }

func newCasesShowCmd(a *app) *cobra.Command {
	opts := &casesShowOptions{}
	cmd := &cobra.Command{
		Use:   "show REF",
		Short: "Tell the whole story of one case, in order",
		Long: `Show every field of a case, then its stage history and contact log as one
timeline, and any promised callback that is overdue. REF is the case number
or its TrackingID.`,
		Example: `  mscase cases show 1
  mscase cases show 2411250040001234
  mscase cases show 1 --json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runCasesShow(cmd.Context(), a, opts)
		},
	}
	return cmd
}

func runCasesShow(_ context.Context, a *app, opts *casesShowOptions) error {
	var c *cases.Case
	var next reminders.Nudge
	var hasNext bool
	err := a.withStore(true, func(s store) error {
		if s == nil {
			return fmt.Errorf("case %s: %w (the database %s does not exist yet)", strings.TrimSpace(opts.ref), cases.ErrNotFound, a.dbPath)
		}
		var err error
		if c, err = s.Get(opts.ref); err != nil {
			return err
		}
		if !a.jsonOut {
			sum := c.Summarize()
			next, hasNext = nextOrWarn(a, s, []*cases.Summary{&sum})[c.Number]
		}
		return nil
	})
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	if err := a.writeCase(a.out, c, next, hasNext); err != nil {
		return err
	}
	caseHints(a, c)
	return nil
}

// writeCase writes the story of c: fields, then the timeline.
func (a *app) writeCase(w io.Writer, c *cases.Case, next reminders.Nudge, hasNext bool) error {
	sum := c.Summarize()
	st := a.stallRule()(&sum)
	or := func(s string) string { return or(s, "-") }
	// Everything shown here may have come from an import or an email:
	// values go through safetext before they are styled.
	line := safetext.Line
	p := a.p
	title := p.T("show.title", "Case", c.Number)
	if c.Title != "" {
		title += p.T("show.title_sep") + line(c.Title)
	}
	stage := a.stageName(c.Stage)
	if a.isTTY {
		stage += p.T("show.stage_tty", "Dur", a.fmtDuration(a.now.Sub(c.StageSince)), "Since", a.fmtTime(c.StageSince))
	} else {
		stage += p.T("show.stage_since", "Since", a.fmtTime(c.StageSince))
	}
	stalled := p.T("word.no")
	if st.Stalled {
		stalled = p.T("show.stalled_yes", "Reason", line(a.stallReason(&st)))
		if a.isTTY {
			stalled = a.st.Stalled.Render(stalled)
		}
	} else if !st.Deadline.IsZero() && c.Stage != cases.StageClosed {
		stalled = p.T("show.stalls_at", "At", a.fmtTime(st.Deadline))
	}
	fields := [][2]string{
		{"tracking_id", or(c.TrackingID)},
		{"tenant_id", or(c.TenantID)},
		{"domain", cases.DisplayDomain(c.Domain)},
		{"admin", displayUPN(c.Admin)},
		{"phone", or(c.Phone)},
		{"country", or(c.Country)},
		{"plan", a.planField(c.Plan)},
		{"language", or(c.Lang)},
		{"severity", or(c.Severity)},
		{"stage", stage},
		{"next", a.stageAbout(c.Stage)},
		{"stalled", stalled},
		{"waiting_on", a.waitingOn(&sum, &st)},
		{"next_nudge", a.fmtNudge(next, hasNext)},
		{"created", a.fmtTime(c.Created)},
		{"updated", a.fmtTime(c.Updated)},
	}
	if c.Domain != cases.DisplayDomain(c.Domain) {
		fields[2][1] += " (" + c.Domain + ")"
	}
	if c.Customer != "" {
		// Only a provider's cases have one: a sole admin never sees the line.
		fields = append([][2]string{{"customer", c.Customer}}, fields...)
	}
	if c.Cloud != "" {
		// Only a sovereign cloud is recorded: the worldwide one is the rule.
		fields = append(fields, [2]string{"Cloud", safetext.Line(c.Cloud)})
	}
	if c.Closed != nil {
		fields = append(fields, [2]string{"closed", a.fmtTime(*c.Closed)}, [2]string{"resolution", or(c.Resolution)})
	}
	if c.SnoozedUntil != nil && a.now.Before(*c.SnoozedUntil) {
		fields = append(fields, [2]string{"snoozed_until", a.fmtTime(*c.SnoozedUntil)})
	}
	head := title
	if a.isTTY {
		head = a.st.Bold.Render(title)
	}
	fmt.Fprintln(w, head)
	for _, f := range fields {
		v := f[1]
		if f[0] != "stalled" { // styled already, from escaped parts
			v = line(v)
		}
		fmt.Fprintf(w, "  %s %s\n", padRight(p.T("show.label."+f[0])+":", 13), v)
	}
	if len(c.Checklist) > 0 {
		fmt.Fprintln(w, "\n"+p.T("show.checklist"))
		for _, it := range c.Checklist {
			mark := "[ ]"
			if it.Done != nil {
				mark = "[x]"
			}
			fmt.Fprintf(w, "  %s %-15s %s\n", mark, line(it.ID), line(a.checkText(it)))
		}
	}
	fmt.Fprintln(w, "\n"+p.T("show.timeline"))
	for _, ev := range timeline(c, a.fmtTime, p) {
		fmt.Fprintf(w, "  %s  %s\n", padRight(a.fmtTime(ev.at), a.timeWidth()), line(ev.text))
		for _, more := range ev.more {
			fmt.Fprintf(w, "  %s  %s\n", strings.Repeat(" ", a.timeWidth()), line(more))
		}
	}
	for _, l := range sovereignNote(a.p, c.Cloud) {
		fmt.Fprintln(w, "\n"+a.p.T("show.note_prefix")+l)
	}
	if p := c.OpenPromise(); p != nil && a.now.After(*p) {
		msg := a.p.T("show.overdue", "Promise", a.fmtTime(*p), "TrackingID", or(c.TrackingID))
		if a.isTTY {
			msg = a.st.Stalled.Render(msg)
		}
		fmt.Fprintln(w, "\n"+msg)
	}
	return nil
}

func (a *app) timeWidth() int {
	if a.isTTY {
		return 14
	}
	return 25
}

func padRight(s string, n int) string {
	if w := runewidth.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

type event struct {
	at   time.Time
	text string
	more []string
}

// timeline merges the stage history and the contact log in time order,
// worded by p.
func timeline(c *cases.Case, fmtT func(time.Time) string, p *msg.Printer) []event {
	stage := func(s cases.Stage) string {
		if p.JA() {
			return p.T("stage." + string(s))
		}
		return string(s)
	}
	var evs []event
	for _, h := range c.History {
		var text string
		switch {
		case h.From == "":
			text = p.T("timeline.opened", "Stage", stage(h.To))
		case h.Back:
			text = p.T("timeline.moved_back", "From", stage(h.From), "To", stage(h.To))
		default:
			text = p.T("timeline.moved", "From", stage(h.From), "To", stage(h.To))
		}
		e := event{at: h.At, text: text}
		if h.Note != "" {
			note := strings.Split(strings.TrimRight(h.Note, "\r\n"), "\n")
			e.more = append(e.more, p.T("timeline.note")+note[0])
			e.more = append(e.more, note[1:]...)
		}
		e.more = appendBy(e.more, p, h.Author, h.Machine)
		evs = append(evs, e)
	}
	for _, k := range c.Contacts {
		// A typed summary may have several lines: the first goes on the
		// event's line, the others below it.
		sum := strings.Split(strings.TrimRight(k.Summary, "\r\n"), "\n")
		e := event{at: k.At, text: fmt.Sprintf("#%d %s: %s", k.Seq, entryHeadIn(p, k), sum[0]), more: sum[1:]}
		if k.CallbackBy != nil {
			e.more = append(e.more, p.T("timeline.promised", "At", fmtT(*k.CallbackBy)))
		}
		e.more = appendBy(e.more, p, k.Author, k.Machine)
		evs = append(evs, e)
	}
	for _, ch := range c.LogChanges {
		id := "timeline.edited"
		if ch.Action == "delete" {
			id = "timeline.deleted"
		}
		first, _, _ := strings.Cut(strings.TrimRight(ch.Before.Summary, "\r\n"), "\n")
		evs = append(evs, event{at: ch.At, text: p.T(id, "Entry", ch.Entry, "Before", entryHeadIn(p, ch.Before)+": "+first),
			more: appendBy(nil, p, ch.Author, ch.Machine)})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	return evs
}

// appendBy adds the line that says who made a change and where, when the
// record says so: entries written before authors were kept say nothing.
func appendBy(more []string, p *msg.Printer, author, machine string) []string {
	switch {
	case author != "" && machine != "":
		return append(more, p.T("timeline.by_on", "Author", author, "Machine", machine))
	case author != "":
		return append(more, p.T("timeline.by", "Author", author))
	case machine != "":
		return append(more, p.T("timeline.on", "Machine", machine))
	}
	return more
}

// planField shows a case's plan with the page's heading for it.
func (a *app) planField(p string) string {
	if id := "plan." + p + map[bool]string{true: "_plans"}[p == cases.PlanOther]; a.p.JA() && p != "" && msg.Has(a.lang, id) {
		return a.p.T(id)
	}
	return planField(p)
}

// planField shows a case's plan with the page's heading for it.
func planField(p string) string {
	switch p {
	case cases.PlanEnterprise:
		return "enterprise (Office 365 Enterprise)"
	case cases.PlanOther:
		return "other (Other Plans)"
	}
	return "-"
}

// entryLine describes one log entry on one line: "phone to Microsoft
// (0120 996 680), agent Sato: ...", "check (own action, not contact): ...".
func entryLine(k cases.Contact) string {
	first, _, _ := strings.Cut(strings.TrimRight(k.Summary, "\r\n"), "\n")
	return entryHead(k) + ": " + first
}

// entryHead is entryLine without the summary.
func entryHead(k cases.Contact) string { return entryHeadIn(msg.For(msg.English), k) }

// entryHeadIn is entryHead worded by p.
func entryHeadIn(p *msg.Printer, k cases.Contact) string {
	var text string
	if k.IsContact() {
		id := "entry.to"
		if k.Direction == cases.DirIn {
			id = "entry.from"
		}
		text = p.T(id, "Channel", wordOr(p, "channel."+string(k.Channel), string(k.Channel)))
	} else {
		text = p.T("entry.own", "Kind", wordOr(p, "entrykind."+string(k.Kind), string(k.Kind)))
	}
	if k.Address != "" {
		text += " (" + k.Address + ")"
	}
	if k.Agent != "" {
		text += p.T("entry.agent", "Agent", k.Agent)
	}
	return text
}

// caseHints prints, on a terminal only, what to do next for c.
func caseHints(a *app, c *cases.Case) {
	if !a.errTTY || c.IsClosed() {
		return
	}
	if c.Stage.Order() < cases.StageRecovered.Order() {
		sum := c.Summarize()
		if h := callHint(a, &sum); h != "" {
			id := c.TrackingID
			if id == "" {
				id = a.p.T("hint.no_tracking_id")
			}
			a.hint("mscase: hint: %s", a.p.T("hint.call_with", "Call", h, "TrackingID", id))
		}
	}
}

// displayUPN shows the domain part of an account in Unicode.
func displayUPN(upn string) string {
	at := strings.LastIndexByte(upn, '@')
	if at < 0 {
		return upn
	}
	return upn[:at+1] + displayDomain(upn[at+1:])
}
