package main

import "github.com/mscase/mscase/msg"

// cardWords are the fixed words of the emergency card in one language.
type cardWords struct {
	title, made, tenant, tenantID, domains, org, signIn, cloud     string
	call, noCountry, noPhone, hours, plan, source                  string
	say, askFor, pin, dptAsks, dptItems, trackingID, callAt, agent string
	breakGlass, noBreakGlass, keptAt, notKept                      string
	otherAdmin, otherAdminIntro, briefOtherIntro, lockedUPN        string
	managed, federated                                             string
	checks                                                         string
}

// cardWordsFor are the card's words in lang, from the message catalogs
// (data/i18n, section card).
func cardWordsFor(lang string) *cardWords {
	p := msg.For(lang)
	w := func(id string) string { return p.T("card." + id) }
	return &cardWords{
		title:           w("title"),
		made:            w("made"),
		tenant:          w("tenant"),
		tenantID:        w("tenant_i_d"),
		domains:         w("domains"),
		org:             w("org"),
		signIn:          w("sign_in"),
		cloud:           w("cloud"),
		call:            w("call"),
		noCountry:       w("no_country"),
		noPhone:         w("no_phone"),
		hours:           w("hours"),
		plan:            w("plan"),
		source:          w("source"),
		say:             w("say"),
		askFor:          w("ask_for"),
		pin:             w("pin"),
		dptAsks:         w("dpt_asks"),
		dptItems:        w("dpt_items"),
		trackingID:      w("tracking_i_d"),
		callAt:          w("call_at"),
		agent:           w("agent"),
		breakGlass:      w("break_glass"),
		noBreakGlass:    w("no_break_glass"),
		keptAt:          w("kept_at"),
		notKept:         w("not_kept"),
		otherAdmin:      w("other_admin"),
		otherAdminIntro: w("other_admin_intro"),
		briefOtherIntro: w("brief_other_intro"),
		lockedUPN:       w("locked_u_p_n"),
		managed:         w("managed"),
		federated:       w("federated"),
		checks:          w("checks"),
	}
}
