package reminders

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// The desktop channel's real send needs a desktop session, which tests do
// not have; these tests replace it and check what it is given and how its
// failures are reported.
func TestDesktop(t *testing.T) {
	noDesktop := errors.New("beeep: dbus: no session bus; notify-send: not found")
	tests := []struct {
		name      string
		send      func(title, body string) error
		wantErr   string
		retryable bool
	}{
		{"shown", func(string, string) error { return nil }, "", false},
		{"no desktop", func(string, string) error { return noDesktop }, "channel desk: show desktop notification (is a desktop session running?): beeep: dbus", true},
		{"hung", func(string, string) error { time.Sleep(5 * time.Second); return nil }, "channel desk: show desktop notification: timed out after 100ms", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nf := buildOne(t, ChannelConfig{Name: "desk", Type: "desktop", Timeout: "100ms"}, Secrets{})
			d := nf.(*desktopNotifier)
			var title, body string
			d.send = func(ti, b string) error { title, body = ti, b; return tt.send(ti, b) }
			err := d.Notify(context.Background(), testNudge())
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Notify: %v", err)
				}
				if !strings.Contains(title, "2511250010001234") || !mentionsNudge(title+"\n"+body) {
					t.Errorf("notification %q / %q does not name TrackingID, case, why and action", title, body)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("Notify error = %v, want %q...", err, tt.wantErr)
			}
			if Retryable(err) != tt.retryable {
				t.Errorf("Retryable(%v) = %v, want %v", err, !tt.retryable, tt.retryable)
			}
		})
	}
}
