//go:build linux

package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"howett.net/plist"
)

// TestInstalledService is the installed path end to end, on Linux: in a
// temp HOME, "config init", an ntfy channel whose URL is in a file (and,
// where the service manager can carry one, a JSON channel whose URL is in
// an environment variable), "reminders install --write", then the command
// the unit, agent or task defines, run with exactly the environment it
// defines (plus MSCASE_NOW) for two ticks: the loopback server gets
// exactly one nudge per case and channel, each naming the number to call.
func TestInstalledService(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the mscase binary")
	}
	bin := buildMscase(t)
	for _, kind := range []string{"systemd", "launchd", "windows"} {
		t.Run(kind, func(t *testing.T) {
			s := newInstalledSetup(t, bin, kind != "windows")
			s.mscase(t, "reminders", "install", "--"+kind, "--write")
			var argv, env []string
			switch kind {
			case "systemd":
				argv, env = systemdCommand(t, filepath.Join(s.home, ".config", "systemd", "user", unitName))
			case "launchd":
				argv, env = launchdCommand(t, filepath.Join(s.home, "Library", "LaunchAgents", agentLabel+".plist"))
			case "windows":
				argv, env = windowsCommand(t, filepath.Join(s.home, "AppData", "Local", "mscase", taskXMLName))
			}
			if argv[0] != bin {
				t.Fatalf("the service runs %q, want the binary that installed it, %s", argv[0], bin)
			}
			s.runService(t, argv, env)
			s.testChannels(t, argv, env)
		})
	}
}

// buildMscase builds this command into a temp folder, with the build
// tags given (etcd: the team binary).
func buildMscase(t *testing.T, tags ...string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "mscase")
	cmd := exec.Command(gobin, "build", "-tags", strings.Join(tags, ","), "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type installedSetup struct {
	bin, home string
	env       []string // for the user's own commands: HOME and the secret variable
	srv       *httptest.Server
	mu        sync.Mutex
	posts     map[string][]string // path -> bodies
}

func newInstalledSetup(t *testing.T, bin string, envChannel bool) *installedSetup {
	home := t.TempDir()
	s := &installedSetup{bin: bin, home: home, posts: map[string][]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.posts[r.URL.Path] = append(s.posts[r.URL.Path], string(b))
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	s.env = []string{"HOME=" + s.home, "TZ=Asia/Tokyo", "MSCASE_NOW=2026-11-25T10:00:00+09:00",
		"USERNAME=alice", "LocalAppData=" + filepath.Join(home, "AppData", "Local"), "MSCASE_BACKUP_URL=" + s.srv.URL + "/backup-SECRET"}

	s.mscase(t, "config", "init")
	cfgDir := filepath.Join(s.home, ".config", "mscase")
	cfgPath := filepath.Join(cfgDir, "config.toml")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	conf := regexp.MustCompile(`(?m)^schedule = .*$`).ReplaceAllString(string(b), `schedule = "@every 1s"`)
	conf += "\n[[channel]]\nname = \"phone\"\ntype = \"webhook\"\nformat = \"ntfy\"\nurl_file = \"ntfy-url\"\n"
	if envChannel {
		conf += "\n[[channel]]\nname = \"backup\"\ntype = \"webhook\"\nformat = \"json\"\nurl_env = \"MSCASE_BACKUP_URL\"\n"
	}
	if err := os.WriteFile(cfgPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "ntfy-url"), []byte(s.srv.URL+"/phone-SECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.mscase(t, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--country", "JP")
	return s
}

// mscase runs the built binary as the user would, in their shell.
func (s *installedSetup) mscase(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.bin, args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mscase %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if strings.Contains(string(out), "SECRET") {
		t.Errorf("mscase %s printed a secret:\n%s", strings.Join(args, " "), out)
	}
	return string(out)
}

func (s *installedSetup) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.posts[path])
}

