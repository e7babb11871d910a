package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersInstallCmd) }

type remindersInstallOptions struct {
	kind  string // systemd, launchd, windows
	write bool
}

func newRemindersInstallCmd(a *app) *cobra.Command {
	opts := &remindersInstallOptions{}
	var systemd, launchd, windows bool
	cmd := &cobra.Command{
		Use:   "install [--systemd|--launchd|--windows] [--write]",
		Short: "Print (or write) a service that keeps \"reminders run\" going",
		Long: `Print a systemd user service (Linux), a launchd agent (macOS) or a Windows
Task Scheduler task that runs "mscase reminders run" at login and restarts
it when it fails, with the absolute path of this mscase binary, the
database and the configuration file. The default is the one for this
system.

With --write it is written for the current user (systemd:
~/.config/systemd/user/mscase-reminders.service; launchd:
~/Library/LaunchAgents/com.github.mscase.reminders.plist; Windows:
%LocalAppData%\mscase\mscase-reminders.xml) and the command that starts it
is printed. Nothing needs administrator rights.

A service sees none of this shell's variables. Before anything is printed
or written, every channel is set up the way the service will set it up,
with only the environment the unit defines; a channel that could not be is
named with its fix and nothing is written (exit 2). Secrets in files
(url_file, token_file, password_file) and in the OS keychain work
everywhere. Secrets kept in *_env variables are copied from this shell
into a 0600 EnvironmentFile beside the systemd unit, or into the launchd
agent (0600); a Windows task cannot take them.`,
		Example: `  mscase reminders install
  mscase reminders install --write
  mscase reminders install --launchd > com.github.mscase.reminders.plist`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case systemd:
				opts.kind = "systemd"
			case launchd:
				opts.kind = "launchd"
			case windows:
				opts.kind = "windows"
			default:
				opts.kind = map[string]string{"darwin": "launchd", "windows": "windows"}[runtime.GOOS]
				if opts.kind == "" {
					opts.kind = "systemd"
				}
			}
			return runRemindersInstall(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVar(&systemd, "systemd", false, "a systemd user service (Linux)")
	cmd.Flags().BoolVar(&launchd, "launchd", false, "a launchd agent (macOS)")
	cmd.Flags().BoolVar(&windows, "windows", false, "a Windows Task Scheduler task")
	cmd.MarkFlagsMutuallyExclusive("systemd", "launchd", "windows")
	cmd.Flags().BoolVar(&opts.write, "write", false, "write it for the current user instead of printing it")
	return noJSON(cmd, "nojson.install")
}

// serviceName is the unit, agent and task name.
const (
	unitName    = "mscase-reminders.service"
	agentLabel  = "com.github.mscase.reminders"
	taskName    = "mscase reminders"
	taskXMLName = "mscase-reminders.xml"
)

func runRemindersInstall(_ context.Context, a *app, opts *remindersInstallOptions) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this binary: %w", err)
	}
	if v, err := filepath.EvalSymlinks(exe); err == nil {
		exe = v
	}
	if strings.Contains(exe, "go-build") {
		a.warnT("warn.go_run", "File", exe)
	}
	// The service runs on the store this shell uses: the shared store's URL
	// when there is one (it holds no credentials: those stay in the
	// configuration's secret sources), else the database file.
	shared, err := a.sharedStore()
	if err != nil {
		return err
	}
	args := []string{"reminders", "run", "--db", absPath(a.dbPath)}
	if shared.URL != "" {
		args = []string{"reminders", "run", "--store", publicStoreURL(shared.URL)}
	}
	args = append(args, "--config", absPath(a.cfgPath))
	env, err := checkServiceEnv(a, opts.kind)
	if err != nil {
		return err
	}
	if e := a.team.Etcd; shared.URL != "" && e != nil && e.PasswordEnv != "" && opts.kind != "windows" {
		// The etcd password from this shell's variable goes where the
		// channels' secrets go: the 0600 environment file, not the unit.
		if v := a.getenv(e.PasswordEnv); v != "" {
			env[e.PasswordEnv] = v
		}
	}
	var body []byte
	var target, envFile, start string
	switch opts.kind {
	case "systemd":
		dir := a.getenv("XDG_CONFIG_HOME")
		if dir == "" {
			dir = filepath.Join(a.getenv("HOME"), ".config")
		}
		target = filepath.Join(dir, "systemd", "user", unitName)
		if len(env) > 0 {
			envFile = filepath.Join(filepath.Dir(target), envFileName)
		}
		body = []byte(systemdUnit(exe, args, envFile))
		start = "systemctl --user daemon-reload && systemctl --user enable --now " + unitName +
			"\n  (and \"loginctl enable-linger\" to keep it running while you are logged out)"
	case "launchd":
		home := a.getenv("HOME")
		log := filepath.Join(home, "Library", "Logs", "mscase-reminders.log")
		shown := env
		if !opts.write {
			shown = maskedEnv(env)
		}
		body = []byte(launchdPlist(exe, args, log, shown))
		target = filepath.Join(home, "Library", "LaunchAgents", agentLabel+".plist")
		start = "launchctl bootstrap gui/$(id -u) " + target
	case "windows":
		body = []byte(windowsTask(exe, args, windowsUser(a), "UTF-8"))
		dir := a.getenv("LocalAppData")
		if dir == "" {
			dir = filepath.Dir(absPath(a.dbPath))
		}
		target = filepath.Join(dir, "mscase", taskXMLName)
		start = fmt.Sprintf(`schtasks /Create /TN "%s" /XML "%s" && schtasks /Run /TN "%s"`, taskName, target, taskName)
	}
	if !opts.write {
		if _, err := a.out.Write(body); err != nil {
			return err
		}
		if len(env) > 0 {
			a.hint("%s", a.p.T("hint.write_env", "Vars", strings.Join(sortedKeys(env), ", ")))
		}
		a.hint("%s", a.p.T("install.write_hint"))
		return nil
	}
	if opts.kind == "windows" {
		// schtasks reads task XML as UTF-16 with a byte-order mark.
		body = utf16LE(windowsTask(exe, args, windowsUser(a), "UTF-16"))
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(target), err)
	}
	if envFile != "" {
		if err := writePrivate(envFile, []byte(systemdEnvFile(env))); err != nil {
			return err
		}
		a.say("ok.env_file", "File", envFile, "Vars", strings.Join(sortedKeys(env), ", "))
	} else if opts.kind == "systemd" {
		// A secret copied by an earlier install must not outlive its use.
		old := filepath.Join(filepath.Dir(target), envFileName)
		if err := os.Remove(old); err == nil {
			a.say("ok.env_removed", "File", old)
		}
	}
	if err := writePrivate(target, body); err != nil {
		return err
	}
	a.say("ok.installed", "File", target, "Start", start)
	return nil
}

