package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/mattn/go-runewidth"
	"github.com/mscase/mscase/msg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpTree builds the whole command tree as a user meets it: with cobra's
// help and completion commands and every help and version flag, which
// cobra adds only when a command runs. It returns the app and the commands
// a user can see, the root first.
func helpTree(t *testing.T, env map[string]string) (*app, []*cobra.Command) {
	t.Helper()
	a, err := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := a.chooseLang(""); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd(a)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag()
	var out []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		c.InitDefaultHelpFlag()
		out = append(out, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return a, out
}

var jaEnv = map[string]string{"LANG": "ja_JP.UTF-8"}

// hasJapanese reports whether s holds kana or kanji.
func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// exampleCommands is an example without its comment lines: the commands,
// which must be the same in every language.
func exampleCommands(ex string) []string {
	var out []string
	for _, l := range strings.Split(ex, "\n") {
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, freeText.ReplaceAllString(l, `$1"…"`))
	}
	return out
}

// freeText is the quoted value of a flag that takes the admin's own words
// (--summary "escalated to the DPT"): a Japanese example writes them in
// Japanese, so they are not compared.
var freeText = regexp.MustCompile(`(--(summary|note|title|resolution|credentials-at) )"[^"]*"`)

// TestJapaneseHelpCatalog checks data/i18n/help/ja.toml against the real
// command tree: every command has its Japanese short (and long and example
// where the English has them), every flag a Japanese usage, the Japanese
// examples run the same commands as the English ones, a usage shared by
// flag name (flag.<name>) only stands for flags that say the same thing in
// English, and no ID is left over from a command or flag that is gone.
func TestJapaneseHelpCatalog(t *testing.T) {
	_, en := helpTree(t, nil)
	ja, jaCmds := helpTree(t, jaEnv)
	ids, err := msg.HelpIDs(msg.Japanese)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 100 {
		t.Fatalf("help catalog ja holds only %d IDs", len(ids))
	}
	used := map[string]bool{"usage.default": true} // read by localUsageTemplate
	shared := map[string]map[string][]string{}     // flag name -> English usage -> commands
	for i, c := range jaCmds {
		e := en[i]
		id := helpID(c)
		for _, part := range []struct{ name, english string }{
			{"short", e.Short}, {"long", e.Long}, {"example", e.Example},
		} {
			key := id + "." + part.name
			has := msg.Has(msg.Japanese, key)
			switch {
			case part.english != "" && !has:
				t.Errorf("%s: no Japanese %s (%s in data/i18n/help/ja.toml)", c.CommandPath(), part.name, key)
			case part.english == "" && has:
				t.Errorf("%s: Japanese %s but no English one: add it to the command or drop %s", c.CommandPath(), part.name, key)
			}
			used[key] = true
		}
		if e.Example != "" && msg.Has(msg.Japanese, id+".example") {
			got, want := exampleCommands(ja.p.T(id+".example")), exampleCommands(e.Example)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: the Japanese example runs other commands than the English one:\n%s\nwant (comments aside):\n%s",
					c.CommandPath(), strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			own := id + ".flag." + f.Name
			if msg.Has(msg.Japanese, own) {
				used[own] = true
				return
			}
			if !msg.Has(msg.Japanese, "flag."+f.Name) {
				t.Errorf("%s --%s: no Japanese usage (%s or flag.%s)", c.CommandPath(), f.Name, own, f.Name)
				return
			}
			used["flag."+f.Name] = true
			usage := e.LocalFlags().Lookup(f.Name).Usage
			if f.Name == "help" {
				usage = "help for" // cobra's, with the command's name
			}
			if shared[f.Name] == nil {
				shared[f.Name] = map[string][]string{}
			}
			shared[f.Name][usage] = append(shared[f.Name][usage], c.CommandPath())
		})
	}
	for name, usages := range shared {
		if len(usages) > 1 {
			var s []string
			for u, cmds := range usages {
				s = append(s, fmt.Sprintf("%q (%s)", u, strings.Join(cmds, ", ")))
			}
			sort.Strings(s)
			t.Errorf("flag.%s stands for flags that say different things in English; give each its own help.<command>.flag.%s:\n  %s",
				name, name, strings.Join(s, "\n  "))
		}
	}
	for _, id := range ids {
		if !used[id] {
			t.Errorf("%s in data/i18n/help/ja.toml matches no command or flag (renamed or removed?)", id)
		}
	}
}

// helpWord is a run of ASCII that could be a word: letters, digits and
// the punctuation of identifiers, paths, flags and values.
var helpWord = regexp.MustCompile(`[A-Za-z0-9_.@/=:~$%*+\-]+`)

// helpQuoted is a double-quoted value with no space in it ("plan", "phone"):
// a literal, not prose.
var helpQuoted = regexp.MustCompile(`"[^"\s]*"`)

