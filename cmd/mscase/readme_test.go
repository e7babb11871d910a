package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestReadmeTour runs the README's commands, from "Try it" to "Layout", top
// to bottom as a testscript built from README.md itself, on a fresh HOME:
// the README and the program cannot drift apart. The network is replaced
// by loopback stand-ins (Microsoft's login service, a DNS server with the
// tour's TXT record); "go" lines are what built this test.
func TestReadmeTour(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := readmeTour(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 30 {
		t.Fatalf("only %d commands found in the README's tour: did the headings change?", len(lines))
	}
	script := []string{
		"# generated from README.md by TestReadmeTour",
		"loginany",
		"dnsserver DNS contoso.co.jp MS=ms12345678 0",
		"sample en-pasted.txt",
		"mkdir recovery/testdata",
		"cp en-pasted.txt recovery/testdata/en-pasted.txt",
	}
	script = append(script, lines...)
	// The throwaway database took every write; the real one was never made.
	script = append(script, "exists throwaway/mscase.db", "! exists home/.local/share/mscase/mscase.db")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "readme_tour.txtar"), []byte(strings.Join(script, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){}
	for k, v := range scriptCmds {
		cmds[k] = v
	}
	// loginany: Microsoft's login service on loopback, answering for the
	// README's domain as the test stand-in answers for contoso.example.
	cmds["loginany"] = func(ts *testscript.TestScript, neg bool, args []string) {
		h := fakeLogin()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.URL.Path = strings.ReplaceAll(r.URL.Path, "contoso.co.jp", "contoso.example")
			r.URL.RawQuery = strings.ReplaceAll(r.URL.RawQuery, "contoso.co.jp", "contoso.example")
			h.ServeHTTP(w, r)
		}))
		ts.Defer(srv.Close)
		ts.Setenv("MSCASE_LOGIN_URL", srv.URL)
	}
	testscript.Run(t, testscript.Params{
		Dir:  dir,
		Cmds: cmds,
		Setup: func(e *testscript.Env) error {
			home := filepath.Join(e.WorkDir, "home")
			if err := os.MkdirAll(home, 0o700); err != nil {
				return err
			}
			e.Setenv("HOME", home)
			e.Setenv("XDG_CONFIG_HOME", "")
			e.Setenv("XDG_DATA_HOME", "")
			e.Setenv("TZ", "Asia/Tokyo")
			e.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

// readmeTour turns the sh blocks of the README's walkthrough into testscript
// lines. Every command must be mscase, go or the export of MSCASE_DB:
// anything else fails the test rather than being skipped.
func readmeTour(readme string) ([]string, error) {
	start := strings.Index(readme, "\n## Try it")
	end := strings.Index(readme, "\n## Layout")
	if start < 0 || end < start {
		return nil, fmt.Errorf("README.md: no \"## Try it\" ... \"## Layout\" section")
	}
	var out []string
	inBlock := false
	var cont string
	for _, raw := range strings.Split(readme[start:end], "\n") {
		switch {
		case !inBlock && strings.TrimSpace(raw) == "```sh":
			inBlock = true
			continue
		case inBlock && strings.TrimSpace(raw) == "```":
			inBlock = false
			continue
		case !inBlock:
			continue
		}
		line := cont + raw
		if strings.HasSuffix(line, "\\") {
			cont = strings.TrimSuffix(line, "\\") + " "
			continue
		}
		cont = ""
		words, err := shellWords(line)
		if err != nil {
			return nil, fmt.Errorf("README.md: %q: %v", line, err)
		}
		for len(words) > 0 {
			cmd := words
			rest := []string(nil)
			for i, w := range words {
				if w == "&&" {
					cmd, rest = words[:i], words[i+1:]
					break
				}
			}
			words = rest
			redirect := ""
			if n := len(cmd); n >= 2 && cmd[n-2] == ">" {
				redirect, cmd = cmd[n-1], cmd[:n-2]
			}
			switch cmd[0] {
			case "go":
				continue
			case "export":
				if len(cmd) != 2 || !strings.HasPrefix(cmd[1], "MSCASE_DB=") {
					return nil, fmt.Errorf("README.md: %q: only export MSCASE_DB=... is understood", line)
				}
				out = append(out, "mkdir throwaway", "env MSCASE_DB=$WORK/throwaway/mscase.db")
				continue
			case "mscase":
			default:
				return nil, fmt.Errorf("README.md: %q: the tour may only run mscase, go and export MSCASE_DB", line)
			}
			args := cmd[1:]
			if len(args) >= 2 && args[0] == "verify" && args[1] == "dns" {
				args = append(args, "--server", "$DNS")
			}
			q := make([]string, len(args))
			for i, a := range args {
				if a == "$DNS" {
					q[i] = a
					continue
				}
				q[i] = "'" + strings.ReplaceAll(a, "'", "''") + "'"
			}
			out = append(out, "exec mscase "+strings.Join(q, " "))
			if redirect != "" {
				out = append(out, "cp stdout "+redirect)
			}
		}
	}
	return out, nil
}

// shellWords splits a POSIX shell line into words: single and double
// quotes, backslash escapes, and a comment from an unquoted #. $(...) and
// variables are kept as written (only export uses them).
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unclosed '")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unclosed \"")
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == '#' && !inWord:
			return words, nil
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
