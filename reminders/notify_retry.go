package reminders

import (
	"context"
	"errors"
	"io"
	"net"
	"net/textproto"
	"os/exec"
	"syscall"
	"time"

	mail "github.com/wneessen/go-mail"
)

// SendError is a failed send through one channel. Its message names the
// channel and never contains the channel's secret (webhook URL, password).
type SendError struct {
	Channel   string // the channel's configured name
	Temporary bool   // worth retrying on a later tick (see Retryable)
	Err       error  // what went wrong, already redacted
	// RetryAfter is how long the server asked to wait before the next try
	// (HTTP Retry-After, Discord's retry_after), already capped; 0 when it
	// did not say.
	RetryAfter time.Duration
}

func (e *SendError) Error() string { return "channel " + e.Channel + ": " + e.Err.Error() }

// Unwrap gives the underlying (redacted) error.
func (e *SendError) Unwrap() error { return e.Err }

// Reason is what went wrong in a failed send without the "channel NAME:"
// prefix, for reports that already name the channel.
func Reason(err error) string {
	var se *SendError
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	return err.Error()
}

// Retryable reports whether a failed send may succeed if tried again later:
// server errors (HTTP 5xx, 408, 429; SMTP 4xx), timeouts, refused or
// dropped connections, a notifier program that exited non-zero, a desktop
// that could not show a notification (nobody logged in yet). Bad
// configuration, rejected requests (HTTP 4xx, SMTP 5xx, failed login),
// redirects and certificate errors are permanent: retrying cannot fix them.
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	var se *SendError
	if errors.As(err, &se) {
		return se.Temporary
	}
	return temporary(err)
}

// temporary classifies an error from a send before it is redacted.
func temporary(err error) bool {
	var st *statusError
	if errors.As(err, &st) {
		return st.Code >= 500 || st.Code == 408 || st.Code == 429
	}
	var me *mail.SendError
	if errors.As(err, &me) {
		return me.IsTemp()
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return tp.Code >= 400 && tp.Code < 500
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || errors.Is(err, errTimeout) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	for _, e := range []error{syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED,
		syscall.EPIPE, syscall.ENETUNREACH, syscall.EHOSTUNREACH, io.EOF, io.ErrUnexpectedEOF} {
		if errors.Is(err, e) {
			return true
		}
	}
	// A failed dial (no route, name not resolved while the laptop wakes up)
	// is worth another try; what the server said once connected is not.
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return true
	}
	var de *net.DNSError
	return errors.As(err, &de)
}

// errTimeout marks a send that ran out of time.
var errTimeout = errors.New("timed out")

// timedOut says whether a send failed because its time ran out: its
// context expired, or a read or write deadline set from the same timeout
// passed first.
func timedOut(ctx context.Context, err error) bool {
	if ctx.Err() == context.DeadlineExceeded {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// RetryAfter is the wait a failed send's server asked for, or 0.
func RetryAfter(err error) time.Duration {
	var se *SendError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}
