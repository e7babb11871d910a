package main

import (
	"bufio"
	"cmp"
	"context"
	"math/bits"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesListCmd) }

type casesListOptions struct {
	wide     bool
	all      bool
	stage    string
	stalled  bool
	country  string
	customer string
	limit    int // 0: all; -1: the default (termLimit on a terminal, else all)
	watch    bool
}

// termLimit is how many cases `cases list` shows on a terminal unless
// --limit says otherwise: what needs action first, a couple of screens.
// Working out 10,000 next reminders and relative times for a table nobody
// scrolls through took most of a second, and drawing a styled table costs
// ~0.1 ms a row; piped and --json output keeps every case.
const termLimit = 100

func newCasesListCmd(a *app) *cobra.Command {
	opts := &casesListOptions{}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List open cases, what needs action first",
		Long: `List cases, one row each: number, TrackingID, domain, stage, time in that
stage, when it was last touched, whether it is stalled, and what it waits on.

Stalled cases come first, then the ones whose stall deadline is nearest.
Piped, rows are tab-separated with RFC 3339 times and no header:
  number, tracking ID, domain, stage, stage since, last touched,
  stalled (yes/no/snoozed), waiting on, title
The next reminder of each case shows on a terminal and in --json; piped
rows leave it out so that listing thousands of cases stays instant, unless
--wide asks for it (then it is the last column).

On a terminal the table fits its width: the TrackingID, stage and stalled
columns are never shortened; the title, last-touched, time-in-stage and
next-reminder columns are left out first when there is no room. --wide
shows every column in full. A terminal shows at most 100 cases, those
that need action first; --limit sets how many (0: all).

WAITING FOR says whose move it is: "you: ..." is something for you to do,
"Microsoft: ..." or "Data Protection Team: ..." is what you wait for.

--customer shows one client's cases, for a provider who records them with
"cases new --customer"; the terminal's table has a CUSTOMER column when any
case has one.

--watch draws the list again each time someone writes to the cases (on
etcd, as the cluster reports each write; on the database file, which is
looked at twice a second) until Ctrl-C. On a terminal each drawing replaces
the last; piped, each follows the one before after an empty line (with
--json, one array each).`,
		Example: `  mscase cases list
  mscase cases list --stalled
  mscase cases list --all --country JP
  mscase cases list --json | jq '.[] | select(.stalled)'
  mscase cases list --customer "Contoso Ltd"
  mscase cases list --watch
  mscase cases list --watch --store etcd://10.0.0.5:2379/team`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("limit") {
				opts.limit = -1
			} else if opts.limit < 0 {
				return usageT("usage_x.list_limit", "Limit", opts.limit)
			}
			if opts.watch {
				return watchCasesList(cmd.Context(), a, opts)
			}
			return runCasesList(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.limit, "limit", 0, "show at most `N` cases, those that need action first (on a terminal 100 unless given; 0: all)")
	f.BoolVar(&opts.all, "all", false, "include closed cases")
	f.BoolVar(&opts.wide, "wide", false, "every column, nothing shortened (piped: adds the next reminder)")
	f.StringVar(&opts.stage, "stage", "", "only cases in this `stage`")
	f.BoolVar(&opts.stalled, "stalled", false, "only stalled cases")
	f.StringVar(&opts.country, "country", "", "only cases for this country `code`")
	f.BoolVar(&opts.watch, "watch", false, "draw the list again each time the cases change, until Ctrl-C")
	f.StringVar(&opts.customer, "customer", "", "only cases for this customer (the `name` given to cases new --customer; upper and lower case match)")
	_ = cmd.RegisterFlagCompletionFunc("stage", completeStages)
	return cmd
}

// listRow is one case of the list: its summary and stall state.
type listRow struct {
	sum  cases.Summary
	st   cases.StallState
	next *reminders.Nudge // nil when none or not computed (piped)
}

