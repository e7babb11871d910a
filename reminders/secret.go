package reminders

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
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
	m.To = slices.Clone(c.To)
	m.Command = slices.Clone(c.Command)
	for i := 1; i < len(m.Command); i++ {
		m.Command[i] = maskArg(m.Command[i])
	}
	return m
}

var reSecretArg = regexp.MustCompile(`(?i)bearer|token|secret|passw|api[-_]?key|authorization|auth=|sig=|key=`)

// maskArg masks a program argument that looks like it carries a secret: a
// URL (its path and query), or anything naming a token, key or password.
func maskArg(a string) string {
	if u, err := url.Parse(a); err == nil && u.Scheme != "" && u.Host != "" {
		return MaskSecret(a)
	}
	if reSecretArg.MatchString(a) {
		return "****"
	}
	return a
}

// secret reads one secret of a channel: from the environment variable named
// in the *_env field, or from the configuration file itself when the file
// is private. field is the key name in the file ("url", "password").
// A missing secret gives "", nil; the caller decides whether it is needed.
func (s Secrets) secret(channel, field, value, envName string) (string, error) {
	if envName != "" {
		v := ""
		if s.Getenv != nil {
			v = s.Getenv(envName)
		}
		if v == "" {
			return "", fmt.Errorf("channel %s: %s_env names the environment variable %s, which is empty or not set",
				channel, field, envName)
		}
		return v, nil
	}
	if value == "" {
		return "", nil
	}
	if !s.FilePrivate {
		return "", fmt.Errorf("channel %s: the %s is a secret but the configuration file can be read by others: "+
			"run chmod 600 on it, or move the %s to an environment variable and name it in %s_env",
			channel, field, field, field)
	}
	return value, nil
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
var reBase64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{8,}={0,2}`)

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
	return reBase64Run.ReplaceAllStringFunc(s, func(run string) string {
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
