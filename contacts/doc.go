// Package contacts owns the Microsoft 365 support phone directory: loading
// it (the bundled copy from package data, merged with the user's own
// contacts.json), looking countries up by code or by name in any common
// spelling, reading the page's opening hours into weekly schedules, and
// answering "who do I call now" for a country, a language and an instant.
//
// It imports only the standard library, golang.org/x/text and the holiday
// calendars of github.com/rickar/cal/v2. It never reads the clock, the
// environment or the terminal: the instant comes in as Query.At, files come
// in as an fs.FS and a path. It must not import cases, reminders or cmd.
package contacts
