package recovery

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Implication is something a support email asks for or reports that moves
// the case on: the reset is done, a DNS TXT record is wanted (with its
// value), documents are wanted, or the request was closed. The caller turns
// it into the next command; this package only reports the fact and the
// words that gave it away.
type Implication struct {
	Kind   ImplicationKind `json:"kind"`
	Value  string          `json:"value,omitempty"`  // the TXT value, for ImpliesTXT
	Phrase string          `json:"phrase,omitempty"` // the words in the email
}

// ImplicationKind names what an email implies.
type ImplicationKind string

// What an email may imply.
const (
	ImpliesResetDone ImplicationKind = "reset-done"     // the admin account was reset: sign in, re-register MFA
	ImpliesTXT       ImplicationKind = "txt-record"     // publish a DNS TXT record to prove domain ownership
	ImpliesDocuments ImplicationKind = "documents"      // send documents to prove ownership
	ImpliesClosed    ImplicationKind = "request-closed" // the service request was closed
)

// ImplicationPhrases are the English and Japanese wordings that imply each
// kind, in the order they are tried. Tests list real wordings against them.
var ImplicationPhrases = []struct {
	Kind    ImplicationKind
	Pattern string
}{
	{ImpliesResetDone, `(?i)\b(password|account|MFA|multi-?factor|authentication methods?)\b[^\n]{0,60}?\b(has|have|was|were) been (reset|cleared|removed)`},
	{ImpliesResetDone, `(?i)\breset (is|has been|was) (now )?complete`},
	{ImpliesResetDone, `(?i)\bwe (have|'ve) (reset|cleared|removed)\b`},
	{ImpliesResetDone, `(?i)\byou (should|can|will) now be able to sign in`},
	{ImpliesResetDone, `リセット(が|を)?(完了|実施)(いた)?しました`},
	{ImpliesResetDone, `リセット(いた)?しました`},
	{ImpliesResetDone, `(多要素認証|MFA|認証方法)[^。]{0,30}(解除|削除|リセット)(いた)?しました`},
	{ImpliesResetDone, `サインインできる(ように|状態に)なりました`},
	{ImpliesTXT, `(?i)\bTXT[ -]?record`},
	{ImpliesTXT, `TXT ?レコード`},
	{ImpliesDocuments, `(?i)\b(provide|send|submit|attach|upload)\b[^.]{0,60}\b(documents?|documentation|proof of (ownership|identity)|registration|certificate|invoice)`},
	{ImpliesDocuments, `(?i)\bproof of (ownership|identity)\b[^.]{0,40}\b(is|are) (required|needed)`},
	{ImpliesDocuments, `(書類|証明書|登記簿|登記事項証明書|請求書)[^。]{0,30}(提出|送付|添付|お送り|ご用意)`},
	{ImpliesDocuments, `(提出|送付|添付)[^。]{0,10}(書類|証明書)`},
	{ImpliesClosed, `(?i)\b(service request|request|case|ticket)\b[^.]{0,30}\b(has been|is|was|will be) (now )?closed`},
	{ImpliesClosed, `(?i)\b(we are|we're|I am|I'm|we will be|we will) clos(e|ing) (this|your|the) (service request|request|case|ticket)`},
	{ImpliesClosed, `(サポート ?リクエスト|お問い合わせ|リクエスト|ケース|案件)[^。]{0,20}(クローズ|終了)(いたしました|しました|させていただきます|させていただきました|となりました)`},
}

var (
	implicationRes = sync.OnceValue(func() []*regexp.Regexp {
		res := make([]*regexp.Regexp, len(ImplicationPhrases))
		for i, p := range ImplicationPhrases {
			res[i] = regexp.MustCompile(p.Pattern)
		}
		return res
	})
	reTXTValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bMS=ms[0-9]{4,12}\b`) })
)

// Implications lists what the email's subject and text imply, at most one
// of each kind, in the order of the kinds above.
func (e *Email) Implications() []Implication {
	text := e.Subject + "\n" + e.Text
	var out []Implication
	seen := map[ImplicationKind]bool{}
	for i, re := range implicationRes() {
		k := ImplicationPhrases[i].Kind
		if seen[k] {
			continue
		}
		m := re.FindString(text)
		if m == "" {
			continue
		}
		seen[k] = true
		im := Implication{Kind: k, Phrase: m}
		if k == ImpliesTXT {
			im.Value = reTXTValue().FindString(text)
		}
		out = append(out, im)
	}
	// A TXT value alone (MS=ms…) asks for the record too.
	if !seen[ImpliesTXT] {
		if v := reTXTValue().FindString(text); v != "" {
			out = append(out, Implication{Kind: ImpliesTXT, Value: v, Phrase: v})
		}
	}
	return out
}

// TextHash identifies an email by its text, for pasted emails that carry no
// Message-ID: "sha256:" and the hex digest of the text with all white
// space removed, so re-wrapped lines or a trailing newline give the same
// hash. Empty when the email has no text.
func (e *Email) TextHash() string {
	var b strings.Builder
	for _, r := range e.Text {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:])
}
