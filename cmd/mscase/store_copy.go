package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/prepare"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() {
	addCommand("", newStoreCmd)
	addCommand("store", newStoreCopyCmd)
}

func newStoreCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "store",
		Short: "Move cases between the local database and a team store on etcd",
		Long: `Team mode keeps the cases in an etcd cluster (--store, MSCASE_STORE or the
configuration's store); "store copy" moves them there from the local database,
or back.`,
		Example: `  mscase store copy --from ~/.local/share/mscase/mscase.db --to etcd://10.0.0.5:2379/team`,
		Args:    cobra.NoArgs,
	}
}

type storeCopyOptions struct{ from, to string }

func newStoreCopyCmd(a *app) *cobra.Command {
	opts := &storeCopyOptions{}
	c := &cobra.Command{
		Use:   "copy --from PATH_OR_URL --to PATH_OR_URL",
		Short: "Copy every case, the tenant profile and the sent-log from one store to another",
		Long: `Copy every case (with its number, log and history), the tenant profile and
the reminders' sent-log from one store to another: a bbolt file (a path) or
a team store on etcd (etcd://host:2379,host2:2379/prefix). A case whose
TrackingID the target already has is refused and nothing of the cases is
written. An export of the target afterwards is the same file as an export
of the source.`,
		Example: `  mscase store copy --from ~/.local/share/mscase/mscase.db --to etcd://10.0.0.5:2379/team
  mscase store copy --from etcd://10.0.0.5:2379/team --to backup.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.from == "" || opts.to == "" {
				return usageT("refuse.store_copy_needs")
			}
			if opts.from == opts.to {
				return usageT("refuse.store_copy_same", "Store", opts.from)
			}
			return runStoreCopy(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.from, "from", "", "the store to copy from: a database `path` or etcd:// URL")
	c.Flags().StringVar(&opts.to, "to", "", "the store to copy to: a database `path` or etcd:// URL")
	return c
}

// openAt opens the store at a path or URL, with the team settings of the
// configuration (TLS, user) for a URL.
func (a *app) openAt(where string, readOnly bool) (store, error) {
	if strings.Contains(where, "://") {
		b := *a
		b.storeURL, b.teamRead, b.dbFlag = where, false, false
		s, err := b.sharedStore()
		if err != nil {
			return nil, err
		}
		return openShared(s, readOnly)
	}
	s, err := cases.Open(where, cases.Options{ReadOnly: readOnly, Timeout: a.dbTimeout})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	return s, nil
}

func runStoreCopy(_ context.Context, a *app, opts *storeCopyOptions) error {
	if !strings.Contains(opts.from, "://") {
		if _, err := os.Stat(opts.from); errors.Is(err, fs.ErrNotExist) {
			// Bad input, found before anything is opened: nothing written.
			return usageT("store.no_source", "From", safetext.Quote(opts.from))
		}
	}
	from, err := a.openAt(opts.from, true)
	if err != nil {
		return err
	}
	defer from.Close()
	all, err := from.All()
	if err != nil {
		return fmt.Errorf("read %s: %w", opts.from, err)
	}
	if err := cases.CheckImport(all); err != nil {
		return err
	}
	// What sits beside the cases, read before anything is written.
	side := map[string][][2][]byte{}
	names := []string{prepare.BucketProfile, reminders.BucketSent, reminders.BucketLast}
	if err := from.ViewBuckets(func(tx cases.Tx) error {
		for _, n := range names {
			if b := tx.Bucket(n); b != nil {
				if err := b.ForEach(func(k, v []byte) error {
					side[n] = append(side[n], [2][]byte{append([]byte(nil), k...), append([]byte(nil), v...)})
					return nil
				}); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("read %s: %w", opts.from, err)
	}
	to, err := a.openAt(opts.to, false)
	if err != nil {
		return err
	}
	defer to.Close()
	a.writers = append(a.writers, to)
	added, _, err := to.Import(all, false)
	if err != nil {
		return fmt.Errorf("copy to %s: %w", opts.to, err)
	}
	records := 0
	for _, n := range names {
		kvs := side[n]
		// In parts: an etcd transaction takes about a hundred changes.
		for len(kvs) > 0 {
			part := kvs[:min(len(kvs), 100)]
			kvs = kvs[len(part):]
			if err := to.UpdateBuckets(func(tx cases.Tx) error {
				b, err := tx.CreateBucketIfNotExists(n)
				if err != nil {
					return err
				}
				for _, kv := range part {
					if err := b.Put(kv[0], kv[1]); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return fmt.Errorf("copy %s to %s: %w", n, opts.to, err)
			}
			records += len(part)
		}
	}
	a.say("ok.copied", "Cases", added, "Records", records, "From", opts.from, "To", opts.to)
	return nil
}