// helpAllowed are the English words Japanese help may hold. First names:
// of products, services, files and standards, and the headings of
// Microsoft's own pages; then literal values a person types or reads in
// machine output (flag values, configuration keys, the regions of
// "contacts list"); then the check identifiers of "prepare import".
// Command names, flag names and stage identifiers come from the tree.
var helpAllowed = strings.Fields(`
	Microsoft TrackingID Office Enterprise Other Plans Business Basic Standard Premium
	Entra Exchange Online Teams Graph PowerShell MSOnline AzureAD Windows Hello Task Scheduler
	Secret Service GNOME Keyring KWallet KeePassXC Webhook ntfy cron EnvironmentFile
	Linux macOS systemd launchd etcd bbolt Cloudflare Google Quad9 OpenID Managed Federated
	Ctrl-C iCalendar Markdown npm date-holidays rickar cal law announced
	bash zsh fish powershell brew Out-String Invoke-Expression source compinit autoload
	Japan Deutschland Enter Message-ID

	mscase yes snoozed enterprise other phone email web chat contact note document out
	technical billing url token password true primary yours plans anomaly info format
	yesterday tomorrow closures workdays channel
	north south america caribbean europe africa middle east asia pacific

	global-admins admin-methods admin-phishing-resistant admin-not-phone-only
	break-glass-count break-glass-active break-glass-cloud-only break-glass-method
`)

// englishIn lists the English words of three letters or more in Japanese
// help text that are not allowed, neither in helpAllowed nor in the
// output checker's englishAllowed (ja_output_test.go): URLs, identifiers (anything with a digit,
// a dot, a slash, an @ or an underscore), flags, all-capital acronyms and
// placeholders (REF, DNS, TXT), single-token quoted values, tab-indented
// command lines and the commands of the examples (only their # comments
// are prose) do not count.
func englishIn(help string, allowed map[string]bool) []string {
	var bad []string
	inExample := false
	for _, line := range strings.Split(help, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case line == "例:":
			inExample = true
			continue
		case line != "" && !strings.HasPrefix(line, " ") && strings.HasSuffix(line, ":"):
			inExample = false // the next heading
		}
		if strings.HasPrefix(line, "\t") {
			continue
		}
		if inExample {
			if !strings.HasPrefix(trim, "#") {
				continue
			}
		}
		line = regexp.MustCompile(`https?://\S+`).ReplaceAllString(line, " ")
		line = helpQuoted.ReplaceAllString(line, " ")
		for _, w := range helpWord.FindAllString(line, -1) {
			w = strings.TrimRight(w, ".:,")
			letters := 0
			for _, r := range w {
				if unicode.IsLetter(r) {
					letters++
				}
			}
			switch {
			case letters < 3,
				strings.HasPrefix(w, "-"),
				strings.ContainsAny(w, "0123456789_.@/=:~$%*+"),
				strings.ToUpper(w) == w,
				allowed[w],
				englishAllowed[strings.ToLower(w)]: // the output checker's list
				continue
			}
			bad = append(bad, w)
		}
	}
	return bad
}

// TestJapaneseHelpHasNoEnglish runs "mscase <command> --help" for every
// command with LANG=ja_JP.UTF-8 and fails on any English word that is not
// a name, an identifier or a value (see englishIn).
func TestJapaneseHelpHasNoEnglish(t *testing.T) {
	_, cmds := helpTree(t, nil)
	allowed := map[string]bool{}
	for _, w := range helpAllowed {
		allowed[w] = true
	}
	for _, c := range cmds {
		allowed[c.Name()] = true
		for _, al := range c.Aliases {
			allowed[al] = true
		}
		c.Flags().VisitAll(func(f *pflag.Flag) { allowed[f.Name] = true })
	}
	for _, s := range []string{"locked-out", "ticket-open", "dpt-review", "verifying", "reset-pending", "recovered", "closed"} {
		allowed[s] = true
	}
	for _, c := range cmds {
		args := append(strings.Fields(c.CommandPath())[1:], "--help")
		// With LANG=ja_JP.UTF-8, and with LANG=C and --lang ja; where
		// the command's own --lang means something else (the language of
		// a case or of holiday names), MSCASE_LANG=ja.
		ownLang := c.LocalFlags().Lookup("lang") != nil && !outputLang[c.CommandPath()] && c.HasParent()
		for _, env := range []map[string]string{jaEnv, {"LANG": "C"}} {
			var out, errOut bytes.Buffer
			argv := args
			if env["LANG"] == "C" && ownLang {
				env = map[string]string{"LANG": "C", "MSCASE_LANG": "ja"}
			} else if env["LANG"] == "C" {
				argv = append([]string{"--lang", "ja"}, args...)
			}
			if code := run(argv, bytes.NewReader(nil), &out, &errOut, func(k string) string { return env[k] }); code != 0 {
				t.Errorf("mscase %s: exit %d: %s", strings.Join(argv, " "), code, errOut.String())
				continue
			}
			if !hasJapanese(out.String()) {
				t.Errorf("mscase %s (%v): no Japanese in:\n%s", strings.Join(argv, " "), env, out.String())
				continue
			}
			if bad := englishIn(out.String(), allowed); len(bad) > 0 {
				t.Errorf("mscase %s (%v): English words %q in:\n%s", strings.Join(argv, " "), env, bad, out.String())
			}
		}
	}
}

