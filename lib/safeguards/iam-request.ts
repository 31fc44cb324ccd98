import { isCloudFormationInvoked } from "@/lib/correlation/principals";
import type { CorrelationEvent } from "@/lib/correlation/types";

/** A recorded CloudTrail call as an IAM authorization request (for @cloud-copilot/iam-simulate). Pure. */
export interface IamRequest {
  action: string;
  principal: string;
  resource: string;
  accountId: string;
  context: Record<string, string | string[]>;
}

export type ReplayEvent = CorrelationEvent & { principalId?: string | null; mfaAuthenticated?: boolean | null };

/** eventSource hosts whose IAM service prefix differs from the host's first label. */
export const SERVICE_PREFIX_EXCEPTIONS: Record<string, string> = {
  "monitoring.amazonaws.com": "cloudwatch",
  "email.amazonaws.com": "ses",
  "tagging.amazonaws.com": "tag",
  "streams.dynamodb.amazonaws.com": "dynamodb",
  "api.ecr.amazonaws.com": "ecr",
  "api.sagemaker.amazonaws.com": "sagemaker",
  "runtime.sagemaker.amazonaws.com": "sagemaker",
  "models.lex.amazonaws.com": "lex",
  "runtime.lex.amazonaws.com": "lex",
  "data.iot.amazonaws.com": "iot",
  "sso-directory.amazonaws.com": "sso-directory",
  "identitystore.amazonaws.com": "identitystore",
  "elasticfilesystem.amazonaws.com": "elasticfilesystem",
  "es.amazonaws.com": "es",
  "execute-api.amazonaws.com": "execute-api",
  "signin.amazonaws.com": "signin",
  "s3-outposts.amazonaws.com": "s3-outposts",
};

/** `lambda.amazonaws.com` → `lambda`; the exceptions table where IAM names the service differently. */
export function servicePrefix(eventSource: string): string {
  const src = eventSource.toLowerCase();
  if (SERVICE_PREFIX_EXCEPTIONS[src]) return SERVICE_PREFIX_EXCEPTIONS[src];
  const host = src.replace(/\.amazonaws\.com(\.cn)?$/, "");
  const labels = host.split(".");
  return labels[labels.length - 1];
}

/** `DeleteFunction20150331` → `DeleteFunction`, `RemovePermission20150331v2` → `RemovePermission`, `CreateDistribution2020_05_31` → `CreateDistribution`. */
export function stripApiVersion(eventName: string): string {
  return eventName.replace(/(\d{8}(v\d+)?|\d{4}_\d{2}_\d{2})$/, "");
}

/** API Gateway's management actions are HTTP verbs on resource paths (`apigateway:DELETE`). */
function apiGatewayVerb(name: string): string {
  if (/^(Delete|Remove)/.test(name)) return "DELETE";
  if (/^(Create|Import|Generate)/.test(name)) return "POST";
  if (/^(Update|Flush|Reset)/.test(name)) return "PATCH";
  if (/^Put/.test(name)) return "PUT";
  return "GET";
}

export function iamAction(e: Pick<CorrelationEvent, "eventSource" | "eventName">): string {
  const service = servicePrefix(e.eventSource);
  const name = stripApiVersion(e.eventName);
  if (service === "apigateway") return `apigateway:${apiGatewayVerb(name)}`;
  return `${service}:${name}`;
}

/** The ARN of the role behind an assumed-role session (what `aws:PrincipalArn` holds), else the principal's ARN. */
export function principalArnKey(e: Pick<CorrelationEvent, "principalArn" | "roleArn" | "principalType">): string | null {
  if (e.roleArn && (e.principalType === "AssumedRole" || /:assumed-role\//.test(e.principalArn ?? ""))) return e.roleArn;
  const m = /^arn:([\w-]+):sts::(\d*):assumed-role\/([^/]+)\/.+$/.exec(e.principalArn ?? "");
  if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  return e.principalArn;
}

/** The affected resource's ARN: the first ARN of the event's own service, else a wildcard ARN in its account/region. */
export function resourceArn(e: CorrelationEvent): string {
  const service = servicePrefix(e.eventSource);
  const own = e.resources.find((r) => r.startsWith("arn:") && r.split(":")[2] === service);
  if (own) return own;
  const anyArn = e.resources.find((r) => r.startsWith("arn:") && r.split(":")[2] !== "iam" && r.split(":")[2] !== "sts");
  if (anyArn) return anyArn;
  const partition = e.partition ?? "aws";
  return e.accountId ? `arn:${partition}:${service}:${e.region ?? "*"}:${e.accountId}:*` : "*";
}

/** The request the recorded call made, with the global condition keys CloudTrail lets us fill. */
export function iamRequestOf(e: ReplayEvent): IamRequest {
  const principalKey = principalArnKey(e);
  const ctx: Record<string, string | string[]> = {};
  if (principalKey) ctx["aws:PrincipalArn"] = principalKey;
  if (e.accountId) ctx["aws:PrincipalAccount"] = e.accountId;
  if (e.region) ctx["aws:RequestedRegion"] = e.region;
  if (e.sourceIdentity) ctx["aws:SourceIdentity"] = e.sourceIdentity;
  if (e.principalId) ctx["aws:userid"] = e.principalId;
  if (
    e.principalType === "AssumedRole" ||
    e.principalType === "IAMUser" ||
    e.principalType === "Root" ||
    e.principalType === "FederatedUser"
  )
    ctx["aws:PrincipalType"] = e.principalType === "AssumedRole" ? "AssumedRole" : e.principalType === "IAMUser" ? "User" : e.principalType;
  if (e.principalType === "IAMUser" && e.principalArn) ctx["aws:username"] = e.principalArn.split("/").pop() ?? "";
  if (e.sourceIp && /^[\d.:a-fA-F]+$/.test(e.sourceIp)) ctx["aws:SourceIp"] = e.sourceIp;
  if (e.userAgent) ctx["aws:UserAgent"] = e.userAgent;
  if (e.mfaAuthenticated != null) ctx["aws:MultiFactorAuthPresent"] = String(e.mfaAuthenticated);
  ctx["aws:CurrentTime"] = new Date(e.eventTime).toISOString();
  ctx["aws:EpochTime"] = String(Math.floor(e.eventTime / 1000));
  ctx["aws:SecureTransport"] = "true";
  if (isCloudFormationInvoked(e)) {
    ctx["aws:CalledVia"] = ["cloudformation.amazonaws.com"];
    ctx["aws:CalledViaFirst"] = "cloudformation.amazonaws.com";
    ctx["aws:CalledViaLast"] = "cloudformation.amazonaws.com";
    ctx["aws:ViaAWSService"] = "true";
  } else ctx["aws:ViaAWSService"] = "false";
  return {
    action: iamAction(e),
    principal: e.principalArn ?? `arn:${e.partition ?? "aws"}:iam::${e.accountId ?? "000000000000"}:root`,
    resource: resourceArn(e),
    accountId: e.accountId ?? "000000000000",
    context: ctx,
  };
}
