package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/prepare"
	"github.com/spf13/cobra"
)

func init() {
	addCommand("prepare", newPrepareChecksCmd)
	addCommand("prepare", newPrepareImportCmd)
}

type prepareChecksOptions struct {
	lang string
	file string
}

func newPrepareChecksCmd(a *app) *cobra.Command {
	opts := &prepareChecksOptions{}
	cmd := &cobra.Command{
		Use:   "checks [--lang en|ja] [--file NAME]",
		Short: "Print the Graph PowerShell commands that check admins and MFA methods",
		Long: `Print, filled with the tenant ID of the profile, the Microsoft Graph
PowerShell commands that sign in read-only, list who holds Global
Administrator (active and PIM-eligible), list each admin's sign-in methods,
and write it all as JSON for "mscase prepare import". Beside each is the
retired MSOnline or AzureAD command it replaces, and where both are
documented. The output is a PowerShell script: lines that are not commands
are comments.

For a federated domain it adds the read of the federation settings and the
path an on-premises administrator may still have.`,
		Example: `  mscase prepare checks > checks.ps1
  mscase prepare checks --lang ja`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPrepareChecks(cmd.Context(), a, opts) },
	}
	cmd.Flags().StringVar(&opts.lang, "lang", "", "language of the comments: en or ja (default: the profile's)")
	cmd.Flags().StringVar(&opts.file, "file", "mscase-checks.json", "the JSON file the commands write")
	return cmd
}

