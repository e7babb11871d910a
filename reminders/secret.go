package reminders

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/zalando/go-keyring"
)

// MaskSecret hides a secret for display: a URL keeps its scheme and host
// (https://hooks.slack.com/****) so the user can tell channels apart,
// anything else becomes ****. The empty string stays empty.
func MaskSecret(s string) string {
	if s == "" {
		return ""
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		return u.Scheme + "://" + u.Host + "/****"
	}
	return "****"
}

// Masked returns a copy of the channel with its secrets masked, for
// `config show`, logs and error reports.
func (c ChannelConfig) Masked() ChannelConfig {
	m := c
	m.URL = MaskSecret(c.URL)
	if c.Password != "" {
		m.Password = "****"
	}
	if c.Token != "" {
		m.Token = "****"
	}
	m.To = slices.Clone(c.To)
	m.Command = slices.Clone(c.Command)
	for i := 1; i < len(m.Command); i++ {
		m.Command[i] = maskArg(m.Command[i])
	}
	return m
}

var reSecretArg = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)bearer|token|secret|passw|api[-_]?key|authorization|auth=|sig=|key=`)
})

// maskArg masks a program argument that looks like it carries a secret: a
// URL (its path and query), or anything naming a token, key or password.
func maskArg(a string) string {
	if u, err := url.Parse(a); err == nil && u.Scheme != "" && u.Host != "" {
		return MaskSecret(a)
	}
	if reSecretArg().MatchString(a) {
		return "****"
	}
	return a
}

// KeyringService is the service name mscase's secrets are stored under in
// the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
// Service on Linux).
const KeyringService = "mscase"

// KeyringUser is the keychain account of one secret of a channel:
// "phone/url", "personal mail/password".
func KeyringUser(channel, field string) string { return channel + "/" + field }

// SecretFields are the secret fields a channel type can have, the first
// one being the one "config secret set" stores by default.
func SecretFields(typ string) []string {
	switch strings.ToLower(typ) {
	case TypeWebhook:
		return []string{"url", "token"}
	case TypeEmail:
		return []string{"password"}
	}
	return nil
}

// secretSource is where the configuration says one secret comes from.
type secretSource struct {
	field   string // the key name in the file: "url", "password", "token"
	inline  string
	env     string
	file    string
	keyring bool
}

func (c ChannelConfig) sources() []secretSource {
	return []secretSource{
		{"url", c.URL, c.URLEnv, c.URLFile, c.URLKeyring},
		{"token", c.Token, c.TokenEnv, c.TokenFile, c.TokenKeyring},
		{"password", c.Password, c.PasswordEnv, c.PasswordFile, c.PasswordKeyring},
	}
}

func (c ChannelConfig) source(field string) secretSource {
	for _, s := range c.sources() {
		if s.field == field {
			return s
		}
	}
	return secretSource{field: field}
}

// secretFileMax bounds a secret file: a secret is a line, not a document.
const secretFileMax = 64 << 10

// secret reads one secret of a channel from the one source the
// configuration names: the environment variable in *_env, the file in
// *_file (which only its owner may read), the OS keychain (*_keyring), or
// the configuration file itself when that file is private. A missing
// secret gives "", nil; the caller decides whether it is needed. Errors
// name the channel and the field and say how to fix it, never the secret.
func (s Secrets) secret(channel string, src secretSource) (string, error) {
	f := src.field
	n := 0
	for _, set := range []bool{src.inline != "", src.env != "", src.file != "", src.keyring} {
		if set {
			n++
		}
	}
	if n > 1 {
		return "", fmt.Errorf("channel %s: the %s comes from more than one place: keep one of %s, %s_env, %s_file and %s_keyring",
			channel, f, f, f, f, f)
	}
	switch {
	case src.env != "":
		v := ""
		if s.Getenv != nil {
			v = s.Getenv(src.env)
		}
		if v == "" {
			hint := ""
			if s.EnvHint != nil {
				hint = s.EnvHint(f)
			}
			return "", fmt.Errorf("channel %s: %s_env names the environment variable %s, which is empty or not set%s",
				channel, f, src.env, hint)
		}
		return v, nil
	case src.file != "":
		return s.readSecretFile(channel, f, src.file)
	case src.keyring:
		get := s.Keyring
		if get == nil {
			get = keyring.Get
		}
		v, err := get(KeyringService, KeyringUser(channel, f))
		if errors.Is(err, keyring.ErrNotFound) || (err == nil && v == "") {
			return "", fmt.Errorf("channel %s: %s_keyring is set but the OS keychain holds no %s for it: store it with \"mscase config secret set %s --field %s\"",
				channel, f, f, channel, f)
		}
		if err != nil {
			return "", &KeyringError{Channel: channel, Field: f, Err: err}
		}
		return v, nil
	case src.inline == "":
		return "", nil
	}
	if !s.FilePrivate {
		return "", fmt.Errorf("channel %s: the %s is a secret but the configuration file can be read by others: "+
			"run chmod 600 on it, or move the %s to a file only you can read and name it in %s_file",
			channel, f, f, f)
	}
	return src.inline, nil
}

// KeyringError is an OS keychain that could not be reached: no Secret
// Service on D-Bus (Linux), a locked keychain, no session.
type KeyringError struct {
	Channel, Field string
	Err            error
}

func (e *KeyringError) Error() string {
	return fmt.Sprintf("channel %s: the OS keychain is not available here (%v): on Linux it needs a Secret Service "+
		"(GNOME Keyring, KWallet or KeePassXC) in your session; or keep the %s in a file only you can read and name it in %s_file",
		e.Channel, e.Err, e.Field, e.Field)
}

func (e *KeyringError) Unwrap() error { return e.Err }

// readSecretFile reads a secret from a file that its owner alone can read.
// A relative path is relative to the configuration file's folder (a
// service's working directory is not the user's). Surrounding white space,
// such as the newline an editor adds, is not part of the secret.
func (s Secrets) readSecretFile(channel, field, path string) (string, error) {
	if !filepath.IsAbs(path) && s.Dir != "" {
		path = filepath.Join(s.Dir, path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("channel %s: %s_file %s: %w: create it with only the %s in it and run chmod 600 on it",
			channel, field, path, errors.Unwrap(err), field)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("channel %s: %s_file %s is not a regular file: put the %s alone in a file", channel, field, path, field)
	}
	if perm := fi.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return "", fmt.Errorf("channel %s: %s_file %s can be read by others (mode %04o): run chmod 600 %s",
			channel, field, path, perm, path)
	}
	if fi.Size() > secretFileMax {
		return "", fmt.Errorf("channel %s: %s_file %s is %d bytes, too big for a secret (at most %d): put the %s alone in it",
			channel, field, path, fi.Size(), secretFileMax, field)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("channel %s: %s_file %s: %w", channel, field, path, errors.Unwrap(err))
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("channel %s: %s_file %s is empty: put the %s in it", channel, field, path, field)
	}
	if strings.ContainsAny(v, "\r\n") {
		return "", fmt.Errorf("channel %s: %s_file %s holds more than one line: put the %s alone in it", channel, field, path, field)
	}
	return v, nil
}

// ChannelSecrets returns every secret of the channels that can be read,
// whatever their source, so callers can mask them in anything they print
// or store. Secrets that cannot be read are left out.
func ChannelSecrets(cfgs []ChannelConfig, sec Secrets) []string {
	var out []string
	sec.FilePrivate = true // an inline secret must be masked wherever it is
	for _, c := range cfgs {
		for _, src := range c.sources() {
			if v, err := sec.secret(nameOr(c), src); err == nil && v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// redactor removes secrets from error messages.
type redactor []string

// newRedactor collects the forms a secret may take in an error message:
// the whole value, and for a URL its path and query, which carry the
// token in Slack, Discord, Teams and ntfy webhook URLs.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s == "" {
			continue
		}
		r = append(r, s)
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			for _, part := range []string{u.EscapedPath(), u.Path, u.RawQuery, u.Query().Get("sig")} {
				if len(part) >= 6 {
					r = append(r, part)
				}
			}
		}
	}
	// Longest first, so a whole URL goes before its path.
	slices.SortFunc(r, func(a, b string) int { return len(b) - len(a) })
	return r
}

// redact returns err with every secret replaced by its mask. A *url.Error
// (which prints the full request URL) gets its URL masked; any other error
// that still mentions a secret is replaced by a plain error with the
// secret cut out.
func (r redactor) redact(err error) error {
	if err == nil {
		return nil
	}
	if ue, ok := err.(*url.Error); ok {
		c := *ue
		c.URL = MaskSecret(ue.URL)
		err = &c
	}
	msg := err.Error()
	hit := false
	for _, s := range r {
		if strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, MaskSecret(s))
			hit = true
		}
	}
	if m := maskEncoded(msg, r); m != msg {
		msg, hit = m, true
	}
	if hit {
		return redactedError(msg)
	}
	return err
}

type redactedError string

func (e redactedError) Error() string { return string(e) }

// reBase64Run is a run of base64 (standard or URL alphabet) long enough to
// encode a secret of four bytes or more.
var reBase64Run = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[A-Za-z0-9+/_-]{8,}={0,2}`) })

