package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/mscase/mscase/cases"
)

// TestSettleExit2OnlyWithoutWrite: exit 2 means nothing was written. A
// refusal inside a rolled-back transaction keeps 2; the same error after a
// committed write becomes 1.
func TestSettleExit2OnlyWithoutWrite(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_NOW": "2026-11-25T10:00:00+09:00"}
	if _, errOut, code := runCmd(t, env, "cases", "new", "--domain", "contoso.com", "--admin", "a@contoso.com"); code != 0 {
		t.Fatal(errOut)
	}
	newApp := func() *app {
		a, err := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	refuse := errors.New("refused")

	a := newApp()
	_, err := a.updateCase("1", func(c *cases.Case) error { return refuse })
	if !errors.Is(err, refuse) {
		t.Fatalf("update: %v", err)
	}
	if got := a.settle(exitInput); got != exitInput {
		t.Errorf("after a rolled-back update: exit %d, want %d", got, exitInput)
	}
	if got := a.settle(exitFailure); got != exitFailure {
		t.Errorf("exit 1 changed to %d", got)
	}

	a = newApp()
	if _, err := a.updateCase("1", func(c *cases.Case) error { c.Title = "changed"; return nil }); err != nil {
		t.Fatal(err)
	}
	if got := a.settle(exitInput); got != exitFailure {
		t.Errorf("exit 2 after a committed write: got %d, want %d", got, exitFailure)
	}
	if got := a.settle(exitBusy); got != exitBusy {
		t.Errorf("exit 3 changed to %d", got)
	}
}
