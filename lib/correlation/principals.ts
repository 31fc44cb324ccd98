import { HUMAN_PRINCIPAL_TYPES } from "@/lib/events/human-call";
import type { AwsIdentity } from "@/lib/model/agent";
import type { CorrelationEvent } from "./types";

/** Facts about who made a CloudTrail call, shared by correlation, identity resolution and reconstruction. */

const ASSUMED_ROLE = /^arn:[\w-]+:sts::(\d{12}|[\w-]*):assumed-role\/([^/]+)\/(.+)$/;
const IAM_ROLE = /^arn:[\w-]+:iam::(\d{12}|[\w-]*):role\/(?:.*\/)?([^/]+)$/;
const IAM_USER = /^arn:[\w-]+:iam::(\d{12}|[\w-]*):user\/(?:.*\/)?([^/]+)$/;
const FEDERATED_USER = /^arn:[\w-]+:sts::(\d{12}|[\w-]*):federated-user\/(.+)$/;

export interface ParsedPrincipal {
  accountId: string | null;
  /** Role name for assumed-role session or role ARNs. */
  roleName: string | null;
  /** Assumed-role session name. */
  sessionName: string | null;
  userName: string | null;
}

/** Role name, session name, user name and account from an IAM/STS ARN (null parts when not that kind). */
export function parsePrincipalArn(arn: string | null | undefined): ParsedPrincipal {
  const none: ParsedPrincipal = { accountId: null, roleName: null, sessionName: null, userName: null };
  if (!arn) return none;
  let m = ASSUMED_ROLE.exec(arn);
  if (m) return { accountId: m[1] || null, roleName: m[2], sessionName: m[3], userName: null };
  m = IAM_ROLE.exec(arn);
  if (m) return { accountId: m[1] || null, roleName: m[2], sessionName: null, userName: null };
  m = IAM_USER.exec(arn);
  if (m) return { accountId: m[1] || null, roleName: null, sessionName: null, userName: m[2] };
  m = FEDERATED_USER.exec(arn);
  if (m) return { accountId: m[1] || null, roleName: null, sessionName: null, userName: m[2] };
  return none;
}

/** The role name behind an event (its session issuer, else its assumed-role ARN). */
export function eventRoleName(e: Pick<CorrelationEvent, "roleArn" | "principalArn">): string | null {
  return parsePrincipalArn(e.roleArn).roleName ?? parsePrincipalArn(e.principalArn).roleName;
}

export function eventSessionName(e: Pick<CorrelationEvent, "sessionName" | "principalArn">): string | null {
  return e.sessionName ?? parsePrincipalArn(e.principalArn).sessionName;
}

/** Permission-set roles IAM Identity Center creates: a session of one is a person's SSO login. */
export function isSsoRoleName(roleName: string | null): boolean {
  return roleName != null && /^AWSReservedSSO_/.test(roleName);
}

/** Broad roles no agent should hold: *Admin*, AdministratorAccess, PowerUser, *FullAccess, OrganizationAccountAccessRole. */
export function isAdminRoleName(roleName: string | null): boolean {
  return roleName != null && /admin|poweruser|fullaccess|OrganizationAccountAccessRole/i.test(roleName);
}

/** The call was made by an AWS service on the principal's behalf (invokedBy / service source IP). */
export function isServiceInvoked(e: Pick<CorrelationEvent, "sourceIp" | "userAgent" | "principalType">): boolean {
  if (e.principalType === "AWSService") return true;
  return /\.amazonaws\.com$/i.test(e.sourceIp ?? "") || /^[\w-]+\.amazonaws\.com$/i.test((e.userAgent ?? "").trim());
}

/** The call was made by CloudFormation on the principal's behalf (stack create/update/delete). */
export function isCloudFormationInvoked(e: Pick<CorrelationEvent, "sourceIp" | "userAgent">): boolean {
  return e.sourceIp === "cloudformation.amazonaws.com" || (e.userAgent ?? "").trim() === "cloudformation.amazonaws.com";
}

