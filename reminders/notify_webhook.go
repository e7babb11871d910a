package reminders

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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
type webhookNotifier struct {
	name    string
	format  string
	url     string // secret
	timeout time.Duration
	client  *http.Client
	redact  redactor
}

var _ Notifier = (*webhookNotifier)(nil)

func newWebhook(name, format, rawURL string, timeout time.Duration) *webhookNotifier {
	return &webhookNotifier{
		name:    name,
		format:  format,
		url:     rawURL,
		timeout: timeout,
		client:  &http.Client{}, // the context carries the timeout
		redact:  newRedactor(rawURL),
	}
}

func (w *webhookNotifier) Notify(ctx context.Context, n Nudge) error {
	body, ctype, headers, err := webhookPayload(w.format, n)
	if err != nil {
		return &SendError{Channel: w.name, Err: err}
	}
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
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	st := &statusError{URL: MaskSecret(w.url), Code: resp.StatusCode, Status: resp.Status,
		Body: strings.TrimSpace(strings.ToValidUTF8(string(snippet), ""))}
	return &SendError{Channel: w.name, Temporary: temporary(st), Err: w.redact.redact(st)}
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
	const jsonType = "application/json"
	switch format {
	case FormatSlack:
		body, err = json.Marshal(map[string]string{"text": nudgeText(n)})
		return body, jsonType, nil, err
	case FormatDiscord:
		body, err = json.Marshal(map[string]string{"content": truncateRunes(nudgeText(n), 2000)})
		return body, jsonType, nil, err
	case FormatTeams:
		body, err = json.Marshal(teamsMessage(n))
		return body, jsonType, nil, err
	case FormatNtfy:
		return []byte(nudgeBody(n)), "text/plain; charset=utf-8", map[string]string{
			"Title":    headerSafe(nudgeTitle(n)),
			"Priority": ntfyPriority(n.Kind),
			"Tags":     ntfyTags(n.Kind),
		}, nil
	case FormatJSON:
		body, err = json.Marshal(n)
		return body, jsonType, nil, err
	}
	return nil, "", nil, fmt.Errorf("webhook format %q is not known (want %s)", format, strings.Join(webhookFormats, ", "))
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
	if n.Domain != "" {
		facts = append(facts, map[string]string{"title": "Domain", "value": n.Domain})
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
