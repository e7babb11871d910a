package cases

import (
	"encoding/binary"
	"math/bits"
)

// uvarint is binary.Uvarint, with what it returns for every input, but it
// reads the common lengths eight bytes at a time instead of a byte at a
// time: a summary holds six times of nine bytes each, and decoding them
// was most of reading a summary.
func uvarint(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	if len(b) < 10 {
		return binary.Uvarint(b)
	}
	w := binary.LittleEndian.Uint64(b)
	if ends := ^w & 0x8080808080808080; ends != 0 {
		// The last byte is among the first eight: keep those bytes and
		// join their 7-bit groups.
		n := bits.TrailingZeros64(ends)/8 + 1
		return join7(w & (1<<(8*n) - 1)), n
	}
	// Nine or ten bytes; a tenth may only be 0 or 1 (binary.Uvarint).
	if c := b[8]; c < 0x80 {
		return join7(w) | uint64(c)<<56, 9
	}
	if c := b[9]; c <= 1 {
		return join7(w) | uint64(b[8]&0x7f)<<56 | uint64(c)<<63, 10
	}
	return binary.Uvarint(b)
}

// join7 joins the low seven bits of each byte of w, first byte lowest.
func join7(w uint64) uint64 {
	return w&0x7f | w>>1&(0x7f<<7) | w>>2&(0x7f<<14) | w>>3&(0x7f<<21) |
		w>>4&(0x7f<<28) | w>>5&(0x7f<<35) | w>>6&(0x7f<<42) | w>>7&(0x7f<<49)
}

// varint is binary.Varint by way of uvarint.
func varint(b []byte) (int64, int) {
	ux, n := uvarint(b)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x, n
}
