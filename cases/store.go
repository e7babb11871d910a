package cases

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FormatVersion is the version of the on-disk layout described in FORMAT.md.
const FormatVersion = 1

var (
	bucketMeta      = []byte("meta")
	bucketCases     = []byte("cases")
	bucketSummaries = []byte("summaries")
	bucketTracking  = []byte("tracking")
	keyFormat       = []byte("format")
)

// Store is the case database: one bbolt file.
type Store struct {
	db       *bolt.DB
	readOnly bool
}

// Options say how to open the store.
type Options struct {
	ReadOnly bool
	// Timeout is how long to wait for another process to let go of the
	// file before returning ErrBusy. Zero means one second.
	Timeout time.Duration
}

// Open opens (or, unless read-only, creates) the database at path. The file
// is created 0600 and its folder 0700. A read-only open of a file that does
// not exist returns an error wrapping fs.ErrNotExist.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	if err := checkHeader(path, opts.ReadOnly); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, ReadOnly: opts.ReadOnly})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, ErrBusy
		case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
			return nil, fmt.Errorf("%s: %w (%v)", path, ErrNotBolt, err)
		}
		return nil, err
	}
	// bbolt grows a file past 16 MB in steps of AllocSize, 16 MB by
	// default: a 26 MB database of 10,000 cases was a 42 MB file. Steps
	// of 1 MB keep it near its data; writes here are small and rare.
	db.AllocSize = allocStep
	s := &Store{db: db, readOnly: opts.ReadOnly}
	if err := s.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// checkHeader refuses, before bbolt gets to it, a non-empty file that is not
// a bbolt file (bbolt may try to write to a file it does not recognise) and a
// bbolt file that is shorter than its own meta page says (bbolt maps the file
// and the process dies with SIGBUS when it touches a page past the end). A
// 0-byte file gives ErrEmpty when readOnly: bbolt would try to write it.
func checkHeader(path string, readOnly bool) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() == 0 {
		if readOnly {
			return fmt.Errorf("%s: %w", path, ErrEmpty)
		}
		return nil // bbolt initialises an empty file
	}
	var hdr [metaEnd]byte
	n, _ := io.ReadFull(f, hdr[:])
	if n < metaOff+4 || binary.LittleEndian.Uint32(hdr[metaOff:]) != boltMagic {
		return fmt.Errorf("%s: %w (it is not a bbolt file)", path, ErrNotBolt)
	}
	if err := checkMeta(f, fi.Size()); err != nil {
		return fmt.Errorf("%s: %w (%s)", path, ErrDamaged, err)
	}
	return nil
}

// The layout of a bbolt meta page (go.etcd.io/bbolt internal/common, v1.4):
// a 16-byte page header (id u64, flags u16, count u16, overflow u32), then
// magic u32, version u32, pageSize u32, flags u32, root bucket (root pgid
// u64, sequence u64), freelist pgid u64, pgid u64 (the high-water mark: the
// file holds pages 0 to pgid-1), txid u64, and an FNV-64a checksum of the
// 56 bytes before it. Integers are in the machine's byte order; pages 0 and
// 1 are the two meta pages and bbolt uses the valid one with the higher
// txid.
const (
	metaOff      = 16
	metaEnd      = metaOff + 64
	boltMagic    = 0xED0CDAED
	boltVersion  = 2
	noFreelist   = 0xffffffffffffffff
	minPageSize  = 1024
	maxPageSize  = 1024 << 14
	metaSumBytes = 56
)

type boltMeta struct {
	pageSize           uint32
	root, freelist, hi uint64
	txid               uint64
}

