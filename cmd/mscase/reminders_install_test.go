package main

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"howett.net/plist"
)

// installEnv is a temp HOME with a config whose channels take their
// secrets from a file (phone) and from this shell's environment (backup).
func installEnv(t *testing.T) (map[string]string, string) {
	t.Helper()
	home := t.TempDir()
	cfgDir := filepath.Join(home, ".config", "mscase")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := `schedule = "@every 1s"

[[channel]]
name = "phone"
type = "webhook"
format = "ntfy"
url_file = "ntfy-url"

[[channel]]
name = "backup"
type = "webhook"
format = "json"
url_env = "MSCASE_BACKUP_URL"
`
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "ntfy-url"), []byte("http://127.0.0.1:9/phoneSECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_DATA_HOME": filepath.Join(home, ".local", "share"),
		"LocalAppData": filepath.Join(home, "AppData", "Local"), "USERDOMAIN": "CONTOSO", "USERNAME": "alice",
		"MSCASE_BACKUP_URL": "http://127.0.0.1:9/backupSECRET"}
	return env, home
}

// TestInstallUnitsAccepted writes the three service definitions and checks
// each with its manager's rules: systemd-analyze verify on the user unit
// (where installed), the launchd plist through howett.net/plist, the task
// XML with encoding/xml against the Task Scheduler schema's constraints.
func TestInstallUnitsAccepted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are Unix")
	}
	env, home := installEnv(t)
	// A scheduled task sees no variable of this shell: refused, nothing
	// written, one line naming the channel and the fix.
	_, errOut, code := runCmd(t, env, "reminders", "install", "--windows", "--write")
	if code != 2 || !strings.Contains(errOut, "mscase: error: channel backup: url_env names the environment variable MSCASE_BACKUP_URL, which is empty or not set for the task: "+
		"a scheduled task does not see this shell's variables; keep the url in a file only you can read (url_file)") {
		t.Errorf("install --windows with url_env: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, "AppData", "Local", "mscase", taskXMLName)); err == nil {
		t.Error("install --windows refused but wrote the task")
	}
	// The same secret variable unset in this shell: systemd cannot copy it.
	unset := map[string]string{}
	for k, v := range env {
		unset[k] = v
	}
	delete(unset, "MSCASE_BACKUP_URL")
	_, errOut, code = runCmd(t, unset, "reminders", "install", "--systemd")
	if code != 2 || !strings.Contains(errOut, "MSCASE_BACKUP_URL, which is empty or not set here either") || strings.Contains(errOut, "ExecStart") {
		t.Errorf("install --systemd with the variable unset: exit %d\n%s", code, errOut)
	}

	for _, kind := range []string{"--systemd", "--launchd"} {
		out, errOut, code := runCmd(t, env, "reminders", "install", kind, "--write")
		if code != 0 || out != "" {
			t.Fatalf("install %s: exit %d\n%s%s", kind, code, out, errOut)
		}
		if strings.Contains(errOut, "SECRET") {
			t.Errorf("install %s printed a secret:\n%s", kind, errOut)
		}
	}

	t.Run("systemd", func(t *testing.T) {
		unitPath := filepath.Join(home, ".config", "systemd", "user", unitName)
		unit := readPrivate(t, unitPath)
		if strings.Contains(unit, "network-online.target") || strings.Contains(unit, "After=") {
			t.Errorf("a user unit orders itself after a system target:\n%s", unit)
		}
		envFile := filepath.Join(filepath.Dir(unitPath), envFileName)
		if !strings.Contains(unit, "\nEnvironmentFile="+envFile+"\n") {
			t.Errorf("unit lacks EnvironmentFile=%s:\n%s", envFile, unit)
		}
		if got := readPrivate(t, envFile); !strings.Contains(got, "\nMSCASE_BACKUP_URL=\"http://127.0.0.1:9/backupSECRET\"\n") {
			t.Errorf("environment file:\n%s", got)
		}
		verifyUnit(t, unitPath)
	})

	t.Run("launchd", func(t *testing.T) {
		b := readPrivate(t, filepath.Join(home, "Library", "LaunchAgents", agentLabel+".plist"))
		var p struct {
			Label                string
			ProgramArguments     []string
			RunAtLoad            bool
			KeepAlive            map[string]any
			EnvironmentVariables map[string]string
		}
		if _, err := plist.Unmarshal([]byte(b), &p); err != nil {
			t.Fatalf("plist does not parse: %v\n%s", err, b)
		}
		if v, ok := p.KeepAlive["SuccessfulExit"].(bool); !ok || v || len(p.KeepAlive) != 1 {
			t.Errorf("KeepAlive = %#v, want {SuccessfulExit: false}", p.KeepAlive)
		}
		if p.Label != agentLabel || !p.RunAtLoad || len(p.ProgramArguments) < 3 || p.ProgramArguments[1] != "reminders" || p.ProgramArguments[2] != "run" {
			t.Errorf("plist = %+v", p)
		}
		if len(p.EnvironmentVariables) != 1 || p.EnvironmentVariables["MSCASE_BACKUP_URL"] != "http://127.0.0.1:9/backupSECRET" {
			t.Errorf("EnvironmentVariables = %q, want the one secret variable", p.EnvironmentVariables)
		}
	})

	t.Run("windows", func(t *testing.T) {
		cfg := filepath.Join(home, ".config", "mscase", "config.toml")
		b, _ := os.ReadFile(cfg)
		phoneOnly, _, _ := strings.Cut(string(b), "\n[[channel]]\nname = \"backup\"")
		if err := os.WriteFile(cfg, []byte(phoneOnly), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, errOut, code := runCmd(t, env, "reminders", "install", "--windows", "--write"); code != 0 {
			t.Fatalf("install --windows: exit %d\n%s", code, errOut)
		}
		raw := []byte(readPrivate(t, filepath.Join(home, "AppData", "Local", "mscase", taskXMLName)))
		task := parseTask(t, raw)
		checkTaskSchema(t, task)
		if task.Triggers.Logon.UserID != `CONTOSO\alice` || task.Principal.UserID != `CONTOSO\alice` {
			t.Errorf("logon trigger UserId %q, principal %q, want CONTOSO\\alice", task.Triggers.Logon.UserID, task.Principal.UserID)
		}
	})
}

// verifyUnit runs systemd-analyze verify on a user unit, or skips saying
// why. A warning fails the test as well as an error.
func verifyUnit(t *testing.T, unitPath string) {
	t.Helper()
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed: the unit was checked by the other assertions only")
	}
	rt := t.TempDir() // a user manager wants a runtime folder
	cmd := exec.Command(sa, "--user", "verify", unitPath)
	cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+rt, "SYSTEMD_LOG_LEVEL=warning")
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze --user verify: %v\n%s", err, out)
	}
}

