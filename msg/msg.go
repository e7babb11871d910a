// Package msg is the message layer: every sentence a person reads, in each
// language mscase speaks, made from the facts the domain packages return.
// The catalogs are TOML files embedded in package data (data/i18n), one per
// language, read through go-i18n, which knows CLDR plural rules ("1 entry",
// "2 entries"; Japanese has one form). Dates, relative times and durations
// are formatted here too, because their shape is a matter of language
// (2027年4月28日(水) 15:00 against Wed 28 Apr 2027 15:00).
//
// msg imports data and nothing of mscase's domain: it takes values (times,
// counts, strings), never cases or nudges. It must not read the
// environment or the clock; choosing the language from flags, environment
// and configuration is cmd's work, through FromLocale and Parse.
package msg

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/mscase/mscase/data"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The languages mscase speaks. English is the default and the fallback.
const (
	English  = "en"
	Japanese = "ja"
)

// Languages lists the languages the catalogs hold, English first.
var Languages = []string{English, Japanese}

// Parse reads a language a person typed (--lang, MSCASE_LANG, the
// configuration's language): "ja", "JA", "ja-JP", "ja_JP.UTF-8", "en".
// ok is false when it names no language mscase speaks.
func Parse(s string) (lang string, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	for _, l := range Languages {
		if s == l {
			return l, true
		}
	}
	return "", false
}

// FromLocale is the language the POSIX locale variables ask for: the first
// of LC_ALL, LC_MESSAGES and LANG that is set decides, "C" and "POSIX" and
// languages mscase does not speak mean English.
func FromLocale(lcAll, lcMessages, lang string) string {
	for _, v := range []string{lcAll, lcMessages, lang} {
		if v == "" {
			continue
		}
		if l, ok := Parse(v); ok {
			return l
		}
		return English
	}
	return English
}

var (
	loadOnce sync.Once
	bundle   *i18n.Bundle
	ids      map[string]map[string]bool // language -> message IDs
	helpIDs  map[string]map[string]bool // language -> IDs of help/<lang>.toml
	loadErr  error
	printers sync.Map // language -> *Printer
)

// Dir is where the catalogs sit in data.FS.
const Dir = "i18n"

// HelpDir holds the catalogs of the commands' help (help.<path>.short,
// .long, .example, help.<path>.flag.<name>, flag.<name>). They are files of
// their own because help is long and changes with the commands, not with
// the messages. A language may have none: English help is the text in the
// command definitions, so these IDs are checked against the command tree
// (cmd/mscase), not against the other languages' catalogs.
const HelpDir = Dir + "/help"

func load() {
	bundle = i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	ids = map[string]map[string]bool{}
	helpIDs = map[string]map[string]bool{}
	for _, l := range Languages {
		set, err := catalogIDs(data.FS, path.Join(Dir, l+".toml"))
		if err != nil {
			loadErr = fmt.Errorf("message catalog %s: %w", l, err)
			return
		}
		ids[l] = set
		if _, err := bundle.LoadMessageFileFS(data.FS, path.Join(Dir, l+".toml")); err != nil {
			loadErr = fmt.Errorf("message catalog %s: %w", l, err)
			return
		}
		help := path.Join(HelpDir, l+".toml")
		if _, err := fs.Stat(data.FS, help); err != nil {
			continue // no help in this language: the English text shows
		}
		if helpIDs[l], err = catalogIDs(data.FS, help); err != nil {
			loadErr = fmt.Errorf("help catalog %s: %w", l, err)
			return
		}
		for id := range helpIDs[l] {
			if set[id] {
				loadErr = fmt.Errorf("help catalog %s: %q is also in %s.toml", l, id, l)
				return
			}
		}
		if _, err := bundle.LoadMessageFileFS(data.FS, help); err != nil {
			loadErr = fmt.Errorf("help catalog %s: %w", l, err)
			return
		}
	}
}

// catalogIDs lists the message IDs of one catalog file: the keys of the
// TOML file, where a table of plural forms ("one", "other") is one ID.
func catalogIDs(fsys fs.FS, file string) (map[string]bool, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := toml.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			id := k
			if prefix != "" {
				id = prefix + "." + k
			}
			sub, ok := v.(map[string]any)
			if !ok {
				out[id] = true
				continue
			}
			if _, plural := sub["other"]; plural {
				out[id] = true
				continue
			}
			walk(id, sub)
		}
	}
	walk("", m)
	return out, nil
}

