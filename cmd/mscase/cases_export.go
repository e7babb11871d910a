package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/mscase/mscase/cases"
	"github.com/spf13/cobra"

	"github.com/mscase/mscase/safetext"
)

func init() {
	addCommand("cases", newCasesExportCmd)
	addCommand("cases", newCasesImportCmd)
}

// exportFormat names the JSON file format of `cases export`.
const exportFormat = "mscase-export"

// exportFile is the document `cases export` writes and `cases import` reads.
// Field names are stable; Version changes when they do.
type exportFile struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Cases   []cases.Case `json:"cases"`
}

type casesExportOptions struct {
	output string
	ics    bool
	days   int
	ref    string
}

func newCasesExportCmd(a *app) *cobra.Command {
	opts := &casesExportOptions{}
	cmd := &cobra.Command{
		Use:   "export [--output FILE] | export --ics [REF] [--days N]",
		Short: "Write every case with its logs as JSON, for backup or another machine",
		Long: `Write every case, with its stage history and contact log, as one JSON
document ({"format":"mscase-export","version":1,"cases":[...]}). Import it
with "cases import". Keep a copy outside the locked tenant.

--ics instead writes the upcoming reminders and promised callbacks of one
case (REF) or of all open cases as an iCalendar file for your phone's
calendar, the one reminder channel the locked tenant cannot touch.`,
		Example: `  mscase cases export > mscase-backup.json
  mscase cases export --output /media/usb/mscase.json
  mscase cases export --ics 1 --output case1.ics`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if !opts.ics {
					return usageT("refuse.export_ref_ics")
				}
				opts.ref = args[0]
			}
			if opts.ics && a.jsonOut {
				return usageT("refuse.export_two_outputs")
			}
			if cmd.Flags().Changed("days") && !opts.ics {
				return usageT("refuse.days_with_ics")
			}
			if opts.days < 1 || opts.days > 366 {
				return usageT("days_x.days", "Days", opts.days)
			}
			if opts.ics {
				return runCasesExportICS(a, opts)
			}
			return runCasesExport(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to `FILE` (0600) instead of stdout")
	cmd.Flags().BoolVar(&opts.ics, "ics", false, "write upcoming reminders and promised callbacks as an iCalendar file")
	cmd.Flags().IntVar(&opts.days, "days", 30, "with --ics: how many days ahead")
	return cmd
}

func runCasesExport(_ context.Context, a *app, opts *casesExportOptions) error {
	doc := exportFile{Format: exportFormat, Version: 1, Cases: []cases.Case{}}
	err := a.withStore(true, func(s store) error {
		if s == nil {
			return nil
		}
		var err error
		doc.Cases, err = s.All()
		return err
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	// C1 and bidi controls as \u escapes: the same values on import, and
	// safe to print or open in an editor.
	out := safetext.JSON(buf.Bytes())
	if opts.output == "" {
		_, err = a.out.Write(out)
		return err
	}
	if err := os.WriteFile(opts.output, out, 0o600); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	a.sayN("ok.exported", len(doc.Cases), "File", opts.output)
	return nil
}

func runCasesExportICS(a *app, opts *casesExportOptions) error {
	var keep func(*cases.Summary) bool
	if opts.ref != "" {
		c, err := a.readCase(opts.ref)
		if err != nil {
			return err
		}
		if c.IsClosed() {
			return &cases.ClosedError{Number: c.Number}
		}
		keep = func(s *cases.Summary) bool { return s.Number == c.Number }
	}
	return writeCalendar(a, &icsOptions{on: true, output: opts.output}, opts.days, keep)
}

type casesImportOptions struct {
	file    string
	replace bool
}

func newCasesImportCmd(a *app) *cobra.Command {
	opts := &casesImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE|-",
		Short: "Read cases from a \"cases export\" file: all or nothing",
		Long: `Read cases written by "cases export". Every record is checked first; if one
is bad nothing is written. A case whose TrackingID already exists is refused
unless --replace, which overwrites the existing case.`,
		Example: `  mscase cases import mscase-backup.json
  mscase --db new.db cases import - < mscase-backup.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runCasesImport(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.replace, "replace", false, "overwrite cases whose TrackingID already exists")
	return noJSON(cmd, "nojson.import")
}

func runCasesImport(_ context.Context, a *app, opts *casesImportOptions) error {
	var r io.Reader = a.in
	if opts.file != "-" {
		f, err := os.Open(opts.file)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return usageT("days_x.no_file", "File", safetext.Line(opts.file))
			}
			return &usageError{msg: fmt.Sprintf("import: %v", err)}
		}
		defer f.Close()
		r = f
	}
	var doc exportFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return usageT("usage_x.import_json_at", "File", opts.file, "Offset", se.Offset, "Err", err.Error())
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return usageT("usage_x.import_json_short", "File", opts.file)
		case errors.As(err, &te):
			return usageT("usage_x.import_field", "File", opts.file, "Field", te.Field, "Type", te.Type.String())
		}
		return usageT("usage_x.import_err", "File", opts.file, "Err", err.Error())
	}
	if doc.Format != exportFormat {
		return usageT("usage_x.import_not_export", "File", opts.file, "Format", safetext.Quote(doc.Format), "Want", fmt.Sprintf("%q", exportFormat))
	}
	if doc.Version != 1 {
		return usageT("usage_x.import_version", "File", opts.file, "Version", doc.Version)
	}
	// Check every record before opening the database for writing.
	if err := cases.CheckImport(doc.Cases); err != nil {
		return &cases.InputError{Field: "import", Value: opts.file, Want: err.Error() + "; nothing was imported"}
	}
	if len(doc.Cases) == 0 {
		// Opening for writing would create the file or its buckets.
		a.say("ok.import_empty", "File", opts.file)
		return nil
	}
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	defer s.Close()
	added, replaced, err := s.Import(doc.Cases, opts.replace)
	if err != nil {
		if errors.Is(err, cases.ErrDuplicate) {
			return withHintT(fmt.Errorf("import %s: %w; nothing was imported", opts.file, err), "hint.import_replace")
		}
		if errors.Is(err, cases.ErrTooBig) {
			return fmt.Errorf("import %s: %w", opts.file, err) // the refusal says nothing was imported
		}
		return fmt.Errorf("import %s: %w; nothing was imported", opts.file, err)
	}
	a.sayN("ok.imported", added+replaced, "New", added, "Replaced", replaced)
	return nil
}
