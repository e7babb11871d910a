package cases

import (
	"testing"
	"time"
)

// BenchmarkDecodeSummary: one summary of a case with a promised callback,
// decoded in place as the list reads it.
func BenchmarkDecodeSummary(b *testing.B) {
	c := newCase("2611000000001234")
	p := t0.Add(24 * time.Hour)
	if err := c.AddContact(Contact{At: t0.Add(time.Hour), Channel: ChannelPhone, Direction: DirOut, Summary: "called", CallbackBy: &p}, t0.Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	sum := c.Summarize()
	v := encodeSummary(&sum)
	var got Summary
	b.ReportAllocs()
	for b.Loop() {
		if err := decodeSummary(v, &got, true); err != nil {
			b.Fatal(err)
		}
	}
}
