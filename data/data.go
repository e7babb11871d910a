// Package data holds the files mscase embeds into its binary, and nothing
// else: no parsing, no logic. Package contacts reads them through an fs.FS
// so that its tests can hand it fstest.MapFS instead.
//
// ms365-support-phones.json is the Microsoft 365 for business support phone
// directory, extracted from one commit of Microsoft's public documentation
// page (the "source" object in the file names the repository, path and
// commit). README.md says how this copy differs from the extraction.
package data

import "embed"

// FS holds ms365-support-phones.json, README.md and SOURCE.md.
//
//go:embed ms365-support-phones.json README.md SOURCE.md
var FS embed.FS
