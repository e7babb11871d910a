package reminders

import (
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// ChannelConfig is one notifier channel as the configuration file writes it
// ([[channel]] tables). Each secret (a webhook URL or token, an SMTP
// password) comes from one place: a file only its owner can read (*_file),
// the OS keychain (*_keyring, stored by "mscase config secret set"), the
// environment variable *_env names, or the field itself only when the
// configuration file is private (0600).
type ChannelConfig struct {
	Name string `toml:"name" json:"name"`
	Type string `toml:"type" json:"type"` // stdout, desktop, webhook, email, exec
	// Language, when set ("en", "ja"), is the language of every nudge
	// this channel sends; empty means each case's own language.
	Language string `toml:"language,omitempty" json:"language,omitempty"`

	// webhook
	Format     string `toml:"format,omitempty" json:"format,omitempty"` // slack, discord, teams, ntfy, json
	URL        string `toml:"url,omitempty" json:"url,omitempty"`       // secret
	URLEnv     string `toml:"url_env,omitempty" json:"url_env,omitempty"`
	URLFile    string `toml:"url_file,omitempty" json:"url_file,omitempty"`
	URLKeyring bool   `toml:"url_keyring,omitempty" json:"url_keyring,omitempty"`
	// Token is sent as "Authorization: Bearer" (an ntfy access token).
	Token        string `toml:"token,omitempty" json:"token,omitempty"` // secret
	TokenEnv     string `toml:"token_env,omitempty" json:"token_env,omitempty"`
	TokenFile    string `toml:"token_file,omitempty" json:"token_file,omitempty"`
	TokenKeyring bool   `toml:"token_keyring,omitempty" json:"token_keyring,omitempty"`

	// email
	SMTPHost        string   `toml:"smtp_host,omitempty" json:"smtp_host,omitempty"`
	SMTPPort        int      `toml:"smtp_port,omitzero" json:"smtp_port,omitempty"`
	TLS             string   `toml:"tls,omitempty" json:"tls,omitempty"` // starttls (default), tls, none
	Username        string   `toml:"username,omitempty" json:"username,omitempty"`
	Password        string   `toml:"password,omitempty" json:"password,omitempty"` // secret
	PasswordEnv     string   `toml:"password_env,omitempty" json:"password_env,omitempty"`
	PasswordFile    string   `toml:"password_file,omitempty" json:"password_file,omitempty"`
	PasswordKeyring bool     `toml:"password_keyring,omitempty" json:"password_keyring,omitempty"`
	From            string   `toml:"from,omitempty" json:"from,omitempty"`
	To              []string `toml:"to,omitempty" json:"to,omitempty"`

	// exec
	Command []string `toml:"command,omitempty" json:"command,omitempty"`

	// Timeout bounds one send, as a Go duration ("10s", "1m"). Empty means
	// the type's default: see DefaultTimeout.
	Timeout string `toml:"timeout,omitempty" json:"timeout,omitempty"`
}

// The channel types.
const (
	TypeStdout  = "stdout"
	TypeDesktop = "desktop"
	TypeWebhook = "webhook"
	TypeEmail   = "email"
	TypeExec    = "exec"
)

// DefaultTimeout is how long one send may take when the channel sets no
// timeout of its own.
var DefaultTimeout = map[string]time.Duration{
	TypeStdout:  5 * time.Second,
	TypeDesktop: 10 * time.Second,
	TypeWebhook: 15 * time.Second,
	TypeEmail:   30 * time.Second,
	TypeExec:    30 * time.Second,
}

// Channel is a built notifier with the name it was configured under.
type Channel struct {
	Name     string
	Notifier Notifier
}

// Secrets says where channel secrets may come from.
type Secrets struct {
	secretEnv []string // names of the variables that hold secrets, set by BuildChannels

	Getenv      func(string) string
	FilePrivate bool // the configuration file is 0600: secrets in it may be used
	Stdout      io.Writer
	// Now is the clock an email's Date header reads (MSCASE_NOW honoured);
	// nil dates a mail at its nudge's due instant.
	Now func() time.Time
	// Dir is the configuration file's folder: *_file paths are relative
	// to it.
	Dir string
	// Keyring reads a secret from the OS keychain; nil means the real one
	// (github.com/zalando/go-keyring).
	Keyring func(service, user string) (string, error)
	// EnvHint ends the error about an unset *_env variable (field is
	// "url", "token" or "password"): where the environment came from and
	// how else to keep the secret. nil adds nothing.
	EnvHint func(field string) string
	// Words words the nudges (the message layer); nil means English.
	Words Words
}

// BuildChannels turns the configured channels into notifiers, in order. A
// channel that cannot be built (unknown type or format, missing field,
// bad address or timeout, a secret that is missing, or in a file others
// can read) is reported in errs, one error per channel naming it, and left
// out; the others still work. Errors never contain a secret. Channel names
// default to the type and must be unique: the sent-log records sends by
// channel name.
func BuildChannels(cfgs []ChannelConfig, sec Secrets) (chans []Channel, errs []error) {
	// Programs run by exec channels must not inherit the other channels'
	// secrets from mscase's environment.
	for _, c := range cfgs {
		for _, e := range []string{c.URLEnv, c.TokenEnv, c.PasswordEnv} {
			if e != "" {
				sec.secretEnv = append(sec.secretEnv, e)
			}
		}
	}
	seen := map[string]bool{}
	for _, c := range cfgs {
		name := nameOr(c)
		if seen[name] {
			errs = append(errs, fmt.Errorf("channel %s: the name is used by another channel: give each [[channel]] its own name", name))
			continue
		}
		seen[name] = true
		n, err := buildChannel(name, c, sec)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		chans = append(chans, Channel{Name: name, Notifier: n})
	}
	return chans, errs
}

func nameOr(c ChannelConfig) string {
	if c.Name != "" {
		return c.Name
	}
	if c.Type == "" {
		return TypeStdout
	}
	return strings.ToLower(c.Type)
}

func buildChannel(name string, c ChannelConfig, sec Secrets) (Notifier, error) {
	typ := strings.ToLower(c.Type)
	if typ == "" {
		typ = TypeStdout
	}
	timeout, ok := DefaultTimeout[typ]
	if !ok {
		return nil, fmt.Errorf("channel %s: type %q is not known (want stdout, desktop, webhook, email or exec)", name, c.Type)
	}
	if c.Timeout != "" {
		d, err := time.ParseDuration(c.Timeout)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("channel %s: timeout %q is not a positive duration (want e.g. \"10s\" or \"1m\")", name, c.Timeout)
		}
		timeout = d
	}
	switch typ {
	case TypeStdout:
		w := sec.Stdout
		if w == nil {
			w = io.Discard
		}
		return &stdoutNotifier{name: name, w: w, texts: texts{sec.Words, c.Language}}, nil
	case TypeDesktop:
		return &desktopNotifier{name: name, timeout: timeout, send: beeepSend, texts: texts{sec.Words, c.Language}}, nil
	case TypeWebhook:
		return buildWebhook(name, c, sec, timeout)
	case TypeEmail:
		return buildEmail(name, c, sec, timeout)
	default: // TypeExec
		if len(c.Command) == 0 || c.Command[0] == "" {
			return nil, fmt.Errorf("channel %s: exec needs command, the program and its arguments (e.g. command = [\"/usr/local/bin/page-me\", \"--urgent\"])", name)
		}
		return &execNotifier{name: name, argv: append([]string(nil), c.Command...), timeout: timeout, dropEnv: sec.secretEnv}, nil
	}
}

