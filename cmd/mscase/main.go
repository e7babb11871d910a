// Command mscase keeps a Microsoft 365 sole-admin lockout case on the
// admin's own machine: the TrackingID, the Data Protection Team stage, every
// call and email, who to call now, and reminders that do not depend on the
// locked tenant.
//
// This package is the only place that knows about cobra, lipgloss,
// terminals, environment variables, os.Exit and the real clock.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

// Exit codes, listed in the root help.
const (
	exitOK      = 0
	exitFailure = 1
	exitInput   = 2
	exitBusy    = 3
)

// rootCmd builds the command tree; tests replace it to check what run does
// with a command that panics.
var rootCmd = newRootCmd

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)) }

// branchOf is the top-level command args run, when that is all the
// command tree needs: help, completion, a flag before the command or a
// name that is no command need the whole tree.
func branchOf(args []string) string {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return ""
	}
	switch args[0] {
	case "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
		return ""
	}
	return args[0]
}

// run builds the app from the process environment and runs one command. A
// panic is a bug, not bad input: it becomes one line and exit 1, never Go's
// own exit 2 (which the root help defines as "refused, nothing written") and
// never a goroutine dump.
func run(args []string, in io.Reader, out, errOut io.Writer, getenv func(string) string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errOut, "mscase: internal error: %s; please report it with \"mscase version\"\n", panicText(r))
			code = exitFailure
		}
	}()
	// A fault in bbolt's memory map (a file cut short by another program
	// while it is open) becomes a panic that the recover above reports,
	// not a fatal SIGBUS with a goroutine dump.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := newApp(in, out, errOut, getenv)
	if err != nil {
		return reportIn(errOut, err, msg.For(envLang(getenv)))
	}
	a.branch = branchOf(args)
	root := rootCmd(a)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		if l, ok := msg.Parse(a.langArg); ok && a.langArg != "" {
			// --lang was read, but an error in the arguments stopped
			// cobra before the root's PersistentPreRunE chose it.
			a.setLang(l)
		}
		return a.settle(reportIn(errOut, err, a.p))
	}
	return exitOK
}

// settle keeps exit 2's promise: "refused before anything was written". An
// error that maps to 2 after a write transaction committed pages (a bug:
// validation came too late) exits 1 instead, so a script never takes a
// changed database for an unchanged one.
func (a *app) settle(code int) int {
	if code == exitInput && a.wroteDB() {
		return exitFailure
	}
	return code
}

