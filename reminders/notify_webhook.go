package reminders

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The webhook formats.
const (
	FormatSlack   = "slack"   // Slack incoming webhook: {"text": ...}
	FormatDiscord = "discord" // Discord webhook: {"content": ...}
	FormatTeams   = "teams"   // Teams via a Power Automate workflow: an Adaptive Card message
	FormatNtfy    = "ntfy"    // ntfy topic URL: plain text body, Title/Priority/Tags headers
	FormatJSON    = "json"    // the Nudge itself as JSON
)

// webhookFormats lists the formats in the order help texts show them.
var webhookFormats = []string{FormatSlack, FormatDiscord, FormatTeams, FormatNtfy, FormatJSON}

// webhookNotifier posts each nudge to a URL in one of the webhook formats.
// Delivery means a 2xx answer from that URL itself: redirects are never
// followed, so neither the nudge nor the secret URL goes to another host.
type webhookNotifier struct {
	name    string
	format  string
	url     string // secret
	token   string // secret: sent as a bearer token when set
	timeout time.Duration
	client  *http.Client
	redact  redactor
	texts   texts
	// sleep waits d or until ctx is done, before a retry the server asked
	// for with Retry-After; tests replace it so that nothing waits.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ Notifier = (*webhookNotifier)(nil)

// Waits the server may ask for with Retry-After (or Discord's JSON
// retry_after).
const (
	// maxInlineWait is the longest wait Notify sits through before trying
	// once more; a longer one is left to a later tick (see SendError.RetryAfter).
	maxInlineWait = 20 * time.Second
	// maxRetryAfter caps what a server can ask for: a nudge about a
	// stalled case must not wait a day because a server said so.
	maxRetryAfter = time.Hour
)

func newWebhook(name, format, rawURL string, timeout time.Duration) *webhookNotifier {
	return &webhookNotifier{
		name:    name,
		format:  format,
		url:     rawURL,
		timeout: timeout,
		// The context carries the timeout. No redirect is followed: a
		// 3xx is an answer, and a failure (see redirectError).
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
		redact: newRedactor(rawURL),
		sleep:  sleepCtx,
	}
}

// sleepCtx waits d, or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Notify posts n. When the server answers 429 or 503 with a short
// Retry-After and the caller's deadline leaves room, it waits that long and
// tries once more; otherwise the error carries the wait for the scheduler.
func (w *webhookNotifier) Notify(ctx context.Context, n Nudge) error {
	body, ctype, headers, err := webhookPayloadText(w.format, n, w.texts.of(n))
	if err != nil {
		return &SendError{Channel: w.name, Err: err}
	}
	err = w.post(ctx, body, ctype, headers)
	var se *SendError
	if err == nil || !errors.As(err, &se) || se.RetryAfter <= 0 || !w.roomToWait(ctx, se.RetryAfter) {
		return err
	}
	if w.sleep(ctx, se.RetryAfter) != nil {
		return err
	}
	return w.post(ctx, body, ctype, headers)
}

// roomToWait says whether waiting d still leaves the caller's deadline room
// for one more post.
func (w *webhookNotifier) roomToWait(ctx context.Context, d time.Duration) bool {
	if d > maxInlineWait {
		return false
	}
	dl, ok := ctx.Deadline()
	if !ok {
		return true
	}
	return time.Until(dl) >= d+min(w.timeout, 5*time.Second)
}

// post sends one request and classifies its answer.
func (w *webhookNotifier) post(ctx context.Context, body []byte, ctype string, headers map[string]string) error {
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return &SendError{Channel: w.name, Err: w.redact.redact(err)}
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("User-Agent", "mscase-reminders")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if w.token != "" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		tmp := temporary(err)
		if timedOut(ctx, err) {
			err = fmt.Errorf("post to %s: %w after %s", MaskSecret(w.url), errTimeout, w.timeout)
			tmp = true
		}
		return &SendError{Channel: w.name, Temporary: tmp, Err: w.redact.redact(err)}
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code >= 300 && code < 400:
		re := &redirectError{URL: MaskSecret(w.url), Status: resp.Status,
			To: redirectHost(req.URL, resp.Header.Get("Location"))}
		return &SendError{Channel: w.name, Err: w.redact.redact(re)}
	}
	snippet := answer[:min(len(answer), 300)]
	st := &statusError{URL: MaskSecret(w.url), Code: code, Status: resp.Status,
		Body: strings.TrimSpace(strings.ToValidUTF8(string(snippet), ""))}
	se := &SendError{Channel: w.name, Temporary: temporary(st), Err: w.redact.redact(st)}
	if se.Temporary {
		se.RetryAfter = retryAfter(resp.Header, answer)
	}
	return se
}