// TestEnglishCheckerFindsEnglish keeps englishIn honest: it must catch an
// untranslated line and let the names, values and commands through.
func TestEnglishCheckerFindsEnglish(t *testing.T) {
	allowed := map[string]bool{"cases": true, "list": true, "Microsoft": true}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"ケースを一覧表示", nil},
		{"List open cases", []string{"List", "open"}},
		{"  --stage 段階   この段階のケースだけ (既定値: \"phone\")", nil},
		{"Microsoft の TicketNumber と DNS TXT レコード (MS=ms12345678)", []string{"TicketNumber"}},
		{"例:\n  mscase cases list --summary \"escalated to DPT\"\n  # open cases first\n\nフラグ:\n  help for list", []string{"open", "first", "help", "for"}},
		{"例:\n  # 段階を進める\n  mscase cases stage 1 dpt-review\n\nフラグ:\n  help for list", []string{"help", "for"}},
		{"詳しくは https://login.microsoftonline.com/x を参照", nil},
		{"\tsource <(mscase completion bash)", nil},
	} {
		got := englishIn(c.text, allowed)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("englishIn(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestLocalFlagUsagesAlignsByWidth: Japanese placeholders are two columns
// a character, so the usages must start in one display column, and
// pflag's "(default x)" must be in the word given.
func TestLocalFlagUsagesAlignsByWidth(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("from-email", "", "メールを`ファイル`から読む")
	fs.String("channel", "phone", "`手段`")
	fs.BoolP("help", "h", false, "ヘルプを表示")
	fs.Int("days", 7, "`日数`")
	got := localFlagUsages(fs, "既定値")
	lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), got)
	}
	col := -1
	for _, l := range lines {
		// The usage starts after the placeholder's run of spaces.
		dash := strings.Index(l, "--")
		i := dash + strings.Index(l[dash:], "   ")
		for i < len(l) && l[i] == ' ' {
			i++
		}
		w := runewidth.StringWidth(l[:i])
		if col == -1 {
			col = w
		} else if w != col {
			t.Errorf("usage at column %d, want %d:\n%s", w, col, got)
		}
	}
	for _, want := range []string{"--from-email ファイル", `手段（既定値: "phone"）`, "日数（既定値: 7）", "-h, --help"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "default") {
		t.Errorf("pflag's English default left in:\n%s", got)
	}
}

// helpSources records, for each ID of data/i18n/help/ja.toml, a hash of
// the English text it was translated from.
const helpSources = "testdata/help_ja_sources.tsv"

// englishHelp maps each help catalog ID to the English text it stands
// for: a command's Short, Long and Example, a flag's usage; flag.<name> is
// the usage of the flags that have no usage of their own in the catalog.
func englishHelp(t *testing.T) map[string]string {
	t.Helper()
	_, cmds := helpTree(t, nil)
	out := map[string]string{}
	for _, c := range cmds {
		id := helpID(c)
		for k, v := range map[string]string{"short": c.Short, "long": c.Long, "example": c.Example} {
			if v != "" {
				out[id+"."+k] = v
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			usage := f.Usage
			if f.Name == "help" {
				usage = "help for"
			}
			own := id + ".flag." + f.Name
			out[own] = usage
			if !msg.Has(msg.Japanese, own) {
				out["flag."+f.Name] = usage
			}
		})
	}
	return out
}

func helpHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// TestJapaneseHelpIsCurrent fails when the English help of a command or
// flag changed after it was translated: the Japanese would tell a Japanese
// admin something the command no longer does. After updating
// data/i18n/help/ja.toml, record the new English with
// "go test ./cmd/mscase -run TestJapaneseHelpIsCurrent -update".
func TestJapaneseHelpIsCurrent(t *testing.T) {
	en := englishHelp(t)
	ids, err := msg.HelpIDs(msg.Japanese)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	var lines []string
	for _, id := range ids {
		if s, ok := en[id]; ok {
			want[id] = helpHash(s)
			lines = append(lines, id+"\t"+want[id])
		}
	}
	if *update {
		if err := os.WriteFile(helpSources, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(helpSources)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if id, h, ok := strings.Cut(l, "\t"); ok {
			got[id] = h
		}
	}
	for _, id := range ids {
		w, ok := want[id]
		switch {
		case !ok:
			continue // usage.default and the like: no English in the tree
		case got[id] == "":
			t.Errorf("%s: translated, but its English is not recorded in %s; check the translation, then run with -update", id, helpSources)
		case got[id] != w:
			t.Errorf("%s: the English changed since it was translated:\n%s\nupdate data/i18n/help/ja.toml, then run with -update", id, en[id])
		}
	}
}