// parseMeta reads the meta page at the start of p; ok is false when the
// magic, version or checksum is wrong.
func parseMeta(p []byte) (m boltMeta, ok bool) {
	if len(p) < metaEnd {
		return m, false
	}
	b := p[metaOff:metaEnd]
	le := binary.NativeEndian
	if le.Uint32(b[0:]) != boltMagic || le.Uint32(b[4:]) != boltVersion {
		return m, false
	}
	h := fnv.New64a()
	h.Write(b[:metaSumBytes])
	if h.Sum64() != le.Uint64(b[metaSumBytes:]) {
		return m, false
	}
	m = boltMeta{pageSize: le.Uint32(b[8:]), root: le.Uint64(b[16:]), freelist: le.Uint64(b[32:]),
		hi: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	return m, m.pageSize >= minPageSize && m.pageSize <= maxPageSize && m.pageSize&(m.pageSize-1) == 0
}

// checkMeta finds the meta page bbolt will use, as bbolt does, and checks
// that the file is long enough for every page it names.
func checkMeta(f io.ReaderAt, size int64) error {
	read := func(off int64) []byte {
		b := make([]byte, metaEnd)
		if n, _ := f.ReadAt(b, off); n < metaEnd {
			return nil
		}
		return b
	}
	m0, ok0 := parseMeta(read(0))
	var m1 boltMeta
	ok1 := false
	if ok0 {
		m1, ok1 = parseMeta(read(int64(m0.pageSize)))
		if ok1 && m1.pageSize != m0.pageSize {
			ok1 = false
		}
	} else {
		// Meta page 0 is unreadable: look for page 1 at every page size
		// bbolt would try.
		for ps := int64(minPageSize); ps <= maxPageSize && ps < size; ps <<= 1 {
			if m, ok := parseMeta(read(ps)); ok && int64(m.pageSize) == ps {
				m1, ok1 = m, true
				break
			}
		}
	}
	var m boltMeta
	switch {
	case ok0 && ok1:
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
	case ok0:
		m = m0
	case ok1:
		m = m1
	default:
		return errors.New("both meta pages are unreadable")
	}
	ps := int64(m.pageSize)
	if m.hi < 2 || m.hi > uint64(1<<62)/uint64(ps) || m.root >= m.hi || (m.freelist != noFreelist && m.freelist >= m.hi) {
		return fmt.Errorf("the meta page names pages that cannot exist (root %d, freelist %d, high-water mark %d)", m.root, m.freelist, m.hi)
	}
	if need := int64(m.hi) * ps; size < need {
		return fmt.Errorf("%d bytes long, its meta page needs at least %d: the file was cut short", size, need)
	}
	return nil
}

func (s *Store) init() error {
	check := func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil {
			if s.readOnly && tx.Bucket(bucketCases) == nil {
				return nil // empty file, nothing written yet
			}
			return ErrNotBolt
		}
		v, err := strconv.Atoi(string(m.Get(keyFormat)))
		if err != nil {
			return ErrNotBolt
		}
		if v > FormatVersion {
			return fmt.Errorf("%w: format %d, this mscase reads up to %d", ErrTooNew, v, FormatVersion)
		}
		return nil
	}
	if s.readOnly {
		return s.db.View(check)
	}
	var fresh bool
	if err := s.db.View(func(tx *bolt.Tx) error {
		fresh = tx.Bucket(bucketMeta) == nil && tx.Bucket(bucketCases) == nil
		return nil
	}); err != nil {
		return err
	}
	if !fresh {
		return s.db.View(check)
	}
	return s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketCases, bucketSummaries, bucketTracking, bucketWake, bucketWakeOf, bucketCountries} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyFormat, []byte(strconv.Itoa(FormatVersion)))
	})
}

// allocStep is how much a growing file grows at a time past 16 MB.
const allocStep = 1 << 20

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// DB gives packages that keep their own buckets in the same file (the
// reminders' sent-log) access to it. They must not touch the buckets named
// in FORMAT.md as belonging to cases.
func (s *Store) DB() *bolt.DB { return s.db }