// runService runs the service's command with exactly env and MSCASE_NOW,
// adds a second case after the first tick sent the first one's nudges, and
// stops it with SIGTERM after the second tick.
func (s *installedSetup) runService(t *testing.T, argv, env []string) {
	t.Helper()
	paths := []string{"/phone-SECRET"}
	if s.env != nil && hasEnvChannel(s) {
		paths = append(paths, "/backup-SECRET")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(env, "MSCASE_NOW=2026-11-25T10:00:00+09:00")
	cmd.Dir = "/" // where a service manager starts it
	var stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	waitPosts := func(n int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			ok := true
			for _, p := range paths {
				ok = ok && s.count(p) >= n
			}
			if ok {
				return
			}
			select {
			case err := <-exited:
				t.Fatalf("the service exited (%v) before %d nudges per channel:\n%s", err, n, stderr.String())
			default:
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("waited 30s for %d nudges per channel; log:\n%s", n, stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitPosts(1) // the first tick, at start
	s.mscase(t, "cases", "new", "--domain", "fabrikam.co.jp", "--admin", "admin@fabrikam.co.jp", "--country", "JP")
	waitPosts(2)                        // a later tick
	time.Sleep(1500 * time.Millisecond) // one more tick: nothing twice
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the service exited with %v after SIGTERM:\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the service did not stop on SIGTERM")
	}
	log := stderr.String()
	if !strings.Contains(log, "mscase reminders: checking \"@every 1s\" through phone") || !strings.HasSuffix(log, "mscase reminders: stopped\n") {
		t.Errorf("service log:\n%s", log)
	}
	if strings.Contains(log, "SECRET") {
		t.Errorf("the service logged a secret:\n%s", log)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.posts) != len(paths) {
		t.Errorf("posts went to %d paths, want %v", len(s.posts), paths)
	}
	reCall := regexp.MustCompile(`(?m)^Call: \+?[0-9][0-9 ()-]{5,} \(Japan, technical support, open`)
	phone := s.posts["/phone-SECRET"]
	if len(phone) != 2 {
		t.Fatalf("ntfy channel got %d posts, want 2 (one per case):\n%q", len(phone), phone)
	}
	for i, c := range []string{"Case: 1 (contoso.co.jp)", "Case: 2 (fabrikam.co.jp)"} {
		body := phone[i]
		if !strings.Contains(body, "\n"+c+"\n") || !reCall.MatchString(body) || !strings.Contains(body, "locked out and no contact with Microsoft yet") {
			t.Errorf("ntfy post %d lacks %q, the number to call or the reason:\n%s", i+1, c, body)
		}
	}
	if len(paths) == 2 {
		backup := s.posts["/backup-SECRET"]
		if len(backup) != 2 {
			t.Fatalf("json channel got %d posts, want 2:\n%q", len(backup), backup)
		}
		for i, b := range backup {
			var n struct {
				Case       int    `json:"case"`
				TrackingID string `json:"tracking_id"`
				Kind       string `json:"kind"`
				Call       struct {
					Number string `json:"number"`
				} `json:"call"`
			}
			if err := json.Unmarshal([]byte(b), &n); err != nil {
				t.Fatalf("json post %d: %v\n%s", i+1, err, b)
			}
			if n.Case != i+1 || n.Kind != "call-now" || n.Call.Number == "" {
				t.Errorf("json post %d = %+v, want case %d, call-now, a number to call", i+1, n, i+1)
			}
		}
	}
}

// testChannels runs "reminders test" as the service would (its argv with
// run replaced by test): with the environment the unit defines every
// channel is reached; with no environment at all, a channel whose secret
// is in a variable is named and the exit status is 1.
func (s *installedSetup) testChannels(t *testing.T, argv, env []string) {
	t.Helper()
	s.mu.Lock()
	s.posts = map[string][]string{}
	s.mu.Unlock()
	argv = append([]string(nil), argv...)
	for i, a := range argv {
		if a == "run" {
			argv[i] = "test"
		}
	}
	run := func(env []string) (string, int) {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env, cmd.Dir = env, "/"
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "SECRET") {
			t.Errorf("reminders test printed a secret:\n%s", out)
		}
		return string(out), code
	}
	out, code := run(env)
	if code != 0 || !strings.Contains(out, "channel phone: ok\n") {
		t.Errorf("reminders test in the service's environment: exit %d\n%s", code, out)
	}
	want := 1
	if hasEnvChannel(s) {
		if !strings.Contains(out, "channel backup: ok\n") {
			t.Errorf("reminders test did not reach the backup channel:\n%s", out)
		}
		want = 2
		out, code = run(nil)
		if code != 1 || !strings.Contains(out, "mscase: error: channel backup: url_env names the environment variable MSCASE_BACKUP_URL, which is empty or not set\n") ||
			!strings.Contains(out, "channel phone: ok\n") {
			t.Errorf("reminders test with no environment: exit %d, want 1 naming the backup channel\n%s", code, out)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.posts {
		n += len(p)
	}
	if len(s.posts["/phone-SECRET"]) < 1 || n < want {
		t.Errorf("reminders test posted %v, want every channel reached", s.posts)
	}
}

func hasEnvChannel(s *installedSetup) bool {
	b, _ := os.ReadFile(filepath.Join(s.home, ".config", "mscase", "config.toml"))
	return strings.Contains(string(b), "url_env = \"MSCASE_BACKUP_URL\"")
}

// systemdCommand reads ExecStart, Environment= and EnvironmentFile= from a
// unit, unquoting as systemd does.
func systemdCommand(t *testing.T, unitPath string) (argv, env []string) {
	t.Helper()
	f, err := os.Open(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		switch k {
		case "ExecStart":
			argv = systemdWords(t, v)
		case "Environment":
			env = append(env, systemdWords(t, v)...)
		case "EnvironmentFile":
			env = append(env, readEnvFile(t, strings.TrimPrefix(v, "-"))...)
		}
	}
	if len(argv) == 0 {
		t.Fatalf("%s has no ExecStart", unitPath)
	}
	return argv, env
}

// systemdWords splits a systemd command line: words, double-quoted words
// with backslash escapes, %% for % and $$ for $.
func systemdWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\\' && i+1 < len(line):
			i++
			w.WriteByte(line[i])
		case c == '"':
			quoted = !quoted
			inWord = true
		case !quoted && (c == ' ' || c == '\t'):
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case (c == '%' || c == '$') && i+1 < len(line) && line[i+1] == c:
			w.WriteByte(c)
			i++
			inWord = true
		case c == '%' || c == '$':
			t.Fatalf("unescaped %c in %q: systemd would expand it", c, line)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %q", line)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// readEnvFile reads an EnvironmentFile: NAME=value or NAME="value" with
// backslash escapes, comments and blank lines skipped.
func readEnvFile(t *testing.T, path string) []string {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("EnvironmentFile %s: %v, want mode 0600", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, l := range strings.Split(string(b), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("EnvironmentFile line %q", l)
		}
		if strings.HasPrefix(v, `"`) {
			words := systemdWords(t, strings.ReplaceAll(v, "$", "$$"))
			if len(words) != 1 {
				t.Fatalf("EnvironmentFile value %q", v)
			}
			v = strings.ReplaceAll(words[0], "$$", "$")
		}
		env = append(env, k+"="+v)
	}
	return env
}

// launchdCommand reads ProgramArguments and EnvironmentVariables.
func launchdCommand(t *testing.T, path string) (argv, env []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ProgramArguments     []string
		EnvironmentVariables map[string]string
	}
	if _, err := plist.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	for k, v := range p.EnvironmentVariables {
		env = append(env, k+"="+v)
	}
	return p.ProgramArguments, env
}

// windowsCommand reads the task's Exec and splits its Arguments the way
// Windows programs do (CommandLineToArgvW). A task defines no variables.
func windowsCommand(t *testing.T, path string) (argv, env []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tk := parseTask(t, b)
	checkTaskSchema(t, tk)
	ex := tk.Actions.Exec[0]
	return append([]string{ex.Command}, windowsSplit(ex.Arguments)...), nil
}

func windowsSplit(s string) []string {
	var args []string
	var w strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			n := 0
			for i < len(s) && s[i] == '\\' {
				n++
				i++
			}
			if i < len(s) && s[i] == '"' {
				w.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					w.WriteByte('"')
				} else {
					quoted = !quoted
				}
			} else {
				w.WriteString(strings.Repeat(`\`, n))
				i--
			}
			inArg = true
		case c == '"':
			quoted = !quoted
			inArg = true
		case !quoted && (c == ' ' || c == '\t'):
			if inArg {
				args = append(args, w.String())
				w.Reset()
				inArg = false
			}
		default:
			w.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		args = append(args, w.String())
	}
	return args
}