// panicText is a recovered panic value on one line, cut to a length a
// terminal shows whole.
func panicText(r any) string {
	s := strings.Join(strings.Fields(fmt.Sprint(r)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

// usageError is bad usage or bad input found in cmd: exit 2. One made
// from a message ID (usageT) carries words, which say it again in any
// language; Error() is always the English.
type usageError struct {
	msg   string
	words func(p *msg.Printer) string
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageT is bad usage worded by the message id of the catalogs, with its
// template filled from kv (pairs of name and value).
func usageT(id string, kv ...any) error {
	return usageWords(func(p *msg.Printer) string { return p.T(id, kv...) })
}

// errIn is err in p's language where it has words there (errorJA), else
// its English: the detail inside a refusal worded by usageT.
func errIn(p *msg.Printer, err error) string {
	if p.Lang() != msg.English {
		if text, _, ok := errorJA(p, err); ok {
			return text
		}
		var pe *fs.PathError
		if errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist) {
			return p.T("usage_x.no_such_file", "File", pe.Path)
		}
	}
	return err.Error()
}

// usageWords is bad usage worded by words in each language.
func usageWords(words func(p *msg.Printer) string) error {
	return &usageError{msg: words(msg.For(msg.English)), words: words}
}

// wordsError is a failure (exit 1) worded in each language; Error() is
// the English.
type wordsError struct {
	msg   string
	words func(p *msg.Printer) string
	cause error // what it wraps, for errors.Is (the exit code of a busy database)
}

func (e *wordsError) Error() string { return e.msg }
func (e *wordsError) Unwrap() error { return e.cause }

// errWords is a failure worded by words.
func errWords(words func(p *msg.Printer) string) error {
	return &wordsError{msg: words(msg.For(msg.English)), words: words}
}

// errWordsOf is errWords wrapping cause.
func errWordsOf(cause error, words func(p *msg.Printer) string) error {
	return &wordsError{msg: words(msg.For(msg.English)), words: words, cause: cause}
}

// hintError carries a hint line printed after the error. One made with
// withHintT has words for every language; the hint field is its English.
type hintError struct {
	err   error
	hint  string
	words func(p *msg.Printer) string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// withHint adds an English-only hint. Prefer withHintT: a Japanese admin
// reads the hint too.
func withHint(err error, hint string) error { return &hintError{err: err, hint: hint} }

// withHintT adds the hint of message id, filled from kv.
func withHintT(err error, id string, kv ...any) error {
	return withHintWords(err, func(p *msg.Printer) string { return p.T(id, kv...) })
}

// withHintWords adds a hint worded by words in each language.
func withHintWords(err error, words func(p *msg.Printer) string) error {
	return &hintError{err: err, hint: words(msg.For(msg.English)), words: words}
}

// silentError sets an exit code without printing anything more: the command
// has already said what went wrong.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ue *usageError
	var ie *cases.InputError
	var ce *cases.ClosedError
	var te *cases.TransitionError
	var se *silentError
	var me *cases.MixedScriptError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &se):
		return se.code
	case errors.Is(err, cases.ErrBusy), errors.Is(err, cases.ErrConflict):
		return exitBusy
	case errors.As(err, &ue), errors.As(err, &ie), errors.As(err, &ce), errors.As(err, &te),
		errors.As(err, &me), errors.Is(err, cases.ErrDuplicate), errors.Is(err, cases.ErrNotBolt), errors.Is(err, cases.ErrTooNew),
		errors.Is(err, cases.ErrTooBig):
		return exitInput
	case isCobraUsage(err):
		return exitInput
	}
	return exitFailure
}

// isCobraUsage recognises the errors cobra returns for bad flags and args.
func isCobraUsage(err error) bool {
	m := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "unknown command", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "if any flags in the group", "none of the others can be"} {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}

// report prints err the house way and returns its exit code.
func report(w io.Writer, err error) int { return reportIn(w, err, nil) }

// reportIn is report in p's language: a Japanese admin reads the common
// failures in Japanese (see errors_ja.go); the prefixes and exit codes stay.
func reportIn(w io.Writer, err error, p *msg.Printer) int {
	code := exitCode(err)
	var se *silentError
	if errors.As(err, &se) {
		return code
	}
	if p != nil && p.JA() {
		if text, hint, ok := errorJA(p, err); ok {
			fmt.Fprintf(w, "mscase: error: %s\n", safetext.Text(text))
			if hint != "" {
				fmt.Fprintf(w, "mscase: hint: %s\n", safetext.Text(hint))
			}
			return code
		}
	}
	// Errors quote outside values (an email's subject, a DNS answer):
	// whatever slipped through unescaped is neutralised here.
	fmt.Fprintf(w, "mscase: error: %s\n", safetext.Text(err.Error()))
	// The error has no words but English; its hint is still said in the
	// reader's language.
	hp := p
	if hp == nil {
		hp = msg.For(msg.English)
	}
	var he *hintError
	hint := ""
	switch {
	case errors.As(err, &he) && he.words != nil:
		hint = he.words(hp)
	case errors.As(err, &he):
		hint = he.hint
	case errors.Is(err, cases.ErrBusy):
		hint = hp.T("hint.busy")
	case errors.Is(err, cases.ErrConflict):
		hint = hp.T("hint.conflict")
	case errors.Is(err, cases.ErrTooBig):
		hint = hp.T("hint.too_big")
	case errors.Is(err, cases.ErrDamaged):
		hint = hp.T("hint.damaged")
	case errors.Is(err, cases.ErrNotFound):
		hint = hp.T("hint.not_found")
	case errors.Is(err, fs.ErrPermission):
		hint = hp.T("hint.permission")
	}
	if hint != "" {
		fmt.Fprintf(w, "mscase: hint: %s\n", safetext.Text(hint))
	}
	return code
}
