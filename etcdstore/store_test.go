package etcdstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/etcdstore"
	"github.com/mscase/mscase/etcdstore/etcdtest"
	"github.com/mscase/mscase/reminders"
	clientv3 "go.etcd.io/etcd/client/v3"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func open(t *testing.T, eps []string, prefix string) *etcdstore.Store {
	t.Helper()
	s, err := etcdstore.Open(etcdstore.Options{Endpoints: eps, Prefix: prefix, Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newCase(domain, tracking string) *cases.Case {
	return cases.New(cases.Case{TrackingID: tracking, Domain: domain, Admin: "admin@" + domain, Country: "JP"}, "opened", t0)
}

func note(text string) cases.Contact {
	return cases.Contact{Kind: cases.KindNote, Summary: text, At: t0}
}

// One single-node cluster serves every test of this file, each under its
// own prefix: the server starts once.
var (
	single     *etcdtest.Cluster
	singleOnce sync.Once
)

func cluster1(t *testing.T) []string {
	singleOnce.Do(func() { single = etcdtest.StartShared(1) })
	return single.Endpoints()
}

func TestCasesOnEtcd(t *testing.T) {
	s := open(t, cluster1(t), "/t-cases")
	a, b := newCase("contoso.com", "2411250040001234"), newCase("fabrikam.com", "")
	for _, c := range []*cases.Case{a, b} {
		if err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	if a.Number != 1 || b.Number != 2 {
		t.Fatalf("numbers %d, %d: want 1, 2 from the counter", a.Number, b.Number)
	}
	tests := []struct {
		ref     string
		want    uint64
		wantErr error
	}{
		{"1", 1, nil},
		{"2411250040001234", 1, nil},
		{"2", 2, nil},
		{"3", 0, cases.ErrNotFound},
		{"2411250040009999", 0, cases.ErrNotFound},
	}
	for _, tt := range tests {
		c, err := s.Get(tt.ref)
		if !errors.Is(err, tt.wantErr) || (err == nil && c.Number != tt.want) {
			t.Errorf("Get(%s) = %v, %v; want case %d, %v", tt.ref, c, err, tt.want, tt.wantErr)
		}
	}
	// A TrackingID another case has is refused and changes nothing.
	dup := newCase("x.com", "2411250040001234")
	var de *cases.DuplicateError
	if err := s.Create(dup); !errors.As(err, &de) || de.Number != 1 {
		t.Fatalf("duplicate create: %v", err)
	}
	if _, err := s.Update("2", func(c *cases.Case) error { c.TrackingID = "2411250040001234"; return nil }); !errors.As(err, &de) {
		t.Fatalf("duplicate update: %v", err)
	}
	// Changing the TrackingID moves the index.
	if _, err := s.Update("1", func(c *cases.Case) error { c.TrackingID = "2411250040005555"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("2411250040001234"); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("old TrackingID still found: %v", err)
	}
	if n, err := s.Resolve("2411250040005555"); err != nil || n != 1 {
		t.Errorf("new TrackingID: %d, %v", n, err)
	}
	sums, err := s.Summaries()
	if err != nil || len(sums) != 2 || sums[0].Domain != "contoso.com" || sums[1].Number != 2 {
		t.Fatalf("summaries %+v, %v", sums, err)
	}
	if _, err := s.Delete("2"); err != nil {
		t.Fatal(err)
	}
	c := newCase("next.com", "")
	if err := s.Create(c); err != nil || c.Number != 3 {
		t.Fatalf("after a delete the next number is 3, never reused: %d, %v", c.Number, err)
	}
	if s.SizeHint() != 3 {
		t.Errorf("SizeHint %d, want 3", s.SizeHint())
	}
}

// TestConcurrentUpdates changes one case from many stores at once (each its
// own connection, as separate processes would): every change lands, or
// the writer is told to try again; none is lost.
func TestConcurrentUpdates(t *testing.T) {
	eps := cluster1(t)
	s := open(t, eps, "/t-conc")
	c := newCase("contoso.com", "")
	if err := s.Create(c); err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	landed, retry := 0, 0
	for w := 0; w < writers; w++ {
		st := open(t, eps, "/t-conc")
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				_, err := st.Update("1", func(c *cases.Case) error {
					return c.AddContact(note(fmt.Sprintf("w%d-%d", w, i)), t0.Add(time.Minute))
				})
				mu.Lock()
				switch {
				case err == nil:
					landed++
				case errors.Is(err, cases.ErrConflict):
					retry++
				default:
					t.Error(err)
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	got, err := s.Get("1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Contacts) != landed || landed+retry != writers*each {
		t.Fatalf("%d entries stored, %d writes landed, %d told to retry, of %d", len(got.Contacts), landed, retry, writers*each)
	}
	seen := map[int]bool{}
	for _, e := range got.Contacts {
		if seen[e.Seq] {
			t.Fatalf("entry number %d twice", e.Seq)
		}
		seen[e.Seq] = true
	}
	t.Logf("%d landed, %d told to retry", landed, retry)
}

// TestConcurrentCreates: numbers from the counter never repeat.
func TestConcurrentCreates(t *testing.T) {
	eps := cluster1(t)
	var wg sync.WaitGroup
	nums := make(chan uint64, 40)
	for w := 0; w < 4; w++ {
		st := open(t, eps, "/t-create")
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				c := newCase(fmt.Sprintf("d%d-%d.com", w, i), "")
				if err := st.Create(c); err != nil {
					if !errors.Is(err, cases.ErrConflict) {
						t.Error(err)
					}
					continue
				}
				nums <- c.Number
			}
		}(w)
	}
	wg.Wait()
	close(nums)
	seen := map[uint64]bool{}
	for n := range nums {
		if seen[n] {
			t.Fatalf("case number %d given twice", n)
		}
		seen[n] = true
	}
	sums, _ := open(t, eps, "/t-create").Summaries()
	if len(sums) != len(seen) {
		t.Fatalf("%d summaries for %d created cases", len(sums), len(seen))
	}
}

func export(t *testing.T, all []cases.Case) []byte {
	b, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestImportBothWays: cases exported from bbolt import into etcd, and back
// into a new bbolt file, and each export is the same bytes.
func TestImportBothWays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	bs, err := cases.Open(path, cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bs.Close()
	for i := 0; i < 40; i++ { // as many as etcd's default limits take at once
		c := newCase(fmt.Sprintf("d%03d.com", i), fmt.Sprintf("24112500400%05d", i))
		if err := bs.Create(c); err != nil {
			t.Fatal(err)
		}
		if _, err := bs.Update(fmt.Sprint(c.Number), func(c *cases.Case) error {
			return c.AddContact(note("called, ünïcode 日本"), t0.Add(time.Hour))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bs.Delete("7"); err != nil { // a gap in the numbers
		t.Fatal(err)
	}
	fromBolt, _ := bs.All()
	es := open(t, cluster1(t), "/t-import")
	added, replaced, err := es.Import(fromBolt, false)
	if err != nil || added != 39 || replaced != 0 {
		t.Fatalf("import into etcd: %d added, %d replaced, %v", added, replaced, err)
	}
	fromEtcd, _ := es.All()
	if !bytes.Equal(export(t, fromBolt), export(t, fromEtcd)) {
		t.Fatal("the export from etcd differs from the export from bbolt")
	}
	// Again without replace: refused, nothing changes.
	if _, _, err := es.Import(fromBolt[:1], false); !errors.As(err, new(*cases.DuplicateError)) {
		t.Fatalf("second import: %v", err)
	}
	bs2, err := cases.Open(filepath.Join(t.TempDir(), "b.db"), cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bs2.Close()
	if _, _, err := bs2.Import(fromEtcd, false); err != nil {
		t.Fatal(err)
	}
	back, _ := bs2.All()
	if !bytes.Equal(export(t, fromBolt), export(t, back)) {
		t.Fatal("bbolt → etcd → bbolt changed the export")
	}
	sb, _ := bs.Summaries()
	se, _ := es.Summaries()
	if fmt.Sprint(sb) != fmt.Sprint(se) {
		t.Fatal("summaries differ between the stores")
	}
	c := newCase("new.com", "")
	if err := es.Create(c); err != nil || c.Number != 41 {
		t.Fatalf("after import the counter is past the highest number: %d, %v", c.Number, err)
	}
}

// TestImportOneTransaction: an import is all or nothing. One that fits
// etcd's default limits lands in one revision; one that does not is
// refused whole with ErrTooBig, and the store is as it was, also when it
// already held cases.
func TestImportOneTransaction(t *testing.T) {
	es := open(t, cluster1(t), "/t-import-one")
	if err := es.Create(newCase("before.com", "2411250040099999")); err != nil {
		t.Fatal(err)
	}
	mk := func(n, from int) []cases.Case {
		var cs []cases.Case
		for i := from; i < from+n; i++ {
			c := newCase(fmt.Sprintf("d%03d.com", i), fmt.Sprintf("24112500400%05d", i))
			c.Number = uint64(i + 1)
			cs = append(cs, *c)
		}
		return cs
	}
	cli := es.Client()
	snapshot := func() string {
		r, err := cli.Get(context.Background(), "/t-import-one/", clientv3.WithPrefix())
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, kv := range r.Kvs {
			fmt.Fprintf(&b, "%s %d\n", kv.Key, kv.ModRevision)
		}
		return b.String()
	}
	before := snapshot()
	for _, n := range []int{43, 200} {
		added, _, err := es.Import(mk(n, 100), false)
		if !errors.Is(err, cases.ErrTooBig) || added != 0 || !strings.Contains(err.Error(), "nothing was imported") {
			t.Fatalf("import of %d cases: %d added, %v; want ErrTooBig", n, added, err)
		}
		if snapshot() != before {
			t.Fatalf("a refused import of %d cases changed the store", n)
		}
	}
	// 42 cases with TrackingIDs: 127 writes, as many as etcd takes at once.
	added, _, err := es.Import(mk(42, 100), false)
	if err != nil || added != 42 {
		t.Fatalf("import of 42 cases: %d added, %v", added, err)
	}
	r, err := cli.Get(context.Background(), "/t-import-one/cases/", clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	revs := map[int64]int{}
	for _, kv := range r.Kvs {
		revs[kv.ModRevision]++
	}
	if len(r.Kvs) != 43 || len(revs) != 2 {
		t.Fatalf("%d cases in %d revisions, want 43 in 2 (the case before, and the import's one)", len(r.Kvs), len(revs))
	}
}

// TestSentLogOnEtcd runs the reminders' sent-log on etcd's buckets.
func TestSentLogOnEtcd(t *testing.T) {
	s := open(t, cluster1(t), "/t-sent")
	if err := reminders.ViewLog(s, func(l *reminders.Log) error {
		if l.Sent("x") {
			t.Error("empty log says sent")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var keys []string
	err := reminders.UpdateLog(s, func(l *reminders.Log) error {
		keys = keys[:0] // it may run again
		for i := 1; i <= 50; i++ {
			n := reminders.Nudge{Case: uint64(i), Kind: "stalled", Due: t0.Add(time.Duration(i) * time.Hour)}
			keys = append(keys, n.Key())
			if err := l.Put(&reminders.Record{Nudge: n, First: t0, Done: i%2 == 0}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = reminders.ViewLog(s, func(l *reminders.Log) error {
		for i, k := range keys {
			if got, want := l.Sent(k), (i+1)%2 == 0; got != want {
				t.Errorf("Sent(%s) = %v, want %v", k, got, want)
			}
		}
		n := 0
		return l.Each(func(*reminders.Record) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	// Pruning the oldest 30 is one range delete.
	var pruned int
	if err := reminders.UpdateLog(s, func(l *reminders.Log) error {
		var err error
		pruned, err = l.Prune(t0.Add(30*time.Hour + time.Minute))
		return err
	}); err != nil || pruned != 30 {
		t.Fatalf("pruned %d, %v", pruned, err)
	}
	n := 0
	reminders.ViewLog(s, func(l *reminders.Log) error { return l.Each(func(*reminders.Record) error { n++; return nil }) })
	if n != 20 {
		t.Fatalf("%d records left, want 20", n)
	}
}

// TestUnreachable: a cluster that is not there fails within the timeout,
// naming the endpoints.
func TestUnreachable(t *testing.T) {
	eps := []string{"127.0.0.1:1", "127.0.0.1:2"}
	start := time.Now()
	_, err := etcdstore.Open(etcdstore.Options{Endpoints: eps, Timeout: 2 * time.Second})
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1,127.0.0.1:2") {
		t.Fatalf("err = %v, want one naming the endpoints", err)
	}
	if took > 4*time.Second {
		t.Fatalf("took %v, want within the 2s timeout", took)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("more than one line: %q", err)
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		in      string
		eps     string
		prefix  string
		wantErr bool
	}{
		{"etcd://h1:2379,h2:2379/team", "h1:2379 h2:2379", "/team", false},
		{"etcd://127.0.0.1:2379", "127.0.0.1:2379", "", false},
		{"etcd://h:1/a/b/", "h:1", "/a/b", false},
		{"etcd:///x", "", "", true},
		{"http://h:1", "", "", true},
		{"etcd://user@h:1/x", "", "", true},
	}
	for _, tt := range tests {
		eps, p, err := etcdstore.ParseURL(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && (strings.Join(eps, " ") != tt.eps || p != tt.prefix)) {
			t.Errorf("ParseURL(%q) = %q, %q, %v", tt.in, eps, p, err)
		}
	}
}

// TestImportLargeRefusedForSize: an import of thousands of cases, far more
// than one transaction takes, is refused for its size (cases.ErrTooBig,
// with the hint's facts), not with "no answer in time": the look-ups before
// the transaction (two round trips a case) each have the store's timeout,
// not one timeout for all of them together.
func TestImportLargeRefusedForSize(t *testing.T) {
	s, err := etcdstore.Open(etcdstore.Options{Endpoints: cluster1(t), Prefix: "/t-import-large", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var cs []cases.Case
	for i := 1; i <= 3000; i++ {
		c := newCase(fmt.Sprintf("large%05d.com", i), fmt.Sprintf("24112500%08d", i))
		c.Number = uint64(i)
		cs = append(cs, *c)
	}
	start := time.Now()
	added, _, err := s.Import(cs, false)
	if !errors.Is(err, cases.ErrTooBig) || added != 0 || !strings.Contains(err.Error(), "3000 cases") {
		t.Fatalf("import of 3,000 cases after %v: %d added, %v; want ErrTooBig", time.Since(start), added, err)
	}
	r, err := s.Client().Get(context.Background(), "/t-import-large/", clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil || r.Count > 1 { // the format marker Open writes
		t.Fatalf("the refused import left %d keys (%v)", r.Count, err)
	}
}
