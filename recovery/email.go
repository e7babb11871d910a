package recovery

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mscase/mscase/cases"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/width"

	"github.com/mscase/mscase/safetext"
)

// Email is what ParseEmail read from a support email.
type Email struct {
	From        string    `json:"from,omitempty"`         // as written: "Microsoft Support <supportmail@techsupport.microsoft.com>"
	FromAddress string    `json:"from_address,omitempty"` // the address alone, when it could be parsed
	Subject     string    `json:"subject,omitempty"`
	MessageID   string    `json:"message_id,omitempty"` // the Message-ID header without its angle brackets, when the email has one
	Date        time.Time `json:"date,omitzero"`        // zero when the email has no readable date
	// TrackingIDs are the candidate TrackingIDs, most likely first: those
	// in the subject, then those labelled as such in the text. More than
	// one means the email is ambiguous and the caller should ask.
	TrackingIDs []string    `json:"tracking_ids"`
	Candidates  []Candidate `json:"candidates"`
	Summary     string      `json:"summary"`           // the first meaningful lines of the text, at most 200 characters
	Charset     string      `json:"charset,omitempty"` // of the text that was read
	Text        string      `json:"-"`                 // the decoded text the summary comes from
}

// Candidate is one TrackingID found in an email and where it was found, so
// a question about an ambiguous email can show both.
type Candidate struct {
	ID      string `json:"id"`
	Where   string `json:"where"`   // "subject" or "text"
	Context string `json:"context"` // the words around it, e.g. "TrackingID#2411250040001234"
}

// ErrNoTrackingID means the email has no number that looks like a
// TrackingID.
var ErrNoTrackingID = errors.New("no TrackingID found")

// NoTrackingIDError is ErrNoTrackingID for one email.
type NoTrackingIDError struct{ Subject string }

// Error says what went wrong in one line.
func (e *NoTrackingIDError) Error() string {
	what := "the email"
	if e.Subject != "" {
		what = "the email " + safetext.Quote(e.Subject)
	}
	return fmt.Sprintf("no TrackingID found in %s: expected a number like TrackingID#2411250040001234 or サポート リクエスト番号: 2411250040001234", what)
}

// Unwrap makes errors.Is(err, ErrNoTrackingID) true.
func (e *NoTrackingIDError) Unwrap() error { return ErrNoTrackingID }

// ErrUnknownCharset means the email declares a character set this program
// cannot decode.
var ErrUnknownCharset = errors.New("unknown character set")

// CharsetError names the character set.
type CharsetError struct{ Charset string }

// Error says what went wrong in one line.
func (e *CharsetError) Error() string {
	return fmt.Sprintf("the email is in the unknown character set %s: save or paste it as UTF-8 text and try again", safetext.Quote(e.Charset))
}

// Unwrap makes errors.Is(err, ErrUnknownCharset) true.
func (e *CharsetError) Unwrap() error { return ErrUnknownCharset }

// maxEmail bounds what ParseEmail reads: a support email with a few
// screenshots attached.
const maxEmail = 32 << 20

// ParseEmail reads one email, either a saved .eml (MIME, multipart,
// quoted-printable or base64, any common charset including ISO-2022-JP,
// Shift_JIS, EUC-JP and UTF-8, RFC 2047 encoded headers) or text pasted
// from a mail program (with or without its From/Sent/Subject lines, in
// English or Japanese). It finds the candidate TrackingIDs, the sender,
// the subject, the date and a short summary.
//
// Dates written without a zone, as pasted text has them, are read in loc
// (UTC when nil). When no TrackingID is found it returns the email read so
// far together with a *NoTrackingIDError; an undecodable charset gives a
// *CharsetError.
func ParseEmail(r io.Reader, loc *time.Location) (*Email, error) {
	if loc == nil {
		loc = time.UTC
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxEmail+1))
	if err != nil {
		return nil, fmt.Errorf("read the email: %w", err)
	}
	if len(raw) > maxEmail {
		return nil, &cases.InputError{Field: "email", Value: fmt.Sprintf("%d MB", len(raw)>>20), Want: fmt.Sprintf("is larger than %d MB: is this one email?", maxEmail>>20),
			Code: cases.CodeEmailTooLarge, Args: []string{strconv.Itoa(maxEmail >> 20)}}
	}
	raw, bomCharset := stripBOM(raw)
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, &cases.InputError{Field: "email", Want: "is empty: paste the whole email, or save it as .eml", Code: cases.CodeEmailEmpty}
	}
	if err := checkText(raw); err != nil {
		return nil, err
	}
	var e *Email
	if msg, ok := readMessage(raw); ok && bomCharset == "" {
		e, err = parseMIME(msg, loc)
	} else {
		e, err = parsePasted(raw, bomCharset, loc)
	}
	if err != nil {
		return nil, err
	}
	if err := checkText([]byte(e.Text)); err != nil {
		return nil, err
	}
	e.Summary = summarize(e.Text)
	if len(e.TrackingIDs) == 0 {
		return e, &NoTrackingIDError{Subject: e.Subject}
	}
	return e, nil
}

