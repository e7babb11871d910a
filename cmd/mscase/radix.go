package main

// radixOrder returns the indices of keys in the order of their values,
// equal values keeping their order (a stable sort): a least-significant
// digit radix sort, a byte per pass, skipping the bytes every key shares.
// Sorting 10,000 list rows by comparison was a sixth of a piped
// `cases list`; this is a few passes over the keys.
func radixOrder(keys []uint64) []uint32 {
	n := len(keys)
	type item struct {
		k uint64
		i uint32
	}
	a, b := make([]item, n), make([]item, n)
	for i, k := range keys {
		a[i] = item{k, uint32(i)}
	}
	for shift := uint(0); shift < 64; shift += 8 {
		var count [256]int
		for _, it := range a {
			count[byte(it.k>>shift)]++
		}
		if n == 0 || count[byte(a[0].k>>shift)] == n {
			continue // every key has this byte: the order stands
		}
		pos := 0
		for d := range count {
			pos, count[d] = pos+count[d], pos
		}
		for _, it := range a {
			d := byte(it.k >> shift)
			b[count[d]] = it
			count[d]++
		}
		a, b = b, a
	}
	order := make([]uint32, n)
	for i, it := range a {
		order[i] = it.i
	}
	return order
}
