package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testNudge is the nudge the notifier tests send.
func testNudge() Nudge {
	return Nudge{
		Case:       7,
		TrackingID: "2511250010001234",
		Domain:     "contoso.com",
		Stage:      "dpt-review",
		Kind:       KindStalled,
		Due:        time.Date(2026, 11, 27, 15, 0, 0, 0, time.FixedZone("JST", 9*3600)),
		Late:       true,
		Why:        "no contact for 2 business days in dpt-review",
		Action:     "call Microsoft support and give TrackingID 2511250010001234",
	}
}

// received is one request a test webhook server saw.
type received struct {
	path    string
	ctype   string
	headers http.Header
	body    []byte
}

// webhookServer answers every POST with status and sends what it got on
// the returned channel.
func webhookServer(t *testing.T, status int) (*httptest.Server, <-chan received) {
	t.Helper()
	got := make(chan received, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- received{path: r.URL.Path, ctype: r.Header.Get("Content-Type"), headers: r.Header.Clone(), body: b}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, http.StatusText(status))
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

// secretPath is the token part of a webhook URL: it must never show.
const secretPath = "/services/T0SECRET/B0SECRET/xoxSECRETtoken"

func buildOne(t *testing.T, c ChannelConfig, sec Secrets) Notifier {
	t.Helper()
	chans, errs := BuildChannels([]ChannelConfig{c}, sec)
	if len(errs) != 0 || len(chans) != 1 {
		t.Fatalf("BuildChannels(%+v): chans %d, errs %v", c.Masked(), len(chans), errs)
	}
	return chans[0].Notifier
}

func TestWebhookFormats(t *testing.T) {
	n := testNudge()
	tests := []struct {
		format string
		check  func(t *testing.T, r received)
	}{
		{FormatSlack, func(t *testing.T, r received) {
			var v map[string]string
			mustJSON(t, r, &v)
			if len(v) != 1 || !mentionsNudge(v["text"]) {
				t.Errorf("slack body = %s, want only text naming TrackingID, case, why and action", r.body)
			}
		}},
		{FormatDiscord, func(t *testing.T, r received) {
			var v map[string]string
			mustJSON(t, r, &v)
			if len(v) != 1 || !mentionsNudge(v["content"]) {
				t.Errorf("discord body = %s, want only content naming TrackingID, case, why and action", r.body)
			}
		}},
		{FormatTeams, func(t *testing.T, r received) {
			var v struct {
				Type        string `json:"type"`
				Attachments []struct {
					ContentType string `json:"contentType"`
					Content     struct {
						Type    string            `json:"type"`
						Version string            `json:"version"`
						Body    []json.RawMessage `json:"body"`
					} `json:"content"`
				} `json:"attachments"`
			}
			mustJSON(t, r, &v)
			if v.Type != "message" || len(v.Attachments) != 1 {
				t.Fatalf("teams body = %s, want a message with one attachment", r.body)
			}
			a := v.Attachments[0]
			if a.ContentType != "application/vnd.microsoft.card.adaptive" || a.Content.Type != "AdaptiveCard" || a.Content.Version == "" {
				t.Errorf("teams attachment = %+v, want an Adaptive Card", a)
			}
			var all strings.Builder
			for _, b := range a.Content.Body {
				all.Write(b)
			}
			if !mentionsNudge(all.String()) {
				t.Errorf("teams card body %s does not name TrackingID, case, why and action", all.String())
			}
		}},
		{FormatNtfy, func(t *testing.T, r received) {
			if !strings.HasPrefix(r.ctype, "text/plain") {
				t.Errorf("ntfy content type = %q, want text/plain", r.ctype)
			}
			title := r.headers.Get("Title")
			if !strings.Contains(title, n.TrackingID) || !strings.Contains(title, "case 7") {
				t.Errorf("ntfy Title = %q, want TrackingID and case", title)
			}
			if p := r.headers.Get("Priority"); p != "high" {
				t.Errorf("ntfy Priority = %q, want high for a stalled case", p)
			}
			if r.headers.Get("Tags") == "" {
				t.Error("ntfy Tags header is empty")
			}
			if !mentionsNudge(title + "\n" + string(r.body)) {
				t.Errorf("ntfy message %q does not name TrackingID, case, why and action", r.body)
			}
		}},
		{FormatJSON, func(t *testing.T, r received) {
			var v Nudge
			mustJSON(t, r, &v)
			if v.Key() != n.Key() || v.TrackingID != n.TrackingID || v.Why != n.Why || v.Action != n.Action || !v.Late {
				t.Errorf("json body = %s, want the nudge %+v", r.body, n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			srv, got := webhookServer(t, http.StatusOK)
			if tt.format == FormatTeams {
				srv, got = webhookServer(t, http.StatusAccepted) // Power Automate answers 202
			}
			nf := buildOne(t, ChannelConfig{Name: "hook", Type: "webhook", Format: tt.format, URLEnv: "HOOK_URL"},
				Secrets{Getenv: env("HOOK_URL", srv.URL+secretPath)})
			if err := nf.Notify(context.Background(), n); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			r := <-got
			if r.path != secretPath {
				t.Errorf("posted to %q, want %q", r.path, secretPath)
			}
			tt.check(t, r)
		})
	}
}

func mustJSON(t *testing.T, r received, v any) {
	t.Helper()
	if r.ctype != "application/json" {
		t.Errorf("content type = %q, want application/json", r.ctype)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %s is not the expected JSON: %v", r.body, err)
	}
}

// mentionsNudge says whether a message names what the admin needs.
func mentionsNudge(s string) bool {
	n := testNudge()
	for _, want := range []string{n.TrackingID, "case 7", n.Why, n.Action} {
		if !strings.Contains(s, want) {
			return false
		}
	}
	return true
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestWebhookFailures(t *testing.T) {
	hang := hangServer(t)
	s500, _ := webhookServer(t, http.StatusInternalServerError)
	s429, _ := webhookServer(t, http.StatusTooManyRequests)
	s404, _ := webhookServer(t, http.StatusNotFound)
	s403, _ := webhookServer(t, http.StatusForbidden)
	// A port that was just free: nothing listens there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()

	tests := []struct {
		name      string
		base      string
		retryable bool
		want      string
	}{
		{"500", s500.URL, true, "500 Internal Server Error"},
		{"429", s429.URL, true, "429"},
		{"404", s404.URL, false, "404 Not Found"},
		{"403", s403.URL, false, "403"},
		{"timeout", hang.URL, true, "timed out after 200ms"},
		{"refused", refused, true, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret := tt.base + secretPath + "?sig=s1gn4tur3SECRET"
			nf := buildOne(t, ChannelConfig{Name: "team-hook", Type: "webhook", Format: "slack", URL: secret, Timeout: "200ms"},
				Secrets{FilePrivate: true})
			start := time.Now()
			err := nf.Notify(context.Background(), testNudge())
			if err == nil {
				t.Fatal("Notify succeeded, want an error")
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("Notify took %s with a 200ms timeout", time.Since(start))
			}
			msg := err.Error()
			t.Logf("%s: %s", tt.name, msg)
			if got := Retryable(err); got != tt.retryable {
				t.Errorf("Retryable(%q) = %v, want %v", msg, got, tt.retryable)
			}
			if !strings.HasPrefix(msg, "channel team-hook: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to name the channel and contain %q", msg, tt.want)
			}
			assertNoSecret(t, msg, "SECRET", secretPath)
			var se *SendError
			if !errors.As(err, &se) || se.Channel != "team-hook" {
				t.Errorf("error %T is not a *SendError for team-hook", err)
			}
		})
	}
}

// TestWebhookCancelled checks a send stopped by the caller (the daemon
// shutting down) ends at once and is retried later.
func TestWebhookCancelled(t *testing.T) {
	hang := hangServer(t)
	nf := buildOne(t, ChannelConfig{Type: "webhook", Format: "ntfy", URL: hang.URL + "/mytopicSECRET"}, Secrets{FilePrivate: true})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	err := nf.Notify(ctx, testNudge())
	if err == nil || !Retryable(err) {
		t.Fatalf("Notify after cancel = %v, want a retryable error", err)
	}
	assertNoSecret(t, err.Error(), "SECRET")
}

func assertNoSecret(t *testing.T, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			t.Errorf("%q shows the secret %q", s, sec)
		}
	}
}

// hangServer reads each request and never answers, until the test ends.
func hangServer(t *testing.T) *httptest.Server {
	t.Helper()
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(func() { close(stop); srv.Close() })
	return srv
}