// stripBOM drops a byte order mark; UTF-16 text (Windows Notepad's
// "Unicode") is converted to UTF-8.
func stripBOM(b []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], "utf-8"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Bytes(b)
		if err == nil {
			return out, "utf-16"
		}
	}
	return b, ""
}

// mailHeaders are headers a real message has and pasted text does not.
var mailHeaders = []string{"Content-Type", "Mime-Version", "Message-Id", "Received", "Return-Path", "Content-Transfer-Encoding", "Dkim-Signature", "X-Ms-Exchange-Organization-Authas"}

// readMessage parses b as a message when it has the headers of one.
func readMessage(b []byte) (*mail.Message, bool) {
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return nil, false
	}
	for _, h := range mailHeaders {
		if _, ok := msg.Header[h]; ok {
			return msg, true
		}
	}
	// "From:" and "Subject:" alone may be text pasted from Outlook; they are
	// read the same way, but a Date header makes it a real message.
	_, date := msg.Header["Date"]
	return msg, date
}

func parseMIME(msg *mail.Message, loc *time.Location) (*Email, error) {
	e := &Email{}
	var err error
	if e.Subject, err = decodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, err
	}
	if e.From, err = decodeHeader(msg.Header.Get("From")); err != nil {
		return nil, err
	}
	if a, err := (&mail.AddressParser{WordDecoder: wordDecoder}).Parse(msg.Header.Get("From")); err == nil {
		e.FromAddress = a.Address
		if a.Name != "" {
			e.From = a.Name + " <" + a.Address + ">"
		} else {
			e.From = a.Address
		}
	}
	if d, err := mail.ParseDate(msg.Header.Get("Date")); err == nil {
		e.Date = d
	}
	if id := strings.Trim(strings.TrimSpace(msg.Header.Get("Message-Id")), "<>"); id != "" && len(id) <= 998 && printableASCII(id) {
		e.MessageID = id
	}
	w := &walker{}
	if err := w.walk(msg.Header, msg.Body, 0); err != nil {
		return nil, err
	}
	e.Text, e.Charset = w.body()
	addCandidates(e, "subject", e.Subject)
	addCandidates(e, "text", e.Text)
	for _, t := range w.more {
		addCandidates(e, "text", t)
	}
	if len(e.TrackingIDs) == 0 {
		addBare(e, "subject", e.Subject)
		addBare(e, "text", e.Text)
	}
	return e, nil
}

// walker collects the text parts of a MIME tree.
type walker struct {
	plain, htm       string
	plainCS, htmlCS  string
	more             []string // texts of attached messages
	seenPlain, seenH bool
}

func (w *walker) body() (string, string) {
	if w.seenPlain {
		return w.plain, w.plainCS
	}
	return w.htm, w.htmlCS
}

// maxDepth bounds nested multiparts and attached messages.
const maxDepth = 8

func (w *walker) walk(h map[string][]string, body io.Reader, depth int) error {
	if depth > maxDepth {
		return nil
	}
	get := func(k string) string {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ct := get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// A broken Content-Type: read the body as text, as mail programs do.
		mt, params = "text/plain", map[string]string{}
		// Lower-case ASCII only: strings.ToLower can change the length
		// (a stray 0xff becomes a 3-byte U+FFFD) and i must index ct.
		if i := strings.Index(asciiLower(ct), "charset="); i >= 0 {
			// "charset=" may be followed by nothing at all.
			if f := strings.Fields(ct[i+len("charset="):]); len(f) > 0 {
				params["charset"] = strings.Trim(f[0], `"';`)
			}
		}
	}
	disp, _, _ := mime.ParseMediaType(get("Content-Disposition"))
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				// A truncated paste of an .eml: keep what was read.
				return nil
			}
			if err := w.walk(p.Header, p, depth+1); err != nil {
				return err
			}
		}
	case mt == "message/rfc822":
		msg, err := mail.ReadMessage(transferDecode(body, get("Content-Transfer-Encoding")))
		if err != nil {
			return nil
		}
		sub := &walker{}
		if err := sub.walk(msg.Header, msg.Body, depth+1); err != nil {
			return err
		}
		subj, err := decodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			return err
		}
		t, _ := sub.body()
		w.more = append(w.more, subj, t)
		w.more = append(w.more, sub.more...)
		return nil
	case disp == "attachment":
		return nil
	case mt == "text/plain" && !w.seenPlain, mt == "text/html" && !w.seenH:
		b, err := io.ReadAll(transferDecode(body, get("Content-Transfer-Encoding")))
		if err != nil && len(b) == 0 {
			return nil
		}
		text, cs, err := decodeCharset(b, params["charset"])
		if err != nil {
			return err
		}
		if mt == "text/html" {
			w.htm, w.htmlCS, w.seenH = htmlText(text), cs, true
		} else {
			w.plain, w.plainCS, w.seenPlain = text, cs, true
		}
	}
	return nil
}

