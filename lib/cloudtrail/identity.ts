import { isObject, type JsonObject, pickStr, str } from "./json-util";

/** Who made the call, as far as a CloudTrail record's userIdentity shows it. */
export interface Principal {
  principalArn: string | null;
  principalType: string | null;
  sessionName: string | null;
  roleArn: string | null;
  humanName: string | null;
  sourceIdentity: string | null;
  accessKeyId: string | null;
}

const ASSUMED_ROLE = /^arn:([\w-]+):sts::(\d*):assumed-role\/([^/]+)\/(.+)$/;
const FEDERATED_USER = /^arn:[\w-]+:sts::\d*:federated-user\/(.+)$/;
const IAM_USER = /^arn:[\w-]+:iam::\d*:user\/(?:.*\/)?([^/]+)$/;
const SSO_ROLE = /^AWSReservedSSO_/;
/** IAM Identity Center permission-set roles live under this path. */
const SSO_ROLE_PATH = /:role\/aws-reserved\/sso\.amazonaws\.com\//;

/** `arn:aws:sts::123:assumed-role/Role/session` → {partition, account, role, session}. */
export function parseAssumedRoleArn(arn: string): { partition: string; accountId: string; roleName: string; sessionName: string } | null {
  const m = ASSUMED_ROLE.exec(arn);
  return m ? { partition: m[1], accountId: m[2], roleName: m[3], sessionName: m[4] } : null;
}

/** The part of a principalId after the first `:` (`AROA…:bob@example.com` → `bob@example.com`). */
function principalIdTail(principalId: string | null): string | null {
  if (!principalId) return null;
  const i = principalId.indexOf(":");
  return i >= 0 && i < principalId.length - 1 ? principalId.slice(i + 1) : null;
}

function looksLikePerson(name: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(name);
}

/**
 * Extract the principal from `userIdentity` (and the top-level `sourceIdentity` some records carry).
 * humanName rules: AWSReservedSSO_* (or /aws-reserved/sso.amazonaws.com/) role sessions → the session name (the person's user name or email);
 * other assumed-role sessions → the session name only when it is an email; FederatedUser → the
 * federated-user name; SAMLUser / WebIdentityUser / IdentityCenterUser / Unknown → userName, else the
 * principalId part after `:`; IAMUser → userName (else the ARN's last segment). Root and services → null.
 * roleArn is sessionContext.sessionIssuer.arn; for an assumed-role ARN without sessionIssuer it is derived
 * as `arn:<partition>:iam::<account>:role/<RoleName>` (the role path is unknown then).
 */
export function extractPrincipal(record: JsonObject): Principal {
  const u = record.userIdentity;
  const topSourceIdentity = str(record.sourceIdentity);
  if (!isObject(u)) {
    return {
      principalArn: null,
      principalType: null,
      sessionName: null,
      roleArn: null,
      humanName: null,
      sourceIdentity: topSourceIdentity,
      accessKeyId: null,
    };
  }
  const principalArn = str(u.arn);
  const principalType = str(u.type);
  const userName = str(u.userName);
  const principalId = str(u.principalId);
  const assumed = principalArn ? parseAssumedRoleArn(principalArn) : null;
  const issuerArn = pickStr(u, "sessionContext", "sessionIssuer", "arn");
  const roleArn = issuerArn ?? (assumed ? `arn:${assumed.partition}:iam::${assumed.accountId}:role/${assumed.roleName}` : null);
  const sessionName = assumed?.sessionName ?? null;

  let humanName: string | null = null;
  if (assumed) {
    const sso = SSO_ROLE.test(assumed.roleName) || (issuerArn !== null && SSO_ROLE_PATH.test(issuerArn));
    if (sso || looksLikePerson(assumed.sessionName)) humanName = assumed.sessionName;
  } else if (principalType === "FederatedUser") {
    const fed = principalArn ? FEDERATED_USER.exec(principalArn) : null;
    humanName = fed?.[1] ?? userName ?? principalIdTail(principalId);
  } else if (principalType === "IAMUser") {
    humanName = userName ?? (principalArn ? (IAM_USER.exec(principalArn)?.[1] ?? null) : null);
  } else if (principalType && /^(SAMLUser|WebIdentityUser|IdentityCenterUser|Unknown|Directory)$/.test(principalType)) {
    humanName = userName ?? principalIdTail(principalId);
  }

  return {
    principalArn,
    principalType,
    sessionName,
    roleArn,
    humanName,
    sourceIdentity: pickStr(u, "sessionContext", "sourceIdentity") ?? str(u.sourceIdentity) ?? topSourceIdentity,
    accessKeyId: str(u.accessKeyId),
  };
}
