package main

import (
	"bytes"
	"context"
	"errors"
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
			return withHintT(usageT("secret.no_channels", "Channel", fmt.Sprintf("%q", opts.channel), "File", src.path), "secret.no_channels_hint")
		}
		return usageT("secret.no_channel", "Channel", fmt.Sprintf("%q", opts.channel), "File", src.path, "Names", quoteList(names))
	}
	fields := reminders.SecretFields(ch.Type)
	if len(fields) == 0 {
		return usageT("secret.no_secret", "Channel", opts.channel, "Type", ch.Type)
	}
	field := opts.field
	if field == "" {
		field = fields[0]
	}
	if !slices.Contains(fields, field) {
		return usageT("secret.bad_field", "Field", fmt.Sprintf("%q", field), "Type", strings.ToLower(ch.Type), "Fields", strings.Join(fields, ", "))
	}
	secret, err := readSecret(a, a.p.T("secret.prompt", "Field", field, "Channel", opts.channel))
	if err != nil {
		return err
	}
	if field == "url" {
		if u, err := url.Parse(secret); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return usageT("secret.not_url")
		}
	}
	user := reminders.KeyringUser(opts.channel, field)
	if err := keyring.Set(reminders.KeyringService, user, secret); err != nil {
		return withHintT(errors.New(a.p.T("secret.no_keychain", "Field", field, "Channel", opts.channel, "Err", err.Error())), "secret.no_keychain_hint", "Field", field)
	}
	a.say("secret.stored", "Field", field, "Channel", opts.channel, "Service", fmt.Sprintf("%q", reminders.KeyringService), "Account", fmt.Sprintf("%q", user))
	if !keyringSet(*ch, field) {
		fmt.Fprintln(a.errOut, "mscase: hint: "+a.p.T("secret.add_keyring", "Field", field, "Channel", fmt.Sprintf("%q", opts.channel), "File", src.path))
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
			return "", usageT("secret.too_big")
		}
		b = v
	}
	s := string(bytes.TrimSpace(b))
	if s == "" {
		return "", usageT("secret.none")
	}
	if strings.ContainsAny(s, "\r\n") {
		return "", usageT("secret.lines")
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
