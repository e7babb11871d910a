package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mscase/mscase/etcdstore"
	"github.com/mscase/mscase/etcdstore/etcdtest"
	"github.com/mscase/mscase/reminders"
	"github.com/rogpeppe/go-internal/testscript"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// TestScriptsEtcd runs the whole testscript suite again with MSCASE_STORE
// pointing at a real single-node etcd on loopback, each script under its
// own prefix. "The database" of a script is then that prefix: dbsum,
// unchanged, bad, dbgrep, sentlog, waitsent and setformat on mscase.db
// read or write its keys. --db FILE still names a bbolt file (an explicit
// file beats MSCASE_STORE), so the scripts' second databases stay files
// and exports cross from etcd to bbolt. Lines about the bbolt file itself
// (its modes, a damaged file, the lock "in use") are marked [!etcd] or
// end the script with "[etcd] stop" and the reason.
func TestScriptsEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	var n atomic.Int64
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(files) < 30 {
		t.Fatalf("testdata/*.txtar: %d scripts (%v)", len(files), err)
	}
	cli, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints(), DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	// dbsum and unchanged on the database file read the script's prefix
	// instead: every key, value and revision.
	sum := func(ts *testscript.TestScript, file string) string {
		if filepath.Base(file) != "mscase.db" {
			return fileSum(ts, ts.MkAbs(file))
		}
		r, err := cli.Get(context.Background(), prefixOf(ts)+"/", clientv3.WithPrefix())
		ts.Check(err)
		h := sha256.New()
		for _, kv := range r.Kvs {
			fmt.Fprintf(h, "%q %q %d\n", kv.Key, kv.Value, kv.ModRevision)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	cmds := maps.Clone(scriptCmds)
	cmds["dbsum"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: dbsum FILE VAR")
		}
		ts.Setenv(args[1], sum(ts, args[0]))
	}
	cmds["unchanged"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: unchanged FILE SUM")
		}
		if got := sum(ts, args[0]); (got == args[1]) == neg {
			ts.Fatalf("%s: checksum %s, want %s (neg=%v): the store changed", args[0], got, args[1], neg)
		}
	}
	cmds["perm"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) == 2 && filepath.Base(args[0]) == "mscase.db" {
			return // no file on etcd
		}
		scriptCmds["perm"](ts, neg, args)
	}
	cmds["dbgrep"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 || filepath.Base(args[1]) != "mscase.db" {
			scriptCmds["dbgrep"](ts, neg, args)
			return
		}
		r, err := cli.Get(context.Background(), prefixOf(ts)+"/", clientv3.WithPrefix())
		ts.Check(err)
		var all []byte
		for _, kv := range r.Kvs {
			all = append(append(append(all, kv.Key...), kv.Value...), '\n')
		}
		dbgrep(ts, neg, args[0], all)
	}
	// setformat mscase.db N writes the format version as a newer mscase
	// would.
	cmds["setformat"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 || filepath.Base(args[0]) != "mscase.db" {
			scriptCmds["setformat"](ts, neg, args)
			return
		}
		_, err := cli.Put(context.Background(), prefixOf(ts)+"/meta/format", args[1])
		ts.Check(err)
	}
	// bad checks the database file it names is unchanged; without --db
	// the store is the script's prefix, so that is compared too.
	cmds["bad"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if slices.ContainsFunc(args, func(a string) bool { return a == "--db" || strings.HasPrefix(a, "--db=") }) {
			scriptCmds["bad"](ts, neg, args)
			return
		}
		before := sum(ts, "mscase.db")
		scriptCmds["bad"](ts, neg, args)
		if sum(ts, "mscase.db") != before {
			ts.Fatalf("the store under %s changed: a refused command wrote to it", prefixOf(ts))
		}
	}
	// sentRecords reads the sent-log of the script's prefix.
	sentRecords := func(ts *testscript.TestScript, fn func(*reminders.Record)) (int, error) {
		st, err := etcdstore.OpenURL(ts.Getenv("MSCASE_STORE"), etcdstore.Options{ReadOnly: true})
		if err != nil {
			return 0, err
		}
		defer st.Close()
		return eachSent(st, fn)
	}
	cmds["sentlog"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 || filepath.Base(args[0]) != "mscase.db" {
			scriptCmds["sentlog"](ts, neg, args)
			return
		}
		_, err := sentRecords(ts, func(r *reminders.Record) {
			for _, d := range r.Channels {
				state := "sent"
				if d.Sent.IsZero() {
					state = "error " + d.Error
				}
				late := ""
				if r.Nudge.Late {
					late = " late"
				}
				fmt.Fprintf(ts.Stdout(), "%s %s %s%s\n", r.Nudge.Key(), d.Channel, state, late)
			}
		})
		ts.Check(err)
	}
	cmds["waitsent"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 || filepath.Base(args[0]) != "mscase.db" {
			scriptCmds["waitsent"](ts, neg, args)
			return
		}
		var want int
		fmt.Sscan(args[1], &want)
		deadline := time.Now().Add(30 * time.Second)
		for {
			n, err := sentRecords(ts, nil)
			if err == nil && n >= want {
				return
			}
			if time.Now().After(deadline) {
				ts.Fatalf("waitsent: %d records after 30s (last error %v), want %d", n, err, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	testscript.Run(t, testscript.Params{
		Files:     files,
		Cmds:      cmds,
		Condition: storeCondition(true),
		Setup: func(e *testscript.Env) error {
			if err := scriptSetup(e); err != nil {
				return err
			}
			e.Setenv("MSCASE_STORE", "etcd://"+strings.Join(c.Endpoints(), ",")+fmt.Sprintf("/script%d", n.Add(1)))
			return nil
		},
	})
}

// prefixOf is the key prefix of the script's store.
func prefixOf(ts *testscript.TestScript) string {
	_, prefix, _ := strings.Cut(strings.TrimPrefix(ts.Getenv("MSCASE_STORE"), "etcd://"), "/")
	return "/" + prefix
}
