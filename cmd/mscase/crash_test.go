package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Crash and concurrency tests run real mscase processes: the test binary
// registers "mscase" as a command (TestMain), so exec.Command("mscase")
// starts a child that runs main's code path, flock, fsync and all.
var (
	crashN      = flag.Int("crash.n", 50, "iterations of TestCrashKill9 (bench/crash.sh runs 500)")
	soakTime    = flag.Duration("soak.time", 10*time.Second, "how long TestSoak runs (bench/soak.sh runs 60s)")
	crashReport = flag.Bool("crash.report", false, "print the crash and soak figures (bench scripts set it)")
	soakStrict  = flag.Bool("soak.strict", false, "fail TestSoak on any command that gave up on the lock (bench/soak.sh sets it; on a machine busy with other work a 1 s wait can run out)")
)

// busyTimeout is the documented wait for another process's lock: exit 3
// after it (README, root help).
const busyTimeout = time.Second

// procEnv is the environment of the child processes: a database and
// config in dir, a fixed clock, no colour.
func procEnv(dir string, extra ...string) []string {
	env := append(os.Environ(), "MSCASE_DB="+filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG="+filepath.Join(dir, "config.toml"),
		"HOME="+dir, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "XDG_CONFIG_HOME="+filepath.Join(dir, "cfg"),
		"MSCASE_NOW=2026-11-25T10:00:00+09:00", "TZ=Asia/Tokyo", "NO_COLOR=1", "MSCASE_LOGIN_URL=http://127.0.0.1:9/")
	return append(env, extra...)
}

// latencies collects how long each kind of command took to finish.
type latencies map[string][]time.Duration

func (l latencies) add(op string, d time.Duration) { l[op] = append(l[op], d) }

// lines prints p99 and max per command.
func (l latencies) lines() []string {
	var out []string
	ops := make([]string, 0, len(l))
	for op := range l {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		d := slices.Clone(l[op])
		slices.Sort(d)
		p99 := d[min(len(d)-1, len(d)*99/100)]
		out = append(out, fmt.Sprintf("  %-8s n=%-5d p50=%-8s p99=%-8s max=%s", op, len(d), d[len(d)/2].Round(time.Millisecond), p99.Round(time.Millisecond), d[len(d)-1].Round(time.Millisecond)))
	}
	return out
}

// exportDoc is the part of a `cases export` the checks read.
type exportDoc struct {
	Cases []struct {
		Number     int    `json:"number"`
		TrackingID string `json:"tracking_id"`
		Domain     string `json:"domain"`
		Stage      string `json:"stage"`
		Contacts   []struct {
			Summary string `json:"summary"`
		} `json:"contacts"`
		History []struct {
			To   string `json:"to"`
			Note string `json:"note"`
		} `json:"history"`
	} `json:"cases"`
}