func itob(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

// MaxNumber is the highest case number. REFs of up to six digits are case
// numbers; longer ones are TrackingIDs.
const MaxNumber = 999999

// nextFree is the next case number after the bucket's sequence that no case
// uses. It never reuses a number and never writes over a case.
func nextFree(b *bolt.Bucket) (uint64, error) {
	n := b.Sequence() + 1
	for n <= MaxNumber && b.Get(itob(n)) != nil {
		n++
	}
	if n > MaxNumber {
		return 0, fmt.Errorf("the database has used every case number up to %d", MaxNumber)
	}
	return n, nil
}

// CheckRef checks the shape of REF (a case number or a TrackingID) without
// a database, so bad input is refused before anything is opened.
func CheckRef(ref string) error {
	r := strings.TrimSpace(ref)
	if n, err := strconv.ParseUint(r, 10, 64); err == nil && len(r) < 7 && n > 0 {
		return nil
	}
	if _, err := ParseTrackingID(r); err != nil {
		return &InputError{Field: "case", Value: ref, Want: "expected a case number like 3 or a TrackingID like 2411250040001234", Code: CodeCaseRef}
	}
	return nil
}

// resolve finds a case number from REF: a case number, or a TrackingID.
func resolve(tx *bolt.Tx, ref string) (uint64, error) {
	r := strings.TrimSpace(ref)
	if n, err := strconv.ParseUint(r, 10, 64); err == nil && len(r) < 7 && n > 0 {
		if b := tx.Bucket(bucketCases); b != nil && b.Get(itob(n)) != nil {
			return n, nil
		}
		return 0, fmt.Errorf("case %d: %w", n, ErrNotFound)
	}
	id, err := ParseTrackingID(r)
	if err != nil {
		return 0, &InputError{Field: "case", Value: ref, Want: "expected a case number like 3 or a TrackingID like 2411250040001234", Code: CodeCaseRef}
	}
	if b := tx.Bucket(bucketTracking); b != nil {
		if v := b.Get([]byte(id)); v != nil {
			return binary.BigEndian.Uint64(v), nil
		}
	}
	if len(r) >= 7 && strings.Trim(r, "0123456789") == "" && len(r) < 10 {
		return 0, fmt.Errorf("case with tracking ID %s: %w (case numbers have at most 6 digits)", id, ErrNotFound)
	}
	return 0, fmt.Errorf("case with tracking ID %s: %w", id, ErrNotFound)
}

func getCase(tx *bolt.Tx, n uint64) (*Case, error) {
	b := tx.Bucket(bucketCases)
	if b == nil {
		return nil, fmt.Errorf("case %d: %w", n, ErrNotFound)
	}
	v := b.Get(itob(n))
	if v == nil {
		return nil, fmt.Errorf("case %d: %w", n, ErrNotFound)
	}
	var c Case
	if err := json.Unmarshal(v, &c); err != nil {
		return nil, fmt.Errorf("decode case %d: %w", n, err)
	}
	return &c, nil
}

// put writes the full record, its summary and the TrackingID index in tx.
func put(tx *bolt.Tx, c *Case, oldTracking string) error {
	idx := tx.Bucket(bucketTracking)
	if c.TrackingID != "" {
		if v := idx.Get([]byte(c.TrackingID)); v != nil && binary.BigEndian.Uint64(v) != c.Number {
			return &DuplicateError{c.TrackingID, binary.BigEndian.Uint64(v)}
		}
	}
	if oldTracking != "" && oldTracking != c.TrackingID {
		if err := idx.Delete([]byte(oldTracking)); err != nil {
			return err
		}
	}
	if c.TrackingID != "" {
		if err := idx.Put([]byte(c.TrackingID), itob(c.Number)); err != nil {
			return err
		}
	}
	if c.Contacts == nil {
		c.Contacts = []Contact{}
	}
	if c.History == nil {
		c.History = []StageChange{}
	}
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketCases).Put(itob(c.Number), v); err != nil {
		return err
	}
	sum := c.Summarize()
	if err := recount(tx, storedSummary(tx, c.Number), &sum); err != nil {
		return err
	}
	enc := encodeSummary(&sum)
	if err := tx.Bucket(bucketSummaries).Put(itob(c.Number), enc); err != nil {
		return err
	}
	// Changed: the reminders look at it on their next check.
	return setWake(tx, c.Number, 0, c.Stage == StageClosed, enc)
}

// Resolve returns the case number REF stands for.
func (s *Store) Resolve(ref string) (uint64, error) {
	var n uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = resolve(tx, ref)
		return err
	})
	return n, err
}

