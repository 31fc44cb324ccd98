import { parseAwsCliUserAgent } from "@/lib/cloudtrail/aws-cli";
import type { AwsIdentity } from "@/lib/model/agent";
import { humanOf, identityKnown, isAdminRoleName, isSsoRoleName, matchPrincipal, parsePrincipalArn } from "./principals";
import type { CorrelationEvent } from "./types";

export interface IdentityChain {
  sessionId: string;
  /** The AWS principal the agent's calls ran as (assumed-role session ARN, user ARN …). */
  principalArn: string | null;
  /** The role those credentials came from. */
  roleArn: string | null;
  roleName: string | null;
  /** The person behind the credentials (SSO / federated / SAML session name, IAM user, sourceIdentity). */
  human: string | null;
  /** Session of an IAM Identity Center permission set (AWSReservedSSO_*). */
  ssoSession: boolean;
  /** *Admin* / AdministratorAccess / PowerUser / *FullAccess role. */
  adminRole: boolean;
  /** The agent ran on a human's session or an admin role rather than a scoped agent role. */
  inheritedHumanSession: boolean;
  evidence: string[];
}

export interface IdentitySession {
  id: string;
  awsIdentity: AwsIdentity | null;
}

/**
 * Agent session → AWS principal → role → human.
 * `events`: the CloudTrail events linked to the session (any subset works; calls whose principal does not match the
 * session's known identity are ignored). The session log's identity wins; CloudTrail fills what it does not say.
 */
export function resolveIdentityChain(session: IdentitySession, events: readonly CorrelationEvent[]): IdentityChain {
  const id = session.awsIdentity;
  const evidence: string[] = [];
  const own = identityKnown(id)
    ? events.filter((e) => matchPrincipal(id, e, e.userAgent ? parseAwsCliUserAgent(e.userAgent).appId : null).level !== "none")
    : [...events];

  let principalArn = id?.principalArn ?? null;
  if (principalArn)
    evidence.push(`principal ${principalArn} from the agent log${id?.evidence.length ? ` (${id.evidence.join("; ")})` : ""}`);
  else {
    const top = mostCommon(own.map((e) => e.principalArn));
    if (top) {
      principalArn = top.value;
      evidence.push(`principal ${principalArn} seen on ${top.count} linked CloudTrail call(s)`);
    }
  }
  const fromPrincipal = own.filter((e) => !principalArn || e.principalArn === principalArn);

  let roleArn = id?.roleArn ?? fromPrincipal.find((e) => e.roleArn)?.roleArn ?? null;
  const parsed = parsePrincipalArn(principalArn);
  if (roleArn) evidence.push(`credentials issued by role ${roleArn}`);
  else if (parsed.roleName && principalArn) {
    const partition = principalArn.split(":")[1] ?? "aws";
    roleArn = `arn:${partition}:iam::${parsed.accountId ?? ""}:role/${parsed.roleName}`;
    evidence.push(`role ${parsed.roleName} taken from the assumed-role ARN (role path unknown)`);
  }
  const roleName = parsePrincipalArn(roleArn).roleName ?? parsed.roleName;
  const ssoSession = isSsoRoleName(roleName);
  const adminRole = isAdminRoleName(roleName);

  let human: string | null = null;
  for (const e of fromPrincipal) {
    human = humanOf(e);
    if (human) {
      evidence.push(`CloudTrail names the person behind the session: ${human}`);
      break;
    }
  }
  const sessionName = id?.sessionName ?? parsed.sessionName;
  if (!human && ssoSession && sessionName) {
    human = sessionName;
    evidence.push(`SSO session name ${sessionName} is the person's login`);
  }
  if (!human && parsed.userName) {
    human = parsed.userName;
    evidence.push(`IAM/federated user ${human}`);
  }
  if (!human && id?.sourceIdentity && /@|\./.test(id.sourceIdentity)) {
    human = id.sourceIdentity;
    evidence.push(`sourceIdentity ${human} names a person`);
  }

  const type = fromPrincipal.find((e) => e.principalType)?.principalType ?? null;
  const reasons: string[] = [];
  if (ssoSession)
    reasons.push(`${roleName} is an IAM Identity Center permission-set role: the agent used ${human ?? "a person"}'s SSO login`);
  if (adminRole) reasons.push(`role ${roleName} is an admin-level role, not a scoped agent role`);
  if (type === "Root") reasons.push("the account root user");
  else if (type === "IAMUser" || parsed.userName) reasons.push(`long-term credentials of IAM user ${human ?? parsed.userName}`);
  else if (type === "SAMLUser" || type === "FederatedUser") reasons.push(`a ${type} session of ${human ?? "a person"}`);
  if (!reasons.length && human) reasons.push(`the credentials carry a person's name (${human})`);
  evidence.push(...reasons);

  return {
    sessionId: session.id,
    principalArn,
    roleArn,
    roleName,
    human,
    ssoSession,
    adminRole,
    inheritedHumanSession: reasons.length > 0,
    evidence,
  };
}

function mostCommon(values: (string | null)[]): { value: string; count: number } | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: string; count: number } | null = null;
  for (const [value, count] of counts) if (!best || count > best.count) best = { value, count };
  return best;
}
