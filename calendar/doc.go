// Package calendar is mscase's one business calendar: public holidays by
// country and region (Japan computed by its law, github.com/rickar/cal
// where it has the country, a table generated from the npm package
// date-holidays for the rest), make-up working days on weekends, the
// admin's closures and extra working days, working hours and time zones.
// The reminders, the stall rule and the support directory's "open now" all
// ask it.
//
// It returns facts (days, holidays with their English and local names,
// reasons) and makes no sentences. It imports only package data (for the
// embedded table) and never cases, contacts, reminders or cmd; it never
// reads the clock: time comes in as values.
package calendar