func readPrivate(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %04o, want 0600", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// task is the part of the Task Scheduler schema (MS-TSCH, version 1.2)
// that mscase writes.
type task struct {
	XMLName  xml.Name `xml:"http://schemas.microsoft.com/windows/2004/02/mit/task Task"`
	Version  string   `xml:"version,attr"`
	Triggers struct {
		Logon *struct {
			Enabled string `xml:"Enabled"`
			UserID  string `xml:"UserId"`
		} `xml:"LogonTrigger"`
	} `xml:"Triggers"`
	Principal struct {
		ID        string `xml:"id,attr"`
		UserID    string `xml:"UserId"`
		LogonType string `xml:"LogonType"`
		RunLevel  string `xml:"RunLevel"`
	} `xml:"Principals>Principal"`
	Settings struct {
		MultipleInstancesPolicy string `xml:"MultipleInstancesPolicy"`
		ExecutionTimeLimit      string `xml:"ExecutionTimeLimit"`
		Restart                 *struct {
			Interval string `xml:"Interval"`
			Count    string `xml:"Count"`
		} `xml:"RestartOnFailure"`
	} `xml:"Settings"`
	Actions struct {
		Context string `xml:"Context,attr"`
		Exec    []struct {
			Command   string `xml:"Command"`
			Arguments string `xml:"Arguments"`
		} `xml:"Exec"`
	} `xml:"Actions"`
}

// parseTask decodes task XML as schtasks reads it: UTF-16LE with a BOM.
func parseTask(t *testing.T, raw []byte) *task {
	t.Helper()
	if len(raw) < 2 || raw[0] != 0xFF || raw[1] != 0xFE || len(raw)%2 != 0 {
		t.Fatalf("task XML is not UTF-16LE with a byte-order mark")
	}
	u := make([]uint16, (len(raw)-2)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(raw[2+2*i:])
	}
	text := string(utf16.Decode(u))
	if !strings.HasPrefix(text, `<?xml version="1.0" encoding="UTF-16"?>`) {
		t.Errorf("XML declaration: %.60q", text)
	}
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) { return r, nil } // decoded above
	var tk task
	if err := dec.Decode(&tk); err != nil {
		t.Fatalf("task XML does not parse: %v", err)
	}
	return &tk
}

