package reminders

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gen2brain/beeep"
)

// desktopNotifier shows each nudge as a native desktop notification
// (D-Bus or notify-send on Linux, Notification Center on macOS, toast on
// Windows).
type desktopNotifier struct {
	name    string
	timeout time.Duration
	send    func(title, body string) error // beeepSend; tests replace it
	texts   texts
}

var _ Notifier = (*desktopNotifier)(nil)

var beeepOnce sync.Once

// beeepSend shows one notification through beeep.
func beeepSend(title, body string) error {
	beeepOnce.Do(func() { beeep.AppName = "mscase" })
	return beeep.Notify(title, body, "")
}

func (d *desktopNotifier) Notify(ctx context.Context, n Nudge) error {
	t := d.texts.of(n)
	title, body := t.Title, t.Body
	done := make(chan error, 1)
	// beeep takes no context; a hung D-Bus call is left behind rather than
	// holding up the other channels.
	go func() { done <- d.send(title, body) }()
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	select {
	case err := <-done:
		if err != nil {
			// Most often nobody is logged in to a desktop yet (the service
			// started at boot) or the session bus is gone for a moment: a
			// later tick may well show it.
			return &SendError{Channel: d.name, Temporary: true,
				Err: fmt.Errorf("show desktop notification (is a desktop session running?): %w", err)}
		}
		return nil
	case <-ctx.Done():
		return &SendError{Channel: d.name, Temporary: true,
			Err: fmt.Errorf("show desktop notification: %w after %s", errTimeout, d.timeout)}
	}
}