// redirectError is a webhook that answered with a redirect. It names only
// the host the redirect points to: the path may hold the secret.
type redirectError struct {
	URL    string // masked
	Status string
	To     string // the new location's host, "" when there is none or it is not a host name
}

func (e *redirectError) Error() string {
	to := "with no usable new address"
	if e.To != "" {
		to = "to " + e.To
	}
	return "post to " + e.URL + ": server answered " + e.Status + ", a redirect " + to +
		": redirects are not followed; update the channel's URL to the webhook's current address"
}

// redirectHost is the host a Location header points to, resolved against
// the request's URL, or "" when it names none fit to print: the header is
// outside text, so anything but a plain host name is left out.
func redirectHost(base *url.URL, loc string) string {
	if loc == "" {
		return ""
	}
	u, err := base.Parse(loc)
	if err != nil {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	if h == "" || len(h) > 253 {
		return ""
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			return ""
		}
	}
	if u.Port() != "" {
		return net.JoinHostPort(h, u.Port())
	}
	return h
}

// retryAfter is how long the server asked to wait before the next try:
// the Retry-After header (seconds, or an HTTP date read against the
// answer's own Date header) or Discord's JSON "retry_after" (seconds,
// fractional), whichever is longer, capped at maxRetryAfter. 0 means the
// server did not say.
func retryAfter(h http.Header, body []byte) time.Duration {
	var d time.Duration
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil {
			d = seconds(secs)
		} else if at, err := http.ParseTime(v); err == nil {
			if date, err := http.ParseTime(h.Get("Date")); err == nil {
				d = max(at.Sub(date), 0)
			}
		}
	}
	var discord struct {
		RetryAfter *float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &discord) == nil && discord.RetryAfter != nil {
		d = max(d, seconds(*discord.RetryAfter))
	}
	return min(d, maxRetryAfter)
}

// seconds converts a wait in seconds from a server, refusing what no
// server means (negative, not a number, absurdly large).
func seconds(s float64) time.Duration {
	if !(s > 0) || s > maxRetryAfter.Seconds() {
		if s > 0 {
			return maxRetryAfter
		}
		return 0
	}
	return time.Duration(math.Ceil(s*1000)) * time.Millisecond
}

// statusError is a webhook that answered with a status other than 2xx.
type statusError struct {
	URL    string // masked
	Code   int
	Status string
	Body   string // the start of the answer, which often says what is wrong
}

func (e *statusError) Error() string {
	s := "post to " + e.URL + ": server answered " + e.Status
	if e.Body != "" {
		s += ": " + strings.Join(strings.Fields(e.Body), " ")
	}
	return s
}

// webhookPayload builds the request body, content type and extra headers
// for one format.
func webhookPayload(format string, n Nudge) (body []byte, ctype string, headers map[string]string, err error) {
	return webhookPayloadText(format, n, texts{}.of(n))
}