// asciiLower lower-cases A-Z and leaves every other byte as it is, so
// indexes into the result are indexes into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// transferDecode undoes the Content-Transfer-Encoding.
func transferDecode(r io.Reader, cte string) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Clean{r: bufio.NewReader(r)})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Clean passes only base64 characters, so that line breaks, spaces
// and a stray character from a mail program do not stop the decoder.
type base64Clean struct{ r *bufio.Reader }

func (c *base64Clean) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		b, err := c.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '=' {
			p[n] = b
			n++
		}
	}
	return n, nil
}

// charsetAliases are names mail programs use that the indexes do not know.
var charsetAliases = map[string]encoding.Encoding{
	"cp932":        japanese.ShiftJIS,
	"ms932":        japanese.ShiftJIS,
	"windows-31j":  japanese.ShiftJIS,
	"x-sjis":       japanese.ShiftJIS,
	"sjis":         japanese.ShiftJIS,
	"shift-jis":    japanese.ShiftJIS,
	"x-euc-jp":     japanese.EUCJP,
	"eucjp":        japanese.EUCJP,
	"iso-2022-jp":  japanese.ISO2022JP,
	"csiso2022jp":  japanese.ISO2022JP,
	"utf8":         xunicode.UTF8,
	"x-unknown":    nil,
	"unknown-8bit": nil,
}

// lookupCharset finds the decoder for a declared charset name.
func lookupCharset(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.Trim(strings.TrimSpace(name), `"'`))
	if enc, ok := charsetAliases[n]; ok {
		if enc == nil {
			return nil, &CharsetError{Charset: name}
		}
		return enc, nil
	}
	if strings.HasPrefix(n, "iso-2022-jp") {
		// -2, -3, -ms: the common characters decode the same way.
		return japanese.ISO2022JP, nil
	}
	if enc, err := htmlindex.Get(n); err == nil && enc != encoding.Replacement {
		return enc, nil
	}
	if enc, err := ianaindex.MIME.Encoding(n); err == nil && enc != nil {
		return enc, nil
	}
	return nil, &CharsetError{Charset: name}
}

// decodeCharset turns b into UTF-8 text. With no declared charset it
// guesses among UTF-8, ISO-2022-JP, Shift_JIS, EUC-JP and Windows-1252.
func decodeCharset(b []byte, declared string) (text, charset string, err error) {
	if strings.TrimSpace(declared) == "" || strings.EqualFold(declared, "us-ascii") && !isASCII(b) {
		t, cs := guessDecode(b)
		return normalizeNewlines(t), cs, nil
	}
	enc, err := lookupCharset(declared)
	if err != nil {
		return "", "", err
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", fmt.Errorf("decode the email text as %s: %w", declared, err)
	}
	return normalizeNewlines(string(out)), strings.ToLower(declared), nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// guessDecode decodes undeclared bytes: UTF-8 when valid, ISO-2022-JP when
// it has its escape sequences, else whichever of Shift_JIS and EUC-JP
// decodes cleanly into more Japanese, else Windows-1252.
func guessDecode(b []byte) (string, string) {
	if bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@")) {
		if out, err := japanese.ISO2022JP.NewDecoder().Bytes(b); err == nil {
			return string(out), "iso-2022-jp"
		}
	}
	if utf8.Valid(b) {
		return string(b), "utf-8"
	}
	best, bestCS, bestScore := "", "", -1
	for _, c := range []struct {
		name string
		enc  encoding.Encoding
	}{{"shift_jis", japanese.ShiftJIS}, {"euc-jp", japanese.EUCJP}} {
		out, err := c.enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		s := string(out)
		if strings.ContainsRune(s, utf8.RuneError) {
			continue
		}
		score := 0
		for _, r := range s {
			if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
				score++
			}
		}
		if score > bestScore {
			best, bestCS, bestScore = s, c.name, score
		}
	}
	if bestScore > 0 {
		return best, bestCS
	}
	out, _ := charsetAliases["utf8"].NewDecoder().Bytes(b) // replaces bad bytes
	if w, err := htmlindex.Get("windows-1252"); err == nil {
		if o, err := w.NewDecoder().Bytes(b); err == nil {
			out = o
		}
	}
	return string(out), "windows-1252"
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// wordDecoder decodes RFC 2047 encoded words in any charset lookupCharset
// knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	enc, err := lookupCharset(charset)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(input), nil
}}

