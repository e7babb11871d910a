package reminders

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"syscall"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute},
		{6, 32 * time.Minute}, {7, time.Hour}, {50, time.Hour},
	}
	for _, tt := range tests {
		if got := DefaultBackoff(tt.attempt); got != tt.want {
			t.Errorf("DefaultBackoff(%d) = %s, want %s", tt.attempt, got, tt.want)
		}
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errors.New("bad config"), false},
		{"temporary send error", &SendError{Channel: "x", Temporary: true, Err: errors.New("x")}, true},
		{"permanent send error", &SendError{Channel: "x", Err: errors.New("x")}, false},
		{"wrapped send error", fmt.Errorf("tick: %w", &SendError{Channel: "x", Temporary: true, Err: errors.New("x")}), true},
		{"deadline", fmt.Errorf("post: %w", context.DeadlineExceeded), true},
		{"refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true},
		{"http 503", &statusError{Code: 503}, true},
		{"http 400", &statusError{Code: 400}, false},
		{"smtp 421", &textproto.Error{Code: 421, Msg: "busy"}, true},
		{"smtp 554", &textproto.Error{Code: 554, Msg: "rejected"}, false},
	}
	for _, tt := range tests {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("%s: Retryable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
