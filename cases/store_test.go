package cases

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "mscase.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func newCase(id string) *Case {
	return New(Case{TrackingID: id, Domain: "contoso.co.jp", Admin: "admin@contoso.co.jp", Country: "JP", Title: "ロックアウト"}, "", t0)
}

func TestStoreCreateGetUpdate(t *testing.T) {
	s, path := openTest(t)
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		di, _ := os.Stat(filepath.Dir(path))
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Errorf("file %v, folder %v; want 0600, 0700", fi.Mode(), di.Mode())
		}
	}
	a, b := newCase("2411250040001234"), newCase("")
	for _, c := range []*Case{a, b} {
		if err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	if a.Number != 1 || b.Number != 2 {
		t.Fatalf("numbers %d, %d; want 1, 2", a.Number, b.Number)
	}
	for _, ref := range []string{"1", "2411250040001234", "#2411 2500 4000 1234"} {
		got, err := s.Get(ref)
		if err != nil || got.Number != 1 {
			t.Errorf("Get(%q) = %v, %v", ref, got, err)
		}
	}
	if _, err := s.Get("3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(3) err = %v, want ErrNotFound", err)
	}
	// Duplicate TrackingID is refused, on create and on edit.
	if err := s.Create(newCase("2411250040001234")); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate create: %v", err)
	}
	if _, err := s.Update("2", func(c *Case) error { c.TrackingID = "2411250040001234"; return nil }); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate edit: %v", err)
	}
	// Changing the TrackingID moves the index.
	if _, err := s.Update("1", func(c *Case) error { c.TrackingID = "2411250040009999"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("2411250040001234"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old TrackingID still resolves: %v", err)
	}
	if c, err := s.Get("2411250040009999"); err != nil || c.Number != 1 {
		t.Errorf("new TrackingID: %v %v", c, err)
	}
	// A failing update writes nothing.
	before := dump(t, s)
	_, err := s.Update("1", func(c *Case) error {
		c.Title = "changed"
		return c.AddContact(Contact{Channel: "fax", Direction: DirOut, Summary: "x"}, t0)
	})
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("bad contact: %v", err)
	}
	if !bytes.Equal(before, dump(t, s)) {
		t.Error("a failed update changed the store")
	}
}