// decodeHeader decodes a header value: RFC 2047 encoded words, or raw
// 8-bit or ISO-2022-JP bytes that some mail programs still send.
func decodeHeader(v string) (string, error) {
	s, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		var ce *CharsetError
		if errors.As(err, &ce) {
			return "", ce
		}
		s = v // a malformed encoded word: show it as it is
	}
	if !utf8.ValidString(s) || strings.Contains(s, "\x1b$") {
		s, _ = guessDecode([]byte(s))
	}
	return strings.Join(strings.Fields(s), " "), nil
}

// htmlText turns an HTML body into lines of text.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteByte(' ')
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if t := z.Token().Type; t == html.StartTagToken {
					skip++
				} else if t == html.EndTagToken && skip > 0 {
					skip--
				}
			case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote":
				b.WriteByte('\n')
			}
		}
	}
}

// Pasted text ------------------------------------------------------------

var (
	// Header lines of text pasted from Outlook, Gmail or a Japanese mail
	// program, with ASCII or full-width colons.
	rePastedHeader = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*(From|Sent|Date|To|Cc|Subject|差出人|送信者|送信日時|日付|日時|宛先|件名|CC)\s*[:：]\s*(.*)$`)
	})
)

func parsePasted(raw []byte, charset string, loc *time.Location) (*Email, error) {
	text, cs := guessDecode(raw)
	if charset != "" {
		cs = charset
	}
	text = normalizeNewlines(text)
	e := &Email{Charset: cs}
	lines := strings.Split(text, "\n")
	// Header lines at the top (after blank lines) belong to the email, not
	// its text.
	start := 0
	for start < len(lines) && strings.TrimSpace(lines[start]) == "" {
		start++
	}
	i := start
	for ; i < len(lines) && i < start+12; i++ {
		m := rePastedHeader().FindStringSubmatch(lines[i])
		if m == nil {
			break
		}
		v := strings.TrimSpace(m[2])
		switch m[1] {
		case "From", "差出人", "送信者":
			e.From = v
			if a, err := mail.ParseAddress(v); err == nil {
				e.FromAddress = a.Address
			}
		case "Subject", "件名":
			e.Subject = v
		case "Sent", "Date", "送信日時", "日付", "日時":
			e.Date = parseLooseDate(v, loc)
		}
	}
	e.Text = strings.Join(lines[i:], "\n")
	addCandidates(e, "subject", e.Subject)
	addCandidates(e, "text", e.Text)
	if len(e.TrackingIDs) == 0 {
		addBare(e, "subject", e.Subject)
		addBare(e, "text", e.Text)
	}
	return e, nil
}

var reWeekday = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*[(（][月火水木金土日][)）]\s*`) })

// parseLooseDate reads the dates mail programs write in pasted headers.
func parseLooseDate(s string, loc *time.Location) time.Time {
	v := strings.Join(strings.Fields(reWeekday().ReplaceAllString(s, " ")), " ")
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	for _, layout := range []string{
		"Monday, January 2, 2006 3:04 PM", "Monday, 2 January 2006 15:04", "Monday, January 2, 2006 15:04",
		"Mon, Jan 2, 2006 at 3:04 PM", "Mon, Jan 2, 2006, 3:04 PM", "January 2, 2006 3:04 PM", "2 January 2006 15:04",
		"2006年1月2日 15:04", "2006年1月2日 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04", "2006/01/02 15:04:05", "2006-01-02 15:04",
	} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}

// TrackingIDs ------------------------------------------------------------

