package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/recovery"
	"github.com/mscase/mscase/safetext"
)

// nextStep is a command an email implies, ready to print and to run.
type nextStep struct {
	why  string   // what the email says, in one line
	args []string // the mscase command line, without "mscase"
	note string   // said instead of (or after) a command
}

// nextSteps turns what an email implies into the commands that follow,
// for case c as it stands after the email was logged.
func nextSteps(c *cases.Case, ims []recovery.Implication) []nextStep {
	n := strconv.FormatUint(c.Number, 10)
	moveTo := func(to cases.Stage) []string {
		if c.Stage.Order() < to.Order() && cases.CanMove(c.Stage, to) {
			return []string{"cases", "stage", n, string(to)}
		}
		return nil
	}
	var out []nextStep
	for _, im := range ims {
		said := "the email says " + safetext.Quote(truncate(strings.Join(strings.Fields(im.Phrase), " "), 60))
		switch im.Kind {
		case recovery.ImpliesResetDone:
			if args := moveTo(cases.StageRecovered); args != nil {
				out = append(out, nextStep{why: said + ": the reset is done; sign in, then", args: args})
			}
		case recovery.ImpliesTXT:
			if args := moveTo(cases.StageVerifying); args != nil {
				out = append(out, nextStep{why: said + ": Microsoft wants a DNS TXT record", args: args})
			}
			if im.Value != "" {
				out = append(out, nextStep{why: "once the record " + im.Value + " is published at your DNS provider (host @)", args: []string{"verify", "dns", n, "--txt", im.Value}})
			} else {
				out = append(out, nextStep{why: said + ": Microsoft wants a DNS TXT record", note: "the value (MS=ms followed by digits) is not in the email; when you have it: mscase verify dns " + n + " --txt MS=msXXXXXXXX"})
			}
		case recovery.ImpliesDocuments:
			if args := moveTo(cases.StageVerifying); args != nil {
				out = append(out, nextStep{why: said + ": Microsoft wants documents", args: args})
			}
			out = append(out, nextStep{why: "once you have sent them", note: "mscase cases log " + n + " --kind document --summary \"sent ...\""})
		case recovery.ImpliesClosed:
			if c.Stage == cases.StageRecovered {
				out = append(out, nextStep{why: said + ": the request is closed", args: []string{"cases", "close", n, "--resolution", "request closed by Microsoft"}})
			} else if !c.IsClosed() {
				out = append(out, nextStep{why: said + ": Microsoft closed the request, but case " + n + " is in " + string(c.Stage),
					note: "if you still cannot sign in, reply to the email or call with the TrackingID at once: closed requests can generally be reopened (Azure support docs, how-to-manage-azure-support-request.md; for Microsoft 365 unconfirmed)"})
			}
		}
	}
	return out
}

// nextFromEmail prints the commands an email implies and, on a terminal,
// offers to run each one.
func (a *app) nextFromEmail(c *cases.Case, ims []recovery.Implication, yes bool) error {
	steps := nextSteps(c, ims)
	if len(steps) == 0 {
		return nil
	}
	offer := a.errTTY && !yes && !a.jsonOut
	in := bufio.NewReader(a.in)
	for _, st := range steps {
		if st.args == nil {
			a.confirm("mscase: hint: %s: %s", st.why, st.note)
			continue
		}
		line := "mscase " + shellJoin(st.args)
		a.confirm("mscase: hint: %s: %s", st.why, line)
		if !offer {
			continue
		}
		fmt.Fprint(a.errOut, a.p.T("prompt.run_now", "Command", strconv.Quote(line))+" "+a.p.T("prompt.yes_no")+" ")
		ans, _ := in.ReadString('\n')
		if !strings.HasSuffix(ans, "\n") {
			fmt.Fprintln(a.errOut)
		}
		if !answerYes(ans) {
			continue
		}
		if code := run(st.args, a.in, a.out, a.errOut, a.getenv); code != 0 {
			return &silentError{code}
		}
	}
	return nil
}

// shellJoin quotes the arguments that need it for a POSIX shell.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, s := range args {
		if s == "" || strings.ContainsAny(s, " \t'\"$`\\|&;<>()*?[]#~") {
			s = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
		out[i] = s
	}
	return strings.Join(out, " ")
}
