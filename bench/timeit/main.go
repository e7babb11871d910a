// Command timeit times commands for the scripts under bench/. Given one
// command it runs it several times and prints the minimum and median wall
// time. Given two, separated by "::", it runs them alternately (A B A B …,
// so that load from other processes on a shared machine falls on both
// alike) and prints each one's median and the median of the per-pair
// ratios B/A, the figure to compare. Timing from Go avoids the fork cost
// of shell timers, which is as large as the quickest commands measured.
//
// Output is read through a pipe and discarded (-out pipe, the default) or
// goes to /dev/null (-out null). -rss adds each command's median peak
// resident memory, where the system reports it.
//
// Usage:
//
//	timeit [-n RUNS] [-out pipe|null] [-rss] [-label TEXT] CMD [ARGS...]
//	timeit [-n RUNS] [-out pipe|null] [-rss] -label A -label-b B CMD-A [ARGS...] :: CMD-B [ARGS...]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 30, "runs (pairs, with two commands)")
	label := flag.String("label", "", "label of the (first) command")
	labelB := flag.String("label-b", "", "label of the second command")
	out := flag.String("out", "pipe", "where output goes: pipe (read and discarded) or null (/dev/null)")
	rss := flag.Bool("rss", false, "report the median peak resident memory too")
	flag.Parse()
	args := flag.Args()
	var cmds [][]string
	if i := slices.Index(args, "::"); i >= 0 {
		cmds = [][]string{args[:i], args[i+1:]}
	} else {
		cmds = [][]string{args}
	}
	for _, c := range cmds {
		if len(c) == 0 {
			fmt.Fprintln(os.Stderr, "usage: timeit [-n RUNS] [-out pipe|null] [-rss] [-label A] [-label-b B] CMD [ARGS...] [:: CMD [ARGS...]]")
			os.Exit(2)
		}
	}
	if *out != "pipe" && *out != "null" {
		fmt.Fprintln(os.Stderr, "timeit: -out: expected pipe or null")
		os.Exit(2)
	}
	labels := []string{*label, *labelB}
	for i := range cmds {
		if labels[i] == "" {
			labels[i] = strings.Join(cmds[i], " ")
		}
	}
	runOnce := func(argv []string) (time.Duration, int64) {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stderr = os.Stderr
		if *out == "null" {
			f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
			if err != nil {
				fmt.Fprintf(os.Stderr, "timeit: %v\n", err)
				os.Exit(1)
			}
			defer f.Close()
			cmd.Stdout = f
		} else {
			cmd.Stdout = io.Discard // through a pipe, read to the end
		}
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "timeit: %s: %v\n", argv[0], err)
			os.Exit(1)
		}
		return time.Since(start), maxRSS(cmd.ProcessState)
	}
	for _, c := range cmds {
		runOnce(c) // warm the page cache
	}
	ds := make([][]time.Duration, len(cmds))
	mem := make([][]int64, len(cmds))
	var ratios []float64
	for i := 0; i < *n; i++ {
		var pair [2]time.Duration
		for j, c := range cmds {
			d, m := runOnce(c)
			ds[j] = append(ds[j], d)
			mem[j] = append(mem[j], m)
			pair[j] = d
		}
		if len(cmds) == 2 {
			ratios = append(ratios, float64(pair[1])/float64(pair[0]))
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for j := range cmds {
		sorted := slices.Clone(ds[j])
		slices.Sort(sorted)
		line := fmt.Sprintf("%-34s min %8.2f ms  median %8.2f ms", labels[j], ms(sorted[0]), ms(median(sorted)))
		if *rss {
			m := slices.Clone(mem[j])
			slices.Sort(m)
			if m[len(m)/2] > 0 {
				line += fmt.Sprintf("  peak RSS %5.1f MB", float64(median(m))/(1<<20))
			}
		}
		fmt.Printf("%s  (%d runs)\n", line, len(sorted))
	}
	if len(ratios) > 0 {
		slices.Sort(ratios)
		r := median(ratios)
		fmt.Printf("%-34s median of per-pair ratios B/A: %.2f (A is %.2fx faster than B)\n", labels[0]+" vs "+labels[1], r, r)
	}
}

// median of a sorted slice: the middle value, or the mean of the two
// middle values.
func median[T int64 | float64 | time.Duration](s []T) T {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
