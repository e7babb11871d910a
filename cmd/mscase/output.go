package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
	"github.com/mattn/go-runewidth"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/safetext"
)

// maxStyledRows is the most rows drawn as a lipgloss table; longer lists are
// written as plain aligned rows so 10,000 cases never go through the styler.
const maxStyledRows = 300

// fmtTime shows t relative on a terminal ("2 days ago", "Thu 18:00"; "2日前")
// and as RFC 3339 when piped.
func (a *app) fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if !a.isTTY {
		return t.In(a.loc).Format(time.RFC3339)
	}
	return a.p.Rel(t.In(a.loc), a.now.In(a.loc))
}

// fmtTimeIn is fmtTime in p's language: the brief speaks the case's
// language, which may not be the terminal's.
func (a *app) fmtTimeIn(p *msg.Printer, t time.Time) string {
	if t.IsZero() || !a.isTTY {
		return a.fmtTime(t)
	}
	return p.Rel(t.In(a.loc), a.now.In(a.loc))
}

// fmtDuration writes a span compactly in the app's language: "45m", "5h",
// "2d 3h"; "45分", "5時間", "1日4時間".
func (a *app) fmtDuration(d time.Duration) string { return a.p.Duration(d) }

// writeJSON prints v as indented JSON on stdout. encoding/json escapes C0
// controls; safetext.JSON escapes the C1 and bidi controls it leaves raw,
// so that `--json` on a terminal is as safe as the table. "<", ">" and "&"
// stay readable: this is not HTML.
func (a *app) writeJSON(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := a.out.Write(safetext.JSON(buf.Bytes()))
	return err
}

// printTable writes rows: piped as tab-separated lines with no styling, on a
// terminal as a lipgloss table (or, past maxStyledRows, plain aligned
// columns through the pager). style, when not nil, styles one cell.
//
// Every cell is shown through safetext.Line: cells hold outside text (DNS
// answers, titles from emails), and a tab or newline in one would break
// the row. Cells must therefore not be styled already; style does that.
func (a *app) printTable(headers []string, rows [][]string, style func(row, col int) lipgloss.Style) error {
	if !a.isTTY {
		w := bufio.NewWriterSize(a.out, 64<<10)
		for _, r := range rows {
			for i, c := range r {
				if i > 0 {
					w.WriteByte('\t')
				}
				w.WriteString(safetext.Line(c))
			}
			w.WriteByte('\n')
		}
		return w.Flush()
	}
	headers, rows = safeCells(headers), safeRows(rows)
	rows = fitWidth(headers, rows, a.width)
	headers = a.headings(headers)
	if len(rows) > maxStyledRows {
		return a.page(aligned(headers, rows))
	}
	t := table.New().
		Border(lipgloss.NormalBorder()).
		BorderStyle(a.st.Border).
		BorderColumn(false).BorderLeft(false).BorderRight(false).BorderTop(false).BorderBottom(false).
		Headers(headers...).
		Rows(rows...).
		StyleFunc(func(row, col int) lipgloss.Style {
			base := a.st.r.NewStyle().PaddingRight(2)
			if row == table.HeaderRow {
				return base.Inherit(a.st.Header)
			}
			if style != nil {
				return base.Inherit(style(row, col))
			}
			return base
		})
	s := t.String()
	return a.page([]byte(s + "\n"))
}

// safeCells returns cells shown through safetext.Line, copying only when
// one changes.
func safeCells(cells []string) []string {
	out, _ := safeCellsChanged(cells)
	return out
}

func safeCellsChanged(cells []string) ([]string, bool) {
	var out []string
	for i, c := range cells {
		if s := safetext.Line(c); s != c {
			if out == nil {
				out = append([]string(nil), cells...)
			}
			out[i] = s
		}
	}
	if out == nil {
		return cells, false
	}
	return out, true
}

func safeRows(rows [][]string) [][]string {
	var out [][]string
	for i, r := range rows {
		if s, changed := safeCellsChanged(r); changed {
			if out == nil {
				out = append([][]string(nil), rows...)
			}
			out[i] = s
		}
	}
	if out == nil {
		return rows
	}
	return out
}

// keepWhole are columns never shortened to fit a terminal: what the admin
// reads out on the phone and what says where a case stands.
var keepWhole = map[string]bool{"#": true, "TRACKING ID": true, "STAGE": true, "STALLED": true, "CASE": true, "KIND": true, "WHEN": true}

// minWidths are the narrowest a free-text column is shortened to, so that
// what is left still reads ("contoso.co…", not "contoso…"); others keep 8.
var minWidths = map[string]int{"DOMAIN": 12, "WAITING FOR": 20, "NEXT NUDGE": 14, "DO": 20}

func minWidth(header string) int {
	w, ok := minWidths[header]
	if !ok {
		w = 8
	}
	// Headers are never shortened: a column is at least as wide as its own.
	return max(w, runewidth.StringWidth(header))
}

