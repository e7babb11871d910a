package main

import (
	"errors"
	"sort"
	"time"

	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/prepare"
	"github.com/mscase/mscase/reminders"
)

// drillsOf reads the tenant profile's preparation routine from an open
// store for the reminders: none without a profile.
func (a *app) drillsOf(st reminders.Store) ([]reminders.Drill, error) {
	if st == nil {
		return nil, nil
	}
	p, err := prepare.Load(st)
	if errors.Is(err, prepare.ErrNoProfile) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d := reminders.Drill{Domain: p.Domain, Lang: p.Lang, Country: p.Country, Anchor: p.DrillAnchor(), EveryDays: p.Drill(),
		DirectoryMaxAge: prepare.DirectoryMaxAgeDays}
	if dir, _, err := contacts.Load(data.FS, ""); err == nil {
		if t, err := time.Parse("2006-01-02", dir.Source.Retrieved); err == nil {
			d.DirectoryRetrieved = t
		}
	}
	return []reminders.Drill{d}, nil
}

// withDrills adds the upcoming drill nudges of the profile to list, in
// time order.
func (a *app) withDrills(st store, list []reminders.Nudge, pol *reminders.Policy, until time.Time) ([]reminders.Nudge, error) {
	drills, err := a.drillsOf(st)
	if err != nil || len(drills) == 0 {
		return list, err
	}
	err = reminders.ViewLog(st, func(l *reminders.Log) error {
		for _, d := range drills {
			list = append(list, reminders.DueDrills(a.now, pol, d, l)...)
		}
		return nil
	})
	if err != nil {
		return list, err
	}
	for _, d := range drills {
		list = append(list, reminders.UpcomingDrills(a.now, until, pol, d)...)
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Due.Before(list[j].Due) })
	return list, nil
}
