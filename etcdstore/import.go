package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mscase/mscase/cases"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Import writes cs after validating every record, with the rules of
// cases.Store.Import: a case keeps its number when that number is free; a
// TrackingID that already exists is refused unless replace is set. It is
// one etcd transaction, all or nothing, like every write. etcd bounds a
// transaction (--max-txn-ops, default 128 operations, about 40 cases;
// --max-request-bytes, default 1.5 MiB): an import the cluster will not
// take in one is refused whole, with cases.ErrTooBig, and nothing is
// written. Writing it in parts would leave half an import behind when the
// connection or the process dies between them.
func (s *Store) Import(cs []cases.Case, replace bool) (added, replaced int, err error) {
	if err := cases.CheckImport(cs); err != nil {
		return 0, 0, err
	}
	if len(cs) == 0 {
		return 0, 0, nil
	}
	// An import looks up every case before its one transaction (two round
	// trips a case): each request gets the store's timeout, not the whole
	// import, or thousands of cases ran out of time before the cluster
	// could say that the transaction is too big for it.
	err = s.retryWith(func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
		func(ctx context.Context) (bool, error) {
			var ok bool
			var err error
			added, replaced, ok, err = s.importAll(ctx, cs, replace)
			return ok, err
		})
	if err != nil {
		return 0, 0, err
	}
	return added, replaced, nil
}

// tooBig reports the cluster refusing a transaction for its size: too
// many operations, too many bytes for the server, or for the client's
// own send limit. etcd refuses it whole.
func tooBig(err error) bool {
	if errors.Is(err, rpctypes.ErrTooManyOps) || errors.Is(err, rpctypes.ErrRequestTooLarge) {
		return true
	}
	if st, ok := status.FromError(err); ok && st.Code() == codes.ResourceExhausted {
		return true
	}
	m := err.Error()
	return strings.Contains(m, "too many operations in txn request") || strings.Contains(m, "request is too large")
}

// importAll writes every case of cs in one transaction.
func (s *Store) importAll(ctx context.Context, cs []cases.Case, replace bool) (added, replaced int, ok bool, err error) {
	// call is the context of one request: the store's timeout from now.
	call := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, s.timeout) }
	cctx, cancel := call()
	seq, seqRev, err := s.seq(cctx)
	cancel()
	if err != nil {
		return 0, 0, false, err
	}
	cmps := []clientv3.Cmp{clientv3.Compare(clientv3.ModRevision(s.seqKey()), "=", seqRev)}
	var ops []clientv3.Op
	size := 0
	taken := map[uint64]bool{} // numbers given in this batch
	trackNum := map[string]uint64{}
	exists := func(num uint64) (bool, error) {
		if taken[num] {
			return true, nil
		}
		cctx, cancel := call()
		defer cancel()
		r, err := s.cli.Get(cctx, s.caseKey(num), clientv3.WithCountOnly())
		if err != nil {
			return false, err
		}
		return r.Count > 0, nil
	}
	compared := map[string]bool{}
	cmpKey := func(k string, rev int64) {
		if !compared[k] {
			compared[k] = true
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(k), "=", rev))
		}
	}
	for i := range cs {
		c := cs[i]
		c.Contacts = append([]cases.Contact(nil), c.Contacts...)
		var same *cases.Case
		if c.TrackingID != "" {
			if num, ok := trackNum[c.TrackingID]; ok {
				return 0, 0, false, fmt.Errorf("tracking ID %s twice in one import (case %d)", c.TrackingID, num)
			}
			cctx, cancel := call()
			r, err := s.cli.Get(cctx, s.trackKey(c.TrackingID))
			cancel()
			if err != nil {
				return 0, 0, false, err
			}
			cmpKey(s.trackKey(c.TrackingID), modRev(r))
			if len(r.Kvs) > 0 {
				num, _ := strconv.ParseUint(string(r.Kvs[0].Value), 10, 64)
				cctx, cancel := call()
				prev, rev, err := s.getCase(cctx, c.TrackingID, num)
				cancel()
				if err != nil {
					return 0, 0, false, err
				}
				cmpKey(s.caseKey(num), rev)
				same = prev
			}
		} else if c.Number > 0 && c.Number <= cases.MaxNumber && !taken[c.Number] {
			cctx, cancel := call()
			prev, rev, err := s.getCase(cctx, "", c.Number)
			cancel()
			if err == nil && prev.TrackingID == "" && prev.Created.Equal(c.Created) {
				cmpKey(s.caseKey(c.Number), rev)
				same = prev
			}
		}
		oldTracking := ""
		a, rp := 0, 0
		if same != nil {
			if !replace {
				return 0, 0, false, &cases.ImportError{Index: i + 1, Number: cs[i].Number, Err: &cases.DuplicateError{TrackingID: c.TrackingID, Number: same.Number}}
			}
			c.Number, oldTracking = same.Number, same.TrackingID
			rp = 1
		} else {
			free := c.Number > 0 && c.Number <= cases.MaxNumber
			if free {
				e, err := exists(c.Number)
				if err != nil {
					return 0, 0, false, err
				}
				free = !e
			}
			if !free {
				num := seq
				for {
					num++
					if num > cases.MaxNumber {
						return 0, 0, false, fmt.Errorf("the database has used every case number up to %d", cases.MaxNumber)
					}
					e, err := exists(num)
					if err != nil {
						return 0, 0, false, err
					}
					if !e {
						break
					}
				}
				c.Number = num
			}
			cmpKey(s.caseKey(c.Number), 0)
			a = 1
		}
		cops, sz, err := s.putOps(&c, oldTracking)
		if err != nil {
			return 0, 0, false, &cases.ImportError{Index: i + 1, Number: cs[i].Number, Err: err}
		}
		taken[c.Number] = true
		if c.TrackingID != "" {
			trackNum[c.TrackingID] = c.Number
		}
		ops = append(ops, cops...)
		size += sz
		seq = max(seq, c.Number)
		added, replaced = added+a, replaced+rp
	}
	ops = append(ops, clientv3.OpPut(s.seqKey(), strconv.FormatUint(seq, 10)))
	cctx, cancel = call()
	defer cancel()
	ok, err = s.txn(cctx, cmps, ops)
	if err != nil && tooBig(err) {
		return 0, 0, false, fmt.Errorf("%w: %d cases are %d writes, %d comparisons and %d bytes in one etcd transaction, more than this cluster takes (etcd's defaults: 128 operations, 1.5 MiB); nothing was imported",
			cases.ErrTooBig, len(cs), len(ops), len(cmps)+len(s.guard), size)
	}
	return added, replaced, ok, err
}

func modRev(r *clientv3.GetResponse) int64 {
	if len(r.Kvs) == 0 {
		return 0
	}
	return r.Kvs[0].ModRevision
}