// maskEncoded replaces with **** every base64 run in s that decodes to
// bytes holding one of secrets. A server may quote the client's login in
// its refusal: an SMTP 535 reply echoing "AUTH PLAIN <base64(\0user\0pass)>"
// or the LOGIN exchange, and that reply is printed, logged and stored in
// the sent-log. A run is tried from each of its first four characters, so
// a few stray characters glued in front do not hide it.
func maskEncoded(s string, secrets []string) string {
	var secs [][]byte
	for _, x := range secrets {
		if len(x) >= 4 {
			secs = append(secs, []byte(x))
		}
	}
	if len(secs) == 0 {
		return s
	}
	toStd := strings.NewReplacer("-", "+", "_", "/")
	return reBase64Run().ReplaceAllStringFunc(s, func(run string) string {
		t := toStd.Replace(strings.TrimRight(run, "="))
		for k := 0; k < 4 && k < len(t); k++ {
			u := t[k:]
			if len(u)%4 == 1 {
				u = u[:len(u)-1]
			}
			b, err := base64.RawStdEncoding.DecodeString(u)
			if err != nil {
				continue
			}
			for _, sec := range secs {
				if bytes.Contains(b, sec) {
					return "****"
				}
			}
		}
		return run
	})
}

// Value reads one secret field ("url", "token", "password") of a channel
// from wherever the configuration says it is; "" when none is configured.
func (s Secrets) Value(c ChannelConfig, field string) (string, error) {
	return s.secret(nameOr(c), c.source(field))
}
