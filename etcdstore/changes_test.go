package etcdstore_test

import (
	"context"
	"testing"
	"time"
)

// Changes reports a write by another client under the prefix, not one
// under another prefix, and closes when its context ends.
func TestChanges(t *testing.T) {
	eps := cluster1(t)
	watcher, writer, other := open(t, eps, "/changes"), open(t, eps, "/changes"), open(t, eps, "/changes-other")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := watcher.Changes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Create(newCase("other.example", "")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
		t.Fatal("a write under another prefix was reported")
	case <-time.After(300 * time.Millisecond):
	}
	if err := writer.Create(newCase("contoso.example", "")); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-ch:
		if !ok {
			t.Fatal("the channel closed instead of reporting the write")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the write was not reported")
	}
	cancel()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the channel stayed open after its context ended")
		}
	}
}
