// Package data holds the files mscase embeds into its binary, and nothing
// else: no parsing, no logic. Package contacts reads them through an fs.FS
// so that its tests can hand it fstest.MapFS instead.
//
// ms365-support-phones.json is the Microsoft 365 for business support phone
// directory, extracted from one commit of Microsoft's public documentation
// page (the "source" object in the file names the repository, path and
// commit). README.md says how this copy differs from the extraction.
//
// holidays/ holds the public holiday tables package calendar reads:
// date-holidays.tsv, generated from the npm package date-holidays by
// tools/holidays (CC BY-SA 3.0: its attribution and licence sit beside
// it), and announced.tsv, the year-by-year government announcements kept
// by hand (China's make-up working days).
//
// i18n/*.toml are the message catalogs, one per language, read by package
// msg: every sentence a person reads, in English and in Japanese.
// i18n/help/*.toml hold the commands' help in languages other than
// English (whose help is in the command definitions).
package data

import "embed"

// FS holds ms365-support-phones.json, README.md, SOURCE.md, holidays/ and
// the message catalogs under i18n/ and i18n/help/.
//
//go:embed ms365-support-phones.json README.md SOURCE.md holidays i18n/*.toml i18n/help/*.toml
var FS embed.FS

// HolidayTable is holidays/date-holidays.tsv as a string, which package
// calendar reads in place at every start: FS would copy its 800 kB first.
//
//go:embed holidays/date-holidays.tsv
var HolidayTable string
