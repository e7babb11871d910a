package cases

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// varintSeeds are the values at every length boundary and the malformed
// endings binary.Uvarint refuses.
func varintSeeds() [][]byte {
	var out [][]byte
	for _, v := range []uint64{0, 1, 127, 128, 1<<14 - 1, 1 << 14, 1<<21 - 1, 1 << 28, 1<<35 + 5, 1 << 42, 1<<49 - 1,
		1 << 56, 1<<56 - 1, 1 << 63, math.MaxUint64, 3_574_000_000_000_000_000} {
		b := binary.AppendUvarint(nil, v)
		out = append(out, b, append(b, 0xff, 0x80, 1, 2, 3, 4, 5, 6, 7, 8))
	}
	for _, b := range [][]byte{
		{}, {0x80}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 9},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0},
	} {
		out = append(out, b)
	}
	return out
}

func checkVarint(t *testing.T, b []byte) {
	t.Helper()
	if v, n := uvarint(b); true {
		wv, wn := binary.Uvarint(b)
		if v != wv || n != wn {
			t.Fatalf("uvarint(% x) = %d, %d; binary.Uvarint: %d, %d", b, v, n, wv, wn)
		}
	}
	v, n := varint(b)
	wv, wn := binary.Varint(b)
	if v != wv || n != wn {
		t.Fatalf("varint(% x) = %d, %d; binary.Varint: %d, %d", b, v, n, wv, wn)
	}
}

// TestVarint: uvarint and varint answer what encoding/binary answers, at
// every length and for malformed input.
func TestVarint(t *testing.T) {
	for _, b := range varintSeeds() {
		for i := 0; i <= len(b); i++ {
			checkVarint(t, b[:i])
		}
	}
	for v := int64(-70000); v <= 70000; v += 7 {
		checkVarint(t, binary.AppendVarint(nil, v*1e13))
		checkVarint(t, append(binary.AppendVarint(nil, v), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80))
	}
}

// FuzzVarint holds the fast decoders to encoding/binary on any bytes.
func FuzzVarint(f *testing.F) {
	for _, b := range varintSeeds() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkVarint(t, b) })
}

// FuzzDecodeSummary: a summary record, which a damaged or hand-edited
// database can hold anything in, never panics the decoder, and decoding in
// place and with copies agree.
func FuzzDecodeSummary(f *testing.F) {
	c := newCase("2611000000001234")
	c.Customer, c.Region = "Contoso", "NSW"
	snooze := t0.Add(48 * time.Hour)
	c.SnoozedUntil = &snooze
	sum := c.Summarize()
	promise := t0.Add(24 * time.Hour)
	sum.Promise = &promise
	good := encodeSummary(&sum)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{4, 0x80})
	f.Add([]byte{9})
	f.Fuzz(func(t *testing.T, b []byte) {
		var a, c Summary
		var slots [2]time.Time
		errA := decodeSummaryIn(b, &a, true, &slots)
		errC := decodeSummary(b, &c, false)
		if (errA == nil) != (errC == nil) {
			t.Fatalf("in place: %v; copied: %v", errA, errC)
		}
		same := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
		if errA == nil && (a.Number != c.Number || a.Title != c.Title || a.Customer != c.Customer || !a.StageSince.Equal(c.StageSince) ||
			!same(a.Promise, c.Promise) || !same(a.SnoozedUntil, c.SnoozedUntil)) {
			t.Fatalf("in place and copied differ: %+v, %+v", a, c)
		}
	})
}
