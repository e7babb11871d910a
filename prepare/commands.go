package prepare

import (
	"strings"
)

// CommandID names one step of the checks or of a reset; the message layer
// words what it does.
type CommandID string

// The steps of `prepare checks` and of the second admin's reset.
const (
	StepConnect        CommandID = "connect"         // read-only sign-in to Graph
	StepGlobalAdmins   CommandID = "global-admins"   // active holders of Global Administrator
	StepEligibleAdmins CommandID = "eligible-admins" // PIM-eligible holders
	StepMethods        CommandID = "methods"         // each admin's registered methods
	StepExport         CommandID = "export"          // everything as JSON for `prepare import`
	StepFederation     CommandID = "federation"      // federated domain: MFA the on-premises IdP may do

	StepResetConnect  CommandID = "reset-connect"  // sign in with write scope
	StepResetList     CommandID = "reset-list"     // list the locked admin's methods
	StepResetRemove   CommandID = "reset-remove"   // remove the lost phone / Authenticator
	StepResetTAP      CommandID = "reset-tap"      // a one-time Temporary Access Pass
	StepResetSessions CommandID = "reset-sessions" // sign the lost device out
)

// Command is one Microsoft Graph PowerShell command, the retired MSOnline
// or AzureAD command it replaces ("" when there was none), and where both
// are documented.
type Command struct {
	ID      CommandID `json:"id"`
	Graph   string    `json:"graph"`
	Retired string    `json:"retired,omitempty"`
	Sources []string  `json:"sources"`
}

// ReadScopes are the read-only delegated permissions the checks need:
// RoleManagement.Read.Directory for the role assignments and eligibility
// schedules [SrcRoleAssignments, SrcRoleEligibility], User.Read.All for
// onPremisesSyncEnabled, UserAuthenticationMethod.Read.All for the methods
// [SrcListMethods].
var ReadScopes = []string{"RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All"}

// psQuote quotes s for a PowerShell single-quoted string.
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Checks are the commands of `prepare checks` for the tenant: connect
// read-only, list the Global Administrators (active and PIM-eligible) and
// each one's methods, then write it all as JSON to file. admins are the
// accounts whose methods to list one by one; breakGlass the emergency-access
// UPNs to include even when they hold no role. A non-empty federatedDomain
// adds the read of that domain's federation settings.
func Checks(tenantID string, admins, breakGlass []string, file, federatedDomain string) []Command {
	tid := psQuote(tenantID)
	scopes := make([]string, len(ReadScopes))
	for i, s := range ReadScopes {
		scopes[i] = psQuote(s)
	}
	ga := psQuote(GlobalAdminRoleID)
	var bg []string
	for _, u := range breakGlass {
		bg = append(bg, psQuote(u))
	}
	bgList := "@(" + strings.Join(bg, ", ") + ")"
	var methods []string
	for _, u := range append(append([]string(nil), admins...), breakGlass...) {
		methods = append(methods, "Get-MgUserAuthenticationMethod -UserId "+psQuote(u)+" | ForEach-Object { $_.AdditionalProperties['@odata.type'] }")
	}
	if len(methods) == 0 {
		methods = []string{"Get-MgUserAuthenticationMethod -UserId UPN | ForEach-Object { $_.AdditionalProperties['@odata.type'] }"}
	}
	out := []Command{
		{StepConnect,
			"Connect-MgGraph -TenantId " + tid + " -Scopes " + strings.Join(scopes, ",") + " -NoWelcome",
			"Connect-MsolService  /  Connect-AzureAD -TenantId " + tid,
			[]string{SrcConnect, SrcCmdletMap}},
		{StepGlobalAdmins,
			"Get-MgRoleManagementDirectoryRoleAssignment -Filter \"roleDefinitionId eq " + ga + "\" -ExpandProperty Principal | ForEach-Object { $_.Principal.AdditionalProperties.userPrincipalName }",
			"Get-MsolRoleMember -RoleObjectId (Get-MsolRole -RoleName 'Company Administrator').ObjectId  /  Get-AzureADDirectoryRoleMember -ObjectId (Get-AzureADDirectoryRole -Filter \"roleTemplateId eq " + ga + "\").ObjectId",
			[]string{SrcRoleAssignments, SrcRoleTemplateGA, SrcCmdletMap}},
		{StepEligibleAdmins,
			"Get-MgRoleManagementDirectoryRoleEligibilitySchedule -Filter \"roleDefinitionId eq " + ga + "\" -ExpandProperty Principal | ForEach-Object { $_.Principal.AdditionalProperties.userPrincipalName }",
			"",
			[]string{SrcRoleEligibility}},
		{StepMethods,
			strings.Join(methods, "\n"),
			"(Get-MsolUser -UserPrincipalName UPN).StrongAuthenticationMethods",
			[]string{SrcListMethods, SrcCmdletMap}},
		{StepExport, exportScript(tenantID, ga, bgList, file),
			"",
			[]string{SrcInvokeRequest, SrcRoleAssignments, SrcRoleEligibility, SrcListMethods, SrcConvertToJSON}},
	}
	if federatedDomain != "" {
		d := psQuote(federatedDomain)
		out = append(out, Command{StepFederation,
			"Get-MgDomainFederationConfiguration -DomainId " + d + " | Select-Object DisplayName, FederatedIdpMfaBehavior, ActiveSignInUri",
			"Get-MsolDomainFederationSettings -DomainName " + d,
			[]string{SrcFederation, SrcCmdletMap}})
	}
	return out
}

