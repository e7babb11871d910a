package recovery

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

func TestParseEmailSamples(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	tests := []struct {
		file        string
		ids         []string
		from, addr  string
		subject     string
		date        string // RFC 3339, "" for none
		charset     string
		summary     string // prefix
		wantErr     error
		wantContext string // of the first candidate
	}{
		{
			file: "en-pasted.txt", ids: []string{"2411250040001234"},
			from: "Microsoft Support <supportmail@techsupport.microsoft.com>", addr: "supportmail@techsupport.microsoft.com",
			subject: "RE: Global admin locked out of MFA - TrackingID#2411250040001234", date: "2026-11-25T10:42:00+09:00", charset: "utf-8",
			summary:     "To verify that you own contoso.co.jp, please add the following TXT record at your DNS provider: MS=ms12345678 (host @, TTL 3600). Reply to this email once the record is in place. The Data Protection…",
			wantContext: "TrackingID#2411250040001234",
		},
		{
			file: "en-qp.eml", ids: []string{"2411250040001234"},
			from: "Microsoft Support <supportmail@techsupport.microsoft.com>", addr: "supportmail@techsupport.microsoft.com",
			subject: "Your Microsoft support request has been escalated - TrackingID#2411250040001234", date: "2026-11-25T01:12:00Z", charset: "utf-8",
			summary: "We’ve transferred your request to the Data Protection Team, who will verify that you own the organization and its domain before resetting the administrator’s multifactor authentication. An engineer…",
		},
		{
			file: "ja-iso2022jp.eml", ids: []string{"2411250040001234"},
			from: "マイクロソフト サポート <supportmail@techsupport.microsoft.com>", addr: "supportmail@techsupport.microsoft.com",
			subject: "管理者アカウントの復旧について", date: "2026-11-25T14:05:00+09:00", charset: "iso-2022-jp",
			summary:     "サポート リクエスト番号: 2411250040001234 データ保護チームにてお客様のご本人確認を進めております。 ドメイン contoso.co.jp の所有権を確認するため、DNS に TXT レコード MS=ms12345678 を追加してください。",
			wantContext: "サポート リクエスト番号: 2411250040001234",
		},
		{
			file: "ja-utf8-base64.eml", ids: []string{"2411250040001234"},
			from: "Microsoft Support <supportmail@techsupport.microsoft.com>", addr: "supportmail@techsupport.microsoft.com",
			subject: "Re: [TrackingID#2411250040001234] 全体管理者の MFA ロックアウト", date: "2026-11-26T09:30:00+09:00", charset: "utf-8",
			summary: "お問い合わせ番号：２４１１２５００４０００１２３４ TXT レコードの反映を確認しました。本人確認の書類を審査中です。 結果は 2 営業日以内にご連絡します。",
		},
		{
			file: "ja-pasted-sjis.txt", ids: []string{"2411250040001234"},
			from: "Microsoft サポート <supportmail@techsupport.microsoft.com>", addr: "supportmail@techsupport.microsoft.com",
			subject: "ケース番号 2411250040001234 の進捗", date: "2026-11-26T18:00:00+09:00", charset: "shift_jis",
			summary: "データ保護チームの審査が完了しました。管理者アカウントの MFA をリセットしました。",
		},
		{
			file: "ja-eucjp-html.eml", ids: []string{"2411250040001234"},
			from: "supportmail@techsupport.microsoft.com", addr: "supportmail@techsupport.microsoft.com",
			subject: "サポートからのお知らせ", date: "2026-11-27T10:00:00+09:00", charset: "euc-jp",
			summary: "サービス リクエスト番号: 2411250040001234 リセットが完了しました。サインインして MFA を再登録してください。",
		},
		{
			file: "two-candidates.txt", ids: []string{"2411250040001234", "2411200040009876"},
			from: "Microsoft Support <supportmail@techsupport.microsoft.com>", addr: "supportmail@techsupport.microsoft.com",
			subject: "RE: Admin access - TrackingID#2411250040001234", date: "2026-11-26T09:15:00+09:00", charset: "utf-8",
			summary: "This request is linked to your earlier case 2411200040009876, which was closed without a resolution. Please keep both numbers at hand when you call.",
		},
		{
			file: "none.txt", wantErr: ErrNoTrackingID,
			from: "Microsoft 365 Message center <o365mc@microsoft.com>", addr: "o365mc@microsoft.com",
			subject: "Weekly digest: Microsoft service updates", date: "2026-11-25T06:00:00+09:00", charset: "utf-8",
			summary: "Here are the updates for your organization this week. Call us at 0120-996-680 or +1 800 865 9408. Service health: all services are healthy.",
		},
		{file: "unknown-charset.eml", wantErr: ErrUnknownCharset},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			e, err := ParseEmail(f, jst)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if e == nil {
					return
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(e.TrackingIDs, tt.ids) {
				t.Errorf("TrackingIDs = %q, want %q", e.TrackingIDs, tt.ids)
			}
			if len(e.Candidates) != len(e.TrackingIDs) {
				t.Errorf("%d candidates for %d IDs", len(e.Candidates), len(e.TrackingIDs))
			}
			if tt.wantContext != "" && e.Candidates[0].Context != tt.wantContext {
				t.Errorf("context = %q, want %q", e.Candidates[0].Context, tt.wantContext)
			}
			if e.From != tt.from || e.FromAddress != tt.addr {
				t.Errorf("From = %q <%s>, want %q <%s>", e.From, e.FromAddress, tt.from, tt.addr)
			}
			if e.Subject != tt.subject {
				t.Errorf("Subject = %q, want %q", e.Subject, tt.subject)
			}
			var date string
			if !e.Date.IsZero() {
				date = e.Date.Format(time.RFC3339)
			}
			if date != tt.date {
				t.Errorf("Date = %q, want %q", date, tt.date)
			}
			if e.Charset != tt.charset {
				t.Errorf("Charset = %q, want %q", e.Charset, tt.charset)
			}
			if e.Summary != tt.summary {
				t.Errorf("Summary = %q\n          want %q", e.Summary, tt.summary)
			}
			if n := utf8.RuneCountInString(e.Summary); n > 200 {
				t.Errorf("summary has %d characters", n)
			}
		})
	}
}

