package main

import (
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"golang.org/x/text/width"
)

// answerYes reads an answer to a yes/no prompt, in either language and
// either width: y, yes, はい (and ｙ, ＹＥＳ). Anything else is no: a prompt
// that deletes must not take a typo for consent.
func answerYes(line string) bool {
	v := strings.ToLower(strings.TrimSpace(width.Fold.String(line)))
	switch v {
	case "y", "yes", "はい", "ハイ":
		return true
	}
	return false
}

// parseStage reads a stage typed by a person: its identifier (dpt-review)
// or its name in any language mscase speaks (データ保護チーム審査中), so a
// Japanese admin can type what the screen shows.
func parseStage(s string) (cases.Stage, error) {
	st, err := cases.ParseStage(s)
	if err == nil {
		return st, nil
	}
	v := strings.TrimSpace(width.Fold.String(s))
	for _, l := range msg.Languages {
		p := msg.For(l)
		for _, c := range cases.Stages {
			name := p.T("stage." + string(c))
			if v == name || v+"中" == name || strings.EqualFold(v, name) {
				return c, nil
			}
		}
	}
	return "", err
}

// stageName is a stage as people read it in the app's language; the
// identifier itself in English.
func (a *app) stageName(s cases.Stage) string {
	if s == "" {
		return ""
	}
	return a.p.T("stage." + string(s))
}
