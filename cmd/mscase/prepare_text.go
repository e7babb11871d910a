package main

import (
	"strings"

	"github.com/mscase/mscase/safetext"
)

// shown neutralises text that came from outside (Microsoft's answers, an
// imported JSON file) for display: the one sanitizer, safetext.Line.
func shown(s string) string { return safetext.Line(s) }

// prepareWords are the fixed words of the prepare reports in one language.
// Every sentence of "prepare import", "prepare checks" and the card lives
// here, one catalog per language, so a later i18n pass can move them into
// message catalogs without touching the logic.
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

var prepareTexts = map[string]*prepareWords{
	"en": {
		pass: "PASS", fail: "FAIL", do: "do", source: "source", subjectFmt: "%s: ",
		summaryPass: "all %[2]d checks passed", summaryFail: "%d of %d checks failed",
		tenantMismatch: "warning: the file is from tenant %s, the profile is tenant %s",
		missing:        "not in the file: re-run the export with this account named",
		noMethods:      "the file has no method list for this account: re-run the export",

		gaFmt:      "%d holders of Global Administrator (%d active, %d only PIM-eligible); Microsoft recommends 2 to 4",
		gaTodoFew:  "add a second Global Administrator (or a Privileged Authentication Administrator): only they can reset a Global Admin",
		gaTodoMany: "remove Global Administrator from those who do not need it: Entra raises an alert at five or more",

		methodsFmt:  "%d MFA method type(s) registered (%s); at least 2 needed",
		methodsTodo: "register a second method (a passkey/FIDO2 key or Windows Hello for Business): an admin's password reset needs two",

		phishFmt:  "phishing-resistant: %s",
		phishNone: "no phishing-resistant method",
		phishTodo: "register a passkey (FIDO2 key) or Windows Hello for Business",

		phoneOnly:    "only SMS/voice (phone) methods: one lost phone locks this admin out",
		notPhoneOnly: "has a method other than SMS/voice",
		phoneTodo:    "add a method that does not depend on one phone number: a FIDO2 key, Windows Hello for Business or the Authenticator app",

		bgCountFmt:  "%d emergency-access account(s) named in the profile; Microsoft recommends two or more",
		bgCountTodo: "create two cloud-only *.onmicrosoft.com accounts with permanent Global Administrator and FIDO2 keys, then: mscase prepare edit --break-glass UPN --break-glass UPN",

		bgActive:       "holds Global Administrator (active)",
		bgEligibleOnly: "only PIM-eligible for Global Administrator: an emergency account must not depend on activation",
		bgAbsent:       "does not hold Global Administrator in the file",
		bgActiveTodo:   "assign Global Administrator to it as permanent active (PIM: Assignment type Active, Permanently assigned)",

		bgCloud:      "cloud-only on *.onmicrosoft.com",
		bgOnPrem:     "synced from on-premises (onPremisesSyncEnabled): an on-premises outage takes it down too",
		bgNotInitial: "not on the tenant's *.onmicrosoft.com domain: a federation or domain problem can block it",
		bgCloudTodo:  "use a cloud-only account on NAME.onmicrosoft.com, neither synced nor federated",

		bgMethodFmt:    "phishing-resistant method unlike the everyday admins': %s",
		bgMethodShared: "its phishing-resistant method (%s) is the same type the everyday admins use",
		bgMethodNone:   "no phishing-resistant method",
		bgMTodo:        "register a FIDO2 key (or certificate) for it, of a type the everyday admins do not use, kept apart from their devices",
		noneListed:     "none",

		checksHead:     "mscase prepare checks: tenant %s (%s), %s",
		checksReadOnly: "Read-only: these commands change nothing in the tenant. Run them as a Global Administrator (or Global Reader) in PowerShell 7.",
		checksModule:   "Needs the Microsoft Graph PowerShell module: Install-Module Microsoft.Graph -Scope CurrentUser",
		replaces:       "replaces (retired)",
		noRetired:      "no MSOnline/AzureAD equivalent",
		runAs:          "Then: mscase prepare import %s",
		step: map[string]string{
			"connect":         "Sign in to Microsoft Graph with read-only scopes",
			"global-admins":   "Who holds Global Administrator now (active, including PIM activations)",
			"eligible-admins": "Who can activate Global Administrator through PIM (eligible)",
			"methods":         "Each admin's registered sign-in methods",
			"export":          "Everything above as JSON for \"mscase prepare import\"",
			"federation":      "The federated domain's settings: does Entra ID accept the MFA your own identity provider did?",
			"reset-connect":   "The other admin signs in with write access to methods",
			"reset-list":      "List the locked admin's methods and their IDs",
			"reset-remove":    "Remove the lost phone / Authenticator registration (what \"Require re-register MFA\" does)",
			"reset-tap":       "Give the locked admin a one-time Temporary Access Pass to sign in and register again",
			"reset-sessions":  "Sign the lost device out",
		},
		federatedHead: "Federated domain",
		federatedBody: "%s signs in at your own identity provider (%s). If the locked admin's account is synced from on-premises Active Directory, an on-premises administrator may still be able to act: reset its password in Active Directory and let it sync, and, if the domain's federatedIdpMfaBehavior accepts the MFA your identity provider performs, satisfy MFA there. A cloud-only admin on *.onmicrosoft.com is not helped by this.",
	},
	"ja": {
		pass: "合格", fail: "不合格", do: "対処", source: "出典", subjectFmt: "%s: ",
		summaryPass: "%[2]d 項目すべて合格", summaryFail: "%[2]d 項目中 %[1]d 項目が不合格",
		tenantMismatch: "警告: ファイルはテナント %s のもので、プロファイルはテナント %s です",
		missing:        "ファイルにありません: このアカウントを含めてエクスポートをやり直してください",
		noMethods:      "このアカウントの認証方法の一覧がファイルにありません: エクスポートをやり直してください",

		gaFmt:      "グローバル管理者 %d 人（アクティブ %d、PIM の資格のみ %d）。Microsoft の推奨は 2〜4 人",
		gaTodoFew:  "2 人目のグローバル管理者（または特権認証管理者）を追加してください。グローバル管理者をリセットできるのはこれらのロールだけです",
		gaTodoMany: "不要なユーザーからグローバル管理者を外してください。5 人以上で Entra が警告を出します",

		methodsFmt:  "登録済みの MFA 方式 %d 種類（%s）。2 種類以上が必要",
		methodsTodo: "2 つ目の方式（パスキー/FIDO2 キーまたは Windows Hello for Business）を登録してください。管理者のパスワード リセットには 2 つ必要です",

		phishFmt:  "フィッシング耐性あり: %s",
		phishNone: "フィッシング耐性のある方式がありません",
		phishTodo: "パスキー（FIDO2 キー）または Windows Hello for Business を登録してください",

		phoneOnly:    "SMS/音声通話（電話）だけ: 電話を 1 台なくすとこの管理者はロックアウトされます",
		notPhoneOnly: "SMS/音声通話以外の方式があります",
		phoneTodo:    "1 つの電話番号に依存しない方式（FIDO2 キー、Windows Hello for Business、Authenticator アプリ）を追加してください",

		bgCountFmt:  "プロファイルの緊急アクセス用アカウント %d 個。Microsoft の推奨は 2 個以上",
		bgCountTodo: "クラウド専用の *.onmicrosoft.com アカウントを 2 つ作り、グローバル管理者を永続的にアクティブで割り当て、FIDO2 キーを登録してから: mscase prepare edit --break-glass UPN --break-glass UPN",

		bgActive:       "グローバル管理者を保持（アクティブ）",
		bgEligibleOnly: "グローバル管理者は PIM の資格のみ: 緊急用アカウントはアクティブ化に依存してはいけません",
		bgAbsent:       "ファイル上でグローバル管理者を保持していません",
		bgActiveTodo:   "グローバル管理者を永続的なアクティブ割り当てにしてください（PIM: 割り当ての種類 アクティブ、永続的に割り当て済み）",

		bgCloud:      "*.onmicrosoft.com のクラウド専用アカウント",
		bgOnPrem:     "オンプレミスから同期されています（onPremisesSyncEnabled）: オンプレミスの障害で一緒に使えなくなります",
		bgNotInitial: "テナントの *.onmicrosoft.com ドメインではありません: フェデレーションやドメインの問題で使えなくなる可能性があります",
		bgCloudTodo:  "同期もフェデレーションもしていない NAME.onmicrosoft.com のクラウド専用アカウントを使ってください",

		bgMethodFmt:    "通常の管理者と異なるフィッシング耐性のある方式: %s",
		bgMethodShared: "フィッシング耐性のある方式（%s）が通常の管理者と同じ種類です",
		bgMethodNone:   "フィッシング耐性のある方式がありません",
		bgMTodo:        "通常の管理者が使っていない種類の FIDO2 キー（または証明書）を登録し、管理者のデバイスとは別の場所に保管してください",
		noneListed:     "なし",

		checksHead:     "mscase prepare checks: テナント %s（%s）、%s",
		checksReadOnly: "読み取り専用: これらのコマンドはテナントを何も変更しません。グローバル管理者（またはグローバル閲覧者）として PowerShell 7 で実行してください。",
		checksModule:   "Microsoft Graph PowerShell モジュールが必要です: Install-Module Microsoft.Graph -Scope CurrentUser",
		replaces:       "置き換え元（廃止済み）",
		noRetired:      "MSOnline/AzureAD に相当するものはありません",
		runAs:          "その後: mscase prepare import %s",
		step: map[string]string{
			"connect":         "読み取り専用のスコープで Microsoft Graph にサインイン",
			"global-admins":   "現在グローバル管理者を保持しているユーザー（アクティブ。PIM でのアクティブ化を含む）",
			"eligible-admins": "PIM でグローバル管理者をアクティブ化できるユーザー（資格あり）",
			"methods":         "各管理者の登録済みサインイン方法",
			"export":          "上記すべてを \"mscase prepare import\" 用の JSON に出力",
			"federation":      "フェデレーション ドメインの設定: 自社の ID プロバイダーで行った MFA を Entra ID が受け入れるか",
			"reset-connect":   "もう 1 人の管理者が認証方法の書き込み権限でサインイン",
			"reset-list":      "ロックアウトされた管理者の認証方法と ID を一覧表示",
			"reset-remove":    "紛失した電話/Authenticator の登録を削除（「MFA の再登録を要求する」と同じ操作）",
			"reset-tap":       "ロックアウトされた管理者に 1 回限りの一時アクセス パスを発行し、サインインして再登録してもらう",
			"reset-sessions":  "紛失したデバイスをサインアウトさせる",
		},
		federatedHead: "フェデレーション ドメイン",
		federatedBody: "%s は自社の ID プロバイダー（%s）でサインインします。ロックアウトされた管理者のアカウントがオンプレミスの Active Directory から同期されている場合、オンプレミスの管理者が対処できる可能性があります: Active Directory でパスワードをリセットして同期させ、ドメインの federatedIdpMfaBehavior が自社 ID プロバイダーの MFA を受け入れる設定なら、そこで MFA を満たします。*.onmicrosoft.com のクラウド専用管理者には役立ちません。",
	},
}

// methodNames are the method types as people know them; a type not listed
// is shown as Graph names it.
var methodNames = map[string]map[string]string{
	"en": {"fido2": "passkey (FIDO2)", "microsoftAuthenticator": "Authenticator app", "phone": "SMS/voice", "windowsHelloForBusiness": "Windows Hello for Business",
		"softwareOath": "software OATH token", "hardwareOath": "hardware OATH token", "x509Certificate": "certificate", "platformCredential": "platform credential (macOS)"},
	"ja": {"fido2": "パスキー (FIDO2)", "microsoftAuthenticator": "Authenticator アプリ", "phone": "SMS/音声通話", "windowsHelloForBusiness": "Windows Hello for Business",
		"softwareOath": "ソフトウェア OATH トークン", "hardwareOath": "ハードウェア OATH トークン", "x509Certificate": "証明書", "platformCredential": "プラットフォーム資格情報 (macOS)"},
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
	if _, ok := prepareTexts[l]; !ok {
		return "", usagef("--lang %q: expected en or ja", flag)
	}
	return l, nil
}
