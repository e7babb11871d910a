package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/recovery"
	"github.com/mscase/mscase/safetext"
	"golang.org/x/text/width"
)

// emailOptions are the flags of `cases log --from-email`.
type emailOptions struct {
	file             string
	yes              bool
	domain, admin    string // to record a new case when no case has the TrackingID
	allowMixedScript bool
}

// runCasesLogEmail reads a support email, finds its TrackingID, matches (or,
// with --domain and --admin, creates) the case and logs the email as an
// inbound contact, all in one transaction.
func runCasesLogEmail(a *app, ref string, opts *emailOptions) error {
	var r io.Reader = a.in
	name := "standard input"
	if opts.file != "-" {
		f, err := os.Open(opts.file)
		if err != nil {
			return usageWords(func(p *msg.Printer) string { return p.T("usage_x.from_email", "Err", errIn(p, err)) })
		}
		defer f.Close()
		r, name = f, opts.file
	}
	em, err := recovery.ParseEmail(r, a.loc)
	var noID *recovery.NoTrackingIDError
	var cs *recovery.CharsetError
	switch {
	case errors.As(err, &noID) && ref != "":
		// The user named the case: an email without a TrackingID can still be logged.
	case errors.As(err, &noID):
		return withHintT(usageT("refuse.no_tracking_id", "File", name), "hint.name_case", "File", opts.file)
	case errors.As(err, &cs):
		return withHintT(usagef("%s: %v", name, err), "hint.save_eml")
	case err != nil:
		return err
	}
	var newCase *cases.Case
	if ref == "" && (opts.domain != "" || opts.admin != "") {
		if newCase, err = newCaseFromFlags(opts); err != nil {
			return err
		}
	}

	if ref != "" {
		if err := cases.CheckRef(ref); err != nil {
			return err
		}
	}
	// Look at what the database knows first, read-only, and close it
	// again: asking which number is the TrackingID must not hold the file
	// while the admin thinks (the reminder daemon would find it busy).
	var kn known
	if err := a.withStore(true, func(s store) error {
		kn = knownIDs(s, em.TrackingIDs, ref)
		return nil
	}); err != nil {
		return err
	}
	id, err := a.chooseTrackingID(em, kn, ref, opts.yes)
	if err != nil {
		return err
	}
	entry := emailContact(em, a)
	if ref == "" && id != "" && !kn.ids[id] {
		if newCase == nil {
			return withHintT(errWords(func(p *msg.Printer) string { return p.T("refuse.no_case_tid", "TrackingID", id) }), "hint.email_new_case", "File", opts.file)
		}
		nc := cases.New(cases.Case{TrackingID: id, Domain: newCase.Domain, Admin: newCase.Admin}, "recorded from an email", a.now)
		if err := nc.AddContact(entry, a.now); err != nil {
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
			return err
		}
		a.say("ok.email_new_case", "Case", nc.Number, "TrackingID", id, "File", name)
		return a.printLogged(nc)
	}
	if ref == "" {
		ref = id
	}
	var notes []string // printed once the write has committed
	var dupSeq int
	c, err := a.updateCase(ref, func(c *cases.Case) error {
		notes = notes[:0]
		if d := c.FindEmail(entry.MessageID, entry.TextHash); d != nil {
			dupSeq = d.Seq
			return errAlreadyLogged{c.Number}
		}
		switch {
		case id != "" && c.TrackingID == "":
			c.TrackingID = id
			notes = append(notes, a.p.T("ok.email_tid_taken", "Case", c.Number, "TrackingID", id))
		case id != "" && c.TrackingID != id:
			notes = append(notes, a.p.T("ok.email_tid_differs", "TrackingID", id, "Case", c.Number, "Has", c.TrackingID))
		}
		return c.AddContact(entry, a.now)
	})
	var al errAlreadyLogged
	if errors.As(err, &al) {
		// The same email again: nothing to do, and not an error.
		a.say("ok.email_dup", "Case", al.n, "Entry", dupSeq)
		return nil
	}
	if err != nil {
		return err
	}
	for _, n := range notes {
		a.confirm("%s", n)
	}
	a.say("ok.email_logged", "From", safetext.Line(or(em.FromAddress, em.From)), "Case", c.Number, "Summary", safetext.Line(entry.Summary))
	if err := a.printLogged(c); err != nil {
		return err
	}
	return a.nextFromEmail(c, em.Implications(), opts.yes)
}