// fitWidth shortens the widest free-text columns, with "…", until a table
// of rows with two spaces between columns fits in width display cells (0:
// no limit). Columns in keepWhole are never shortened and others keep at
// least 8 cells, so a very narrow terminal still wraps rather than hiding a
// TrackingID. rows is not modified.
func fitWidth(headers []string, rows [][]string, width int) [][]string {
	if width <= 0 {
		return rows
	}
	const gap = 2
	var wm widthMemo
	w := make([]int, len(headers))
	for i, h := range headers {
		w[i] = wm.of(h)
	}
	for _, r := range rows {
		for i, c := range r {
			if i < len(w) {
				w[i] = max(w[i], wm.of(c))
			}
		}
	}
	total := func() int {
		t := 0
		for _, x := range w {
			t += x + gap
		}
		return t
	}
	limit := append([]int(nil), w...)
	for total() > width {
		// Shorten the column with the most room above its minimum.
		widest := -1
		for i := range w {
			if !keepWhole[headers[i]] && w[i] > minWidth(headers[i]) && (widest < 0 || w[i]-minWidth(headers[i]) > w[widest]-minWidth(headers[widest])) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		w[widest]--
	}
	changed := false
	for i := range w {
		changed = changed || w[i] < limit[i]
	}
	if !changed {
		return rows
	}
	out := make([][]string, len(rows))
	for r, row := range rows {
		out[r] = make([]string, len(row))
		for i, c := range row {
			if i < len(w) && wm.of(c) > w[i] {
				c = runewidth.Truncate(c, w[i], "…")
			}
			out[r][i] = c
		}
	}
	return out
}

// writeAligned writes columns padded by display width, so that double-width
// (East Asian) text stays aligned without a styled table. Each cell's width
// is measured once: on 10,000 rows measuring is most of the work.
func writeAligned(w io.Writer, headers []string, rows [][]string) {
	w.Write(aligned(headers, rows))
}

// aligned is what writeAligned writes.
func aligned(headers []string, rows [][]string) []byte {
	widths := make([]int, len(headers))
	cells := make([]int, 0, (len(rows)+1)*len(headers))
	var wm widthMemo
	measure := func(r []string) {
		for i, c := range r {
			cw := 0
			if i < len(r)-1 { // the last column is not padded
				cw = wm.of(c)
			}
			cells = append(cells, cw)
			if i < len(widths) && cw > widths[i] {
				widths[i] = cw
			}
		}
	}
	measure(headers)
	for _, r := range rows {
		measure(r)
	}
	// The exact size, so that a table of 10,000 rows is not copied over
	// and over as it grows.
	size, next := 0, 0
	for _, r := range append([][]string{headers}, rows...) {
		for i, c := range r {
			size += len(c)
			if i < len(r)-1 {
				size += max(widths[i]-cells[next]+2, 0)
			}
			next++
		}
		size++
	}
	b := make([]byte, 0, size)
	next = 0
	line := func(r []string) {
		for i, c := range r {
			cw := cells[next]
			next++
			b = append(b, c...)
			if i == len(r)-1 {
				break
			}
			for pad := widths[i] - cw + 2; pad > 0; pad-- {
				b = append(b, ' ')
			}
		}
		b = append(b, '\n')
	}
	line(headers)
	for _, r := range rows {
		line(r)
	}
	return b
}

// widthMemo is cellWidth remembering the widths of text that is not plain
// ASCII: a long table repeats the same titles and stage names many times.
type widthMemo map[string]int

func (m *widthMemo) of(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			if w, ok := (*m)[s]; ok {
				return w
			}
			if *m == nil {
				*m = widthMemo{}
			}
			w := runewidth.StringWidth(s)
			if len(*m) < 4096 {
				(*m)[s] = w
			}
			return w
		}
	}
	return len(s)
}

// cellWidth is runewidth.StringWidth with a fast path for printable ASCII,
// one cell per byte: the grapheme segmentation it otherwise does costs a
// microsecond per cell, seconds on a 10,000-row table.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return runewidth.StringWidth(s)
		}
	}
	return len(s)
}

// page writes b, through $PAGER when the output is a terminal and b is
// taller than it.
func (a *app) page(b []byte) error {
	f, ok := a.out.(*os.File)
	if !ok || !a.isTTY || a.height <= 0 || bytes.Count(b, []byte("\n")) < a.height {
		_, err := a.out.Write(b)
		return err
	}
	pager := a.getenv("PAGER")
	if pager == "" {
		pager = "less -FRX"
		if runtime.GOOS == "windows" {
			pager = "more"
		}
	}
	argv := strings.Fields(pager)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(b), f, a.errOut
	if err := cmd.Run(); err != nil {
		_, werr := a.out.Write(b)
		return werr
	}
	return nil
}

// hint prints a line on stderr, only when stderr is a terminal. Like
// confirm, it neutralises control characters in what it is given.
func (a *app) hint(format string, args ...any) {
	if a.errTTY {
		fmt.Fprintln(a.errOut, safetext.Text(fmt.Sprintf(format, args...)))
	}
}

// warn prints "mscase: warning: …" on stderr, neutralised like confirm.
func (a *app) warn(format string, args ...any) {
	fmt.Fprintln(a.errOut, "mscase: warning: "+safetext.Text(fmt.Sprintf(format, args...)))
}

// say prints the message id of the catalogs, in the app's language, on
// stderr: a confirmation, neutralised like confirm.
func (a *app) say(id string, kv ...any) { a.confirm("%s", a.p.T(id, kv...)) }

// sayN is say with the plural message id for the count n.
func (a *app) sayN(id string, n int, kv ...any) { a.confirm("%s", a.p.N(id, n, kv...)) }

// warnT prints "mscase: warning: " and the message id in the app's
// language.
func (a *app) warnT(id string, kv ...any) { a.warn("%s", a.p.T(id, kv...)) }

// confirm prints a confirmation on stderr. The values in it may be outside
// text (an email's sender and subject): control characters are shown
// escaped; newlines stay, for the messages that list things.
func (a *app) confirm(format string, args ...any) {
	fmt.Fprintln(a.errOut, safetext.Text(fmt.Sprintf(format, args...)))
}
