package main

import (
	"fmt"
	"strings"

	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/prepare"
	"github.com/mscase/mscase/safetext"
)

// shown neutralises text that came from outside (Microsoft's answers, an
// imported JSON file) for display: the one sanitizer, safetext.Line.
func shown(s string) string { return safetext.Line(s) }

// prepareWords are the fixed words of the prepare reports in one language:
// every sentence of "prepare import", "prepare checks" and the card, read
// from the message catalogs by prepareWordsFor.
type prepareWords struct {
	pass, fail, do, source, subjectFmt string
	summaryPass, summaryFail           string // %d failed of %d
	tenantMismatch                     string // file tenant, profile tenant
	missing, noMethods                 string // subject not in the file / no method list

	gaFmt, gaTodoFew, gaTodoMany                       string
	methodsFmt, methodsTodo                            string
	phishFmt, phishNone, phishTodo                     string
	phoneOnly, notPhoneOnly, phoneTodo                 string
	bgCountFmt, bgCountTodo                            string
	bgActive, bgEligibleOnly, bgAbsent, bgActiveTodo   string
	bgCloud, bgOnPrem, bgNotInitial, bgCloudTodo       string
	bgMethodFmt, bgMethodShared, bgMethodNone, bgMTodo string
	noneListed                                         string

	// prepare checks
	checksHead, checksReadOnly, checksModule, replaces, noRetired, runAs string
	step                                                                 map[string]string
	federatedHead, federatedBody                                         string
}

// prepareWordsFor are the words of the prepare reports in lang, from the
// message catalogs (data/i18n, section prepare). Some are Printf formats,
// named *_fmt (or with verbs, like tenant_mismatch), as the brief's are.
func prepareWordsFor(lang string) *prepareWords {
	p := msg.For(lang)
	w := func(id string) string { return p.T("prepare." + id) }
	pw := &prepareWords{
		pass:           w("pass"),
		fail:           w("fail"),
		do:             w("do"),
		source:         w("source"),
		subjectFmt:     w("subject_fmt"),
		summaryPass:    w("summary_pass"),
		summaryFail:    w("summary_fail"),
		tenantMismatch: w("tenant_mismatch"),
		missing:        w("missing"),
		noMethods:      w("no_methods"),
		gaFmt:          w("ga_fmt"),
		gaTodoFew:      w("ga_todo_few"),
		gaTodoMany:     w("ga_todo_many"),
		methodsFmt:     w("methods_fmt"),
		methodsTodo:    w("methods_todo"),
		phishFmt:       w("phish_fmt"),
		phishNone:      w("phish_none"),
		phishTodo:      w("phish_todo"),
		phoneOnly:      w("phone_only"),
		notPhoneOnly:   w("not_phone_only"),
		phoneTodo:      w("phone_todo"),
		bgCountFmt:     w("bg_count_fmt"),
		bgCountTodo:    w("bg_count_todo"),
		bgActive:       w("bg_active"),
		bgEligibleOnly: w("bg_eligible_only"),
		bgAbsent:       w("bg_absent"),
		bgActiveTodo:   w("bg_active_todo"),
		bgCloud:        w("bg_cloud"),
		bgOnPrem:       w("bg_on_prem"),
		bgNotInitial:   w("bg_not_initial"),
		bgCloudTodo:    w("bg_cloud_todo"),
		bgMethodFmt:    w("bg_method_fmt"),
		bgMethodShared: w("bg_method_shared"),
		bgMethodNone:   w("bg_method_none"),
		bgMTodo:        w("bg_m_todo"),
		noneListed:     w("none_listed"),
		checksHead:     w("checks_head"),
		checksReadOnly: w("checks_read_only"),
		checksModule:   w("checks_module"),
		replaces:       w("replaces"),
		noRetired:      w("no_retired"),
		runAs:          w("run_as"),
		federatedHead:  w("federated_head"),
		federatedBody:  w("federated_body"),
		step:           map[string]string{},
	}
	for _, id := range prepareSteps {
		pw.step[string(id)] = p.T("prepare.step." + string(id))
	}
	return pw
}

// prepareSteps are the IDs of the commands "prepare checks" and the reset
// section print (prepare.Check.ID), each with a line in the catalog.
var prepareSteps = []prepare.CommandID{prepare.StepConnect, prepare.StepGlobalAdmins, prepare.StepEligibleAdmins,
	prepare.StepMethods, prepare.StepExport, prepare.StepFederation, prepare.StepResetConnect, prepare.StepResetList,
	prepare.StepResetRemove, prepare.StepResetTAP, prepare.StepResetSessions}

// methodName is a method type as people know it, in lang; a type the
// catalog does not list is shown as Graph names it.
func methodName(lang, m string) string {
	if id := "prepare.method." + m; msg.Has(lang, id) {
		return msg.For(lang).T(id)
	}
	return shown(m)
}

// prepareLang picks the catalog: --lang, else the profile's language, else
// English.
func prepareLang(flag, profileLang string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(flag))
	if l == "" {
		if strings.HasPrefix(strings.ToLower(profileLang), "ja") {
			return "ja", nil
		}
		return "en", nil
	}
	if p, ok := msg.Parse(l); !ok || p != l {
		return "", usageT("usage_x.prepare_lang", "Lang", fmt.Sprintf("%q", flag))
	}
	return l, nil
}