func runPrepareChecks(_ context.Context, a *app, opts *prepareChecksOptions) error {
	if strings.ContainsAny(opts.file, "\"'`$\r\n") || strings.TrimSpace(opts.file) == "" {
		return usageT("usage_x.checks_file", "File", fmt.Sprintf("%q", opts.file))
	}
	if _, err := prepareLang(opts.lang, ""); err != nil {
		return err
	}
	p, err := a.needProfile()
	if err != nil {
		return err
	}
	lang, _ := prepareLang(opts.lang, p.Lang)
	w := prepareWordsFor(lang)
	fed := ""
	if p.Federated() {
		fed = p.Domain
	}
	cmds := prepare.Checks(p.TenantID, p.Admins, p.BreakGlass, opts.file, fed)
	if a.jsonOut {
		return a.writeJSON(cmds)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# "+w.checksHead+"\n", p.TenantID, cases.DisplayDomain(p.Domain), a.now.In(a.loc).Format("2006-01-02"))
	fmt.Fprintf(&b, "# %s\n# %s\n", w.checksReadOnly, w.checksModule)
	if p.Federated() {
		writeFederated(&b, w, p, "# ")
	}
	writeCommands(&b, w, cmds)
	fmt.Fprintf(&b, "\n# "+w.runAs+"\n", opts.file)
	_, err = io.WriteString(a.out, b.String())
	return err
}

// writeCommands writes Graph PowerShell commands as a commented script:
// what each does, the retired command it replaces, its sources.
func writeCommands(b *strings.Builder, w *prepareWords, cmds []prepare.Command) {
	for i, c := range cmds {
		fmt.Fprintf(b, "\n# %d. %s\n", i+1, w.step[string(c.ID)])
		if c.Retired != "" {
			fmt.Fprintf(b, "#    %s: %s\n", w.replaces, c.Retired)
		} else {
			fmt.Fprintf(b, "#    %s\n", w.noRetired)
		}
		fmt.Fprintf(b, "#    %s: %s\n", w.source, strings.Join(c.Sources, "; "))
		b.WriteString(c.Graph + "\n")
	}
}

// writeFederated writes the on-premises path of a federated tenant, each
// line behind prefix.
func writeFederated(b *strings.Builder, w *prepareWords, p *prepare.Profile, prefix string) {
	fmt.Fprintf(b, "%s\n%s%s\n", strings.TrimRight(prefix, " "), prefix, w.federatedHead)
	fmt.Fprintf(b, "%s"+w.federatedBody+"\n", prefix, cases.DisplayDomain(p.Domain), shown(firstOf(p.FederationURL, "AD FS")))
	fmt.Fprintf(b, "%s%s: %s; %s\n", prefix, w.source, prepare.SrcFederation, prepare.SrcEmergencyAccess)
}

type prepareImportOptions struct {
	file string
	lang string
}

func newPrepareImportCmd(a *app) *cobra.Command {
	opts := &prepareImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE [--lang en|ja]",
		Short: "Check the JSON of \"prepare checks\" against Microsoft's recommendations",
		Long: `Read the JSON that the "prepare checks" commands wrote (Graph's own answers:
role assignments, eligibility schedules, users and their authentication
methods) and report, check by check, PASS or FAIL with what to do:

  global-admins             2 to 4 holders of Global Administrator
  admin-methods             each everyday admin: at least 2 MFA method types
  admin-phishing-resistant  each everyday admin: a passkey (FIDO2), Windows Hello or certificate
  admin-not-phone-only      each everyday admin: not only SMS/voice
  break-glass-count         two or more emergency-access accounts in the profile
  break-glass-active        each: holds Global Administrator, active
  break-glass-cloud-only    each: cloud-only on *.onmicrosoft.com, not synced
  break-glass-method        each: phishing-resistant, of a type the everyday admins do not use

Every line cites its source. Nothing is written. Exit 0 when every check
passes, 1 when one fails, 2 when the file cannot be read as that JSON.`,
		Example: `  mscase prepare import mscase-checks.json
  mscase prepare import mscase-checks.json --lang ja
  mscase prepare import mscase-checks.json --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runPrepareImport(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.lang, "lang", "", "language of the report: en or ja (default: the profile's)")
	return cmd
}

func runPrepareImport(_ context.Context, a *app, opts *prepareImportOptions) error {
	if _, err := prepareLang(opts.lang, ""); err != nil {
		return err
	}
	b, err := readLimited(opts.file, prepare.MaxFileSize)
	if err != nil {
		return err
	}
	rep, err := prepare.Parse(b)
	if err != nil {
		var pe *prepare.ParseError
		if errors.As(err, &pe) {
			return usagef("%s: %s", opts.file, shown(pe.Reason))
		}
		return err
	}
	p, err := a.loadProfile()
	if err != nil {
		return err
	}
	var admins, bg []string
	profLang := ""
	if p != nil {
		admins, bg, profLang = p.Admins, p.BreakGlass, p.Lang
	}
	lang, _ := prepareLang(opts.lang, profLang)
	w := prepareWordsFor(lang)
	results := prepare.Evaluate(rep, admins, bg)
	if p != nil && rep.TenantID != "" && !strings.EqualFold(rep.TenantID, p.TenantID) {
		fmt.Fprintf(a.errOut, w.tenantMismatch+"\n", shown(rep.TenantID), p.TenantID)
	}
	if a.jsonOut {
		if err := a.writeJSON(results); err != nil {
			return err
		}
	} else {
		var out strings.Builder
		failed := 0
		for _, r := range results {
			line, todo := importLine(w, lang, r)
			mark := w.pass
			if !r.Pass {
				mark, failed = w.fail, failed+1
			}
			if a.isTTY {
				if r.Pass {
					mark = a.st.Bold.Render(mark)
				} else {
					mark = a.st.Stalled.Render(mark)
				}
			}
			subject := ""
			if r.Subject != "" {
				subject = fmt.Sprintf(w.subjectFmt, shown(r.Subject))
			}
			fmt.Fprintf(&out, "%s %s: %s%s\n", mark, r.Check, subject, line)
			if !r.Pass && todo != "" {
				fmt.Fprintf(&out, "     %s: %s\n", w.do, todo)
			}
			fmt.Fprintf(&out, "     %s: %s\n", w.source, r.Source)
		}
		if failed == 0 {
			fmt.Fprintf(&out, w.summaryPass+"\n", failed, len(results))
		} else {
			fmt.Fprintf(&out, w.summaryFail+"\n", failed, len(results))
		}
		if _, err := io.WriteString(a.out, out.String()); err != nil {
			return err
		}
	}
	if !prepare.Passed(results) {
		return &silentError{exitFailure}
	}
	return nil
}

// importLine words one result: what was found, and what to do when it
// failed.
func importLine(w *prepareWords, lang string, r prepare.Result) (string, string) {
	if r.Missing {
		return w.missing, ""
	}
	if r.NoMethods {
		return w.noMethods, ""
	}
	names := func(ms []prepare.MethodType) string {
		if len(ms) == 0 {
			return w.noneListed
		}
		var out []string
		for _, m := range ms {
			out = append(out, methodName(lang, string(m)))
		}
		return strings.Join(out, ", ")
	}
	switch r.Check {
	case prepare.CheckGlobalAdmins:
		todo := w.gaTodoFew
		if r.Count > prepare.MaxGlobalAdmins {
			todo = w.gaTodoMany
		}
		return fmt.Sprintf(w.gaFmt, r.Count, r.Active, r.Eligible), todo
	case prepare.CheckAdminMethods:
		return fmt.Sprintf(w.methodsFmt, r.Count, names(r.Methods)), w.methodsTodo
	case prepare.CheckAdminPhishRes:
		if r.Pass {
			return fmt.Sprintf(w.phishFmt, names(r.Methods)), ""
		}
		return w.phishNone, w.phishTodo
	case prepare.CheckAdminNotPhoneOnly:
		if r.Pass {
			return w.notPhoneOnly, ""
		}
		return w.phoneOnly, w.phoneTodo
	case prepare.CheckBreakGlassCount:
		return fmt.Sprintf(w.bgCountFmt, r.Count), w.bgCountTodo
	case prepare.CheckBreakGlassActive:
		switch {
		case r.Pass:
			return w.bgActive, ""
		case r.EligibleOnly:
			return w.bgEligibleOnly, w.bgActiveTodo
		}
		return w.bgAbsent, w.bgActiveTodo
	case prepare.CheckBreakGlassCloud:
		switch {
		case r.Pass:
			return w.bgCloud, ""
		case r.OnPrem:
			return w.bgOnPrem, w.bgCloudTodo
		}
		return w.bgNotInitial, w.bgCloudTodo
	case prepare.CheckBreakGlassMethod:
		switch {
		case r.Pass:
			return fmt.Sprintf(w.bgMethodFmt, names(r.Methods)), ""
		case len(r.Shared) > 0:
			return fmt.Sprintf(w.bgMethodShared, names(r.Shared)), w.bgMTodo
		}
		return w.bgMethodNone, w.bgMTodo
	}
	return string(r.Check), ""
}

// readLimited reads a file of at most max bytes; a bigger one is bad input.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, usageT("usage_x.checks_folder", "Path", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, usageT("usage_x.checks_large", "Path", path, "MiB", max>>20)
	}
	return b, nil
}