// errAlreadyLogged stops the write when the case already has the email.
type errAlreadyLogged struct{ n uint64 }

func (e errAlreadyLogged) Error() string { return fmt.Sprintf("already logged on case %d", e.n) }

func (a *app) printLogged(c *cases.Case) error {
	if a.jsonOut {
		return a.writeJSON(c)
	}
	return nil
}

func newCaseFromFlags(opts *emailOptions) (*cases.Case, error) {
	if opts.domain == "" || opts.admin == "" {
		return nil, usageT("refuse.email_new_case_flags")
	}
	var c cases.Case
	var err error
	if c.Domain, err = parseTypedDomain(opts.domain, opts.allowMixedScript); err != nil {
		return nil, err
	}
	if c.Admin, err = parseTypedUPN(opts.admin, opts.allowMixedScript); err != nil {
		return nil, err
	}
	return &c, nil
}

// known is what the database knows about an email's TrackingIDs.
type known struct {
	ids      map[string]bool // candidate TrackingIDs some case has
	refTrack string          // the TrackingID of the case REF names
}

func knownIDs(s store, ids []string, ref string) known {
	kn := known{ids: map[string]bool{}}
	if s == nil {
		return kn
	}
	for _, id := range ids {
		if _, err := s.Resolve(id); err == nil {
			kn.ids[id] = true
		}
	}
	if ref != "" {
		if c, err := s.Get(ref); err == nil {
			kn.refTrack = c.TrackingID
		}
	}
	return kn
}

// chooseTrackingID picks the email's TrackingID. One candidate is taken as
// is; several are narrowed to the case REF names or to those the database
// knows, then asked about on a terminal, and refused with --yes or when
// nobody can answer.
func (a *app) chooseTrackingID(em *recovery.Email, kn known, ref string, yes bool) (string, error) {
	ids := em.TrackingIDs
	switch {
	case len(ids) == 0:
		return "", nil
	case len(ids) == 1:
		return ids[0], nil
	}
	if ref != "" {
		for _, id := range ids {
			if id == kn.refTrack {
				return id, nil
			}
		}
	}
	var knownOnes []string
	for _, id := range ids {
		if kn.ids[id] {
			knownOnes = append(knownOnes, id)
		}
	}
	if len(knownOnes) == 1 {
		return knownOnes[0], nil
	}
	candidates := func(p *msg.Printer) string {
		var list strings.Builder
		list.WriteString(p.T("email.candidates", "Count", len(ids)))
		for i, c := range em.Candidates {
			list.WriteString("\n" + p.T("email.candidate", "N", i+1, "ID", c.ID,
				"Where", wordOr(p, "email.where_"+c.Where, c.Where), "Context", strconv.Quote(c.Context)))
		}
		return list.String()
	}
	if yes || !a.errTTY {
		return "", withHintT(usageWords(candidates), "hint.email_which")
	}
	fmt.Fprint(a.errOut, safetext.Text(candidates(a.p)+"\n"+a.p.T("email.which", "Max", len(em.Candidates))+" "))
	line, _ := bufio.NewReader(a.in).ReadString('\n')
	n, err := strconv.Atoi(strings.TrimSpace(width.Fold.String(line)))
	if err != nil || n < 1 || n > len(em.Candidates) {
		return "", usageT("refuse.no_tid_chosen")
	}
	return em.Candidates[n-1].ID, nil
}

// emailContact is the inbound contact log entry for an email.
func emailContact(em *recovery.Email, a *app) cases.Contact {
	at := em.Date
	if at.IsZero() || at.After(a.now) {
		at = a.now
	}
	summary := strings.TrimSpace(em.Subject)
	if em.Summary != "" {
		if summary != "" {
			summary += ": "
		}
		summary += em.Summary
	}
	if summary == "" {
		summary = "email from Microsoft support"
	}
	return cases.Contact{At: at, Channel: cases.ChannelEmail, Direction: cases.DirIn, Address: em.FromAddress, Summary: truncate(summary, 240),
		MessageID: em.MessageID, TextHash: em.TextHash()}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