// listJSON is one case in `cases list --json`.
type listJSON struct {
	Number      uint64     `json:"number"`
	TrackingID  string     `json:"tracking_id,omitempty"`
	Domain      string     `json:"domain"`
	Admin       string     `json:"admin"`
	Country     string     `json:"country,omitempty"`
	Customer    string     `json:"customer,omitempty"`
	Title       string     `json:"title,omitempty"`
	Stage       string     `json:"stage"`
	StageSince  time.Time  `json:"stage_since"`
	LastTouched time.Time  `json:"last_touched"`
	Stalled     bool       `json:"stalled"`
	StallReason string     `json:"stall_reason,omitempty"`
	Deadline    *time.Time `json:"stall_deadline,omitempty"`
	Promise     *time.Time `json:"callback_promised_by,omitempty"`
	WaitingOn   string     `json:"waiting_on"`
	Snoozed     *time.Time `json:"snoozed_until,omitempty"`
	NextNudge   *nudgeJSON `json:"next_nudge,omitempty"`
}

// nudgeJSON is a case's next reminder in `cases list --json`.
type nudgeJSON struct {
	Kind string    `json:"kind"`
	Due  time.Time `json:"due"`
	Why  string    `json:"why"`
}

func runCasesList(_ context.Context, a *app, opts *casesListOptions) error {
	// list is a short burst of small allocations (tens of MB at most for
	// 10,000 cases): let the memory limit, not the GC pacer, decide when to
	// collect. This halves its run time on big databases.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var stage cases.Stage
	var country string
	var err error
	if opts.stage != "" {
		if stage, err = parseStage(opts.stage); err != nil {
			return err
		}
	}
	if opts.country != "" {
		if country, err = cases.ParseCountry(opts.country); err != nil {
			return err
		}
	}
	var customer string
	if opts.customer != "" {
		if customer, err = parseCustomer("--customer", opts.customer); err != nil {
			return err
		}
	}
	stall := a.stallRule()
	// pick gives a case's stall state and whether the filters select it.
	pick := func(sum *cases.Summary) (cases.StallState, bool) {
		if (!opts.all && stage != cases.StageClosed && sum.Stage == cases.StageClosed) ||
			(stage != "" && sum.Stage != stage) || (country != "" && sum.Country != country) ||
			(customer != "" && !strings.EqualFold(sum.Customer, customer)) {
			return cases.StallState{}, false
		}
		st := stall(sum)
		return st, !opts.stalled || st.Stalled
	}
	if !a.isTTY && !a.jsonOut && !opts.wide {
		return a.listPiped(opts.limit, pick)
	}
	var rows []listRow
	// collect keeps the rows the filters select, with their stall state.
	collect := func(walk func(func(*cases.Summary) error) error) error {
		return walk(func(sum *cases.Summary) error {
			st, ok := pick(sum)
			if !ok {
				return nil
			}
			rows = append(rows, listRow{sum: *sum, st: st})
			return nil
		})
	}
	limit := opts.limit
	if limit < 0 {
		limit = 0
		if a.isTTY && !a.jsonOut {
			limit = termLimit
		}
	}
	var order []*listRow
	err = a.withStore(true, func(s store) error {
		if s == nil {
			return nil
		}
		rows = make([]listRow, 0, s.SizeHint())
		if err := collect(s.EachSummary); err != nil {
			return err
		}
		// The next reminder is worked out for the rows shown only.
		order = limitRows(sortedRows(rows), limit)
		ptrs := make([]*cases.Summary, len(order))
		for i, r := range order {
			ptrs[i] = &r.sum
		}
		next := nextOrWarn(a, s, ptrs)
		for _, r := range order {
			if n, ok := next[r.sum.Number]; ok {
				r.next = &n
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if a.jsonOut {
		out := make([]listJSON, len(order))
		for i, r := range order {
			out[i] = r.json(a.loc)
		}
		return a.writeJSON(out)
	}
	if len(rows) == 0 {
		if a.isTTY {
			a.confirm("%s", a.p.T("list.none"))
		}
		return nil
	}
	if !a.isTTY {
		return a.writeListPiped(order, opts.wide)
	}
	headers := []string{"#", "TRACKING ID", "DOMAIN", "STAGE", "IN STAGE", "LAST TOUCHED", "STALLED", "WAITING FOR", "NEXT NUDGE", "TITLE"}
	table := make([][]string, len(order))
	for i, r := range order {
		table[i] = a.listCells(r)
	}
	headers, table = withCustomerColumn(headers, table, order)
	if opts.wide {
		a.width = 0 // nothing left out, nothing shortened
	}
	headers, table, _ = dropToFit(headers, table, a.width, listDropOrder)
	if len(order) < len(rows) {
		defer a.hint("%s", a.p.T("list.more", "Shown", len(order), "Total", len(rows)))
	}
	return a.printTable(headers, table, func(row, col int) lipgloss.Style {
		switch headers[col] {
		case "STALLED":
			if order[row].st.Stalled {
				return a.st.Stalled
			}
		case "STAGE":
			if order[row].sum.Stage == cases.StageClosed {
				return a.st.Dim
			}
		}
		return lipgloss.Style{}
	})
}

// listDropOrder are the columns of "cases list" left out, in this order,
// when the table cannot fit the terminal even with every free-text column
// shortened to its minimum.
var listDropOrder = []string{"TITLE", "CUSTOMER", "LAST TOUCHED", "IN STAGE", "NEXT NUDGE"}

// withCustomerColumn adds a CUSTOMER column after DOMAIN when a case in
// rows has a customer: a provider's list shows whose case each is, a sole
// admin's stays as it was.
func withCustomerColumn(headers []string, table [][]string, rows []*listRow) ([]string, [][]string) {
	any := false
	for _, r := range rows {
		if r.sum.Customer != "" {
			any = true
			break
		}
	}
	if !any {
		return headers, table
	}
	at := slices.Index(headers, "DOMAIN") + 1
	headers = slices.Insert(slices.Clone(headers), at, "CUSTOMER")
	for i, r := range rows {
		table[i] = slices.Insert(table[i], at, r.sum.Customer)
	}
	return headers, table
}

// dropToFit leaves out the columns named in drop, in order, until the
// table can fit width (0: no limit) with the free-text columns at their
// minimum widths; fitWidth then shortens what remains. It returns the kept
// headers and rows and the indexes of the kept columns.
func dropToFit(headers []string, rows [][]string, width int, drop []string) ([]string, [][]string, []int) {
	keep := make([]int, len(headers))
	for i := range keep {
		keep[i] = i
	}
	if width <= 0 {
		return headers, rows, keep
	}
	need := func() int {
		t := 0
		for _, i := range keep {
			w := runewidth.StringWidth(headers[i])
			for _, r := range rows {
				w = max(w, runewidth.StringWidth(r[i]))
			}
			if !keepWhole[headers[i]] {
				w = min(w, minWidth(headers[i]))
			}
			t += w + 2
		}
		return t
	}
	for _, name := range drop {
		if need() <= width {
			break
		}
		for j, i := range keep {
			if headers[i] == name {
				keep = append(keep[:j], keep[j+1:]...)
				break
			}
		}
	}
	if len(keep) == len(headers) {
		return headers, rows, keep
	}
	h := make([]string, len(keep))
	for j, i := range keep {
		h[j] = headers[i]
	}
	out := make([][]string, len(rows))
	for r, row := range rows {
		out[r] = make([]string, len(keep))
		for j, i := range keep {
			out[r][j] = row[i]
		}
	}
	return h, out, keep
}

// writeListPiped streams the rows as tab-separated text with RFC 3339
// times, straight into one buffer: on 10,000 cases this is most of the
// command's run time, so it builds no per-cell strings and formats times
// through a cache of the day (rfc3339).
// listPiped is `cases list` piped: tab-separated rows, no next reminder.
// Each row's line is written while its summary is read, straight from the
// database's memory map, into the buffer of its part (the summaries are
// read in parts side by side: cases.Store.ViewSummaryParts); then only a
// small key per row is sorted and the lines are copied out in that order. (Sorting rows of
// whole summaries and then reading them in their new order missed the
// cache at every field: a third of the command at 10,000 cases.)
func (a *app) listPiped(limit int, pick func(*cases.Summary) (cases.StallState, bool)) error {
	// Each part of the summaries (see ViewSummaryParts) is read by its own
	// goroutine into its own buffer.
	type line struct{ part, off, end int }
	type part struct {
		text  []byte
		keys  []actionPos
		lines []line
	}
	parts := make([]part, min(runtime.GOMAXPROCS(0), 4))
	err := a.withStore(true, func(s store) error {
		if s == nil {
			return nil
		}
		n := s.SizeHint()/len(parts) + 1
		return s.ViewSummaryParts(len(parts), func(i int, walk func(func(*cases.Summary) error) error) error {
			p := &parts[i]
			p.keys, p.lines, p.text = make([]actionPos, 0, n), make([]line, 0, n), make([]byte, 0, n*224)
			tf := newRFC3339(a.loc)
			return walk(func(sum *cases.Summary) error {
				st, ok := pick(sum)
				if !ok {
					return nil
				}
				k := actionPos{num: sum.Number}
				k.rank, k.sec, k.nsec = actionKey(sum, &st)
				off := len(p.text)
				p.text = a.appendListLine(p.text, tf, sum, &st, nil, false)
				p.keys, p.lines = append(p.keys, k), append(p.lines, line{i, off, len(p.text)})
				return nil
			})
		})
	})
	if err != nil {
		return err
	}
	keys, lines := parts[0].keys, parts[0].lines
	for _, p := range parts[1:] {
		keys, lines = append(keys, p.keys...), append(lines, p.lines...)
	}
	order := actionOrder(keys)
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	w := bufio.NewWriterSize(a.out, 256<<10)
	for _, i := range order {
		l := lines[i]
		if _, err := w.Write(parts[l.part].text[l.off:l.end]); err != nil {
			return err
		}
	}
	return w.Flush()
}

// writeListPiped writes rows the way listPiped does, with the next
// reminder last when wide.
func (a *app) writeListPiped(order []*listRow, wide bool) error {
	w := bufio.NewWriterSize(a.out, 256<<10)
	tf := newRFC3339(a.loc)
	buf := make([]byte, 0, 512)
	for _, r := range order {
		buf = a.appendListLine(buf[:0], tf, &r.sum, &r.st, r.next, wide)
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return w.Flush()
}

// appendListLine appends a case's piped row, with its newline.
func (a *app) appendListLine(buf []byte, tf *rfc3339, s *cases.Summary, st *cases.StallState, next *reminders.Nudge, wide bool) []byte {
	buf = strconv.AppendUint(buf, s.Number, 10)
	buf = append(buf, '\t')
	if s.TrackingID == "" {
		buf = append(buf, '-')
	}
	buf = append(buf, s.TrackingID...)
	buf = append(buf, '\t')
	buf = append(buf, safetext.Line(displayDomain(s.Domain))...)
	buf = append(buf, '\t')
	buf = append(buf, s.Stage...)
	buf = append(buf, '\t')
	buf = tf.append(buf, s.StageSince)
	buf = append(buf, '\t')
	buf = tf.append(buf, s.LastActivity())
	switch {
	case st.Stalled:
		buf = append(buf, "\tyes\t"...)
	case s.SnoozedUntil != nil && a.now.Before(*s.SnoozedUntil):
		buf = append(buf, "\tsnoozed\t"...)
	default:
		buf = append(buf, "\tno\t"...)
	}
	buf = appendWaitingEN(buf, tf, s, st)
	buf = append(buf, '\t')
	// Titles may come from an import or an email: shown escaped, which
	// also keeps a tab or newline in one from breaking the row.
	buf = append(buf, safetext.Line(s.Title)...)
	if wide {
		buf = append(buf, '\t')
		buf = append(buf, a.fmtNudgePtr(next)...)
	}
	return append(buf, '\n')
}

// appendWaitingEN appends what waitingOnEN returns, as the piped list
// shows it, without making the string.
func appendWaitingEN(b []byte, tf *rfc3339, s *cases.Summary, st *cases.StallState) []byte {
	appendTime := func(b []byte, t time.Time) []byte {
		if t.IsZero() {
			return append(b, '-')
		}
		return tf.append(b, t)
	}
	switch {
	case s.Stage == cases.StageClosed:
		return append(b, '-')
	case st.PromiseOverdue:
		return appendTime(append(b, "callback overdue since "...), *st.Promise)
	case st.Promise != nil:
		return appendTime(append(b, "callback promised by "...), *st.Promise)
	case s.Stage == cases.StageRecovered && s.OpenChecks > 0:
		b = strconv.AppendInt(append(b, "you: "...), int64(s.OpenChecks), 10)
		return append(b, " hardening items open"...)
	}
	return append(b, safetext.Line(st.WaitingOn)...)
}

func (a *app) listCells(r *listRow) []string {
	s := &r.sum
	id := s.TrackingID
	if id == "" {
		id = "-"
	}
	stalled := "no"
	if r.st.Stalled {
		stalled = "yes"
	} else if s.SnoozedUntil != nil && a.now.Before(*s.SnoozedUntil) {
		stalled = "snoozed"
	}
	domain := displayDomain(s.Domain)
	inStage := ""
	if a.isTTY {
		inStage = a.fmtDuration(a.now.Sub(s.StageSince))
	} else {
		inStage = s.StageSince.In(a.loc).Format(time.RFC3339)
	}
	return []string{strconv.FormatUint(s.Number, 10), id, domain, a.stageName(s.Stage), inStage,
		a.fmtTime(s.LastActivity()), a.yesNo(stalled), a.waitingOn(s, &r.st), a.fmtNudgePtr(r.next), s.Title}
}

// waitingOn says what a case waits on, with the promised callback time in
// the output's time format, in the output's language.
func (a *app) waitingOn(s *cases.Summary, st *cases.StallState) string {
	if !a.p.JA() {
		return waitingOnEN(a, s, st)
	}
	switch {
	case s.Stage == cases.StageClosed:
		return "-"
	case st.PromiseOverdue:
		return a.p.T("waiting.overdue", "Promise", a.fmtTime(*st.Promise))
	case st.Promise != nil:
		return a.p.T("waiting.promised", "Promise", a.fmtTime(*st.Promise))
	case s.Stage == cases.StageRecovered && s.OpenChecks > 0:
		return a.p.T("waiting.hardening", "N", s.OpenChecks)
	}
	return a.waitingWords(st, s.Stage)
}

// waitingOnEN is waitingOn in English: the piped list is tab-separated
// data and does not change with the language.
func waitingOnEN(a *app, s *cases.Summary, st *cases.StallState) string {
	switch {
	case s.Stage == cases.StageClosed:
		return "-"
	case st.PromiseOverdue:
		return "callback overdue since " + a.fmtTime(*st.Promise)
	case st.Promise != nil:
		return "callback promised by " + a.fmtTime(*st.Promise)
	case s.Stage == cases.StageRecovered && s.OpenChecks > 0:
		return "you: " + strconv.Itoa(s.OpenChecks) + " hardening items open"
	}
	return st.WaitingOn
}

func (r *listRow) json(loc *time.Location) listJSON {
	var j listJSON
	s := &r.sum
	in := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		v := t.In(loc)
		return &v
	}
	j.Number, j.TrackingID, j.Domain, j.Admin, j.Country, j.Title = s.Number, s.TrackingID, s.Domain, s.Admin, s.Country, s.Title
	j.Customer = s.Customer
	j.Stage, j.StageSince, j.LastTouched = string(s.Stage), s.StageSince.In(loc), s.LastActivity().In(loc)
	j.Stalled, j.StallReason, j.Promise, j.Snoozed = r.st.Stalled, r.st.Reason(), in(r.st.Promise), in(s.SnoozedUntil)
	j.WaitingOn = r.st.WaitingOn
	if j.Promise != nil {
		j.WaitingOn = "callback promised by " + j.Promise.Format(time.RFC3339)
	}
	if !r.st.Deadline.IsZero() {
		j.Deadline = in(&r.st.Deadline)
	}
	if r.next != nil {
		j.NextNudge = &nudgeJSON{Kind: string(r.next.Kind), Due: r.next.Due.In(loc), Why: r.next.Why}
	}
	return j
}

// limitRows is the first n rows, or all of them when n is 0.
func limitRows(order []*listRow, n int) []*listRow {
	if n > 0 && len(order) > n {
		return order[:n]
	}
	return order
}

// sortedRows is rows in the order sortForAction gives, as pointers.
func sortedRows(rows []listRow) []*listRow {
	order := make([]*listRow, len(rows))
	for i := range rows {
		order[i] = &rows[i]
	}
	sortForAction(order)
	return order
}

// sortForAction puts what needs action first: stalled cases (longest
// overdue first), then open cases by nearest stall deadline, then closed
// cases by number. Each row's key is worked out once, not at every
// comparison; the number makes keys unique, so the order is the one a
// stable sort of the rows would give.
func sortForAction(rows []*listRow) {
	keys := make([]actionPos, len(rows))
	for i, r := range rows {
		k := &keys[i]
		k.num = r.sum.Number
		k.rank, k.sec, k.nsec = actionKey(&r.sum, &r.st)
	}
	sorted := make([]*listRow, len(rows))
	for i, j := range actionOrder(keys) {
		sorted[i] = rows[j]
	}
	copy(rows, sorted)
}

// actionKey is a case's place in sortForAction's order, before its
// number: the rank (0 stalled, 1 open with a stall deadline, 2 open
// without one, 3 closed) and, for ranks 0 and 1, the deadline.
func actionKey(s *cases.Summary, st *cases.StallState) (rank int32, sec int64, nsec int32) {
	switch {
	case s.Stage == cases.StageClosed:
		return 3, 0, 0
	case st.Stalled:
		rank = 0
	case st.Deadline.IsZero():
		return 2, 0, 0
	default:
		rank = 1
	}
	return rank, st.Deadline.Unix(), int32(st.Deadline.Nanosecond())
}

// actionPos is a row's place in sortForAction's order: see actionKey.
type actionPos struct {
	sec  int64
	num  uint64
	nsec int32
	rank int32
}

func (x *actionPos) compare(y *actionPos) int {
	if x.rank != y.rank {
		return int(x.rank - y.rank)
	}
	if x.sec != y.sec {
		return cmp.Compare(x.sec, y.sec)
	}
	if x.nsec != y.nsec {
		return int(x.nsec - y.nsec)
	}
	return cmp.Compare(x.num, y.num)
}

// actionOrder returns the indices of keys in sortForAction's order. Rows
// come in case-number order (the store's key order), and deadlines lie
// within a century or so of each other (cases are dated 2000 to 2099 and
// stall limits are at most a year of business time): then rank, deadline
// and nanoseconds pack into one number, and a stable radix sort on it
// gives the order comparisons would, in a tenth of the time. Other keys
// are compared.
func actionOrder(keys []actionPos) []uint32 {
	ok := true
	var lo, hi int64 // the earliest and latest deadline
	have, nanos := false, false
	for i := range keys {
		k := &keys[i]
		ok = ok && (i == 0 || keys[i-1].num < k.num)
		if k.rank > 1 {
			continue
		}
		if !have || k.sec < lo {
			lo = k.sec
		}
		if !have || k.sec > hi {
			hi = k.sec
		}
		have = true
		nanos = nanos || k.nsec != 0
		ok = ok && k.nsec >= 0 && k.nsec < 1<<30
	}
	// The fewer bits the keys take, the fewer passes the radix sort makes
	// (it skips the bytes every key shares): deadlines in whole seconds
	// leave the nanoseconds out.
	ok = ok && hi-lo >= 0 && hi-lo < 1<<32
	shift := 0
	if nanos {
		shift = 30
	}
	top := bits.Len64(uint64(hi-lo)) + shift
	packed := make([]uint64, len(keys))
	for i := range keys {
		k := &keys[i]
		p := uint64(k.rank) << top
		if k.rank <= 1 {
			p |= uint64(k.sec-lo)<<shift | uint64(k.nsec)
		}
		packed[i] = p
	}
	if ok {
		return radixOrder(packed)
	}
	order := make([]uint32, len(keys))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(i, j uint32) int { return keys[i].compare(&keys[j]) })
	return order
}

// displayDomain shows an internationalised domain in Unicode; the check
// keeps the common ASCII case free of IDNA work on long lists.
func displayDomain(ascii string) string {
	if !strings.Contains(ascii, "xn--") {
		return ascii
	}
	return cases.DisplayDomain(ascii)
}
