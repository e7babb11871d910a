package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // country time zones on every platform, Windows too

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"golang.org/x/term"

	"github.com/mscase/mscase/safetext"
)

// app holds what every command needs. main builds it once from the process;
// tests build it from buffers and t.TempDir().
type app struct {
	in     io.Reader
	out    io.Writer
	errOut io.Writer
	getenv func(string) string
	// branch names the one top-level command newRootCmd builds the
	// subcommands of; "" builds them all.
	branch string

	isTTY     bool // out is a terminal: styled tables, relative times
	errTTY    bool // errOut is a terminal: hints
	noColor   bool
	width     int // terminal width, 0 when unknown
	height    int
	now       time.Time
	loc       *time.Location
	dbPath    string
	storeURL  string // team mode: --store, MSCASE_STORE or the config's store
	team      teamConfig
	teamSrc   configSource
	teamRead  bool
	dbFlag    bool // --db given: that file, whatever MSCASE_STORE or the config's store say
	cfgPath   string
	jsonOut   bool
	dbTimeout time.Duration

	st *styles

	lang    string       // the language people read: "en" or "ja"
	p       *msg.Printer // sentences in lang
	langArg string       // --lang on the root

	reminders *loadedReminders // the configuration and rules, once loaded

	writers []store // stores opened for writing, for wroteDB
}

// wroteDB reports whether a write transaction of this command committed
// anything to the database.
func (a *app) wroteDB() bool {
	for _, s := range a.writers {
		if s.Wrote() {
			return true
		}
	}
	return false
}

// newApp reads the environment: MSCASE_NOW, MSCASE_DB, MSCASE_CONFIG,
// MSCASE_TTY (force terminal mode on or off, for demos and tests), NO_COLOR.
func newApp(in io.Reader, out, errOut io.Writer, getenv func(string) string) (*app, error) {
	a := &app{in: in, out: out, errOut: errOut, getenv: getenv, loc: time.Local, dbTimeout: time.Second}
	a.now = time.Now()
	if v := getenv("MSCASE_NOW"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, usageT("usage_x.mscase_now", "Value", safetext.Quote(v))
		}
		a.now = t
	}
	if tz := getenv("TZ"); tz != "" {
		if l, err := time.LoadLocation(strings.TrimPrefix(tz, ":")); err == nil {
			a.loc = l
		}
	} else if getenv("MSCASE_NOW") != "" {
		// "It is 20:57 at +09:00": without TZ, the offset of MSCASE_NOW
		// is the local zone, so "09:00" means 09:00 there.
		a.loc = a.now.Location()
	}
	a.now = a.now.In(a.loc)
	a.isTTY = isTerminal(out)
	a.errTTY = isTerminal(errOut)
	if v := getenv("MSCASE_TTY"); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			return nil, usageT("usage_x.mscase_tty", "Value", safetext.Quote(v))
		}
		a.isTTY, a.errTTY = on, on
	}
	if f, ok := out.(*os.File); ok && a.isTTY {
		a.width, a.height, _ = term.GetSize(int(f.Fd()))
	}
	if v, err := strconv.Atoi(getenv("COLUMNS")); err == nil && v > 0 {
		a.width = v
	}
	a.noColor = getenv("NO_COLOR") != "" || !isTerminal(out)
	a.dbPath = getenv("MSCASE_DB")
	if a.dbPath == "" {
		// Without a data directory only commands that open the database
		// fail (openStore says so); help, version and completion work.
		a.dbPath, _ = defaultDBPath(getenv)
	}
	a.storeURL = getenv("MSCASE_STORE")
	a.cfgPath = getenv("MSCASE_CONFIG")
	if a.cfgPath == "" {
		a.cfgPath = defaultConfigPath(getenv)
	}
	a.st = newStyles(out, a.noColor)
	// The language from the environment now, so that an error before any
	// command runs is worded; the root's PersistentPreRunE looks again with
	// --lang and the configuration.
	a.setLang(envLang(getenv))
	return a, nil
}

