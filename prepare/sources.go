package prepare

// Sources of the thresholds and commands. Shorthand as in
// shared/lockout-recovery-facts.md: "Entra:" is the MicrosoftDocs/entra-docs
// repository, "M365:" MicrosoftDocs/microsoft-365-docs; other sources are
// learn.microsoft.com pages.
const (
	// SrcAdminRoles: "Have 2 to 4 Global Admins"; only a Privileged
	// Authentication Admin or a Global Admin can reset a Global Admin.
	SrcAdminRoles = "M365: microsoft-365/admin/add-users/about-admin-roles.md"
	// SrcRoleBestPractices: fewer than five Global Admins; the Entra
	// overview shows an alert at five or more.
	SrcRoleBestPractices = "Entra: docs/identity/role-based-access-control/best-practices.md §5"
	// SrcEmergencyAccess: two or more emergency-access accounts, cloud-only
	// on *.onmicrosoft.com, permanent active Global Administrator,
	// phishing-resistant sign-in (FIDO2 recommended) different from the
	// everyday admins', nothing tied to an employee's phone, test at least
	// every 90 days.
	SrcEmergencyAccess = "Entra: docs/identity/role-based-access-control/security-emergency-access.md"
	// SrcSSPRPolicy: administrators' self-service password reset needs two
	// methods (two-gate policy), so one lost phone can block it.
	SrcSSPRPolicy = "Entra: docs/identity/authentication/concept-sspr-policy.md"
	// SrcAuthStrengths: the built-in "Phishing-resistant MFA" strength is
	// Windows Hello for Business or platform credential, passkeys (FIDO2)
	// and certificate-based authentication (multifactor).
	SrcAuthStrengths = "Entra: docs/identity/authentication/concept-authentication-strengths.md"
	// SrcAdminPhishResistant: the Conditional Access policy "Require
	// phishing-resistant multifactor authentication for administrators".
	SrcAdminPhishResistant = "Entra: docs/identity/conditional-access/policy-admin-phish-resistant-mfa.md"
	// SrcRoleTemplateGA: the Global Administrator role template ID
	// 62e90394-69f5-4237-9190-012177145e10.
	SrcRoleTemplateGA = "Entra: docs/identity/role-based-access-control/permissions-reference.md#global-administrator"
	// SrcManageMethods: admins can require re-registration and remove a
	// user's methods; Graph PowerShell Remove-MgUserAuthenticationPhoneMethod.
	SrcManageMethods = "Entra: docs/identity/authentication/howto-mfa-userdevicesettings.yml"
	// SrcTAP: Temporary Access Pass, New-MgUserAuthenticationTemporaryAccessPassMethod.
	SrcTAP = "Entra: docs/identity/authentication/howto-authentication-temporary-access-pass.md"
	// SrcCmdletMap: the MSOnline and AzureAD cmdlets and their Microsoft
	// Graph PowerShell replacements (both modules are retired).
	SrcCmdletMap = "https://learn.microsoft.com/powershell/microsoftgraph/azuread-msoline-cmdlet-map"
	// SrcConnect: Connect-MgGraph -TenantId -Scopes (delegated sign-in).
	SrcConnect = "https://learn.microsoft.com/powershell/microsoftgraph/authentication-commands"
	// SrcRoleAssignments: GET /roleManagement/directory/roleAssignments
	// ($filter on roleDefinitionId, $expand=principal); needs
	// RoleManagement.Read.Directory.
	SrcRoleAssignments = "https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments"
	// SrcRoleEligibility: GET /roleManagement/directory/roleEligibilitySchedules
	// (PIM-eligible assignments).
	SrcRoleEligibility = "https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityschedules"
	// SrcListMethods: GET /users/{id}/authentication/methods,
	// Get-MgUserAuthenticationMethod; needs UserAuthenticationMethod.Read.All.
	SrcListMethods = "https://learn.microsoft.com/graph/api/authentication-list-methods"
	// SrcInvokeRequest: Invoke-MgGraphRequest returns Graph's JSON as is.
	SrcInvokeRequest = "https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/invoke-mggraphrequest"
	// SrcConvertToJSON: ConvertTo-Json's -Depth defaults to 2 and cuts
	// deeper objects, hence -Depth 10.
	SrcConvertToJSON = "https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-json"
	// SrcRevokeSessions: Revoke-MgUserSignInSession.
	SrcRevokeSessions = "https://learn.microsoft.com/powershell/module/microsoft.graph.users.actions/revoke-mgusersigninsession"
	// SrcFederation: a federated domain signs in at the organisation's
	// identity provider; internalDomainFederation.federatedIdpMfaBehavior
	// says whether Entra ID accepts the MFA it performed.
	SrcFederation = "https://learn.microsoft.com/graph/api/resources/internaldomainfederation"
	// SrcSupportPhones: the support phone directory bundled with mscase.
	SrcSupportPhones = "M365: microsoft-365/admin/get-help-support.md; microsoft-365/admin/support-contact-info.md"
	// SrcDPT: the Data Protection Team and what it may ask for: Microsoft
	// Q&A answers only, not Microsoft docs (unconfirmed).
	SrcDPT = SrcDPTRef + " (Q&A, not docs: unconfirmed)"
	// SrcDPTRef is SrcDPT's reference alone, for a screen that says in its
	// own language that it is unconfirmed.
	SrcDPTRef = "learn.microsoft.com/answers/questions/5772777, 5909684"
)
