//go:build !etcd

package main

import "github.com/mscase/mscase/etcdstore"

// The tests run the commands on etcd too, without the build tag: this is
// store_etcd.go's registration.
func init() { registerShared("etcd", etcdOptions, etcdstore.OpenURL, etcdstore.CampaignURL) }

func etcdOptions(s sharedSettings, readOnly bool) etcdstore.Options {
	return etcdstore.Options{ReadOnly: readOnly, Timeout: s.Timeout, TLS: s.TLS, Username: s.Username, Password: s.Password}
}