// envLang is the language the environment names (MSCASE_LANG, else the
// locale), English when it names none mscase speaks: the words of an error
// found before any command runs, such as a bad MSCASE_NOW.
func envLang(getenv func(string) string) string {
	if l, ok := msg.Parse(getenv("MSCASE_LANG")); ok {
		return l
	} else if getenv("MSCASE_LANG") == "" {
		return msg.FromLocale(getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"))
	}
	return msg.English
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// defaultDBPath is the user's data directory: $XDG_DATA_HOME/mscase on
// Linux and BSD, ~/Library/Application Support/mscase on macOS,
// %LocalAppData%\mscase on Windows.
func defaultDBPath(getenv func(string) string) (string, error) {
	dir := userDir(getenv, "LocalAppData", "XDG_DATA_HOME", ".local/share")
	if dir == "" {
		return "", usageT("usage_x.no_data_dir")
	}
	return filepath.Join(dir, "mscase", "mscase.db"), nil
}

// defaultConfigPath is $XDG_CONFIG_HOME/mscase/config.toml (or the
// platform's equivalent).
func defaultConfigPath(getenv func(string) string) string {
	return filepath.Join(userDir(getenv, "AppData", "XDG_CONFIG_HOME", ".config"), "mscase", "config.toml")
}

// userDir is a per-user folder: the Windows variable winVar, on macOS
// ~/Library/Application Support, elsewhere the XDG variable xdgVar or
// ~/xdgDefault. "" when none can be found.
func userDir(getenv func(string) string, winVar, xdgVar, xdgDefault string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv(winVar)
	case "darwin":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support")
		}
		return ""
	}
	if d := getenv(xdgVar); d != "" {
		return d
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, filepath.FromSlash(xdgDefault))
	}
	return ""
}

// openStore opens the database. Read-only opens of a database that does not
// exist yet return (nil, nil): there is nothing to read, and a read must not
// create the file.
func (a *app) openStore(readOnly bool) (store, error) {
	if u, err := a.sharedStore(); err != nil || u.URL != "" {
		if err != nil {
			return nil, err
		}
		s, err := openShared(u, readOnly)
		if err != nil {
			return nil, err
		}
		if !readOnly {
			a.writers = append(a.writers, s)
		}
		return s, nil
	}
	if a.dbPath == "" {
		return nil, usageT("usage_x.no_data_dir")
	}
	s, err := cases.Open(a.dbPath, cases.Options{ReadOnly: readOnly, Timeout: a.dbTimeout})
	if readOnly && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		if errors.Is(err, cases.ErrBusy) {
			return nil, fmt.Errorf("open %s: %w (is \"mscase reminders run\" running?)", a.dbPath, err)
		}
		return nil, fmt.Errorf("open database: %w", err)
	}
	// Only once it is known to be a database: a file given by mistake
	// (--db notes.txt) keeps its permissions.
	ownDir := ""
	if def, err := defaultDBPath(a.getenv); err == nil {
		ownDir = filepath.Dir(def)
	}
	a.tightenPerms("database", a.dbPath, ownDir)
	if !readOnly {
		a.writers = append(a.writers, s)
	}
	return s, nil
}

// withStore opens the store, runs fn and closes it.
func (a *app) withStore(readOnly bool, fn func(s store) error) error {
	s, err := a.openStore(readOnly)
	if err != nil {
		return err
	}
	if s == nil {
		return fn(nil)
	}
	defer s.Close()
	return fn(s)
}

// parseTime reads a user-typed time relative to a.now in the local zone.
func (a *app) parseTime(flag, v string) (time.Time, error) {
	t, err := cases.ParseTime(v, a.now, a.loc)
	if err != nil {
		var ie *cases.InputError
		if errors.As(err, &ie) {
			ie.Field = "--" + flag
		}
		return time.Time{}, err
	}
	return t, nil
}
