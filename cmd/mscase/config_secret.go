package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/mscase/mscase/reminders"
	"github.com/spf13/cobra"
	"github.com/zalando/go-keyring"
	"golang.org/x/term"
)

func init() {
	addCommand("config", newConfigSecretCmd)
	addCommand("config secret", newConfigSecretSetCmd)
}

func newConfigSecretCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "secret",
		Short: "Keep a channel's secret in the OS keychain",
		Long: `Keep a channel's secret (a webhook URL or token, an SMTP password) in the OS
keychain: the macOS Keychain, the Windows Credential Manager, or the
Secret Service (GNOME Keyring, KWallet, KeePassXC) on Linux. The channel
then says url_keyring = true (or token_keyring, password_keyring).

Where there is no keychain (a server without a desktop session), keep the
secret in a file only you can read and name it in url_file (token_file,
password_file) instead.`,
		Example: `  mscase config secret set phone
  printf %s "$URL" | mscase config secret set phone`,
		Args: cobra.NoArgs,
	}
}

type configSecretSetOptions struct {
	channel string
	field   string
}

func newConfigSecretSetCmd(a *app) *cobra.Command {
	opts := &configSecretSetOptions{}
	cmd := &cobra.Command{
		Use:   "set CHANNEL",
		Short: "Store a channel's secret in the OS keychain, read from stdin or a prompt",
		Long: `Store the secret of the [[channel]] named CHANNEL in the OS keychain (service
"mscase", account "CHANNEL/FIELD"). The secret is read from a prompt that
does not echo it, or from stdin when that is not a terminal; never from
the command line, where other users and the shell history could see it.

FIELD is url for a webhook (or token, its bearer token) and password for
email. The channel must say FIELD_keyring = true to use it.`,
		Example: `  mscase config secret set phone
  mscase config secret set phone --field token < ~/ntfy-token
  mscase config secret set "personal mail"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.channel = args[0]
			return runConfigSecretSet(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.field, "field", "", "which secret: url or token (webhook), password (email); default url or password")
	return cmd
}

func runConfigSecretSet(_ context.Context, a *app, opts *configSecretSetOptions) error {
	cfg, src, err := loadConfig(a)
	if err != nil {
		return err
	}
	var ch *reminders.ChannelConfig
	var names []string
	for i := range cfg.Channels {
		names = append(names, cfg.Channels[i].DisplayName())
		if cfg.Channels[i].DisplayName() == opts.channel {
			ch = &cfg.Channels[i]
		}
	}
	if ch == nil {
		if len(names) == 0 {
			return withHint(usagef("no channel %q: %s has no [[channel]]", opts.channel, src.path), `"mscase config init" writes a file with example channels`)
		}
		return usagef("no channel %q in %s: expected one of %s", opts.channel, src.path, quoteList(names))
	}
	fields := reminders.SecretFields(ch.Type)
	if len(fields) == 0 {
		return usagef("channel %s is of type %s, which has no secret (webhook and email channels have)", opts.channel, ch.Type)
	}
	field := opts.field
	if field == "" {
		field = fields[0]
	}
	if !slices.Contains(fields, field) {
		return usagef("--field %q: a %s channel's secrets are %s", field, strings.ToLower(ch.Type), strings.Join(fields, ", "))
	}
	secret, err := readSecret(a, fmt.Sprintf("%s of channel %s: ", field, opts.channel))
	if err != nil {
		return err
	}
	if field == "url" {
		if u, err := url.Parse(secret); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return usagef("that is not an http(s) URL: expected the webhook URL, like https://ntfy.sh/your-topic; nothing stored")
		}
	}
	user := reminders.KeyringUser(opts.channel, field)
	if err := keyring.Set(reminders.KeyringService, user, secret); err != nil {
		return withHint(fmt.Errorf("store the %s of channel %s in the OS keychain: the keychain is not available here: %v", field, opts.channel, err),
			fmt.Sprintf("on Linux the keychain is a Secret Service (GNOME Keyring, KWallet, KeePassXC) in your desktop session; "+
				"without one, put the %s alone in a file, chmod 600 it, and name it in %s_file", field, field))
	}
	a.confirm("stored the %s of channel %s in the OS keychain (service %q, account %q)", field, opts.channel, reminders.KeyringService, user)
	if !keyringSet(*ch, field) {
		fmt.Fprintf(a.errOut, "mscase: hint: add %s_keyring = true to the [[channel]] named %q in %s (and remove any other %s source)\n",
			field, opts.channel, src.path, field)
	}
	return nil
}

func keyringSet(c reminders.ChannelConfig, field string) bool {
	switch field {
	case "url":
		return c.URLKeyring
	case "token":
		return c.TokenKeyring
	}
	return c.PasswordKeyring
}

// readSecret reads one secret: from a prompt without echo on a terminal,
// else from stdin (one line; the final newline is not part of it).
func readSecret(a *app, prompt string) (string, error) {
	var b []byte
	if f, ok := a.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(a.errOut, prompt)
		v, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.errOut)
		if err != nil {
			return "", fmt.Errorf("read the secret: %w", err)
		}
		b = v
	} else {
		v, err := io.ReadAll(io.LimitReader(a.in, 64<<10+1))
		if err != nil {
			return "", fmt.Errorf("read the secret from stdin: %w", err)
		}
		if len(v) > 64<<10 {
			return "", usagef("stdin holds more than 64 KiB: expected one secret; nothing stored")
		}
		b = v
	}
	s := string(bytes.TrimSpace(b))
	if s == "" {
		return "", usagef("no secret given: type it at the prompt or pipe it to stdin; nothing stored")
	}
	if strings.ContainsAny(s, "\r\n") {
		return "", usagef("the secret holds more than one line: expected one; nothing stored")
	}
	return s, nil
}

// quoteList is "a", "b" and "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
