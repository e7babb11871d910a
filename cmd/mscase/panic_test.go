package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/spf13/cobra"
)

// TestPanicIsInternalError: a panic anywhere under run becomes one line and
// exit 1, never Go's exit 2 (which means "refused, nothing written") and
// never a goroutine dump.
func TestPanicIsInternalError(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"runtime error", nil, "mscase: internal error: runtime error: index out of range [0] with length 0; please report it with \"mscase version\"\n"},
		{"string", "bolt.DB.meta(): invalid meta pages", "mscase: internal error: bolt.DB.meta(): invalid meta pages; please report it with \"mscase version\"\n"},
		{"multi-line value", "first\nsecond\n\tthird", "mscase: internal error: first second third; please report it with \"mscase version\"\n"},
	}
	defer func(f func(*app) *cobra.Command) { rootCmd = f }(rootCmd)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rootCmd = func(a *app) *cobra.Command {
				return &cobra.Command{Use: "mscase", RunE: func(*cobra.Command, []string) error {
					if tt.value == nil {
						var none []int
						_ = none[len(none)] // a real runtime panic
					}
					panic(tt.value)
				}}
			}
			out, errOut, code := runCmd(t, nil)
			if code != exitFailure {
				t.Errorf("exit %d, want %d", code, exitFailure)
			}
			if errOut != tt.want {
				t.Errorf("stderr %q, want %q", errOut, tt.want)
			}
			if out != "" || strings.Contains(errOut, "goroutine") {
				t.Errorf("stdout %q; stderr %q", out, errOut)
			}
		})
	}
}

func init() {
	// cutfile FILE N: cut FILE to its first N bytes.
	scriptCmds["cutfile"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: cutfile FILE N")
		}
		n, err := strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
		ts.Check(os.Truncate(ts.MkAbs(args[0]), n))
	}
	// zeroat FILE OFF N: overwrite N bytes of FILE from OFF with zeros.
	scriptCmds["zeroat"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 3 {
			ts.Fatalf("usage: zeroat FILE OFF N")
		}
		off, err := strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
		n, err := strconv.Atoi(args[2])
		ts.Check(err)
		f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY, 0)
		ts.Check(err)
		defer f.Close()
		_, err = f.WriteAt(make([]byte, n), off)
		ts.Check(err)
	}
}
