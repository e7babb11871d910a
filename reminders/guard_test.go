package reminders

import (
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	locked := []string{"Contoso.com."}
	tests := []struct {
		name   string
		chans  []ChannelConfig
		locked []string
		want   []string // substrings, one per warning, in order
	}{
		{"nothing locked", []ChannelConfig{{Type: "email", SMTPHost: "smtp.office365.com", To: []string{"admin@contoso.com"}}}, nil, nil},
		{"recipient in locked domain", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp.fastmail.com", From: "me@fastmail.com", To: []string{"Admin <admin@contoso.com>", "me@gmail.com"}}}, locked,
			[]string{"channel m: recipient admin@contoso.com is in contoso.com"}},
		{"recipient in subdomain", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp.fastmail.com", From: "me@fastmail.com", To: []string{"it@mail.CONTOSO.com"}}}, locked,
			[]string{"recipient it@mail.CONTOSO.com is in contoso.com"}},
		{"lookalike domain is fine", []ChannelConfig{{Type: "email", SMTPHost: "smtp.fastmail.com", From: "me@notcontoso.com", To: []string{"me@contoso.com.example.net"}}}, locked, nil},
		{"sender and smtp user in locked domain", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "mail.example.net", Username: "alerts@contoso.com", From: "alerts@contoso.com", To: []string{"me@gmail.com"}}}, locked,
			[]string{"sender alerts@contoso.com", "smtp username alerts@contoso.com"}},
		{"smtp host in locked domain", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp.contoso.com", From: "me@gmail.com", To: []string{"me@gmail.com"}}}, locked,
			[]string{"smtp host smtp.contoso.com is in contoso.com"}},
		{"exchange online", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp.office365.com", From: "me@gmail.com", To: []string{"me@gmail.com"}}}, locked,
			[]string{"smtp host smtp.office365.com is Exchange Online"}},
		{"exchange online direct send", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "contoso-com.mail.protection.outlook.com", From: "me@gmail.com", To: []string{"me@gmail.com"}}}, locked,
			[]string{"is Exchange Online"}},
		{"outlook host", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp-mail.outlook.com", From: "me@gmail.com", To: []string{"me@gmail.com"}}}, locked,
			[]string{"is Exchange Online"}},
		{"independent smtp", []ChannelConfig{{Type: "email", SMTPHost: "smtp.gmail.com", From: "me@gmail.com", To: []string{"me@gmail.com"}}}, locked, nil},
		{"teams format", []ChannelConfig{{Name: "t", Type: "webhook", Format: "teams", URLEnv: "TEAMS"}}, locked,
			[]string{"channel t: a Teams webhook runs inside a Microsoft 365 tenant"}},
		{"teams host office connector", []ChannelConfig{{Name: "t", Type: "webhook", Format: "json", URL: "https://contoso.webhook.office.com/webhookb2/x"}}, locked,
			[]string{"Teams webhook"}},
		{"teams host logic apps", []ChannelConfig{{Name: "t", Type: "webhook", Format: "json", URL: "https://prod-01.japaneast.logic.azure.com:443/workflows/x"}}, locked,
			[]string{"Teams webhook"}},
		{"teams host power automate", []ChannelConfig{{Name: "t", Type: "webhook", Format: "json", URL: "https://x.powerautomate.com/x"}}, locked,
			[]string{"Teams webhook"}},
		{"teams host power platform", []ChannelConfig{{Name: "t", Type: "webhook", Format: "json", URL: "https://default1234.56.environment.api.powerplatform.com:443/powerautomate/x"}}, locked,
			[]string{"Teams webhook"}},
		{"masked teams url still recognised", []ChannelConfig{ChannelConfig{Name: "t", Type: "webhook", Format: "slack", URL: "https://x.logic.azure.com/workflows/SECRET"}.Masked()}, locked,
			[]string{"Teams webhook"}},
		{"webhook host in locked domain", []ChannelConfig{{Name: "n", Type: "webhook", Format: "ntfy", URL: "https://ntfy.contoso.com/alerts"}}, locked,
			[]string{"webhook host ntfy.contoso.com is in contoso.com"}},
		{"slack, ntfy, desktop, exec are fine", []ChannelConfig{
			{Type: "webhook", Format: "slack", URL: "https://hooks.slack.com/services/x"},
			{Type: "webhook", Format: "ntfy", URL: "https://ntfy.sh/topic"},
			{Type: "desktop"}, {Type: "exec", Command: []string{"x"}}, {Type: "stdout"}}, locked, nil},
		{"second locked tenant", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp.gmail.com", From: "me@gmail.com", To: []string{"ops@fabrikam.co.jp"}}}, []string{"contoso.com", "fabrikam.co.jp"},
			[]string{"recipient ops@fabrikam.co.jp is in fabrikam.co.jp"}},
		{"duplicates once", []ChannelConfig{{Name: "m", Type: "email", SMTPHost: "smtp.gmail.com", From: "me@gmail.com", To: []string{"a@contoso.com", "a@contoso.com"}}}, locked,
			[]string{"recipient a@contoso.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Guard(tt.chans, tt.locked)
			if len(got) != len(tt.want) {
				t.Fatalf("Guard = %q, want %d warnings like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, got[i], w)
				}
				if got[i] != strings.TrimSpace(got[i]) || strings.Contains(got[i], "\n") || strings.Contains(got[i], "SECRET") {
					t.Errorf("warning %q is not one clean line without secrets", got[i])
				}
			}
		})
	}
}
