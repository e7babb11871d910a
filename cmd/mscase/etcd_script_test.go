package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
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

// etcdScripts are the testscripts that also run against a store on etcd:
// the case commands, the reminders' checks and sent-log, and the tenant
// profile; "the database is unchanged" there means no key under the
// script's prefix changed. The others test the bbolt file itself (a
// damaged file, --db to a second file) or commands that never open a
// store; export and import between the stores are etcdstore's
// TestImportBothWays and TestStoreCopy here.
var etcdScripts = []string{
	"cases_flow", "cases_edit_delete_snooze", "cases_checklist",
	"cases_email_once", "reminders_check", "prepare", "cases_who",
}

// TestScriptsEtcd runs etcdScripts with MSCASE_STORE pointing at a real
// single-node etcd on loopback, each script under its own prefix.
func TestScriptsEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	var n atomic.Int64
	var files []string
	for _, s := range etcdScripts {
		files = append(files, filepath.Join("testdata", s+".txtar"))
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
		_, prefix, _ := strings.Cut(strings.TrimPrefix(ts.Getenv("MSCASE_STORE"), "etcd://"), "/")
		r, err := cli.Get(context.Background(), "/"+prefix+"/", clientv3.WithPrefix())
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
	cmds["sentlog"] = func(ts *testscript.TestScript, neg bool, args []string) {
		st, err := etcdstore.OpenURL(ts.Getenv("MSCASE_STORE"), etcdstore.Options{ReadOnly: true})
		ts.Check(err)
		defer st.Close()
		ts.Check(reminders.ViewLog(st, func(l *reminders.Log) error {
			return l.Each(func(r *reminders.Record) error {
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
				return nil
			})
		}))
	}
	testscript.Run(t, testscript.Params{
		Files: files,
		Cmds:  cmds,
		Setup: func(e *testscript.Env) error {
			e.Setenv("MSCASE_DB", filepath.Join(e.WorkDir, "mscase.db"))
			e.Setenv("MSCASE_STORE", "etcd://"+strings.Join(c.Endpoints(), ",")+fmt.Sprintf("/script%d", n.Add(1)))
			e.Setenv("MSCASE_CONFIG", filepath.Join(e.WorkDir, "config", "config.toml"))
			e.Setenv("XDG_CONFIG_HOME", filepath.Join(e.WorkDir, "config-home"))
			e.Setenv("XDG_DATA_HOME", filepath.Join(e.WorkDir, "data-home"))
			e.Setenv("HOME", e.WorkDir)
			e.Setenv("MSCASE_NOW", "2026-11-25T10:00:00+09:00")
			e.Setenv("TZ", "Asia/Tokyo")
			e.Setenv("NO_COLOR", "1")
			e.Setenv("MSCASE_LOGIN_URL", "http://127.0.0.1:9/")
			// Who signs the changes: fixed, as the clock is.
			e.Setenv("MSCASE_NAME", "k-sato")
			e.Setenv("MSCASE_MACHINE", "kanri-pc")
			return nil
		},
	})
}