// Get returns the full case REF stands for.
func (s *Store) Get(ref string) (*Case, error) {
	var c *Case
	err := s.db.View(func(tx *bolt.Tx) error {
		n, err := resolve(tx, ref)
		if err != nil {
			return err
		}
		c, err = getCase(tx, n)
		return err
	})
	return c, err
}

// Create stores a new case, validated, under the next case number.
func (s *Store) Create(c *Case) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCases)
		n, err := nextFree(b)
		if err != nil {
			return err
		}
		if err := b.SetSequence(n); err != nil {
			return err
		}
		c.Number = n
		return put(tx, c, "")
	})
}

// Update applies fn to the case REF stands for and writes the result, all in
// one transaction. If fn or validation fails nothing is written.
func (s *Store) Update(ref string, fn func(c *Case) error) (*Case, error) {
	var out *Case
	err := s.update(func(tx *bolt.Tx) error {
		n, err := resolve(tx, ref)
		if err != nil {
			return err
		}
		c, err := getCase(tx, n)
		if err != nil {
			return err
		}
		old := c.TrackingID
		if err := fn(c); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		out = c
		return put(tx, c, old)
	})
	return out, err
}

// Delete removes the case REF stands for.
func (s *Store) Delete(ref string) (*Case, error) {
	var out *Case
	err := s.update(func(tx *bolt.Tx) error {
		n, err := resolve(tx, ref)
		if err != nil {
			return err
		}
		if out, err = getCase(tx, n); err != nil {
			return err
		}
		if out.TrackingID != "" {
			if err := tx.Bucket(bucketTracking).Delete([]byte(out.TrackingID)); err != nil {
				return err
			}
		}
		if err := recount(tx, storedSummary(tx, n), nil); err != nil {
			return err
		}
		if err := tx.Bucket(bucketSummaries).Delete(itob(n)); err != nil {
			return err
		}
		if err := setWake(tx, n, 0, true, nil); err != nil {
			return err
		}
		return tx.Bucket(bucketCases).Delete(itob(n))
	})
	return out, err
}

// EachSummary calls fn for every case's summary in case-number order without
// decoding the contact logs. The Summary is reused between calls: copy it to
// keep it.
func (s *Store) EachSummary(fn func(*Summary) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return eachSummary(tx, false, fn) })
}

// ViewSummaries runs fn in one read transaction with a walk over every
// summary whose text fields point into the database's memory map instead
// of being copied: no allocation per case, which is what keeps `cases list`
// fast on 10,000 cases. Those strings are valid only until fn returns, so
// fn must finish with them (print them) before returning, and must not
// wait on anything (a pager, a prompt): the read transaction holds off
// writers meanwhile. The Summary, with the times its Promise and
// SnoozedUntil point to, is reused for the next case: copy what is kept.
func (s *Store) ViewSummaries(fn func(walk func(func(*Summary) error) error) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return fn(func(each func(*Summary) error) error { return eachSummary(tx, true, each) })
	})
}

