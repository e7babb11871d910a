package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// TestWebhookRedirectNotFollowed: a 302 from the configured webhook to a
// second host is a failure that names that host (never the secret path),
// and nothing reaches the second host.
func TestWebhookRedirectNotFollowed(t *testing.T) {
	var second atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		second.Add(1)
	}))
	defer other.Close()
	otherURL, _ := url.Parse(other.URL)
	// The second server listens on 127.0.0.1 too; name it "localhost" so
	// the two hosts differ in the message as they would in life.
	target := "http://localhost:" + otherURL.Port() + "/new" + secretPath
	var first atomic.Int32
	for _, code := range []int{http.StatusFound, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				first.Add(1)
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Location", target)
				w.WriteHeader(code)
			}))
			defer srv.Close()
			first.Store(0)
			nf := buildOne(t, ChannelConfig{Name: "hook", Type: "webhook", Format: "slack", URL: srv.URL + secretPath}, Secrets{FilePrivate: true})
			err := nf.Notify(context.Background(), testNudge())
			if err == nil {
				t.Fatal("a redirect counted as delivered")
			}
			msg := err.Error()
			t.Log(msg)
			if first.Load() != 1 {
				t.Errorf("the configured server got %d requests, want 1", first.Load())
			}
			if second.Load() != 0 {
				t.Fatalf("the redirect target got %d requests, want none", second.Load())
			}
			for _, want := range []string{"channel hook: ", http.StatusText(code), "to localhost:" + otherURL.Port(), "update the channel's URL"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
			assertNoSecret(t, msg, "SECRET", "/new")
			if Retryable(err) {
				t.Errorf("a redirect is retryable; retrying cannot fix it")
			}
		})
	}
}

// TestRedirectHost keeps hostile Location headers out of messages.
func TestRedirectHost(t *testing.T) {
	base, _ := url.Parse("https://hooks.slack.com/services/T0SECRET")
	tests := []struct{ loc, want string }{
		{"https://hooks.example.net/x/SECRET?sig=1", "hooks.example.net"},
		{"/elsewhere/SECRET", "hooks.slack.com"},
		{"https://EVIL.Example:8443/p", "evil.example:8443"},
		{"https://ho\x1b[31mst/p", ""},
		{"https://%e2%80%ae.example/p", ""},
		{"", ""},
		{"https://" + strings.Repeat("a", 300) + "/", ""},
	}
	for _, tt := range tests {
		if got := redirectHost(base, tt.loc); got != tt.want {
			t.Errorf("redirectHost(%q) = %q, want %q", tt.loc, got, tt.want)
		}
	}
}

// TestWebhookRetryAfter: a 429 with Retry-After: 7 is tried again after
// 7 s (the sleep is injected: nothing waits), and the second answer counts.
func TestWebhookRetryAfter(t *testing.T) {
	date := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		header    http.Header
		body      string
		wantSleep time.Duration // 0: no second try in Notify
		wantAfter time.Duration // RetryAfter of the error when no second try
	}{
		{"seconds", http.Header{"Retry-After": {"7"}}, "", 7 * time.Second, 0},
		{"http date", http.Header{"Retry-After": {date.Add(12 * time.Second).Format(http.TimeFormat)}, "Date": {date.Format(http.TimeFormat)}}, "", 12 * time.Second, 0},
		{"discord json", nil, `{"message": "You are being rate limited.", "retry_after": 0.25, "global": false}`, 250 * time.Millisecond, 0},
		{"longer than a tick waits", http.Header{"Retry-After": {"600"}}, "", 0, 10 * time.Minute},
		{"capped", http.Header{"Retry-After": {"86400"}}, "", 0, maxRetryAfter},
		{"garbage", http.Header{"Retry-After": {"soon"}}, "", 0, 0},
		{"negative", http.Header{"Retry-After": {"-5"}}, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if hits.Add(1) == 1 {
					for k, v := range tt.header {
						w.Header()[k] = v
					}
					w.WriteHeader(http.StatusTooManyRequests)
					_, _ = io.WriteString(w, tt.body)
				}
			}))
			defer srv.Close()
			nf := buildOne(t, ChannelConfig{Name: "hook", Type: "webhook", Format: "discord", URL: srv.URL + secretPath}, Secrets{FilePrivate: true}).(*webhookNotifier)
			var slept []time.Duration
			nf.sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
			err := nf.Notify(context.Background(), testNudge())
			if tt.wantSleep > 0 {
				if err != nil {
					t.Fatalf("Notify: %v, want delivered on the second try", err)
				}
				if len(slept) != 1 || slept[0] != tt.wantSleep || hits.Load() != 2 {
					t.Fatalf("slept %v with %d requests, want one sleep of %s and 2 requests", slept, hits.Load(), tt.wantSleep)
				}
				return
			}
			if err == nil || !Retryable(err) {
				t.Fatalf("Notify = %v, want a retryable error", err)
			}
			if len(slept) != 0 || hits.Load() != 1 {
				t.Errorf("slept %v with %d requests, want no wait and 1 request", slept, hits.Load())
			}
			if got := RetryAfter(err); got != tt.wantAfter {
				t.Errorf("RetryAfter = %s, want %s", got, tt.wantAfter)
			}
		})
	}
}