/** A browser / AWS console call (agents do not use the console). */
export function isConsoleUserAgent(ua: string | null): boolean {
  if (!ua) return false;
  const t = ua.trim();
  return /Mozilla\//.test(t) || t === "AWS Internal" || /^(console|signin)\.amazonaws\.com$/.test(t) || /^aws-internal\/.*console/i.test(t);
}

const HUMAN_TYPES = new Set(HUMAN_PRINCIPAL_TYPES);

/** The person behind an event when the event shows one: normalized humanName, an SSO session name, a user name. */
export function humanOf(
  e: Pick<CorrelationEvent, "humanName" | "principalArn" | "principalType" | "roleArn" | "sessionName">,
): string | null {
  if (e.humanName) return e.humanName;
  if (isSsoRoleName(eventRoleName(e))) return eventSessionName(e);
  if (e.principalType && HUMAN_TYPES.has(e.principalType))
    return parsePrincipalArn(e.principalArn).userName ?? (e.principalType === "Root" ? "root" : null);
  return null;
}

/** A call a person made directly (console, CLI on an SSO login, IAM user): not an AWS service acting for them. */
export function isHumanEvent(e: CorrelationEvent): boolean {
  const person =
    !!e.humanName ||
    (e.principalType != null && HUMAN_TYPES.has(e.principalType)) ||
    (e.roleArn ?? e.principalArn ?? "").includes("AWSReservedSSO_") ||
    isConsoleUserAgent(e.userAgent);
  return person && !isServiceInvoked(e);
}

/** Whether the identity says anything that can match a principal. */
export function identityKnown(id: AwsIdentity | null | undefined): boolean {
  return !!id && !!(id.principalArn || id.roleArn || id.sessionName || id.sourceIdentity || id.appId);
}

export type PrincipalMatchLevel = "strong" | "role" | "unknown-identity" | "none";

export interface PrincipalMatch {
  level: PrincipalMatchLevel;
  evidence: string[];
}

/**
 * Does the event's principal match the identity the session ran under?
 *  - strong: same principal ARN, same role + session name, same sourceIdentity, or the userAgent `app/<id>` the session set;
 *  - role: same role (and account) while the session's own session name / principal ARN is unknown;
 *  - unknown-identity: the session's identity is unknown (caller decides; never above medium);
 *  - none: different account, or a known identity that does not match.
 */
export function matchPrincipal(id: AwsIdentity | null | undefined, e: CorrelationEvent, uaAppId: string | null): PrincipalMatch {
  if (!id || !identityKnown(id)) {
    if (id?.accountId && e.accountId && id.accountId !== e.accountId) return { level: "none", evidence: [] };
    return { level: "unknown-identity", evidence: ["session AWS identity unknown: principal not verified"] };
  }
  if (id.accountId && e.accountId && id.accountId !== e.accountId) return { level: "none", evidence: [] };
  const evidence: string[] = [];
  if (id.principalArn && e.principalArn && id.principalArn === e.principalArn) evidence.push(`same principal ${e.principalArn}`);
  const idParsed = parsePrincipalArn(id.principalArn);
  const idRole = parsePrincipalArn(id.roleArn).roleName ?? idParsed.roleName;
  const idSession = id.sessionName ?? idParsed.sessionName;
  const evRole = eventRoleName(e);
  const evSession = eventSessionName(e);
  const sameRole = idRole != null && evRole != null && idRole === evRole;
  if (!evidence.length && sameRole && idSession && evSession === idSession) evidence.push(`same role session ${evRole}/${evSession}`);
  if (id.sourceIdentity && e.sourceIdentity === id.sourceIdentity) evidence.push(`same sourceIdentity ${e.sourceIdentity}`);
  if (id.appId && uaAppId === id.appId) evidence.push(`userAgent app/${uaAppId} tag set by the session`);
  if (evidence.length) return { level: "strong", evidence };
  if (sameRole && !idSession && !id.principalArn) {
    return { level: "role", evidence: [`same role ${evRole} (session name unknown: role-level match only)`] };
  }
  return { level: "none", evidence: [] };
}