// ViewSummaryParts is ViewSummaries with the summaries split into up to
// parts runs of consecutive case numbers, walked side by side: fn is
// called once for each run, part 0 for the lowest numbers, each in its own
// goroutine, and ViewSummaryParts returns when all have (with the first
// error, by part). Each walk may be run once. Small databases are one run.
// A list of 10,000 cases spends most of its time decoding summaries and
// applying the stall rule to them, which two cores do in half the time.
//
// The transaction's cursor stays with the calling goroutine (bbolt's
// transactions are not safe for concurrent use): it collects the values
// of each run but the last and hands them, 256 at a time, to the run's
// goroutine, then walks the last run itself. The values are the database's memory map, which does
// not change while the transaction is open.
func (s *Store) ViewSummaryParts(parts int, fn func(part int, walk func(func(*Summary) error) error) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSummaries)
		if b == nil {
			return nil
		}
		var seq uint64 // the highest case number given
		if c := tx.Bucket(bucketCases); c != nil {
			seq = min(c.Sequence(), MaxNumber)
		}
		n := int(max(1, min(uint64(max(parts, 1)), seq/minPerPart)))
		errs, panics := make([]error, n), make([]any, n)
		run := func(p int, walk func(func(*Summary) error) error) {
			// A panic in a part is raised again by the caller's
			// goroutine, where the command's recover reports it.
			defer func() { panics[p] = recover() }()
			errs[p] = fn(p, walk)
		}
		num := func(k []byte) uint64 {
			if len(k) != 8 {
				return 0
			}
			return binary.BigEndian.Uint64(k)
		}
		var wg sync.WaitGroup
		cur := b.Cursor()
		k, v := cur.First()
		for p := range n - 1 {
			type rec struct {
				n uint64
				v []byte
			}
			// The values go to the part's goroutine a few hundred at a
			// time, so that it starts while the rest are collected; it
			// takes every batch, also after its walk has stopped.
			batches := make(chan []rec, 64)
			wg.Add(1)
			go func() {
				defer wg.Done()
				run(p, func(each func(*Summary) error) error {
					var sum Summary
					var slots [2]time.Time
					for recs := range batches {
						for _, r := range recs {
							if err := decodeSummaryIn(r.v, &sum, true, &slots); err != nil {
								return fmt.Errorf("decode summary of case %d: %w", r.n, err)
							}
							if err := each(&sum); err != nil {
								return err
							}
						}
					}
					return nil
				})
				for range batches {
				}
			}()
			bound := seq * uint64(p+1) / uint64(n)
			recs := make([]rec, 0, seq/uint64(n)+1)
			from := 0
			for ; k != nil && num(k) <= bound; k, v = cur.Next() {
				if recs = append(recs, rec{num(k), v}); len(recs)-from == batch {
					batches <- recs[from:]
					from = len(recs)
				}
			}
			batches <- recs[from:]
			close(batches)
		}
		run(n-1, func(each func(*Summary) error) error {
			var sum Summary
			var slots [2]time.Time
			for ; k != nil; k, v = cur.Next() {
				if err := decodeSummaryIn(v, &sum, true, &slots); err != nil {
					return fmt.Errorf("decode summary of case %d: %w", num(k), err)
				}
				if err := each(&sum); err != nil {
					return err
				}
			}
			return nil
		})
		wg.Wait()
		for p := range n {
			if panics[p] != nil {
				panic(panics[p])
			}
		}
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// minPerPart is the fewest summaries ViewSummaryParts gives a goroutine,
// and batch how many it hands over at a time.
const (
	minPerPart = 1000
	batch      = 256
)

func eachSummary(tx *bolt.Tx, noCopy bool, fn func(*Summary) error) error {
	b := tx.Bucket(bucketSummaries)
	if b == nil {
		return nil
	}
	var sum Summary
	var slots *[2]time.Time
	if noCopy {
		slots = new([2]time.Time)
	}
	return b.ForEach(func(k, v []byte) error {
		if err := decodeSummaryIn(v, &sum, noCopy, slots); err != nil {
			return fmt.Errorf("decode summary of case %d: %w", binary.BigEndian.Uint64(k), err)
		}
		return fn(&sum)
	})
}

// Summaries returns every summary, in case-number order.
func (s *Store) Summaries() ([]Summary, error) {
	var out []Summary
	err := s.db.View(func(tx *bolt.Tx) error {
		// Room for every case at once: growing the slice copied 10,000
		// summaries over and over.
		if b := tx.Bucket(bucketCases); b != nil {
			out = make([]Summary, 0, min(b.Sequence(), MaxNumber))
		}
		return eachSummary(tx, false, func(s *Summary) error { out = append(out, *s); return nil })
	})
	if len(out) == 0 {
		out = nil // as before: no cases is a nil slice
	}
	return out, err
}