var reXSDuration = regexp.MustCompile(`^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?$`)

// xsDuration reads the xs:duration forms Task Scheduler uses (days, hours,
// minutes, seconds).
func xsDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	m := reXSDuration.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		t.Fatalf("%q is not an xs:duration", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second} {
		if m[i+1] != "" {
			n, _ := strconv.Atoi(m[i+1])
			d += time.Duration(n) * unit
		}
	}
	return d
}

// checkTaskSchema checks the constraints of the Task Scheduler schema that
// the XML can break.
func checkTaskSchema(t *testing.T, tk *task) {
	t.Helper()
	if tk.Version != "1.2" {
		t.Errorf("version %q, want 1.2", tk.Version)
	}
	if tk.Triggers.Logon == nil || tk.Triggers.Logon.UserID == "" {
		t.Fatal("no LogonTrigger with a UserId: a non-administrator cannot register it")
	}
	r := tk.Settings.Restart
	if r == nil {
		t.Fatal("no RestartOnFailure")
	}
	// restartCount: xs:unsignedByte, minInclusive 1.
	if n, err := strconv.ParseUint(r.Count, 10, 8); err != nil || n < 1 {
		t.Errorf("RestartOnFailure/Count %q is not an unsignedByte from 1 to 255", r.Count)
	}
	// Interval: at least one minute, at most 31 days.
	if d := xsDuration(t, r.Interval); d < time.Minute || d > 31*24*time.Hour {
		t.Errorf("RestartOnFailure/Interval %s is outside PT1M..P31D", r.Interval)
	}
	xsDuration(t, tk.Settings.ExecutionTimeLimit)
	switch tk.Settings.MultipleInstancesPolicy {
	case "Parallel", "Queue", "IgnoreNew", "StopExisting":
	default:
		t.Errorf("MultipleInstancesPolicy %q", tk.Settings.MultipleInstancesPolicy)
	}
	if tk.Principal.LogonType != "InteractiveToken" || tk.Principal.RunLevel != "LeastPrivilege" || tk.Principal.ID != tk.Actions.Context {
		t.Errorf("principal %+v, actions context %q: want InteractiveToken, LeastPrivilege, the same id", tk.Principal, tk.Actions.Context)
	}
	if len(tk.Actions.Exec) != 1 || tk.Actions.Exec[0].Command == "" {
		t.Errorf("actions %+v, want one Exec", tk.Actions.Exec)
	}
}

// TestInstallOnSharedStore: on team mode the service runs on the shared
// store, not on a database file this machine happens to have: the unit
// names the store's URL, never --db, and the etcd password from this
// shell's variable goes to the 0600 environment file, not the unit.
func TestInstallOnSharedStore(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are Unix")
	}
	env, home := installEnv(t)
	cfgPath := filepath.Join(home, ".config", "mscase", "config.toml")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	conf := "store = \"etcd://10.0.0.1:2379,10.0.0.2:2379/team\"\n" + string(b) + "\n[etcd]\nuser = \"mscase\"\npassword_env = \"MSCASE_ETCD_PW\"\n"
	if err := os.WriteFile(cfgPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env["MSCASE_ETCD_PW"] = "etcdSECRET"
	for _, tc := range []struct{ name, env, want string }{
		{"config", "", "etcd://10.0.0.1:2379,10.0.0.2:2379/team"},
		// MSCASE_STORE is this shell's: the service does not see it, so
		// the unit says it, without the credentials a URL may carry.
		{"environment", "etcd://root:hunter2SECRET@10.0.0.3:2379/other", "etcd://10.0.0.3:2379/other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := maps.Clone(env)
			if tc.env != "" {
				e["MSCASE_STORE"] = tc.env
			}
			out, errOut, code := runCmd(t, e, "reminders", "install", "--systemd", "--write")
			if code != 0 || out != "" || strings.Contains(errOut, "SECRET") {
				t.Fatalf("install: exit %d\n%s%s", code, out, errOut)
			}
			unit := readPrivate(t, filepath.Join(home, ".config", "systemd", "user", unitName))
			if !strings.Contains(unit, `"--store" "`+tc.want+`"`) || strings.Contains(unit, "--db") || strings.Contains(unit, "SECRET") {
				t.Errorf("unit on a shared store:\n%s", unit)
			}
			envFile := readPrivate(t, filepath.Join(home, ".config", "systemd", "user", envFileName))
			if !strings.Contains(envFile, `MSCASE_ETCD_PW="etcdSECRET"`) {
				t.Errorf("the environment file lacks the etcd password variable:\n%s", envFile)
			}
		})
	}
}
