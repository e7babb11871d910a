package recovery

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestImplications lists the wordings of Microsoft's emails, in English
// and Japanese, and what each implies.
func TestImplications(t *testing.T) {
	tests := []struct {
		text  string
		want  ImplicationKind // "" for nothing
		value string
	}{
		// The reset is done.
		{"Your global administrator password has been reset. Please sign in and register MFA again.", ImpliesResetDone, ""},
		{"The MFA methods for admin@contoso.co.jp have been cleared.", ImpliesResetDone, ""},
		{"The reset is now complete.", ImpliesResetDone, ""},
		{"We have reset the authentication methods on the account.", ImpliesResetDone, ""},
		{"You should now be able to sign in with the temporary password.", ImpliesResetDone, ""},
		{"管理者アカウントのリセットが完了しました。", ImpliesResetDone, ""},
		{"パスワードをリセットいたしました。", ImpliesResetDone, ""},
		{"多要素認証の設定を解除いたしました。", ImpliesResetDone, ""},
		{"サインインできるようになりました。ご確認ください。", ImpliesResetDone, ""},
		// A TXT record, with its value.
		{"please add the following TXT record at your DNS provider: MS=ms12345678 (host @, TTL 3600)", ImpliesTXT, "MS=ms12345678"},
		{"Create a TXT-record with value MS=ms18939161.", ImpliesTXT, "MS=ms18939161"},
		{"DNS に以下の TXT レコードを追加してください: MS=ms87654321", ImpliesTXT, "MS=ms87654321"},
		{"TXTレコードの値は後ほどお送りします。", ImpliesTXT, ""},
		{"Value: MS=ms55555555", ImpliesTXT, "MS=ms55555555"},
		// Documents.
		{"Please provide documents proving that your company owns the domain.", ImpliesDocuments, ""},
		{"Kindly send a copy of your business registration certificate.", ImpliesDocuments, ""},
		{"Proof of ownership is required before we can continue.", ImpliesDocuments, ""},
		{"登記事項証明書をご提出ください。", ImpliesDocuments, ""},
		{"以下の書類をメールに添付してお送りください。", ImpliesDocuments, ""},
		// The request was closed.
		{"This service request has been closed.", ImpliesClosed, ""},
		{"We are closing this case as resolved.", ImpliesClosed, ""},
		{"本サポート リクエストはクローズいたしました。", ImpliesClosed, ""},
		{"お問い合わせは終了させていただきます。", ImpliesClosed, ""},
		// Nothing: ordinary replies must not trigger a next step.
		{"Thank you for contacting Microsoft Support. An engineer will contact you within 24 hours.", "", ""},
		{"Please do not reset your password yourself.", "", ""},
		{"お問い合わせいただきありがとうございます。担当者よりご連絡いたします。", "", ""},
		{"Reply to this email if the issue is not resolved; we will keep the request open.", "", ""},
	}
	for _, tt := range tests {
		e := &Email{Text: tt.text}
		got := e.Implications()
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("%q implies %+v, want nothing", tt.text, got)
			}
			continue
		}
		found := false
		for _, im := range got {
			if im.Kind == tt.want {
				found = true
				if im.Value != tt.value {
					t.Errorf("%q: value %q, want %q", tt.text, im.Value, tt.value)
				}
			}
		}
		if !found {
			t.Errorf("%q implies %+v, want %s", tt.text, got, tt.want)
		}
	}
}

func TestMessageIDAndTextHash(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "ja-iso2022jp.eml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ParseEmail(f, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if e.MessageID != "sample-ja-jis@techsupport.microsoft.com" {
		t.Errorf("MessageID = %q", e.MessageID)
	}
	a := &Email{Text: "Hello,\n\nplease add the record.\n"}
	b := &Email{Text: "Hello,  please add\nthe record."}
	c := &Email{Text: "Hello, please add the records."}
	if a.TextHash() == "" || a.TextHash() != b.TextHash() || a.TextHash() == c.TextHash() {
		t.Errorf("hashes: %s %s %s", a.TextHash(), b.TextHash(), c.TextHash())
	}
	if (&Email{Text: " \n"}).TextHash() != "" {
		t.Error("an empty text has a hash")
	}
}

// FuzzImplications: any text gives implications without panicking, each
// with a known kind, and a TXT value only of the MS=ms form.
func FuzzImplications(f *testing.F) {
	for _, s := range []string{"please add the following TXT record: MS=ms12345678", "リセットが完了しました", "This service request has been closed.", "登記事項証明書をご提出ください", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e := &Email{Text: text}
		for _, im := range e.Implications() {
			switch im.Kind {
			case ImpliesResetDone, ImpliesTXT, ImpliesDocuments, ImpliesClosed:
			default:
				t.Fatalf("unknown kind %q", im.Kind)
			}
			if im.Value != "" && !reTXTValue().MatchString(im.Value) {
				t.Fatalf("value %q", im.Value)
			}
		}
		_ = e.TextHash()
	})
}

func TestSovereignCloud(t *testing.T) {
	tests := []struct {
		in   string
		want Sovereign
	}{
		{"microsoftonline.com", SovereignNone},
		{"", SovereignNone},
		{"microsoftonline.us", SovereignUSGov},
		{"MicrosoftOnline.US.", SovereignUSGov},
		{"partner.microsoftonline.cn", SovereignChina},
		{"chinacloudapi.cn", SovereignChina},
		{"microsoftonline.us.evil.example", SovereignNone},
		{"notmicrosoftonline.us", SovereignNone},
	}
	for _, tt := range tests {
		if got := SovereignCloud(tt.in); got != tt.want {
			t.Errorf("SovereignCloud(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