// TestWebhookRetryAfterDeadline: a wait that would leave no time for the
// second post before the caller's deadline is not sat through.
func TestWebhookRetryAfterDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	nf := buildOne(t, ChannelConfig{Type: "webhook", Format: "ntfy", URL: srv.URL + "/topicSECRET"}, Secrets{FilePrivate: true}).(*webhookNotifier)
	nf.sleep = func(context.Context, time.Duration) error { t.Error("slept past the deadline"); return nil }
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := nf.Notify(ctx, testNudge())
	if got := RetryAfter(err); got != 7*time.Second || !Retryable(err) {
		t.Errorf("Notify = %v (RetryAfter %s), want a retryable error asking for 7s", err, got)
	}
}

// TestRunnerHonoursRetryAfter: the daemon's next try is not before the
// server said, and a 400 is given up at once as permanent.
func TestRunnerHonoursRetryAfter(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		after     string
		wantRetry time.Duration // 0: gave up
	}{
		{"429 for 10 minutes", http.StatusTooManyRequests, "600", 10 * time.Minute},
		{"503 shorter than the backoff", http.StatusServiceUnavailable, "30", time.Minute},
		{"400 at once", http.StatusBadRequest, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.after != "" {
					w.Header().Set("Retry-After", tt.after)
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			nf := buildOne(t, ChannelConfig{Name: "hook", Type: "webhook", Format: "json", URL: srv.URL + "/h"}, Secrets{FilePrivate: true}).(*webhookNotifier)
			nf.sleep = func(context.Context, time.Duration) error { return errors.New("no waiting in this test") }
			r, now := callNowRunner(t, Channel{Name: "hook", Notifier: nf})
			res, err := r.Check(context.Background(), now, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Failed) != 1 {
				t.Fatalf("failed %d, want 1", len(res.Failed))
			}
			f := res.Failed[0]
			if tt.wantRetry == 0 {
				if !f.Retry.IsZero() || !f.Permanent || f.Attempts != 1 {
					t.Errorf("outcome %+v, want permanent after 1 attempt", f)
				}
				return
			}
			if got := f.Retry.Sub(now); got != tt.wantRetry || f.Permanent {
				t.Errorf("retry in %s (permanent %v), want %s", got, f.Permanent, tt.wantRetry)
			}
		})
	}
}

// callNowRunner is a Runner over one locked-out case with no contact yet
// (a call-now nudge is due at once) sending through ch.
func callNowRunner(t *testing.T, ch Channel) (*Runner, time.Time) {
	t.Helper()
	start := "2026-11-25T09:00:00+09:00"
	path := newStore(t, newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start))
	return &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{ch}}, at(t, start).Add(time.Minute)
}

