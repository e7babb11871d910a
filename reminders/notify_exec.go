package reminders

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// execNotifier runs a program for each nudge: the argv as configured (no
// shell), the nudge in MSCASE_* environment variables and as JSON on
// standard input. The program inherits mscase's environment.
type execNotifier struct {
	name    string
	argv    []string
	timeout time.Duration
	dropEnv []string // variables holding channel secrets: not passed on
}

var _ Notifier = (*execNotifier)(nil)

// nudgeEnv is the nudge as environment variables for an exec channel.
func nudgeEnv(n Nudge) []string {
	return []string{
		"MSCASE_CASE=" + strconv.FormatUint(n.Case, 10),
		"MSCASE_TRACKING_ID=" + n.TrackingID,
		"MSCASE_KIND=" + string(n.Kind),
		"MSCASE_DUE=" + n.Due.Format(time.RFC3339),
		"MSCASE_WHY=" + n.Why,
		"MSCASE_ACTION=" + n.Action,
		"MSCASE_DOMAIN=" + n.Domain,
		"MSCASE_STAGE=" + n.Stage,
		"MSCASE_LATE=" + strconv.FormatBool(n.Late),
	}
}

func (x *execNotifier) Notify(ctx context.Context, n Nudge) error {
	in, err := json.Marshal(n)
	if err != nil {
		return &SendError{Channel: x.name, Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, x.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, x.argv[0], x.argv[1:]...)
	// Later entries win, so a stale MSCASE_* in mscase's own environment
	// cannot leak into the program.
	env := slices.DeleteFunc(cmd.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(x.dropEnv, name)
	})
	cmd.Env = append(env, nudgeEnv(n)...)
	cmd.Stdin = bytes.NewReader(in)
	var stderr tailBuffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Second // a grandchild holding stderr open must not hang the tick

	err = cmd.Run()
	switch {
	case err == nil:
		return nil
	case ctx.Err() == context.DeadlineExceeded:
		return &SendError{Channel: x.name, Temporary: true,
			Err: fmt.Errorf("run %s: %w after %s", x.argv[0], errTimeout, x.timeout)}
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		msg := fmt.Sprintf("run %s: %s", x.argv[0], ee.ProcessState.String())
		if last := stderr.lastLine(); last != "" {
			msg += ": " + last
		}
		return &SendError{Channel: x.name, Temporary: true, Err: errors.New(msg)}
	}
	// The program could not start (not found, not executable): fix the config.
	return &SendError{Channel: x.name, Err: fmt.Errorf("run %s: %w", x.argv[0], err)}
}

// tailBuffer keeps the last few hundred bytes a program wrote.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	const max = 512
	t.b = append(t.b, p...)
	if len(t.b) > max {
		t.b = t.b[len(t.b)-max:]
	}
	return len(p), nil
}

func (t *tailBuffer) lastLine() string {
	lines := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	return strings.TrimSpace(strings.ToValidUTF8(lines[len(lines)-1], ""))
}