func buildWebhook(name string, c ChannelConfig, sec Secrets, timeout time.Duration) (Notifier, error) {
	format := strings.ToLower(c.Format)
	if _, _, _, err := webhookPayload(format, Nudge{}); err != nil || format == "" {
		return nil, fmt.Errorf("channel %s: webhook format %q is not known (want %s)", name, c.Format, strings.Join(webhookFormats, ", "))
	}
	raw, err := sec.secret(name, c.source("url"))
	if err != nil {
		return nil, err
	}
	if raw == "" {
		return nil, fmt.Errorf("channel %s: webhook needs a url: put it in a file only you can read and name that in url_file", name)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		// Say where the URL came from, never what it is.
		return nil, fmt.Errorf("channel %s: the webhook url%s is not an http(s) URL", name, from(c.source("url")))
	}
	token, err := sec.secret(name, c.source("token"))
	if err != nil {
		return nil, err
	}
	w := newWebhook(name, format, raw, timeout)
	w.texts = texts{sec.Words, c.Language}
	if token != "" {
		w.token = token
		w.redact = newRedactor(raw, token)
	}
	return w, nil
}

// from says where a secret came from, for errors that must not show it.
func from(src secretSource) string {
	switch {
	case src.env != "":
		return " in " + src.env
	case src.file != "":
		return " in " + src.file
	case src.keyring:
		return " in the OS keychain"
	}
	return ""
}

func buildEmail(name string, c ChannelConfig, sec Secrets, timeout time.Duration) (Notifier, error) {
	mode := strings.ToLower(c.TLS)
	if mode == "" {
		mode = TLSStartTLS
	}
	port, ok := defaultSMTPPort[mode]
	if !ok {
		return nil, fmt.Errorf("channel %s: tls %q is not known (want starttls, tls or none)", name, c.TLS)
	}
	if c.SMTPPort != 0 {
		if c.SMTPPort < 1 || c.SMTPPort > 65535 {
			return nil, fmt.Errorf("channel %s: smtp_port %d is not a port (want 1-65535, usually 587, 465 or 25)", name, c.SMTPPort)
		}
		port = c.SMTPPort
	}
	if c.SMTPHost == "" {
		return nil, fmt.Errorf("channel %s: email needs smtp_host, the mail server to send through", name)
	}
	if c.From == "" {
		return nil, fmt.Errorf("channel %s: email needs from, the sender address", name)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("channel %s: from %q is not a mail address", name, c.From)
	}
	if len(c.To) == 0 {
		return nil, fmt.Errorf("channel %s: email needs to, one or more recipient addresses outside the locked tenant", name)
	}
	for _, a := range c.To {
		if _, err := mail.ParseAddress(a); err != nil {
			return nil, fmt.Errorf("channel %s: recipient %q is not a mail address", name, a)
		}
	}
	pw, err := sec.secret(name, c.source("password"))
	if err != nil {
		return nil, err
	}
	if c.Username != "" && pw == "" {
		return nil, fmt.Errorf("channel %s: username is set but there is no password: put it in a file only you can read and name that in password_file", name)
	}
	if c.Username == "" && pw != "" {
		return nil, fmt.Errorf("channel %s: a password is set but username is empty", name)
	}
	return &emailNotifier{
		name: name, host: c.SMTPHost, port: port, tlsMode: mode,
		username: c.Username, password: pw, from: c.From, to: append([]string(nil), c.To...),
		timeout: timeout, redact: newRedactor(pw), now: sec.Now, texts: texts{sec.Words, c.Language},
	}, nil
}

// DisplayName is the channel's name: its name, else its type. The
// sent-log and the keychain know a channel by it.
func (c ChannelConfig) DisplayName() string { return nameOr(c) }