// TestEveryChannelCarriesTheCall: the number to call, its state and hours
// reach every webhook format, the mail/desktop body and stdout.
func TestEveryChannelCarriesTheCall(t *testing.T) {
	n := testNudge()
	n.Title = "only admin locked out"
	n.Call = &Call{Number: "0120 996 680", Country: "Japan", State: "closed",
		Next: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Hours: "Monday through Friday, 9:00-17:00 (Asia/Tokyo)", Language: "Japanese"}
	const call = "0120 996 680 (Japan, technical support, closed, opens Mon 30 Nov 09:00 JST)"
	const hours = "Monday through Friday, 9:00-17:00 (Asia/Tokyo); Japanese"
	for _, f := range webhookFormats {
		body, _, _, err := webhookPayload(f, n)
		if err != nil {
			t.Fatal(err)
		}
		text := string(body)
		if f != FormatNtfy {
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(v)
			text = strings.NewReplacer(`\n`, "\n").Replace(string(b))
		}
		want := call
		if f == FormatJSON {
			want = `"number":"0120 996 680"`
		}
		if !strings.Contains(text, want) {
			t.Errorf("%s payload lacks %q:\n%s", f, want, text)
		}
		if f != FormatJSON && !strings.Contains(text, hours) {
			t.Errorf("%s payload lacks the hours %q:\n%s", f, hours, text)
		}
	}
	if body := nudgeBody(n); !strings.Contains(body, "Call: "+call+"\n") || !strings.Contains(body, "Case: 7 (contoso.com: only admin locked out)") {
		t.Errorf("mail/desktop body:\n%s", body)
	}
	var b strings.Builder
	if err := WriteText(&b, n); err != nil || !strings.Contains(b.String(), "\n  call: "+call+"\n  hours: "+hours+"\n") {
		t.Errorf("stdout text:\n%s", b.String())
	}
}

// TestEmailHeaders: the Date header reads the nudge's clock (MSCASE_NOW in
// the binary), not the wall clock, and the Message-ID sits under the
// sender's domain, not the bare host name. Read back with net/mail and mime.
func TestEmailHeaders(t *testing.T) {
	clock := time.Date(2031, 2, 3, 4, 5, 6, 0, time.FixedZone("JST", 9*3600))
	host, _ := os.Hostname()
	tests := []struct {
		name     string
		now      func() time.Time
		wantDate time.Time
	}{
		{"injected clock", func() time.Time { return clock }, clock},
		{"no clock: the due instant", nil, testNudge().Due},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t, &smtpServer{})
			cfg := ChannelConfig{Name: "mail", Type: "email", SMTPHost: "127.0.0.1", SMTPPort: srv.port(), TLS: "none",
				From: "mscase <alerts@Example.net>", To: []string{"admin@example.org"}, Timeout: "5s"}
			n := testNudge()
			n.Call = &Call{Number: "0120 996 680", Country: "Japan", State: "open", Always: true, Hours: "7 days a week, 24 hours a day"}
			if err := buildOne(t, cfg, Secrets{Now: tt.now}).Notify(context.Background(), n); err != nil {
				t.Fatal(err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("%d mails", len(got))
			}
			msg, err := mail.ReadMessage(strings.NewReader(got[0].data))
			if err != nil {
				t.Fatal(err)
			}
			date, err := msg.Header.Date()
			if err != nil || !date.Equal(tt.wantDate) {
				t.Errorf("Date %q = %v, %v; want %v", msg.Header.Get("Date"), date, err, tt.wantDate)
			}
			id := msg.Header.Get("Message-Id")
			if !regexp.MustCompile(`^<mscase\.[0-9a-f]{32}@example\.net>$`).MatchString(id) {
				t.Errorf("Message-ID %q, want <mscase.HEX@example.net>", id)
			}
			if host != "" && strings.Contains(id, "@"+host+">") {
				t.Errorf("Message-ID %q ends in the host name", id)
			}
			mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
			if err != nil || mt != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
				t.Errorf("Content-Type %q: %s %v %v", msg.Header.Get("Content-Type"), mt, params, err)
			}
			body, _ := io.ReadAll(msg.Body)
			if !strings.Contains(string(body), "Call: 0120 996 680 (Japan, technical support, open 24 hours)") {
				t.Errorf("mail body lacks the number to call:\n%s", body)
			}
		})
	}
	if id := messageID("weird <a@[127.0.0.1]>"); !strings.HasSuffix(id, "@mscase.invalid") {
		t.Errorf("messageID of a literal-address sender = %q, want @mscase.invalid", id)
	}
}
