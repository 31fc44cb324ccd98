import { classifyApi } from "@/lib/cloudtrail/risk-catalog";
import { type Actor, DEMO_ACCOUNT, DEMO_REGION } from "./actors";
import type { Rng } from "./rng";

/** A CloudTrail record as it appears in an S3 log file's `Records` array. */
export type CloudTrailRecord = Record<string, unknown> & { eventTime: string; eventID: string };

export interface CallSpec {
  at: number;
  actor: Actor;
  source: string;
  name: string;
  params?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  error?: { code: string; message: string };
  /** Overrides the actor's userAgent (e.g. the CLI command of this call). */
  userAgent?: string;
  /** The call was made by CloudFormation on the actor's behalf. */
  viaCloudFormation?: boolean;
  /** `resources[]` ARNs (CloudTrail fills these for some services). */
  resources?: { arn: string; type: string }[];
  eventId?: string;
  readOnly?: boolean;
  /** Extra top-level fields (eventType override, additionalEventData …). */
  extra?: Record<string, unknown>;
}

function isoSeconds(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** When the actor's current credentials were issued: its last login before the call, else rotated hourly. */
function sessionCreated(at: number, actor: Actor): string {
  const logins = (actor.credentialsIssued ?? []).filter((t) => t <= at);
  if (logins.length) return isoSeconds(logins[logins.length - 1]);
  let h = 0;
  for (const c of actor.sessionName ?? actor.roleName ?? "") h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const offset = (h % 3_000) * 1000;
  const hour = Math.floor((at - offset) / 3_600_000) * 3_600_000;
  return isoSeconds(hour + offset);
}

function userIdentity(spec: CallSpec, rng: Rng): Record<string, unknown> {
  const a = spec.actor;
  if (a.type === "AWSService") return { type: "AWSService", invokedBy: a.invokedBy };
  return {
    type: "AssumedRole",
    principalId: a.principalId,
    arn: a.arn,
    accountId: DEMO_ACCOUNT,
    accessKeyId: rng.accessKeyId(),
    sessionContext: {
      sessionIssuer: { type: "Role", principalId: a.roleId, arn: a.roleArn, accountId: DEMO_ACCOUNT, userName: a.roleName },
      attributes: { creationDate: sessionCreated(spec.at, a), mfaAuthenticated: String(a.mfa) },
    },
    ...(spec.viaCloudFormation ? { invokedBy: "cloudformation.amazonaws.com" } : {}),
  };
}

function host(source: string): string {
  const svc = source.replace(/\.amazonaws\.com$/, "");
  return `${svc}.${DEMO_REGION}.amazonaws.com.cn`;
}

/** One realistic CloudTrail management-event record. */
export function callRecord(spec: CallSpec, rng: Rng): CloudTrailRecord {
  const a = spec.actor;
  const cfn = spec.viaCloudFormation === true;
  const service = a.type === "AWSService";
  const readOnly = spec.readOnly ?? classifyApi(spec.source, spec.name) === "read";
  const rec: CloudTrailRecord = {
    eventVersion: "1.11",
    userIdentity: userIdentity(spec, rng),
    eventTime: isoSeconds(spec.at),
    eventSource: spec.source,
    eventName: spec.name,
    awsRegion: DEMO_REGION,
    sourceIPAddress: cfn ? "cloudformation.amazonaws.com" : a.sourceIp,
    userAgent: cfn ? "cloudformation.amazonaws.com" : (spec.userAgent ?? a.userAgent),
    ...(spec.error ? { errorCode: spec.error.code, errorMessage: spec.error.message } : {}),
    requestParameters: spec.params ?? null,
    responseElements: spec.error ? null : (spec.response ?? null),
    requestID: rng.uuid(),
    eventID: spec.eventId ?? rng.uuid(),
    readOnly,
    ...(spec.resources ? { resources: spec.resources.map((r) => ({ accountId: DEMO_ACCOUNT, type: r.type, ARN: r.arn })) } : {}),
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: DEMO_ACCOUNT,
    eventCategory: "Management",
    ...(!cfn && !service
      ? { tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: host(spec.source) } }
      : {}),
    ...(a.console && !cfn ? { sessionCredentialFromConsole: "true" } : {}),
    ...(spec.extra ?? {}),
  };
  return rec;
}

/** The partition-correct ARN of a function / table / role / stack / REST API / DB in the demo account. */
export const arn = {
  fn: (name: string) => `arn:aws-cn:lambda:${DEMO_REGION}:${DEMO_ACCOUNT}:function:${name}`,
  table: (name: string) => `arn:aws-cn:dynamodb:${DEMO_REGION}:${DEMO_ACCOUNT}:table/${name}`,
  role: (name: string) => `arn:aws-cn:iam::${DEMO_ACCOUNT}:role/${name}`,
  restApi: (id: string, sub = "") => `arn:aws-cn:apigateway:${DEMO_REGION}::/restapis/${id}${sub}`,
  db: (name: string) => `arn:aws-cn:rds:${DEMO_REGION}:${DEMO_ACCOUNT}:db:${name}`,
  bucket: (name: string) => `arn:aws-cn:s3:::${name}`,
  logGroup: (name: string) => `arn:aws-cn:logs:${DEMO_REGION}:${DEMO_ACCOUNT}:log-group:${name}`,
};
