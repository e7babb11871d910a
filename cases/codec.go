package cases

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrConflict is a write that kept meeting another process's writes to
// the same records (a shared store): nothing was written.
var ErrConflict = errors.New("changed by someone else: try again")

// Encode returns a case's stored record and its summary, as every store
// writes them: the same bytes on bbolt and on etcd, so an export from
// either is the same file.
func Encode(c *Case) (record, summary []byte, err error) {
	if c.Contacts == nil {
		c.Contacts = []Contact{}
	}
	if c.History == nil {
		c.History = []StageChange{}
	}
	record, err = json.Marshal(c)
	if err != nil {
		return nil, nil, err
	}
	sum := c.Summarize()
	return record, encodeSummary(&sum), nil
}

// Decode reads a case record that Encode wrote.
func Decode(record []byte) (*Case, error) {
	var c Case
	if err := json.Unmarshal(record, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// DecodeSummary reads a summary that Encode wrote into s, copying its text.
func DecodeSummary(b []byte, s *Summary) error { return decodeSummary(b, s, false) }

// ParseRef reads REF: a case number (n > 0) or a TrackingID (id != "").
// notFound is the error for a TrackingID no case has.
func ParseRef(ref string) (n uint64, id string, err error) {
	r := strings.TrimSpace(ref)
	if n, err := strconv.ParseUint(r, 10, 64); err == nil && len(r) < 7 && n > 0 {
		return n, "", nil
	}
	id, err = ParseTrackingID(r)
	if err != nil {
		return 0, "", &InputError{Field: "case", Value: ref, Want: "expected a case number like 3 or a TrackingID like 2411250040001234", Code: CodeCaseRef}
	}
	return 0, id, nil
}

// NotFound is the error for REF when no case has it.
func NotFound(ref string, n uint64, id string) error {
	if n > 0 {
		return fmt.Errorf("case %d: %w", n, ErrNotFound)
	}
	r := strings.TrimSpace(ref)
	if len(r) >= 7 && strings.Trim(r, "0123456789") == "" && len(r) < 10 {
		return fmt.Errorf("case with tracking ID %s: %w (case numbers have at most 6 digits)", id, ErrNotFound)
	}
	return fmt.Errorf("case with tracking ID %s: %w", id, ErrNotFound)
}
