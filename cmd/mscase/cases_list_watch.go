package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mscase/mscase/cases"
)

// changeWatcher is a store that tells when anyone writes to it: the store
// on etcd watches its prefix. The bbolt file has no such thing; the list
// looks at the file instead.
type changeWatcher interface {
	Changes(ctx context.Context) (<-chan struct{}, error)
}

// pollEvery is how often "cases list --watch" looks at the bbolt file.
const pollEvery = 500 * time.Millisecond

// watchCasesList draws the list, then draws it again each time the store
// changes, until ctx ends (Ctrl-C, SIGTERM), which is a clean exit. On a
// terminal each drawing replaces the last; piped, each is printed after
// the one before, separated by an empty line (--json: one array each).
// The bbolt file is opened only to draw, never held between drawings, so
// the writers it waits for are never told the database is in use.
func watchCasesList(ctx context.Context, a *app, opts *casesListOptions) error {
	once := *opts
	once.watch = false
	var changes <-chan struct{}
	if a.shared() {
		s, err := a.openStore(true)
		if err != nil {
			return err
		}
		defer s.Close()
		w, ok := s.(changeWatcher)
		if !ok {
			return fmt.Errorf("cases list --watch: this store cannot report changes")
		}
		if changes, err = w.Changes(ctx); err != nil {
			return err
		}
	} else {
		if a.dbPath == "" {
			return usageT("usage_x.no_data_dir")
		}
		changes = pollFile(ctx, a.dbPath, pollEvery)
	}
	for drawn := 0; ; drawn++ {
		if a.getenv("MSCASE_NOW") == "" {
			a.now = time.Now().In(a.loc) // relative times and stall deadlines move on
		}
		switch {
		case a.isTTY:
			fmt.Fprint(a.out, "\x1b[H\x1b[2J") // home, clear: the new drawing replaces the old
		case drawn > 0 && !a.jsonOut:
			fmt.Fprintln(a.out)
		}
		err := runCasesList(ctx, a, &once)
		if errors.Is(err, cases.ErrBusy) {
			// A writer held the file past the timeout: draw on the next change.
			a.warn("%v", err)
		} else if err != nil {
			return err
		}
		if a.errTTY {
			a.say("list.watching", "At", a.now.Format("15:04:05"))
		}
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-changes:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return errors.New("cases list --watch: the store stopped reporting changes")
			}
		}
	}
}

// pollFile reports each change of the file at path, looked at every
// interval, until ctx ends; then the channel is closed. The file as it is
// now is the starting point: call it before drawing, so that a write
// during the drawing is reported.
func pollFile(ctx context.Context, path string, every time.Duration) <-chan struct{} {
	last := statFile(path)
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if s := statFile(path); s != last {
				last = s
				select {
				case out <- struct{}{}:
				default: // one is waiting already
				}
			}
		}
	}()
	return out
}
