package reminders

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// ChannelConfig is one notifier channel as the configuration file writes it
// ([[channel]] tables). Secrets (webhook URLs, SMTP passwords) are read
// from the environment variable the *_env field names, or from the field
// itself only when the configuration file is private (0600).
type ChannelConfig struct {
	Name string `toml:"name" json:"name"`
	Type string `toml:"type" json:"type"` // stdout, desktop, webhook, email, exec

	// webhook
	Format string `toml:"format,omitempty" json:"format,omitempty"` // slack, discord, teams, ntfy, json
	URL    string `toml:"url,omitempty" json:"url,omitempty"`       // secret
	URLEnv string `toml:"url_env,omitempty" json:"url_env,omitempty"`

	// email
	SMTPHost    string   `toml:"smtp_host,omitempty" json:"smtp_host,omitempty"`
	SMTPPort    int      `toml:"smtp_port,omitempty" json:"smtp_port,omitempty"`
	TLS         string   `toml:"tls,omitempty" json:"tls,omitempty"` // starttls (default), tls, none
	Username    string   `toml:"username,omitempty" json:"username,omitempty"`
	Password    string   `toml:"password,omitempty" json:"password,omitempty"` // secret
	PasswordEnv string   `toml:"password_env,omitempty" json:"password_env,omitempty"`
	From        string   `toml:"from,omitempty" json:"from,omitempty"`
	To          []string `toml:"to,omitempty" json:"to,omitempty"`

	// exec
	Command []string `toml:"command,omitempty" json:"command,omitempty"`
}

// Channel is a built notifier with the name it was configured under.
type Channel struct {
	Name     string
	Notifier Notifier
}

// Secrets says where channel secrets may come from.
type Secrets struct {
	Getenv      func(string) string
	FilePrivate bool // the configuration file is 0600: secrets in it may be used
	Stdout      io.Writer
}

// BuildChannels turns the configured channels into notifiers. A channel that
// cannot be built is reported in errs and left out; the others still work.
func BuildChannels(cfgs []ChannelConfig, sec Secrets) (chans []Channel, errs []error) {
	for _, c := range cfgs {
		switch strings.ToLower(c.Type) {
		case "stdout", "":
			chans = append(chans, Channel{nameOr(c), &stdoutNotifier{w: sec.Stdout}})
		default:
			errs = append(errs, fmt.Errorf("channel %s: type %q is not known", nameOr(c), c.Type))
		}
	}
	return chans, errs
}

func nameOr(c ChannelConfig) string {
	if c.Name != "" {
		return c.Name
	}
	return c.Type
}

// stdoutNotifier prints each nudge as a few plain lines.
type stdoutNotifier struct{ w io.Writer }

var _ Notifier = (*stdoutNotifier)(nil)

func (s *stdoutNotifier) Notify(_ context.Context, n Nudge) error {
	return WriteText(s.w, n)
}

// WriteText writes a nudge for a person: case, TrackingID, kind, why, what
// to do. The TrackingID comes first because it is what the admin reads out
// on the phone.
func WriteText(w io.Writer, n Nudge) error {
	id := n.TrackingID
	if id == "" {
		id = "(none yet)"
	}
	late := ""
	if n.Late {
		late = " (late)"
	}
	_, err := fmt.Fprintf(w, "case %d  TrackingID %s  %s%s  due %s\n  why: %s\n  do:  %s\n",
		n.Case, id, n.Kind, late, n.Due.Format("2006-01-02T15:04:05Z07:00"), n.Why, n.Action)
	return err
}
