package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf16"

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
is printed. Nothing needs administrator rights.`,
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
	return cmd
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
		fmt.Fprintf(a.errOut, "mscase: warning: %s is a temporary \"go run\" binary: install mscase (go install) and run this again from the installed one\n", exe)
	}
	args := []string{"reminders", "run", "--db", absPath(a.dbPath), "--config", absPath(a.cfgPath)}
	var body []byte
	var target, start string
	switch opts.kind {
	case "systemd":
		body = []byte(systemdUnit(exe, args))
		dir := a.getenv("XDG_CONFIG_HOME")
		if dir == "" {
			dir = filepath.Join(a.getenv("HOME"), ".config")
		}
		target = filepath.Join(dir, "systemd", "user", unitName)
		start = "systemctl --user daemon-reload && systemctl --user enable --now " + unitName +
			"\n  (and \"loginctl enable-linger\" to keep it running while you are logged out)"
	case "launchd":
		home := a.getenv("HOME")
		log := filepath.Join(home, "Library", "Logs", "mscase-reminders.log")
		body = []byte(launchdPlist(exe, args, log))
		target = filepath.Join(home, "Library", "LaunchAgents", agentLabel+".plist")
		start = "launchctl bootstrap gui/$(id -u) " + target
	case "windows":
		body = []byte(windowsTask(exe, args, "UTF-8"))
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
		a.hint("write it for this user with --write")
		return nil
	}
	if opts.kind == "windows" {
		// schtasks reads task XML as UTF-16 with a byte-order mark.
		body = utf16LE(windowsTask(exe, args, "UTF-16"))
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(target), err)
	}
	if err := os.WriteFile(target, body, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	a.confirm("wrote %s\nstart it with:\n  %s", target, start)
	return nil
}

// systemdQuote quotes one ExecStart word: double quotes, with backslash,
// quote, and the specifier and variable signs escaped.
func systemdQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$")
	return `"` + r.Replace(s) + `"`
}

func systemdUnit(exe string, args []string) string {
	words := []string{systemdQuote(exe)}
	for _, a := range args {
		words = append(words, systemdQuote(a))
	}
	return `# mscase reminders: nudges about open Microsoft 365 lockout cases.
# Written by "mscase reminders install".
[Unit]
Description=mscase reminders: nudges about open Microsoft 365 lockout cases
After=network-online.target

[Service]
Type=simple
ExecStart=` + strings.Join(words, " ") + `
Restart=on-failure
RestartSec=30s

[Install]
WantedBy=default.target
`
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

func launchdPlist(exe string, args []string, log string) string {
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
  <true/>
  <key>ProcessType</key>
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

func windowsTask(exe string, args []string, encoding string) string {
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
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
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
      <Count>999</Count>
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