// exportScript writes Graph's own answers (Invoke-MgGraphRequest returns
// them as they come) to file as one JSON object, the shape Parse reads.
// -Depth 10 because ConvertTo-Json cuts at depth 2 by default
// [SrcConvertToJSON].
func exportScript(tenantID, ga, bgList, file string) string {
	lines := []string{
		"$ga = " + ga,
		"$active = Invoke-MgGraphRequest -Method GET -Uri \"v1.0/roleManagement/directory/roleAssignments?`$filter=roleDefinitionId eq '$ga'&`$expand=principal\"",
		"$eligible = try { Invoke-MgGraphRequest -Method GET -Uri \"v1.0/roleManagement/directory/roleEligibilitySchedules?`$filter=roleDefinitionId eq '$ga'&`$expand=principal\" } catch { $null }",
		"$ids = @($active.value.principalId) + @($eligible.value.principalId) + " + bgList + " | Where-Object { $_ } | Select-Object -Unique",
		"$users = foreach ($id in $ids) { [ordered]@{ user = Invoke-MgGraphRequest -Method GET -Uri \"v1.0/users/$id`?`$select=id,userPrincipalName,displayName,onPremisesSyncEnabled\"; methods = Invoke-MgGraphRequest -Method GET -Uri \"v1.0/users/$id/authentication/methods\" } }",
		"[ordered]@{ tenantId = " + psQuote(tenantID) + "; activeAssignments = $active; eligibleAssignments = $eligible; users = @($users) } | ConvertTo-Json -Depth 10 | Out-File -Encoding utf8 " + psQuote(file),
	}
	return strings.Join(lines, "\n")
}

// Reset are the commands another Global Administrator (or Privileged
// Authentication Administrator: only those can reset a Global Admin
// [SrcAdminRoles]) runs to let the locked admin in again: list the locked
// admin's methods, remove the lost phone or Authenticator registration
// (what "Require re-register MFA" does [SrcManageMethods]), issue a
// one-time Temporary Access Pass [SrcTAP], and sign the lost device out.
func Reset(tenantID, lockedUPN string) []Command {
	tid, upn := psQuote(tenantID), psQuote(lockedUPN)
	if tenantID == "" {
		tid = "TENANT-ID"
	}
	return []Command{
		{StepResetConnect,
			"Connect-MgGraph -TenantId " + tid + " -Scopes 'UserAuthenticationMethod.ReadWrite.All','User.ReadWrite.All' -NoWelcome",
			"Connect-MsolService",
			[]string{SrcConnect, SrcManageMethods}},
		{StepResetList,
			"Get-MgUserAuthenticationMethod -UserId " + upn + " | Select-Object Id, @{n='Type';e={$_.AdditionalProperties['@odata.type']}}",
			"(Get-MsolUser -UserPrincipalName " + upn + ").StrongAuthenticationMethods",
			[]string{SrcListMethods, SrcCmdletMap}},
		{StepResetRemove,
			"Remove-MgUserAuthenticationPhoneMethod -UserId " + upn + " -PhoneAuthenticationMethodId METHOD-ID\n" +
				"Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId " + upn + " -MicrosoftAuthenticatorAuthenticationMethodId METHOD-ID",
			"Set-MsolUser -UserPrincipalName " + upn + " -StrongAuthenticationMethods @()",
			[]string{SrcManageMethods}},
		{StepResetTAP,
			"New-MgUserAuthenticationTemporaryAccessPassMethod -UserId " + upn + " -BodyParameter @{ isUsableOnce = $true; lifetimeInMinutes = 60 }",
			"",
			[]string{SrcTAP}},
		{StepResetSessions,
			"Revoke-MgUserSignInSession -UserId " + upn,
			"Revoke-AzureADUserAllRefreshToken -ObjectId " + upn,
			[]string{SrcRevokeSessions, SrcCmdletMap}},
	}
}