// webhookPayloadText is webhookPayload with the nudge worded as t.
func webhookPayloadText(format string, n Nudge, t Text) (body []byte, ctype string, headers map[string]string, err error) {
	const jsonType = "application/json"
	switch format {
	case FormatSlack:
		body, err = json.Marshal(map[string]string{"text": t.Chat()})
		return body, jsonType, nil, err
	case FormatDiscord:
		body, err = json.Marshal(map[string]string{"content": truncateRunes(t.Chat(), 2000)})
		return body, jsonType, nil, err
	case FormatTeams:
		if t.Lang != "" && t.Lang != "en" {
			body, err = json.Marshal(teamsCard(t))
			return body, jsonType, nil, err
		}
		body, err = json.Marshal(teamsMessage(n))
		return body, jsonType, nil, err
	case FormatNtfy:
		return []byte(t.Body), "text/plain; charset=utf-8", map[string]string{
			"Title":    headerSafe(t.Title),
			"Priority": ntfyPriority(n.Kind),
			"Tags":     ntfyTags(n.Kind),
		}, nil
	case FormatJSON:
		body, err = json.Marshal(n)
		return body, jsonType, nil, err
	}
	return nil, "", nil, fmt.Errorf("webhook format %q is not known (want %s)", format, strings.Join(webhookFormats, ", "))
}

// teamsCard is a Teams message of a nudge worded in another language
// than English: the title and each line of the body.
func teamsCard(t Text) map[string]any {
	blocks := []map[string]any{{"type": "TextBlock", "text": t.Title, "weight": "Bolder", "size": "Medium", "wrap": true}}
	for _, l := range strings.Split(strings.TrimRight(t.Body, "\n"), "\n") {
		blocks = append(blocks, map[string]any{"type": "TextBlock", "text": l, "wrap": true})
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body":    blocks,
	}
	return map[string]any{
		"type": "message",
		"attachments": []map[string]any{{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}

// teamsMessage is the envelope a Power Automate "post to a channel when a
// webhook request is received" workflow expects: a message with one
// Adaptive Card attachment.
func teamsMessage(n Nudge) map[string]any {
	facts := []map[string]string{
		{"title": "TrackingID", "value": trackingID(n)},
		{"title": "Case", "value": strconv.FormatUint(n.Case, 10)},
		{"title": "Kind", "value": string(n.Kind)},
	}
	if c := callText(n); c != "" {
		facts = append(facts, map[string]string{"title": "Call", "value": c})
	}
	if h := hoursText(n); h != "" {
		facts = append(facts, map[string]string{"title": "Hours", "value": h})
	}
	if c := caseName(n); c != "" {
		facts = append(facts, map[string]string{"title": "Case name", "value": c})
	}
	if n.Stage != "" {
		facts = append(facts, map[string]string{"title": "Stage", "value": n.Stage})
	}
	if !n.Due.IsZero() {
		facts = append(facts, map[string]string{"title": "Due", "value": n.Due.Format(time.RFC3339)})
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body": []map[string]any{
			{"type": "TextBlock", "text": nudgeTitle(n), "weight": "Bolder", "size": "Medium", "wrap": true},
			{"type": "TextBlock", "text": "Why: " + n.Why, "wrap": true},
			{"type": "TextBlock", "text": "Do: " + n.Action, "wrap": true},
			{"type": "FactSet", "facts": facts},
		},
	}
	return map[string]any{
		"type": "message",
		"attachments": []map[string]any{{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}

// ntfyPriority makes the nudges that ask for a call now stand out.
func ntfyPriority(k Kind) string {
	switch k {
	case KindCallNow, KindPromiseOverdue, KindStalled:
		return "high"
	}
	return "default"
}

// ntfyTags picks an emoji tag per kind (ntfy shows known tag names as emoji).
func ntfyTags(k Kind) string {
	switch k {
	case KindCallNow, KindStalled, KindPromiseOverdue:
		return "telephone_receiver,mscase"
	case KindBeforeBreak, KindAfterBreak:
		return "calendar,mscase"
	case KindHarden:
		return "lock,mscase"
	}
	return "mscase"
}

// headerSafe keeps a header value to printable ASCII: HTTP headers are not
// a place for UTF-8, and ntfy reads them as Latin-1.
func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}

func truncateRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
