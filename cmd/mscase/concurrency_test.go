package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestReadersAndWritersInParallel runs real mscase processes: one keeps
// logging contacts on a case while another keeps listing. Neither may fail
// or report "in use": each holds the file only for a few milliseconds, well
// inside the other's one-second timeout.
func TestReadersAndWritersInParallel(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mscase.db")
	env := append(os.Environ(), "MSCASE_DB="+db, "MSCASE_NOW=2026-11-25T10:00:00+09:00", "NO_COLOR=1")
	mscase := func(args ...string) (string, error) {
		cmd := exec.Command("mscase", args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for i := 0; i < 20; i++ {
		if out, err := mscase("cases", "new", "--domain", fmt.Sprintf("c%d.example.com", i), "--admin", "admin@example.com"); err != nil {
			t.Fatalf("setup: %v\n%s", err, out)
		}
	}
	const rounds = 15
	var wg sync.WaitGroup
	errs := make(chan string, 2*rounds)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			if out, err := mscase("cases", "log", "1", "--summary", fmt.Sprintf("call %d", i)); err != nil {
				errs <- fmt.Sprintf("writer: %v: %s", err, out)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			out, err := mscase("cases", "list")
			if err != nil {
				errs <- fmt.Sprintf("reader: %v: %s", err, out)
			} else if n := strings.Count(out, "\n"); n != 20 {
				errs <- fmt.Sprintf("reader saw %d rows, want 20", n)
			}
		}
	}()
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	out, err := mscase("cases", "show", "1", "--json")
	if err != nil || strings.Count(out, `"summary": "call `) != rounds {
		t.Errorf("after the run case 1 has %d logged calls, want %d (%v)", strings.Count(out, `"summary": "call `), rounds, err)
	}
}
