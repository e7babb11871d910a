// Command timeit runs a command several times with its output discarded and
// prints the minimum and median wall time, for the scripts under bench/.
// Timing from Go avoids the fork cost of shell timers, which is as large as
// the quickest commands measured here.
//
// Usage: timeit [-n RUNS] [-label TEXT] CMD [ARGS...]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"time"
)

func main() {
	n := flag.Int("n", 30, "runs")
	label := flag.String("label", "", "label for the result line")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: timeit [-n RUNS] [-label TEXT] CMD [ARGS...]")
		os.Exit(2)
	}
	if *label == "" {
		*label = fmt.Sprint(args)
	}
	runOnce := func() time.Duration {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "timeit: %v\n", err)
			os.Exit(1)
		}
		return time.Since(start)
	}
	runOnce() // warm the page cache
	ds := make([]time.Duration, *n)
	for i := range ds {
		ds[i] = runOnce()
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Printf("%-30s min %7.2f ms  median %7.2f ms  (%d runs)\n", *label, ms(ds[0]), ms(ds[len(ds)/2]), len(ds))
}
