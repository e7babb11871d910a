package main

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

var cardTexts = map[string]*cardWords{
	"en": {
		title: "Microsoft 365 emergency card", made: "made", tenant: "Tenant", tenantID: "Tenant ID", domains: "Domains",
		org: "Organisation", signIn: "Sign-in", cloud: "Cloud",
		call: "Call Microsoft 365 support", noCountry: "no country in the profile: mscase prepare edit --country CC", noPhone: "no phone support listed for this country: use online support from another admin's account",
		hours: "Hours", plan: "plan", source: "source",
		say: "Say", askFor: "Ask for", pin: "PIN check",
		dptAsks:    "The Data Protection Team may ask for",
		dptItems:   "access to the domain's DNS (a TXT record MS=ms########); company documents (registration, tax papers); billing details (subscription, invoices, payment method)",
		trackingID: "TrackingID", callAt: "Called at", agent: "Agent",
		breakGlass: "Emergency-access accounts", noBreakGlass: "none named: create two (mscase prepare checks), then mscase prepare edit --break-glass UPN",
		keptAt: "Credentials kept at", notKept: "(write it here)",
		otherAdmin:      "Another Global Administrator can reset you without Microsoft",
		otherAdminIntro: "Admins in the profile: %s. One of them runs, in PowerShell 7 with Microsoft.Graph:",
		briefOtherIntro: "Another Global Administrator (or Privileged Authentication Administrator) can reset you without Microsoft. In the profile: %s. One of them runs, in PowerShell 7 with Microsoft.Graph:",
		lockedUPN:       "LOCKED-ADMIN@DOMAIN",
		managed:         "Managed (passwords and MFA in Entra ID)",
		federated:       "Federated (sign-in at your own identity provider)",
		checks:          "Check every 90 days: mscase prepare checks / import",
	},
	"ja": {
		title: "Microsoft 365 緊急時カード", made: "作成日", tenant: "テナント", tenantID: "テナント ID", domains: "ドメイン",
		org: "組織", signIn: "サインイン方式", cloud: "クラウド",
		call: "Microsoft 365 サポートに電話", noCountry: "プロファイルに国がありません: mscase prepare edit --country JP", noPhone: "この国の電話サポートは掲載されていません: 他の管理者のアカウントからオンライン サポートを利用してください",
		hours: "受付時間", plan: "プラン", source: "出典",
		say: "伝えること", askFor: "依頼先", pin: "PIN 確認",
		dptAsks:    "データ保護チームが求める可能性があるもの",
		dptItems:   "ドメインの DNS へのアクセス（TXT レコード MS=ms########）、会社の書類（登記簿、税務書類）、請求情報（サブスクリプション、請求書、支払い方法）",
		trackingID: "TrackingID", callAt: "電話した日時", agent: "担当者",
		breakGlass: "緊急アクセス用アカウント", noBreakGlass: "未登録: 2 つ作成し（mscase prepare checks）、mscase prepare edit --break-glass UPN",
		keptAt: "資格情報の保管場所", notKept: "（ここに記入）",
		otherAdmin:      "別のグローバル管理者がいれば Microsoft を待たずにリセットできます",
		otherAdminIntro: "プロファイルの管理者: %s。そのうち 1 人が PowerShell 7（Microsoft.Graph）で実行:",
		briefOtherIntro: "別のグローバル管理者（または特権認証管理者）なら Microsoft を待たずにリセットできます。プロファイル上: %s。そのうち 1 人が PowerShell 7（Microsoft.Graph）で実行:",
		lockedUPN:       "LOCKED-ADMIN@DOMAIN",
		managed:         "Managed（パスワードと MFA は Entra ID）",
		federated:       "Federated（自社の ID プロバイダーでサインイン）",
		checks:          "90 日ごとに確認: mscase prepare checks / import",
	},
}