// IDs lists the message IDs of lang's catalog, sorted.
func IDs(lang string) ([]string, error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	var out []string
	for id := range ids[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// HelpIDs lists the IDs of lang's help catalog (data/i18n/help), sorted;
// none when the language has no help catalog.
func HelpIDs(lang string) ([]string, error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	var out []string
	for id := range helpIDs[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// Has reports whether lang's catalog, or its help catalog, holds id.
func Has(lang, id string) bool {
	lb := entryOf(lang)
	lb.idsOnce.Do(func() {
		lb.ids, _ = catalogIDs(data.FS, path.Join(Dir, lang+".toml"))
		lb.help, _ = catalogIDs(data.FS, path.Join(HelpDir, lang+".toml"))
	})
	return lb.ids[id] || lb.help[id]
}

// Printer makes sentences in one language. The catalogs are read on its
// first sentence, not when it is made: commands that print none (version,
// a piped list) skip parsing them, most of mscase's start-up cost.
type Printer struct {
	lang string
	once sync.Once
	l    *i18n.Localizer
}

// For is the Printer of lang; a language mscase does not speak gets
// English.
func For(lang string) *Printer {
	if l, ok := Parse(lang); ok {
		lang = l
	} else {
		lang = English
	}
	if p, ok := printers.Load(lang); ok {
		return p.(*Printer)
	}
	p, _ := printers.LoadOrStore(lang, &Printer{lang: lang})
	return p.(*Printer)
}

// localizer is the printer's localizer, nil when the catalogs are broken.
func (p *Printer) localizer() *i18n.Localizer {
	p.once.Do(func() {
		if b, err := bundleOf(p.lang); err == nil {
			p.l = i18n.NewLocalizer(b, p.lang)
		}
	})
	return p.l
}

// bundleOf is a bundle of English's catalog and lang's, with lang's help
// catalog, made once per language and never changed after: an English
// printer does not parse the Japanese catalogs (the help catalog alone is
// 70 KB), most of what the catalogs cost a command on a terminal.
func bundleOf(lang string) (*i18n.Bundle, error) {
	lb := entryOf(lang)
	lb.once.Do(func() {
		b := i18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		langs := []string{English}
		if lang != English {
			langs = append(langs, lang)
		}
		for _, l := range langs {
			if _, err := b.LoadMessageFileFS(data.FS, path.Join(Dir, l+".toml")); err != nil {
				lb.err = fmt.Errorf("message catalog %s: %w", l, err)
				return
			}
		}
		help := path.Join(HelpDir, lang+".toml")
		if _, err := fs.Stat(data.FS, help); err == nil {
			if _, err := b.LoadMessageFileFS(data.FS, help); err != nil {
				lb.err = fmt.Errorf("help catalog %s: %w", lang, err)
				return
			}
		}
		lb.b = b
	})
	return lb.b, lb.err
}

// langBundle is the bundle of one language and its message IDs, each
// made once, on first use.
type langBundle struct {
	once sync.Once
	b    *i18n.Bundle
	err  error

	idsOnce   sync.Once
	ids, help map[string]bool
}

func entryOf(lang string) *langBundle {
	if v, ok := bundles.Load(lang); ok {
		return v.(*langBundle)
	}
	v, _ := bundles.LoadOrStore(lang, &langBundle{})
	return v.(*langBundle)
}

var bundles sync.Map // language -> *langBundle

// Lang is the printer's language: "en" or "ja".
func (p *Printer) Lang() string { return p.lang }

// JA reports whether the printer speaks Japanese.
func (p *Printer) JA() bool { return p.lang == Japanese }

// T is the message id with its template filled from kv, pairs of name and
// value: T("list.count", "N", 3). A message missing from the printer's
// language falls back to English (the catalog test keeps both whole), and
// one missing everywhere is shown as its ID rather than failing.
func (p *Printer) T(id string, kv ...any) string {
	return p.localize(id, nil, kv)
}

// N is the plural message id for the count n, which the template sees as
// .Count: N("unit.entry", 2) is "2 entries".
func (p *Printer) N(id string, n int, kv ...any) string {
	return p.localize(id, n, kv)
}

func (p *Printer) localize(id string, count any, kv []any) string {
	l := p.localizer()
	if l == nil {
		return id
	}
	var td map[string]any
	if len(kv) > 0 || count != nil {
		td = make(map[string]any, len(kv)/2+1)
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				td[k] = kv[i+1]
			}
		}
		if count != nil {
			td["Count"] = count
		}
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: td, PluralCount: count})
	if err != nil || s == "" {
		return id
	}
	return s
}
