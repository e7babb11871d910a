package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
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
func nextSteps(p *msg.Printer, c *cases.Case, ims []recovery.Implication) []nextStep {
	n := strconv.FormatUint(c.Number, 10)
	moveTo := func(to cases.Stage) []string {
		if c.Stage.Order() < to.Order() && cases.CanMove(c.Stage, to) {
			return []string{"cases", "stage", n, string(to)}
		}
		return nil
	}
	var out []nextStep
	for _, im := range ims {
		said := p.T("next.said", "Phrase", safetext.Quote(truncate(strings.Join(strings.Fields(im.Phrase), " "), 60)))
		switch im.Kind {
		case recovery.ImpliesResetDone:
			if args := moveTo(cases.StageRecovered); args != nil {
				out = append(out, nextStep{why: p.T("next.reset_done", "Said", said), args: args})
			}
		case recovery.ImpliesTXT:
			if args := moveTo(cases.StageVerifying); args != nil {
				out = append(out, nextStep{why: p.T("next.txt", "Said", said), args: args})
			}
			if im.Value != "" {
				out = append(out, nextStep{why: p.T("next.txt_published", "Value", im.Value), args: []string{"verify", "dns", n, "--txt", im.Value}})
			} else {
				out = append(out, nextStep{why: p.T("next.txt", "Said", said), note: p.T("next.txt_no_value", "Case", n)})
			}
		case recovery.ImpliesDocuments:
			if args := moveTo(cases.StageVerifying); args != nil {
				out = append(out, nextStep{why: p.T("next.documents", "Said", said), args: args})
			}
			out = append(out, nextStep{why: p.T("next.documents_sent"), note: p.T("next.documents_note", "Case", n)})
		case recovery.ImpliesClosed:
			if c.Stage == cases.StageRecovered {
				out = append(out, nextStep{why: p.T("next.closed", "Said", said), args: []string{"cases", "close", n, "--resolution", "request closed by Microsoft"}})
			} else if !c.IsClosed() {
				out = append(out, nextStep{why: p.T("next.closed_open", "Said", said, "Case", n, "Stage", p.T("stage."+string(c.Stage))),
					note: p.T("next.closed_note")})
			}
		}
	}
	return out
}

// nextFromEmail prints the commands an email implies and, on a terminal,
// offers to run each one.
func (a *app) nextFromEmail(c *cases.Case, ims []recovery.Implication, yes bool) error {
	steps := nextSteps(a.p, c, ims)
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
