// Package recovery owns the helpers that shorten a lockout: tenant discovery
// over Microsoft's public, sign-in-free endpoints (the OpenID configuration
// and the user-realm endpoint), DNS TXT ownership checks against resolvers
// and the domain's own name servers, and reading Microsoft's support emails
// for their TrackingID.
//
// It imports cases only, never cmd, cobra or anything that knows about
// terminals. It reads no environment variables and never asks the clock:
// base URLs, HTTP clients, DNS servers, timeouts and "now" come in as values,
// so tests point it at loopback servers.
package recovery
