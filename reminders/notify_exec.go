package reminders

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
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

// ArgvWarnings warns about exec channels whose command line seems to carry
// a secret (a token, key, password or a URL with credentials or a query):
// every user of the machine can read a program's arguments (ps,
// /proc/PID/cmdline). Secrets reach an exec program through the
// environment only: it inherits mscase's, minus the other channels'
// secrets. Each warning is one line that names the channel and the
// argument's position, never its value.
func ArgvWarnings(chans []ChannelConfig) []string {
	var warns []string
	for _, c := range chans {
		if !strings.EqualFold(c.Type, TypeExec) {
			continue
		}
		for i := 1; i < len(c.Command); i++ {
			if secretLookingArg(c.Command[i-1], c.Command[i]) {
				warns = append(warns, fmt.Sprintf("channel %s: command argument %d looks like a secret, and every user of this machine can read program arguments (ps): "+
					"put it in an environment variable instead (the program inherits mscase's environment)", nameOr(c), i))
			}
		}
	}
	return warns
}

// secretLookingArg reports whether a program argument seems to hold a
// secret itself, given the argument before it. An option that names a file
// holding one (--token-file=/path, --key ~/.key) is fine.
func secretLookingArg(prev, a string) bool {
	if u, err := url.Parse(a); err == nil && u.Scheme != "" && u.Host != "" {
		_, hasPass := u.User.Password()
		return hasPass || u.RawQuery != ""
	}
	if secretOption(prev) && !strings.Contains(prev, "=") {
		// The value of "--token VALUE".
		return !pathLike(a)
	}
	if !reSecretArg().MatchString(a) {
		return false
	}
	name, v, ok := strings.Cut(a, "=")
	if !ok {
		name, v, ok = strings.Cut(a, ":") // "Authorization: Bearer x"
	}
	if !ok {
		// A bare option name (--token) is fine; its value is the next
		// argument. A bare word naming a secret is suspicious.
		return !strings.HasPrefix(a, "-")
	}
	return !fileOption(name) && strings.TrimSpace(v) != "" && !pathLike(strings.TrimSpace(v))
}

// secretOption: an option (-x, --name) whose name says it takes a secret
// and not a file holding one.
func secretOption(a string) bool {
	name, _, _ := strings.Cut(a, "=")
	return strings.HasPrefix(a, "-") && reSecretArg().MatchString(name+"=") && !fileOption(name)
}

func fileOption(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "file") || strings.Contains(n, "path")
}

func pathLike(v string) bool {
	return strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~") || strings.HasPrefix(v, ".") || strings.HasPrefix(v, "@") ||
		(len(v) > 2 && v[1] == ':' && (v[2] == '\\' || v[2] == '/')) // C:\ on Windows
}
