//go:build etcd

package main

import "github.com/mscase/mscase/etcdstore"

// The team binary, go build -tags etcd ./cmd/mscase, links the store on
// etcd. The default binary leaves it out: 17 MB, and about 2 ms of
// start-up for every command. etcd_test.go registers it in the tests.
func init() { registerShared("etcd", etcdOptions, etcdstore.OpenURL, etcdstore.CampaignURL) }

func etcdOptions(s sharedSettings, readOnly bool) etcdstore.Options {
	return etcdstore.Options{ReadOnly: readOnly, Timeout: s.Timeout, TLS: s.TLS, Username: s.Username, Password: s.Password}
}
