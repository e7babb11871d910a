package reminders

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExecHelper is not a test: it is the program the exec channel runs.
// The test binary runs itself with MSCASE_EXEC_HELPER set to what it
// should do.
func TestExecHelper(t *testing.T) {
	mode := os.Getenv("MSCASE_EXEC_HELPER")
	if mode == "" {
		t.Skip("only runs as the exec channel's program")
	}
	switch mode {
	case "record":
		var b strings.Builder
		for _, k := range []string{"MSCASE_CASE", "MSCASE_TRACKING_ID", "MSCASE_KIND", "MSCASE_DUE", "MSCASE_WHY",
			"MSCASE_ACTION", "MSCASE_DOMAIN", "MSCASE_STAGE", "MSCASE_LATE", "HOOK_SECRET"} {
			fmt.Fprintf(&b, "%s=%s\n", k, os.Getenv(k))
		}
		in, _ := io.ReadAll(os.Stdin)
		b.WriteString("STDIN=" + string(in) + "\n")
		if err := os.WriteFile(os.Getenv("MSCASE_EXEC_OUT"), []byte(b.String()), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case "fail":
		fmt.Fprintln(os.Stderr, "starting pager")
		fmt.Fprintln(os.Stderr, "pager: gateway unreachable")
		os.Exit(3)
	case "hang":
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(2)
}

// helperArgv runs this test binary as the exec channel's program.
func helperArgv(t *testing.T, mode string) []string {
	t.Helper()
	t.Setenv("MSCASE_EXEC_HELPER", mode)
	return []string{os.Args[0], "-test.run=^TestExecHelper$"}
}

// TestExecDoesNotInheritSecrets: the program of an exec channel does not
// get the variables that hold other channels' secrets.
func TestExecDoesNotInheritSecrets(t *testing.T) {
	out := filepath.Join(t.TempDir(), "seen")
	t.Setenv("MSCASE_EXEC_OUT", out)
	t.Setenv("HOOK_SECRET", "https://hooks.example.net/T0000SECRET")
	chans, errs := BuildChannels([]ChannelConfig{
		{Name: "hook", Type: "webhook", Format: "json", URLEnv: "HOOK_SECRET"},
		{Name: "pager", Type: "exec", Command: helperArgv(t, "record")},
	}, Secrets{Getenv: os.Getenv})
	if len(errs) != 0 || len(chans) != 2 {
		t.Fatalf("build: %v", errs)
	}
	if err := chans[1].Notifier.Notify(context.Background(), testNudge()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "T0000SECRET") || !strings.Contains(string(b), "HOOK_SECRET=\n") {
		t.Errorf("the program saw the webhook secret:\n%s", b)
	}
}

func TestExecSeesNudge(t *testing.T) {
	out := filepath.Join(t.TempDir(), "seen")
	t.Setenv("MSCASE_EXEC_OUT", out)
	t.Setenv("MSCASE_TRACKING_ID", "stale-from-parent") // must be overridden
	nf := buildOne(t, ChannelConfig{Name: "pager", Type: "exec", Command: helperArgv(t, "record")}, Secrets{})
	n := testNudge()
	if err := nf.Notify(context.Background(), n); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the program did not run: %v", err)
	}
	seen := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		k, v, _ := strings.Cut(l, "=")
		seen[k] = v
	}
	want := map[string]string{
		"MSCASE_CASE":        "7",
		"MSCASE_TRACKING_ID": "2511250010001234",
		"MSCASE_KIND":        "stalled",
		"MSCASE_DUE":         "2026-11-27T15:00:00+09:00",
		"MSCASE_WHY":         n.Why,
		"MSCASE_ACTION":      n.Action,
		"MSCASE_DOMAIN":      "contoso.com",
		"MSCASE_STAGE":       "dpt-review",
		"MSCASE_LATE":        "true",
	}
	for k, v := range want {
		if seen[k] != v {
			t.Errorf("program saw %s=%q, want %q", k, seen[k], v)
		}
	}
	var in Nudge
	if err := json.Unmarshal([]byte(seen["STDIN"]), &in); err != nil || in.Key() != n.Key() {
		t.Errorf("program read %q on stdin, want the nudge as JSON (%v)", seen["STDIN"], err)
	}
}

func TestExecFailures(t *testing.T) {
	tests := []struct {
		name      string
		argv      func(t *testing.T) []string
		retryable bool
		want      string
		maxTime   time.Duration
		timeout   string
	}{
		{"non-zero exit", func(t *testing.T) []string { return helperArgv(t, "fail") }, true, "exit status 3: pager: gateway unreachable", 20 * time.Second, "10s"},
		{"timeout", func(t *testing.T) []string { return helperArgv(t, "hang") }, true, "timed out after 300ms", 10 * time.Second, "300ms"},
		{"not found", func(t *testing.T) []string {
			return []string{filepath.Join(t.TempDir(), "no-such-program")}
		}, false, "no-such-program", 20 * time.Second, "10s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nf := buildOne(t, ChannelConfig{Name: "pager", Type: "exec", Command: tt.argv(t), Timeout: tt.timeout}, Secrets{})
			start := time.Now()
			err := nf.Notify(context.Background(), testNudge())
			if err == nil {
				t.Fatal("Notify succeeded, want an error")
			}
			if d := time.Since(start); d > tt.maxTime {
				t.Errorf("Notify took %s", d)
			}
			msg := err.Error()
			if got := Retryable(err); got != tt.retryable {
				t.Errorf("Retryable(%q) = %v, want %v", msg, got, tt.retryable)
			}
			if !strings.HasPrefix(msg, "channel pager: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to name the channel and contain %q", msg, tt.want)
			}
		})
	}
}
