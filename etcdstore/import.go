package etcdstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mscase/mscase/cases"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Import writes cs after validating every record, with the rules of
// cases.Store.Import: a case keeps its number when that number is free; a
// TrackingID that already exists is refused unless replace is set. It is
// one transaction when it fits etcd's limits (about 30 cases or 1 MiB);
// a bigger import goes in several, each comparing what it read, and an
// error says how many cases were written before it.
func (s *Store) Import(cs []cases.Case, replace bool) (added, replaced int, err error) {
	if err := cases.CheckImport(cs); err != nil {
		return 0, 0, err
	}
	if len(cs) == 0 {
		return 0, 0, nil
	}
	done := 0
	for done < len(cs) {
		var a, r, n int
		err := s.retry(func(ctx context.Context) (bool, error) {
			var ok bool
			var err error
			a, r, n, ok, err = s.importBatch(ctx, cs, done, replace)
			return ok, err
		})
		if err != nil {
			if done > 0 {
				return added, replaced, fmt.Errorf("import stopped after %d of %d cases (those are stored): %w", done, len(cs), err)
			}
			return 0, 0, err
		}
		added, replaced, done = added+a, replaced+r, done+n
	}
	return added, replaced, nil
}

// importBatch writes as many of cs[from:] as fit in one transaction.
func (s *Store) importBatch(ctx context.Context, cs []cases.Case, from int, replace bool) (added, replaced, n int, ok bool, err error) {
	seq, seqRev, err := s.seq(ctx)
	if err != nil {
		return 0, 0, 0, false, err
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
		r, err := s.cli.Get(ctx, s.caseKey(num), clientv3.WithCountOnly())
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
	for i := from; i < len(cs); i++ {
		c := cs[i]
		c.Contacts = append([]cases.Contact(nil), c.Contacts...)
		var same *cases.Case
		if c.TrackingID != "" {
			if num, ok := trackNum[c.TrackingID]; ok {
				return 0, 0, 0, false, fmt.Errorf("tracking ID %s twice in one import (case %d)", c.TrackingID, num)
			}
			r, err := s.cli.Get(ctx, s.trackKey(c.TrackingID))
			if err != nil {
				return 0, 0, 0, false, err
			}
			cmpKey(s.trackKey(c.TrackingID), modRev(r))
			if len(r.Kvs) > 0 {
				num, _ := strconv.ParseUint(string(r.Kvs[0].Value), 10, 64)
				prev, rev, err := s.getCase(ctx, c.TrackingID, num)
				if err != nil {
					return 0, 0, 0, false, err
				}
				cmpKey(s.caseKey(num), rev)
				same = prev
			}
		} else if c.Number > 0 && c.Number <= cases.MaxNumber && !taken[c.Number] {
			prev, rev, err := s.getCase(ctx, "", c.Number)
			if err == nil && prev.TrackingID == "" && prev.Created.Equal(c.Created) {
				cmpKey(s.caseKey(c.Number), rev)
				same = prev
			}
		}
		oldTracking := ""
		a, rp := 0, 0
		if same != nil {
			if !replace {
				return 0, 0, 0, false, &cases.ImportError{Index: i + 1, Number: cs[i].Number, Err: &cases.DuplicateError{TrackingID: c.TrackingID, Number: same.Number}}
			}
			c.Number, oldTracking = same.Number, same.TrackingID
			rp = 1
		} else {
			free := c.Number > 0 && c.Number <= cases.MaxNumber
			if free {
				e, err := exists(c.Number)
				if err != nil {
					return 0, 0, 0, false, err
				}
				free = !e
			}
			if !free {
				num := seq
				for {
					num++
					if num > cases.MaxNumber {
						return 0, 0, 0, false, fmt.Errorf("the database has used every case number up to %d", cases.MaxNumber)
					}
					e, err := exists(num)
					if err != nil {
						return 0, 0, 0, false, err
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
			return 0, 0, 0, false, &cases.ImportError{Index: i + 1, Number: cs[i].Number, Err: err}
		}
		if n > 0 && (len(ops)+len(cops)+1 > maxOps || len(cmps)+2 > maxOps || size+sz > maxBytes) {
			break
		}
		taken[c.Number] = true
		if c.TrackingID != "" {
			trackNum[c.TrackingID] = c.Number
		}
		ops = append(ops, cops...)
		size += sz
		seq = max(seq, c.Number)
		added, replaced, n = added+a, replaced+rp, n+1
	}
	ops = append(ops, clientv3.OpPut(s.seqKey(), strconv.FormatUint(seq, 10)))
	ok, err = s.txn(ctx, cmps, ops)
	if err != nil && strings.Contains(err.Error(), "too many operations") {
		err = fmt.Errorf("import: %w (the cluster's --max-txn-ops is below %d)", err, maxOps)
	}
	return added, replaced, n, ok, err
}

func modRev(r *clientv3.GetResponse) int64 {
	if len(r.Kvs) == 0 {
		return 0
	}
	return r.Kvs[0].ModRevision
}
