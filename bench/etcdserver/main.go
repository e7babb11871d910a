// Command etcdserver runs a single-node etcd on a free loopback port for
// the team-mode benchmark, prints its store URL, and stops on SIGINT or
// SIGTERM.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/mscase/mscase/etcdstore/etcdtest"
)

func main() {
	c := etcdtest.StartShared(1)
	fmt.Println(c.URL("bench"))
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	c.Stop()
}