// dump returns every key and value of the cases buckets.
func dump(t *testing.T, s *Store) []byte {
	var buf bytes.Buffer
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				fmt.Fprintf(&buf, "%s/%x=%x\n", name, k, v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSummaryMatchesCase(t *testing.T) {
	s, _ := openTest(t)
	c := newCase("2411250040001234")
	if err := s.Create(c); err != nil {
		t.Fatal(err)
	}
	p := t0.Add(32 * time.Hour)
	snooze := t0.Add(72 * time.Hour)
	c, err := s.Update("1", func(c *Case) error {
		c.SnoozedUntil = &snooze
		if err := c.AddContact(Contact{At: t0.Add(time.Hour), Channel: ChannelPhone, Direction: DirOut, Summary: "call", CallbackBy: &p}, t0.Add(time.Hour)); err != nil {
			return err
		}
		return c.MoveTo(StageDPTReview, "", t0.Add(2*time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := s.Summaries()
	if err != nil || len(sums) != 1 {
		t.Fatalf("Summaries: %v %v", sums, err)
	}
	want := c.Summarize()
	got := sums[0]
	// Summaries come back in UTC; compare instants.
	norm := func(s Summary) Summary {
		for _, tp := range []*time.Time{&s.StageSince, &s.Created, &s.Updated, &s.LastContact, s.Promise, s.SnoozedUntil} {
			if tp != nil {
				*tp = tp.UTC()
			}
		}
		return s
	}
	if !reflect.DeepEqual(norm(got), norm(want)) {
		t.Errorf("summary\n got %+v\nwant %+v", got, want)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	src, _ := openTest(t)
	for _, id := range []string{"2411250040001234", "2411250040005678"} {
		if err := src.Create(newCase(id)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := src.All()
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := openTest(t)
	bad := append(append([]Case(nil), all...), Case{Number: 9, TrackingID: "12ab", Domain: "x.com", Admin: "a@x.com", Stage: StageLockedOut, Created: t0, StageSince: t0})
	if _, _, err := dst.Import(bad, false); err == nil {
		t.Fatal("import with a bad record succeeded")
	}
	if got, _ := dst.All(); len(got) != 0 {
		t.Fatalf("bad import wrote %d cases", len(got))
	}
	if added, _, err := dst.Import(all, false); err != nil || added != 2 {
		t.Fatalf("import: %d, %v", added, err)
	}
	if _, _, err := dst.Import(all[:1], false); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate import: %v", err)
	}
	if _, replaced, err := dst.Import(all[:1], true); err != nil || replaced != 1 {
		t.Errorf("replace: %d %v", replaced, err)
	}
	// The sequence continues after imported numbers.
	c := newCase("")
	if err := dst.Create(c); err != nil || c.Number != 3 {
		t.Errorf("next number after import = %d, %v", c.Number, err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notBolt := filepath.Join(dir, "notes.txt")
	os.WriteFile(notBolt, []byte("hello, these are notes and not a database at all"), 0o600)
	if _, err := Open(notBolt, Options{}); !errors.Is(err, ErrNotBolt) {
		t.Errorf("not bolt: %v", err)
	}
	if b, _ := os.ReadFile(notBolt); string(b) != "hello, these are notes and not a database at all" {
		t.Error("opening a non-bbolt file changed it")
	}
	if _, err := Open(filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only missing: %v", err)
	}
	// Another holder of the file: ErrBusy after the timeout, not a hang.
	path := filepath.Join(dir, "held.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	if _, err := Open(path, Options{Timeout: 200 * time.Millisecond}); !errors.Is(err, ErrBusy) {
		t.Errorf("held: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("busy open took %v", d)
	}
}

// TestOpenDamaged: a file cut short, or with both meta pages unreadable, is
// refused with ErrDamaged before bbolt maps it (bbolt would die with SIGBUS
// on a page past the end) and is not changed. A 0-byte file reads as no
// database and is initialised by the first write.
func TestOpenDamaged(t *testing.T) {
	s, good := openTest(t)
	for i := 0; i < 30; i++ {
		if err := s.Create(newCase("")); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	full, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zeroed := func(b []byte, ranges ...[2]int) []byte {
		b = bytes.Clone(b)
		for _, r := range ranges {
			clear(b[r[0]:r[1]])
		}
		return b
	}
	ps := os.Getpagesize()
	tests := []struct {
		name string
		data []byte
		want string // in the error
	}{
		{"cut to 10000 bytes", full[:10000], "the file was cut short"},
		{"one byte short of the high-water mark", full[:highWater(full)-1], "the file was cut short"},
		{"only the meta pages", full[:2*ps], "the file was cut short"},
		{"cut inside meta page 1", full[:ps+100], "the file was cut short"},
		{"both meta pages zeroed", zeroed(full, [2]int{16 + 4, ps}, [2]int{ps + 16, 2 * ps}), "both meta pages are unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".db")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, ro := range []bool{true, false} {
				_, err := Open(path, Options{ReadOnly: ro})
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("read-only %v: err = %v, want ErrDamaged saying %q", ro, err, tt.want)
				}
			}
			if b, _ := os.ReadFile(path); !bytes.Equal(b, tt.data) {
				t.Error("opening a damaged file changed it")
			}
		})
	}
	// One meta page damaged: bbolt falls back to the other, and so do we.
	path := filepath.Join(dir, "meta0.db")
	os.WriteFile(path, zeroed(full, [2]int{16 + 8, 16 + 12}), 0o600)
	if s, err := Open(path, Options{ReadOnly: true}); err != nil {
		t.Errorf("meta page 0 damaged, page 1 good: %v", err)
	} else {
		s.Close()
	}

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := Open(empty, Options{ReadOnly: true}); !errors.Is(err, ErrEmpty) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only open of a 0-byte file: %v, want ErrEmpty wrapping fs.ErrNotExist", err)
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Errorf("a read made the empty file %d bytes", fi.Size())
	}
	s, err = Open(empty, Options{})
	if err != nil {
		t.Fatalf("write open of a 0-byte file: %v", err)
	}
	if err := s.Create(newCase("")); err != nil {
		t.Error(err)
	}
	s.Close()
}

// highWater is the length the valid meta page with the higher txid says the
// file has at least.
func highWater(b []byte) int {
	m0, _ := parseMeta(b)
	m1, ok := parseMeta(b[m0.pageSize:])
	if ok && m1.txid > m0.txid {
		m0 = m1
	}
	return int(m0.hi) * int(m0.pageSize)
}
