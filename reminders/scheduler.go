package reminders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// ParseSchedule reads a cron schedule: five fields ("*/5 * * * *"), a
// descriptor ("@hourly", "@every 10m"), either with an optional
// "CRON_TZ=Asia/Tokyo " prefix naming the zone its fields are in.
func ParseSchedule(spec string) (s cron.Schedule, err error) {
	if strings.TrimSpace(spec) == "" {
		return nil, fmt.Errorf("empty schedule: expected cron fields like \"*/5 * * * *\" or \"@every 10m\"")
	}
	// robfig/cron v3.0.1 slices spec[eq+1:-1] and panics on a zone with
	// nothing after it ("CRON_TZ=Asia/Tokyo").
	if (strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=")) && !strings.Contains(spec, " ") {
		return nil, fmt.Errorf("%q: a zone and no schedule: expected CRON_TZ=Zone followed by cron fields, like \"CRON_TZ=Asia/Tokyo */5 9-18 * * 1-5\"", spec)
	}
	// Any other panic in the library is a schedule it could not read, not
	// a reason to take the daemon down.
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("%q: cannot read it (%v): expected cron fields like \"*/5 * * * *\" or \"@every 10m\"", spec, r)
		}
	}()
	s, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("%q: %v: expected cron fields like \"*/5 * * * *\", \"@every 10m\", optionally after CRON_TZ=Zone", spec, err)
	}
	return s, nil
}

// LateAfterFor is how late a nudge may go out before it counts as a
// catch-up: two ticks of the schedule, and at least DefaultLateAfter.
func LateAfterFor(s cron.Schedule, now time.Time) time.Duration {
	a := s.Next(now)
	gap := s.Next(a).Sub(a)
	if 2*gap > DefaultLateAfter {
		return 2 * gap
	}
	return DefaultLateAfter
}

// Run calls tick at every time of the schedule spec (fields in loc unless
// the spec names a CRON_TZ) until ctx is done; then it waits for a running
// tick to finish and returns. A tick that is still running when the next
// one is due makes that one skip.
func Run(ctx context.Context, spec string, loc *time.Location, tick func(context.Context)) error {
	if _, err := ParseSchedule(spec); err != nil {
		return err
	}
	c := cron.New(cron.WithLocation(loc), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	if _, err := c.AddFunc(spec, func() { tick(ctx) }); err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}
