package main

import (
	"regexp"
	"strings"
	"sync"

	"github.com/mscase/mscase/msg"
)

// cobraJA words cobra's own usage errors (bad flags, argument counts,
// flag groups) in p's language: cobra writes them in English, in a few
// fixed forms, recognised here. ok is false for a form it does not know.
func cobraJA(p *msg.Printer, text string) (string, bool) {
	if !p.JA() {
		return text, false
	}
	for _, f := range cobraForms() {
		m := f.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		kv := []any{}
		for i, name := range f.re.SubexpNames() {
			if name == "" {
				continue
			}
			v := m[i]
			if name == "Flags" || name == "Set" {
				// [systemd launchd windows], "txt", "x" → --systemd、--launchd、--windows
				var fl []string
				for _, n := range strings.Fields(strings.NewReplacer(`"`, " ", ",", " ").Replace(v)) {
					fl = append(fl, "--"+n)
				}
				v = strings.Join(fl, "、")
			}
			kv = append(kv, name, v)
		}
		return p.T("cobra."+f.id, kv...), true
	}
	return text, false
}

type cobraForm struct {
	id string
	re *regexp.Regexp
}

var cobraForms = sync.OnceValue(func() []cobraForm {
	return []cobraForm{
		{"unknown_flag", regexp.MustCompile(`^unknown flag: (?P<Flag>\S+)$`)},
		{"unknown_command", regexp.MustCompile(`^unknown command "(?P<Arg>[^"]*)" for "(?P<Cmd>[^"]*)"$`)},
		{"unknown_shorthand", regexp.MustCompile(`^unknown shorthand flag: '.' in (?P<Flag>\S+)$`)},
		{"needs_argument", regexp.MustCompile(`^flag needs an argument: (?:'.' in )?(?P<Flag>\S+)$`)},
		{"invalid_argument", regexp.MustCompile(`^invalid argument (?P<Value>".*") for "(?P<Flag>[^"]+)" flag: (?P<Why>.*)$`)},
		{"accepts", regexp.MustCompile(`^accepts (?P<N>\d+) arg\(s\), received (?P<Got>\d+)$`)},
		{"at_most", regexp.MustCompile(`^accepts at most (?P<N>\d+) arg\(s\), received (?P<Got>\d+)$`)},
		{"at_least", regexp.MustCompile(`^requires at least (?P<N>\d+) arg\(s\), only received (?P<Got>\d+)$`)},
		{"between", regexp.MustCompile(`^accepts between (?P<Min>\d+) and (?P<Max>\d+) arg\(s\), received (?P<Got>\d+)$`)},
		{"required", regexp.MustCompile(`^required flag\(s\) (?P<Flags>.*) not set$`)},
		{"exclusive", regexp.MustCompile(`^if any flags in the group \[(?P<Flags>[^\]]*)\] are set none of the others can be; \[(?P<Set>[^\]]*)\] were all set$`)},
	}
})