// TestParseEmailSnippets covers shapes too small for a sample file.
func TestParseEmailSnippets(t *testing.T) {
	tests := []struct {
		name, in string
		ids      []string
		err      error
	}{
		{"bare pasted number", "Your request 2411250040001234 has been updated.", []string{"2411250040001234"}, nil},
		{"bare number that is no date", "Ref 9999999999999999 and call 0120996680.", nil, ErrNoTrackingID},
		{"old dash form", "Service Request Number: 1-1234567890123", []string{"1-1234567890123"}, nil},
		{"old 8 digits", "Case #12175139 was closed.", []string{"12175139"}, nil},
		{"21 digits is no ID", "TrackingID#241125004000123456789", nil, ErrNoTrackingID},
		{"full-width label", "サポートリクエスト番号は「２４１１２５００４０００１２３４」です。", []string{"2411250040001234"}, nil},
		{"SR label", "SR 2411250040001234, Sev B", []string{"2411250040001234"}, nil},
		{"same ID twice", "Subject: TrackingID#2411250040001234\n\nCase 2411250040001234 again.", []string{"2411250040001234"}, nil},
		{"phone numbers only", "Call 0800 032 6417 or 1 800 865 9408.", nil, ErrNoTrackingID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseEmail(strings.NewReader(tt.in), nil)
			if !errors.Is(err, tt.err) && !(tt.err == nil && err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if e == nil {
				t.Fatal("no email returned")
			}
			if !reflect.DeepEqual(e.TrackingIDs, tt.ids) {
				t.Errorf("TrackingIDs = %q, want %q", e.TrackingIDs, tt.ids)
			}
		})
	}
}

func TestParseEmailBadInput(t *testing.T) {
	utf16 := append([]byte{0xFF, 0xFE}, []byte("S\x00u\x00b\x00j\x00e\x00c\x00t\x00:\x00 \x00T\x00r\x00a\x00c\x00k\x00i\x00n\x00g\x00I\x00D\x00#\x002\x004\x001\x001\x002\x005\x000\x000\x004\x000\x000\x000\x001\x002\x003\x004\x00\n\x00")...)
	e, err := ParseEmail(strings.NewReader(string(utf16)), nil)
	if err != nil || e.Subject != "TrackingID#2411250040001234" || e.Charset != "utf-16" {
		t.Errorf("UTF-16 paste: %+v, %v", e, err)
	}
	if _, err := ParseEmail(strings.NewReader(" \n\n"), nil); err == nil || err.Error() != "email: is empty: paste the whole email, or save it as .eml" {
		t.Errorf("empty: err = %v", err)
	}
	hdr := "Date: Wed, 25 Nov 2026 01:12:00 +0000\r\nSubject: =?x-klingon?B?cWFwbGE=?=\r\n\r\nTrackingID#2411250040001234\r\n"
	if _, err := ParseEmail(strings.NewReader(hdr), nil); !errors.Is(err, ErrUnknownCharset) || !strings.Contains(err.Error(), `"x-klingon"`) {
		t.Errorf("unknown charset in a header: err = %v", err)
	}
	// An undeclared Shift_JIS body inside a real message is guessed.
	sj, _ := japanese.ShiftJIS.NewEncoder().String("ケース番号: 2411250040001234 の件")
	e, err = ParseEmail(strings.NewReader("Date: Wed, 25 Nov 2026 01:12:00 +0000\r\nSubject: x\r\n\r\n"+sj+"\r\n"), nil)
	if err != nil || e.Charset != "shift_jis" || e.Summary != "ケース番号: 2411250040001234 の件" {
		t.Errorf("undeclared Shift_JIS: %+v, %v", e, err)
	}
	// "charset=" with nothing after it (it used to panic): read as text.
	for _, ct := range []string{"text/plain; charset=", "text/plain; charset=   ", "text/plain; charset=\"", "text/plain; charset=; format=flowed"} {
		e, err = ParseEmail(strings.NewReader("Date: Wed, 25 Nov 2026 01:12:00 +0000\r\nSubject: x\r\nContent-Type: "+ct+"\r\n\r\nTrackingID#2411250040001234\r\n"), nil)
		if err != nil || !reflect.DeepEqual(e.TrackingIDs, []string{"2411250040001234"}) {
			t.Errorf("Content-Type %q: %+v, %v", ct, e, err)
		}
	}
	e, err = ParseEmail(strings.NewReader("Date: Wed, 25 Nov 2026 01:12:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\nSubject: Fw - TrackingID#2411250040001234\r\n\r\nforwarded\r\n"), nil)
	if err != nil || !reflect.DeepEqual(e.TrackingIDs, []string{"2411250040001234"}) {
		t.Errorf("attached message: %+v, %v", e, err)
	}
}

func TestSummaryLimit(t *testing.T) {
	long := strings.Repeat("データ保護チームが審査しています。", 30)
	s := summarize("山田様\n\n" + long)
	if n := utf8.RuneCountInString(s); n != 200 || !strings.HasSuffix(s, "…") {
		t.Errorf("summary of %d characters: %q", n, s)
	}
}