// envFileName is the systemd EnvironmentFile beside the unit.
const envFileName = "mscase-reminders.env"

// writePrivate writes a file readable only by its owner, also when it
// existed with wider permissions.
func writePrivate(path string, body []byte) error {
	if err := os.WriteFile(path, body, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// checkServiceEnv loads the configuration the service will run with and
// sets up every channel in the environment the service will have: the
// variables the unit defines (for systemd and launchd, a copy of the
// *_env secrets this shell holds; a Windows task none), files and the
// keychain. It returns those variables, or a usage error (exit 2) after one
// line per channel that could not be set up there, with its fix.
func checkServiceEnv(a *app, kind string) (map[string]string, error) {
	cfg, src, err := loadConfig(a)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	hint := func(f string) string {
		return fmt.Sprintf(" here either, so it cannot be copied into the service, which does not see this shell's variables: "+
			"set it and install again, or keep the %[1]s in a file only you can read (%[1]s_file) or the OS keychain (%[1]s_keyring)", f)
	}
	if kind == "windows" {
		hint = func(f string) string {
			return fmt.Sprintf(" for the task: a scheduled task does not see this shell's variables; keep the %[1]s in a file only you can read (%[1]s_file) "+
				"or the Windows Credential Manager (%[1]s_keyring and \"mscase config secret set\")", f)
		}
	} else {
		for _, c := range cfg.Channels {
			for _, name := range []string{c.URLEnv, c.TokenEnv, c.PasswordEnv} {
				if v := a.getenv(name); name != "" && v != "" {
					env[name] = v
				}
			}
		}
	}
	rs := &reminderSetup{cfg: cfg, src: src}
	sec := rs.secrets(a, io.Discard)
	sec.Getenv = func(k string) string { return env[k] }
	sec.EnvHint = hint
	_, errs := reminders.BuildChannels(cfg.Channels, sec)
	if len(errs) == 0 {
		return env, nil
	}
	scrub := rs.scrub(a)
	for _, err := range errs {
		fmt.Fprintln(a.errOut, "mscase: error: "+safetext.Text(scrub(err.Error())))
	}
	return nil, usageWords(func(p *msg.Printer) string {
		return p.T("usage_x.install_channels", "Channels", p.N("unit.channel", len(errs)), "Path", src.path)
	})
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func maskedEnv(env map[string]string) map[string]string {
	m := make(map[string]string, len(env))
	for k, v := range env {
		m[k] = reminders.MaskSecret(v)
	}
	return m
}

// systemdEnvFile is an EnvironmentFile: one NAME="value" line each, with
// the characters systemd treats specially inside double quotes escaped.
func systemdEnvFile(env map[string]string) string {
	var b strings.Builder
	b.WriteString("# Secrets of the mscase reminders service, copied by \"mscase reminders install\".\n")
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	for _, k := range sortedKeys(env) {
		fmt.Fprintf(&b, "%s=\"%s\"\n", k, r.Replace(env[k]))
	}
	return b.String()
}

// windowsUser is the account the task's logon trigger and principal name:
// DOMAIN\user on Windows. A non-administrator can only register a logon
// trigger for themself.
func windowsUser(a *app) string {
	if u := a.getenv("USERNAME"); u != "" {
		if d := a.getenv("USERDOMAIN"); d != "" {
			return d + `\` + u
		}
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// systemdQuote quotes one ExecStart word: double quotes, with backslash,
// quote, and the specifier and variable signs escaped.
func systemdQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$")
	return `"` + r.Replace(s) + `"`
}

// systemdUnit is a user unit. It orders itself after nothing: a user
// manager has no network-online.target, and "reminders run" retries
// failed sends anyway.
func systemdUnit(exe string, args []string, envFile string) string {
	words := []string{systemdQuote(exe)}
	for _, a := range args {
		words = append(words, systemdQuote(a))
	}
	envLine := ""
	if envFile != "" {
		envLine = "EnvironmentFile=" + strings.ReplaceAll(envFile, "%", "%%") + "\n"
	}
	return `# mscase reminders: nudges about open Microsoft 365 lockout cases.
# Written by "mscase reminders install".
[Unit]
Description=mscase reminders: nudges about open Microsoft 365 lockout cases

[Service]
Type=simple
` + envLine + `ExecStart=` + strings.Join(words, " ") + `
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=30s

[Install]
WantedBy=default.target
`
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// launchdPlist is a launch agent. KeepAlive restarts it only after a
// failure: a clean exit (stopped on purpose) stays stopped.
func launchdPlist(exe string, args []string, log string, env map[string]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- mscase reminders: nudges about open Microsoft 365 lockout cases. Written by "mscase reminders install". -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>` + agentLabel + `</string>
  <key>ProgramArguments</key>
  <array>
`)
	for _, a := range append([]string{exe}, args...) {
		b.WriteString("    <string>" + xmlEscape(a) + "</string>\n")
	}
	b.WriteString(`  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
` + launchdEnv(env) + `  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>` + xmlEscape(log) + `</string>
  <key>StandardErrorPath</key>
  <string>` + xmlEscape(log) + `</string>
</dict>
</plist>
`)
	return b.String()
}

// launchdEnv is the EnvironmentVariables entry, or "" with no variables.
func launchdEnv(env map[string]string) string {
	if len(env) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("  <key>EnvironmentVariables</key>\n  <dict>\n")
	for _, k := range sortedKeys(env) {
		b.WriteString("    <key>" + xmlEscape(k) + "</key>\n    <string>" + xmlEscape(env[k]) + "</string>\n")
	}
	b.WriteString("  </dict>\n")
	return b.String()
}

// windowsArg quotes one command-line argument the way Windows programs
// split them (CommandLineToArgvW).
func windowsArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			b.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, 2*slashes))
	b.WriteByte('"')
	return b.String()
}

// windowsTask is Task Scheduler XML (schema 1.2) for the current user:
// started at their logon, restarted every minute after a failure up to 255
// times (Count is an unsignedByte, at least 1), with least privilege, so
// registering it needs no administrator rights.
func windowsTask(exe string, args []string, userID, encoding string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = windowsArg(a)
	}
	return `<?xml version="1.0" encoding="` + encoding + `"?>
<!-- mscase reminders: nudges about open Microsoft 365 lockout cases. Written by "mscase reminders install". -->
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>Runs "mscase reminders run": nudges about open Microsoft 365 lockout cases.</Description>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>` + xmlEscape(userID) + `</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>` + xmlEscape(userID) + `</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>255</Count>
    </RestartOnFailure>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>` + xmlEscape(exe) + `</Command>
      <Arguments>` + xmlEscape(strings.Join(q, " ")) + `</Arguments>
    </Exec>
  </Actions>
</Task>
`
}

// utf16LE encodes s as UTF-16 little-endian with a byte-order mark, with
// CRLF line ends.
func utf16LE(s string) []byte {
	s = strings.ReplaceAll(s, "\n", "\r\n")
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2+2*len(u))
	b[0], b[1] = 0xFF, 0xFE
	for i, v := range u {
		binary.LittleEndian.PutUint16(b[2+2*i:], v)
	}
	return b
}