// TestCrashKill9 kills mscase with SIGKILL at random points of cases new,
// log, stage and import, then checks that every write that exited 0 is in
// the file, that an import of two cases left both or neither, that bbolt's
// own consistency check passes and that `cases export` works. The delay
// before the kill is drawn up to twice the command's usual run
// time, so kills land before, during and after the write transaction.
func TestCrashKill9(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is POSIX")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "mscase.db")
	env := procEnv(dir)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))

	mscase := func(args ...string) (string, string, int) {
		cmd := exec.Command("mscase", args...)
		cmd.Env = env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("mscase %s: %v", strings.Join(args, " "), err)
		}
		return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
	}
	if _, e, code := mscase("cases", "new", "--domain", "crash.example", "--admin", "admin@crash.example", "--tracking-id", "2411250040000001"); code != 0 {
		t.Fatalf("setup: exit %d: %s", code, e)
	}

	var (
		ackNew, ackLog, ackStage []string // what exited 0
		ackImport                [][2]string
		tried                    [][2]string // every import attempted
		lat                      = latencies{}
		killed, acked, exit3     int
		stage                    = "ticket-open"
		stageKnown               = true
		usual                    = map[string]time.Duration{}
	)
	importFile := filepath.Join(dir, "import.json")
	caseJSON := func(id, domain string) string {
		return fmt.Sprintf(`{"tracking_id":%q,"domain":%q,"admin":"admin@%s","stage":"ticket-open","stage_since":"2026-11-25T10:00:00+09:00","created":"2026-11-25T10:00:00+09:00","updated":"2026-11-25T10:00:00+09:00","contacts":[],"history":[{"at":"2026-11-25T10:00:00+09:00","to":"ticket-open"}]}`, id, domain, domain)
	}

	lostTotal := 0
	verify := func() {
		t.Helper()
		checkBolt(t, db)
		out, e, code := mscase("cases", "export")
		if code != 0 {
			t.Fatalf("cases export after kills: exit %d: %s", code, e)
		}
		var doc exportDoc
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("cases export after kills: %v", err)
		}
		domains, trackings, summaries, notes := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, c := range doc.Cases {
			domains[c.Domain] = true
			trackings[c.TrackingID] = true
			for _, e := range c.Contacts {
				summaries[e.Summary] = true
			}
			for _, h := range c.History {
				notes[h.Note] = true
			}
		}
		lost := 0
		for _, d := range ackNew {
			if !domains[d] {
				t.Errorf("cases new of %s exited 0 but the case is not in the file", d)
				lost++
			}
		}
		for _, s := range ackLog {
			if !summaries[s] {
				t.Errorf("cases log %q exited 0 but the entry is not in the file", s)
				lost++
			}
		}
		for _, n := range ackStage {
			if !notes[n] {
				t.Errorf("cases stage --note %q exited 0 but the change is not in the file", n)
				lost++
			}
		}
		for _, p := range ackImport {
			if !trackings[p[0]] || !trackings[p[1]] {
				t.Errorf("cases import of %v exited 0 but is not in the file", p)
				lost++
			}
		}
		for _, p := range tried {
			if trackings[p[0]] != trackings[p[1]] {
				t.Errorf("an import of two cases left one: %v", p)
			}
		}
		lostTotal += lost
		if lost > 0 {
			t.Fatalf("%d acknowledged writes lost", lost)
		}
	}

	for i := 0; i < *crashN; i++ {
		var op string
		var args []string
		switch i % 4 {
		case 0:
			op = "new"
			args = []string{"cases", "new", "--domain", fmt.Sprintf("c%d.crash.example", i), "--admin", "admin@crash.example"}
		case 1:
			op = "log"
			args = []string{"cases", "log", "1", "--summary", fmt.Sprintf("crash-log-%d", i)}
		case 2:
			op = "stage"
			if !stageKnown {
				out, e, code := mscase("cases", "show", "1", "--json")
				var c struct{ Stage string }
				if code != 0 || json.Unmarshal([]byte(out), &c) != nil {
					t.Fatalf("cases show 1 after a kill: exit %d: %s", code, e)
				}
				stage, stageKnown = c.Stage, true
			}
			to := map[string]string{"ticket-open": "dpt-review", "dpt-review": "ticket-open"}[stage]
			args = []string{"cases", "stage", "1", to, "--note", fmt.Sprintf("crash-stage-%d", i)}
		case 3:
			op = "import"
			p := [2]string{fmt.Sprintf("24112500%08d", 2*i+1), fmt.Sprintf("24112500%08d", 2*i+2)}
			doc := `{"format":"mscase-export","version":1,"cases":[` + caseJSON(p[0], fmt.Sprintf("i%da.crash.example", i)) + "," + caseJSON(p[1], fmt.Sprintf("i%db.crash.example", i)) + `]}`
			if err := os.WriteFile(importFile, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
			tried = append(tried, p)
			args = []string{"cases", "import", importFile}
		}
		u := usual[op]
		if u == 0 {
			u = 60 * time.Millisecond
		}
		delay := time.Duration(rng.Int64N(int64(u) * 2))
		cmd := exec.Command("mscase", args...)
		cmd.Env = env
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		err := cmd.Wait()
		took := time.Since(start)
		timer.Stop()
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		switch {
		case err == nil:
			acked++
			lat.add(op, took)
			if usual[op] == 0 {
				usual[op] = took
			} else {
				usual[op] = (usual[op]*3 + took) / 4
			}
			switch op {
			case "new":
				ackNew = append(ackNew, args[3])
			case "log":
				ackLog = append(ackLog, args[4])
			case "stage":
				ackStage = append(ackStage, args[5])
				stage = args[3]
			case "import":
				ackImport = append(ackImport, tried[len(tried)-1])
			}
		case ws.Signaled() && ws.Signal() == syscall.SIGKILL:
			killed++
			if op == "stage" {
				stageKnown = false
			}
		case cmd.ProcessState.ExitCode() == exitBusy:
			exit3++
		default:
			t.Fatalf("mscase %s: %v: %s", strings.Join(args, " "), err, errOut.String())
		}
		if i%10 == 9 {
			verify()
		}
	}
	verify()
	if acked == 0 || killed == 0 {
		t.Errorf("%d writes acknowledged, %d killed: the kills did not land across the commands", acked, killed)
	}
	if exit3 > 0 {
		t.Errorf("%d commands exited 3 (busy) with nothing else running: a killed process left the lock held?", exit3)
	}
	if *crashReport || testing.Verbose() {
		fmt.Printf("crash: kill -9 during cases new, log, stage, import; iterations %d, acknowledged writes %d, killed %d, lost writes %d, exit-3 %d\n", *crashN, acked, killed, lostTotal, exit3)
		for _, l := range lat.lines() {
			fmt.Println(l)
		}
	}
}

