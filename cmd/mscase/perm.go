package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// tightenPerms makes an existing file that others can read or write private
// (0600), and its folder 0700 when that folder is mscase's own (ownDir), and
// says so in one warning line. The database holds the case and the config
// may hold secrets; an older mscase, a copy or a restore from backup may
// have left them open. Windows has no Unix permission bits: nothing to do.
// A file that does not exist, or cannot be changed, is left as it is (the
// warning says so).
func (a *app) tightenPerms(what, path, ownDir string) {
	if runtime.GOOS == "windows" || path == "" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return
	}
	var done, failed []string
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			failed = append(failed, a.p.T("warn.perm_failed", "From", fmt.Sprintf("%04o", m), "Err", err))
		} else {
			done = append(done, a.p.T("warn.perm_changed", "From", fmt.Sprintf("%04o", m)))
		}
	}
	dir := filepath.Dir(path)
	if ownDir != "" && sameDir(dir, ownDir) {
		if di, err := os.Stat(dir); err == nil && di.IsDir() && di.Mode().Perm()&0o077 != 0 {
			m := di.Mode().Perm()
			if err := os.Chmod(dir, 0o700); err != nil {
				failed = append(failed, a.p.T("warn.dir_failed", "From", fmt.Sprintf("%04o", m), "Err", err))
			} else {
				done = append(done, a.p.T("warn.dir_changed", "From", fmt.Sprintf("%04o", m)))
			}
		}
	}
	if len(done)+len(failed) == 0 {
		return
	}
	fmt.Fprintf(a.errOut, "mscase: warning: %s\n", a.p.T("warn.perms", "What", a.p.T("warn.what_"+what), "Path", path, "Done", strings.Join(append(done, failed...), a.p.T("word.semi"))))
}

// sameDir reports whether two folder paths name the same folder.
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ai, bi)
}
