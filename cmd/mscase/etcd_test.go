//go:build !etcd

package main

import "github.com/mscase/mscase/etcdstore"

// The tests run the commands on etcd too, without the build tag: this is
// store_etcd.go's registration.
func init() {
	sharedBackends["etcd"] = func(s sharedSettings, readOnly bool) (store, error) {
		st, err := etcdstore.OpenURL(s.URL, etcdstore.Options{ReadOnly: readOnly, Timeout: s.Timeout,
			TLS: s.TLS, Username: s.Username, Password: s.Password})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
}