var (
	// A number with a label that says it is the service request's.
	reLabelled = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(tracking\s*id|\bcase(?:\s*(?:number|no\.?|id|#))?|\bticket(?:\s*(?:number|no\.?|id))?|service\s*request(?:\s*(?:number|no\.?|id))?|support\s*request(?:\s*(?:number|no\.?|id))?|\brequest\s*(?:number|no\.?|id)|\bSR\b|サポート\s*リクエスト\s*(?:番号|ID)|サービス\s*リクエスト\s*(?:番号|ID)|リクエスト\s*(?:番号|ID)|チケット\s*(?:番号|ID)|ケース\s*(?:番号|ID)|お?問い?合わ?せ\s*番号|追跡\s*(?:番号|ID)|受付\s*番号|案件\s*番号)[\s#:.=は「『\[(]*([0-9]-[0-9]{13}|[0-9]{7,20})`)
	})
	// A bare 16-digit number starting with a date, as today's TrackingIDs do.
	reBare = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[0-9]{16,}`) })
)

// addCandidates adds the labelled TrackingIDs in s.
func addCandidates(e *Email, where, s string) {
	f := width.Fold.String(s) // full-width digits and colons to ASCII
	for _, m := range reLabelled().FindAllStringSubmatchIndex(f, -1) {
		end := m[5]
		if end < len(f) && f[end] >= '0' && f[end] <= '9' {
			continue // more than 20 digits: not a TrackingID
		}
		addCandidate(e, where, f[m[4]:m[5]], f[m[2]:m[5]])
	}
}

// addBare adds 16-digit numbers that start with a plausible YYMMDD.
func addBare(e *Email, where, s string) {
	f := width.Fold.String(s)
	for _, m := range reBare().FindAllStringIndex(f, -1) {
		n := f[m[0]:m[1]]
		if len(n) != 16 {
			continue
		}
		if _, err := time.Parse("060102", n[:6]); err != nil {
			continue
		}
		addCandidate(e, where, n, n)
	}
}

func addCandidate(e *Email, where, id, context string) {
	v, err := cases.ParseTrackingID(id)
	if err != nil {
		return
	}
	for _, have := range e.TrackingIDs {
		if have == v {
			return
		}
	}
	e.TrackingIDs = append(e.TrackingIDs, v)
	e.Candidates = append(e.Candidates, Candidate{ID: v, Where: where, Context: strings.Join(strings.Fields(context), " ")})
}

// Summary ----------------------------------------------------------------

// maxSummary is the longest summary, in characters.
const maxSummary = 200

var (
	// Where the new text of a reply ends.
	reQuoteStart = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(-{2,}\s*original message\s*-{2,}|-{2,}\s*元のメッセージ\s*-{2,}|_{10,}|-- ?$|on .{5,80} wrote:$|.{0,60}に.{0,40}(が|は)書きました[:：]?$|(from|差出人)\s*[:：])`)
	})
	// Where the message ends and the signature starts.
	reSignoff = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(best regards|kind regards|regards|sincerely|thanks|thank you|many thanks|cheers|best|よろしくお願い(いた|致)?します|以上、?よろしくお願い.*)[,.!、。]?$`)
	})
	// Lines that carry no news.
	reGreeting = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(hello|hi|dear|good (morning|afternoon|evening)|greetings)\b.{0,50}$|^thank you for (contacting|choosing) microsoft.*$|様[、,]?$|さま[、,]?$|御中$|^お世話になって?おります|^お世話になります|^いつもお世話|^こんにちは|^拝啓`)
	})
)

// summarize keeps the first meaningful lines of text: no greetings, no
// quoted reply, at most maxSummary characters.
func summarize(text string) string {
	var parts []string
	n := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if (reQuoteStart().MatchString(l) || reSignoff().MatchString(l)) && n > 0 {
			break
		}
		if l == "" || strings.HasPrefix(l, ">") || reGreeting().MatchString(l) || reQuoteStart().MatchString(l) || !hasLetter(l) {
			continue
		}
		parts = append(parts, l)
		n += utf8.RuneCountInString(l) + 1
		if n >= maxSummary || len(parts) == 3 {
			break
		}
	}
	s := strings.Join(parts, " ")
	if utf8.RuneCountInString(s) > maxSummary {
		r := []rune(s)[:maxSummary-1]
		// Cut English at a word; Japanese has no spaces to cut at.
		if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))-30 && i > 0 {
			r = []rune(string(r)[:i])
		}
		s = strings.TrimRight(string(r), " ,;:、") + "…"
	}
	return s
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// printableASCII reports whether s is only printable ASCII: a Message-ID
// with anything else is not kept (it is compared, never trusted).
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