// All returns every full case in case-number order.
func (s *Store) All() ([]Case, error) {
	out := []Case{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCases)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c Case
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("decode case %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// ImportError says which record of an import is bad.
type ImportError struct {
	Index  int // 1-based position in the file
	Number uint64
	Err    error
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("record %d (case %d): %v", e.Index, e.Number, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

// CheckImport validates every record of an import and refuses a TrackingID
// that appears twice in it: bad input, found before anything is opened for
// writing. The error is an *ImportError around an *InputError.
func CheckImport(cs []Case) error {
	seen := map[string]int{}
	for i := range cs {
		if err := cs[i].Validate(); err != nil {
			return &ImportError{i + 1, cs[i].Number, err}
		}
		if id := cs[i].TrackingID; id != "" {
			if j, ok := seen[id]; ok {
				return &ImportError{i + 1, cs[i].Number, &InputError{Field: "tracking ID", Value: id,
					Want: fmt.Sprintf("each TrackingID once per file, but record %d has it too", j)}}
			}
			seen[id] = i + 1
		}
	}
	return nil
}

// Import writes cs in one transaction after validating every record: all or
// nothing. A case keeps its number when that number is free; a TrackingID
// that already exists is refused unless replace is set, in which case the
// existing case is overwritten (keeping its number).
func (s *Store) Import(cs []Case, replace bool) (added, replaced int, err error) {
	if err := CheckImport(cs); err != nil {
		return 0, 0, err
	}
	if len(cs) == 0 {
		// Not even an empty transaction: it would rewrite a meta page.
		return 0, 0, nil
	}
	err = s.update(func(tx *bolt.Tx) error {
		added, replaced = 0, 0
		b := tx.Bucket(bucketCases)
		idx := tx.Bucket(bucketTracking)
		for i := range cs {
			c := cs[i]
			c.Contacts = append([]Contact(nil), c.Contacts...)
			// The same case is the one with its TrackingID or, without
			// one, the one with its number and creation time.
			var same *Case
			if c.TrackingID != "" {
				if v := idx.Get([]byte(c.TrackingID)); v != nil {
					if same, err = getCase(tx, binary.BigEndian.Uint64(v)); err != nil {
						return err
					}
				}
			} else if c.Number > 0 && c.Number <= MaxNumber {
				if prev, err := getCase(tx, c.Number); err == nil && prev.TrackingID == "" && prev.Created.Equal(c.Created) {
					same = prev
				}
			}
			oldTracking := ""
			if same != nil {
				if !replace {
					return &ImportError{i + 1, cs[i].Number, &DuplicateError{c.TrackingID, same.Number}}
				}
				c.Number, oldTracking = same.Number, same.TrackingID
				replaced++
			} else {
				if c.Number == 0 || c.Number > MaxNumber || b.Get(itob(c.Number)) != nil {
					n, err := nextFree(b)
					if err != nil {
						return err
					}
					c.Number = n
				}
				if c.Number > b.Sequence() {
					if err := b.SetSequence(c.Number); err != nil {
						return err
					}
				}
				added++
			}
			if err := put(tx, &c, oldTracking); err != nil {
				return &ImportError{i + 1, cs[i].Number, err}
			}
		}
		return nil
	})
	return added, replaced, err
}

// encodeSummary writes s in a compact binary form so that listing 10,000
// cases needs no JSON decoding. Layout: version byte, then fields in the
// order of the Summary struct; strings are uvarint length + bytes, times are
// varint Unix nanoseconds with 0 for the zero time, pointers a presence byte.
func encodeSummary(s *Summary) []byte {
	b := make([]byte, 0, 160)
	b = append(b, 4)
	b = binary.AppendUvarint(b, s.Number)
	for _, str := range []string{s.TrackingID, s.Domain, s.Admin, s.Country, s.Lang, s.Severity, s.Title, string(s.Stage)} {
		b = binary.AppendUvarint(b, uint64(len(str)))
		b = append(b, str...)
	}
	for _, t := range []time.Time{s.StageSince, s.Created, s.Updated, s.LastContact} {
		b = appendTime(b, t)
	}
	for _, p := range []*time.Time{s.Promise, s.SnoozedUntil} {
		if p == nil {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			b = appendTime(b, *p)
		}
	}
	b = binary.AppendUvarint(b, uint64(s.Contacts))
	b = binary.AppendUvarint(b, uint64(s.OpenChecks))
	b = binary.AppendUvarint(b, uint64(len(s.Plan)))
	b = append(b, s.Plan...)
	b = binary.AppendUvarint(b, uint64(len(s.Region)))
	b = append(b, s.Region...)
	b = binary.AppendUvarint(b, uint64(len(s.Customer)))
	b = append(b, s.Customer...)
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

var errShortSummary = errors.New("summary record is truncated")

// decodeSummary reads what encodeSummary wrote. It converts the record to
// one string (or, with noCopy, views it in place) and slices every text
// field from it: at most one allocation per case instead of eight.
func decodeSummary(b []byte, s *Summary, noCopy bool) error {
	return decodeSummaryIn(b, s, noCopy, nil)
}

// decodeSummaryIn is decodeSummary with the promised callback and snooze
// times written to slots, when given, instead of newly allocated: a walk
// in place (ViewSummaries) reuses one pair for every summary, which, like
// the text, is valid only until the walk's function returns.
func decodeSummaryIn(b []byte, s *Summary, noCopy bool, slots *[2]time.Time) error {
	// Versions 1 (before the plan), 2 (before the region) and 3 (before
	// the customer) are still read: their records are rewritten as
	// version 4 the next time their case changes.
	if len(b) == 0 || b[0] < 1 || b[0] > 4 {
		return errors.New("unknown summary version")
	}
	r := sumReader{b: b, p: 1, slots: slots}
	if noCopy {
		r.all = unsafe.String(&b[0], len(b)) // see ViewSummaries
	} else {
		r.all = string(b)
	}
	s.Number = r.uv()
	s.TrackingID, s.Domain, s.Admin, s.Country, s.Lang, s.Severity, s.Title = r.str(), r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
	s.Stage = Stage(r.str())
	s.StageSince, s.Created, s.Updated, s.LastContact = r.tm(), r.tm(), r.tm(), r.tm()
	s.Promise, s.SnoozedUntil = r.ptr(0), r.ptr(1)
	s.Contacts = int(r.uv())
	s.OpenChecks = int(r.uv())
	s.Plan = ""
	if b[0] >= 2 {
		s.Plan = r.str()
	}
	s.Region = ""
	if b[0] >= 3 {
		s.Region = r.str()
	}
	s.Customer = ""
	if b[0] >= 4 {
		s.Customer = r.str()
	}
	if r.bad {
		return errShortSummary
	}
	return nil
}

// sumReader reads the fields of a summary record in turn. Once a field is
// cut short or malformed, bad is set and what follows is read as zero
// values; decodeSummary then refuses the record.
type sumReader struct {
	b   []byte
	all string // b as a string, for the text fields
	p   int    // the next byte to read
	bad bool
	// slots, when set, hold the times ptr points to (see decodeSummaryIn).
	slots *[2]time.Time
}

func (r *sumReader) uv() uint64 {
	if r.p < len(r.b) && r.b[r.p] < 0x80 {
		r.p++
		return uint64(r.b[r.p-1])
	}
	return r.uvLong()
}

func (r *sumReader) uvLong() uint64 {
	if r.bad {
		return 0
	}
	v, n := uvarint(r.b[r.p:])
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.p += n
	return v
}

func (r *sumReader) str() string {
	u := r.uv()
	// Compared as uint64: a length of 2^63 or more would be negative as
	// an int and pass the check (a damaged record panicked here).
	if r.bad || u > uint64(len(r.b)-r.p) {
		r.bad = true
		return ""
	}
	v := r.all[r.p : r.p+int(u)]
	r.p += int(u)
	return v
}

func (r *sumReader) tm() time.Time {
	if r.bad {
		return time.Time{}
	}
	v, n := varint(r.b[r.p:])
	if n <= 0 {
		r.bad = true
		return time.Time{}
	}
	r.p += n
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func (r *sumReader) ptr(slot int) *time.Time {
	if r.bad || r.p >= len(r.b) {
		r.bad = true
		return nil
	}
	f := r.b[r.p]
	r.p++
	if f == 0 {
		return nil
	}
	if r.slots != nil {
		r.slots[slot] = r.tm()
		return &r.slots[slot]
	}
	t := r.tm() // on the heap: declared apart so the slots path allocates nothing
	return &t
}

// SizeHint is an upper bound on the number of cases, cheap to read: the
// highest case number given so far.
func (s *Store) SizeHint() int {
	n := 0
	_ = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCases); b != nil {
			n = int(b.Sequence())
		}
		return nil
	})
	return n
}
