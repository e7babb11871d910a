// Package prepare owns what an admin does before a lockout: the tenant
// profile (tenant ID, domains, cloud, namespace type, country, language,
// plan, the admins and emergency-access accounts by UPN, and where the
// break-glass credentials are kept), the Microsoft Graph PowerShell checks
// with the retired MSOnline/AzureAD commands they replace, the parser of the
// JSON those checks write, and the pure evaluation of that JSON against
// Microsoft's published thresholds. Every threshold and command carries its
// source (see sources.go).
//
// It returns facts (check IDs, counts, method types, sources); the words, in
// English or Japanese, are made in cmd/mscase. It imports cases (for
// validation and the database file) and must not import cmd, recovery,
// reminders, contacts, cobra, lipgloss or read the clock: time comes in as a
// value.
//
// The profile lives in the case database in its own bucket, described in
// cases/FORMAT.md.
package prepare