// TestSoak runs `reminders run` at "@every 1s" with a webhook channel to a
// loopback server, two writer loops (cases new, cases log) and a `cases
// list` loop, all real processes, for -soak.time. No acknowledged write may
// be lost, no check of the daemon may fail,
// and no nudge may reach the server twice. With -soak.strict (bench/soak.sh)
// no command may give up on the lock either (exit 3 comes after the
// documented one-second busy timeout).
func TestSoak(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops the daemon with SIGINT")
	}
	var (
		mu     sync.Mutex
		nudges = map[string]int{}
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n struct {
			Case uint64
			Kind string
			Due  time.Time
		}
		if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		mu.Lock()
		nudges[fmt.Sprintf("case %d %s due %s", n.Case, n.Kind, n.Due.UTC().Format(time.RFC3339))]++
		mu.Unlock()
	}))
	defer hook.Close()
	dir := t.TempDir()
	conf := "schedule = \"@every 1s\"\n[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nformat = \"json\"\nurl_env = \"SOAK_HOOK\"\n"
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := procEnv(dir, "SOAK_HOOK="+hook.URL+"/soak")

	var (
		lmu        sync.Mutex
		lat        = latencies{}
		exit3      int
		ackNew     []string
		ackLog     []string
		failures   []string
		iterations int
	)
	mscase := func(op string, args ...string) bool {
		cmd := exec.Command("mscase", args...)
		cmd.Env = env
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		lmu.Lock()
		defer lmu.Unlock()
		iterations++
		lat.add(op, took)
		switch code := cmd.ProcessState.ExitCode(); {
		case err == nil:
			return true
		case code == exitBusy:
			exit3++
		default:
			failures = append(failures, fmt.Sprintf("mscase %s: exit %d: %s", strings.Join(args, " "), code, errOut.String()))
		}
		return false
	}
	if !mscase("new", "cases", "new", "--domain", "soak.example", "--admin", "admin@soak.example", "--country", "JP") {
		t.Fatalf("setup: %v", failures)
	}

	daemon := exec.Command("mscase", "reminders", "run")
	daemon.Env = env
	var daemonLog bytes.Buffer
	daemon.Stderr = &daemonLog
	daemon.Stdout = &daemonLog
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(*soakTime)
	var wg sync.WaitGroup
	loop := func(fn func(i int)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				fn(i)
			}
		}()
	}
	loop(func(i int) {
		d := fmt.Sprintf("s%d.soak.example", i)
		if mscase("new", "cases", "new", "--domain", d, "--admin", "admin@soak.example", "--country", "JP") {
			lmu.Lock()
			ackNew = append(ackNew, d)
			lmu.Unlock()
		}
	})
	loop(func(i int) {
		s := fmt.Sprintf("soak-log-%d", i)
		if mscase("log", "cases", "log", "1", "--summary", s) {
			lmu.Lock()
			ackLog = append(ackLog, s)
			lmu.Unlock()
		}
	})
	loop(func(int) { mscase("list", "cases", "list", "--all") })
	wg.Wait()
	// Let the daemon's next tick send the nudges of the last cases, then
	// stop it the way Ctrl-C does.
	time.Sleep(1500 * time.Millisecond)
	daemon.Process.Signal(os.Interrupt)
	if err := daemon.Wait(); err != nil {
		t.Errorf("reminders run: %v\n%s", err, daemonLog.String())
	}
	for _, f := range failures {
		t.Error(f)
	}
	if strings.Contains(daemonLog.String(), "check failed") {
		t.Errorf("a check of the daemon failed:\n%s", daemonLog.String())
	}

	// Nothing acknowledged is missing.
	out, e, code := runCmd(t, map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db")}, "cases", "export")
	if code != 0 {
		t.Fatalf("export: %s", e)
	}
	var doc exportDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, c := range doc.Cases {
		have[c.Domain] = true
		for _, e := range c.Contacts {
			have[e.Summary] = true
		}
	}
	lost := 0
	for _, w := range append(ackNew, ackLog...) {
		if !have[w] {
			lost++
			t.Errorf("%s was acknowledged but is not in the file", w)
		}
	}
	checkBolt(t, filepath.Join(dir, "mscase.db"))

	mu.Lock()
	sent, twice := 0, 0
	for k, n := range nudges {
		sent += n
		if n > 1 {
			twice++
			t.Errorf("nudge %s sent %d times", k, n)
		}
	}
	mu.Unlock()
	if sent == 0 {
		t.Errorf("the daemon sent no nudge in %s (every new JP case is a call-now nudge):\n%s", *soakTime, daemonLog.String())
	}
	if exit3 > 0 {
		// Giving up with exit 3 is the documented behaviour (a clear
		// message, nothing half-written, never a hang); that it does
		// not happen at all is a timing property, which a machine
		// running other tests beside this one can break.
		if *soakStrict {
			t.Errorf("%d commands waited past the %s busy timeout (exit 3)", exit3, busyTimeout)
		} else {
			t.Logf("%d commands waited past the %s busy timeout (exit 3); bench/soak.sh (-soak.strict) fails on this", exit3, busyTimeout)
		}
	}
	if *crashReport || testing.Verbose() {
		fmt.Printf("soak %s: commands %d, acknowledged writes %d, lost writes %d, exit-3 %d, nudges sent %d, sent twice %d\n",
			*soakTime, iterations, len(ackNew)+len(ackLog)+1, lost, exit3, sent, twice)
		for _, l := range lat.lines() {
			fmt.Println(l)
		}
	}
}
